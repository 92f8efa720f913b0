"""The render context: everything a protocol document shows, computed once from a Trial.

Markdown, HTML and Word all consume the same dictionary, so the sample size, citations,
SPIRIT coverage and placeholders agree across formats. Keys:

``trial``            the Trial itself (read only)
``text``             field path -> the user's text, or a bracketed ``Placeholder`` prompt
``title``            acronym, full/short title, protocol id, version, date, phase, sponsor ...
``arms``             arm dicts: id, name, type, description, interventions (dicts)
``objectives``       objective dicts with their endpoints (level, estimand, ...)
``primary_endpoint`` the endpoint dict the sample size is for (or None)
``schedule``         {"visits": [...], "rows": [{"assessment", "category", "marks"}]}
``sizing``           the sample-size block (status, n per arm, totals, justification, ...)
``evidence``         cited sources: id, ref (number), short, full, design, results, events
``adverse_events``   expected AEs with rates (percent text) and their sources
``references``       numbered reference list: number, id, text
``abbreviations``    sorted (abbreviation, meaning) pairs
``spirit``           {"2025": rows, "2013": rows, "citations": {...}}; row = ItemCoverage dict
``problems``         design problems (severity, field, message)

Text from the design is data: templates print it, never evaluate it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from trialkit.design.assessment import Assessment, EvidenceUse, assess
from trialkit.design.checklist import load_checklist
from trialkit.design.evidence_link import EvidenceLink
from trialkit.design.model import Endpoint, Trial
from trialkit.render.templates import template_blocks


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
    "synopsis": "Summarise the trial in a few sentences",
    "background.condition": "Describe the condition and current treatment",
    "background.rationale": "Explain why the trial is needed and what the evidence shows",
    "background.comparator_rationale": "Explain the choice of comparator",
    "background.benefit_risk": "Weigh expected benefits against known and potential risks",
    "design.description": "Describe the overall design",
    "design.settings": "Describe the settings (e.g. university hospitals)",
    "design.recruitment_period": "Give the planned recruitment period",
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
    "intervention_conduct.preparation": "Describe supply, storage, preparation and labelling",
    "intervention_conduct.adherence": "Describe how adherence is supported and monitored",
    "intervention_conduct.dose_modification": "Describe dose changes and interruptions",
    "intervention_conduct.rescue": "Describe rescue medication",
    "discontinuation.withdrawal": "Describe withdrawal from the trial and what happens next",
    "discontinuation.lost_to_follow_up": "Describe the steps before declaring loss to follow-up",
    "discontinuation.trial_stopping": "State criteria for stopping the trial or closing sites",
    "safety.definitions": "Define adverse events and serious adverse events",
    "safety.collection": "Describe how harms are elicited and recorded",
    "safety.reporting_period": "Give the period during which adverse events are recorded",
    "safety.sae_reporting": "Describe timelines and routes for reporting serious adverse events",
    "safety.severity_grading": "Name the severity grading scale",
    "safety.stopping_rules": "Give the safety stopping rules",
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


class FieldText(Mapping[str, str]):
    """Field path -> the design's text, or the field's bracketed prompt when empty."""

    def __init__(self, trial: Trial) -> None:
        self._trial = trial

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
        return str(value)

    def __iter__(self) -> Iterator[str]:
        return iter(PROMPTS)

    def __len__(self) -> int:
        return len(PROMPTS)


LABELS: dict[str, str] = {
    "parallel": "parallel-group", "crossover": "crossover", "factorial": "factorial",
    "single_group": "single-group", "sequential": "sequential",
    "placebo": "placebo", "active": "active comparator", "standard_of_care": "standard of care",
    "no_treatment": "no treatment", "dose_comparison": "dose comparison",
    "historical": "historical control", "none": "no control",
    "superiority": "superiority", "non_inferiority": "non-inferiority",
    "equivalence": "equivalence", "exploratory": "exploratory",
    "open": "open-label", "single": "single-blind", "double": "double-blind",
    "triple": "triple-blind", "quadruple": "quadruple-blind",
    "experimental": "experimental", "placebo_comparator": "placebo comparator",
    "active_comparator": "active comparator", "sham_comparator": "sham comparator",
    "no_intervention": "no intervention", "other": "other",
    "treatment_policy": "treatment policy", "hypothetical": "hypothetical",
    "composite": "composite", "while_on_treatment": "while on treatment",
    "principal_stratum": "principal stratum",
    "participant": "participants", "care_provider": "care providers",
    "investigator": "investigators", "outcome_assessor": "outcome assessors",
    "data_analyst": "data analysts", "sponsor": "sponsor staff",
    "primary": "primary", "secondary": "secondary", "safety": "safety",
    "continuous": "continuous", "binary": "binary", "time_to_event": "time to event",
    "count": "count", "ordinal": "ordinal",
}


def label(value: str | None, prompt: str = "Choose a value") -> str:
    """A readable label for a coded value, or a placeholder."""
    if value is None or value == "":
        return placeholder(prompt)
    return LABELS.get(value, value.replace("_", " "))


STANDARD_ABBREVIATIONS: dict[str, str] = {
    "AE": "adverse event", "SAE": "serious adverse event", "DMC": "data monitoring committee",
    "SAP": "statistical analysis plan", "SoA": "schedule of activities",
    "CI": "confidence interval", "SD": "standard deviation",
    "ICH": "International Council for Harmonisation",
    "SPIRIT": "Standard Protocol Items: Recommendations for Interventional Trials",
}
"""Abbreviations the templates themselves use."""

KNOWN_ABBREVIATIONS: dict[str, str] = {
    "AUC": "area under the curve", "BMI": "body mass index", "CRP": "C-reactive protein",
    "CTCAE": "Common Terminology Criteria for Adverse Events", "ECG": "electrocardiogram",
    "eCRF": "electronic case report form", "GCP": "Good Clinical Practice",
    "GMP": "Good Manufacturing Practice", "HbA1c": "glycated haemoglobin",
    "IL-1": "interleukin-1", "IL-1Ra": "interleukin-1 receptor antagonist",
    "IL-2": "interleukin-2", "IL-6": "interleukin-6", "IGF-1": "insulin-like growth factor 1",
    "rhIGF-1": "recombinant human insulin-like growth factor 1", "IU": "international units",
    "ITT": "intention to treat", "MMTT": "mixed-meal tolerance test",
    "MedDRA": "Medical Dictionary for Regulatory Activities", "PK": "pharmacokinetics",
    "SLE": "systemic lupus erythematosus",
    "SLEDAI": "Systemic Lupus Erythematosus Disease Activity Index",
    "SELENA-SLEDAI": "Safety of Estrogens in Lupus Erythematosus National Assessment version "
    "of the SLEDAI",
    "SRI-4": "SLE Responder Index 4", "Treg": "regulatory T cell", "T1D": "type 1 diabetes",
    "T2D": "type 2 diabetes", "CD34": "cluster of differentiation 34",
    "BILAG": "British Isles Lupus Assessment Group index",
    "PGA": "physician's global assessment", "HOMA": "homeostasis model assessment",
    "OGTT": "oral glucose tolerance test", "REC": "research ethics committee",
    "IRB": "institutional review board", "PI/I": "proinsulin-to-insulin",
}
"""Domain abbreviations listed when they occur in the design's text."""


