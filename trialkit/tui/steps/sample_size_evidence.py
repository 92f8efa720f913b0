"""The evidence picker panel of the sample-size step: records that fit first, and picking one.

A record that sizes the design supplies the effect and variability; what it cannot supply is
typed in the step's fields (values typed before are set aside while a record is picked).
"""

from __future__ import annotations

from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Label, Select, Static

from trialkit.design.evidence_link import CONVERSION_FIELDS, CONVERSION_FOR
from trialkit.design.evidence_rank import rank_controls, rank_evidence
from trialkit.evidence.inputs import SUPPLIES
from trialkit.tui.messages import TrialEdited
from trialkit.tui.procedures import parse_number
from trialkit.tui.steps.sample_size_result import SizingPanel
from trialkit.tui.threads import deliver
from trialkit.tui.widgets import evidence_picker as picker
from trialkit.tui.widgets.forms import FieldInput, show_error

SUPPLY_HINTS = {
    "control_rate": ("e.g. 0.3 or 30%", "the rate expected without the intervention"),
    "null_rate": ("e.g. 0.2", "the historical rate the treatment must beat"),
}
"""What to type in the rate fields a record may need: an example (the field's hint) and what
the rate is."""


class EvidencePanel(SizingPanel):
    """The evidence picker: ranked records, one choice away from the others."""

    def build_inputs(self) -> None:
        """The procedure's fields (the procedure form fills them in)."""

    def compose_supply(self) -> ComposeResult:
        """Fields for what a picked record may lack: the control arm's rate, the rate to beat
        or a control-arm record (shown only when the picked record's conversion can use them)."""
        with Horizontal(classes="row", id="ss-supply"):
            for name, label in CONVERSION_FIELDS.items():
                with Vertical(classes="field", id=f"ss-x-{name}-box"):
                    yield Label(label, classes="field-label")
                    if name == "control":
                        yield Select([], id=f"ss-x-{name}", prompt="(none)", compact=True)
                    else:
                        example, meaning = SUPPLY_HINTS[name]
                        yield FieldInput(id=f"ss-x-{name}", compact=True, placeholder=example,
                                         tooltip=f"{meaning}, {example}")
                        yield Static("", id=f"ss-x-{name}-error", classes="field-error")

    def _show_supply(self) -> None:
        """Show the fields the picked record's conversion can use, with the design's values:
        when the record cannot size the design without them, or one of them is filled in."""
        params = self.spec.parameters
        record = next((r for r in self.ranked if r.id == self.spec.evidence), None)
        wanted = CONVERSION_FOR.get(self.spec.procedure or "", ()) if self.spec.evidence else ()
        if record is not None and record.fits and not any(n in params for n in wanted):
            wanted = ()
        self.query_one("#ss-supply").display = bool(wanted)
        with self.prevent(Input.Changed, Select.Changed):
            for name in CONVERSION_FIELDS:
                self.query_one(f"#ss-x-{name}-box").display = name in wanted
                field = self.query_one(f"#ss-x-{name}")
                value = params.get(name)
                if isinstance(field, Select):
                    controls = rank_controls(
                        self.ranked, self.app.evidence_link(),  # type: ignore[attr-defined]
                        self.form, self.spec.evidence, dict(params),
                    ) if "control" in wanted and self.spec.evidence else []
                    field.set_options(picker.control_options(controls))
                    if value in {r.id for r in controls}:
                        field.value = value
                elif isinstance(field, Input) and not field.has_focus:
                    field.value = "" if value is None else f"{value:.6g}"

    @on(Input.Changed, "#ss-x-control_rate, #ss-x-null_rate")
    def _supplied_rate(self, event: Input.Changed) -> None:
        event.stop()
        name = (event.input.id or "")[5:]
        error = self.query_one(f"#ss-x-{name}-error", Static)
        text = event.value.strip()
        value: float | None = None
        if text:
            try:
                value = parse_number(text)
                if not 0 < value < 1:
                    raise ValueError(text)
            except ValueError:
                show_error(error, f"'{text}' is not a rate: type a proportion between 0 and 1, "
                                  "or a percentage, e.g. 0.3 or 30%")
                event.input.add_class("-invalid-field")
                return
        show_error(error, "")
        event.input.remove_class("-invalid-field")
        self._supply(name, value)

    @on(Select.Changed, "#ss-x-control")
    def _supplied_record(self, event: Select.Changed) -> None:
        event.stop()
        self._supply("control", None if event.value is Select.NULL else str(event.value))

    def _supply(self, name: str, value: Any) -> None:
        """Store a supplied input; the records that fit may change with it."""
        self._set_parameter(name, value)
        self._refill_evidence()
        show_error(self.query_one("#ss-evidence-note", Static),
                   picker.note(self.ranked, self.spec.evidence))

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
        self._show_supply()

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
        with self.prevent(Select.Changed):
            self._show_supply()
        self.recompute()
