"""Turn an evidence estimate into keyword arguments for a trialkit.power procedure.

Every conversion made on the way is a Step on the result's provenance chain. An estimate
whose kind cannot stand for what the procedure needs is refused with the reason, unless the
caller supplies the missing piece (a control-arm rate, an SD, a control-arm change).
"""

from __future__ import annotations

import math
from typing import Any

from trialkit.errors import EvidenceError
from trialkit.evidence import convert
from trialkit.evidence.models import (
    KIND_MEANING,
    PROPORTION_KINDS,
    Estimate,
    Step,
)

SUPPLIES: dict[str, tuple[str, ...]] = {
    "two_means": ("delta", "sd"),
    "one_mean": ("delta", "sd"),
    "ratio_of_means": ("mean_ratio", "cv"),
    "two_proportions": ("p1", "p2"),
    "one_proportion": ("p0", "p1"),
}
"""The keywords an estimate supplies to each procedure it can size (the effect among them).

Named as in the power catalogue, against which the tests check it.
"""

PROCEDURES = tuple(SUPPLIES)
"""Power procedures an estimate can be turned into."""


class PowerInputs(dict[str, Any]):
    """Keyword arguments for ``trialkit.power.<procedure>``, carrying their provenance.

    ``estimate`` is the source estimate with the conversion steps appended to its chain;
    ``steps`` are the steps made here.
    """

    def __init__(
        self, procedure: str, kwargs: dict[str, Any], estimate: Estimate, steps: list[Step]
    ):
        super().__init__(kwargs)
        self.procedure = procedure
        self.steps: tuple[Step, ...] = tuple(steps)
        self.estimate = estimate.with_steps(*steps)

    def sentences(self) -> list[str]:
        """Justification sentences: the cited source of the effect, then each conversion made."""
        estimate = self.estimate
        citation = estimate.source.citation
        context = ", ".join(x for x in (estimate.comparison, estimate.arm, estimate.timepoint) if x)
        cited = (
            f"The assumed effect is based on {citation.short()}: {estimate.outcome}"
            f"{f' ({context})' if context else ''}, {_article(estimate.label)} "
            f"{estimate.label} of {estimate.summary()}."
        )
        return [cited, *(s.sentence() for s in self.steps if s.operation != "take_estimate")]


def _article(phrase: str) -> str:
    return "an" if phrase[:1] in "aeiou" else "a"


def _refuse(estimate: Estimate, procedure: str, reason: str, remedy: str) -> EvidenceError:
    kind = f"{estimate.kind} ({KIND_MEANING[estimate.kind]})"
    return EvidenceError(
        f"cannot size {procedure} from {estimate.full_id}, a {kind}: {reason}. {remedy}"
    )


def _positive_or_none(name: str, value: float | None) -> float | None:
    if value is None:
        return None
    if not (isinstance(value, int | float) and math.isfinite(value) and value > 0):
        raise EvidenceError(f"{name}={value!r} is invalid: must be a finite number > 0")
    return float(value)


def _rate(name: str, value: float) -> float:
    if not (isinstance(value, int | float) and 0.0 < value < 1.0):
        raise EvidenceError(
            f"{name}={value!r} is invalid: must be a proportion strictly between 0 and 1"
        )
    return float(value)


def _taken(estimate: Estimate, what: str, value: float) -> Step:
    return Step(
        operation="take_estimate",
        description=(
            f"The {what} {value:g} was taken from {estimate.full_id} "
            f"({estimate.outcome}, reported as {estimate.summary()})"
        ),
        inputs={"estimate": estimate.full_id},
        result={what.replace(" ", "_"): value},
    )


def _supplied(name: str, value: float) -> Step:
    return Step(
        operation="user_supplied",
        description=f"The {name} {value:g} was supplied by the user, not taken from the source",
        result={name.replace(" ", "_"): value},
    )


