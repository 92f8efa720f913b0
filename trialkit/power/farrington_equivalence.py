"""Equivalence of two proportions: two one-sided Farrington-Manning score tests (TOST).

Equivalence is shown when both one-sided nulls are rejected: on the difference H0: p1 - p2 <=
-margin and H0: p1 - p2 >= margin; on the ratio (or odds ratio) H0: ratio <= margin and H0:
ratio >= 1 / margin. Each statistic is the score statistic of the non-inferiority test at its
own null boundary (Farrington & Manning (1990) Stat Med 9:1447-1454; Miettinen & Nurminen
(1985) Stat Med 4:213-226 for the odds ratio), each test at alpha (sides=1, a 1 - 2 alpha
confidence interval inside the margins) or alpha / 2 (sides=2, a 1 - alpha interval).

Each numerator is linear in the observed rates, a1 p1_hat + a2 p2_hat + b, with the restricted
rates taken at the rates expected in the trial (as for the power of one test), so the two
numerators are jointly normal and the power is a bivariate normal probability,
Phi2(u_lower, u_upper; rho), computed with Owen's T function (Owen (1956) Ann Math Stat
27:1075-1090). On the difference scale the two numerators are the same estimate (rho = -1)
and the power is Phi(u_lower) + Phi(u_upper) - 1 when positive.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from scipy import special

from trialkit.errors import InvalidParameter
from trialkit.power import _checks
from trialkit.power._procedure import EffectSearch, Prepared
from trialkit.power._text import num, paragraph, pct
from trialkit.power.farrington import (
    restricted_rates,
    restricted_rates_odds,
    restricted_rates_ratio,
    score_design,
    score_inputs,
)
from trialkit.power.result import Method, PowerResult

EQUIVALENCE = Method(
    "Two one-sided Farrington-Manning score tests (equivalence of two proportions), variance "
    "under each null at the restricted maximum likelihood estimates",
    "Farrington & Manning (1990) Stat Med 9:1447-1454",
)


def _numerator(scale: str, theta0: float, n_t: Any, n_c: Any, p1: Any,
               p2: float) -> tuple[Any, Any, Any, Any]:
    """(a1, a2, b, se0): the score statistic at null boundary theta0 is
    (a1 p1_hat + a2 p2_hat + b) / se0, its restricted rates at the expected rates."""
    if scale == "odds_ratio":
        q1, q2 = restricted_rates_odds(p1, p2, theta0, n_t, n_c)
        v1, v2 = q1 * (1.0 - q1), q2 * (1.0 - q2)
        return 1.0 / v1, -1.0 / v2, q2 / v2 - q1 / v1, np.sqrt(1.0 / (n_t * v1) + 1.0 / (n_c * v2))
    if scale == "ratio":
        q1, q2 = restricted_rates_ratio(p1, p2, theta0, n_t, n_c)
        se0 = np.sqrt(q1 * (1.0 - q1) / n_t + theta0 * theta0 * q2 * (1.0 - q2) / n_c)
        return 1.0, -theta0, 0.0, se0
    q1, q2 = restricted_rates(p1, p2, theta0, n_t, n_c)
    return 1.0, -1.0, -theta0, np.sqrt(q1 * (1.0 - q1) / n_t + q2 * (1.0 - q2) / n_c)


def bivariate_normal_cdf(h: Any, k: Any, rho: Any) -> Any:
    """P(X < h, Y < k) for standard normals with correlation rho in (-1, 1), vectorised, by
    Owen's T: Phi2 = (Phi(h) + Phi(k)) / 2 - T(h, a_h) - T(k, a_k) - beta, a_h = (k - rho h) /
    (h sqrt(1 - rho^2)), beta = 1/2 when h k < 0, else 0. A limit of exactly 0 is moved by
    1e-12 (Phi2 is continuous, so the change is below 1e-12)."""
    h, k, rho = np.broadcast_arrays(*(np.asarray(x, dtype=float) for x in (h, k, rho)))
    h = np.where(h == 0.0, 1e-12, h)
    k = np.where(k == 0.0, 1e-12, k)
    root = np.sqrt(1.0 - rho * rho)
    t_h = special.owens_t(h, (k - rho * h) / (h * root))
    t_k = special.owens_t(k, (h - rho * k) / (k * root))
    beta = np.where(h * k < 0.0, 0.5, 0.0)
    return 0.5 * (special.ndtr(h) + special.ndtr(k)) - t_h - t_k - beta


def equivalence_power(n_t: Any, n_c: Any, p1: Any, p2: float, margin: float, alpha: float,
                      scale: str) -> Any:
    """Power of the two one-sided score tests, each at level alpha (vectorised)."""
    z = special.ndtri(1.0 - alpha)
    p1 = np.asarray(p1, dtype=float)
    low, high = (-margin, margin) if scale == "difference" else (margin, 1.0 / margin)
    aL1, aL2, bL, sL = _numerator(scale, low, n_t, n_c, p1, p2)
    aU1, aU2, bU, sU = _numerator(scale, high, n_t, n_c, p1, p2)
    w1, w2 = p1 * (1.0 - p1) / n_t, p2 * (1.0 - p2) / n_c  # variances of the observed rates
    mean_l, mean_u = aL1 * p1 + aL2 * p2 + bL, aU1 * p1 + aU2 * p2 + bU
    sd_l = np.sqrt(aL1 * aL1 * w1 + aL2 * aL2 * w2)
    sd_u = np.sqrt(aU1 * aU1 * w1 + aU2 * aU2 * w2)
    u_l = (mean_l - z * sL) / sd_l  # reject the lower null: numerator above z se0
    u_u = (-z * sU - mean_u) / sd_u  # reject the upper null: numerator below -z se0
    rho = -(aL1 * aU1 * w1 + aL2 * aU2 * w2) / (sd_l * sd_u)
    if scale == "difference":
        return np.maximum(special.ndtr(u_l) + special.ndtr(u_u) - 1.0, 0.0)
    rho = np.clip(rho, -1.0 + 1e-12, 1.0 - 1e-12)
    return np.clip(bivariate_normal_cdf(u_l, u_u, rho), 0.0, 1.0)


def prepare_equivalence(
    *, p1: float | None, p2: float, margin: float | None, alpha: float, sides: int,
    ratio: float, dropout: float, scale: str,
) -> Prepared:
    """two_proportions(..., margin=..., method='farrington_manning', equivalence=True)."""
    a, s, k, loss, p2_, test_alpha = score_inputs(alpha, sides, ratio, dropout, p2, scale)
    if margin is None:
        raise InvalidParameter("margin", None, "must be given for an equivalence test")
    m = _checks.open_unit("margin", margin)
    lo, hi = _region(scale, m, p2_)
    if p1 is None:
        raise InvalidParameter("p1", None, "must be given for an equivalence test (the "
                               "treatment rate expected; power is highest near {p2})")
    p1_ = _checks.open_unit("p1", p1)
    if not lo < p1_ < hi:
        raise InvalidParameter("p1", p1, f"must lie between {lo:.4g} and {hi:.4g}, inside the "
                               "equivalence margins, for equivalence to be shown")
    design = score_design(EQUIVALENCE, equivalence_power, p2_, m, test_alpha, scale,
                          EffectSearch(lambda u: p2_ + u, 0.0, 0.0, 0.0))  # p1 is always given
    words = {"difference": f"difference in response rates within +-{num(m)}",
             "ratio": f"ratio of response rates within {num(m)} to {num(1 / m)}",
             "odds_ratio": f"odds ratio of response within {num(m)} to {num(1 / m)}"}[scale]

    def describe(res: PowerResult) -> str:
        return paragraph(
            res,
            test=(f"two one-sided Farrington-Manning score tests of equivalence ({words}; each "
                  f"test at one-sided {num(test_alpha)}, a {pct(1 - 2 * test_alpha)} "
                  "confidence interval inside the margins)"),
            effect=(f"equivalence when the true response rate is {pct(res.inputs['p1'])} with "
                    f"treatment against {pct(p2_)} with control"),
            sides=1, alpha=test_alpha,
        )

    inputs = {"p1": p1_, "p2": p2_, "sides": s, "ratio": k, "dropout": loss,
              "method": "farrington_manning", "continuity": False, "margin": m,
              "scale": scale, "equivalence": True}
    return Prepared(design, p1_, k, a, loss, inputs, describe)


def _region(scale: str, m: float, p2: float) -> tuple[float, float]:
    """The treatment rates strictly inside the equivalence margins, given the control rate."""
    if scale == "difference":
        if m >= min(p2, 1.0 - p2):
            raise InvalidParameter("margin", m, f"must be below {min(p2, 1.0 - p2):g} ({{p2}} - "
                                   "{margin} and {p2} + {margin} must be possible response rates)")
        return p2 - m, p2 + m
    if scale == "ratio":
        if p2 / m >= 1.0:
            raise InvalidParameter("margin", m, f"must be above {{p2}} ({p2:g}): the upper "
                                   "boundary {p2} / {margin} must be a possible response rate")
        return m * p2, p2 / m
    odds = p2 / (1.0 - p2)
    return m * odds / (1.0 + m * odds), odds / m / (1.0 + odds / m)
