"""Step 5: the arms and what each receives, then how the interventions are handled."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.widgets import Button, Static

from trialkit.design import Trial
from trialkit.design.model import Arm, Intervention
from trialkit.tui.steps.base import StepPane
from trialkit.tui.widgets.forms import FieldSpec, ModelForm
from trialkit.tui.widgets.lists import RecordListEditor, next_id
from trialkit.tui.widgets.string_list import StringListEditor


def _arm_label(a: Any) -> str:
    return f"{a.id}: {a.name or '(unnamed)'}"


def interventions_editor() -> RecordListEditor:
    """The interventions of the highlighted arm."""
    return RecordListEditor(
        Trial, "arms.0.interventions", Intervention, [
            FieldSpec("name", "Intervention"),
            FieldSpec("kind", "Kind"),
            FieldSpec("dose", "Dose"),
            FieldSpec("route", "Route"),
            FieldSpec("frequency", "Frequency"),
            FieldSpec("duration", "Duration"),
            FieldSpec("formulation", "Formulation"),
            FieldSpec("description", "Description", multiline=True),
        ],
        title="Interventions", id="interventions",
        new_item=lambda items: {"name": next_id("Intervention ", items, "name")},
        label=lambda i: i.name,
    )


class InterventionsStep(StepPane):
    """Arms (with interventions), conduct of the interventions, and discontinuation."""

    STEP = "interventions"

    def compose(self) -> ComposeResult:
        yield Static("Arms and interventions", classes="step-title")
        yield RecordListEditor(
            Trial, "arms", Arm, [
                FieldSpec("id", "Arm id"),
                FieldSpec("name", "Name"),
                FieldSpec("type", "Type"),
                FieldSpec("description", "Description", multiline=True),
            ],
            title="Arms", id="arms",
            new_item=lambda items: {"id": next_id("arm", items)},
            label=_arm_label,
            nested=interventions_editor,
        )
        yield Static("Conduct", classes="section-title")
        yield ModelForm(Trial, [
            FieldSpec("title_page.investigational_products", "Investigational products",
                      placeholder="comma-separated"),
            FieldSpec("title_page.manufacturer", "Manufacturer",
                      placeholder="name and address of the manufacturer"),
            FieldSpec("intervention_conduct.preparation", "Supply and preparation",
                      multiline=True),
            FieldSpec("intervention_conduct.adherence", "Adherence", multiline=True),
            FieldSpec("intervention_conduct.dose_modification", "Dose modification",
                      multiline=True),
            FieldSpec("intervention_conduct.concomitant_permitted", "Permitted medication",
                      placeholder="comma-separated"),
            FieldSpec("intervention_conduct.concomitant_prohibited", "Prohibited medication",
                      placeholder="comma-separated"),
            FieldSpec("intervention_conduct.rescue", "Rescue treatment", multiline=True),
            FieldSpec("intervention_conduct.overdose", "Overdose", multiline=True),
        ], prefix="conduct", id="conduct-form")
        yield Static("Discontinuation", classes="section-title")
        yield StringListEditor("discontinuation.intervention_criteria",
                               "When a participant's treatment is stopped", id="stop-criteria")
        yield ModelForm(Trial, [
            FieldSpec("discontinuation.follow_up_after_stopping", multiline=True,
                      placeholder="e.g. Participants who stop the trial intervention stay in "
                      "follow-up for all scheduled assessments unless they withdraw consent."),
            FieldSpec("discontinuation.withdrawal", "Withdrawal", multiline=True),
            FieldSpec("discontinuation.lost_to_follow_up", "Lost to follow-up", multiline=True),
            FieldSpec("discontinuation.trial_stopping", "Stopping the trial", multiline=True),
        ], prefix="discont", id="discontinuation-form")

    def _focus_field(self, path: str) -> bool:
        """As every step; opened with no field named, the arms' Add while there is no arm
        (the step is about them)."""
        if not path and not self.trial.arms:
            return self._focus(self.query_one("#arms-add", Button))
        return super()._focus_field(path)
