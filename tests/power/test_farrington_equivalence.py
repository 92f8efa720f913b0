"""Equivalence of two proportions by two one-sided Farrington-Manning score tests, on the
difference, ratio and odds-ratio scales: checked against the exact power of the two tests
by enumerating every 2x2 table (restricted rates found by bisection on the likelihood's
score, independent of the closed-form roots), a simulation of the tests, and scipy's
bivariate normal distribution."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import optimize, special, stats

from trialkit.errors import InvalidParameter
from trialkit.power import assurance, group_sequential, two_proportions
from trialkit.power.farrington import (
    restricted_rates,
    restricted_rates_odds,
    restricted_rates_ratio,
)
from trialkit.power.farrington_equivalence import bivariate_normal_cdf

EQ = {"method": "farrington_manning", "equivalence": True}


def test_bivariate_normal_matches_scipy():
    rng = np.random.default_rng(7)
    h, k = rng.normal(0, 2, 200), rng.normal(0, 2, 200)
    rho = rng.uniform(-0.999, 0.999, 200)
    ours = bivariate_normal_cdf(h, k, rho)
    for i in range(200):
        cov = [[1, rho[i]], [rho[i], 1]]
        assert ours[i] == pytest.approx(
            stats.multivariate_normal([0, 0], cov).cdf([h[i], k[i]]), abs=1e-7)
    assert bivariate_normal_cdf(0.0, 0.0, 0.5) == pytest.approx(1 / 3, abs=1e-9)


def _constraint(scale, theta, q2):
    if scale == "difference":
        return q2 + theta
    if scale == "ratio":
        return theta * q2
    return theta * q2 / (1 + q2 * (theta - 1))


def _restricted(scale, theta, x1, n1, x2, n2):
    """Restricted MLE of (q1, q2) by bisection on the profile log-likelihood's slope in q2."""
    lo = {"difference": max(0.0, -theta), "ratio": 0.0, "odds_ratio": 0.0}[scale] + 1e-12
    hi = {"difference": min(1.0, 1 - theta), "ratio": min(1.0, 1 / theta),
          "odds_ratio": 1.0}[scale] - 1e-12
    lo, hi = np.full(np.shape(x1), lo), np.full(np.shape(x1), hi)

    def loglik(q2):
        q2 = np.clip(q2, 1e-15, 1 - 1e-15)
        q1 = np.clip(_constraint(scale, theta, q2), 1e-15, 1 - 1e-15)
        return (special.xlogy(x1, q1) + special.xlog1py(n1 - x1, -q1) + special.xlogy(x2, q2)
                + special.xlog1py(n2 - x2, -q2))

    for _ in range(60):  # the profile is concave in q2: follow its slope
        mid = 0.5 * (lo + hi)
        rising = loglik(mid + 1e-9) > loglik(mid - 1e-9)
        lo, hi = np.where(rising, mid, lo), np.where(rising, hi, mid)
    q2 = 0.5 * (lo + hi)
    return _constraint(scale, theta, q2), q2


def _z(scale, theta, x1, n1, x2, n2):
    q1, q2 = _restricted(scale, theta, x1, n1, x2, n2)
    h1, h2 = x1 / n1, x2 / n2
    if scale == "difference":
        return (h1 - h2 - theta) / np.sqrt(q1 * (1 - q1) / n1 + q2 * (1 - q2) / n2)
    if scale == "ratio":
        return (h1 - theta * h2) / np.sqrt(q1 * (1 - q1) / n1 + theta**2 * q2 * (1 - q2) / n2)
    v1, v2 = q1 * (1 - q1), q2 * (1 - q2)
    return ((h1 - q1) / v1 - (h2 - q2) / v2) / np.sqrt(1 / (n1 * v1) + 1 / (n2 * v2))


def _bounds(scale, margin):
    return (-margin, margin) if scale == "difference" else (margin, 1 / margin)


def _equivalent(scale, margin, x1, n1, x2, n2, alpha):
    low, high = _bounds(scale, margin)
    z = stats.norm.ppf(1 - alpha)
    return (_z(scale, low, x1, n1, x2, n2) > z) & (_z(scale, high, x1, n1, x2, n2) < -z)


