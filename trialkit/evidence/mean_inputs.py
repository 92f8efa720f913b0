"""Power inputs for the procedures on means (two_means, one_mean, ratio_of_means) from a record.

Each returns the keyword arguments and the provenance steps made; an estimate whose kind
cannot stand for the effect is refused with the reason and what to supply or use instead.
"""

from __future__ import annotations

from typing import Any

from trialkit.evidence import convert
from trialkit.evidence.input_steps import refuse, supplied, taken
from trialkit.evidence.models import PROPORTION_KINDS, Estimate, Step
from trialkit.evidence.variability import cv_of_ratio, sd_of_change, sd_of_difference

_STANDARDISED = "The difference is expressed in standard-deviation units (SD = 1)"


def two_means(
    estimate: Estimate,
    sd: float | None,
    control: Estimate | None,
    distribution: convert.Distribution,
) -> tuple[dict[str, Any], list[Step]]:
    """delta and sd for two_means from a difference, an SMD or two within-group changes."""
    kind = estimate.kind
    steps: list[Step] = []
    if kind == "between_group_difference":
        delta = abs(estimate.value)
        steps.append(taken(estimate, "difference", delta))
        if sd is None:
            sd, step = sd_of_difference(estimate, distribution)
            steps.append(step)
        else:
            steps.append(supplied("standard deviation", sd))
        return {"delta": delta, "sd": sd}, steps
    if kind == "smd_between":
        smd = abs(estimate.value)
        steps.append(taken(estimate, "standardised difference", smd))
        if sd is None:
            steps.append(
                Step(
                    operation="standardised_units",
                    description=_STANDARDISED,
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
        return _difference_of_changes(estimate, sd, control)
    remedy = (
        "Use two_proportions with a control-arm rate (control_rate=... / --control-rate)."
        if kind in PROPORTION_KINDS
        else "Use ratio_of_means."
    )
    raise refuse(estimate, "two_means", "it is not a difference in means", remedy)


def _difference_of_changes(
    estimate: Estimate, sd: float | None, control: Estimate | None
) -> tuple[dict[str, Any], list[Step]]:
    """The between-arm difference of a treated and a control within-group change."""
    kind = estimate.kind
    if control is None or control.kind != kind:
        raise refuse(
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
        raise refuse(
            estimate,
            "two_means",
            "no SD of the change is given",
            "Supply the SD of the change (sd=... / --sd).",
        )
    delta = abs(estimate.value - control.value)
    steps = [
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
    ]
    if kind == "smd_pre_post":
        steps.append(
            Step(
                operation="standardised_units",
                description=_STANDARDISED,
                result={"sd": 1.0},
                assumption="both changes were standardised by the same SD",
            )
        )
        return {"delta": delta, "sd": 1.0}, steps
    assert sd is not None
    steps.append(supplied("standard deviation", sd))
    return {"delta": delta, "sd": sd}, steps


def one_mean(
    estimate: Estimate, sd: float | None, distribution: convert.Distribution
) -> tuple[dict[str, Any], list[Step]]:
    """delta and sd for one_mean from a within-group change (raw or standardised)."""
    kind = estimate.kind
    if kind == "smd_pre_post":
        smd = abs(estimate.value)
        return {"delta": smd, "sd": 1.0}, [
            taken(estimate, "standardised change", smd),
            Step(
                operation="standardised_units",
                description="The mean change is expressed in standard-deviation units (SD = 1)",
                result={"delta": smd, "sd": 1.0},
                assumption="the SMD was standardised by the SD of the changes, which the source "
                "does not state (standardised by the baseline SD it would not fit a paired t-test)",
            ),
        ]
    if kind != "within_group_change":
        raise refuse(
            estimate,
            "one_mean",
            "a one-group design needs a change within one group",
            "Use two_means or two_proportions for a comparison between arms.",
        )
    delta = abs(estimate.value)
    steps = [taken(estimate, "mean change", delta)]
    if sd is not None:
        steps.append(supplied("standard deviation of the change", sd))
        return {"delta": delta, "sd": sd}, steps
    sd, step = sd_of_change(estimate, distribution)
    steps.append(step)
    return {"delta": delta, "sd": sd}, steps


def ratio_of_means(
    estimate: Estimate, cv: float | None, distribution: convert.Distribution
) -> tuple[dict[str, Any], list[Step]]:
    """mean_ratio and cv for ratio_of_means from a ratio between arms."""
    if estimate.kind != "between_group_ratio":
        raise refuse(
            estimate,
            "ratio_of_means",
            "it is not a ratio between arms",
            "Use two_means for a difference in means.",
        )
    steps = [taken(estimate, "ratio", estimate.value)]
    if cv is not None:
        steps.append(supplied("coefficient of variation", cv))
    else:
        cv, step = cv_of_ratio(estimate, distribution)
        steps.append(step)
    return {"mean_ratio": estimate.value, "cv": cv}, steps