def build_context(
    trial: Trial,
    *,
    evidence: EvidenceLink | None = None,
    templates: str | Path | None = None,
    today: dt.date | None = None,
    assessment: Assessment | None = None,
) -> dict[str, Any]:
    """The render context of a trial (see the module docstring for its keys)."""
    if assessment is None:
        link = evidence if evidence is not None else EvidenceLink.open()
        assessment = assess(trial, link, template_blocks(templates))
    references = _References()
    sources = _evidence(trial, assessment, references)
    sizing_block = _sizing(trial, assessment, references)
    adverse_events = _adverse_events(trial, assessment, references)
    for ref in trial.references:
        references.add(ref.id, _user_reference(ref))
    spirit_2025 = load_checklist("2025")
    spirit_ref = references.add("spirit2025", spirit_2025.citation)
    return {
        "trial": trial,
        "text": FieldText(trial),
        "title": _title(trial, today),
        "design": _design(trial),
        "arms": [_arm(arm) for arm in trial.arms],
        "objectives": _objectives(trial),
        "primary_endpoint": _primary(trial),
        "schedule": _schedule(trial),
        "sizing": sizing_block,
        "evidence": sources,
        "adverse_events": adverse_events,
        "references": references.rows(),
        "abbreviations": _abbreviations(trial),
        "spirit": {
            "2025": [row.to_dict() for row in assessment.coverage("2025")],
            "2013": [row.to_dict() for row in assessment.coverage("2013")],
            "citations": {"2025": spirit_2025.citation, "2013": load_checklist("2013").citation},
            "ref": spirit_ref,
        },
        "problems": [
            {"severity": p.severity, "field": p.field, "message": p.message}
            for p in assessment.problems
        ],
        "assessment": assessment,
    }