def _support(n, p):
    """The counts 0..n of Binomial(n, p) but for tails holding under 1e-13 each (so every table
    left out of the enumeration below weighs under 4e-13 in all, far inside any tolerance)."""
    return np.arange(int(stats.binom.ppf(1e-13, n, p)), int(stats.binom.isf(1e-13, n, p)) + 1)


def _exact_power(scale, margin, n, p1, p2, alpha):
    c1, c2 = _support(n, p1), _support(n, p2)
    x1, x2 = np.meshgrid(c1, c2, indexing="ij")
    weight = np.outer(stats.binom.pmf(c1, n, p1), stats.binom.pmf(c2, n, p2))
    assert 1.0 - weight.sum() < 1e-12
    return float(np.sum(weight * _equivalent(scale, margin, x1, n, x2, n, alpha)))


@pytest.mark.parametrize(("scale", "theta"), [("difference", 0.15), ("ratio", 1.25),
                                              ("odds_ratio", 1.8), ("difference", -0.1)])
def test_restricted_rates_at_either_boundary_maximise_the_likelihood(scale, theta):
    x1, n1, x2, n2 = 70, 120, 95, 150
    function = {"difference": restricted_rates, "ratio": restricted_rates_ratio,
                "odds_ratio": restricted_rates_odds}[scale]
    q1, q2 = function(x1 / n1, x2 / n2, theta, n1, n2)
    ref1, ref2 = _restricted(scale, theta, np.array(x1), n1, np.array(x2), n2)
    assert (q1, q2) == pytest.approx((float(ref1), float(ref2)), abs=1e-6)

    def minus(q: float) -> float:
        return -float(stats.binom.logpmf(x1, n1, _constraint(scale, theta, q))
                      + stats.binom.logpmf(x2, n2, q))

    hi = {"difference": min(1.0, 1 - theta), "ratio": 1 / theta, "odds_ratio": 1.0}[scale]
    lo = max(0.0, -theta) if scale == "difference" else 0.0
    best = optimize.minimize_scalar(minus, bounds=(lo + 1e-9, hi - 1e-9), method="bounded",
                                    options={"xatol": 1e-10}).x
    assert q2 == pytest.approx(best, abs=1e-6)


CASES = [("difference", 0.1, 0.7, 0.7, 300), ("difference", 0.12, 0.45, 0.5, 350),
         ("ratio", 0.8, 0.6, 0.6, 200), ("ratio", 0.85, 0.75, 0.7, 400),
         ("odds_ratio", 0.6, 0.7, 0.7, 300), ("odds_ratio", 0.5, 0.35, 0.3, 250)]


@pytest.mark.parametrize(("scale", "margin", "p1", "p2", "n"), CASES)
def test_power_is_the_exact_power_of_the_two_tests_to_large_sample_accuracy(
        scale, margin, p1, p2, n):
    power = two_proportions(p1=p1, p2=p2, margin=margin, scale=scale, n_per_arm=n, sides=1,
                            alpha=0.05, **EQ).power
    assert power == pytest.approx(_exact_power(scale, margin, n, p1, p2, 0.05), abs=0.012)


@pytest.mark.parametrize(("scale", "margin", "p1", "p2", "n"), CASES[::2])
def test_simulated_trials_show_equivalence_as_often_as_the_power_says(scale, margin, p1, p2, n):
    rng = np.random.default_rng(15)
    trials = 20_000
    x1, x2 = rng.binomial(n, p1, trials), rng.binomial(n, p2, trials)
    shown = float(np.mean(_equivalent(scale, margin, x1, n, x2, n, 0.05)))
    power = two_proportions(p1=p1, p2=p2, margin=margin, scale=scale, n_per_arm=n, sides=1,
                            alpha=0.05, **EQ).power
    assert abs(shown - power) < 3 * np.sqrt(power * (1 - power) / trials), (shown, power)


