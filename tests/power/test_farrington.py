"""Farrington-Manning non-inferiority of two proportions (Farrington & Manning 1990 Stat Med
9:1447-1454): restricted estimates, sample size formula, simulation, properties."""

from __future__ import annotations

import math
from statistics import NormalDist

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy import optimize

from trialkit.errors import InvalidParameter
from trialkit.power import power_curve, two_proportions
from trialkit.power.farrington import restricted_rates

Z = NormalDist().inv_cdf


def fm(p1=None, *, p2, margin, alpha=0.025, sides=1, **kw):
    return two_proportions(p1=p1, p2=p2, margin=margin, method="farrington_manning",
                           alpha=alpha, sides=sides, **kw)


def test_restricted_rates_maximise_the_likelihood_on_the_null_boundary():
    """Independent: maximise the two binomial log-likelihoods numerically along p1 - p2 = s."""
    rng = np.random.default_rng(1990)
    for _ in range(100):
        p1, p2 = rng.uniform(0.02, 0.98, 2)
        s = -float(rng.uniform(0.01, 0.3))
        n_t, n_c = (int(x) for x in rng.integers(10, 500, 2))

        def nll(q2, p1=p1, p2=p2, s=s, n_t=n_t, n_c=n_c):
            q1 = q2 + s
            return -(n_t * (p1 * math.log(q1) + (1 - p1) * math.log(1 - q1))
                     + n_c * (p2 * math.log(q2) + (1 - p2) * math.log(1 - q2)))

        best = optimize.minimize_scalar(nll, bounds=(-s + 1e-12, 1 - 1e-12), method="bounded",
                                        options={"xatol": 1e-12})
        q1, q2 = restricted_rates(p1, p2, s, n_t, n_c)
        assert float(q2) == pytest.approx(best.x, abs=1e-7)
        assert float(q1) - float(q2) == pytest.approx(s, abs=1e-12)


def test_sample_size_is_the_farrington_manning_formula():
    # n = (z_a sqrt(V0) + z_b sqrt(V1))^2 / (p1 - p2 + margin)^2 per arm, V0 at the restricted
    # rates (which depend on the allocation only), V1 at the true rates.
    p1, p2, m = 0.85, 0.85, 0.10
    q1, q2 = (float(x) for x in restricted_rates(p1, p2, -m, 1.0, 1.0))
    v0, v1 = q1 * (1 - q1) + q2 * (1 - q2), p1 * (1 - p1) + p2 * (1 - p2)
    want = ((Z(0.975) * math.sqrt(v0) + Z(0.9) * math.sqrt(v1)) / m) ** 2
    res = fm(p1, p2=p2, margin=m, power=0.9)
    assert res.solution == pytest.approx(want, rel=1e-9)
    assert res.n_per_arm == (math.ceil(want), math.ceil(want))
    assert "Farrington-Manning" in res.justification and "margin 0.1" in res.justification


def _simulate(n, p1, p2, m, alpha, reps, rng):
    x1, x2 = rng.binomial(n, p1, reps), rng.binomial(n, p2, reps)
    h1, h2 = x1 / n, x2 / n
    q1, q2 = restricted_rates(h1, h2, -m, n, n)
    se0 = np.sqrt((q1 * (1 - q1) + q2 * (1 - q2)) / n)
    return np.mean((h1 - h2 + m) / se0 > Z(1 - alpha))


def test_power_and_size_agree_with_simulated_trials():
    rng = np.random.default_rng(9)
    reps = 200_000
    res = fm(0.80, p2=0.80, margin=0.05, power=0.8)
    n = res.n_per_arm[0]
    hits = _simulate(n, 0.80, 0.80, 0.05, 0.025, reps, rng)
    assert abs(hits - res.power) < 3 * math.sqrt(res.power * (1 - res.power) / reps)
    # On the null boundary the score test holds its level (large n).
    size = _simulate(n, 0.75, 0.80, 0.05, 0.025, reps, rng)
    assert abs(size - 0.025) < 3 * math.sqrt(0.025 * 0.975 / reps)


@pytest.mark.parametrize(("kwargs", "name"), [
    ({"p1": 0.8, "p2": 0.8, "margin": 0.0}, "margin"),
    ({"p1": 0.8, "p2": 0.1, "margin": 0.2}, "margin"),
    ({"p1": 0.55, "p2": 0.7, "margin": 0.1}, "p1"),
    ({"p1": 0.8, "p2": 1.0, "margin": 0.1}, "p2"),
])
def test_bad_input_names_the_parameter(kwargs, name):
    with pytest.raises(InvalidParameter) as err:
        fm(power=0.8, **kwargs)
    assert err.value.name == name


def test_a_two_sided_statement_tests_at_half_alpha():
    one = fm(0.8, p2=0.8, margin=0.1, power=0.9, alpha=0.025, sides=1)
    two = fm(0.8, p2=0.8, margin=0.1, power=0.9, alpha=0.05, sides=2)
    assert one.n_per_arm == two.n_per_arm
    assert "one-sided significance level of 0.025" in two.justification


@pytest.mark.parametrize(("kwargs", "name"), [
    ({"margin": 0.1, "method": "pooled"}, "method"),
    ({"method": "farrington_manning"}, "margin"),
    ({"margin": 0.1, "method": "farrington_manning", "continuity": True}, "continuity"),
])
def test_non_inferiority_asks_for_its_test_and_margin_together(kwargs, name):
    with pytest.raises(InvalidParameter) as err:
        two_proportions(p1=0.8, p2=0.8, power=0.8, **kwargs)
    assert err.value.name == name


def test_the_power_curve_and_the_detectable_rate_follow_the_margin():
    res = fm(p2=0.8, margin=0.1, n_per_arm=300, power=0.8)
    assert 0.7 < res.inputs["p1"] < 0.8
    assert fm(res.inputs["p1"], p2=0.8, margin=0.1, n_per_arm=300).power == pytest.approx(0.8)
    curve = power_curve("two_proportions", vary="n_per_arm", values=[100, 200, 300], p1=0.8,
                        p2=0.8, margin=0.1, method="farrington_manning", alpha=0.025, sides=1)
    assert list(curve.power) == sorted(curve.power)
    assert curve.power[2] == pytest.approx(fm(0.8, p2=0.8, margin=0.1, n_per_arm=300).power)


SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(p2=st.floats(0.3, 0.95), m=st.floats(0.02, 0.2), shift=st.floats(-0.01, 0.05),
       n=st.integers(10, 3000), k=st.sampled_from([1.0, 2.0]))
def test_power_rises_with_n_and_with_the_margin(p2, m, shift, n, k):
    p1 = min(p2 + shift, 0.99)
    if p1 <= p2 - m or m >= p2:
        return
    sizes = (math.ceil(k * n), n)
    p = fm(p1, p2=p2, margin=m, n_per_arm=sizes).power
    assert 0.0 <= p <= 1.0 and not math.isnan(p)
    assert fm(p1, p2=p2, margin=m, n_per_arm=(sizes[0] + 20, sizes[1] + 10)).power >= p - 1e-12
    if m + 0.01 < p2:
        assert fm(p1, p2=p2, margin=m + 0.01, n_per_arm=sizes).power >= p - 1e-12
