"""Power inputs for the procedures on proportions (two_proportions, one_proportion) from a record.

A rate in one group says nothing about the other arm, so the control-arm rate (or the rate
to beat) comes from the user or from another record, and the step says which.
"""

from __future__ import annotations

from typing import Any

from trialkit.errors import EvidenceError
from trialkit.evidence.input_steps import rate, refuse, supplied, taken
from trialkit.evidence.models import PROPORTION_KINDS, Estimate, Step


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
        value = rate("control_rate", control_rate)
        return value, supplied("control-arm rate", value)
    raise refuse(
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


def two_proportions(
    estimate: Estimate, control_rate: float | None, control: Estimate | None
) -> tuple[dict[str, Any], list[Step]]:
    """p1 (the record's rate) and p2 (the control arm's) for two_proportions."""
    if estimate.kind not in PROPORTION_KINDS:
        raise refuse(
            estimate,
            "two_proportions",
            "it is not a proportion",
            "Use two_means or ratio_of_means.",
        )
    p1 = rate(f"{estimate.full_id} value", estimate.value)
    p2, step = _control_rate(estimate, "two_proportions", control_rate, control)
    if p2 == p1:
        raise EvidenceError(f"the control rate {p2:g} equals the treated rate: nothing to detect")
    return {"p1": p1, "p2": p2}, [taken(estimate, "treated-arm rate", p1), step]


def one_proportion(
    estimate: Estimate, null_rate: float | None
) -> tuple[dict[str, Any], list[Step]]:
    """p0 (the rate to beat, supplied) and p1 (the record's rate) for one_proportion."""
    if estimate.kind not in PROPORTION_KINDS:
        raise refuse(estimate, "one_proportion", "it is not a proportion", "Use two_means.")
    if null_rate is None:
        raise refuse(
            estimate,
            "one_proportion",
            "a single-arm test needs the rate to beat",
            "Supply the null (historical control) rate (null_rate=... / --null-rate).",
        )
    p0 = rate("null_rate", null_rate)
    p1 = rate(f"{estimate.full_id} value", estimate.value)
    return {"p0": p0, "p1": p1}, [taken(estimate, "expected rate", p1), supplied("null rate", p0)]
