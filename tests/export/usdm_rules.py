"""A test-side check of CDISC DDF-RA USDM_CORE_Rules (v4.0) and of every id cross-reference.

Each check is named by its CORE rule id (DDF00xxx) as published in DDF-RA v4.0.0
``Deliverables/RULES/USDM_CORE_Rules.xlsx``; ``violations`` returns "RULE: where: what".
The schema rules (DDF00081, DDF00082, DDF00125, DDF00126) are the strict schema validation.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from typing import Any

CHECKED = (
    "DDF00083", "DDF00260", "DDF00010", "DDF00170", "DDF00023", "DDF00027", "DDF00021",
    "DDF00022", "DDF00035", "DDF00073", "DDF00155", "DDF00248", "DDF00249", "DDF00158",
    "DDF00041", "DDF00096", "DDF00084", "DDF00258", "DDF00042", "DDF00080", "DDF00099",
    "DDF00037", "DDF00008", "DDF00108", "DDF00012", "DDF00153", "DDF00069", "DDF00243",
    "DDF00040", "DDF00234", "DDF00188", "DDF00172", "DDF00189", "DDF00203", "DDF00201",
    "DDF00202", "DDF00191", "DDF00192", "DDF00193", "DDF00100", "DDF00115", "DDF00031",
    "DDF00036", "DDF00007", "DDF00009", "DDF00060", "DDF00006", "DDF00025", "DDF00061",
    "DDF00062", "REFS",
)
"""Rules this module checks ("REFS": every *Id / *Ids value names an instance of the right class)."""

TARGET = {
    "armId": "StudyArm", "epochId": "StudyEpoch", "elementIds": "StudyElement",
    "criterionItemId": "EligibilityCriterionItem", "criterionIds": "EligibilityCriterion",
    "scopeId": "Organization", "organizationIds": "Organization", "encounterId": "Encounter",
    "activityIds": "Activity", "studyInterventionIds": "StudyIntervention",
    "interventionIds": "StudyIntervention", "variableOfInterestId": "Endpoint",
    "analysisPopulationId": "AnalysisPopulation", "scheduledAtId": "Timing",
    "relativeFromScheduledInstanceId": "ScheduledActivityInstance",
    "relativeToScheduledInstanceId": "ScheduledActivityInstance",
    "entryId": "ScheduledActivityInstance", "defaultConditionId": "ScheduledActivityInstance",
    "timelineExitId": "ScheduleTimelineExit", "timelineId": "ScheduleTimeline",
    "appliesToIds": ("StudyVersion", "InterventionalStudyDesign"),
}
DURATION = re.compile(r"^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?$")
ORDERED = ("StudyEpoch", "Encounter", "Activity", "EligibilityCriterion")


def objects(node: Any, path: str = "$") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every USDM instance (an object with instanceType) and its JSON path."""
    if isinstance(node, dict):
        if "instanceType" in node:
            yield path, node
        for key, value in node.items():
            yield from objects(value, f"{path}.{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from objects(value, f"{path}[{i}]")


def violations(wrapper: dict[str, Any]) -> list[str]:
    """Every violation of the checked rules in a USDM Wrapper."""
    found: list[str] = []
    every = list(objects(wrapper))
    by_id: dict[str, dict[str, Any]] = {}
    for path, obj in every:
        if "id" not in obj or obj["instanceType"] == "Study":
            continue
        if obj["id"] in by_id:
            found.append(f"DDF00083: {path}: id {obj['id']} is used twice")
        if " " in obj["id"]:
            found.append(f"DDF00260: {path}: id {obj['id']!r} has a space")
        by_id[obj["id"]] = obj
    found += _references(every, by_id)
    found += _names(every)
    found += _ordering(every, by_id)
    found += _codes(every)
    version = wrapper["study"]["versions"][0]
    for design in version["studyDesigns"]:
        found += _design(design, version, by_id)
    found += _version(version, by_id)
    found += _timings(every)
    return found


def _references(every: list[tuple[str, dict[str, Any]]], by_id: dict[str, dict[str, Any]]) -> list[str]:
    out = []
    for path, obj in every:
        for key, value in obj.items():
            if key not in TARGET or value is None:
                continue
            if key == "appliesToIds" and obj["instanceType"] != "StudyRole":
                continue
            wanted = TARGET[key]
            classes = wanted if isinstance(wanted, tuple) else (wanted,)
            for ref in value if isinstance(value, list) else [value]:
                target = by_id.get(ref)
                if target is None or target["instanceType"] not in classes:
                    out.append(f"REFS: {path}.{key}: {ref} is not a {' or '.join(classes)}")
    return out


def _names(every: list[tuple[str, dict[str, Any]]]) -> list[str]:
    out = []
    for path, obj in every:
        for key, value in obj.items():
            if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
                names = Counter((v.get("instanceType"), v["name"]) for v in value if "name" in v)
                out += [f"DDF00010: {path}.{key}: name {n!r} twice" for (_, n), c in names.items() if c > 1]
    return out


def _ordering(every: list[tuple[str, dict[str, Any]]], by_id: dict[str, dict[str, Any]]) -> list[str]:
    out = []
    seen: Counter[tuple[str, str]] = Counter()
    for path, obj in every:
        if obj["instanceType"] not in ORDERED:
            continue
        for key, back in (("previousId", "nextId"), ("nextId", "previousId")):
            ref = obj.get(key)
            if ref is None:
                continue
            seen[(key, ref)] += 1
            if ref == obj["id"]:
                out.append(f"{'DDF00021' if key == 'previousId' else 'DDF00022'}: {path}: refers to itself")
            elif by_id.get(ref, {}).get(back) != obj["id"]:
                out.append(f"DDF00023: {path}.{key}: {ref} does not point back")
    out += [f"DDF00027: {ref} is {key} of more than one instance" for (key, ref), c in seen.items() if c > 1]
    return out


def _codes(every: list[tuple[str, dict[str, Any]]]) -> list[str]:
    out = []
    decodes: dict[tuple[str, str, str], set[str]] = {}
    versions: dict[str, set[str]] = {}
    for _, obj in every:
        if obj["instanceType"] != "Code":
            continue
        system, version = obj["codeSystem"], obj["codeSystemVersion"]
        decodes.setdefault((system, version, obj["code"]), set()).add(obj["decode"])
        versions.setdefault(system, set()).add(version)
        if system == "http://www.cdisc.org" and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", version):
            out.append(f"DDF00155: code {obj['code']} has version {version!r}")
    out += [f"DDF00035: {key[2]} decodes as {sorted(d)}" for key, d in decodes.items() if len(d) > 1]
    out += [f"DDF00073: {s} in versions {sorted(v)}" for s, v in versions.items() if len(v) > 1]
    return out


def _design(design: dict[str, Any], version: dict[str, Any], by_id: dict[str, dict[str, Any]]) -> list[str]:
    out = []
    objectives = design.get("objectives", [])
    primary_objectives = [o for o in objectives if o["level"]["code"] == "C85826"]
    if len(primary_objectives) != 1:
        out.append(f"DDF00084: {len(primary_objectives)} primary objectives")
    endpoints = [(o, e) for o in objectives for e in o.get("endpoints", [])]
    if not any(e["level"]["code"] == "C94496" for _, e in endpoints):
        out.append("DDF00041: no primary endpoint")
    out += [f"DDF00096: endpoint {e['name']} is primary under a non-primary objective"
            for o, e in endpoints if e["level"]["code"] == "C94496" and o["level"]["code"] != "C85826"]
    characteristics = {c["code"] for c in design.get("characteristics", [])}
    if len(characteristics & {"C46079", "C25689", "C147145"}) > 1:
        out.append("DDF00258: more than one randomisation characteristic")
    items = Counter(c["criterionItemId"] for c in design["eligibilityCriteria"])
    out += [f"DDF00248: item {i} used {n} times" for i, n in items.items() if n > 1]
    out += [f"DDF00249: item {i['id']} unused" for i in version.get("eligibilityCriterionItems", [])
            if i["id"] not in items]
    population = design["population"]
    used = set(population.get("criterionIds", []))
    out += [f"DDF00158: criterion {c['id']} not in the population"
            for c in design["eligibilityCriteria"] if c["id"] not in used]
    ages = population.get("plannedAge")
    if ages and ages["isApproximate"]:
        out.append("DDF00042: planned age is approximate")
    enrolment = population.get("plannedEnrollmentNumber")
    if enrolment and enrolment.get("unit"):
        out.append("DDF00234: planned enrolment has a unit")
    sexes = sorted(c["code"] for c in population.get("plannedSex", []))
    if sexes not in ([], ["C16576"], ["C20197"], ["C16576", "C20197"]):
        out.append(f"DDF00188: planned sex {sexes}")
    out += _cells(design)
    out += _timelines(design)
    out += _masking(design, version)
    return out


def _cells(design: dict[str, Any]) -> list[str]:
    out = []
    pairs = Counter((c["armId"], c["epochId"]) for c in design["studyCells"])
    out += [f"DDF00069: arm/epoch {p} twice" for p, n in pairs.items() if n > 1]
    out += [f"DDF00243: arm {a['id']} has no cell in epoch {e['id']}"
            for a in design["arms"] for e in design["epochs"] if (a["id"], e["id"]) not in pairs]
    used = {i for c in design["studyCells"] for i in c["elementIds"]}
    out += [f"DDF00040: element {e['id']} in no cell"
            for e in design.get("elements", []) if e["id"] not in used]
    return out


def _timelines(design: dict[str, Any]) -> list[str]:
    out = []
    timelines = design.get("scheduleTimelines", [])
    if sum(t["mainTimeline"] for t in timelines) != 1:
        out.append("DDF00012: not exactly one main timeline")
    epochs_used = set()
    for timeline in timelines:
        if not timeline.get("exits"):
            out.append(f"DDF00108: timeline {timeline['id']} has no exit")
        if timeline["mainTimeline"] and not timeline.get("plannedDuration"):
            out.append("DDF00153: the main timeline has no planned duration")
        instances = timeline.get("instances", [])
        if not any(i.get("timelineExitId") for i in instances):
            out.append(f"DDF00037: no instance of {timeline['id']} exits")
        for instance in instances:
            if bool(instance.get("defaultConditionId")) == bool(instance.get("timelineExitId")):
                out.append(f"DDF00008: {instance['id']} needs a default condition or an exit, not both")
            if not instance.get("epochId"):
                out.append(f"DDF00080: {instance['id']} has no epoch")
            epochs_used.add(instance.get("epochId"))
        anchors = {t["relativeFromScheduledInstanceId"] for t in timeline.get("timings", [])
                   if t["type"]["code"] == "C201358"}
        if not anchors:
            out.append(f"DDF00009: timeline {timeline['id']} has no anchor")
    if timelines:
        out += [f"DDF00099: epoch {e['id']} has no scheduled instance"
                for e in design["epochs"] if e["id"] not in epochs_used]
    return out


def _masking(design: dict[str, Any], version: dict[str, Any]) -> list[str]:
    schema = (design.get("blindingSchema") or {}).get("standardCode", {}).get("code")
    masked = [r for r in version.get("roles", []) if r.get("masking")]
    if schema == "C49659" and masked:
        return ["DDF00191: masking in an open-label design"]
    if schema == "C15228" and len(masked) < 2:
        return ["DDF00192: double blind with fewer than two masked roles"]
    if schema and schema not in ("C49659", "C15228") and not masked:
        return ["DDF00193: blinded design with no masked role"]
    return []


def _version(version: dict[str, Any], by_id: dict[str, dict[str, Any]]) -> list[str]:
    out = []
    abbreviations = Counter(a["abbreviatedText"] for a in version.get("abbreviations", []))
    out += [f"DDF00170: abbreviation {a} twice" for a, n in abbreviations.items() if n > 1]
    types = Counter(t["type"]["code"] for t in version["titles"])
    out += [f"DDF00100: title type {t} twice" for t, n in types.items() if n > 1]
    if "C207616" not in types:
        out.append("DDF00115: no official study title")
    sponsors = [r for r in version.get("roles", []) if r["code"]["code"] == "C70793"]
    if len(sponsors) != 1:
        return [*out, f"DDF00201: {len(sponsors)} sponsor roles"]
    sponsor = sponsors[0]
    if len(sponsor.get("organizationIds", [])) != 1:
        out.append("DDF00202: the sponsor role names not exactly one organisation")
    if sponsor.get("appliesToIds") != [version["id"]]:
        out.append("DDF00203: the sponsor role does not apply to the study version")
    scoped = [i for i in version["studyIdentifiers"] if i["scopeId"] in sponsor.get("organizationIds", [])]
    if len(scoped) != 1:
        out.append(f"DDF00172: {len(scoped)} sponsor study identifiers")
    for role in version.get("roles", []):
        kinds = {by_id[i]["instanceType"] for i in role.get("appliesToIds", []) if i in by_id}
        if len(kinds) != 1:
            out.append(f"DDF00189: role {role['id']} applies to {sorted(kinds)}")
    return out


def _timings(every: list[tuple[str, dict[str, Any]]]) -> list[str]:
    out = []
    for path, timing in every:
        if timing["instanceType"] != "Timing":
            continue
        fixed = timing["type"]["code"] == "C201358"
        start, end = timing["relativeFromScheduledInstanceId"], timing.get("relativeToScheduledInstanceId")
        if fixed:
            if timing["relativeToFrom"]["code"] != "C201355":
                out.append(f"DDF00036: {path}: anchor is not start to start")
            if end not in (None, start):
                out.append(f"DDF00007: {path}: anchor points to two instances")
            if any(timing.get(k) for k in ("windowLower", "windowUpper", "windowLabel")):
                out.append(f"DDF00025: {path}: anchor has a window")
        elif not end or end == start:
            out.append(f"DDF00031: {path}: not relative to another instance")
        if not DURATION.match(timing["value"]):
            out.append(f"DDF00060: {path}: value {timing['value']!r}")
        window = [timing.get(k) for k in ("windowLower", "windowUpper", "windowLabel")]
        if any(window) and not all(window):
            out.append(f"DDF00006: {path}: window partly given")
        for key, rule in (("windowLower", "DDF00061"), ("windowUpper", "DDF00062")):
            if timing.get(key) and not DURATION.match(timing[key]):
                out.append(f"{rule}: {path}: {key} {timing[key]!r}")
    return out
