"""A design from a ClinicalTrials.gov API v2 study record (the JSON the registry serves).

Only what the record states is copied; the rest stays blank and renders as prompts. The
registry has outcomes but no objectives: primary, secondary and other outcomes become the
endpoints of a primary, a secondary and an exploratory objective whose wording is left to
fill. The registry has no schedule of visits, so none is made.
"""

from __future__ import annotations

import re
from typing import Any

from trialkit.design.model import Trial
from trialkit.export import ctgov
from trialkit.export.reader import At, build_trial, slug

ARM_TYPE = {v: k for k, v in ctgov.ARM_TYPE.items()}
KIND = {"DRUG": "drug", "BIOLOGICAL": "biological", "DEVICE": "device", "PROCEDURE": "procedure",
        "BEHAVIORAL": "behavioural", "DIETARY_SUPPLEMENT": "dietary"}
MODEL = {v: k for k, v in ctgov.MODEL.items()}
MASKING = {v: k for k, v in ctgov.MASKING.items()}
MASKED = {v: k for k, v in ctgov.MASKED.items()}
PHASES = {"EARLY_PHASE1": "0", "PHASE1": "1", "PHASE1/PHASE2": "1/2", "PHASE2": "2",
          "PHASE2/PHASE3": "2/3", "PHASE3": "3", "PHASE4": "4", "NA": "not applicable"}
AGE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(year|month|week|day|hour|minute)s?\s*$", re.IGNORECASE)
PER_YEAR = {"year": 1, "month": 12, "week": 52.1775, "day": 365.25, "hour": 8766, "minute": 525960}
UNIT = re.compile(r"\s*Unit: (.+)\.$")


def from_ctgov(data: dict[str, Any], source: str) -> Trial:
    """The design a ClinicalTrials.gov v2 study record describes."""
    section = At(data, "$", source).get("protocolSection")
    if not isinstance(section.value, dict):
        section.fail("expected the record's protocol section (an object)")
    ident = section.get("identificationModule")
    design = section.get("designModule")
    info = design.get("designInfo")
    masking = info.get("maskingInfo")
    sponsors = section.get("sponsorCollaboratorsModule")
    trial: dict[str, Any] = {
        "schema_version": 1,
        "title_page": {
            "full_title": ident.get("officialTitle").text(),
            "short_title": ident.get("briefTitle").text(),
            "acronym": ident.get("acronym").text(),
            "protocol_id": ident.get("orgStudyIdInfo").get("id").text(),
            "phase": _phase(design.get("phases")),
            "sponsor": {"name": sponsors.get("leadSponsor").get("name").text()
                        or ident.get("organization").get("fullName").text(),
                        "contact": _contact(section)},
            "funders": [{"name": c.get("name").text()} for c in sponsors.get("collaborators").items()
                        if c.get("name").text()],
            "registry_ids": _registrations(ident),
            "investigators": _officials(section),
            "indication": "; ".join(t for c in section.get("conditionsModule").get("conditions").items()
                                    if (t := c.text())) or None,
        },
        "synopsis": section.get("descriptionModule").get("briefSummary").text(),
        "background": {"rationale": section.get("descriptionModule").get("detailedDescription").text()},
        "design": {
            "intervention_model": _lookup(MODEL, info.get("interventionModel")),
            "description": info.get("interventionModelDescription").text(),
            "blinding": {"level": _lookup(MASKING, masking.get("masking")),
                         "masked": [m for w in masking.get("whoMasked").items()
                                    if (m := _lookup(MASKED, w))],
                         "method": masking.get("maskingDescription").text()},
            "countries": _countries(section),
        },
        "population": _population(section.get("eligibilityModule")),
        "arms": _arms(section.get("armsInterventionsModule")),
        "objectives": _objectives(section.get("outcomesModule")),
        "safety": {"dmc": {"required": section.get("oversightModule").get("oversightHasDmc").flag()}},
        "sample_size": {"target_enrolment": _count(design.get("enrollmentInfo").get("count"))},
        "open_science": {"data_sharing": section.get("ipdSharingStatementModule").get("description").text()},
        "references": [
            {"id": f"R{n}", "citation": citation, "pmid": r.get("pmid").text()}
            for n, r in enumerate(section.get("referencesModule").get("references").items(), start=1)
            if (citation := r.get("citation").text())
        ],
    }
    return build_trial(trial, source)


def _lookup(table: dict[str, str], at: At) -> str | None:
    """The design's value for a registry enumeration (None when absent or not one trialkit has)."""
    text = at.text()
    return table.get(text) if text else None


def _phase(at: At) -> str | None:
    key = "/".join(p for item in at.items() if (p := item.text()))
    return PHASES.get(key) if key else None


def _count(at: At) -> int | None:
    value = at.number()
    if value is None:
        return None
    if value < 1 or not value.is_integer():
        at.fail(f"enrolment must be a whole number of participants, got {value:g}")
    return int(value)


