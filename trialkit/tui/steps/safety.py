"""Step 9: harms, their reporting, stopping rules and the data monitoring committee."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.widgets import Static

from trialkit.design import Trial
from trialkit.design.model import ExpectedAdverseEvent
from trialkit.tui.messages import TrialEdited
from trialkit.tui.steps.base import StepPane
from trialkit.tui.widgets.forms import FieldSpec, ModelForm
from trialkit.tui.widgets.lists import RecordListEditor, next_id

EVENT_SPECS = [
    FieldSpec("term", "Adverse event"),
    FieldSpec("arm", "Arm id", placeholder="blank: all arms"),
    FieldSpec("arms", "Several arms", placeholder="comma-separated arm ids"),
    FieldSpec("rate", "Rate (proportion)", placeholder="e.g. 0.3"),
    # The evidence details of step 1 show each estimate with its id in brackets.
    FieldSpec("evidence", "Rate's evidence",
              placeholder="[id] of a rate in step 1's evidence details"),
    FieldSpec("note", "Note"),
]


def _event_label(e: Any) -> str:
    rate = f" ({e.rate:.0%})" if e.rate is not None else ""
    return f"{e.term}{rate}"


class SafetyStep(StepPane):
    """Expected adverse events, collection and reporting, the DMC."""

    STEP = "safety"

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

    def on_mount(self) -> None:
        self._show_why_none()

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
