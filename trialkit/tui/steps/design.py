"""Step 3: the trial design: model, allocation, control, blinding, randomisation, periods."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Static

from trialkit.design import Trial
from trialkit.tui.steps.base import StepPane
from trialkit.tui.widgets.forms import FieldSpec, ModelForm


class DesignStep(StepPane):
    """Design fields; the arms themselves are edited in the interventions step."""

    STEP = "design"

    def compose(self) -> ComposeResult:
        yield Static("Trial design", classes="step-title")
        yield ModelForm(Trial, [
            FieldSpec("design.intervention_model"),
            FieldSpec("design.allocation_ratio", placeholder="e.g. 1:1"),
            FieldSpec("design.control_type"),
            FieldSpec("design.framework"),
            FieldSpec("design.screening_weeks"),
            FieldSpec("design.treatment_weeks"),
            FieldSpec("design.follow_up_weeks"),
            FieldSpec("design.site_count"),
        ], prefix="design", id="design-form", classes="columns")
        yield Static("Blinding", classes="section-title")
        yield ModelForm(Trial, [
            FieldSpec("design.blinding.level"),
            FieldSpec("design.blinding.masked"),
            FieldSpec("design.blinding.method", placeholder="e.g. matching placebo"),
            FieldSpec("design.blinding.emergency_unblinding",
                      multiline=True),
        ], prefix="blind", id="blinding-form")
        yield Static("Randomisation", classes="section-title")
        yield ModelForm(Trial, [
            FieldSpec("design.randomisation.method",
                      placeholder="e.g. permuted blocks"),
            FieldSpec("design.randomisation.block_sizes",
                      placeholder="comma-separated, e.g. 4, 6"),
            FieldSpec("design.randomisation.stratification",
                      placeholder="comma-separated factors"),
            FieldSpec("design.randomisation.sequence_generation"),
            FieldSpec("design.randomisation.concealment"),
            FieldSpec("design.randomisation.implementation"),
        ], prefix="rand", id="randomisation-form")
        yield Static("Setting", classes="section-title")
        yield ModelForm(Trial, [
            FieldSpec("design.settings", placeholder="e.g. university hospitals"),
            FieldSpec("design.countries", placeholder="comma-separated"),
            FieldSpec("design.recruitment_period"),
            FieldSpec("design.description", multiline=True),
        ], prefix="setting", id="setting-form")
        yield Static("Rationale", classes="section-title")
        yield ModelForm(Trial, [
            FieldSpec("design.rationale.dose", multiline=True),
            FieldSpec("design.rationale.duration", multiline=True),
            FieldSpec("design.rationale.population", multiline=True),
        ], prefix="why", id="rationale-form")
