"""Step 4: who may take part, with editors for the inclusion and exclusion criteria."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Static

from trialkit.design import Trial
from trialkit.tui.steps.base import StepPane
from trialkit.tui.widgets.forms import FieldSpec, ModelForm
from trialkit.tui.widgets.string_list import StringListEditor


class PopulationStep(StepPane):
    """Population description, age range, sex, criteria lists, recruitment and retention."""

    STEP = "population"

    def compose(self) -> ComposeResult:
        yield Static("Population", classes="step-title")
        yield ModelForm(Trial, [
            FieldSpec("population.description", placeholder="who the trial is for"),
            FieldSpec("population.age_min"),
            FieldSpec("population.age_max"),
            FieldSpec("population.sex"),
            FieldSpec("population.healthy_volunteers"),
        ], prefix="pop", id="population-form", classes="columns")
        yield StringListEditor("population.inclusion", "Inclusion criteria", id="inclusion")
        yield StringListEditor("population.exclusion", "Exclusion criteria", id="exclusion")
        yield ModelForm(Trial, [
            FieldSpec("population.recruitment", multiline=True),
            FieldSpec("population.retention", multiline=True),
            FieldSpec("population.site_eligibility", multiline=True,
                      placeholder="who may deliver the interventions, and where"),
            FieldSpec("population.screen_failures", multiline=True),
        ], prefix="pop2", id="population-recruitment")
        yield Static("Lifestyle and contraception", classes="section-title")
        yield ModelForm(Trial, [
            FieldSpec("population.childbearing_potential"),
            FieldSpec("population.contraception", multiline=True),
            FieldSpec("population.lifestyle", multiline=True,
                      placeholder="diet, alcohol, tobacco, activity; or none"),
        ], prefix="pop3", id="population-lifestyle")
