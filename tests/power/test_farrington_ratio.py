"""Farrington-Manning non-inferiority on the ratio scale, checked against a likelihood
maximised numerically and the test's exact power by enumerating every 2x2 table."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import optimize, stats

from trialkit.errors import InvalidParameter
from trialkit.power import assurance, two_proportions
from trialkit.power.farrington import restricted_rates_ratio

FM = {"method": "farrington_manning", "scale": "ratio"}


def _restricted_numeric(x1: int, n1: int, x2: int, n2: int, rho: float) -> float:
    """argmax over q2 of the binomial likelihood with q1 = rho q2 (bounded scalar search)."""
    def minus_loglik(q2: float) -> float:
        q1 = rho * q2
        return -(stats.binom.logpmf(x1, n1, q1) + stats.binom.logpmf(x2, n2, q2))

    upper = min(1.0, 1.0 / rho) - 1e-12
    return optimize.minimize_scalar(minus_loglik, bounds=(1e-12, upper), method="bounded",
                                    options={"xatol": 1e-12}).x


@pytest.mark.parametrize("seed", range(5))
def test_restricted_rates_maximise_the_likelihood(seed):
    rng = np.random.default_rng(seed)
    n1, n2 = int(rng.integers(20, 300)), int(rng.integers(20, 300))
    x1, x2 = int(rng.integers(1, n1)), int(rng.integers(1, n2))
    rho = float(rng.uniform(0.5, 0.95))
    q1, q2 = restricted_rates_ratio(x1 / n1, x2 / n2, rho, n1, n2)
    assert q2 == pytest.approx(_restricted_numeric(x1, n1, x2, n2, rho), abs=1e-6)
    assert q1 == pytest.approx(rho * q2, rel=1e-12)


def _exact_power(n: int, p1: float, p2: float, rho: float, alpha: float) -> float:
    """P(Z > z_(1-alpha)) over every 2x2 table, Z the ratio statistic at restricted rates."""
    x1, x2 = np.meshgrid(np.arange(n + 1), np.arange(n + 1), indexing="ij")
    h1, h2 = x1 / n, x2 / n
    # Restricted MLE by bisection on the score in q2 (independent of the quadratic's root).
    lo, hi = np.full(h1.shape, 1e-12), np.full(h1.shape, min(1.0, 1 / rho) - 1e-12)
    for _ in range(80):
        mid = 0.5 * (lo + hi)
        score = (x1 / mid - (n - x1) * rho / (1 - rho * mid) + x2 / mid - (n - x2) / (1 - mid))
        lo, hi = np.where(score > 0, mid, lo), np.where(score > 0, hi, mid)
    q2 = 0.5 * (lo + hi)
    q1 = rho * q2
    var = q1 * (1 - q1) / n + rho**2 * q2 * (1 - q2) / n
    z = (h1 - rho * h2) / np.sqrt(np.maximum(var, 1e-300))
    weight = np.outer(stats.binom.pmf(np.arange(n + 1), n, p1),
                      stats.binom.pmf(np.arange(n + 1), n, p2))
    return float(np.sum(weight * (z > stats.norm.ppf(1 - alpha))))


@pytest.mark.parametrize(("p1", "p2", "rho", "n"), [
    (0.8, 0.8, 0.9, 250), (0.5, 0.45, 0.8, 200), (0.3, 0.3, 0.7, 300),
])
def test_power_is_the_exact_power_of_the_test_to_large_sample_accuracy(p1, p2, rho, n):
    result = two_proportions(p1=p1, p2=p2, margin=rho, n_per_arm=n, sides=1, alpha=0.025, **FM)
    assert result.power == pytest.approx(_exact_power(n, p1, p2, rho, 0.025), abs=0.015)


def test_type_i_error_at_the_margin_is_near_alpha():
    # At p1 = rho p2 the exact rejection rate is close to the nominal one-sided 2.5%.
    assert _exact_power(300, 0.9 * 0.6, 0.6, 0.9, 0.025) == pytest.approx(0.025, abs=0.006)


def test_sample_size_is_the_smallest_reaching_the_power():
    result = two_proportions(p1=0.8, p2=0.8, margin=0.9, power=0.8, sides=1, alpha=0.025, **FM)
    n = result.n_per_arm[0]
    below = two_proportions(p1=0.8, p2=0.8, margin=0.9, n_per_arm=n - 1, sides=1, alpha=0.025,
                            **FM)
    assert result.power >= 0.8 > below.power
    # Farrington & Manning (1990) eq. for the ratio, written out here.
    z_a, z_b = stats.norm.ppf(0.975), stats.norm.ppf(0.8)
    q1, q2 = restricted_rates_ratio(0.8, 0.8, 0.9, 1.0, 1.0)
    v0 = q1 * (1 - q1) + 0.81 * q2 * (1 - q2)
    v1 = 0.8 * 0.2 + 0.81 * 0.8 * 0.2
    n_formula = ((z_a * math.sqrt(v0) + z_b * math.sqrt(v1)) / (0.8 - 0.9 * 0.8)) ** 2
    assert result.solution == pytest.approx(n_formula, rel=1e-6)
    assert "ratio of response rates" in result.justification


@pytest.mark.parametrize(("kw", "name"), [
    ({"p1": 0.7, "margin": 0.9}, "p1"),          # 0.7 <= 0.9 x 0.8: not non-inferior
    ({"p1": 0.8, "margin": 1.1}, "margin"),      # a ratio margin lies in (0, 1)
    ({"p1": 0.8}, "margin"),                      # the ratio scale needs a margin
    ({"p1": 0.8, "margin": 0.9, "scale": "odds"}, "scale"),
])
def test_bad_input_names_the_parameter(kw, name):
    call = {"p2": 0.8, "power": 0.8, **FM, **kw}
    with pytest.raises(InvalidParameter) as info:
        two_proportions(**call)
    assert info.value.name == name


def test_assurance_counts_success_beyond_the_ratio_margin():
    result = two_proportions(p1=0.8, p2=0.8, margin=0.9, power=0.8, sides=1, alpha=0.025, **FM)
    a = assurance(result, prior_mean=0.8, prior_sd=0.04)
    boundary = 0.9 * 0.8
    inside = stats.norm.cdf(1, 0.8, 0.04) - stats.norm.cdf(0, 0.8, 0.04)
    limit = (stats.norm.cdf(1, 0.8, 0.04) - stats.norm.cdf(boundary, 0.8, 0.04)) / inside
    assert a.limit == pytest.approx(limit, rel=1e-9)
    assert 0.5 < a.assurance < result.power
