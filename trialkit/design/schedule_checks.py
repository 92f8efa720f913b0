"""Schedule checks a reviewer makes: each endpoint measured at its time point, a blood count
and (when women who can become pregnant may take part) a pregnancy test before the first
dose and during treatment, and adverse events collected over the whole treatment period.

Assessments are recognised by their names and descriptions (a blood count, a pregnancy test,
adverse events); an endpoint is linked to the assessments its ``measured_by`` names, or else
to those whose names share a distinctive word with the endpoint's name.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from trialkit.design.model import Assessment, Endpoint, Population, Trial, Visit
from trialkit.design.validate import Problem, Severity

if TYPE_CHECKING:
    from trialkit.design.sizing import Sizing

BLOOD_COUNT = re.compile(
    r"blood count|h(a)?ematology|full blood|complete blood|\b[fc]bc\b|differential|"
    r"neutrophil|h(a)?emoglobin|platelet", re.I)
PREGNANCY_TEST = re.compile(r"pregnan|\bhcg\b", re.I)
ADVERSE_EVENTS = re.compile(r"adverse|side effect|toxicit|\baes?\b", re.I)
_EXCLUDED_WOCBP = re.compile(
    r"(women|females?|participants?|people) (of|with|who are of) child-?bearing potential", re.I)
_UNLESS = re.compile(r"unless|not using|without|unwilling|contracept|who do not|not agree", re.I)
_TIME = re.compile(r"\b(day|week|month|year)s?[\s-]*(\d+(?:\.\d+)?)", re.I)
_DAYS = {"day": 1.0, "week": 7.0, "month": 365.25 / 12, "year": 365.25}
_WORD = re.compile(r"[a-z0-9]+(?:[-+][a-z0-9]+)*")
_COMMON = frozenset((  # words that say nothing about what is measured
    "after", "all", "and", "any", "baseline", "before", "change", "daily", "day", "dose",
    "during", "end", "for", "from", "into", "level", "mean", "measured", "month", "number",
    "over", "per", "proportion", "rate", "ratio", "score", "test", "the", "time", "total",
    "treatment", "visit", "week", "with", "within", "year",
))
_MEDICINAL = (None, "drug", "biological", "cell_therapy")


def schedule_problems(trial: Trial, _: Sizing) -> Iterator[Problem]:
    """Every schedule gap a reviewer would name (only unscheduled assessments when the visits
    have no days)."""
    yield from _unscheduled(trial)
    visits = [v for v in trial.visits if v.day is not None]
    if not visits:
        return
    yield from _endpoints_measured(trial, visits)
    if not _gets_a_medicine(trial):
        return
    days = {v.day for v in visits}
    first = 1 if 1 in days and 0 not in days else 0  # day 0 or 1 is randomisation
    end = first + 7 * trial.design.treatment_weeks if trial.design.treatment_weeks else None
    yield from _before_first_dose(trial, visits, first)
    if admits_childbearing_potential(trial.population):
        yield from _pregnancy_tests(trial, visits, first, end)
    yield from _adverse_event_collection(trial, visits, first, end)


def _unscheduled(trial: Trial) -> Iterator[Problem]:
    """Each assessment no visit includes, named, so a list of them says which to schedule."""
    scheduled = {i for visit in trial.visits for i in visit.assessments}
    for assessment in trial.assessments:
        if assessment.id not in scheduled:
            name = f"assessment {assessment.id}" + (
                f" ({assessment.name})" if assessment.name else "")
            yield Problem("warning", f"assessments.{assessment.id}",
                          f"{name} is not scheduled at any visit")


def admits_childbearing_potential(population: Population) -> bool:
    """Whether women who can become pregnant may take part: the design says so, or the sex
    and age range admit them and no exclusion criterion leaves them out."""
    if population.childbearing_potential is not None:
        return population.childbearing_potential
    if population.sex in (None, "male"):
        return False
    if (population.age_min or 0) >= 55 or (population.age_max is not None
                                           and population.age_max < 12):
        return False
    return not any(_EXCLUDED_WOCBP.search(c) and not _UNLESS.search(c)
                   for c in population.exclusion)


def timepoint_day(endpoint: Endpoint, trial: Trial) -> float | None:
    """The day of the endpoint's time point ('Week 24' is day 168), or None if it names none."""
    text = endpoint.timepoint or ""
    found = _TIME.search(text)
    if found:
        return float(found.group(2)) * _DAYS[found.group(1).lower()]
    weeks = trial.design.treatment_weeks
    if "end of treatment" in text.lower() and weeks:
        return 7 * weeks
    return None


