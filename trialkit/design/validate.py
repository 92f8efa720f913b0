"""Design checks: contradictions and gaps a protocol reviewer would flag."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Literal

from trialkit.design.evidence_link import EvidenceLink
from trialkit.design.model import Trial
from trialkit.design.sizing import Sizing, sized_pair, trial_totals
from trialkit.design.words import unknown_rate, where
from trialkit.power import PowerResult, catalogue

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    """One finding: how serious, which field, and what to change."""

    severity: Severity
    field: str
    message: str

    @property
    def where(self) -> str:
        """The field in the words its form shows ('Sample size, target enrolment')."""
        return where(self.field)

    def __str__(self) -> str:
        return f"{self.severity}: {self.where}: {self.message}"


Check = Callable[[Trial, Sizing], Iterator[Problem]]


def check_design(
    trial: Trial, sizing: Sizing, link: EvidenceLink | None = None
) -> list[Problem]:
    """Every problem the checks find (evidence ids too, given a link), errors first."""
    from trialkit.design.analysis_checks import analysis_problems
    from trialkit.design.schedule_checks import schedule_problems

    checks = (*CHECKS, analysis_problems, schedule_problems)
    found = [p for check in checks for p in check(trial, sizing)]
    if link is not None:
        found += evidence_problems(trial, link)
    return sorted(found, key=lambda p: p.severity != "error")


def _duplicate_ids(trial: Trial, _: Sizing) -> Iterator[Problem]:
    groups = {
        "arms": [a.id for a in trial.arms],
        "objectives": [o.id for o in trial.objectives],
        "endpoints": [e.id for e in trial.endpoints()],
        "assessments": [a.id for a in trial.assessments],
        "visits": [v.id for v in trial.visits],
        "references": [r.id for r in trial.references],
    }
    for name, ids in groups.items():
        for value, count in Counter(ids).items():
            if count > 1:
                yield Problem("error", name, f"id {value!r} is used {count} times; make ids unique")


def _arms_and_allocation(trial: Trial, _: Sizing) -> Iterator[Problem]:
    model = trial.design.intervention_model
    arms = len(trial.arms)
    if not arms:
        yield Problem("error", "arms", "no arms are defined")
        return
    if model == "single_group" and arms > 1:
        yield Problem("error", "design.intervention_model", f"single_group design with {arms} arms")
    if model in ("parallel", "factorial") and arms < 2:
        yield Problem("error", "arms", f"a {model} design needs at least two arms")
    parts = trial.allocation_parts()
    if parts is None:
        if arms > 1:
            yield Problem("error", "design.allocation_ratio", "no allocation ratio is given")
        return
    if len(parts) != arms:
        yield Problem(
            "error", "design.allocation_ratio",
            f"ratio {trial.design.allocation_ratio} has {len(parts)} parts but there are "
            f"{arms} arms",
        )
    if all(float(p).is_integer() and p > 0 for p in parts):
        total = int(sum(parts))
        for size in trial.design.randomisation.block_sizes:
            if size % total:
                yield Problem(
                    "error", "design.randomisation.block_sizes",
                    f"block size {size} is not a multiple of {total}, the sum of the "
                    f"allocation ratio {trial.design.allocation_ratio}",
                )


def _control_and_blinding(trial: Trial, _: Sizing) -> Iterator[Problem]:
    design = trial.design
    if design.control_type == "placebo" and not any(
        a.type == "placebo_comparator" for a in trial.arms
    ):
        yield Problem("error", "arms",
                      "the control is a placebo but no arm is a placebo comparator arm")
    blinding = design.blinding
    if blinding.level == "open" and blinding.masked:
        yield Problem(
            "error", "design.blinding.masked", "an open-label trial lists blinded roles"
        )
    if blinding.level in ("double", "triple", "quadruple") and len(blinding.masked) < 2:
        yield Problem(
            "warning", "design.blinding.masked",
            f"{blinding.level}-blind: name at least two blinded roles",
        )
    if blinding.level not in (None, "open") and not blinding.emergency_unblinding:
        yield Problem(
            "warning", "design.blinding.emergency_unblinding",
            "blinded trial without an emergency unblinding procedure",
        )


def _endpoints_and_sizing(trial: Trial, sizing: Sizing) -> Iterator[Problem]:
    primaries = trial.primary_endpoints()
    spec = trial.sample_size
    if not primaries:
        yield Problem("error", "objectives", "no primary endpoint is defined")
    for endpoint in primaries:
        if endpoint.estimand is None:
            yield Problem(
                "warning", f"endpoint {endpoint.id}", "primary endpoint without estimand attributes"
            )
    if spec.endpoint:
        target = trial.endpoint(spec.endpoint)
        if target is None:
            yield Problem("error", "sample_size.endpoint", f"no endpoint has id {spec.endpoint!r}")
        elif trial.endpoint_level(target) != "primary":
            yield Problem(
                "warning", "sample_size.endpoint",
                f"the sample size is for {spec.endpoint!r}, which is not a primary endpoint",
            )
    elif len(primaries) > 1:
        yield Problem(
            "error", "sample_size.endpoint",
            "several primary endpoints: name the one the sample size is based on",
        )
    if sizing.status == "not_specified" and primaries:
        names = ", ".join(e.id for e in primaries)
        yield Problem(
            "error", "sample_size.procedure",
            f"primary endpoint {names} has no sample-size method (choose the procedure)",
        )
    if sizing.status == "error":
        yield Problem("error", "sample_size", sizing.message)
    result = sizing.result
    if result is None:
        return
    yield from _allocation_of_the_calculation(trial, sizing, result)
    planned = spec.target_enrolment
    needed = trial_totals(trial, result).enrolled
    if planned is not None and planned < needed:
        yield Problem(
            "error", "sample_size.target_enrolment",
            f"planned enrolment {planned} is below the {needed} the calculation requires",
        )


def _allocation_of_the_calculation(
    trial: Trial, sizing: Sizing, result: PowerResult
) -> Iterator[Problem]:
    """The two arms the calculation sizes (``sized_pair``) must be in their allocation's
    proportion; a method that sizes equal arms only cannot size an unequal pair."""
    parts = trial.allocation_parts()
    if not parts or len(parts) != len(trial.arms) or len(parts) < 2 \
            or len(result.n_per_arm) != 2:
        return
    t, c = sized_pair(trial, parts)
    expected = parts[t] / parts[c]
    n_t, n_c = result.n_per_arm
    if abs(n_t - expected * n_c) <= 1.0 + 1e-9 * n_c:
        return
    ratio = trial.design.allocation_ratio
    names = [a.name or a.id for a in trial.arms]
    pair = (f"the sample size uses {n_t}:{n_c} per arm but the allocation ratio is {ratio}"
            if len(parts) == 2 else
            f"the sample size compares {names[t]} with {names[c]} (the control) at "
            f"{n_t}:{n_c}, but the allocation ratio {ratio} gives those arms "
            f"{parts[t]:g}:{parts[c]:g}")
    proc = catalogue.procedure(sizing.procedure or "")
    if proc is not None and proc.parameter("ratio") is not None:
        yield Problem("error", "sample_size.parameters",
                      f"{pair}; set the calculation's allocation (participants in the "
                      f"experimental arm per control participant) to {expected:g}")
    else:
        label = proc.label if proc is not None else "this method"
        yield Problem("error", "design.allocation_ratio",
                      f"{pair}; {label} sizes equal arms only: allocate those arms equally "
                      "or choose a method that takes an allocation ratio")


def _schedule(trial: Trial, _: Sizing) -> Iterator[Problem]:
    known = {a.id for a in trial.assessments}
    for visit in trial.visits:
        for assessment_id in visit.assessments:
            if assessment_id not in known:
                yield Problem(
                    "error", f"visits.{visit.id}.assessments",
                    f"{assessment_id!r} is not an assessment id",
                )
    days = [v.day for v in trial.visits if v.day is not None]
    if days != sorted(days):
        yield Problem("warning", "visits", "visits are not in order of day")
    if trial.visits and len(days) < len(trial.visits):
        yield Problem("warning", "visits", "some visits have no day")
    weeks = trial.design.treatment_weeks
    if weeks is not None and days and max(days) < weeks * 7:
        yield Problem(
            "error", "visits",
            f"the last visit is on day {max(days)} but treatment lasts {weeks:g} weeks "
            f"(day {weeks * 7:g})",
        )
    follow = trial.design.follow_up_weeks
    if weeks is not None and follow and days and max(days) < (weeks + follow) * 7 - 7:
        yield Problem(
            "warning", "visits",
            f"the last visit is on day {max(days)}, before the end of follow-up "
            f"(week {weeks + follow:g})",
        )


def _safety(trial: Trial, _: Sizing) -> Iterator[Problem]:
    arm_ids = {a.id for a in trial.arms}
    for event in trial.safety.expected_adverse_events:
        for arm in [event.arm, *event.arms]:
            if arm and arm not in arm_ids:
                yield Problem(
                    "error", "safety.expected_adverse_events",
                    f"{event.term!r} names arm {arm!r}, which does not exist",
                )
    dmc = trial.safety.dmc
    if trial.interim_analyses and dmc.required is False:
        yield Problem(
            "warning", "safety.dmc.required",
            "interim analyses are planned but no data monitoring committee",
        )
    if dmc.required is False and not dmc.reasons_if_none:
        yield Problem("warning", "safety.dmc.reasons_if_none", "say why no DMC is needed")


CHECKS: tuple[Check, ...] = (
    _duplicate_ids, _arms_and_allocation, _control_and_blinding, _endpoints_and_sizing,
    _schedule, _safety,
)


def evidence_problems(trial: Trial, link: EvidenceLink) -> list[Problem]:
    """Evidence ids the design names that the library cannot resolve."""
    named = [("background.evidence", e) for e in trial.background.evidence]
    named += [
        ("safety.expected_adverse_events", ae.evidence)
        for ae in trial.safety.expected_adverse_events if ae.evidence
    ]
    if named and not link.available:
        return [Problem("warning", "evidence", f"ids not checked: {link.reason}")]
    problems = []
    for field, evidence_id in named:
        reason = link.resolves(evidence_id)
        if reason and field.startswith("safety."):
            reason = unknown_rate(evidence_id, link) or reason
        if reason:
            problems.append(Problem("error", field, reason))
    return problems