def _arm_sizes(estimate: Estimate, procedure: str) -> tuple[float, float, str | None]:
    """Per-arm sizes (treatment, control) behind a between-group estimate, and any assumption."""
    n = estimate.n
    if n is not None and n.treatment and n.control:
        return float(n.treatment), float(n.control), None
    total: int | None = n.total if n is not None else None
    whose = "the estimate"
    if total is None:
        design = estimate.source.design if estimate._source is not None else None
        total = design.n_analysed or design.n_randomised if design is not None else None
        whose = "the study design"
    if total is None:
        raise _refuse(
            estimate,
            procedure,
            "the source gives no group sizes, so a CI or P value cannot be turned into an SD",
            "Supply the SD (sd=... / --sd) instead.",
        )
    assumption = (
        f"the {total} participants of {whose} were split equally between the arms "
        "(the source does not give the per-arm numbers)"
    )
    return total / 2.0, total / 2.0, assumption


def _sd_of_difference(estimate: Estimate, distribution: convert.Distribution) -> tuple[float, Step]:
    """Common SD behind a between-group difference, from its CI or else its exact P value."""
    n1, n2, assumption = _arm_sizes(estimate, "two_means")
    df = n1 + n2 - 2.0
    dist = "Student's t" if distribution == "t" else "the standard normal"
    ci = estimate.ci
    if ci is not None:
        sd = convert.sd_from_ci(ci.lower, ci.upper, n1, n2, ci.level, distribution=distribution)
        q = convert.quantile((1.0 + ci.level) / 2.0, df, distribution)
        se = (ci.upper - ci.lower) / (2.0 * q)
        skew = convert.ci_asymmetry(estimate.value, ci.lower, ci.upper)
        if skew > 0.05:
            note = (
                f"the CI is not centred on the estimate (midpoint {(ci.lower + ci.upper) / 2:g}), "
                "so it was probably computed on a transformed scale and this SD is approximate"
            )
            assumption = f"{assumption}; {note}" if assumption else note
        df_text = f" with {df:g} degrees of freedom" if distribution == "t" else ""
        step = Step(
            operation="sd_from_ci",
            description=(
                f"The common standard deviation {sd:.4g} was derived from the {ci.level:.0%} "
                f"confidence interval {ci.lower:g} to {ci.upper:g} of the difference: "
                f"SE = width / (2 x {q:.4f}), the quantile of {dist}{df_text}, giving "
                f"SE = {se:.4g}; SD = SE / sqrt(1/{n1:g} + 1/{n2:g})"
            ),
            inputs={
                "lower": ci.lower,
                "upper": ci.upper,
                "level": ci.level,
                "n1": n1,
                "n2": n2,
                "distribution": distribution,
            },
            result={"se": se, "sd": sd},
            reference=convert.COCHRANE_CI,
            assumption=assumption,
        )
        return sd, step
    p = estimate.p
    if p is not None and p.exact and p.value < 1.0:
        sd = convert.sd_from_p(estimate.value, p.value, n1, n2, distribution=distribution)
        df_text = f" with {df:g} degrees of freedom" if distribution == "t" else ""
        stat = convert.quantile(1.0 - p.value / 2.0, df, distribution)
        step = Step(
            operation="sd_from_p",
            description=(
                f"The common standard deviation {sd:.4g} was derived from the difference "
                f"{estimate.value:g} and its two-sided P = {p.value:g}: test statistic "
                f"{stat:.4f} ({dist}{df_text}), "
                f"SE = |difference| / statistic = {abs(estimate.value) / stat:.4g}, "
                f"SD = SE / sqrt(1/{n1:g} + 1/{n2:g})"
            ),
            inputs={
                "difference": estimate.value,
                "p": p.value,
                "n1": n1,
                "n2": n2,
                "distribution": distribution,
            },
            result={"se": abs(estimate.value) / stat, "sd": sd},
            reference=convert.COCHRANE_CI,
            assumption=assumption,
        )
        return sd, step
    reason = (
        f"its P value is reported only as a bound ({p})"
        if p is not None
        else "it has neither a CI nor a P value"
    )
    raise _refuse(
        estimate, "two_means", f"no SD can be derived: {reason}", "Supply the SD (sd=... / --sd)."
    )


