"""The evidence picker panel of the sample-size step: records that fit first, and picking one.

A record that sizes the design supplies the effect and variability; what it cannot supply is
typed in the step's fields (values typed before are set aside while a record is picked).
"""

from __future__ import annotations

from typing import Any

from textual import on, work
from textual.widgets import Select, Static

from trialkit.design.evidence_rank import rank_evidence
from trialkit.evidence.inputs import SUPPLIES
from trialkit.tui.messages import TrialEdited
from trialkit.tui.steps.sample_size_result import SizingPanel
from trialkit.tui.threads import deliver
from trialkit.tui.widgets import evidence_picker as picker
from trialkit.tui.widgets.forms import show_error


class EvidencePanel(SizingPanel):
    """The evidence picker: ranked records, one choice away from the others."""

    def build_inputs(self) -> None:
        """The procedure's fields (the procedure form fills them in)."""

    def _fill_evidence(self) -> None:
        """The records that fit this design first (the design layer ranks them)."""
        select = self.query_one("#ss-evidence", Select)
        if self.library is None:
            select.set_options([])
            return
        self.ranked = rank_evidence(self.trial, self.app.evidence_link(),  # type: ignore[attr-defined]
                                    self.form, self.spec.endpoint)
        options = picker.options(self.ranked, self.show_all_evidence, self.spec.evidence)
        select.set_options(options)
        if self.spec.evidence in {v for _, v in options}:
            select.value = self.spec.evidence
        show_error(self.query_one("#ss-evidence-note", Static),
                   picker.note(self.ranked, self.spec.evidence))

    def _refill_evidence(self) -> None:
        with self.prevent(Select.Changed):
            self._fill_evidence()

    @work(thread=True, exclusive=True, group="evidence")
    def load_library(self) -> None:
        """Read the evidence library once, off the UI thread."""
        library = self.app.evidence_library()  # type: ignore[attr-defined]
        if library is not None:
            deliver(self, self._library_loaded, library)

    def _library_loaded(self, library: Any) -> None:
        self.library = library
        with self.prevent(Select.Changed):
            self._fill_evidence()
        self.recompute()

    @on(Select.Changed, "#ss-evidence")
    def _evidence(self, event: Select.Changed) -> None:
        event.stop()
        value = None if event.value is Select.NULL else str(event.value)
        if value in (picker.MORE, picker.FEWER):
            # The other records, one choice away; the picker opens again on the longer list.
            self.show_all_evidence = value == picker.MORE
            self._refill_evidence()
            select = self.query_one("#ss-evidence", Select)
            with self.prevent(Select.Changed):
                if self.spec.evidence is None:
                    select.clear()
            select.expanded = True
            return
        if value == self.spec.evidence:
            return
        self._set_spec("evidence", value)
        form = self.form
        params = dict(self.spec.parameters)
        if form is not None and value:
            # A record that sizes the design supplies the effect and variability (typed
            # values would override it): they are set aside, not lost. One that cannot
            # takes nothing away.
            record = next((r for r in self.ranked if r.id == value), None)
            params = self.set_aside.pick(params, SUPPLIES.get(form.name, ()),
                                         record is not None and record.fits)
        elif not value:
            params = self.set_aside.unpick(params)
        if params != self.spec.parameters:
            self.spec.parameters = params
            self.post_message(TrialEdited("sample_size.parameters"))
            self.build_inputs()
        show_error(self.query_one("#ss-evidence-note", Static), picker.note(self.ranked, value))
        self.recompute()