class _References:
    """A numbered reference list in order of first citation."""

    def __init__(self) -> None:
        self._rows: dict[str, dict[str, Any]] = {}

    def add(self, key: str, text: str) -> int:
        if key not in self._rows:
            self._rows[key] = {"number": len(self._rows) + 1, "id": key, "text": text}
        return int(self._rows[key]["number"])

    def rows(self) -> list[dict[str, Any]]:
        return list(self._rows.values())


def _title(trial: Trial, today: dt.date | None) -> dict[str, Any]:
    page = trial.title_page
    text = FieldText(trial)
    return {
        "full_title": text["title_page.full_title"],
        "short_title": text["title_page.short_title"],
        "acronym": text["title_page.acronym"],
        "protocol_id": text["title_page.protocol_id"],
        "version": text["title_page.version"],
        "version_date": text["title_page.version_date"],
        "phase": text["title_page.phase"],
        "indication": text["title_page.indication"],
        "sponsor": text["title_page.sponsor.name"],
        "sponsor_address": text["title_page.sponsor.address"],
        "sponsor_contact": text["title_page.sponsor.contact"],
        "funders": [f.name or placeholder("Name the funder") for f in page.funders],
        "registry_ids": [
            {
                "registry": r.registry,
                "identifier": r.identifier,
                "date": r.date.isoformat() if r.date else None,
            }
            for r in page.registry_ids
        ],
        "investigators": [
            {
                "name": p.name or placeholder("Name"),
                "role": p.role or placeholder("Role"),
                "affiliation": p.affiliation or placeholder("Affiliation"),
                "contact": p.contact or "",
            }
            for p in page.investigators
        ],
        "investigational_products": list(page.investigational_products)
        or sorted({i.name for a in trial.arms for i in a.interventions
                   if a.type not in ("placebo_comparator", "sham_comparator")}),
        "regulatory_ids": list(page.regulatory_ids),
        "generated": (today or dt.date.today()).isoformat(),
    }


def _design(trial: Trial) -> dict[str, Any]:
    d = trial.design
    blinding = d.blinding
    weeks = [
        ("Screening", d.screening_weeks), ("Treatment", d.treatment_weeks),
        ("Follow-up", d.follow_up_weeks),
    ]
    return {
        "intervention_model": label(d.intervention_model, "Choose the intervention model"),
        "allocation_ratio": d.allocation_ratio or placeholder("Give the allocation ratio"),
        "randomised": d.intervention_model != "single_group",
        "controlled": d.control_type != "none",
        "control_type": label(d.control_type, "Choose the control type"),
        "framework": label(d.framework, "Choose the framework (e.g. superiority)"),
        "blinding": label(blinding.level, "State the blinding"),
        "masked": [label(m) for m in blinding.masked],
        "block_sizes": ", ".join(str(b) for b in d.randomisation.block_sizes),
        "stratification": list(d.randomisation.stratification),
        "periods": [
            {
                "name": name,
                "weeks": f"{value:g}" if value is not None else None,
                "duration": _weeks(value) if value is not None else None,
            }
            for name, value in weeks
        ],
        "countries": ", ".join(d.countries) or placeholder("List the countries"),
        "site_count": d.site_count,
        "total_weeks": _total_weeks(trial),
    }


def _weeks(value: float) -> str:
    return f"{value:g} week" + ("" if value == 1 else "s")