def _two_means(
    estimate: Estimate,
    sd: float | None,
    control: Estimate | None,
    distribution: convert.Distribution,
) -> tuple[dict[str, Any], list[Step]]:
    kind = estimate.kind
    steps: list[Step] = []
    if kind == "between_group_difference":
        delta = abs(estimate.value)
        steps.append(_taken(estimate, "difference", delta))
        if sd is None:
            sd, step = _sd_of_difference(estimate, distribution)
            steps.append(step)
        else:
            steps.append(_supplied("standard deviation", sd))
        return {"delta": delta, "sd": sd}, steps
    if kind == "smd_between":
        smd = abs(estimate.value)
        steps.append(_taken(estimate, "standardised difference", smd))
        if sd is None:
            steps.append(
                Step(
                    operation="standardised_units",
                    description="The difference is expressed in standard-deviation units (SD = 1)",
                    result={"delta": smd, "sd": 1.0},
                )
            )
            return {"delta": smd, "sd": 1.0}, steps
        delta = convert.smd_to_difference(smd, sd)
        steps.append(
            Step(
                operation="smd_to_difference",
                description=(
                    f"The raw difference {delta:.4g} = SMD {smd:g} x SD {sd:g} "
                    "(the SD supplied by the user)"
                ),
                inputs={"smd": smd, "sd": sd},
                result={"delta": delta},
            )
        )
        return {"delta": delta, "sd": sd}, steps
    if kind in ("within_group_change", "smd_pre_post"):
        if control is None or control.kind != kind:
            raise _refuse(
                estimate,
                "two_means",
                "a change within treated patients is not a difference between arms (the control "
                "arm would change too)",
                f"Supply the control arm's change as another {kind} record "
                "(control=... / --control ID)"
                + (" and the SD of the change (sd=... / --sd)" if kind == "within_group_change"
                   else "")
                + ", or size a single-group study with one_mean.",
            )
        if kind == "within_group_change" and sd is None:
            raise _refuse(
                estimate,
                "two_means",
                "no SD of the change is given",
                "Supply the SD of the change (sd=... / --sd).",
            )
        delta = abs(estimate.value - control.value)
        steps.append(
            Step(
                operation="difference_of_changes",
                description=(
                    f"The between-arm difference {delta:g} is the treated change "
                    f"{estimate.value:g} ({estimate.full_id}) minus the control change "
                    f"{control.value:g} ({control.full_id})"
                ),
                inputs={"treated": estimate.full_id, "control": control.full_id},
                result={"delta": delta},
                assumption="the two changes come from comparable patients and timepoints",
            )
        )
        if kind == "smd_pre_post":
            steps.append(
                Step(
                    operation="standardised_units",
                    description="The difference is expressed in standard-deviation units (SD = 1)",
                    result={"sd": 1.0},
                    assumption="both changes were standardised by the same SD",
                )
            )
            return {"delta": delta, "sd": 1.0}, steps
        assert sd is not None
        steps.append(_supplied("standard deviation", sd))
        return {"delta": delta, "sd": sd}, steps
    remedy = (
        "Use two_proportions with a control-arm rate (control_rate=... / --control-rate)."
        if kind in PROPORTION_KINDS
        else "Use ratio_of_means."
    )
    raise _refuse(estimate, "two_means", "it is not a difference in means", remedy)


def _one_mean(
    estimate: Estimate, sd: float | None, distribution: convert.Distribution
) -> tuple[dict[str, Any], list[Step]]:
    kind = estimate.kind
    if kind == "smd_pre_post":
        smd = abs(estimate.value)
        return {"delta": smd, "sd": 1.0}, [
            _taken(estimate, "standardised change", smd),
            Step(
                operation="standardised_units",
                description="The mean change is expressed in standard-deviation units (SD = 1)",
                result={"delta": smd, "sd": 1.0},
                assumption="the SMD was standardised by the SD of the changes, which the source "
                "does not state (standardised by the baseline SD it would not fit a paired t-test)",
            ),
        ]
    if kind != "within_group_change":
        raise _refuse(
            estimate,
            "one_mean",
            "a one-group design needs a change within one group",
            "Use two_means or two_proportions for a comparison between arms.",
        )
    delta = abs(estimate.value)
    steps = [_taken(estimate, "mean change", delta)]
    if sd is not None:
        steps.append(_supplied("standard deviation of the change", sd))
        return {"delta": delta, "sd": sd}, steps
    ci, n = estimate.ci, estimate.n
    size = (n.total or n.treatment) if n is not None else None
    if ci is None or size is None:
        raise _refuse(
            estimate,
            "one_mean",
            "no SD of the change can be derived without a CI and n",
            "Supply the SD of the change (sd=... / --sd).",
        )
    sd = convert.sd_from_ci_one_group(ci.lower, ci.upper, size, ci.level, distribution=distribution)
    steps.append(
        Step(
            operation="sd_from_ci_one_group",
            description=(
                f"The SD of the change {sd:.4g} was derived from the {ci.level:.0%} CI "
                f"{ci.lower:g} to {ci.upper:g} of the mean change in {size} participants: "
                f"SD = sqrt(n) x width / (2 x quantile)"
            ),
            inputs={"lower": ci.lower, "upper": ci.upper, "n": size, "distribution": distribution},
            result={"sd": sd},
            reference=convert.COCHRANE_CI,
        )
    )
    return {"delta": delta, "sd": sd}, steps