def _registrations(ident: At) -> list[dict[str, Any]]:
    out = []
    if nct := ident.get("nctId").text():
        out.append({"registry": "ClinicalTrials.gov", "identifier": nct})
    for info in ident.get("secondaryIdInfos").items():
        kind = info.get("type").text()
        if kind in ("REGISTRY", "EUDRACT_NUMBER") and (number := info.get("id").text()):
            registry = info.get("domain").text() or ("EudraCT" if kind == "EUDRACT_NUMBER" else "registry")
            out.append({"registry": registry, "identifier": number})
    return out


def _officials(section: At) -> list[dict[str, Any]]:
    roles = {"PRINCIPAL_INVESTIGATOR": "Principal investigator", "STUDY_CHAIR": "Study chair",
             "STUDY_DIRECTOR": "Study director", "SUB_INVESTIGATOR": "Sub-investigator"}
    return [{"name": name, "affiliation": o.get("affiliation").text(),
             "role": roles.get(o.get("role").text() or "")}
            for o in section.get("contactsLocationsModule").get("overallOfficials").items()
            if (name := o.get("name").text())]


def _contact(section: At) -> str | None:
    contacts = section.get("contactsLocationsModule").get("centralContacts").items()
    return next((e for c in contacts if (e := c.get("email").text())), None)


def _countries(section: At) -> list[str]:
    seen: dict[str, None] = {}
    for location in section.get("contactsLocationsModule").get("locations").items():
        if country := location.get("country").text():
            seen.setdefault(country, None)
    return list(seen)


def age_years(at: At) -> float | None:
    """An age as the registry writes it ("18 Years", "6 Months") in years."""
    text = at.text()
    if text is None or text.upper() in ("N/A", "NA"):
        return None
    match = AGE.match(text)
    if not match:
        at.fail(f"{text!r} is not an age such as '18 Years' or '6 Months'")
        return None
    value, unit = float(match.group(1)), match.group(2).lower()
    years = value / PER_YEAR[unit]
    return round(years, 4) if unit != "year" else value


def criteria_lists(text: str | None) -> tuple[list[str], list[str], str | None]:
    """Inclusion and exclusion criteria from the registry's text (and any text outside them)."""
    if not text:
        return [], [], None
    lists: dict[str, list[str]] = {"inclusion": [], "exclusion": []}
    current: str | None = None
    loose: list[str] = []
    for raw in text.splitlines():
        line = raw.strip()
        heading = re.match(r"^(inclusion|exclusion)\s+criteria\s*:?\s*$", line, re.IGNORECASE)
        if heading:
            current = heading.group(1).lower()
        elif not line:
            continue
        elif current is None:
            loose.append(line)
        else:
            item = re.match(r"^(?:[*\-•]|\d+[.)])\s+(.*)$", line)
            if item or not lists[current]:
                lists[current].append(item.group(1).strip() if item else line)
            else:
                lists[current][-1] += " " + line
    return lists["inclusion"], lists["exclusion"], "\n".join(loose) or None


def _population(elig: At) -> dict[str, Any]:
    inclusion, exclusion, other = criteria_lists(elig.get("eligibilityCriteria").text())
    sex = elig.get("sex").text()
    return {
        "description": other,
        "age_min": age_years(elig.get("minimumAge")),
        "age_max": age_years(elig.get("maximumAge")),
        "sex": sex.lower() if sex in ("ALL", "FEMALE", "MALE") else None,
        "healthy_volunteers": elig.get("healthyVolunteers").flag(),
        "inclusion": inclusion,
        "exclusion": exclusion,
    }


def _arms(module: At) -> list[dict[str, Any]]:
    interventions = module.get("interventions").items()
    taken: set[str] = set()
    arms = []
    for group in module.get("armGroups").items():
        label = group.get("label").text()
        if label is None:
            group.get("label").fail("an arm has no label")
            continue
        given = [
            {"name": name, "kind": KIND.get(i.get("type").text() or "", "other"),
             "description": i.get("description").text()}
            for i in interventions
            if (name := i.get("name").text()) and label in [x.text() for x in i.get("armGroupLabels").items()]
        ]
        arms.append({"id": slug(label, taken), "name": label,
                     "type": ARM_TYPE.get(group.get("type").text() or ""),
                     "description": group.get("description").text(), "interventions": given})
    return arms


def _objectives(module: At) -> list[dict[str, Any]]:
    objectives = []
    count = 0
    for key, level, n in (("primaryOutcomes", "primary", 1), ("secondaryOutcomes", "secondary", 2),
                          ("otherOutcomes", "exploratory", 3)):
        endpoints = []
        for outcome in module.get(key).items():
            count += 1
            description = outcome.get("description").text()
            unit = UNIT.search(description) if description else None
            if unit and description:
                description = description[:unit.start()].strip() or None
            endpoints.append({"id": f"E{count}", "name": outcome.get("measure").text(),
                              "description": description, "unit": unit.group(1) if unit else None,
                              "timepoint": outcome.get("timeFrame").text()})
        if endpoints:
            objectives.append({"id": f"O{n}", "level": level, "endpoints": endpoints})
    return objectives