def measuring(endpoint: Endpoint, trial: Trial) -> list[Assessment]:
    """The assessments that measure the endpoint: those it names, else those sharing a word."""
    if endpoint.measured_by:
        return [a for a in trial.assessments if a.id in endpoint.measured_by]
    words = _words(endpoint.name or "")
    return [a for a in trial.assessments
            if words & _words(" ".join(filter(None, (a.id, a.name, a.description))))]


def _endpoints_measured(trial: Trial, visits: list[Visit]) -> Iterator[Problem]:
    known = {a.id for a in trial.assessments}
    for o_index, objective in enumerate(trial.objectives):
        for e_index, endpoint in enumerate(objective.endpoints):
            field = f"objectives.{o_index}.endpoints.{e_index}"
            name = f"endpoint {endpoint.id}" + (f" ({endpoint.name})" if endpoint.name else "")
            severity: Severity = (
                "error" if trial.endpoint_level(endpoint) == "primary" else "warning")
            for unknown in (i for i in endpoint.measured_by if i not in known):
                yield Problem("error", f"{field}.measured_by",
                              f"{name} is measured by {unknown!r}, which is not an assessment id")
            day = timepoint_day(endpoint, trial)
            if day is None or not trial.assessments:
                continue
            ids = {a.id for a in measuring(endpoint, trial)}
            if not ids:
                yield Problem(severity, field, f"no assessment in the schedule measures {name}; "
                              "add one, or say which assessment measures it")
                continue
            if not any(ids & set(v.assessments) and _near(v, day) for v in visits):
                yield Problem(severity, field, f"{name} is due on day {day:g} "
                              f"({endpoint.timepoint}), but no visit then includes "
                              f"{_names(trial, ids)}")


def _before_first_dose(trial: Trial, visits: list[Visit], first: int) -> Iterator[Problem]:
    counts = _ids(trial, BLOOD_COUNT)
    if not any(counts & set(v.assessments) for v in visits if v.day is not None
               and v.day <= first):
        yield Problem("warning", "visits", "no blood count before the first dose: schedule a "
                      "blood count at screening or before dosing on day "
                      f"{first} to see each participant's starting values")


def _pregnancy_tests(
    trial: Trial, visits: list[Visit], first: int, end: float | None
) -> Iterator[Problem]:
    tests = _ids(trial, PREGNANCY_TEST)
    who = "women who can become pregnant may take part"
    if not any(tests & set(v.assessments) for v in visits if v.day is not None
               and v.day <= first):
        yield Problem("warning", "visits", f"{who}, but no pregnancy test is scheduled before "
                      "the first dose")
    if end is not None and end - first > 28 and not any(
            tests & set(v.assessments) for v in visits
            if v.day is not None and first < v.day <= end + (v.window_days or 0)):
        yield Problem("warning", "visits", f"{who}, but no pregnancy test is scheduled during "
                      f"treatment (day {first} to {end:g})")


def _adverse_event_collection(
    trial: Trial, visits: list[Visit], first: int, end: float | None
) -> Iterator[Problem]:
    collected = _ids(trial, ADVERSE_EVENTS)
    days = [v.day for v in visits if v.day is not None and collected & set(v.assessments)]
    if not days:
        yield Problem("warning", "visits", "adverse events are not collected at any visit")
        return
    last = max(days)
    window = max((v.window_days or 0 for v in visits if v.day == last), default=0)
    if end is not None and last + window < end:
        yield Problem("warning", "visits", f"adverse events are collected up to day {last}, but "
                      f"treatment lasts until day {end:g}")
    if not any(first <= d <= first + 28 for d in days):
        yield Problem("warning", "visits", "adverse events are first collected more than four "
                      "weeks after the first dose")


def _gets_a_medicine(trial: Trial) -> bool:
    return any(i.kind in _MEDICINAL for arm in trial.arms for i in arm.interventions)


def _near(visit: Visit, day: float) -> bool:
    assert visit.day is not None
    return abs(visit.day - day) <= max(visit.window_days or 0, 7)


def _ids(trial: Trial, pattern: re.Pattern[str]) -> set[str]:
    return {a.id for a in trial.assessments
            if pattern.search(" ".join(filter(None, (a.name, a.description))))}


def _words(text: str) -> set[str]:
    found = set()
    for word in _WORD.findall(text.lower()):
        for part in {word, *re.split(r"[-+]", word)}:
            stem = part[:-1] if len(part) > 3 and part.endswith("s") else part
            if len(stem) >= 3 and stem not in _COMMON and not stem.isdigit():
                found.add(stem)
    return found


def _names(trial: Trial, ids: set[str]) -> str:
    names = [a.name or a.id for a in trial.assessments if a.id in ids]
    return " or ".join(names)
