"""A ClinicalTrials.gov API v2 study record (its protocolSection) from a design.

Field names and enumerations follow the ClinicalTrials.gov v2 OpenAPI definition (version
2.0.0); length limits are the registry's (PRS) data element definitions. A design is a plan,
so the record's status is "not yet recruiting" and its enrolment "estimated". Nothing the
design does not say is filled in: a module without content is left out.
"""

from __future__ import annotations

import re
from typing import Any

from trialkit.design.model import Arm, Endpoint, Intervention, Trial
from trialkit.errors import DesignError

LIMITS = {
    "title_page.short_title": ("brief title", 300),
    "title_page.full_title": ("official title", 600),
    "title_page.acronym": ("acronym", 14),
    "title_page.protocol_id": ("organisation's study ID", 30),
    "synopsis": ("brief summary", 5000),
}
DETAILED_DESCRIPTION_LIMIT = 32000

ARM_TYPE = {
    "experimental": "EXPERIMENTAL", "placebo_comparator": "PLACEBO_COMPARATOR",
    "active_comparator": "ACTIVE_COMPARATOR", "sham_comparator": "SHAM_COMPARATOR",
    "no_intervention": "NO_INTERVENTION", "other": "OTHER",
}
INTERVENTION_TYPE = {
    "drug": "DRUG", "biological": "BIOLOGICAL", "device": "DEVICE", "procedure": "PROCEDURE",
    "cell_therapy": "BIOLOGICAL", "behavioural": "BEHAVIORAL", "dietary": "DIETARY_SUPPLEMENT",
    "other": "OTHER",
}
INTERVENTION_LABEL = {
    "DRUG": "Drug", "BIOLOGICAL": "Biological", "DEVICE": "Device", "PROCEDURE": "Procedure",
    "BEHAVIORAL": "Behavioral", "DIETARY_SUPPLEMENT": "Dietary Supplement", "OTHER": "Other",
    "GENETIC": "Genetic", "RADIATION": "Radiation", "COMBINATION_PRODUCT": "Combination Product",
    "DIAGNOSTIC_TEST": "Diagnostic Test",
}
"""How ClinicalTrials.gov prefixes an intervention in an arm's list ("Drug: anakinra")."""
MODEL = {
    "parallel": "PARALLEL", "crossover": "CROSSOVER", "factorial": "FACTORIAL",
    "single_group": "SINGLE_GROUP", "sequential": "SEQUENTIAL",
}
MASKED = {
    "participant": "PARTICIPANT", "care_provider": "CARE_PROVIDER",
    "investigator": "INVESTIGATOR", "outcome_assessor": "OUTCOMES_ASSESSOR",
}
MASKING = {"open": "NONE", "single": "SINGLE", "double": "DOUBLE", "triple": "TRIPLE",
           "quadruple": "QUADRUPLE"}
PHASES = {
    "0": ["EARLY_PHASE1"], "early 1": ["EARLY_PHASE1"], "early phase 1": ["EARLY_PHASE1"],
    "1": ["PHASE1"], "1/2": ["PHASE1", "PHASE2"], "2": ["PHASE2"], "2/3": ["PHASE2", "PHASE3"],
    "3": ["PHASE3"], "4": ["PHASE4"], "not applicable": ["NA"], "n/a": ["NA"], "na": ["NA"],
}
NCT = re.compile(r"^NCT\d{8}$")


def to_ctgov(trial: Trial, enrolment: int | None) -> dict[str, Any]:
    """The study record: ``{"protocolSection": {...}}`` with the modules the design fills."""
    _check_lengths(trial)
    labels = arm_labels(trial)
    modules = {
        "identificationModule": _identification(trial),
        "statusModule": _status(trial),
        "sponsorCollaboratorsModule": _sponsors(trial),
        "oversightModule": _clean({"oversightHasDmc": trial.safety.dmc.required}),
        "descriptionModule": _description(trial),
        "conditionsModule": _clean({"conditions": [c for c in [trial.title_page.indication] if c]}),
        "designModule": _design(trial, enrolment),
        "armsInterventionsModule": _arms(trial, labels),
        "outcomesModule": _outcomes(trial),
        "eligibilityModule": _eligibility(trial),
        "contactsLocationsModule": _contacts(trial),
        "referencesModule": _references(trial),
        "ipdSharingStatementModule": _clean({"description": trial.open_science.data_sharing}),
    }
    return {"protocolSection": {k: v for k, v in modules.items() if v}}


def _check_lengths(trial: Trial) -> None:
    for field, (name, limit) in LIMITS.items():
        value: Any = trial
        for part in field.split("."):
            value = getattr(value, part)
        if value and len(value) > limit:
            raise DesignError(
                f"{field}: {len(value)} characters; the ClinicalTrials.gov {name} "
                f"allows at most {limit} (shorten it)"
            )


