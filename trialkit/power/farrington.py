"""Non-inferiority of two proportions on the difference or the ratio: Farrington-Manning tests.

H0: p1 - p2 <= -margin against H1: p1 - p2 > -margin (p1 the treatment's response rate,
higher better). The statistic (p1_hat - p2_hat + margin) / sqrt(V0) takes V0 at the maximum
likelihood estimates restricted to the null boundary p1 - p2 = -margin, which have a closed
form (the root of a cubic; Farrington & Manning (1990) Stat Med 9:1447-1454, as in Miettinen &
Nurminen (1985) Stat Med 4:213-226). Power follows their large-sample formula
Phi((p1 - p2 + margin - z sqrt(V0)) / sqrt(V1)), V1 the variance at the true rates and V0 the
restricted variance evaluated at the rates expected in the trial.

On the ratio scale (scale="ratio", margin the smallest acceptable p1 / p2, e.g. 0.8) H0 is
p1 / p2 <= margin; the statistic is (p1_hat - margin p2_hat) / sqrt(V0) with V0 =
q1 (1 - q1) / n_t + margin^2 q2 (1 - q2) / n_c at the rates restricted to q1 = margin q2, the
root of a quadratic (Farrington & Manning (1990) §2.2), and the power is
Phi((p1 - margin p2 - z sqrt(V0)) / sqrt(V1)) with V1 = p1 (1 - p1) / n_t + margin^2 p2 (1 - p2) / n_c.

On the odds-ratio scale (scale="odds_ratio", margin the smallest acceptable odds ratio psi; below 1
non-inferiority, above 1 superiority by a margin) H0 is OR <= psi, tested by the score statistic
of Miettinen & Nurminen (1985) §3 without their N / (N - 1) factor, as Farrington & Manning use
it: L = (p1_hat - q1) / v1 - (p2_hat - q2) / v2 over sqrt(1 / (n_t v1) + 1 / (n_c v2)), v = q (1 - q)
at the rates q restricted to odds ratio psi (the root of a quadratic). Its power follows the same
large-sample argument with the restricted rates taken at the rates expected in the trial. At
psi = 1 the restricted rates are the pooled rate and the test is the pooled z-test of the
difference (R's power.prop.test, one-sided).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np
from scipy import special

from trialkit.errors import InvalidParameter
from trialkit.power import _checks
from trialkit.power._procedure import Design, EffectSearch, Prepared
from trialkit.power._text import num, paragraph, pct
from trialkit.power.result import Method, PowerResult

FARRINGTON_MANNING = Method(
    "Farrington-Manning score test of a difference in proportions (non-inferiority), "
    "variance under the null at the restricted maximum likelihood estimates",
    "Farrington & Manning (1990) Stat Med 9:1447-1454",
)


FARRINGTON_MANNING_RATIO = Method(
    "Farrington-Manning score test of a ratio of proportions (non-inferiority), variance "
    "under the null at the restricted maximum likelihood estimates",
    "Farrington & Manning (1990) Stat Med 9:1447-1454",
)
FARRINGTON_MANNING_ODDS = Method(
    "Score test of an odds ratio (non-inferiority or superiority by a margin), variance under "
    "the null at the restricted maximum likelihood estimates",
    "Miettinen & Nurminen (1985) Stat Med 4:213-226; Farrington & Manning (1990) Stat Med "
    "9:1447-1454",
)
SCALES = ("difference", "ratio", "odds_ratio")
MAX_ODDS_MARGIN = 1000.0
"""Beyond an odds ratio of 1000 the null boundary is a response rate indistinguishable from 1."""


def restricted_rates(p1: Any, p2: Any, difference: float, n_t: Any, n_c: Any) -> tuple[Any, Any]:
    """Maximum likelihood (p1, p2) subject to p1 - p2 = difference, given observed (or
    expected) rates p1 of n_t and p2 of n_c; vectorised. Farrington & Manning (1990) §2."""
    p1, p2 = np.asarray(p1, dtype=float), np.asarray(p2, dtype=float)
    if difference == 0.0:
        pooled = (n_t * p1 + n_c * p2) / (n_t + n_c)
        return pooled, pooled
    theta = np.asarray(n_c, dtype=float) / np.asarray(n_t, dtype=float)
    s = difference
    a = 1.0 + theta
    b = -(1.0 + theta + p1 + theta * p2 + s * (theta + 2.0))
    c = s * s + s * (2.0 * p1 + theta + 1.0) + p1 + theta * p2
    d = -p1 * s * (1.0 + s)
    v = b**3 / (3.0 * a) ** 3 - b * c / (6.0 * a * a) + d / (2.0 * a)
    root = np.sqrt(np.maximum(b * b / (3.0 * a) ** 2 - c / (3.0 * a), 0.0))
    u = np.where(v < 0, -root, root)
    safe_u = np.where(u == 0.0, 1.0, u)
    w = np.where(v == 0.0, math.pi / 2.0,
                 (math.pi + np.arccos(np.clip(v / safe_u**3, -1.0, 1.0))) / 3.0)
    q1 = np.clip(2.0 * u * np.cos(w) - b / (3.0 * a), 0.0, 1.0)
    q2 = np.clip(q1 - s, 0.0, 1.0)
    return q1, q2


def restricted_rates_ratio(p1: Any, p2: Any, rho: float, n_t: Any, n_c: Any) -> tuple[Any, Any]:
    """Maximum likelihood (p1, p2) subject to p1 = rho p2, given rates p1 of n_t and p2 of n_c;
    vectorised. The smaller root of rho N q2^2 - (rho n_t + x1 + n_c + rho x2) q2 + x1 + x2 = 0
    (Farrington & Manning (1990) §2.2)."""
    n_t, n_c = np.asarray(n_t, dtype=float), np.asarray(n_c, dtype=float)
    x1, x2 = n_t * np.asarray(p1, dtype=float), n_c * np.asarray(p2, dtype=float)
    a = rho * (n_t + n_c)
    b = -(rho * n_t + x1 + n_c + rho * x2)
    c = x1 + x2
    q2 = (-b - np.sqrt(np.maximum(b * b - 4.0 * a * c, 0.0))) / (2.0 * a)
    return rho * q2, q2


def restricted_rates_odds(p1: Any, p2: Any, psi: float, n_t: Any, n_c: Any) -> tuple[Any, Any]:
    """Maximum likelihood (p1, p2) subject to odds ratio psi, given rates p1 of n_t and p2 of
    n_c; vectorised. q2 is the root in [0, 1] of n_c (psi - 1) q2^2 + (n_t psi + n_c - m (psi -
    1)) q2 - m = 0, m = x1 + x2 (Miettinen & Nurminen (1985) §3), written as 2C / (-B - sqrt(D))
    so that psi = 1 (no quadratic term) gives the pooled rate."""
    n_t, n_c = np.asarray(n_t, dtype=float), np.asarray(n_c, dtype=float)
    m = n_t * np.asarray(p1, dtype=float) + n_c * np.asarray(p2, dtype=float)
    a = n_c * (psi - 1.0)
    b = n_t * psi + n_c - m * (psi - 1.0)
    c = -m
    denominator = -b - np.sqrt(np.maximum(b * b - 4.0 * a * c, 0.0))
    q2 = np.clip(2.0 * c / np.where(denominator == 0.0, -1.0, denominator), 0.0, 1.0)
    q1 = psi * q2 / (1.0 + q2 * (psi - 1.0))
    return q1, q2


def odds_ratio_score_power(n_t: Any, n_c: Any, p1: Any, p2: float, psi: float,
                           alpha: float) -> Any:
    """One-sided power of the odds-ratio score test of H0: OR <= psi (vectorised)."""
    z = special.ndtri(1.0 - alpha)
    p1 = np.asarray(p1, dtype=float)
    q1, q2 = restricted_rates_odds(p1, p2, psi, n_t, n_c)
    v1, v2 = q1 * (1.0 - q1), q2 * (1.0 - q2)
    mean = (p1 - q1) / v1 - (p2 - q2) / v2
    sd1 = np.sqrt(p1 * (1.0 - p1) / (n_t * v1 * v1) + p2 * (1.0 - p2) / (n_c * v2 * v2))
    sd0 = np.sqrt(1.0 / (n_t * v1) + 1.0 / (n_c * v2))
    return special.ndtr((mean - z * sd0) / sd1)


def null_boundary(p2: float, margin: float, scale: str) -> float:
    """The treatment response rate on the null boundary, given the control rate p2."""
    if scale == "ratio":
        return margin * p2
    if scale == "odds_ratio":
        return margin * p2 / (1.0 - p2 + margin * p2)
    return p2 - margin


def farrington_manning_power(
    n_t: Any, n_c: Any, p1: Any, p2: float, margin: float, alpha: float,
    scale: str = "difference",
) -> Any:
    """One-sided power of the Farrington-Manning non-inferiority test (vectorised)."""
    if scale == "odds_ratio":
        return odds_ratio_score_power(n_t, n_c, p1, p2, margin, alpha)
    z = special.ndtri(1.0 - alpha)
    if scale == "ratio":
        q1, q2 = restricted_rates_ratio(p1, p2, margin, n_t, n_c)
        m2 = margin * margin
        se0 = np.sqrt(q1 * (1.0 - q1) / n_t + m2 * q2 * (1.0 - q2) / n_c)
        se1 = np.sqrt(np.asarray(p1) * (1.0 - np.asarray(p1)) / n_t + m2 * p2 * (1.0 - p2) / n_c)
        return special.ndtr((np.asarray(p1) - margin * p2 - z * se0) / se1)
    q1, q2 = restricted_rates(p1, p2, -margin, n_t, n_c)
    se0 = np.sqrt(q1 * (1.0 - q1) / n_t + q2 * (1.0 - q2) / n_c)
    se1 = np.sqrt(p1 * (1.0 - p1) / n_t + p2 * (1.0 - p2) / n_c)
    return special.ndtr((np.asarray(p1) - p2 + margin - z * se0) / se1)


def rate_inputs(alpha: Any, sides: Any, ratio: Any, dropout: Any,
                p2: Any) -> tuple[float, int, float, float, float]:
    """alpha, sides, ratio, dropout and the control rate p2, checked: what every test of two
    proportions takes."""
    return (_checks.alpha(alpha), _checks.sides(sides), _checks.ratio(ratio),
            _checks.dropout(dropout), _checks.open_unit("p2", p2))


def score_inputs(alpha: Any, sides: Any, ratio: Any, dropout: Any, p2: Any,
                 scale: Any) -> tuple[float, int, float, float, float, float]:
    """The checked ``rate_inputs`` of a score test with a margin on ``scale``, and the level
    of each one-sided test: alpha (sides=1) or alpha / 2 (sides=2, a two-sided 1 - alpha
    confidence interval's limit, ICH E9)."""
    a, s, k, loss, p2_ = rate_inputs(alpha, sides, ratio, dropout, p2)
    if scale not in SCALES:
        raise InvalidParameter("scale", scale, "must be 'difference', 'ratio' or 'odds_ratio'")
    return a, s, k, loss, p2_, a if s == 1 else a / 2.0


def rate_above(reference: float) -> EffectSearch:
    """Search a treatment rate in (reference, 1): a solved p1 lies above what it is tested
    against, and power rises with the distance."""
    return EffectSearch(lambda u: reference + u, 1e-12, (1.0 - reference) / 2.0,
                        1.0 - reference - 1e-12)


def score_design(method: Method, power: Callable[..., Any], p2: float, margin: float,
                 test_alpha: float, scale: str, search: EffectSearch) -> Design:
    """What the solver needs of a score test of two proportions on the treatment rate p1:
    ``power(n_t, n_c, p1, p2, margin, test_alpha, scale)``, vectorised."""

    def power_at(n_t: Any, n_c: Any, rate: Any) -> Any:
        return power(n_t, n_c, rate, p2, margin, test_alpha, scale)

    return Design(procedure="two_proportions", method=method, groups=2, power_at=power_at,
                  effect_name="p1", effect_search=search, min_n=2.0)


def prepare_farrington_manning(
    *, p1: float | None, p2: float, margin: float, alpha: float, sides: int, ratio: float,
    dropout: float, scale: str = "difference",
) -> Prepared:
    """two_proportions(..., margin=..., method='farrington_manning'): inputs, power and text.

    As for means, a two-sided statement tests at alpha / 2 (the lower limit of a two-sided
    1 - alpha confidence interval, ICH E9); sides=1 at alpha.
    """
    a, s, k, loss, p2_, test_alpha = score_inputs(alpha, sides, ratio, dropout, p2, scale)
    if scale == "odds_ratio":
        m = _checks.in_range("margin", margin, 0.0, MAX_ODDS_MARGIN, closed_lo=False)
        boundary, words = null_boundary(p2_, m, scale), "the rate at an odds ratio of {margin}"
    elif scale == "ratio":
        m = _checks.open_unit("margin", margin)
        boundary, words = m * p2_, "{p2} x {margin}"
    else:
        m = _checks.open_unit("margin", margin)
        if m >= p2_:
            raise InvalidParameter("margin", margin, f"must be below {{p2}} ({p2_:g}): the null "
                                   "boundary {p2} - {margin} must be a possible response rate")
        boundary, words = p2_ - m, "{p2} - {margin}"
    if p1 is not None:
        p1 = _checks.open_unit("p1", p1)
        if p1 <= boundary:
            raise InvalidParameter("p1", p1, f"must be above {words} ({boundary:g}) for "
                                   "non-inferiority to be shown")
    design = score_design(
        {"ratio": FARRINGTON_MANNING_RATIO, "odds_ratio": FARRINGTON_MANNING_ODDS}.get(
            scale, FARRINGTON_MANNING),
        farrington_manning_power, p2_, m, test_alpha, scale, rate_above(boundary),
    )

    def describe(res: PowerResult) -> str:
        return paragraph(
            res,
            test=_test_words(scale, m),
            effect=(f"a true response rate of {pct(res.inputs['p1'])} with treatment against "
                    f"{pct(p2_)} with control"),
            sides=1, alpha=test_alpha,
        )

    inputs = {"p1": p1, "p2": p2_, "sides": s, "ratio": k, "dropout": loss,
              "method": "farrington_manning", "continuity": False, "margin": m,
              "scale": scale}
    return Prepared(design, p1, k, a, loss, inputs, describe)


def _test_words(scale: str, m: float) -> str:
    """The test named as the protocol states it."""
    if scale == "odds_ratio":
        aim = "non-inferiority" if m < 1.0 else "superiority" if m == 1.0 else \
            "superiority by a margin"
        return (f"a score test of the odds ratio of response ({aim}; margin {num(m)}; H0: odds "
                f"ratio treatment / control <= {num(m)}; Miettinen & Nurminen 1985)")
    if scale == "ratio":
        return (f"a Farrington-Manning non-inferiority test of the ratio of response rates "
                f"(margin {num(m)}; H0: ratio treatment / control <= {num(m)})")
    return (f"a Farrington-Manning non-inferiority test of the difference in response "
            f"rates (margin {num(m)}; H0: difference <= {num(-m)})")
