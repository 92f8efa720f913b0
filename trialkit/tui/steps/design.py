"""Step 3: the trial design: model, allocation, control, blinding, randomisation, periods."""

from __future__ import annotations

from typing import get_args

from textual.app import ComposeResult
from textual.widgets import Select, Static

from trialkit.design import Trial
from trialkit.design.model import Framework
from trialkit.render.prompts import LABELS
from trialkit.tui.steps.base import StepPane
from trialkit.tui.widgets.forms import FieldSpec, ModelForm


class DesignStep(StepPane):
    """Design fields; the arms themselves are edited in the interventions step."""

    STEP = "design"

    def compose(self) -> ComposeResult:
        yield Static("Trial design", classes="step-title")
        yield ModelForm(Trial, [
            FieldSpec("design.intervention_model", "Intervention model"),
            FieldSpec("design.allocation_ratio", "Allocation ratio", placeholder="e.g. 1:1"),
            FieldSpec("design.control_type", "Control"),
            FieldSpec("design.framework", "Framework"),
            FieldSpec("design.screening_weeks", "Screening (weeks)"),
            FieldSpec("design.treatment_weeks", "Treatment (weeks)"),
            FieldSpec("design.follow_up_weeks", "Follow-up (weeks)"),
            FieldSpec("design.site_count", "Number of sites"),
        ], prefix="design", id="design-form", classes="columns")
        yield Static("Blinding", classes="section-title")
        yield ModelForm(Trial, [
            FieldSpec("design.blinding.level", "Level"),
            FieldSpec("design.blinding.masked", "Who is masked"),
            FieldSpec("design.blinding.method", "How", placeholder="e.g. matching placebo"),
            FieldSpec("design.blinding.emergency_unblinding", "Emergency unblinding",
                      multiline=True),
        ], prefix="blind", id="blinding-form")
        yield Static("Randomisation", classes="section-title")
        yield ModelForm(Trial, [
            FieldSpec("design.randomisation.method", "Method",
                      placeholder="e.g. permuted blocks"),
            FieldSpec("design.randomisation.block_sizes", "Block sizes",
                      placeholder="comma-separated, e.g. 4, 6"),
            FieldSpec("design.randomisation.stratification", "Stratified by",
                      placeholder="comma-separated factors"),
            FieldSpec("design.randomisation.sequence_generation", "Sequence generation"),
            FieldSpec("design.randomisation.concealment", "Concealment"),
            FieldSpec("design.randomisation.implementation", "Implementation"),
        ], prefix="rand", id="randomisation-form")
        yield Static("Setting", classes="section-title")
        yield ModelForm(Trial, [
            FieldSpec("design.settings", "Settings", placeholder="e.g. university hospitals"),
            FieldSpec("design.countries", "Countries", placeholder="comma-separated"),
            FieldSpec("design.recruitment_period", "Recruitment period"),
            FieldSpec("design.description", "Design summary", multiline=True),
        ], prefix="setting", id="setting-form")
        yield Static("Rationale", classes="section-title")
        yield ModelForm(Trial, [
            FieldSpec("design.rationale.dose", "Why this dose", multiline=True),
            FieldSpec("design.rationale.duration", "Why this duration", multiline=True),
            FieldSpec("design.rationale.population", "Why this population", multiline=True),
        ], prefix="why", id="rationale-form")

    def on_mount(self) -> None:
        """The framework in the protocol's words ('Non-inferiority', not 'Non inferiority')."""
        select = self.query_one("#design-design--framework", Select)
        value = select.value
        with self.prevent(Select.Changed):
            select.set_options([(LABELS[c][:1].upper() + LABELS[c][1:], c)
                                for c in get_args(Framework)])
            if value is not Select.NULL:
                select.value = value
