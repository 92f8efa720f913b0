"""Non-inferiority (and superiority by a margin) of two proportions on the odds-ratio scale:
the score test of Miettinen & Nurminen (1985) Stat Med 4:213-226, checked against a likelihood
maximised by bisection, the test's exact power by enumerating every 2x2 table, a simulation
of the test, and R's power.prop.test at an odds-ratio margin of 1."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import optimize, stats

from trialkit.errors import InvalidParameter
from trialkit.power import two_proportions
from trialkit.power.farrington import null_boundary, restricted_rates_odds

FM = {"method": "farrington_manning", "scale": "odds_ratio"}


def _restricted_bisection(x1, n1, x2, n2, psi):
    """Restricted MLE by bisection on n1 q1 + n2 q2 = x1 + x2 (the nuisance score), with
    q1 = psi q2 / (1 + q2 (psi - 1)): independent of the quadratic's root."""
    lo, hi = np.full(np.shape(x1), 1e-12), np.full(np.shape(x1), 1.0 - 1e-12)
    for _ in range(100):
        mid = 0.5 * (lo + hi)
        q1 = psi * mid / (1.0 + mid * (psi - 1.0))
        low = n1 * q1 + n2 * mid < x1 + x2
        lo, hi = np.where(low, mid, lo), np.where(low, hi, mid)
    q2 = 0.5 * (lo + hi)
    return psi * q2 / (1.0 + q2 * (psi - 1.0)), q2


def _z(x1, n1, x2, n2, psi):
    """The score statistic written out from Miettinen & Nurminen (1985) §3 (no N/(N-1))."""
    q1, q2 = _restricted_bisection(x1, n1, x2, n2, psi)
    v1, v2 = q1 * (1 - q1), q2 * (1 - q2)
    return ((x1 / n1 - q1) / v1 - (x2 / n2 - q2) / v2) / np.sqrt(1 / (n1 * v1) + 1 / (n2 * v2))


def _exact_power(n: int, p1: float, p2: float, psi: float, alpha: float) -> float:
    x1, x2 = np.meshgrid(np.arange(n + 1), np.arange(n + 1), indexing="ij")
    z = _z(x1, n, x2, n, psi)
    weight = np.outer(stats.binom.pmf(np.arange(n + 1), n, p1),
                      stats.binom.pmf(np.arange(n + 1), n, p2))
    return float(np.sum(weight * (z > stats.norm.ppf(1 - alpha))))


@pytest.mark.parametrize("seed", range(6))
def test_restricted_rates_maximise_the_likelihood(seed):
    rng = np.random.default_rng(seed)
    n1, n2 = int(rng.integers(20, 300)), int(rng.integers(20, 300))
    x1, x2 = int(rng.integers(1, n1)), int(rng.integers(1, n2))
    psi = float(rng.choice([rng.uniform(0.2, 0.95), rng.uniform(1.05, 4.0)]))

    def minus_loglik(logit2: float) -> float:
        q2 = 1 / (1 + np.exp(-logit2))
        q1 = psi * q2 / (1 + q2 * (psi - 1))
        return -(stats.binom.logpmf(x1, n1, q1) + stats.binom.logpmf(x2, n2, q2))

    best = optimize.minimize_scalar(minus_loglik, bounds=(-30, 30), method="bounded",
                                    options={"xatol": 1e-12}).x
    q1, q2 = restricted_rates_odds(x1 / n1, x2 / n2, psi, n1, n2)
    assert q2 == pytest.approx(1 / (1 + np.exp(-best)), abs=1e-6)
    assert q1 / (1 - q1) / (q2 / (1 - q2)) == pytest.approx(psi, rel=1e-9)


@pytest.mark.parametrize(("p1", "p2", "psi", "n"), [
    (0.7, 0.7, 0.5, 150), (0.5, 0.45, 0.6, 300), (0.3, 0.3, 0.7, 400), (0.6, 0.4, 1.2, 200),
])
def test_power_is_the_exact_power_of_the_test_to_large_sample_accuracy(p1, p2, psi, n):
    result = two_proportions(p1=p1, p2=p2, margin=psi, n_per_arm=n, sides=1, alpha=0.025, **FM)
    assert result.power == pytest.approx(_exact_power(n, p1, p2, psi, 0.025), abs=0.005)


