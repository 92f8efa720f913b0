"""The time structure of a USDM v4 study design: epochs, study cells and elements, encounters,
activities and the one main schedule timeline, from the design's periods and schedule."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

from trialkit.design.model import Trial, Visit
from trialkit.export import usdm_codes as ct
from trialkit.export.usdm_ids import Builder, chain

EPOCH_NAMES = {"screening": "Screening", "treatment": "Treatment", "follow_up": "Follow-up"}


@dataclass
class Schedule:
    """The parts of the study design that describe time, ready to put in the design."""

    epochs: list[dict[str, Any]]
    elements: list[dict[str, Any]]
    cells: list[dict[str, Any]]
    encounters: list[dict[str, Any]]
    activities: list[dict[str, Any]]
    timelines: list[dict[str, Any]]


def epoch_of(trial: Trial, day: int | None) -> str:
    """Which period a study day falls in: before day 0 screening, after treatment follow-up."""
    if day is not None and day < 0:
        return "screening"
    weeks = trial.design.treatment_weeks
    if day is not None and weeks is not None and day > weeks * 7:
        return "follow_up"
    return "treatment"


def build_schedule(b: Builder, trial: Trial, arm_ids: dict[str, str],
                   interventions_of: dict[str, list[str]]) -> Schedule:
    """Epochs, cells and elements for every arm, then the encounters and timeline of the visits."""
    kinds = _epoch_kinds(trial)
    epochs = chain([
        b.obj("StudyEpoch", name=EPOCH_NAMES[k], label=EPOCH_NAMES[k],
              description=_epoch_text(trial, k), type=b.code(ct.EPOCH[k]), notes=[])
        for k in kinds
    ])
    epoch_ids = {k: e["id"] for k, e in zip(kinds, epochs, strict=True)}
    elements: list[dict[str, Any]] = []
    cells: list[dict[str, Any]] = []
    shared: dict[str, str] = {}
    for arm in trial.arms:
        for kind in kinds:
            if kind == "treatment":
                element = b.obj("StudyElement", name=f"{arm.id} treatment", label=arm.name,
                                description=arm.description, transitionStartRule=None,
                                transitionEndRule=None,
                                studyInterventionIds=interventions_of.get(arm.id, []), notes=[])
                elements.append(element)
                element_id = element["id"]
            else:
                if kind not in shared:
                    element = b.obj("StudyElement", name=EPOCH_NAMES[kind], label=EPOCH_NAMES[kind],
                                    description=None, transitionStartRule=None,
                                    transitionEndRule=None, studyInterventionIds=[], notes=[])
                    elements.append(element)
                    shared[kind] = element["id"]
                element_id = shared[kind]
            cells.append(b.obj("StudyCell", armId=arm_ids[arm.id], epochId=epoch_ids[kind],
                               elementIds=[element_id]))
    activities = chain([
        b.obj("Activity", name=a.id, label=a.name, description=a.description, childIds=[],
              definedProcedures=[], biomedicalConceptIds=[], bcCategoryIds=[], bcSurrogateIds=[],
              timelineId=None, notes=[]) | {"extensionAttributes": b.extensions(category=a.category)}
        for a in trial.assessments
    ])
    activity_ids = {a.id: act["id"] for a, act in zip(trial.assessments, activities, strict=True)}
    encounters, timelines = _timeline(b, trial, epoch_ids, activity_ids)
    return Schedule(epochs, elements, cells, encounters, activities, timelines)


def _epoch_kinds(trial: Trial) -> list[str]:
    days = [v.day for v in trial.visits]
    kinds = []
    if trial.design.screening_weeks or any(epoch_of(trial, d) == "screening" for d in days):
        kinds.append("screening")
    kinds.append("treatment")
    if trial.design.follow_up_weeks or any(epoch_of(trial, d) == "follow_up" for d in days):
        kinds.append("follow_up")
    return kinds


def _epoch_text(trial: Trial, kind: str) -> str | None:
    weeks = {"screening": trial.design.screening_weeks, "treatment": trial.design.treatment_weeks,
             "follow_up": trial.design.follow_up_weeks}[kind]
    return f"{weeks:g} weeks" if weeks is not None else None


def _timeline(b: Builder, trial: Trial, epoch_ids: dict[str, str],
              activity_ids: dict[str, str]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """One encounter and one scheduled instance per visit, timed from the day-0 visit."""
    if not trial.visits:
        return [], []
    encounters = chain([
        b.obj("Encounter", name=v.id, label=v.name, description=None, type=b.code(ct.VISIT),
              scheduledAtId=None, environmentalSettings=[], contactModes=[],
              transitionStartRule=None, transitionEndRule=None, notes=[])
        for v in trial.visits
    ])
    exit_ = b.obj("ScheduleTimelineExit")
    instances = [
        b.obj("ScheduledActivityInstance", name=v.id, label=v.name, description=None,
              defaultConditionId=None, epochId=epoch_ids[epoch_of(trial, v.day)], timelineId=None,
              timelineExitId=None,
              activityIds=[activity_ids[a] for a in v.assessments if a in activity_ids],
              encounterId=e["id"])
        for v, e in zip(trial.visits, encounters, strict=True)
    ]
    for before, after in itertools.pairwise(instances):
        before["defaultConditionId"] = after["id"]
    instances[-1]["timelineExitId"] = exit_["id"]
    timings = _timings(b, trial.visits, instances)
    for encounter, instance in zip(encounters, instances, strict=True):
        encounter["scheduledAtId"] = timings.get(instance["id"], {}).get("id")
    timeline = b.obj(
        "ScheduleTimeline", name="Main timeline", label="Schedule of activities",
        description="The schedule of activities, one instance per visit", mainTimeline=True,
        entryCondition="",
        entryId=instances[0]["id"], exits=[exit_], timings=list(timings.values()),
        instances=instances, plannedDuration=_duration(b, trial),
    )
    return encounters, [timeline]


def _timings(b: Builder, visits: list[Visit],
             instances: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Instance id -> its Timing: the day-0 visit is the fixed reference, the others before or after it."""
    dated = [(v, i) for v, i in zip(visits, instances, strict=True) if v.day is not None]
    if not dated:
        return {}
    anchor_visit, anchor = next(((v, i) for v, i in dated if v.day == 0), dated[0])
    out: dict[str, dict[str, Any]] = {}
    for visit, instance in dated:
        assert visit.day is not None and anchor_visit.day is not None
        offset = visit.day - anchor_visit.day
        is_anchor = instance is anchor
        kind = ct.FIXED_REFERENCE if is_anchor else (ct.BEFORE if offset < 0 else ct.AFTER)
        window = None if is_anchor else visit.window_days
        out[instance["id"]] = b.obj(
            "Timing", name=f"{visit.id} timing", label=f"Day {visit.day}", description=None,
            type=b.code(kind), value=f"P{abs(offset)}D", valueLabel=f"Day {visit.day}",
            relativeToFrom=b.code(ct.START_TO_START), relativeFromScheduledInstanceId=instance["id"],
            relativeToScheduledInstanceId=None if is_anchor else anchor["id"],
            windowLower=None if window is None else f"P{window}D",
            windowUpper=None if window is None else f"P{window}D",
            windowLabel=None if window is None else f"± {window} days",
        ) | {"extensionAttributes": b.extensions(day=str(visit.day))}
    return out


def _duration(b: Builder, trial: Trial) -> dict[str, Any] | None:
    """The planned time on study: screening, treatment and follow-up weeks added up."""
    design = trial.design
    parts = [design.screening_weeks, design.treatment_weeks, design.follow_up_weeks]
    if design.treatment_weeks is None:
        return None
    weeks = sum(p for p in parts if p is not None)
    return b.obj("Duration", text=f"{weeks:g} weeks", quantity=b.quantity(weeks, ct.WEEKS),
                 durationWillVary=False, reasonDurationWillVary=None)