def _total_weeks(trial: Trial) -> str | None:
    parts = [trial.design.treatment_weeks, trial.design.follow_up_weeks]
    known = [p for p in parts if p is not None]
    return f"{sum(known):g}" if known else None


def _arm(arm: Any) -> dict[str, Any]:
    return {
        "id": arm.id,
        "name": arm.name or placeholder(f"Name arm {arm.id}"),
        "type": label(arm.type, "Choose the arm type"),
        "description": arm.description or placeholder("Describe what this arm receives"),
        "interventions": [
            {
                "name": i.name,
                "kind": label(i.kind, "Choose the kind"),
                "dose": i.dose or placeholder("Give the dose"),
                "route": i.route or placeholder("Give the route"),
                "frequency": i.frequency or placeholder("Give the frequency"),
                "duration": i.duration or placeholder("Give the duration"),
                "formulation": i.formulation,
                "description": i.description,
            }
            for i in arm.interventions
        ],
    }


def _endpoint(trial: Trial, endpoint: Endpoint) -> dict[str, Any]:
    est = endpoint.estimand
    estimand = None
    if est is not None:
        estimand = {
            "population": est.population or placeholder("Define the population"),
            "variable": est.variable or placeholder("Define the variable"),
            "treatment_condition": est.treatment_condition
            or placeholder("Define the treatment condition"),
            "intercurrent_events": [
                {
                    "event": ice.event,
                    "strategy": label(ice.strategy, "Choose a strategy"),
                    "rationale": ice.rationale or "",
                }
                for ice in est.intercurrent_events
            ],
            "summary_measure": est.summary_measure
            or placeholder("Give the population-level summary"),
        }
    return {
        "id": endpoint.id,
        "name": endpoint.name or placeholder(f"Name endpoint {endpoint.id}"),
        "level": trial.endpoint_level(endpoint),
        "type": label(endpoint.type, "Choose the endpoint type"),
        "description": endpoint.description or placeholder("Describe the measurement"),
        "unit": endpoint.unit or "",
        "timepoint": endpoint.timepoint or placeholder("Give the time point"),
        "transformation": endpoint.transformation or "",
        "estimand": estimand,
    }


def _objectives(trial: Trial) -> list[dict[str, Any]]:
    return [
        {
            "id": o.id,
            "level": o.level,
            "description": o.description or placeholder(f"State objective {o.id}"),
            "hypothesis": o.hypothesis or "",
            "endpoints": [_endpoint(trial, e) for e in o.endpoints],
        }
        for o in trial.objectives
    ]


def _primary(trial: Trial) -> dict[str, Any] | None:
    chosen = trial.sample_size.endpoint
    endpoint = trial.endpoint(chosen) if chosen else None
    if endpoint is None:
        primaries = trial.primary_endpoints()
        endpoint = primaries[0] if primaries else None
    return _endpoint(trial, endpoint) if endpoint else None


def _schedule(trial: Trial) -> dict[str, Any]:
    visits = [
        {
            "id": v.id,
            "name": v.name or v.id,
            "day": v.day,
            "window": v.window_days,
            "timing": _visit_timing(v.day, v.window_days),
        }
        for v in trial.visits
    ]
    rows = [
        {
            "id": a.id,
            "assessment": a.name or a.id,
            "category": label(a.category, "uncategorised"),
            "marks": [a.id in v.assessments for v in trial.visits],
        }
        for a in trial.assessments
    ]
    return {"visits": visits, "rows": rows}


def _visit_timing(day: int | None, window: int | None) -> str:
    if day is None:
        return placeholder("Give the day")
    text = f"Day {day}"
    if window:
        text += f" ±{window}"
    return text


def _evidence(trial: Trial, assessment: Assessment, refs: _References) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for evidence_id in trial.background.evidence:
        use = assessment.evidence_for(evidence_id)
        cited = use.cited if use is not None else None
        if use is None or cited is None or use.source is None:
            rows.append({
                "id": evidence_id, "ref": None, "short": evidence_id,
                "full": placeholder(f"Evidence {evidence_id!r} not found in the evidence library"),
                "design": "", "results": [], "events": [], "cautions": [],
            })
            continue
        number = refs.add(cited.id, cited.full)
        rows.append({
            "id": cited.id, "ref": number, "short": cited.short, "full": cited.full,
            **_source_summary(use.source),
        })
    return rows