@pytest.mark.parametrize(("scale", "margin", "p2"), [("difference", 0.1, 0.7),
                                                     ("ratio", 0.8, 0.6),
                                                     ("odds_ratio", 0.6, 0.7)])
def test_at_a_margin_the_test_rejects_at_about_alpha(scale, margin, p2):
    low = {"difference": p2 - margin, "ratio": margin * p2,
           "odds_ratio": margin * p2 / (1 - p2 + margin * p2)}[scale]
    assert _exact_power(scale, margin, 400, low, p2, 0.05) == pytest.approx(0.05, abs=0.01)
    power = two_proportions(p1=low + 1e-9, p2=p2, margin=margin, scale=scale, n_per_arm=400,
                            sides=1, alpha=0.05, **EQ).power
    assert power == pytest.approx(0.05, abs=0.002)


def test_sample_size_is_the_smallest_reaching_the_power_and_the_text_says_equivalence():
    for scale, margin in (("difference", 0.1), ("ratio", 0.8), ("odds_ratio", 0.6)):
        result = two_proportions(p1=0.7, p2=0.7, margin=margin, scale=scale, power=0.8, sides=1,
                                 alpha=0.05, **EQ)
        n = result.n_per_arm[0]
        below = two_proportions(p1=0.7, p2=0.7, margin=margin, scale=scale, n_per_arm=n - 1,
                                sides=1, alpha=0.05, **EQ)
        assert result.power >= 0.8 > below.power
        assert "equivalence" in result.justification and "90% confidence" in result.justification
    # sides=2 tests each at alpha / 2: the same as sides=1 at half the alpha.
    two = two_proportions(p1=0.7, p2=0.7, margin=0.1, power=0.8, **EQ)
    one = two_proportions(p1=0.7, p2=0.7, margin=0.1, power=0.8, sides=1, alpha=0.025, **EQ)
    assert two.n_per_arm == one.n_per_arm


def test_difference_at_equal_rates_is_the_symmetric_closed_form():
    # At p1 = p2 on the difference scale both restricted variances are equal by symmetry
    # (p = 0.5), so the power is 2 Phi(u) - 1 with u = (m - z se0) / se1.
    n, m, z = 250, 0.1, stats.norm.ppf(0.95)
    q1, q2 = restricted_rates(0.5, 0.5, -m, n, n)
    se0 = np.sqrt(q1 * (1 - q1) / n + q2 * (1 - q2) / n)
    se1 = np.sqrt(0.5 / n)
    expected = 2 * stats.norm.cdf((m - z * se0) / se1) - 1
    power = two_proportions(p1=0.5, p2=0.5, margin=m, n_per_arm=n, sides=1, alpha=0.05, **EQ)
    assert power.power == pytest.approx(float(expected), abs=1e-12)


@pytest.mark.parametrize(("kwargs", "name"), [
    ({"margin": 0.35}, "margin"),  # p2 + margin would pass 1
    ({"margin": 0.8, "scale": "ratio", "p2": 0.85, "p1": 0.85}, "margin"),
    ({"p1": 0.85}, "p1"),
    ({"p1": None}, "p1"),
    ({"margin": None}, "margin"),
    ({"equivalence": "yes"}, "equivalence"),
    ({"method": "pooled"}, "method"),
])
def test_bad_input_names_the_parameter(kwargs, name):
    call = {"p1": 0.7, "p2": 0.7, "margin": 0.1, "n_per_arm": 100, **EQ, **kwargs}
    with pytest.raises(InvalidParameter) as caught:
        two_proportions(**call)
    assert caught.value.name == name


def test_assurance_and_interim_looks_refuse_an_equivalence_design():
    result = two_proportions(p1=0.7, p2=0.7, margin=0.1, power=0.8, sides=1, **EQ)
    with pytest.raises(InvalidParameter, match="equivalence"):
        assurance(result, prior_mean=0.7, prior_sd=0.05)
    with pytest.raises(InvalidParameter, match="equivalence"):
        group_sequential(k=2, alpha=0.05, power=0.8, sides=1).apply_to(result)
