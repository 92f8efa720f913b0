"""The exact single-arm binomial design against a brute-force count written out here.

An independent implementation: binomial tails summed term by term with math.comb, the
smallest n found by walking n upwards (Chernick & Liu 2002, Am Stat 56:149,
describe the sawtooth this walk exposes).
"""

from __future__ import annotations

from math import comb

import pytest

from trialkit.power import one_proportion


def upper_tail(k: int, n: int, p: float) -> float:
    return sum(comb(n, j) * p**j * (1 - p) ** (n - j) for j in range(k, n + 1))


def brute_force(p0: float, p1: float, alpha: float, power: float, top: int):
    results = {}
    for n in range(1, top + 1):
        k = next((k for k in range(n + 2) if upper_tail(k, n, p0) <= alpha), n + 1)
        results[n] = (k, upper_tail(k, n, p1) if k <= n else 0.0)
    meets = [n for n, (_, pw) in results.items() if pw >= power]
    first = meets[0]
    failing = [n for n, (_, pw) in results.items() if pw < power]
    stable = failing[-1] + 1
    return first, results[first][0], stable


@pytest.mark.parametrize(
    ("p0", "p1", "alpha", "power"),
    [(0.2, 0.4, 0.05, 0.8), (0.05, 0.2, 0.05, 0.8), (0.1, 0.3, 0.05, 0.9), (0.3, 0.5, 0.1, 0.8),
     (0.5, 0.7, 0.025, 0.8)],
)
def test_exact_design_matches_brute_force(p0, p1, alpha, power):
    result = one_proportion(p0=p0, p1=p1, alpha=alpha, power=power)
    n, reject_at, stable = brute_force(p0, p1, alpha, power, top=2 * result.n_stable + 20)
    assert (result.n, result.reject_at, result.n_stable) == (n, reject_at, stable)
    assert result.size <= alpha
    assert result.power >= power