def arm_labels(trial: Trial) -> dict[str, str]:
    """Arm id -> the label used for it everywhere in the record (its name, else its id)."""
    labels: dict[str, str] = {}
    for arm in trial.arms:
        label = arm.name or arm.id
        if label in labels.values():
            raise DesignError(f"arms.{arm.id}.name: {label!r} is the name of another arm too; "
                              "ClinicalTrials.gov needs a different label for each arm")
        labels[arm.id] = label
    return labels


def _identification(trial: Trial) -> dict[str, Any]:
    page = trial.title_page
    nct = next((r.identifier for r in page.registry_ids
                if r.identifier and NCT.match(r.identifier.strip())), None)
    secondary = [
        {"id": r.identifier, "type": "REGISTRY", "domain": r.registry}
        for r in page.registry_ids if r.identifier and r.identifier != nct
    ] + [{"id": rid, "type": "OTHER"} for rid in page.regulatory_ids]
    return _clean({
        "nctId": nct,
        "orgStudyIdInfo": _clean({"id": page.protocol_id}),
        "secondaryIdInfos": secondary,
        "briefTitle": page.short_title,
        "officialTitle": page.full_title,
        "acronym": page.acronym,
        "organization": _clean({"fullName": page.sponsor.name}),
    })


def _status(trial: Trial) -> dict[str, Any]:
    date = trial.title_page.version_date
    return _clean({
        "statusVerifiedDate": date.strftime("%Y-%m") if date else None,
        "overallStatus": "NOT_YET_RECRUITING",
    })


def _sponsors(trial: Trial) -> dict[str, Any]:
    page = trial.title_page
    return _clean({
        "leadSponsor": _clean({"name": page.sponsor.name}),
        "collaborators": [{"name": f.name} for f in page.funders if f.name],
    })


def _description(trial: Trial) -> dict[str, Any]:
    parts = [trial.background.condition, trial.background.rationale, trial.design.description]
    detailed = "\n\n".join(p for p in parts if p)
    if len(detailed) > DETAILED_DESCRIPTION_LIMIT:
        raise DesignError(
            f"background.condition, background.rationale and design.description: "
            f"{len(detailed)} characters together; the ClinicalTrials.gov detailed description "
            f"allows at most {DETAILED_DESCRIPTION_LIMIT} (shorten them)"
        )
    return _clean({"briefSummary": trial.synopsis, "detailedDescription": detailed})


def phases(text: str | None) -> list[str]:
    """The registry's phases for the design's phase text (1, 2/3, not applicable, ...)."""
    if not text:
        return []
    key = re.sub(r"^phase\s*", "", text.strip().lower())
    key = key.replace("iii", "3").replace("ii", "2").replace("iv", "4")
    key = re.sub(r"\s*/\s*", "/", key)
    if key not in PHASES:
        raise DesignError(f"title_page.phase: {text!r} is not a trial phase "
                          "(write 0, 1, 1/2, 2, 2/3, 3, 4 or not applicable)")
    return PHASES[key]


def _design(trial: Trial, enrolment: int | None) -> dict[str, Any]:
    design = trial.design
    blinding = design.blinding
    masking = _clean({
        "masking": MASKING.get(blinding.level or ""),
        "maskingDescription": blinding.method,
        "whoMasked": [MASKED[r] for r in blinding.masked if r in MASKED],
    })
    info = _clean({
        "allocation": _allocation(trial),
        "interventionModel": MODEL.get(design.intervention_model or ""),
        "interventionModelDescription": design.description,
        "maskingInfo": masking,
    })
    return _clean({
        "studyType": "INTERVENTIONAL",
        "phases": phases(trial.title_page.phase),
        "designInfo": info,
        "enrollmentInfo": {"count": enrolment, "type": "ESTIMATED"} if enrolment else None,
    })


def _allocation(trial: Trial) -> str | None:
    if trial.design.intervention_model == "single_group" or len(trial.arms) == 1:
        return "NA"
    randomised = trial.design.randomisation.model_dump(exclude_defaults=True)
    return "RANDOMIZED" if randomised else None


def intervention_type(intervention: Intervention) -> str:
    """The registry's intervention type; OTHER when the design leaves the kind blank."""
    return INTERVENTION_TYPE.get(intervention.kind or "other", "OTHER")


def intervention_text(intervention: Intervention) -> str | None:
    """Dose, route, frequency and duration in one sentence, then the description."""
    parts = [intervention.dose, intervention.route, intervention.frequency, intervention.duration]
    regimen = ", ".join(p for p in parts if p)
    text = " ".join(p for p in [f"{regimen}." if regimen else None, intervention.description] if p)
    return text or None