def _ratio_of_means(
    estimate: Estimate, cv: float | None, distribution: convert.Distribution
) -> tuple[dict[str, Any], list[Step]]:
    if estimate.kind != "between_group_ratio":
        raise _refuse(
            estimate,
            "ratio_of_means",
            "it is not a ratio between arms",
            "Use two_means for a difference in means.",
        )
    steps = [_taken(estimate, "ratio", estimate.value)]
    if cv is not None:
        steps.append(_supplied("coefficient of variation", cv))
        return {"mean_ratio": estimate.value, "cv": cv}, steps
    ci = estimate.ci
    if ci is None:
        raise _refuse(
            estimate,
            "ratio_of_means",
            "no CI to derive the variability from",
            "Supply the coefficient of variation (cv=... / --cv).",
        )
    n1, n2, assumption = _arm_sizes(estimate, "ratio_of_means")
    sd_log = convert.sd_from_ci(
        math.log(ci.lower), math.log(ci.upper), n1, n2, ci.level, distribution=distribution
    )
    cv = convert.cv_from_log_sd(sd_log)
    steps.append(
        Step(
            operation="cv_from_ratio_ci",
            description=(
                f"The log-scale SD {sd_log:.4g} was derived from the {ci.level:.0%} CI of the "
                f"ratio on the log scale (ln {ci.lower:g} to ln {ci.upper:g}); "
                f"CV = sqrt(exp(SD^2) - 1) = {cv:.4g}"
            ),
            inputs={"lower": ci.lower, "upper": ci.upper, "n1": n1, "n2": n2},
            result={"sd_log": sd_log, "cv": cv},
            reference=convert.COCHRANE_CI,
            assumption=assumption,
        )
    )
    return {"mean_ratio": estimate.value, "cv": cv}, steps


def _control_rate(
    estimate: Estimate, procedure: str, control_rate: float | None, control: Estimate | None
) -> tuple[float, Step]:
    if control is not None:
        if control.kind not in PROPORTION_KINDS:
            raise EvidenceError(
                f"control={control.full_id} is a {control.kind}, not a proportion in one arm"
            )
        return control.value, Step(
            operation="control_rate_from_record",
            description=(
                f"The control-arm rate {control.value:g} was taken from another record, "
                f"{control.full_id} ({control.source.citation.short()}: {control.outcome}"
                f"{', ' + control.arm if control.arm else ''})"
            ),
            inputs={"control": control.full_id},
            result={"p2": control.value},
            assumption="the control arm of that study resembles the planned trial's control arm",
        )
    if control_rate is not None:
        rate = _rate("control_rate", control_rate)
        return rate, _supplied("control-arm rate", rate)
    raise _refuse(
        estimate,
        procedure,
        f"{estimate.value:g} is a rate in one group"
        + (
            " (pooled over the treated arms of several trials)"
            if estimate.n and estimate.n.studies
            else ""
        )
        + ", not a difference between arms, so it says nothing about the control arm",
        "Supply the control arm's rate (control_rate=... / --control-rate) or a control-arm "
        "record (control=... / --control ID).",
    )


