"""A design from a CDISC USDM v4 file: the first study version and its first study design.

Coded values are read by their C-codes; trialkit's own extension attributes (written by the
exporter) restore what USDM has no place for. Texts lose their HTML markup; a syntax-template
tag such as <usdm:tag name="min_age"/> becomes "[min_age]" for the user to fill in.
"""

from __future__ import annotations

import html
import json
import re
from typing import Any

from trialkit.design.model import Trial
from trialkit.export import usdm_codes as ct
from trialkit.export.reader import At, build_trial, slug
from trialkit.export.usdm_ids import EXTENSION

ARM_TYPE = ct.reverse(ct.ARM_TYPE)
MODEL = ct.reverse(ct.MODEL)
BLINDING = ct.reverse(ct.BLINDING)
MASKED = ct.reverse(ct.MASKED_ROLE)
KIND = ct.reverse(ct.INTERVENTION_TYPE)
OBJECTIVE_LEVEL = ct.reverse(ct.OBJECTIVE_LEVEL)
ENDPOINT_LEVEL = {"C94496": "primary", "C139173": "secondary", "C170559": "exploratory"}
TITLE = {"C207616": "full_title", "C207615": "short_title", "C207646": "acronym", "C94108": "acronym"}
TITLE_WORDS = {"official study title": "full_title", "brief study title": "short_title",
               "study acronym": "acronym"}
CATEGORY = {"C25532": "inclusion", "C25370": "exclusion"}
STRATEGY = {"treatment policy": "treatment_policy", "hypothetical": "hypothetical",
            "composite": "composite", "while on treatment": "while_on_treatment",
            "principal stratum": "principal_stratum"}
DAYS = re.compile(r"^P(?:(\d+)W)?(?:(\d+)D)?$")
WEEKS = re.compile(r"^(\d+(?:\.\d+)?) weeks$")
IDENT = re.compile(r"^[A-Za-z0-9_.-]+$")


def from_usdm(data: dict[str, Any], source: str) -> Trial:
    """The design the file's first study version and study design describe."""
    root = At(data, "$", source)
    versions = root.get("study").get("versions").items()
    if not versions:
        root.get("study").get("versions").fail("the study has no version")
    version = versions[0]
    designs = version.get("studyDesigns").items()
    design = designs[0] if designs else At({}, f"{version.path}.studyDesigns[0]", source)
    index = _index(data)
    trial: dict[str, Any] = {
        "schema_version": 1,
        "title_page": _title_page(version, design, index),
        "synopsis": text(root.get("study").get("description")),
        "background": {"comparator_rationale": text(design.get("rationale"))},
        "design": _design(version, design),
        "population": _population(version, design, index),
        "arms": _arms(version, design, index),
        "objectives": _objectives(design, index),
        "abbreviations": {a: e for x in version.get("abbreviations").items()
                          if (a := x.get("abbreviatedText").text()) and (e := x.get("expandedText").text())},
    }
    trial["assessments"], names = _assessments(design)
    trial["visits"] = _visits(design, index, names)
    enrolment = design.get("population").get("plannedEnrollmentNumber")
    value = enrolment.get("value").number() if enrolment.get("instanceType").value == "Quantity" else None
    trial["sample_size"] = {"target_enrolment": int(value) if value and value >= 1 else None}
    return build_trial(trial, source)


def _index(data: Any) -> dict[str, dict[str, Any]]:
    """Every instance in the file by its id."""
    found: dict[str, dict[str, Any]] = {}
    stack = [data]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if isinstance(node.get("id"), str) and "instanceType" in node:
                found.setdefault(node["id"], node)
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return found


def text(at: At) -> str | None:
    """Plain text of a USDM text attribute (markup removed, template tags shown as [name])."""
    value = at.text()
    if value is None:
        return None
    value = re.sub(r'<usdm:tag\s+name="([^"]*)"\s*/?>(?:</usdm:tag>)?', r"[\1]", value)
    value = re.sub(r"<[^>]+>", " ", value)
    return " ".join(html.unescape(value).split()) or None


def code(at: At) -> str | None:
    """The C-code of a Code or of an AliasCode's standard code."""
    if at.get("standardCode").value is not None:
        at = at.get("standardCode")
    return at.get("code").text()


def ext(at: At, name: str) -> str | None:
    """trialkit's extension attribute ``name`` on this object (urn:trialkit:usdm:<name>)."""
    for attribute in at.get("extensionAttributes").items():
        if attribute.get("url").text() == EXTENSION + name:
            return attribute.get("valueString").text()
    return None


def ext_json(at: At, name: str) -> Any:
    """trialkit's extension attribute ``name`` holding a structured field as JSON text."""
    raw = ext(at, name)
    if raw is None:
        return None
    try:
        return json.loads(raw)
    except ValueError:
        at.get("extensionAttributes").fail(f"the trialkit extension {name!r} is not valid JSON")
    return None


def _ident(name: str | None, taken: set[str]) -> str:
    if name and IDENT.match(name) and name not in taken:
        taken.add(name)
        return name
    return slug(name or "item", taken)


