"""A CDISC USDM v4.0 file (the API's Wrapper: usdmVersion and study) from a design.

The study has one version with its identifiers, titles, organisations, roles, eligibility
criterion items and study interventions, and one interventional study design with arms,
epochs, study cells and elements, population, eligibility criteria, objectives with endpoints
and estimands, encounters and activities on one main timeline. Coded values are CDISC CT
(NCI Thesaurus C-codes, see usdm_codes). Trialkit fields USDM has no place for travel as
extension attributes (urn:trialkit:usdm:...), so a file trialkit wrote reads back whole.
"""

from __future__ import annotations

import json
from typing import Any

from trialkit import __version__
from trialkit.design.model import Endpoint, Estimand, Objective, Trial
from trialkit.errors import DesignError
from trialkit.export import usdm_codes as ct
from trialkit.export.ctgov import phases
from trialkit.export.usdm_ids import Builder, chain
from trialkit.export.usdm_schedule import build_schedule

USDM_VERSION = "4.0.0"
STRATEGY = {
    "treatment_policy": "Treatment Policy", "hypothetical": "Hypothetical",
    "composite": "Composite Variable", "while_on_treatment": "While on Treatment",
    "principal_stratum": "Principal Stratum",
}


def to_usdm(trial: Trial, enrolment: int | None) -> dict[str, Any]:
    """The Wrapper object of a USDM v4.0.0 file for the design."""
    _require(trial)
    b = Builder()
    page = trial.title_page
    organisations, identifiers, sponsor_id = _organisations(b, trial)
    interventions, interventions_of = _interventions(b, trial)
    items, criteria = _eligibility(b, trial)
    design = _design(b, trial, interventions, interventions_of, criteria, enrolment)
    version_id = b.id("StudyVersion")
    version = dict(
        id=version_id, extensionAttributes=[], versionIdentifier=page.version, rationale="",
        dateValues=_dates(b, trial), studyIdentifiers=identifiers, studyDesigns=[design],
        titles=[b.obj("StudyTitle", text=getattr(page, field), type=b.code(term))
                for field, term in ct.TITLE.items() if getattr(page, field)],
        eligibilityCriterionItems=items,
        abbreviations=[b.obj("Abbreviation", abbreviatedText=k, expandedText=v, notes=[])
                       for k, v in trial.abbreviations.items()],
        roles=_roles(b, trial, sponsor_id, version_id, design["id"]), organizations=organisations,
        studyInterventions=interventions, notes=[], instanceType="StudyVersion",
    )
    study = b.obj("Study", name=page.acronym or page.protocol_id, label=page.short_title,
                  description=trial.synopsis, versions=[version], documentedBy=[])
    return {"usdmVersion": USDM_VERSION, "systemName": "trialkit", "systemVersion": __version__,
            "study": study}


def _require(trial: Trial) -> None:
    """Refuse designs missing what USDM cannot do without, naming the field to fill."""
    needed = {
        "title_page.full_title": trial.title_page.full_title,
        "title_page.protocol_id": trial.title_page.protocol_id,
        "title_page.version": trial.title_page.version,
        "title_page.sponsor.name": trial.title_page.sponsor.name,
        "design.intervention_model": trial.design.intervention_model,
        "population.healthy_volunteers": trial.population.healthy_volunteers,
    }
    needed |= {f"arms.{a.id}.type": a.type for a in trial.arms}
    needed |= {f"arms.{a.id}.interventions.{i.name}.kind": i.kind
               for a in trial.arms for i in a.interventions}
    for field, value in needed.items():
        if value is None:
            raise DesignError(f"{field}: fill this in; a USDM file requires it")


