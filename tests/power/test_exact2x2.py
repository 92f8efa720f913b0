"""Exact power of Fisher's and Barnard's tests by enumeration: published values, scipy's own
tests table by table, simulation with scipy's p-values, exact size, bad input."""

from __future__ import annotations

import functools
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from trialkit.errors import InvalidParameter
from trialkit.power import exact_two_proportions
from trialkit.power.exact2x2 import exact_power, pooled_z, rejection_region


def test_fisher_power_is_pwrss_published_example():
    # pwrss 0.3 (Bulus & Polat 2023), power.exact.twoprops documentation, validated against
    # G*Power and PASS: Fisher's exact test, one-sided alpha 0.05, rates 0.70 vs 0.60:
    # 500 per arm -> power 0.947; 80% power -> 302 per arm, power 0.801.
    assert round(exact_two_proportions(p1=0.7, p2=0.6, n_per_arm=500, sides=1).power, 3) == 0.947
    sized = exact_two_proportions(p1=0.7, p2=0.6, power=0.8, sides=1)
    assert sized.n_per_arm == (302, 302) and round(sized.power, 3) == 0.801
    below = exact_two_proportions(p1=0.7, p2=0.6, n_per_arm=301, sides=1)
    assert below.power < 0.8


def test_fisher_power_agrees_with_statmod_simulated_example():
    # statmod's power.fisher.test(0.5, 0.9, 20, 20) documentation: "70% chance of detecting
    # difference" from 100 simulated tables (Monte Carlo SE about 0.046): within 3 SEs.
    power = exact_two_proportions(p1=0.9, p2=0.5, n_per_arm=20).power
    assert abs(power - 0.70) <= 3 * math.sqrt(0.7 * 0.3 / 100)


@functools.cache
def _scipy_fisher(x_t, n_t, x_c, n_c, alternative):
    return stats.fisher_exact([[x_t, x_c], [n_t - x_t, n_c - x_c]], alternative=alternative)[1]


@functools.cache
def _scipy_barnard(x_t, n_t, x_c, n_c, alternative):
    return stats.barnard_exact([[x_t, x_c], [n_t - x_t, n_c - x_c]], alternative=alternative,
                               n=64).pvalue


SCIPY = {"fisher": _scipy_fisher, "barnard": _scipy_barnard}
ALTERNATIVE = {"two": "two-sided", "greater": "greater", "less": "less"}


@pytest.mark.parametrize(("test", "n_t", "n_c", "alpha", "tail"), [
    ("fisher", 15, 15, 0.05, "two"), ("fisher", 12, 20, 0.05, "greater"),
    ("fisher", 30, 25, 0.01, "two"), ("fisher", 9, 14, 0.1, "less"),
    ("barnard", 10, 10, 0.05, "two"), ("barnard", 8, 12, 0.05, "greater"),
    ("barnard", 11, 7, 0.1, "two"),
])
def test_rejection_region_is_scipys_table_by_table(test, n_t, n_c, alpha, tail):
    # scipy.stats.fisher_exact / barnard_exact (pooled Wald statistic) are independent
    # implementations: every table is rejected by ours exactly when scipy's p-value <= alpha,
    # except where scipy's p-value lies within 1e-6 of alpha (its nuisance search is coarser)
    # and, for Barnard, tables whose statistic ties another table's: scipy compares the
    # floating-point statistics, so rounding splits a tie it should count whole.
    region = rejection_region(test, n_t, n_c, alpha, tail)
    z = pooled_z(n_t, n_c)
    score = np.abs(z) if tail == "two" else (z if tail == "greater" else -z)
    split_ties = 0
    for x_t in range(n_t + 1):
        for x_c in range(n_c + 1):
            same = np.abs(score - score[x_t, x_c]) < 1e-9
            same[x_t, x_c] = False
            if tail == "two":
                same[n_t - x_t, n_c - x_c] = False  # the mirror table: -z, computed alike
            p = SCIPY[test](x_t, n_t, x_c, n_c, ALTERNATIVE[tail])
            if abs(p - alpha) <= 1e-6:
                continue
            if region[x_t, x_c] != (p <= alpha):
                assert test == "barnard" and same.any(), (x_t, x_c, p)
                split_ties += 1
    assert split_ties <= (n_t + 1) * (n_c + 1) // 20


@pytest.mark.parametrize(("n_t", "n_c", "tail"), [(8, 12, "greater"), (9, 9, "two"),
                                                  (6, 11, "less")])
