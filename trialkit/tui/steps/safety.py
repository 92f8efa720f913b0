"""Step 9: harms, their reporting, stopping rules and the data monitoring committee."""

from __future__ import annotations

from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.widgets import Button, Static

from trialkit.design import Trial
from trialkit.design.evidence_link import EvidenceLink
from trialkit.design.model import ExpectedAdverseEvent
from trialkit.design.words import adverse_event_rates
from trialkit.tui.messages import TrialEdited
from trialkit.tui.steps.base import StepPane
from trialkit.tui.threads import deliver
from trialkit.tui.widgets.forms import FieldSpec, ModelForm
from trialkit.tui.widgets.lists import RecordListEditor, next_id


def evidence_choices(form: Any) -> list[tuple[str, str]] | None:
    """The evidence records that report adverse events, by citation: each adverse-event rate
    ("fever, 14.4%, Su et al. (2024, ...)"), then each source that lists adverse events
    without a rate (its rate shows as not known). The value kept is the record's id. None
    while the library is still being read."""
    step = next((a for a in form.ancestors if isinstance(a, SafetyStep)), None)
    library = step.library if step is not None else None
    if library is None:
        return None
    choices = [(words, rate_id) for rate_id, words in adverse_event_rates(EvidenceLink(library))]
    for source in library.sources.values():
        if source.adverse_events:
            events = ", ".join(e.event for e in source.adverse_events[:3])
            more = ", ..." if len(source.adverse_events) > 3 else ""
            choices.append((f"{source.citation.short()}: {events}{more} (no rate)", source.id))
    return choices


EVENT_SPECS = [
    FieldSpec("term", "Adverse event"),
    FieldSpec("arm", "Arm id", placeholder="blank: all arms"),
    FieldSpec("arms", "Several arms", placeholder="comma-separated arm ids"),
    FieldSpec("rate", "Rate (proportion)", placeholder="e.g. 0.3"),
    FieldSpec("evidence", "Rate's evidence", options=evidence_choices),
    FieldSpec("note", "Note"),
]


def _event_label(e: Any) -> str:
    rate = f" ({e.rate:.0%})" if e.rate is not None else ""
    return f"{e.term}{rate}"


class SafetyStep(StepPane):
    """Expected adverse events, collection and reporting, the DMC."""

    STEP = "safety"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.library: Any = None
        """The evidence library once read (the expected events' evidence is chosen from it)."""

    def compose(self) -> ComposeResult:
        yield Static("Safety and monitoring", classes="step-title")
        yield RecordListEditor(
            Trial, "safety.expected_adverse_events", ExpectedAdverseEvent, EVENT_SPECS,
            title="Expected adverse events", id="adverse-events",
            new_item=lambda items: {"term": next_id("Adverse event ", items, "term")},
            label=_event_label,
        )
        yield ModelForm(Trial, [
            FieldSpec("safety.definitions", "Definitions", multiline=True),
            FieldSpec("safety.collection", "Collection", multiline=True),
            FieldSpec("safety.reporting_period", "Reporting period"),
            FieldSpec("safety.severity_grading", "Severity grading"),
            FieldSpec("safety.sae_reporting", "SAE reporting", multiline=True),
            FieldSpec("safety.stopping_rules", "Stopping rules", multiline=True),
            FieldSpec("safety.causality", "Causality assessment", multiline=True),
            FieldSpec("safety.reference_safety_information", "Reference safety information"),
            FieldSpec("safety.pregnancy_reporting", "Pregnancy reporting", multiline=True),
        ], prefix="safety", id="safety-form")
        yield Static("Data monitoring committee", classes="section-title")
        yield ModelForm(Trial, [
            FieldSpec("safety.dmc.required", "DMC required"),
            FieldSpec("safety.dmc.composition", "Composition", multiline=True),
            FieldSpec("safety.dmc.charter", "Charter"),
            FieldSpec("safety.dmc.reasons_if_none", "Why none", multiline=True),
        ], prefix="dmc", id="dmc-form")

    def _focus_field(self, path: str) -> bool:
        """As every step; opened with no field named, the expected adverse events' Add while
        there is none (the first thing to fill)."""
        if not path and not self.trial.safety.expected_adverse_events:
            return self._focus(self.query_one("#adverse-events-add", Button))
        return super()._focus_field(path)

    def on_mount(self) -> None:
        self._show_why_none()
        self.load_library()

    @work(thread=True, exclusive=True, group="evidence")
    def load_library(self) -> None:
        """Read the evidence library off the UI thread."""
        library = self.app.evidence_library()  # type: ignore[attr-defined]
        if library is not None:
            deliver(self, self._loaded, library)

    def _loaded(self, library: Any) -> None:
        """Offer the library's records in the expected events' evidence field."""
        self.library = library
        self.query_one("#adverse-events-form", ModelForm).load()

    def reload(self) -> None:
        """As every step, and "Why none" only while no committee is planned."""
        super().reload()
        self._show_why_none()

    @on(TrialEdited)
    def _edited(self, event: TrialEdited) -> None:
        if event.path == "safety.dmc.required":
            self._show_why_none()

    def _show_why_none(self) -> None:
        """The reason for having no data monitoring committee is asked only when none is
        planned (DMC required: No or not set)."""
        field = self.query_one("#dmc-safety--dmc--reasons-if-none").parent
        if field is not None:
            field.display = self.trial.safety.dmc.required is not True
