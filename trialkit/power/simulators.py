"""The simulators behind ``simulate``: each draws whole batches of trials as numpy arrays and
applies the test the analytic procedure assumes, returning whether each trial rejected H0.

A two-sided simulated test counts rejections in either direction (both tails), unless
``power_convention="directional"``: then only rejections in the effect's direction count, as
the analytic procedures' directional power does (rpact, nQuery).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np
from scipy.special import ndtri, stdtrit

from trialkit.errors import InvalidParameter
from trialkit.power import _checks
from trialkit.power._vocabulary import mean_ratio_and_allocation

Simulator = Callable[..., np.ndarray]
"""simulator(rng, n_sims, **inputs) -> boolean array: did each simulated trial reject H0?"""


# --- shared pieces ---------------------------------------------------------------------------


def _sizes(name: str, value: Any, ratio: float = 1.0, minimum: int = 2) -> tuple[int, int]:
    if isinstance(value, tuple | list):
        if len(value) != 2:
            raise InvalidParameter(name, value, "must be one number or a (treatment, control) pair")
        return (_checks.sample_size(name, value[0], minimum),
                _checks.sample_size(name, value[1], minimum))
    n = _checks.sample_size(name, value, minimum)
    return (math.ceil(ratio * n - 1e-9), n)


def _direction(power_convention: str, name: str, effect: float) -> float:
    """0 to count both tails; else the sign of the effect, the only tail a directional
    power counts (an effect of exactly zero has no direction and is refused)."""
    if _checks.power_convention(power_convention) == "two_tailed":
        return 0.0
    if effect == 0.0:
        raise InvalidParameter(name, effect, "must be non-zero for a directional power (the "
                               "effect's direction names the rejection region counted)")
    return 1.0 if effect > 0.0 else -1.0


def _t_reject(t: np.ndarray, df: float, alpha: float, sides: int,
              direction: float = 0.0) -> np.ndarray:
    """Rejections of a t-test; two-sided with a direction (+1 or -1), only that tail counts."""
    if sides == 1:
        return t > -stdtrit(df, alpha)
    if direction:
        return direction * t > -stdtrit(df, alpha / 2.0)
    return np.abs(t) > -stdtrit(df, alpha / 2.0)


def _z_reject(z: np.ndarray, alpha: float, sides: int, direction: float = 0.0) -> np.ndarray:
    """Rejections of a z-test; two-sided with a direction (+1 or -1), only that tail counts."""
    if sides == 1:
        return z > -ndtri(alpha)
    if direction:
        return direction * z > -ndtri(alpha / 2.0)
    return np.abs(z) > -ndtri(alpha / 2.0)


def _pooled_t(x: np.ndarray, y: np.ndarray, shift: float = 0.0) -> np.ndarray:
    """Two-sample pooled-variance t statistics, one per row, of mean(x) - mean(y) + shift."""
    n1, n2 = x.shape[1], y.shape[1]
    sp2 = ((n1 - 1) * x.var(axis=1, ddof=1) + (n2 - 1) * y.var(axis=1, ddof=1)) / (n1 + n2 - 2)
    return (x.mean(axis=1) - y.mean(axis=1) + shift) / np.sqrt(sp2 * (1.0 / n1 + 1.0 / n2))


def _ancova_t(
    y_t: np.ndarray, b_t: np.ndarray, y_c: np.ndarray, b_c: np.ndarray
) -> np.ndarray:
    """t statistics of the group effect in y ~ group + baseline, one regression per row."""
    n1, n2 = y_t.shape[1], y_c.shape[1]
    dy_t, dy_c = y_t - y_t.mean(axis=1, keepdims=True), y_c - y_c.mean(axis=1, keepdims=True)
    db_t, db_c = b_t - b_t.mean(axis=1, keepdims=True), b_c - b_c.mean(axis=1, keepdims=True)
    sxx = (db_t**2).sum(axis=1) + (db_c**2).sum(axis=1)
    sxy = (db_t * dy_t).sum(axis=1) + (db_c * dy_c).sum(axis=1)
    syy = (dy_t**2).sum(axis=1) + (dy_c**2).sum(axis=1)
    slope = sxy / sxx
    gap_b = b_t.mean(axis=1) - b_c.mean(axis=1)
    effect = y_t.mean(axis=1) - y_c.mean(axis=1) - slope * gap_b
    s2 = (syy - slope * sxy) / (n1 + n2 - 3)
    return effect / np.sqrt(s2 * (1.0 / n1 + 1.0 / n2 + gap_b**2 / sxx))


def _correlated(
    rng: np.random.Generator, shape: tuple[int, int], r: float
) -> tuple[np.ndarray, np.ndarray]:
    """Pairs of standard normal arrays with correlation r."""
    z1 = rng.standard_normal(shape)
    z2 = r * z1 + math.sqrt(1.0 - r * r) * rng.standard_normal(shape)
    return z1, z2


# --- simulators (rng, n_sims, **inputs) -> rejections -----------------------------------------


def _sim_two_means(
    rng: np.random.Generator, n_sims: int, *, delta: float, sd: float, n_per_arm: Any,
    alpha: float = 0.05, sides: int = 2, ratio: float = 1.0, margin: float | None = None,
    baseline_correlation: float = 0.0, dropout: float = 0.0, power_convention: str = "two_tailed",
) -> np.ndarray:
    n_t, n_c = _sizes("n_per_arm", n_per_arm, ratio)
    way = _direction(power_convention, "delta", delta)
    a, s = _checks.alpha(alpha), _checks.sides(sides)
    sd_ = _checks.positive("sd", sd)
    r = _checks.in_range("baseline_correlation", baseline_correlation, -1.0, 1.0, closed_lo=False)
    m = 0.0 if margin is None else _checks.positive("margin", margin)
    test_alpha, test_sides = ((a if s == 1 else a / 2.0), 1) if m else (a, s)
    if r:
        b_t, e_t = _correlated(rng, (n_sims, n_t), r)
        b_c, e_c = _correlated(rng, (n_sims, n_c), r)
        t = _ancova_t(delta + sd_ * e_t + m, b_t, sd_ * e_c, b_c)
        return _t_reject(t, n_t + n_c - 3, test_alpha, test_sides, way)
    x = delta + sd_ * rng.standard_normal((n_sims, n_t))
    y = sd_ * rng.standard_normal((n_sims, n_c))
    return _t_reject(_pooled_t(x, y, m), n_t + n_c - 2, test_alpha, test_sides, way)


def _sim_one_mean(
    rng: np.random.Generator, n_sims: int, *, delta: float, sd: float, n: int,
    alpha: float = 0.05, sides: int = 2, dropout: float = 0.0, power_convention: str = "two_tailed",
) -> np.ndarray:
    n_ = _checks.sample_size("n", n, 2)
    way = _direction(power_convention, "delta", delta)
    x = delta + _checks.positive("sd", sd) * rng.standard_normal((n_sims, n_))
    t = x.mean(axis=1) / (x.std(axis=1, ddof=1) / math.sqrt(n_))
    return _t_reject(t, n_ - 1, _checks.alpha(alpha), _checks.sides(sides), way)


def _sim_ratio_of_means(
    rng: np.random.Generator, n_sims: int, *, cv: float, n_per_arm: Any,
    mean_ratio: float | None = None, alpha: float = 0.05, sides: int = 2,
    ratio: float | None = None, dropout: float = 0.0, allocation: float | None = None,
    power_convention: str = "two_tailed",
) -> np.ndarray:
    effect, k = mean_ratio_and_allocation("ratio_of_means", mean_ratio=mean_ratio, ratio=ratio,
                                          allocation=allocation, effect_needed=True)
    n_t, n_c = _sizes("n_per_arm", n_per_arm, _checks.ratio(k))
    sd_log = math.sqrt(math.log1p(_checks.positive("cv", cv) ** 2))
    # Log-normal data, analysed on the log scale: the log of a log-normal draw is normal.
    shift = math.log(_checks.positive("mean_ratio", effect))
    way = _direction(power_convention, "mean_ratio", shift)
    x = shift + sd_log * rng.standard_normal((n_sims, n_t))
    y = sd_log * rng.standard_normal((n_sims, n_c))
    return _t_reject(_pooled_t(x, y), n_t + n_c - 2, _checks.alpha(alpha), _checks.sides(sides),
                     way)


def _sim_two_proportions(
    rng: np.random.Generator, n_sims: int, *, p1: float, p2: float, n_per_arm: Any,
    alpha: float = 0.05, sides: int = 2, ratio: float = 1.0, method: str = "pooled",
    continuity: bool = False, dropout: float = 0.0, power_convention: str = "two_tailed",
) -> np.ndarray:
    n_t, n_c = _sizes("n_per_arm", n_per_arm, ratio, minimum=1)
    p1_, p2_ = _checks.open_unit("p1", p1), _checks.open_unit("p2", p2)
    # z is signed so that the effect's direction is positive: a directional power counts z > 0.
    way = abs(_direction(power_convention, "p1", p1_ - p2_))
    if method not in ("pooled", "unpooled", "arcsine"):
        raise InvalidParameter("method", method, "must be pooled, unpooled or arcsine")
    q1 = rng.binomial(n_t, p1_, n_sims) / n_t
    q2 = rng.binomial(n_c, p2_, n_sims) / n_c
    sign = 1.0 if p1_ >= p2_ else -1.0
    if method == "arcsine":
        h = 2.0 * np.arcsin(np.sqrt(q1)) - 2.0 * np.arcsin(np.sqrt(q2))
        z = sign * h * math.sqrt(n_t * n_c / (n_t + n_c))
    else:
        diff = sign * (q1 - q2)
        if continuity:
            diff = np.sign(diff) * np.maximum(np.abs(diff) - 0.5 * (1.0 / n_t + 1.0 / n_c), 0.0)
        if method == "pooled":
            pbar = (n_t * q1 + n_c * q2) / (n_t + n_c)
            var = pbar * (1.0 - pbar) * (1.0 / n_t + 1.0 / n_c)
        else:
            var = q1 * (1.0 - q1) / n_t + q2 * (1.0 - q2) / n_c
        with np.errstate(divide="ignore", invalid="ignore"):
            z = np.where(var > 0.0, diff / np.sqrt(np.where(var > 0.0, var, 1.0)), 0.0)
    return _z_reject(z, _checks.alpha(alpha), _checks.sides(sides), way)


def _sim_equivalence_means(
    rng: np.random.Generator, n_sims: int, *, margin: float, sd: float, n_per_arm: Any,
    delta: float = 0.0, alpha: float = 0.05, ratio: float = 1.0, dropout: float = 0.0,
    approximation: str = "exact",
) -> np.ndarray:
    n_t, n_c = _sizes("n_per_arm", n_per_arm, ratio)
    m, sd_ = _checks.positive("margin", margin), _checks.positive("sd", sd)
    x = delta + sd_ * rng.standard_normal((n_sims, n_t))
    y = sd_ * rng.standard_normal((n_sims, n_c))
    return _tost(x, y, m, _checks.alpha(alpha))


def _tost(x: np.ndarray, y: np.ndarray, margin: float, alpha: float) -> np.ndarray:
    lower = _pooled_t(x, y, margin)
    upper = -_pooled_t(x, y, -margin)
    df = x.shape[1] + y.shape[1] - 2
    return _t_reject(lower, df, alpha, 1) & _t_reject(upper, df, alpha, 1)


def _sim_crossover(
    rng: np.random.Generator, n_sims: int, *, delta: float, sd: float, n_per_sequence: Any,
    alpha: float = 0.05, test: str = "equality", margin: float | None = None, sides: int = 2,
    dropout: float = 0.0, approximation: str = "exact", period_effect: float = 0.3,
    power_convention: str = "two_tailed",
) -> np.ndarray:
    n1, n2 = _sizes("n_per_sequence", n_per_sequence)
    sd_ = _checks.positive("sd", sd)
    a = _checks.alpha(alpha)
    # Half period differences (period 1 - period 2) / 2: AB has mean (delta + pi) / 2,
    # BA has mean (-delta + pi) / 2; each has SD sd / 2 (sd of the T - R difference).
    ab = (delta + period_effect) / 2.0 + sd_ / 2.0 * rng.standard_normal((n_sims, n1))
    ba = (-delta + period_effect) / 2.0 + sd_ / 2.0 * rng.standard_normal((n_sims, n2))
    if test == "equivalence":
        return _tost(ab, ba, _checks.positive("margin", margin), a)
    shift = _checks.positive("margin", margin) if test == "noninferiority" else 0.0
    s = 1 if test == "noninferiority" else _checks.sides(sides)
    way = _direction(power_convention, "delta", delta) if s == 2 else 0.0
    return _t_reject(_pooled_t(ab, ba, shift), n1 + n2 - 2, a, s, way)


def lognormal_parameters(mean: float, cv: float) -> tuple[float, float]:
    """(mu, sigma) on the log scale of a log-normal variable with this mean and CV."""
    sigma2 = math.log1p(cv * cv)
    return math.log(mean) - sigma2 / 2.0, math.sqrt(sigma2)


def _sim_ancova_log(
    rng: np.random.Generator, n_sims: int, *, control_mean: float, cv: float,
    baseline_correlation: float, n_per_arm: Any, mean_ratio: float | None = None,
    alpha: float = 0.05, sides: int = 2, ratio: float | None = None,
    baseline_mean: float | None = None, baseline_cv: float | None = None,
    dropout: float = 0.0, allocation: float | None = None, power_convention: str = "two_tailed",
) -> np.ndarray:
    effect, k = mean_ratio_and_allocation("ancova_log_power", mean_ratio=mean_ratio, ratio=ratio,
                                          allocation=allocation, effect_needed=True)
    n_t, n_c = _sizes("n_per_arm", n_per_arm, _checks.ratio(k), minimum=3)
    mu, sigma = lognormal_parameters(
        _checks.positive("control_mean", control_mean), _checks.positive("cv", cv)
    )
    b_mu, b_sigma = lognormal_parameters(
        _checks.positive("baseline_mean", control_mean if baseline_mean is None else baseline_mean),
        _checks.positive("baseline_cv", cv if baseline_cv is None else baseline_cv),
    )
    shift = math.log(_checks.positive("mean_ratio", effect))
    way = _direction(power_convention, "mean_ratio", shift)
    r = _checks.in_range("baseline_correlation", baseline_correlation, -1.0, 1.0, closed_lo=False)
    zb_t, zy_t = _correlated(rng, (n_sims, n_t), r)
    zb_c, zy_c = _correlated(rng, (n_sims, n_c), r)
    t = _ancova_t(
        np.log1p(np.exp(mu + shift + sigma * zy_t)), np.log1p(np.exp(b_mu + b_sigma * zb_t)),
        np.log1p(np.exp(mu + sigma * zy_c)), np.log1p(np.exp(b_mu + b_sigma * zb_c)),
    )
    return _t_reject(t, n_t + n_c - 3, _checks.alpha(alpha), _checks.sides(sides), way)


SIMULATORS: dict[str, tuple[Simulator, str]] = {
    "two_means": (_sim_two_means, "normal outcomes analysed by the two-sample t-test (ANCOVA "
                  "on a correlated baseline when baseline_correlation is given)"),
    "one_mean": (_sim_one_mean, "normal outcomes analysed by the one-sample t-test"),
    "ratio_of_means": (_sim_ratio_of_means, "log-normal outcomes analysed by the t-test on "
                       "log-transformed values"),
    "two_proportions": (_sim_two_proportions, "binomial outcomes analysed by the z-test of two "
                        "proportions"),
    "equivalence_means": (_sim_equivalence_means, "normal outcomes analysed by two one-sided "
                          "t-tests (TOST)"),
    "crossover": (_sim_crossover, "a 2x2 crossover analysed by t-tests on the period "
                  "differences"),
    "ancova_log": (_sim_ancova_log, "log-normal outcomes (such as the 2-h mixed-meal C-peptide "
                   "AUC) analysed by ANCOVA of log(x + 1) adjusted for log(baseline + 1), the "
                   "TrialNet convention (Lachin et al. 2011 PLoS ONE 6:e26471)"),
}
