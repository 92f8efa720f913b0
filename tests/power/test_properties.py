"""Properties every procedure must have (hypothesis): monotone power, inverse solvers."""

from __future__ import annotations

from statistics import NormalDist

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from trialkit.power import logrank, one_mean, ratio_of_means, two_means, two_proportions

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
alphas = st.sampled_from([0.01, 0.025, 0.05, 0.1])
powers = st.floats(0.5, 0.95)
sides = st.sampled_from([1, 2])
ratios = st.sampled_from([0.5, 1.0, 1.5, 2.0, 3.0])


@SETTINGS
@given(d=st.floats(0.1, 2.0), sd=st.floats(0.3, 3.0), a=alphas, p=powers, s=sides, k=ratios)
def test_two_means_n_is_the_smallest_reaching_the_target(d, sd, a, p, s, k):
    assume(p > a + 0.05)
    res = two_means(delta=d, sd=sd, power=p, alpha=a, sides=s, ratio=k)
    assert res.power >= p
    n_t, n_c = res.n_per_arm
    if n_c > 2:
        # One participant fewer in the control arm (and the treatment arm following the ratio)
        # falls short: the rounding did not overshoot.
        smaller = two_means(delta=d, sd=sd, n_per_arm=(n_t - round(k) if k >= 1 else n_t, n_c - 1),
                            alpha=a, sides=s)
        assert smaller.power < p or k < 1


@SETTINGS
@given(d=st.floats(0.1, 2.0), sd=st.floats(0.3, 3.0), a=alphas, p=powers, s=sides)
def test_two_means_solvers_are_inverses(d, sd, a, p, s):
    assume(p > a + 0.05)
    res = two_means(delta=d, sd=sd, power=p, alpha=a, sides=s)
    n_prev = res.n_per_arm[1] - 1
    if n_prev >= 2:
        assert two_means(delta=d, sd=sd, n_per_arm=n_prev, alpha=a, sides=s).power < p
    back = two_means(sd=sd, n_per_arm=res.n_per_arm[1], power=res.power, alpha=a, sides=s)
    assert abs(back.inputs["delta"] - d) < 1e-6 * max(1.0, d)


@SETTINGS
@given(n=st.integers(3, 400), d=st.floats(0.05, 1.5), s=sides)
def test_power_rises_with_n_and_with_the_effect(n, d, s):
    def rises(before: float, after: float) -> bool:
        # Strictly while power is measurably below 1; near 1 only rounding noise is left.
        return after > before or (before > 1.0 - 1e-9 and after > before - 1e-12)

    base = two_means(delta=d, sd=1, n_per_arm=n, sides=s).power
    assert rises(base, two_means(delta=d, sd=1, n_per_arm=n + 1, sides=s).power)
    assert rises(base, two_means(delta=d * 1.1, sd=1, n_per_arm=n, sides=s).power)
    one = one_mean(delta=d, sd=1, n=n, sides=s).power
    assert rises(one, one_mean(delta=d, sd=1, n=n + 1, sides=s).power)


@SETTINGS
@given(p2=st.floats(0.05, 0.7), diff=st.floats(0.05, 0.25), p=powers,
       method=st.sampled_from(["pooled", "unpooled", "arcsine"]), cc=st.booleans())
def test_two_proportions_n_and_power_agree(p2, diff, p, method, cc):
    assume(not (cc and method == "arcsine"))
    res = two_proportions(p1=p2 + diff, p2=p2, power=p, method=method,
                          continuity=cc and method != "arcsine")
    assert res.power >= p
    fewer = two_proportions(p1=p2 + diff, p2=p2, n_per_arm=res.n_per_arm[1] - 1, method=method,
                            continuity=cc and method != "arcsine")
    assert fewer.power < p


@SETTINGS
@given(ratio=st.floats(1.05, 3.0), cv=st.floats(0.1, 2.0), p=powers)
def test_ratio_of_means_equals_two_means_on_the_log_scale(ratio, cv, p):
    import math

    res = ratio_of_means(mean_ratio=ratio, cv=cv, power=p)
    same = two_means(delta=math.log(ratio), sd=math.sqrt(math.log1p(cv * cv)), power=p)
    assert res.n_per_arm == same.n_per_arm


@SETTINGS
@given(hr=st.floats(0.3, 0.95), p=powers, k=ratios)
def test_logrank_events_are_the_smallest_reaching_the_target(hr, p, k):
    res = logrank(hazard_ratio=hr, power=p, ratio=k)
    assert res.power >= p
    if res.events > 1:
        assert logrank(hazard_ratio=hr, events=res.events - 1, ratio=k).power < p


@SETTINGS
@given(d=st.floats(0.1, 2.0), sd=st.floats(0.3, 3.0), a=alphas, p=powers, k=ratios)
def test_normal_approximation_is_the_closed_form_z_formula(d, sd, a, p, k):
    """One-sided, the z-test's n is the textbook (z_a + z_b)^2 sd^2 (1 + 1/k) / d^2, unrounded.

    Chow, Shao & Wang (2008) eq. 3.2.1 (control arm n; treatment = k * control); and it never
    asks for more participants than the exact t-test.
    """
    assume(p > a + 0.05)
    z = NormalDist().inv_cdf(1 - a) + NormalDist().inv_cdf(p)
    assume(z**2 * sd**2 / d**2 > 3)  # above the smallest size the engine allows (2)
    res = two_means(delta=d, sd=sd, power=p, alpha=a, sides=1, ratio=k, approximation="normal")
    assert res.solution == pytest.approx(z**2 * sd**2 * (1 + 1 / k) / d**2, rel=1e-6)
    exact = two_means(delta=d, sd=sd, power=p, alpha=a, sides=1, ratio=k)
    assert res.n_per_arm[1] <= exact.n_per_arm[1]
    single = one_mean(delta=d, sd=sd, power=p, alpha=a, sides=1, approximation="normal")
    assert single.solution == pytest.approx(z**2 * sd**2 / d**2, rel=1e-6)