def _title_page(version: At, design: At, index: dict[str, dict[str, Any]]) -> dict[str, Any]:
    page: dict[str, Any] = {"version": version.get("versionIdentifier").text()}
    for title in version.get("titles").items():
        decode = (title.get("type").get("decode").text() or "").lower()
        field = TITLE.get(code(title.get("type")) or "") or TITLE_WORDS.get(decode)
        if field and field not in page:
            page[field] = title.get("text").text()
    sponsor_ids = [i.text() for r in version.get("roles").items() if code(r.get("code")) == "C70793"
                   for i in r.get("organizationIds").items()]
    for identifier in version.get("studyIdentifiers").items():
        scope = identifier.get("scopeId").text()
        org = At(index.get(scope or ""), identifier.path, identifier.source)
        if scope in sponsor_ids and "protocol_id" not in page:
            page["protocol_id"] = identifier.get("text").text()
            page["sponsor"] = {"name": org.get("label").text() or org.get("name").text(),
                               "address": org.get("legalAddress").get("text").text()}
        elif code(org.get("type")) == "C93453":
            page.setdefault("registry_ids", []).append(
                {"registry": org.get("label").text() or org.get("name").text() or "registry",
                 "identifier": identifier.get("text").text()})
    dates = version.get("dateValues").items()
    page["version_date"] = dates[0].get("dateValue").text() if dates else None
    page["phase"] = ct.PHASE_TEXT.get(code(design.get("studyPhase")) or "")
    indications = design.get("indications").items()
    page["indication"] = ext(design, "indication") or (
        text(indications[0].get("label")) or text(indications[0].get("description"))
        or text(indications[0].get("name")) if indications else None)
    return page


def _design(version: At, design: At) -> dict[str, Any]:
    masked = [m for r in version.get("roles").items()
              if r.get("masking").get("isMasked").flag() and (m := MASKED.get(code(r.get("code")) or ""))]
    method = next((t for r in version.get("roles").items()
                   if (t := r.get("masking").get("text").text()) and t != "Masked"), None)
    weeks: dict[str, float] = {}
    for epoch in design.get("epochs").items():
        kind = {"C202487": "screening", "C101526": "treatment", "C202578": "follow_up"}.get(
            code(epoch.get("type")) or "")
        match = WEEKS.match(epoch.get("description").text() or "")
        if kind and match:
            weeks[f"{kind}_weeks"] = float(match.group(1))
    return {
        "intervention_model": MODEL.get(code(design.get("model")) or ""),
        "description": text(design.get("description")),
        "blinding": {"level": ext(design, "blinding")
                     or BLINDING.get(code(design.get("blindingSchema")) or ""),
                     "masked": list(dict.fromkeys(masked)), "method": method},
        **weeks,
    }


def _population(version: At, design: At, index: dict[str, dict[str, Any]]) -> dict[str, Any]:
    pop = design.get("population")
    sexes = {code(s) for s in pop.get("plannedSex").items()}
    sex = "all" if sexes >= {"C16576", "C20197"} or ct.BOTH_SEXES in sexes else (
        "female" if sexes == {"C16576"} else "male" if sexes == {"C20197"} else None)
    ages = pop.get("plannedAge")
    lists: dict[str, list[str]] = {"inclusion": [], "exclusion": []}
    for criterion in design.get("eligibilityCriteria").items():
        category = CATEGORY.get(code(criterion.get("category")) or "")
        item_id = criterion.get("criterionItemId").text() or ""
        item = At(index.get(item_id), f"{criterion.path}.criterionItemId", criterion.source)
        if item.value is None:
            criterion.get("criterionItemId").fail(f"{item_id} is not a criterion item in the file")
        if category and (wording := text(item.get("text"))):
            lists[category].append(wording)
    age_min = ages.get("minValue").get("value").number() if ages.value else None
    age_max = ages.get("maxValue").get("value").number() if ages.value else None
    return {
        "description": text(pop.get("description")),
        "age_min": age_min if age_min is not None else _float(ext(pop, "age_min")),
        "age_max": age_max if age_max is not None else _float(ext(pop, "age_max")),
        "sex": sex, "healthy_volunteers": pop.get("includesHealthySubjects").flag(), **lists,
    }


def _float(value: str | None) -> float | None:
    return float(value) if value else None