def _two_proportions(
    estimate: Estimate, control_rate: float | None, control: Estimate | None
) -> tuple[dict[str, Any], list[Step]]:
    if estimate.kind not in PROPORTION_KINDS:
        raise _refuse(
            estimate,
            "two_proportions",
            "it is not a proportion",
            "Use two_means or ratio_of_means.",
        )
    p1 = _rate(f"{estimate.full_id} value", estimate.value)
    p2, step = _control_rate(estimate, "two_proportions", control_rate, control)
    if p2 == p1:
        raise EvidenceError(f"the control rate {p2:g} equals the treated rate: nothing to detect")
    return {"p1": p1, "p2": p2}, [_taken(estimate, "treated-arm rate", p1), step]


def _one_proportion(
    estimate: Estimate, null_rate: float | None
) -> tuple[dict[str, Any], list[Step]]:
    if estimate.kind not in PROPORTION_KINDS:
        raise _refuse(estimate, "one_proportion", "it is not a proportion", "Use two_means.")
    if null_rate is None:
        raise _refuse(
            estimate,
            "one_proportion",
            "a single-arm test needs the rate to beat",
            "Supply the null (historical control) rate (null_rate=... / --null-rate).",
        )
    p0 = _rate("null_rate", null_rate)
    p1 = _rate(f"{estimate.full_id} value", estimate.value)
    return {"p0": p0, "p1": p1}, [_taken(estimate, "expected rate", p1), _supplied("null rate", p0)]


def power_inputs(
    estimate: Estimate,
    procedure: str,
    *,
    sd: float | None = None,
    cv: float | None = None,
    control_rate: float | None = None,
    null_rate: float | None = None,
    control: Estimate | None = None,
    distribution: convert.Distribution = "t",
) -> PowerInputs:
    """Keyword arguments for ``trialkit.power.<procedure>`` from ``estimate``, with provenance.

    ``sd``, ``cv``, ``control_rate``, ``null_rate`` and ``control`` supply what the estimate
    lacks; ``distribution`` ("t" or "z") is used when an SD is derived from a CI or P value.
    """
    if distribution not in ("t", "z"):
        raise EvidenceError(f"distribution={distribution!r} is invalid: must be 't' or 'z'")
    sd = _positive_or_none("sd", sd)
    cv = _positive_or_none("cv", cv)
    if procedure == "two_means":
        kwargs, steps = _two_means(estimate, sd, control, distribution)
    elif procedure == "one_mean":
        kwargs, steps = _one_mean(estimate, sd, distribution)
    elif procedure == "ratio_of_means":
        kwargs, steps = _ratio_of_means(estimate, cv, distribution)
    elif procedure == "two_proportions":
        kwargs, steps = _two_proportions(estimate, control_rate, control)
    elif procedure == "one_proportion":
        kwargs, steps = _one_proportion(estimate, null_rate)
    else:
        raise EvidenceError(
            f"procedure={procedure!r} is unknown: choose one of {', '.join(PROCEDURES)}"
        )
    kwargs.update(_variability_source(estimate, steps))
    return PowerInputs(procedure, kwargs, estimate, steps)


_DERIVED_FROM: dict[str, tuple[str, str]] = {
    "sd_from_ci": ("sd_source", "its confidence interval"),
    "sd_from_p": ("sd_source", "its P value"),
    "sd_from_ci_one_group": ("sd_source", "its confidence interval"),
    "cv_from_ratio_ci": ("cv_source", "its confidence interval"),
}
"""Conversion steps that derive the SD (or CV) from the record: the power keyword that names
its source, and what it was derived from."""


def _variability_source(estimate: Estimate, steps: list[Step]) -> dict[str, str]:
    """The source of an SD or CV derived from the record, for the power justification."""
    for step in steps:
        if step.operation in _DERIVED_FROM:
            keyword, via = _DERIVED_FROM[step.operation]
            text = " ".join(f"{estimate.source.citation.short()}, from {via}".split())
            return {keyword: text if len(text) <= 300 else text[:297] + "..."}
    return {}


DEFAULT_PROCEDURE: dict[str, str] = {
    "between_group_difference": "two_means",
    "smd_between": "two_means",
    "between_group_ratio": "ratio_of_means",
    "within_group_change": "two_means",
    "smd_pre_post": "two_means",
    "single_arm_proportion": "two_proportions",
    "adverse_event_rate": "two_proportions",
}
"""The procedure an estimate of each kind sizes by default (a comparison between two arms)."""