STUDY_TYPES: dict[str, str] = {
    "randomised_controlled_trial": "Randomised controlled trial",
    "randomised_trial_follow_up": "Follow-up of a randomised trial",
    "meta_analysis": "Meta-analysis",
    "narrative_review": "Narrative review",
    "conference_abstract": "Conference abstract",
    "opinion": "Opinion piece",
}


def _source_summary(source: Any) -> dict[str, Any]:
    """Design, results, harms and cautions of an evidence source, as short text."""
    design = source.design
    parts = [STUDY_TYPES.get(design.type, design.type.replace("_", " ").capitalize())]
    if design.n_studies:
        parts.append(f"{design.n_studies} trials")
    n = design.n_randomised or design.n_analysed
    if n:
        parts.append(f"{n} participants")
    parts += [text.strip().rstrip(".") for text in (design.population, design.duration) if text]
    results = []
    for est in source.estimates:
        what = f"{est.outcome} ({est.timepoint})" if est.timepoint else est.outcome
        results.append(f"{what}: {est.summary()}; {est.meaning}")
    results += [f"{finding.outcome}: {finding.detail}" for finding in source.findings]
    return {
        "design": "; ".join(parts),
        "results": results,
        "events": [event.event for event in source.adverse_events],
        "cautions": list(design.cautions),
    }


def _sizing(trial: Trial, assessment: Assessment, refs: _References) -> dict[str, Any]:
    sizing = assessment.sizing
    endpoint = _primary(trial)
    block: dict[str, Any] = {
        "status": sizing.status,
        "procedure": sizing.procedure,
        "message": sizing.message,
        "endpoint": endpoint["name"] if endpoint else placeholder("Name the primary endpoint"),
        "kwargs": dict(sizing.kwargs),
        "result": sizing.result,
        "evidence": trial.sample_size.evidence,
        "evidence_ref": None,
        "target_enrolment": trial.sample_size.target_enrolment,
        "boundaries": None,
    }
    use = assessment.evidence_for(trial.sample_size.evidence or "")
    if use is not None and use.cited is not None:
        block["evidence_ref"] = refs.add(use.cited.id, use.cited.full)
    result, totals = sizing.result, assessment.totals
    if result is None or totals is None:
        if sizing.status == "error":
            block["justification"] = placeholder(
                f"The sample size could not be computed: {sizing.message}. "
                "Correct sample_size in the design"
            )
        else:
            block["justification"] = placeholder(
                "Give the sample-size procedure and its inputs (sample_size.procedure, "
                "sample_size.parameters) or link an evidence estimate"
            )
        return block
    method_ref = refs.add(f"method:{result.procedure}", result.method.reference)
    block.update({
        "multi_arm": totals.multi_arm,
        "trial_arms": totals.arms,
        "trial_analysed": totals.analysed,
        "trial_enrolled": totals.enrolled,
        "justification": result.justification,
        "n_per_arm": list(result.n_per_arm),
        "n_total": result.n_total,
        "n_per_arm_enrolled": list(result.n_per_arm_enrolled),
        "n_total_enrolled": result.n_total_enrolled,
        "power": result.power,
        "power_percent": f"{100 * result.power:.1f}%",
        "dropout": result.dropout,
        "dropout_percent": f"{100 * result.dropout:g}%",
        "alpha": result.inputs.get("alpha"),
        "sides": result.inputs.get("sides"),
        "solved_for": result.solved_for,
        "method": result.method.name,
        "method_reference": result.method.reference,
        "method_ref": method_ref,
        "inputs": [
            {"name": key, "value": _format_input(value)}
            for key, value in result.inputs.items() if value is not None
        ],
        "arm_names": _arm_names(trial, len(result.n_per_arm), totals.multi_arm),
        "boundaries": _boundaries(sizing, result),
    })
    return block