def test_barnard_region_is_the_definition_by_brute_force(n_t, n_c, tail):
    # Written from Barnard's definition: a table is rejected when the largest probability,
    # over a grid of 20,001 common rates, of a statistic at least as extreme (ties included)
    # is at most alpha. No bisection, no local search. Every table's probability at every rate
    # is summed once, most extreme first, so a table's tail is a prefix of that running sum.
    z = pooled_z(n_t, n_c)
    score = np.abs(z) if tail == "two" else (z if tail == "greater" else -z)
    grid = np.linspace(1e-5, 1 - 1e-5, 20_001)
    b_t = stats.binom.pmf(np.arange(n_t + 1)[None, :], n_t, grid[:, None])
    b_c = stats.binom.pmf(np.arange(n_c + 1)[None, :], n_c, grid[:, None])
    joint = (b_t[:, :, None] * b_c[:, None, :]).reshape(len(grid), -1)
    scores = score.ravel()
    order = np.argsort(-scores, kind="stable")
    running = np.cumsum(joint[:, order], axis=1)
    # The tables at least as extreme as each one (ties included) end at this sorted position.
    ends = np.searchsorted(-scores[order], -(scores - 1e-9), side="right") - 1
    largest = running[:, ends].max(axis=0).reshape(score.shape)
    region = rejection_region("barnard", n_t, n_c, 0.05, tail)
    for x_t in range(n_t + 1):
        for x_c in range(n_c + 1):
            p = largest[x_t, x_c]
            if abs(p - 0.05) > 1e-5 and score[x_t, x_c] > 0:
                assert region[x_t, x_c] == (p <= 0.05), (x_t, x_c, p)


@pytest.mark.parametrize(("test", "n", "p1", "p2"), [
    ("fisher", 25, 0.7, 0.3), ("fisher", 40, 0.25, 0.5), ("barnard", 10, 0.8, 0.3),
])
def test_power_agrees_with_simulation_using_scipys_tests(test, n, p1, p2):
    rng = np.random.default_rng(1947)
    sims = 20_000
    x_t, x_c = rng.binomial(n, p1, sims), rng.binomial(n, p2, sims)
    tables, counts = np.unique(np.stack([x_t, x_c]), axis=1, return_counts=True)
    rejected = sum(c for (a, b), c in zip(tables.T, counts, strict=True)
                   if SCIPY[test](int(a), n, int(b), n, "two-sided") <= 0.05)
    simulated = rejected / sims
    power = exact_two_proportions(p1=p1, p2=p2, n_per_arm=n, test=test).power
    assert abs(simulated - power) <= 3 * math.sqrt(power * (1 - power) / sims), (simulated, power)


@settings(max_examples=25, deadline=None)
@given(test=st.sampled_from(["fisher", "barnard"]), n_t=st.integers(2, 25),
       n_c=st.integers(2, 25), rate=st.floats(0.02, 0.98), alpha=st.sampled_from([0.01, 0.05]),
       sides=st.sampled_from([1, 2]))
def test_property_exact_tests_keep_their_size(test, n_t, n_c, rate, alpha, sides):
    # Both tests are exact: with equal rates the rejection probability never exceeds alpha.
    size = exact_power(test, n_t, n_c, rate + 1e-12, rate, alpha, sides)
    assert size <= alpha * (1 + 1e-6)


@settings(max_examples=20, deadline=None)
@given(n=st.integers(5, 60), p2=st.floats(0.05, 0.6), gap=st.floats(0.05, 0.35))
def test_property_one_sided_power_rises_with_the_difference(n, p2, gap):
    # A one-sided test's rejection region is fixed by n and alpha; the probability of a
    # region closed upwards in x_t rises with p1 (stochastic ordering of the binomial).
    for test in ("fisher", "barnard"):
        low = exact_power(test, n, n, p2 + gap, p2, 0.05, 1)
        high = exact_power(test, n, n, min(p2 + gap + 0.05, 0.99), p2, 0.05, 1)
        assert high >= low - 1e-12


def test_directional_counts_only_the_effects_side():
    both = exact_two_proportions(p1=0.3, p2=0.5, n_per_arm=15).power
    one_way = exact_two_proportions(p1=0.3, p2=0.5, n_per_arm=15,
                                    power_convention="directional").power
    assert one_way < both
    res = exact_two_proportions(p1=0.3, p2=0.5, n_per_arm=(20, 10), ratio=2, test="barnard")
    assert res.n_per_arm == (20, 10) and "Barnard" in res.justification


@pytest.mark.parametrize(("kwargs", "name"), [
    ({"test": "chi_square"}, "test"),
    ({"p1": 0.5, "p2": 0.5}, "p1"),
    ({"p1": 1.0}, "p1"),
    ({"n_per_arm": 5000}, "n_per_arm"),
    ({"n_per_arm": 250, "test": "barnard"}, "n_per_arm"),
    ({"n_per_arm": 20, "ratio": 2}, "n_per_arm"),
    ({"n_per_arm": 20, "power": 0.8}, "unknowns"),
    ({"n_per_arm": None}, "unknowns"),
    ({"n_per_arm": 20, "sides": 3}, "sides"),
])
def test_bad_input_names_the_parameter_value_and_range(kwargs, name):
    base = {"p1": 0.6, "p2": 0.3, "n_per_arm": 20}
    with pytest.raises(InvalidParameter) as info:
        exact_two_proportions(**{**base, **kwargs})
    assert info.value.name == name and "must" in info.value.valid
