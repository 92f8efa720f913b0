"""Conversions from published summaries to power-engine inputs.

Each function is pure and documented with its formula and source. The ``distribution``
argument chooses the reference distribution for CI half-widths and P values: ``"t"`` (the
default) uses Student's t with n1 + n2 - 2 degrees of freedom, the convention of the Cochrane
Handbook (Higgins et al., version 6.4, section 6.5.2.3) for small trials; ``"z"`` uses the
standard normal, as for large samples or for estimates that came from a normal-theory model.
"""

from __future__ import annotations

import math
from statistics import NormalDist
from typing import Literal

from scipy import special

from trialkit.errors import InvalidParameter

Distribution = Literal["t", "z"]

COCHRANE_CI = "Cochrane Handbook (Higgins et al., v6.4) section 6.5.2.3"


def _positive(name: str, value: float) -> float:
    if not (isinstance(value, int | float) and math.isfinite(value) and value > 0):
        raise InvalidParameter(name, value, "must be a finite number > 0")
    return float(value)


LEVEL_RANGE = (0.5, 0.9999)
"""Confidence levels a published interval can carry (50% to 99.99%). Outside it the quantile is
zero (a level near 0 then divides by zero) or one rounds to 1 and has no finite quantile."""


def _level(level: float) -> float:
    low, high = LEVEL_RANGE
    if not (isinstance(level, int | float) and not isinstance(level, bool) and low <= level <= high):
        raise InvalidParameter(
            "level", level, f"must lie between {low} and {high} (a 95% CI has level 0.95)"
        )
    return float(level)


def quantile(prob: float, df: float | None, distribution: Distribution = "t") -> float:
    """The quantile at ``prob`` of Student's t with ``df`` degrees of freedom (or of N(0, 1))."""
    if distribution == "z" or df is None:
        return NormalDist().inv_cdf(prob)
    if distribution != "t":
        raise InvalidParameter("distribution", distribution, 'must be "t" or "z"')
    return float(special.stdtrit(_positive("df", df), prob))


def se_from_ci(
    lower: float,
    upper: float,
    *,
    level: float = 0.95,
    df: float | None = None,
    distribution: Distribution = "t",
) -> float:
    """Standard error of an estimate from its symmetric confidence interval.

    SE = (upper - lower) / (2 q), q the (1 + level) / 2 quantile of t with ``df`` degrees of
    freedom (or of N(0, 1) when distribution="z" or df is None).
    """
    if not upper > lower:
        raise InvalidParameter("upper", upper, f"must exceed the lower limit {lower!r}")
    q = quantile((1.0 + _level(level)) / 2.0, df, distribution)
    return (upper - lower) / (2.0 * q)


def _two_group_factor(n1: float, n2: float) -> float:
    return math.sqrt(1.0 / _positive("n1", n1) + 1.0 / _positive("n2", n2))


def sd_from_se(se: float, n1: float, n2: float) -> float:
    """Common per-group SD behind the SE of a difference in means: SD = SE / sqrt(1/n1 + 1/n2)."""
    return _positive("se", se) / _two_group_factor(n1, n2)


def sd_from_ci(
    lower: float,
    upper: float,
    n1: float,
    n2: float,
    level: float = 0.95,
    *,
    distribution: Distribution = "t",
) -> float:
    """Common per-group SD from the CI of a between-group difference in means (Cochrane 6.5.2.3).

    SE = (upper - lower) / (2 t), t with n1 + n2 - 2 df (or z); SD = SE / sqrt(1/n1 + 1/n2).
    """
    se = se_from_ci(lower, upper, level=level, df=n1 + n2 - 2.0, distribution=distribution)
    return sd_from_se(se, n1, n2)


def sd_from_p(
    difference: float,
    p: float,
    n1: float,
    n2: float,
    *,
    sides: int = 2,
    distribution: Distribution = "t",
) -> float:
    """Common per-group SD from a difference in means and its exact P value (Cochrane 6.5.2.3).

    The test statistic is recovered as t = quantile(1 - p/2) (two-sided; 1 - p one-sided) with
    n1 + n2 - 2 df, then SE = |difference| / t and SD = SE / sqrt(1/n1 + 1/n2).
    """
    if not (isinstance(p, int | float) and 0.0 < p < 1.0):
        raise InvalidParameter(
            "p", p, "must lie strictly between 0 and 1 to recover a test statistic"
        )
    if sides not in (1, 2):
        raise InvalidParameter("sides", sides, "must be 1 or 2")
    if difference == 0 or not math.isfinite(difference):
        raise InvalidParameter("difference", difference, "must be finite and non-zero")
    tail = p / 2.0 if sides == 2 else p
    if tail >= 0.5:
        raise InvalidParameter("p", p, "is too large to carry information about the spread")
    # -quantile(tail) rather than quantile(1 - tail): 1 - tail rounds away tiny P values.
    stat = -quantile(tail, n1 + n2 - 2.0, distribution)
    return sd_from_se(abs(difference) / stat, n1, n2)


def smd_to_difference(smd: float, sd: float) -> float:
    """Raw difference in means from a standardised mean difference: difference = SMD x SD."""
    return smd * _positive("sd", sd)


def cv_from_log_sd(sd_log: float) -> float:
    """Coefficient of variation of a log-normal variable with log-scale SD s: sqrt(exp(s^2) - 1)."""
    return math.sqrt(math.expm1(_positive("sd_log", sd_log) ** 2))


def ci_asymmetry(value: float, lower: float, upper: float) -> float:
    """How far the estimate sits from the CI midpoint, as a fraction of the half-width.

    0 for a symmetric interval; above about 0.05 the interval was probably computed on a
    transformed scale, so an SD read from its width is approximate.
    """
    half = (upper - lower) / 2.0
    if half <= 0:
        return 0.0
    return abs(value - (upper + lower) / 2.0) / half


def sd_from_ci_one_group(
    lower: float,
    upper: float,
    n: float,
    level: float = 0.95,
    *,
    distribution: Distribution = "t",
) -> float:
    """SD of one group's values (or changes) from the CI of its mean (Cochrane 6.5.2.3).

    SE = (upper - lower) / (2 t), t with n - 1 df (or z); SD = SE x sqrt(n).
    """
    n = _positive("n", n)
    se = se_from_ci(lower, upper, level=level, df=n - 1.0, distribution=distribution)
    return se * math.sqrt(n)