def _organisations(b: Builder, trial: Trial) -> tuple[list[dict[str, Any]], list[dict[str, Any]], str]:
    """Sponsor and registry organisations, and the study identifiers each of them issued."""
    sponsor = trial.title_page.sponsor
    address = b.obj("Address", text=sponsor.address, lines=[]) if sponsor.address else None
    orgs = [b.obj("Organization", name=sponsor.name, label=None,
                  type=b.code(ct.OTHER_ORGANISATION), identifierScheme="", identifier="",
                  legalAddress=address, managedSites=[])]
    ids = [b.obj("StudyIdentifier", text=trial.title_page.protocol_id, scopeId=orgs[0]["id"])]
    for registration in trial.title_page.registry_ids:
        if registration.identifier:
            org = b.obj("Organization", name=registration.registry, label=None,
                        type=b.code(ct.REGISTRY_ORGANISATION), identifierScheme="", identifier="",
                        legalAddress=None, managedSites=[])
            orgs.append(org)
            ids.append(b.obj("StudyIdentifier", text=registration.identifier, scopeId=org["id"]))
    return orgs, ids, orgs[0]["id"]


def _dates(b: Builder, trial: Trial) -> list[dict[str, Any]]:
    date = trial.title_page.version_date
    if date is None:
        return []
    scope = b.obj("GeographicScope", type=b.code(ct.GLOBAL), code=None)
    return [b.obj("GovernanceDate", name="Protocol version date", label=None, description=None,
                  type=b.code(ct.ISSUED_DATE), dateValue=date.isoformat(), geographicScopes=[scope])]


def _roles(b: Builder, trial: Trial, sponsor_id: str, version_id: str,
           design_id: str) -> list[dict[str, Any]]:
    """The sponsor (for the study version) and each masked role (for the study design)."""
    roles = [b.obj("StudyRole", name="Sponsor", label=None, description=None,
                   code=b.code(ct.SPONSOR_ROLE), appliesToIds=[version_id], assignedPersons=[],
                   organizationIds=[sponsor_id], masking=None, notes=[])]
    blinding = trial.design.blinding
    for role in blinding.masked:
        term = ct.MASKED_ROLE[role]
        masking = b.obj("Masking", text=blinding.method or "Masked", isMasked=True)
        roles.append(b.obj("StudyRole", name=term[1], label=None, description=None,
                           code=b.code(term), appliesToIds=[design_id], assignedPersons=[],
                           organizationIds=[], masking=masking, notes=[]))
    return roles


def _interventions(b: Builder, trial: Trial) -> tuple[list[dict[str, Any]], dict[str, list[str]]]:
    """One study intervention per distinct intervention, and arm id -> the ids of its interventions.

    The same product at two doses is two study interventions; their names are made unique
    (DDF00010) and the label keeps the product's name.
    """
    by_name: dict[Any, dict[str, Any]] = {}
    names: set[str] = set()
    of_arm: dict[str, list[str]] = {}
    for arm in trial.arms:
        for item in arm.interventions:
            key = tuple(item.model_dump().values())
            if key not in by_name:
                assert item.kind is not None and arm.type is not None
                name, copies = item.name, 1
                while name in names:
                    copies += 1
                    name = f"{item.name} ({copies})"
                names.add(name)
                by_name[key] = b.obj(
                    "StudyIntervention", name=name, label=item.name, description=item.description,
                    role=b.code(ct.INTERVENTION_ROLE[arm.type]),
                    type=b.code(ct.INTERVENTION_TYPE[item.kind]), codes=[], administrations=[],
                    notes=[],
                ) | {"extensionAttributes": b.extensions(
                    kind=item.kind, dose=item.dose, route=item.route, frequency=item.frequency,
                    duration=item.duration, formulation=item.formulation)}
            of_arm.setdefault(arm.id, []).append(by_name[key]["id"])
    return list(by_name.values()), of_arm


