"""Each design field's label, once: the words a person reads for it, and where it is edited.

The terminal UI's forms show these words beside the field; ``trialkit check``, the loader and
the review step name a field by the same words (``words.where``), with the step that edits it
and, where the label alone is ambiguous ('Level'), the heading it sits under ('Blinding').
A path is dotted, without list positions: ``objectives.endpoints.estimand.population``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final


@dataclass(frozen=True)
class FieldLabel:
    """How a person finds a field: its label, its step, and the heading over it (if needed)."""

    words: str
    step: str
    section: str = ""


STEP_WORDS: Final = {
    "question": "Question", "objectives": "Objectives", "design": "Design",
    "population": "Population", "interventions": "Interventions", "analysis": "Analysis",
    "sample_size": "Sample size", "schedule": "Schedule", "safety": "Safety",
    "admin": "Admin/ethics",
}
"""Each editing step as the step list names it."""

_E = "objectives.endpoints"
_AE = "safety.expected_adverse_events"

_TABLE: Final[tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...]] = (
    ("question", "", (
        ("title_page.full_title", "Full title"), ("title_page.short_title", "Short title"),
        ("title_page.acronym", "Acronym"), ("title_page.phase", "Phase"),
        ("title_page.indication", "Condition studied"),
        ("background.condition", "The condition"), ("background.rationale", "Rationale"),
        ("background.comparator_rationale", "Why this comparator"),
        ("background.benefit_risk", "Benefits and risks"), ("synopsis", "Synopsis"),
        ("background.evidence", "Evidence cited"),
    )),
    ("objectives", "", (
        ("objectives", "Objectives"), ("objectives.id", "Objective id"),
        ("objectives.level", "Level"), ("objectives.description", "Objective"),
        ("objectives.hypothesis", "Hypothesis"), ("endpoints", "Endpoints"),
        (_E, "Endpoints"), (f"{_E}.id", "Endpoint id"), (f"{_E}.name", "Name"),
        (f"{_E}.level", "Level"), (f"{_E}.type", "Type"), (f"{_E}.unit", "Unit"),
        (f"{_E}.timepoint", "Timepoint"), (f"{_E}.transformation", "Transformation"),
        (f"{_E}.description", "Description"), (f"{_E}.measured_by", "Measured by"),
        (f"{_E}.estimand.population", "Estimand: population"),
        (f"{_E}.estimand.variable", "Estimand: variable"),
        (f"{_E}.estimand.treatment_condition", "Estimand: treatment condition"),
        (f"{_E}.estimand.summary_measure", "Estimand: summary measure"),
        (f"{_E}.estimand.intercurrent_events", "Estimand: intercurrent events"),
        (f"{_E}.estimand.intercurrent_events.event", "Event"),
        (f"{_E}.estimand.intercurrent_events.strategy", "Strategy"),
        (f"{_E}.estimand.intercurrent_events.rationale", "Rationale"),
    )),
    ("design", "", (
        ("design.intervention_model", "Intervention model"),
        ("design.allocation_ratio", "Allocation ratio"), ("design.control_type", "Control"),
        ("design.framework", "Framework"), ("design.screening_weeks", "Screening (weeks)"),
        ("design.treatment_weeks", "Treatment (weeks)"),
        ("design.follow_up_weeks", "Follow-up (weeks)"), ("design.site_count", "Number of sites"),
        ("design.settings", "Settings"), ("design.countries", "Countries"),
        ("design.recruitment_period", "Recruitment period"),
        ("design.description", "Design summary"), ("design.rationale.dose", "Why this dose"),
        ("design.rationale.duration", "Why this duration"),
        ("design.rationale.population", "Why this population"),
    )),
    ("design", "Blinding", (
        ("design.blinding.level", "Level"), ("design.blinding.masked", "Who is masked"),
        ("design.blinding.method", "How"),
        ("design.blinding.emergency_unblinding", "Emergency unblinding"),
    )),
    ("design", "Randomisation", (
        ("design.randomisation.method", "Method"),
        ("design.randomisation.block_sizes", "Block sizes"),
        ("design.randomisation.stratification", "Stratified by"),
        ("design.randomisation.sequence_generation", "Sequence generation"),
        ("design.randomisation.concealment", "Concealment"),
        ("design.randomisation.implementation", "Implementation"),
    )),
    ("population", "", (
        ("population.description", "Population"),
        ("population.age_min", "Minimum age (years)"),
        ("population.age_max", "Maximum age (years)"), ("population.sex", "Sex"),
        ("population.healthy_volunteers", "Healthy volunteers"),
        ("population.inclusion", "Inclusion criteria"),
        ("population.exclusion", "Exclusion criteria"),
        ("population.recruitment", "Recruitment"), ("population.retention", "Retention"),
        ("population.site_eligibility", "Sites and carers"),
        ("population.screen_failures", "Screen failures"),
        ("population.childbearing_potential", "Women of childbearing potential may enrol"),
        ("population.contraception", "Contraception"),
        ("population.lifestyle", "Lifestyle restrictions"),
    )),
    ("interventions", "", (
        ("arms", "Arms"), ("arms.id", "Arm id"), ("arms.name", "Name"), ("arms.type", "Type"),
        ("arms.description", "Description"), ("arms.interventions", "Interventions"),
        ("arms.interventions.name", "Intervention"), ("arms.interventions.kind", "Kind"),
        ("arms.interventions.dose", "Dose"), ("arms.interventions.route", "Route"),
        ("arms.interventions.frequency", "Frequency"),
        ("arms.interventions.duration", "Duration"),
        ("arms.interventions.formulation", "Formulation"),
        ("arms.interventions.description", "Description"),
        ("title_page.investigational_products", "Investigational products"),
        ("title_page.manufacturer", "Manufacturer"),
        ("intervention_conduct.preparation", "Supply and preparation"),
        ("intervention_conduct.adherence", "Adherence"),
        ("intervention_conduct.dose_modification", "Dose modification"),
        ("intervention_conduct.concomitant_permitted", "Permitted medication"),
        ("intervention_conduct.concomitant_prohibited", "Prohibited medication"),
        ("intervention_conduct.rescue", "Rescue treatment"),
        ("intervention_conduct.overdose", "Overdose"),
        ("discontinuation.intervention_criteria", "When a participant's treatment is stopped"),
        ("discontinuation.follow_up_after_stopping", "Follow-up after stopping"),
        ("discontinuation.withdrawal", "Withdrawal"),
        ("discontinuation.lost_to_follow_up", "Lost to follow-up"),
        ("discontinuation.trial_stopping", "Stopping the trial"),
    )),
    ("analysis", "", (
        (f"{_E}.analysis", "Planned analysis"),
        (f"{_E}.analysis.model", "Model"), (f"{_E}.analysis.scale", "Scale"),
        (f"{_E}.analysis.covariates", "Adjusted for"),
        (f"{_E}.analysis.details", "Further details"),
        ("statistics.analysis_populations", "Analysis populations"),
        ("statistics.primary_analysis", "Primary analysis: further detail"),
        ("statistics.secondary_analyses", "Secondary analyses"),
        ("statistics.safety_analyses", "Safety analyses"),
        ("statistics.missing_data", "Missing data"), ("statistics.multiplicity", "Multiplicity"),
        ("statistics.subgroup_analyses", "Subgroup analyses"),
        ("statistics.sensitivity_analyses", "Sensitivity analyses"),
        ("statistics.software", "Software"), ("interim_analyses", "Interim analyses"),
    )),
    ("sample_size", "", (
        ("sample_size.procedure", "Procedure"), ("sample_size.evidence", "Effect from evidence"),
        ("sample_size.rationale", "Why these assumptions"),
        ("sample_size.target_enrolment", "Planned enrolment"),
    )),
    ("schedule", "", (
        ("visits", "Visits"), ("visits.id", "Visit id"), ("visits.name", "Name"),
        ("visits.day", "Day"), ("visits.window_days", "Window (+/- days)"),
        ("assessments", "Assessments"), ("assessments.id", "Assessment id"),
        ("assessments.name", "Name"), ("assessments.category", "Category"),
        ("assessments.description", "Description"),
    )),
    ("safety", "", (
        (_AE, "Expected adverse events"), (f"{_AE}.term", "Adverse event"),
        (f"{_AE}.arm", "Arm id"), (f"{_AE}.arms", "Several arms"),
        (f"{_AE}.rate", "Rate (proportion)"), (f"{_AE}.evidence", "Rate's evidence"),
        (f"{_AE}.note", "Note"),
        ("safety.definitions", "Definitions"), ("safety.collection", "Collection"),
        ("safety.reporting_period", "Reporting period"),
        ("safety.severity_grading", "Severity grading"),
        ("safety.sae_reporting", "SAE reporting"), ("safety.stopping_rules", "Stopping rules"),
        ("safety.causality", "Causality assessment"),
        ("safety.reference_safety_information", "Reference safety information"),
        ("safety.pregnancy_reporting", "Pregnancy reporting"),
    )),
    ("safety", "Data monitoring committee", (
        ("safety.dmc.required", "DMC required"), ("safety.dmc.composition", "Composition"),
        ("safety.dmc.charter", "Charter"), ("safety.dmc.reasons_if_none", "Why none"),
    )),
    ("admin", "", (
        ("title_page.protocol_id", "Protocol id"), ("title_page.version", "Version"),
        ("title_page.version_date", "Version date"), ("title_page.sponsor.name", "Sponsor"),
        ("title_page.sponsor.address", "Sponsor address"),
        ("title_page.sponsor.contact", "Sponsor contact"),
        ("title_page.amendment_status", "Amendment status"),
        ("title_page.sponsor_signatory.name", "Sponsor signatory"),
        ("title_page.sponsor_signatory.title", "Signatory's position"),
        ("title_page.sponsor_approval_date", "Sponsor approval date"),
        ("title_page.medical_monitor.name", "Medical monitor"),
        ("title_page.medical_monitor.contact", "Medical monitor contact"),
        ("title_page.sae_reporting_route", "Serious adverse event reporting"),
        ("title_page.investigators", "Contributors and their roles"),
        ("title_page.funders", "Funders"), ("title_page.registry_ids", "Registries"),
        ("title_page.registrations", "Registries"),
        ("title_page.eu_ct_number", "EU CT number"),
        ("title_page.regulatory_ids", "Other regulatory ids"),
        ("oversight.committees", "Committees"),
        ("oversight.sponsor_role", "Sponsor and funder role"),
        ("oversight.data_collection", "Data collection"),
        ("oversight.data_management", "Data management"), ("oversight.monitoring", "Monitoring"),
        ("oversight.auditing", "Auditing"), ("oversight.quality_control", "Quality control"),
        ("oversight.protocol_deviations", "Protocol deviations"),
        ("oversight.quality_tolerance_limits", "Quality tolerance limits"),
        ("ethics.approval", "Ethical approval"), ("ethics.consent", "Consent"),
        ("ethics.consent_ancillary", "Consent for samples and ancillary studies"),
        ("ethics.confidentiality", "Confidentiality"), ("ethics.amendments", "Amendments"),
        ("ethics.insurance", "Insurance"), ("ethics.post_trial_care", "Post-trial care"),
        ("open_science.protocol_access", "Protocol access"),
        ("open_science.sap_access", "Analysis plan access"),
        ("open_science.data_sharing", "Data sharing"),
        ("open_science.dissemination", "Dissemination"),
        ("open_science.patient_involvement", "Patient involvement"),
        ("open_science.conflicts_of_interest", "Competing interests"),
        ("open_science.funding_statement", "Funding"),
        ("references", "Other references"), ("abbreviations", "Abbreviations of your own"),
    )),
)

LABELS: Final[dict[str, FieldLabel]] = {
    path: FieldLabel(words, step, section)
    for step, section, fields in _TABLE for path, words in fields
}
"""Every field a person edits, by its dotted path without list positions."""

ITEMS: Final = {
    "objectives": "objective", _E: "endpoint", "endpoints": "endpoint", "arms": "arm",
    "arms.interventions": "intervention", "visits": "visit", "assessments": "assessment",
    _AE: "expected adverse event", f"{_E}.estimand.intercurrent_events": "intercurrent event",
    "population.inclusion": "inclusion criterion", "population.exclusion": "exclusion criterion",
    "title_page.investigators": "contributor", "title_page.funders": "funder",
    "title_page.registry_ids": "registry", "title_page.registrations": "registry",
    "background.evidence": "evidence", "references": "reference",
    "discontinuation.intervention_criteria": "criterion",
}
"""One item of a list field, in words: 'Objective 2, endpoint 3'."""


def label_of(path: str) -> FieldLabel | None:
    """The label of a field by its dotted path (list positions and '=value' ignored)."""
    key = ".".join(p for p in path.split("=", 1)[0].split(".") if not p.isdigit())
    return LABELS.get(key)


def field_label(path: str) -> str:
    """The words beside a field in its form: 'Condition studied' for title_page.indication
    (KeyError when the path is not a field a person edits)."""
    found = label_of(path)
    if found is None:
        raise KeyError(path)
    return found.words