_SPENDING_NAMES = {
    "obf": "Lan-DeMets O'Brien-Fleming-type alpha spending",
    "pocock": "Lan-DeMets Pocock-type alpha spending",
    "hsd": "Hwang-Shih-DeCani alpha spending",
    "classical_obf": "classical O'Brien-Fleming boundaries",
    "classical_pocock": "classical Pocock boundaries",
}


def _boundaries(sizing: Any, result: Any) -> dict[str, Any] | None:
    """The interim-analysis boundary table, when the design plans group-sequential looks."""
    design = sizing.sequential
    if design is None:
        return None
    n_at = result.extras.get("n_at_looks") or ()
    events_at = result.extras.get("events_at_looks") or ()
    rows = []
    for i, row in enumerate(design.boundary_table()):
        rows.append({
            "look": "final" if i == design.k - 1 else str(row["look"]),
            "information": f"{100 * row['information_fraction']:.0f}%",
            "n": str(n_at[i]) if i < len(n_at) else "",
            "events": str(events_at[i]) if i < len(events_at) else "",
            "critical_z": f"{row['critical_z']:.3f}",
            "nominal_p": f"{row['nominal_p']:.4g}",
            "alpha_spent": f"{row['alpha_spent']:.4g}",
            "futility_z": f"{row['futility_z']:.3f}" if "futility_z" in row else "",
        })
    return {
        "k": design.k,
        "spending": _SPENDING_NAMES[design.spending]
        + (f" with gamma = {design.gamma:g}" if design.gamma is not None else ""),
        "sides": design.sides,
        "inflation_factor": f"{design.inflation_factor:.4f}",
        "has_events": bool(events_at),
        "has_futility": design.futility_z is not None,
        "rows": rows,
        "text": design.justification,
    }


def _arm_names(trial: Trial, count: int, multi_arm: bool) -> list[str]:
    if multi_arm:
        control = trial.arms[-1]
        return ["Each experimental arm", f"{control.name or control.id} (control)"]
    names = [a.name or a.id for a in trial.arms][:count]
    if len(names) == count:
        return names
    if count <= 2:
        return ["Treatment", "Control"][:count]
    return [f"Arm {i + 1}" for i in range(count)]


def _format_input(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.6g}"
    if isinstance(value, list | tuple):
        return ", ".join(_format_input(v) for v in value)
    return str(value)


def _adverse_events(
    trial: Trial, assessment: Assessment, refs: _References
) -> list[dict[str, Any]]:
    arm_names = {a.id: a.name or a.id for a in trial.arms}
    rows = []
    for event in trial.safety.expected_adverse_events:
        rate = event.rate
        ref = None
        use = assessment.evidence_for(event.evidence or "")
        if use is not None:
            if use.cited is not None:
                ref = refs.add(use.cited.id, use.cited.full)
            if rate is None:
                rate = _estimate_rate(use)
        named = [a for a in [event.arm, *event.arms] if a]
        rows.append({
            "term": event.term,
            "arm": "; ".join(arm_names.get(a, a) for a in named) or "All arms",
            "rate": rate,
            "rate_text": f"{100 * rate:.1f}%" if rate is not None else "not known",
            "ref": ref,
            "note": event.note or "",
        })
    return rows


def _estimate_rate(use: EvidenceUse) -> float | None:
    """The estimate's value as a rate; None (shown as "not known") when it is not one."""
    if use.estimate is None:
        return None
    value = float(use.estimate.value)
    return value if 0.0 <= value <= 1.0 else None


def _user_reference(ref: Any) -> str:
    text = ref.citation
    if ref.doi:
        text += f" doi:{ref.doi}"
    if ref.pmid:
        text += f" PMID {ref.pmid}"
    if ref.url:
        text += f" {ref.url}"
    return text


def _occurs(term: str, text: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(term)}(?![\w-])", text) is not None


def _abbreviations(trial: Trial) -> list[tuple[str, str]]:
    """Template abbreviations, known ones that occur in the design's text, and the user's own."""
    blob = trial.model_dump_json()
    table = dict(STANDARD_ABBREVIATIONS)
    table.update({k: v for k, v in KNOWN_ABBREVIATIONS.items() if _occurs(k, blob)})
    table.update(trial.abbreviations)
    return sorted(table.items(), key=lambda kv: kv[0].lower())
