"""Randomised differential tests: the engine against independent implementations.

Seeded, TRIALKIT_DIFF_CASES cases per family (default 200), drawn across the whole domain
(df from 1 to 1e5, alpha down to 1e-12, rare events), not only at reported points.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

from tests.power import _reference as ref
from trialkit.power import one_mean, two_means, two_proportions
from trialkit.power.means import t_power
from trialkit.power.noncentral_t import nct_cdf, nct_sf, quadrature_sf


def _t_cases(seed: int) -> list[tuple[float, float, float, int]]:
    g = ref.rng(seed)
    cases = []
    for _ in range(ref.CASES):
        df = float(g.choice([1.0, 1.5, 2.0, 3.0, 5.0, 10.0, 50.0, 1e3, 1e5])) * float(
            g.uniform(1.0, 1.3))
        ncp = float(g.uniform(-3.0, 40.0)) if g.random() < 0.85 else float(g.uniform(0.0, 500.0))
        alpha = float(10 ** g.uniform(-12.0, math.log10(0.4)))
        cases.append((df, ncp, alpha, int(g.choice([1, 2]))))
    return cases


@pytest.mark.parametrize("case", _t_cases(20261130))
def test_t_power_matches_quadrature_over_the_normal_numerator(case):
    df, ncp, alpha, sides = case
    got = float(t_power(df, ncp, alpha, sides))
    assert math.isfinite(got)
    assert got == pytest.approx(ref.t_test_power(df, ncp, alpha, sides), abs=2e-9)


@pytest.mark.parametrize("seed", range(3))
def test_both_tails_of_the_noncentral_t_agree_with_the_reference(seed):
    g = ref.rng(seed)
    for _ in range(max(ref.CASES // 10, 20)):
        df = float(g.choice([1.0, 1.2, 2.0, 2.5, 4.0, 30.0, 1e4]))
        ncp, x = float(g.uniform(-20.0, 20.0)), float(g.uniform(-60.0, 60.0))
        expected_up, expected_low = ref.t_upper(df, ncp, x), ref.t_upper(df, -ncp, -x)
        assert float(nct_sf(df, ncp, x)) == pytest.approx(expected_up, abs=2e-9)
        assert float(nct_cdf(df, ncp, x)) == pytest.approx(expected_low, abs=2e-9)
        # The quadrature itself, also where scipy would be used.
        assert float(quadrature_sf(df, ncp, x)) == pytest.approx(expected_up, abs=2e-9)


def test_vectorised_tails_equal_the_scalar_ones():
    df = np.array([1.0, 2.0, 3.0, 40.0])
    ncp, x = np.array([9.5, 8.4, -2.0, 3.0]), np.array([636.6, 31.6, 1.0, 2.0])
    together = nct_sf(df, ncp, x)
    assert together == pytest.approx([float(nct_sf(*a)) for a in zip(df, ncp, x, strict=True)])


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        # Exact values at df = 1 and df = 2 (scipy's lower tail is NaN there; the normal
        # substitute gave 0.152 and 0.081), checked against the reference quadrature below.
        (lambda: one_mean(delta=6.7286, sd=1, n=2, alpha=0.001).power, 0.0119257),
        (lambda: two_means(delta=8.41, sd=1, n_per_arm=2, alpha=0.001).power, 0.0691836),
    ],
)
def test_reported_small_df_points(call, expected):
    assert call() == pytest.approx(expected, abs=1e-6)


def test_reported_points_equal_the_reference():
    assert one_mean(delta=6.7286, sd=1, n=2, alpha=0.001).power == pytest.approx(
        ref.t_test_power(1, 6.7286 * math.sqrt(2), 0.001, 2), abs=1e-10)
    assert two_means(delta=8.41, sd=1, n_per_arm=2, alpha=0.001).power == pytest.approx(
        ref.t_test_power(2, 8.41, 0.001, 2), abs=1e-10)


def _means_cases(seed: int) -> list[tuple[float, int, float, int, tuple[int, int]]]:
    g = ref.rng(seed)
    out = []
    for _ in range(max(ref.CASES // 4, 30)):
        sizes = (int(g.integers(2, 60)), int(g.integers(2, 60)))
        out.append((float(g.uniform(0.05, 12.0)), int(g.choice([1, 2])),
                    float(10 ** g.uniform(-8, -0.5)), int(g.integers(2, 40)), sizes))
    return out


@pytest.mark.parametrize("case", _means_cases(7))
def test_one_and_two_means_power_from_the_formula(case):
    delta, sides, alpha, n, sizes = case
    expected = ref.t_test_power(n - 1, delta * math.sqrt(n), alpha, sides)
    assert one_mean(delta=delta, sd=1, n=n, alpha=alpha, sides=sides).power == pytest.approx(
        expected, abs=2e-9)
    n_t, n_c = sizes
    ncp = delta / math.sqrt(1 / n_t + 1 / n_c)
    expected = ref.t_test_power(n_t + n_c - 2, ncp, alpha, sides)
    got = two_means(delta=delta, sd=1, n_per_arm=sizes, ratio=n_t / n_c, alpha=alpha,
                    sides=sides).power
    assert got == pytest.approx(expected, abs=2e-9)


def _proportion_cases(seed: int) -> list[tuple[float, float, float, float, float, int, bool]]:
    g = ref.rng(seed)
    out = []
    for _ in range(ref.CASES):
        p2 = float(10 ** g.uniform(-3.0, math.log10(0.95)))
        p1 = float(np.clip(p2 * g.uniform(0.2, 4.0), 1e-4, 0.999))
        if abs(p1 - p2) < 1e-3:
            p1 = min(p2 + 0.01, 0.999)
        out.append((p1, p2, float(g.choice([0.001, 0.01, 0.05, 0.1, 0.2])),
                    float(g.uniform(0.5, 0.99)), float(g.choice([0.5, 1.0, 2.0, 3.0])),
                    int(g.choice([1, 2])), bool(g.random() < 0.7)))
    return out


@pytest.mark.parametrize("case", _proportion_cases(1980))
def test_corrected_proportions_solve_the_fleiss_tytun_ury_equation(case):
    p1, p2, alpha, power, ratio, sides, pooled = case
    if sides == 1 and p1 < p2:
        p1, p2 = p2, p1
    res = two_proportions(p1=p1, p2=p2, power=power, alpha=alpha, sides=sides, ratio=ratio,
                          continuity=True, method="pooled" if pooled else "unpooled")
    n_c = res.solution
    # The upper tail alone is the one-tailed FTU equation; the lower tail at the solution
    # accounts for the rest of the two-tailed power.
    lower = ref.corrected_lower_tail(n_c, p1, p2, alpha, ratio, pooled) if sides == 2 else 0.0
    if n_c > 2.0 + 1e-9:
        expected = ref.corrected_n(p1, p2, alpha, power - lower, ratio, sides, pooled)
        assert n_c == pytest.approx(expected, rel=1e-6)
    else:  # the smallest admissible size already reaches the target
        assert ref.corrected_n(p1, p2, alpha, power - lower, ratio, sides, pooled) <= 2.0 + 1e-6
    assert res.power >= power
    assert res.n_per_arm[1] == math.ceil(n_c - 1e-9)


def test_reported_corrected_case_needs_2515_per_arm():
    res = two_proportions(p1=0.02, p2=0.01, power=0.8, continuity=True)
    assert res.n_per_arm == (2515, 2515)
    assert math.ceil(ref.corrected_n(0.02, 0.01, 0.05, 0.8, 1.0, 2, True)) == 2515


@pytest.mark.parametrize("seed", range(4))
def test_corrected_power_rises_with_n(seed):
    g = ref.rng(100 + seed)
    for _ in range(max(ref.CASES // 20, 10)):
        p2 = float(10 ** g.uniform(-3, -0.1))
        p1 = float(min(p2 * g.uniform(1.1, 5.0), 0.999))
        ns = np.arange(2, 3000, 7, dtype=float)
        curve = [two_proportions(p1=p1, p2=p2, n_per_arm=int(n), continuity=True).power
                 for n in ns[:: max(len(ns) // 40, 1)]]
        assert all(b >= a - 1e-15 for a, b in itertools.pairwise(curve)), (p1, p2)