def _arms(version: At, design: At, index: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    interventions = {i.get("id").text(): i for i in version.get("studyInterventions").items()}
    taken: set[str] = set()
    arms = []
    for arm in design.get("arms").items():
        arm_id = arm.get("id").text()
        ids = [sid.text() for c in design.get("studyCells").items() if c.get("armId").text() == arm_id
               for e in c.get("elementIds").items()
               for sid in At(index.get(e.text() or ""), e.path, e.source).get("studyInterventionIds").items()]
        given = [_intervention(interventions[i]) for i in dict.fromkeys(ids) if i in interventions]
        arms.append({"id": _ident(arm.get("name").text(), taken),
                     "name": arm.get("label").text() or arm.get("name").text(),
                     "type": ARM_TYPE.get(code(arm.get("type")) or ""),
                     "description": text(arm.get("description")), "interventions": given})
    return arms


def _intervention(item: At) -> dict[str, Any]:
    return {"name": item.get("label").text() or item.get("name").text() or "intervention",
            "kind": ext(item, "kind") or KIND.get(code(item.get("type")) or ""),
            "description": text(item.get("description")),
            **{k: ext(item, k) for k in ("dose", "route", "frequency", "duration", "formulation")}}


def _objectives(design: At, index: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    estimands = {e.get("variableOfInterestId").text(): e for e in design.get("estimands").items()}
    taken: set[str] = set()
    out = []
    for objective in design.get("objectives").items():
        endpoints = []
        for endpoint in objective.get("endpoints").items():
            endpoints.append({
                "id": _ident(endpoint.get("name").text(), taken),
                "name": endpoint.get("label").text() or text(endpoint.get("text")),
                "level": ext(endpoint, "level"),
                "type": ext(endpoint, "type"), "unit": ext(endpoint, "unit"),
                "timepoint": ext(endpoint, "timepoint"),
                "transformation": ext(endpoint, "transformation"),
                "analysis": ext_json(endpoint, "analysis"),
                "measured_by": ext_json(endpoint, "measured_by") or [],
                "description": text(endpoint.get("description")),
                "estimand": _estimand(estimands.get(endpoint.get("id").text()), index),
            })
        out.append({"id": _ident(objective.get("name").text(), taken),
                    "level": ext(objective, "level")
                    or OBJECTIVE_LEVEL.get(code(objective.get("level")) or "", "secondary"),
                    "description": text(objective.get("text")),
                    "hypothesis": ext(objective, "hypothesis"), "endpoints": endpoints})
    return out


def _estimand(est: At | None, index: dict[str, dict[str, Any]]) -> dict[str, Any] | None:
    if est is None:
        return None
    population = At(index.get(est.get("analysisPopulationId").text() or ""), est.path, est.source)
    events = [{"event": text(e.get("text")) or text(e.get("name")) or "intercurrent event",
               "strategy": next((v for k, v in STRATEGY.items()
                                 if (e.get("strategy").text() or "").lower().startswith(k)), None),
               "rationale": text(e.get("description"))}
              for e in est.get("intercurrentEvents").items()]
    return {"population": text(population.get("text")), "variable": est.get("label").text(),
            "treatment_condition": text(est.get("description")),
            "summary_measure": text(est.get("populationSummary")), "intercurrent_events": events}


def _assessments(design: At) -> tuple[list[dict[str, Any]], dict[str, str]]:
    taken: set[str] = set()
    out, names = [], {}
    for activity in design.get("activities").items():
        ident = _ident(activity.get("name").text(), taken)
        names[activity.get("id").text() or ""] = ident
        out.append({"id": ident, "name": activity.get("label").text() or activity.get("name").text(),
                    "category": ext(activity, "category"), "description": text(activity.get("description"))})
    return out, names


def _visits(design: At, index: dict[str, dict[str, Any]], names: dict[str, str]) -> list[dict[str, Any]]:
    timelines = design.get("scheduleTimelines").items()
    main = next((t for t in timelines if t.get("mainTimeline").flag()), timelines[0] if timelines else None)
    instances = main.get("instances").items() if main else []
    timed = {t.get("relativeFromScheduledInstanceId").text(): t.value
             for t in (main.get("timings").items() if main else [])}
    taken: set[str] = set()
    visits = []
    for encounter in design.get("encounters").items():
        enc_id = encounter.get("id").text()
        mine = [i for i in instances if i.get("encounterId").text() == enc_id]
        activities = [names[a] for i in mine
                      for a in (x.text() for x in i.get("activityIds").items()) if a in names]
        when = index.get(encounter.get("scheduledAtId").text() or "") or next(
            (timed[i] for x in mine if (i := x.get("id").text()) in timed), None)
        timing = At(when, encounter.path, encounter.source)
        visits.append({"id": _ident(encounter.get("name").text(), taken),
                       "name": encounter.get("label").text() or encounter.get("name").text(),
                       "day": _day(timing) if timing.value else None,
                       "window_days": _days(timing.get("windowUpper").text()) if timing.value else None,
                       "assessments": list(dict.fromkeys(activities))})
    return visits


def _day(timing: At) -> int | None:
    """The visit's study day: trialkit's own, else the offset from the day-0 anchor."""
    own = ext(timing, "day")
    if own is not None and re.fullmatch(r"-?\d+", own):
        return int(own)
    offset = _days(timing.get("value").text())
    kind = code(timing.get("type"))
    if offset is None or kind is None:
        return None
    return {"C201358": 0, "C201356": offset, "C201357": -offset}.get(kind)


def _days(value: str | None) -> int | None:
    match = DAYS.match(value or "")
    if not match or not any(match.groups()):
        return None
    return int(match.group(1) or 0) * 7 + int(match.group(2) or 0)
