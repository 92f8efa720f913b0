"""The prior for an assurance calculation from the evidence estimate a design's effect came from.

The prior is normal, centred on the effect the design was sized for (the estimate, as the
procedure uses it) with the standard error its confidence interval implies
(``convert.se_from_ci``; on the log scale for a ratio, as assurance works on the log of a
ratio). When the effect is a scaled copy of the estimate (a standardised difference times an
SD), the standard error is scaled alike. O'Hagan, Stevens & Campbell (2005) Pharm Stat
4:187-201 use the same construction for a prior from a previous trial.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass

from trialkit.errors import EvidenceError
from trialkit.evidence import convert
from trialkit.evidence.models import Estimate
from trialkit.power import assurance, catalogue
from trialkit.power.result import PowerResult
from trialkit.power.success import AssuranceResult

LOG_SCALE_KINDS = frozenset({"between_group_ratio"})
"""Kinds whose confidence interval is symmetric on the log scale."""

DIFFERENCE_OF_RECORDS = frozenset({"within_group_change", "smd_pre_post"})
"""Kinds that enter a two-arm design as the difference of two records' values."""


@dataclass(frozen=True)
class Prior:
    """A normal prior for a design's effect: its mean on the effect's own scale, its SD on
    the scale the test works on (log for a ratio), and a sentence saying where it came from."""

    mean: float
    sd: float
    log_scale: bool
    sentence: str


def prior_from_estimate(
    estimate: Estimate, procedure: str, effect: float, *, distribution: convert.Distribution = "t"
) -> Prior:
    """The prior for ``effect`` (the design's effect, taken from ``estimate`` by ``procedure``).

    Raises EvidenceError when the estimate has no confidence interval, or when the effect is
    not the estimate itself or a multiple of it (a difference of two records' changes).
    """
    ci = estimate.ci
    if ci is None:
        raise EvidenceError(
            f"{estimate.full_id} has no confidence interval, so the uncertainty of its effect "
            "(the prior for the assurance) is not known")
    if procedure == "two_means" and estimate.kind in DIFFERENCE_OF_RECORDS:
        raise EvidenceError(
            f"the effect is the difference between {estimate.full_id} and a control record; "
            "the confidence interval of that difference is not reported, so no prior for the "
            "assurance is derived")
    df = None
    if distribution == "t" and estimate.n is not None and estimate.n.total:
        df = float(estimate.n.total - (2 if estimate.kind != "within_group_change" else 1))
    level = f"{ci.level:.0%}"
    if estimate.kind in LOG_SCALE_KINDS:
        se = convert.se_from_ci(math.log(ci.lower), math.log(ci.upper), level=ci.level,
                                df=df, distribution=distribution)
        return Prior(float(effect), se, True, (
            f"The prior for the assurance is centred on the estimate {estimate.value:g} "
            f"({estimate.full_id}) with standard deviation {se:.4g} on the log scale, the "
            f"standard error implied by its {level} confidence interval {ci.lower:g} to "
            f"{ci.upper:g}."))
    se = convert.se_from_ci(ci.lower, ci.upper, level=ci.level, df=df,
                            distribution=distribution)
    scale = 1.0 if estimate.value == 0 else abs(effect / estimate.value)
    sd = se * scale
    scaled = "" if math.isclose(scale, 1.0) else (
        f" (the standard error {se:.4g} of the estimate, scaled by {scale:.4g} as the effect is)")
    # The design states its effect in the direction of benefit; the evidence keeps the sign
    # of its comparison as reported (a reduction is negative), so a flipped sign is said.
    as_reported = "" if effect * estimate.value >= 0 else (
        f" (its estimate {estimate.value:g}, "
        f"{'a reduction' if estimate.value < 0 else 'an increase'} with treatment, taken in "
        "the direction of benefit)")
    return Prior(float(effect), sd, False, (
        f"The prior for the assurance is centred on the effect {effect:.4g} taken from "
        f"{estimate.full_id}{as_reported} with standard deviation {sd:.4g}, the standard error "
        f"implied by its {level} confidence interval {ci.lower:g} to {ci.upper:g}{scaled}."))


def assurance_from_estimate(
    estimate: Estimate, result: PowerResult, *, distribution: convert.Distribution = "t"
) -> AssuranceResult:
    """The assurance of ``result`` (sized with its effect from ``estimate``) under the prior the
    estimate's confidence interval implies; its justification first says where the prior came
    from."""
    proc = catalogue.procedure(result.procedure)
    effect = proc.effect if proc is not None else None
    if effect is None or effect.name not in result.inputs:
        raise EvidenceError(f"{result.procedure} has no single effect for an assurance")
    prior = prior_from_estimate(estimate, result.procedure, float(result.inputs[effect.name]),
                                distribution=distribution)
    answer = assurance(result, prior_mean=prior.mean, prior_sd=prior.sd)
    return dataclasses.replace(answer, justification=f"{prior.sentence} {answer.justification}")
