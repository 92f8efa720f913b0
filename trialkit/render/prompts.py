"""Bracketed prompts for empty fields, and readable labels for coded values.

A ``Placeholder`` is the one kind of text the templates trust: it is printed as it is, and
the Word writer shows it highlighted, so a reader sees at once what is still to be written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from trialkit.design.model import Trial
from trialkit.design.value_words import value_words


class Placeholder(str):
    """Bracketed prompt shown where the design has no content: '[Describe ...]'."""

    __slots__ = ()

    def __new__(cls, prompt: str) -> Placeholder:
        return super().__new__(cls, f"[{prompt}]")


def placeholder(prompt: str) -> Placeholder:
    """A visible bracketed prompt for missing content."""
    return Placeholder(prompt)


PROMPTS: dict[str, str] = {
    "title_page.full_title": "Give the full title: design, population, intervention, comparator",
    "title_page.short_title": "Give a short title",
    "title_page.acronym": "Give the trial acronym",
    "title_page.protocol_id": "Give the sponsor protocol identifier",
    "title_page.version": "Give the protocol version",
    "title_page.version_date": "Give the version date",
    "title_page.phase": "State the trial phase",
    "title_page.indication": "Name the condition studied",
    "title_page.sponsor.name": "Name the sponsor",
    "title_page.sponsor.address": "Give the sponsor's address",
    "title_page.sponsor.contact": "Give the sponsor's contact",
    "title_page.amendment_status": "State whether this is the original protocol or which amendment",
    "title_page.eu_ct_number": "Give the EU CT number, or state that the trial is not run in the EU",
    "title_page.manufacturer": "Name the manufacturer of the investigational product(s)",
    "title_page.sponsor_signatory.name": "Name the sponsor's signatory",
    "title_page.sponsor_signatory.title": "Give the signatory's position",
    "title_page.sponsor_approval_date": "Give the date the sponsor approved the protocol",
    "title_page.medical_monitor.name": "Name the medical monitor",
    "title_page.medical_monitor.contact": "Give the medical monitor's contact",
    "title_page.sae_reporting_route": "Say how and to whom serious adverse events are reported",
    "synopsis": "Summarise the trial in a few sentences",
    "background.condition": "Describe the condition and current treatment",
    "background.rationale": "Explain why the trial is needed and what the evidence shows",
    "background.comparator_rationale": "Explain the choice of comparator",
    "background.benefit_risk": "Weigh expected benefits against known and potential risks",
    "design.description": "Describe the overall design",
    "design.settings": "Describe the settings (e.g. university hospitals)",
    "design.recruitment_period": "Give the planned recruitment period",
    "design.rationale.dose": "Explain the choice of dose and regimen",
    "design.rationale.duration": "Explain the duration of treatment and follow-up",
    "design.rationale.population": "Explain the choice of population",
    "design.blinding.method": "Describe how blinding is achieved",
    "design.blinding.emergency_unblinding": "Describe when and how unblinding is allowed",
    "design.randomisation.method": "Describe the randomisation method and restrictions",
    "design.randomisation.sequence_generation": "Say who generates the sequence and how",
    "design.randomisation.concealment": "Describe how allocation is concealed",
    "design.randomisation.implementation": "Say who enrols participants and who assigns them",
    "population.description": "Describe the target population",
    "population.site_eligibility": "State eligibility of sites and of those who deliver care",
    "population.recruitment": "Describe how participants will be recruited",
    "population.retention": "Describe how participants will be kept in follow-up",
    "population.contraception": "State the contraception required, of whom and for how long",
    "population.lifestyle": "State restrictions on diet, alcohol, tobacco and activity, or none",
    "population.screen_failures": "Say what is recorded for screen failures and if rescreening is allowed",
    "intervention_conduct.preparation": "Describe supply, storage, preparation and labelling",
    "intervention_conduct.adherence": "Describe how adherence is supported and monitored",
    "intervention_conduct.dose_modification": "Describe dose changes and interruptions",
    "intervention_conduct.rescue": "Describe rescue medication",
    "intervention_conduct.overdose": "Define an overdose and how it is managed and reported",
    "discontinuation.follow_up_after_stopping": "Say whether participants who stop the trial "
    "intervention stay in follow-up for the scheduled assessments",
    "discontinuation.withdrawal": "Describe withdrawal from the trial and what happens next",
    "discontinuation.lost_to_follow_up": "Describe the steps before declaring loss to follow-up",
    "discontinuation.trial_stopping": "State criteria for stopping the trial or closing sites",
    "safety.definitions": "Define adverse events and serious adverse events",
    "safety.collection": "Describe how harms are elicited and recorded",
    "safety.reporting_period": "Give the period during which adverse events are recorded",
    "safety.sae_reporting": "Describe timelines and routes for reporting serious adverse events",
    "safety.severity_grading": "Name the severity grading scale",
    "safety.stopping_rules": "Give the safety stopping rules",
    "safety.reference_safety_information": "Name the reference safety information for expectedness",
    "safety.causality": "Describe how the relationship to the intervention is assessed",
    "safety.pregnancy_reporting": "Describe how pregnancies are reported and followed up",
    "safety.dmc.composition": "Describe the data monitoring committee, or why none is needed",
    "safety.dmc.charter": "Say where the DMC charter is kept",
    "sample_size.rationale": "Explain the choice of effect size and variability",
    "statistics.analysis_populations": "Define the analysis populations",
    "statistics.primary_analysis": "Describe the analysis of the primary endpoint",
    "statistics.secondary_analyses": "Describe the analyses of the secondary endpoints",
    "statistics.safety_analyses": "Describe the safety analyses",
    "statistics.missing_data": "Describe how missing data are handled",
    "statistics.multiplicity": "Describe the control of multiplicity",
    "statistics.subgroup_analyses": "List planned subgroup analyses",
    "statistics.sensitivity_analyses": "List sensitivity analyses",
    "statistics.software": "Name the statistical software",
    "oversight.committees": "Describe the trial committees and their roles",
    "oversight.sponsor_role": "Describe the role of the sponsor and funders",
    "oversight.data_collection": "Describe how data are collected (forms, systems, training)",
    "oversight.data_management": "Describe data entry, coding, security and storage",
    "oversight.monitoring": "Describe trial monitoring",
    "oversight.auditing": "Describe auditing: frequency and independence",
    "oversight.quality_control": "Describe quality control",
    "oversight.protocol_deviations": "Describe how protocol deviations are recorded and reported",
    "oversight.quality_tolerance_limits": "State the quality tolerance limits and the action if exceeded",
    "ethics.approval": "Name the ethics committee and the approval status",
    "ethics.consent": "Describe who obtains consent and how",
    "ethics.consent_ancillary": "Describe consent for samples and ancillary studies",
    "ethics.confidentiality": "Describe how personal data are protected",
    "ethics.amendments": "Describe how amendments are approved and communicated",
    "ethics.insurance": "Describe insurance and compensation for harm",
    "ethics.post_trial_care": "Describe care after the trial",
    "open_science.protocol_access": "Say where the protocol can be accessed",
    "open_science.sap_access": "Say where the statistical analysis plan can be accessed",
    "open_science.data_sharing": "Say how participant data and code will be shared",
    "open_science.dissemination": "Describe how results will be communicated",
    "open_science.patient_involvement": "Describe patient and public involvement",
    "open_science.conflicts_of_interest": "Declare financial and other interests",
    "open_science.funding_statement": "State the sources of funding and support",
}
"""Prompt shown for each empty free-text field."""


PRINTED: dict[str, str] = {
    "title_page.registry_ids.identifier": "Give the identifier once registered",
    "title_page.registry_ids.registry": "Name the registry and give the trial identifier",
    "title_page.investigators.name": "List the protocol contributors: name, role and affiliation",
    "title_page.investigational_products": "Name the investigational product",
    "objectives.endpoints.estimand.intercurrent_events.strategy": "Choose a strategy",
    "safety.expected_adverse_events": "List the adverse events expected with each intervention, "
    "with rates from the evidence where known",
}
"""Prompts the templates print for a field that is a list or a record (not free text), so the
checklist can tell whose item a printed prompt belongs to."""


class FieldText(Mapping[str, str]):
    """Field path -> the design's text, or the field's bracketed prompt when empty.

    ``cite`` turns the design's '[record-id]' citations into reference numbers.
    """

    def __init__(self, trial: Trial, cite: Callable[[str], str] | None = None) -> None:
        self._trial = trial
        self._cite = cite

    def __getitem__(self, path: str) -> str:
        if path not in PROMPTS:
            raise KeyError(f"no prompt is defined for field {path!r}")
        value: Any = self._trial
        for name in path.split("."):
            value = getattr(value, name)
        if value is None or (isinstance(value, str) and not value.strip()):
            return placeholder(PROMPTS[path])
        if isinstance(value, dt.date):
            return value.isoformat()
        return self._cite(str(value)) if self._cite is not None else str(value)

    def __iter__(self) -> Iterator[str]:
        return iter(PROMPTS)

    def __len__(self) -> int:
        return len(PROMPTS)


def label(value: str | None, prompt: str = "Choose a value") -> str:
    """A readable label for a coded value, or a placeholder."""
    if value is None or value == "":
        return placeholder(prompt)
    return value_words(value)