@pytest.mark.parametrize(("p1", "p2", "psi", "n", "seed"), [
    (0.7, 0.7, 0.5, 150, 1), (0.3, 0.3, 0.7, 400, 2),
])
def test_simulated_trials_reject_as_often_as_the_power_says(p1, p2, psi, n, seed):
    rng = np.random.default_rng(seed)
    trials = 20_000
    x1, x2 = rng.binomial(n, p1, trials), rng.binomial(n, p2, trials)
    rejected = np.mean(_z(x1, n, x2, n, psi) > stats.norm.ppf(0.975))
    power = two_proportions(p1=p1, p2=p2, margin=psi, n_per_arm=n, sides=1, alpha=0.025,
                            **FM).power
    assert abs(rejected - power) < 3 * np.sqrt(power * (1 - power) / trials)


def test_type_i_error_at_the_margin_is_near_alpha():
    boundary = null_boundary(0.7, 0.6, "odds_ratio")
    assert (boundary / (1 - boundary)) / (0.7 / 0.3) == pytest.approx(0.6)
    assert _exact_power(300, boundary, 0.7, 0.6, 0.025) == pytest.approx(0.025, abs=0.003)
    power = two_proportions(p1=boundary + 1e-9, p2=0.7, margin=0.6, n_per_arm=300, sides=1,
                            alpha=0.025, **FM).power
    assert power == pytest.approx(0.025, abs=1e-6)


@pytest.mark.parametrize("seed", range(5))
def test_an_odds_ratio_margin_of_one_is_the_pooled_z_test(seed):
    # At psi = 1 the restricted rates are the pooled rate: R's power.prop.test, one-sided.
    rng = np.random.default_rng(seed)
    p2 = float(rng.uniform(0.05, 0.8))
    p1 = float(rng.uniform(p2 + 0.02, 0.95))
    n = (int(rng.integers(20, 400)), int(rng.integers(20, 400)))
    score = two_proportions(p1=p1, p2=p2, margin=1.0, n_per_arm=n, sides=1, **FM).power
    pooled = two_proportions(p1=p1, p2=p2, n_per_arm=n, sides=1).power
    assert score == pytest.approx(pooled, abs=1e-12)


def test_sample_size_is_the_smallest_reaching_the_power_and_two_sided_halves_alpha():
    result = two_proportions(p1=0.7, p2=0.7, margin=0.5, power=0.8, sides=1, alpha=0.025, **FM)
    n = result.n_per_arm[0]
    below = two_proportions(p1=0.7, p2=0.7, margin=0.5, n_per_arm=n - 1, sides=1, alpha=0.025,
                            **FM)
    assert result.power >= 0.8 > below.power
    two_sided = two_proportions(p1=0.7, p2=0.7, margin=0.5, power=0.8, sides=2, alpha=0.05, **FM)
    assert two_sided.n_per_arm == result.n_per_arm
    assert "odds ratio" in result.justification and "0.5" in result.justification


def test_a_larger_odds_ratio_margin_needs_more_participants():
    sizes = [two_proportions(p1=0.75, p2=0.7, margin=m, power=0.8, sides=1, **FM).n_per_arm[0]
             for m in (0.5, 0.7, 0.9, 1.1)]
    assert sizes == sorted(sizes) and len(set(sizes)) == 4


@pytest.mark.parametrize(("kwargs", "name", "words"), [
    ({"margin": 0.0}, "margin", "between 0 and 1000"),
    ({"margin": -0.5}, "margin", "between 0 and 1000"),
    ({"margin": 5000.0}, "margin", "between 0 and 1000"),
    ({"margin": 0.5, "p1": 0.5}, "p1", "odds ratio"),
    ({"margin": 0.5, "scale": "hazard"}, "scale", "odds_ratio"),
])
def test_bad_input_names_the_parameter_value_and_range(kwargs, name, words):
    call = {"p1": 0.7, "p2": 0.7, "n_per_arm": 100, "sides": 1, **FM, **kwargs}
    with pytest.raises(InvalidParameter) as caught:
        two_proportions(**call)
    assert caught.value.name == name
    assert words in str(caught.value)
