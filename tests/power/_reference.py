"""Independent implementations written from the formulas, for the differential tests.

Nothing here imports the engine's numerics: the noncentral t is integrated over the normal
numerator (the engine integrates over the SD estimate instead), binomial tails are summed
term by term, and the continuity-corrected sample size is the closed form of Fleiss, Tytun
& Ury (1980) Biometrics 36:343-346.
"""

from __future__ import annotations

import math
import os
from typing import Any

import numpy as np
from scipy import integrate, special

CASES = int(os.environ.get("TRIALKIT_DIFF_CASES", "200"))
"""Randomised cases per family; raise it (TRIALKIT_DIFF_CASES=5000) for a longer audit."""


def t_upper(df: float, ncp: float, x: float) -> float:
    """P(T > x), T = (Z + ncp) / sqrt(V / df): the integral over Z of P(S < (Z + ncp) / x)."""
    if x == 0.0:
        return float(special.ndtr(ncp))
    if x < 0.0:
        return 1.0 - t_upper(df, -ncp, -x)

    def integrand(z: float) -> float:
        s = (z + ncp) / x
        return math.exp(-z * z / 2.0) / math.sqrt(2.0 * math.pi) * special.gammainc(
            df / 2.0, df * s * s / 2.0)

    lo, hi = max(-ncp, -40.0), 40.0
    if lo >= hi:
        return 0.0
    points = [p for p in (0.0, x - ncp) if lo < p < hi]
    value, _ = integrate.quad(integrand, lo, hi, points=points or None, limit=400,
                              epsabs=1e-16, epsrel=1e-12)
    return value


def t_test_power(df: float, ncp: float, alpha: float, sides: int) -> float:
    """Power of the t-test, both rejection regions counted when two-sided."""
    crit = float(-special.stdtrit(df, alpha / sides))
    upper = t_upper(df, ncp, crit)
    return upper if sides == 1 else upper + t_upper(df, -ncp, crit)


def corrected_n(p1: float, p2: float, alpha: float, power: float, ratio: float,
                sides: int, pooled: bool) -> float:
    """Fleiss, Tytun & Ury (1980): control-arm n of the one-tailed corrected z-test.

    n = n'/4 (1 + sqrt(1 + 2 (r + 1) / (n' r |p1 - p2|)))^2 with n' the uncorrected n
    (here for the treatment arm of size r * n).
    """
    d = abs(p1 - p2)
    z_a = -special.ndtri(alpha / sides)
    z_b = special.ndtri(power)
    var1 = p1 * (1 - p1) / ratio + p2 * (1 - p2)
    if pooled:
        pbar = (ratio * p1 + p2) / (1 + ratio)
        var0 = pbar * (1 - pbar) * (1 + 1 / ratio)
    else:
        var0 = var1
    n_prime = ((z_a * math.sqrt(var0) + z_b * math.sqrt(var1)) / d) ** 2
    return n_prime / 4.0 * (1.0 + math.sqrt(1.0 + 2.0 * (ratio + 1) / (n_prime * ratio * d))) ** 2


def corrected_lower_tail(n_c: float, p1: float, p2: float, alpha: float, ratio: float,
                         pooled: bool) -> float:
    """P(p1_hat - p2_hat < -(z se0 + c)) of the two-sided corrected test, from the formula."""
    n_t = ratio * n_c
    d = abs(p1 - p2)
    se1 = math.sqrt(p1 * (1 - p1) / n_t + p2 * (1 - p2) / n_c)
    if pooled:
        pbar = (n_t * p1 + n_c * p2) / (n_t + n_c)
        se0 = math.sqrt(pbar * (1 - pbar) * (1 / n_t + 1 / n_c))
    else:
        se0 = se1
    c = 0.5 * (1 / n_t + 1 / n_c)
    return float(special.ndtr((-d - c + special.ndtri(alpha / 2) * se0) / se1))


def binomial_upper(k: int, n: int, p: float) -> float:
    """P(X >= k) for X ~ Bin(n, p), summed term by term."""
    return sum(math.comb(n, j) * p**j * (1 - p) ** (n - j) for j in range(max(k, 0), n + 1))


def rng(seed: int) -> np.random.Generator:
    """The seeded generator every differential test draws its cases from."""
    return np.random.default_rng(seed)


def within_monte_carlo_error(simulated: Any, power: float, k: float = 3.0) -> bool:
    """Whether an analytic power lies within k Monte Carlo standard errors of a simulated one."""
    return abs(simulated.power - power) <= k * simulated.mc_se