def _arms(trial: Trial, labels: dict[str, str]) -> dict[str, Any]:
    groups = []
    interventions: dict[tuple[str, str], dict[str, Any]] = {}
    for arm in trial.arms:
        names = []
        for item in arm.interventions:
            kind = intervention_type(item)
            names.append(f"{INTERVENTION_LABEL[kind]}: {item.name}")
            entry = interventions.setdefault((kind, item.name), {**_clean({
                "type": kind, "name": item.name, "description": intervention_text(item),
            }), "armGroupLabels": []})
            entry["armGroupLabels"].append(labels[arm.id])
        groups.append(_arm_group(arm, labels[arm.id], names))
    return _clean({"armGroups": groups, "interventions": list(interventions.values())})


def _arm_group(arm: Arm, label: str, names: list[str]) -> dict[str, Any]:
    return _clean({
        "label": label, "type": ARM_TYPE.get(arm.type or ""), "description": arm.description,
        "interventionNames": names,
    })


def _outcomes(trial: Trial) -> dict[str, Any]:
    groups: dict[str, list[dict[str, Any]]] = {"primary": [], "secondary": [], "other": []}
    for endpoint in trial.endpoints():
        level = trial.endpoint_level(endpoint)
        key = {"primary": "primary", "secondary": "secondary", "safety": "secondary"}.get(level, "other")
        groups[key].append(_outcome(endpoint))
    return _clean({
        "primaryOutcomes": groups["primary"], "secondaryOutcomes": groups["secondary"],
        "otherOutcomes": groups["other"],
    })


def _outcome(endpoint: Endpoint) -> dict[str, Any]:
    unit = f"Unit: {endpoint.unit}." if endpoint.unit else None
    description = " ".join(p for p in [endpoint.description, unit] if p) or None
    return _clean({"measure": endpoint.name or endpoint.id, "description": description,
                   "timeFrame": endpoint.timepoint})


def criteria_text(inclusion: list[str], exclusion: list[str]) -> str | None:
    """The registry's eligibility text: two headed bullet lists."""
    blocks = []
    for title, items in (("Inclusion Criteria", inclusion), ("Exclusion Criteria", exclusion)):
        if items:
            blocks.append(f"{title}:\n\n" + "\n".join(f"* {c}" for c in items))
    return "\n\n".join(blocks) or None


def age_text(years: float | None) -> str | None:
    """An age as the registry writes it: whole years, else months."""
    if years is None:
        return None
    if float(years).is_integer():
        return f"{int(years)} Years"
    return f"{round(years * 12)} Months"


def _eligibility(trial: Trial) -> dict[str, Any]:
    pop = trial.population
    low = pop.age_min if pop.age_min is not None else 0.0
    high = pop.age_max if pop.age_max is not None else float("inf")
    ages = [name for name, (a, b) in {"CHILD": (0, 17.999), "ADULT": (18, 64.999),
                                      "OLDER_ADULT": (65, float("inf"))}.items()
            if low <= b and high >= a]
    known_ages = pop.age_min is not None or pop.age_max is not None
    return _clean({
        "eligibilityCriteria": criteria_text(pop.inclusion, pop.exclusion),
        "healthyVolunteers": pop.healthy_volunteers,
        "sex": pop.sex.upper() if pop.sex else None,
        "minimumAge": age_text(pop.age_min),
        "maximumAge": age_text(pop.age_max),
        "stdAges": ages if known_ages else [],
    })


def _official_role(role: str | None) -> str | None:
    text = (role or "").lower()
    if "chief investigator" in text or "principal investigator" in text:
        return "PRINCIPAL_INVESTIGATOR"
    if "chair" in text:
        return "STUDY_CHAIR"
    if "director" in text:
        return "STUDY_DIRECTOR"
    return None


def _contacts(trial: Trial) -> dict[str, Any]:
    officials = [
        _clean({"name": p.name, "affiliation": p.affiliation, "role": _official_role(p.role)})
        for p in trial.title_page.investigators if p.name and _official_role(p.role)
    ]
    sponsor = trial.title_page.sponsor
    contacts = []
    if sponsor.contact and "@" in sponsor.contact:
        contacts.append(_clean({"name": sponsor.name, "role": "CONTACT", "email": sponsor.contact}))
    return _clean({
        "centralContacts": contacts, "overallOfficials": officials,
        "locations": [{"country": c} for c in trial.design.countries],
    })


def _references(trial: Trial) -> dict[str, Any]:
    refs = [_clean({"pmid": r.pmid, "type": "BACKGROUND", "citation": r.citation})
            for r in trial.references]
    links = [{"label": r.citation[:100], "url": r.url} for r in trial.references if r.url]
    return _clean({"references": refs, "seeAlsoLinks": links})


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    """The entries that say something (no None, empty text, list or object)."""
    return {k: v for k, v in values.items() if v is not None and v != "" and v != [] and v != {}}
