"""Baseline-adjusted ANCOVA on log(x + 1) for a log-normal outcome, in closed form.

The investigator's inputs are on the original scale: the control arm's mean and CV at
follow-up, the treatment / control ratio of means, and the correlation of baseline and
follow-up on the log scale (the baseline log-normal too, by default like the control arm).
The analysis is ANCOVA of log(x + 1) on log(baseline + 1) (the TrialNet convention for the
C-peptide AUC; Lachin et al. (2011) PLoS ONE 6:e26471). Its moments on the log(x + 1) scale --
each arm's mean, variance and covariance with the baseline -- are exact bivariate normal
expectations (Gauss-Hermite quadrature); the ANCOVA with a common slope then has residual
variance Var(Y) - 2 beta Cov(Y, B) + beta^2 Var(B), and the design is the two-sample ANCOVA
t-test on that scale (Borm, Fransen & Lemmens (2007) J Clin Epidemiol 60:1234-1238), as
``two_means`` with the difference, SD and correlation on the log(x + 1) scale. The simulated
``ancova_log_power`` checks it.
"""

from __future__ import annotations

import dataclasses
import math
from functools import lru_cache
from typing import Any

import numpy as np
from numpy.polynomial.hermite_e import hermegauss

from trialkit.errors import InvalidParameter
from trialkit.power import _checks
from trialkit.power._text import num
from trialkit.power.means import two_means
from trialkit.power.result import Method, PowerResult

REFERENCE = ("Lachin et al. (2011) PLoS ONE 6:e26471; "
             "Borm, Fransen & Lemmens (2007) J Clin Epidemiol 60:1234-1238")


@lru_cache(maxsize=1)
def _nodes() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A 2-D Gauss-Hermite grid for two independent standard normals, and its weights."""
    x, w = hermegauss(80)
    w = w / w.sum()
    return x[:, None], x[None, :], w[:, None] * w[None, :]


def _lognormal(mean: float, cv: float) -> tuple[float, float]:
    sigma2 = math.log1p(cv * cv)
    return math.log(mean) - sigma2 / 2.0, math.sqrt(sigma2)


def log1p_moments(mean: float, cv: float, b_mean: float, b_cv: float,
                  r: float) -> tuple[float, float, float, float]:
    """E[Y], Var(Y), Cov(Y, B) and Var(B) for Y = log(X + 1), B = log(X_0 + 1), with X and X_0
    log-normal (mean, CV) whose logs have correlation r."""
    z1, z2, w = _nodes()
    mu, s = _lognormal(mean, cv)
    b_mu, b_s = _lognormal(b_mean, b_cv)
    b = np.log1p(np.exp(b_mu + b_s * z1)) + 0.0 * z2
    y = np.log1p(np.exp(mu + s * (r * z1 + math.sqrt(1.0 - r * r) * z2)))
    ey, eb = float((w * y).sum()), float((w * b).sum())
    return (ey, float((w * (y - ey) ** 2).sum()), float((w * (y - ey) * (b - eb)).sum()),
            float((w * (b - eb) ** 2).sum()))


def ancova_log(
    *,
    control_mean: float,
    cv: float,
    mean_ratio: float,
    baseline_correlation: float,
    n_per_arm: int | tuple[int, int] | None = None,
    power: float | None = None,
    alpha: float = 0.05,
    sides: int = 2,
    power_convention: str = "two_tailed",
    dropout: float = 0.0,
    baseline_mean: float | None = None,
    baseline_cv: float | None = None,
) -> PowerResult:
    """Sample size or power of ANCOVA on log(x + 1) adjusted for log(baseline + 1).

    Give exactly one of ``n_per_arm`` and ``power``; the ratio of means is the effect to
    detect (treatment / control, on the original scale). Allocation is 1:1: with unequal arms
    the two arms' variances on the log(x + 1) scale differ and the simulated
    ``ancova_log_power`` applies.
    """
    m = _checks.positive("control_mean", control_mean)
    c = _checks.positive("cv", cv)
    effect = _checks.positive("mean_ratio", mean_ratio)
    if effect == 1.0:
        raise InvalidParameter("mean_ratio", mean_ratio, "must differ from 1 (no effect leaves "
                               "nothing to detect)")
    r = _checks.in_range("baseline_correlation", baseline_correlation, -1.0, 1.0,
                         closed_lo=False)
    b_m = m if baseline_mean is None else _checks.positive("baseline_mean", baseline_mean)
    b_c = c if baseline_cv is None else _checks.positive("baseline_cv", baseline_cv)
    if isinstance(n_per_arm, tuple | list) and len(set(n_per_arm)) > 1:
        raise InvalidParameter("n_per_arm", n_per_arm, "must be the same in both arms: this "
                               "calculation is for 1:1 allocation (other allocations are "
                               "simulated by 'trialkit power ancova-log')")
    if (n_per_arm is None) == (power is None):
        raise InvalidParameter("power", power, "give exactly one of the power and the sample "
                               "size (n per arm)")
    ey_c, vy_c, cov_c, vb = log1p_moments(m, c, b_m, b_c, r)
    ey_t, vy_t, cov_t, _ = log1p_moments(m * effect, c, b_m, b_c, r)
    # 1:1: the pooled slope and the pooled residual variance are the arms' averages, and the
    # t-test's pooled variance is that of the adjusted difference (unequal arms with unequal
    # variances on this scale are not a noncentral t; they are simulated instead).
    slope = (cov_t + cov_c) / (2.0 * vb)
    residual = sum(vy - 2.0 * slope * cov + slope * slope * vb
                   for vy, cov in ((vy_t, cov_t), (vy_c, cov_c))) / 2.0
    sd = math.sqrt((vy_t + vy_c) / 2.0)
    r_log1p = math.sqrt(max(0.0, 1.0 - residual / (sd * sd)))
    base = two_means(delta=ey_t - ey_c, sd=sd, baseline_correlation=r_log1p,
                     n_per_arm=n_per_arm, power=power, alpha=alpha, sides=sides,
                     power_convention=power_convention, dropout=dropout)
    scale = (f"A control-arm mean of {num(m)} with coefficient of variation {num(c)} and a "
             f"treatment / control ratio of means of {num(effect)} (log-normal outcomes) are, "
             f"on the log(x + 1) scale of the analysis, a difference of {num(ey_t - ey_c)} "
             f"with SD {num(sd)}; a correlation of {num(r)} between baseline and follow-up on "
             f"the log scale is {num(r_log1p)} between log(baseline + 1) and log(x + 1) after "
             "the common-slope adjustment (exact moments by Gauss-Hermite quadrature).")
    inputs: dict[str, Any] = {
        "control_mean": m, "cv": c, "mean_ratio": effect, "baseline_correlation": r,
        "baseline_mean": baseline_mean, "baseline_cv": baseline_cv, "alpha": alpha,
        "sides": sides, "power_convention": power_convention, "dropout": dropout,
        "power": power,
    }
    return dataclasses.replace(
        base, procedure="ancova_log", inputs=inputs,
        method=Method("ANCOVA of log(x + 1) adjusted for log(baseline + 1), t-test with the "
                      "residual SD on that scale", REFERENCE),
        justification=f"{scale} {base.justification}",
        extras={**dict(base.extras), "delta_log1p": ey_t - ey_c, "sd_log1p": sd,
                "baseline_correlation_log1p": r_log1p},
    )