def _eligibility(b: Builder, trial: Trial) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Criterion items (study version) and the criteria that use them (study design), in order."""
    items: list[dict[str, Any]] = []
    criteria: list[dict[str, Any]] = []
    for category, texts in (("inclusion", trial.population.inclusion),
                            ("exclusion", trial.population.exclusion)):
        for n, text in enumerate(texts, start=1):
            tag = f"{category[0].upper()}{n}"
            item = b.obj("EligibilityCriterionItem", name=tag, label=None, description=None,
                         text=text, dictionaryId=None, notes=[])
            items.append(item)
            criteria.append(b.obj("EligibilityCriterion", name=tag, label=None, description=None,
                                  category=b.code(ct.CRITERION[category]), identifier=tag,
                                  criterionItemId=item["id"], notes=[]))
    return items, chain(criteria)


def _design(b: Builder, trial: Trial, interventions: list[dict[str, Any]],
            interventions_of: dict[str, list[str]], criteria: list[dict[str, Any]],
            enrolment: int | None) -> dict[str, Any]:
    design_id = b.id("InterventionalStudyDesign")
    arms = [b.obj("StudyArm", name=a.id, label=a.name, description=a.description,
                  type=b.code(ct.ARM_TYPE[a.type or "other"]),
                  dataOriginDescription="Collected from the participants of this trial",
                  dataOriginType=b.code(ct.WITHIN_STUDY), populationIds=[], notes=[])
            for a in trial.arms]
    schedule = build_schedule(b, trial, {a.id: x["id"] for a, x in zip(trial.arms, arms, strict=True)},
                              interventions_of)
    objectives = [_objective(b, trial, o) for o in trial.objectives]
    endpoint_ids = {e["name"]: e["id"] for o in objectives for e in o["endpoints"]}
    estimands, populations = _estimands(b, trial, endpoint_ids, [i["id"] for i in interventions])
    phase = "/".join(phases(trial.title_page.phase))
    blinding = trial.design.blinding.level
    return {
        "id": design_id,
        "extensionAttributes": b.extensions(
            indication=trial.title_page.indication,
            blinding=blinding if blinding in ("triple", "quadruple") else None),
        "name": "Study design", "label": trial.title_page.short_title,
        "description": trial.design.description,
        "studyType": b.code(ct.INTERVENTIONAL),
        "studyPhase": b.alias(ct.PHASE[phase]) if phase in ct.PHASE else None,
        "therapeuticAreas": [], "characteristics": [b.code(t) for t in _characteristics(trial)],
        "encounters": schedule.encounters, "activities": schedule.activities, "arms": arms,
        "studyCells": schedule.cells, "rationale": trial.background.comparator_rationale or "",
        "epochs": schedule.epochs, "elements": schedule.elements, "estimands": estimands,
        "indications": [], "studyInterventionIds": [i["id"] for i in interventions],
        "objectives": objectives, "population": _population(b, trial, criteria, enrolment),
        "scheduleTimelines": schedule.timelines, "eligibilityCriteria": criteria,
        "analysisPopulations": populations, "notes": [], "subTypes": [],
        "model": b.code(ct.MODEL[trial.design.intervention_model or "parallel"]), "intentTypes": [],
        "blindingSchema": b.alias(ct.BLINDING[blinding]) if blinding else None,
        "instanceType": "InterventionalStudyDesign",
    }


def _characteristics(trial: Trial) -> list[ct.Term]:
    design = trial.design
    terms = []
    if design.randomisation.stratification:
        terms.append(ct.STRATIFIED)
    elif len(trial.arms) > 1 and design.randomisation.model_dump(exclude_defaults=True):
        terms.append(ct.RANDOMISED)
    if design.site_count is not None:
        terms.append(ct.SINGLE_CENTRE if design.site_count == 1 else ct.MULTICENTRE)
    return terms


def _objective(b: Builder, trial: Trial, objective: Objective) -> dict[str, Any]:
    endpoints = [_endpoint(b, trial, e) for e in objective.endpoints]
    return b.obj("Objective", name=objective.id, label=None, description=None,
                 text=objective.description or "", dictionaryId=None, notes=[],
                 level=b.code(ct.OBJECTIVE_LEVEL[objective.level]), endpoints=endpoints) | {
        "extensionAttributes": b.extensions(
            level=objective.level if objective.level == "safety" else None,
            hypothesis=objective.hypothesis)}


def _endpoint(b: Builder, trial: Trial, endpoint: Endpoint) -> dict[str, Any]:
    level = trial.endpoint_level(endpoint)
    return b.obj("Endpoint", name=endpoint.id, label=endpoint.name,
                 description=endpoint.description, text=endpoint.name or "", dictionaryId=None,
                 notes=[], purpose="", level=b.code(ct.ENDPOINT_LEVEL[level])) | {
        "extensionAttributes": b.extensions(
            level=endpoint.level, type=endpoint.type, unit=endpoint.unit,
            timepoint=endpoint.timepoint, transformation=endpoint.transformation,
            analysis=_json_or_none(endpoint.analysis.model_dump(mode="json", exclude_defaults=True)
                                   if endpoint.analysis else None),
            measured_by=_json_or_none(endpoint.measured_by))}


def _json_or_none(value: Any) -> str | None:
    """A structured trialkit field as JSON text for a string extension (None when empty)."""
    return json.dumps(value, ensure_ascii=False) if value else None


def _estimands(b: Builder, trial: Trial, endpoint_ids: dict[str, str],
               intervention_ids: list[str]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """An estimand (and its analysis population) for each endpoint that states one."""
    estimands: list[dict[str, Any]] = []
    populations: list[dict[str, Any]] = []
    for endpoint in trial.endpoints():
        if endpoint.estimand is None:
            continue
        est: Estimand = endpoint.estimand
        population = b.obj("AnalysisPopulation", name=f"{endpoint.id} population", label=None,
                           description=None, text=est.population or "", subsetOfIds=[], notes=[])
        populations.append(population)
        events = [b.obj("IntercurrentEvent", name=f"{endpoint.id} event {n}", label=None,
                        description=ice.rationale, text=ice.event, dictionaryId=None, notes=[],
                        strategy=STRATEGY.get(ice.strategy or "", ""))
                  for n, ice in enumerate(est.intercurrent_events, start=1)]
        estimands.append(b.obj(
            "Estimand", name=f"{endpoint.id} estimand", label=est.variable,
            description=est.treatment_condition, populationSummary=est.summary_measure or "",
            analysisPopulationId=population["id"], interventionIds=intervention_ids,
            variableOfInterestId=endpoint_ids[endpoint.id], intercurrentEvents=events, notes=[]))
    return estimands, populations


def _population(b: Builder, trial: Trial, criteria: list[dict[str, Any]],
                enrolment: int | None) -> dict[str, Any]:
    pop = trial.population
    ages = None
    if pop.age_min is not None and pop.age_max is not None:
        ages = b.obj("Range", minValue=b.quantity(pop.age_min, ct.YEARS),
                     maxValue=b.quantity(pop.age_max, ct.YEARS), isApproximate=False)
    one_bound = ages is None
    return b.obj(
        "StudyDesignPopulation", name="Study population", label=None, description=pop.description,
        includesHealthySubjects=bool(pop.healthy_volunteers),
        plannedEnrollmentNumber=b.quantity(enrolment) if enrolment else None,
        plannedCompletionNumber=None, plannedSex=[b.code(ct.SEX[s]) for s in _sexes(pop.sex)],
        criterionIds=[c["id"] for c in criteria], plannedAge=ages, notes=[], cohorts=[],
    ) | {"extensionAttributes": b.extensions(
        age_min=f"{pop.age_min:g}" if one_bound and pop.age_min is not None else None,
        age_max=f"{pop.age_max:g}" if one_bound and pop.age_max is not None else None)}


def _sexes(sex: str | None) -> list[str]:
    return ["female", "male"] if sex == "all" else [sex] if sex else []
