"""The provenance steps and refusals shared by every estimate-to-power-input conversion."""

from __future__ import annotations

import math
from typing import Any

from trialkit.errors import EvidenceError
from trialkit.evidence import convert
from trialkit.evidence.models import KIND_MEANING, Estimate, Step


def refuse(estimate: Estimate, procedure: str, reason: str, remedy: str) -> EvidenceError:
    """The error for an estimate that cannot size ``procedure``: why, and what to supply."""
    kind = f"{estimate.kind} ({KIND_MEANING[estimate.kind]})"
    return EvidenceError(
        f"cannot size {procedure} from {estimate.full_id}, a {kind}: {reason}. {remedy}"
    )


def positive_or_none(name: str, value: float | None) -> float | None:
    """A supplied SD or CV: None, or a finite number above 0."""
    if value is None:
        return None
    if not (isinstance(value, int | float) and math.isfinite(value) and value > 0):
        raise EvidenceError(f"{name}={value!r} is invalid: must be a finite number > 0")
    return float(value)


def rate(name: str, value: float) -> float:
    """A proportion strictly between 0 and 1."""
    if not (isinstance(value, int | float) and 0.0 < value < 1.0):
        raise EvidenceError(
            f"{name}={value!r} is invalid: must be a proportion strictly between 0 and 1"
        )
    return float(value)


def taken(estimate: Estimate, what: str, value: float) -> Step:
    """The step that takes ``value`` (the ``what``) straight from the record."""
    return Step(
        operation="take_estimate",
        description=(
            f"The {what} {value:g} was taken from {estimate.full_id} "
            f"({estimate.outcome}, reported as {estimate.summary()})"
        ),
        inputs={"estimate": estimate.full_id},
        result={what.replace(" ", "_"): value},
    )


def supplied(name: str, value: float) -> Step:
    """The step recording a value the user supplied, not the source."""
    return Step(
        operation="user_supplied",
        description=f"The {name} {value:g} was supplied by the user, not taken from the source",
        result={name.replace(" ", "_"): value},
    )


def derived(
    operation: str,
    description: str,
    inputs: dict[str, Any],
    result: dict[str, Any],
    assumption: str | None = None,
) -> Step:
    """A variability derived from a reported CI or P value by the Cochrane Handbook's rules."""
    return Step(
        operation=operation,
        description=description,
        inputs=inputs,
        result=result,
        reference=convert.COCHRANE_CI,
        assumption=assumption,
    )
