"""Conditional power (Lan & Wittes 1988) and promising-zone re-estimation with the
Cui-Hung-Wang weighted test (Cui, Hung & Wang 1999; Mehta & Pocock 2011)."""

from __future__ import annotations

import math
from statistics import NormalDist

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy import integrate

from trialkit.errors import InvalidParameter
from trialkit.power import conditional_power, promising_zone, reestimate, weighted_z

PHI, Z = NormalDist().cdf, NormalDist().inv_cdf
C = Z(0.975)


def test_conditional_power_under_the_trend_is_the_closed_form():
    # Jennison & Turnbull (2000) ch. 10 with theta = z / sqrt(t):
    # CP = Phi((z / sqrt(t) - c) / sqrt(1 - t)); z = 1, t = 0.5: Phi((1.414214 - 1.959964) /
    # 0.707107) = Phi(-0.771808) = 0.220114 (standard normal CDF by hand).
    cp = conditional_power(z_interim=1.0, information_fraction=0.5)
    assert cp.conditional_power == pytest.approx(PHI((math.sqrt(2) - C) / math.sqrt(0.5)), abs=1e-14)
    assert cp.conditional_power == pytest.approx(0.220114, abs=1e-6)
    assert "current trend" in cp.justification


def test_conditional_power_under_the_design_effect_is_the_closed_form():
    # Lan & Wittes (1988): Z_1 = B(t) + theta (1 - t) + sqrt(1 - t) W, theta = c + z_0.8.
    theta = C + Z(0.8)
    for z, t in [(1.0, 0.5), (0.0, 0.3), (2.2, 0.8), (-0.5, 0.25)]:
        want = PHI((z * math.sqrt(t) + theta * (1 - t) - C) / math.sqrt(1 - t))
        got = conditional_power(z_interim=z, information_fraction=t, under="design",
                                design_power=0.8).conditional_power
        assert got == pytest.approx(want, abs=1e-14)


def test_averaging_conditional_power_over_the_interim_gives_back_the_power():
    """Tower property: E[CP_design(Z_t)] over Z_t ~ N(theta sqrt(t), 1) is the design power."""
    for t, power, sides in [(0.5, 0.8, 1), (0.3, 0.9, 1), (0.6, 0.85, 2)]:
        alpha = 0.025 if sides == 1 else 0.05
        theta = Z(1 - alpha / sides) + Z(power)

        def f(z, t=t, power=power, sides=sides, alpha=alpha, theta=theta):
            cp = conditional_power(z_interim=z, information_fraction=t, under="design",
                                   design_power=power, sides=sides, alpha=alpha)
            return cp.conditional_power * math.exp(-0.5 * (z - theta * math.sqrt(t)) ** 2) \
                / math.sqrt(2 * math.pi)

        total = integrate.quad(f, -12, 14, epsabs=1e-12, limit=200)[0]
        lower_tail = PHI(-Z(1 - alpha / 2) - theta) if sides == 2 else 0.0
        assert total == pytest.approx(power + lower_tail, abs=1e-9)


def test_conditional_power_agrees_with_simulated_second_stages():
    """Fixed first-stage data; many second stages of patients under a true effect."""
    rng = np.random.default_rng(1988)
    n, n1, sd, delta = 100, 40, 1.0, 0.35  # per arm
    first_t, first_c = rng.normal(delta, sd, n1), rng.normal(0.0, sd, n1)
    z1 = (first_t.mean() - first_c.mean()) / (sd * math.sqrt(2 / n1))
    reps = 200_000
    # Sums of the n - n1 further patients per arm, drawn directly.
    sum_t = rng.normal((n - n1) * delta, sd * math.sqrt(n - n1), reps)
    sum_c = rng.normal(0.0, sd * math.sqrt(n - n1), reps)
    diff = (first_t.sum() + sum_t - first_c.sum() - sum_c) / n
    hits = np.mean(diff / (sd * math.sqrt(2 / n)) > C)
    drift = delta / (sd * math.sqrt(2 / n))
    design_power = PHI(drift - C)
    cp = conditional_power(z_interim=z1, information_fraction=n1 / n, under="design",
                           design_power=design_power).conditional_power
    assert abs(hits - cp) < 3 * math.sqrt(cp * (1 - cp) / reps)


def test_promising_zone_raises_n_just_enough_to_reach_the_target():
    # Mehta & Pocock (2011) schizophrenia example: 442 planned, interim at 208, at most 884,
    # promising zone 0.365 <= CP < 0.8.
    design = promising_zone(n_interim=208, n_planned=442, n_max=884)
    r = reestimate(design, z_interim=1.5)
    assert r.zone == "promising" and 442 < r.n_final < 884
    assert r.conditional_power_final >= 0.8
    trend = 1.5 / math.sqrt(208 / 442)
    assert design.conditional_power(1.5, r.n_final - 1, trend) < 0.8
    # CP under the trend at the planned n (closed form above): z = 1.5, t = 208/442.
    t = 208 / 442
    assert r.conditional_power_planned == pytest.approx(
        PHI((1.5 / math.sqrt(t) - C) / math.sqrt(1 - t)), abs=1e-12)
    assert r.weights == pytest.approx((math.sqrt(t), math.sqrt(1 - t)))
    assert "type I error stays at 0.025" in r.justification
    capped = reestimate(design, z_interim=1.2)
    assert capped.zone == "promising" and capped.n_final == 884
    assert reestimate(design, z_interim=2.0).zone == "favourable"
    assert reestimate(design, z_interim=0.8).n_final == 442


def _simulate_type_one_error(design, reps, rng):
    z1 = rng.standard_normal(reps)
    n_final = design.n_final(z1)
    z2 = rng.standard_normal(reps)  # the second stage's own z under H0, whatever its size
    t = design.fraction
    chw = np.sqrt(t) * z1 + np.sqrt(1 - t) * z2
    n1, n2 = design.n_interim, n_final - design.n_interim
    naive = (np.sqrt(n1) * z1 + np.sqrt(n2) * z2) / np.sqrt(n_final)  # pooled, unweighted
    return np.mean(chw > design.critical_value), np.mean(naive > design.critical_value)


def test_weighted_test_keeps_the_type_one_error_where_the_pooled_test_does_not():
    """Simulation: the CHW test holds alpha; the unweighted pooled test of the same trials,
    under an aggressive rule, is inflated (so the simulation can see an inflation)."""
    rng = np.random.default_rng(1999)
    reps, alpha = 400_000, 0.025
    se = math.sqrt(alpha * (1 - alpha) / reps)
    aggressive = promising_zone(n_interim=100, n_planned=200, n_max=1000, cp_min=0.01,
                                cp_target=0.9)
    chw, naive = _simulate_type_one_error(aggressive, reps, rng)
    assert abs(chw - alpha) < 3 * se
    assert naive > alpha + 3 * se
    chw, _ = _simulate_type_one_error(promising_zone(n_interim=208, n_planned=442, n_max=884),
                                      reps, rng)
    assert abs(chw - alpha) < 3 * se


def test_operating_characteristics_match_simulation_and_hold_alpha_exactly():
    design = promising_zone(n_interim=208, n_planned=442, n_max=884)
    assert design.operating_characteristics(0.0)[0] == pytest.approx(0.025, abs=1e-10)
    drift = C + Z(0.8) * 0.8  # an effect smaller than planned
    power, expected_n = design.operating_characteristics(drift)
    rng = np.random.default_rng(2011)
    reps, t = 200_000, design.fraction
    z1 = rng.normal(drift * math.sqrt(t), 1.0, reps)
    n_final = design.n_final(z1)
    z2 = rng.normal(drift * np.sqrt((n_final - 208) / 442), 1.0)
    hits = np.mean(math.sqrt(t) * z1 + math.sqrt(1 - t) * z2 > C)
    assert abs(hits - power) < 3 * math.sqrt(power * (1 - power) / reps)
    assert abs(n_final.mean() - expected_n) < 3 * n_final.std() / math.sqrt(reps)
    assert power > PHI(drift - C)  # growing n only ever helps at a positive effect


def test_weighted_z_combines_the_stages_with_the_planned_weights():
    assert weighted_z(z_first=1.0, z_second=2.0, information_fraction=0.25) == pytest.approx(
        0.5 * 1.0 + math.sqrt(0.75) * 2.0)


@pytest.mark.parametrize(("kwargs", "name"), [
    ({"z_interim": 1.0, "information_fraction": 1.2}, "information_fraction"),
    ({"z_interim": 1.0, "information_fraction": 0.5, "under": "hope"}, "under"),
    ({"z_interim": 1.0, "information_fraction": 0.5, "under": "design"}, "design_power"),
    ({"z_interim": math.inf, "information_fraction": 0.5}, "z_interim"),
    ({"z_interim": 1.0, "information_fraction": 0.5, "power_convention": "x"}, "power_convention"),
    ({"z_interim": 1.0, "information_fraction": 0.5, "sides": 3}, "sides"),
])
def test_bad_conditional_power_input_names_the_parameter(kwargs, name):
    with pytest.raises(InvalidParameter) as err:
        conditional_power(**kwargs)
    assert err.value.name == name


@pytest.mark.parametrize(("kwargs", "name"), [
    ({"n_interim": 208, "n_planned": 442, "n_max": 400}, "n_max"),
    ({"n_interim": 500, "n_planned": 442, "n_max": 884}, "n_planned"),
    ({"n_interim": 208, "n_planned": 442, "n_max": 884, "cp_min": 0.9}, "cp_min"),
    ({"n_interim": 208, "n_planned": 442, "n_max": 884, "cp_target": 1.0}, "cp_target"),
])
def test_bad_design_input_names_the_parameter(kwargs, name):
    with pytest.raises(InvalidParameter) as err:
        promising_zone(**kwargs)
    assert err.value.name == name


SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(z=st.floats(-5, 5), t=st.floats(0.05, 0.95), under=st.sampled_from(["trend", "design"]),
       sides=st.sampled_from([1, 2]))
def test_conditional_power_is_a_probability_rising_with_the_interim_z(z, t, under, sides):
    kw = {"information_fraction": t, "under": under, "design_power": 0.8, "sides": sides,
          "alpha": 0.05, "power_convention": "directional"}
    low = conditional_power(z_interim=z, **kw).conditional_power
    high = conditional_power(z_interim=z + 0.1, **kw).conditional_power
    assert 0.0 <= low <= 1.0 and not math.isnan(low)
    if z >= 0 or under == "design":
        assert high >= low - 1e-12


@SETTINGS
@given(z=st.floats(-3, 4), n1=st.integers(10, 200), extra=st.integers(10, 300),
       cap=st.integers(0, 600))
def test_the_rule_never_lowers_n_nor_exceeds_the_maximum(z, n1, extra, cap):
    design = promising_zone(n_interim=n1, n_planned=n1 + extra, n_max=n1 + extra + cap)
    r = reestimate(design, z_interim=z)
    assert design.n_planned <= r.n_final <= design.n_max
    assert r.conditional_power_final >= r.conditional_power_planned - 1e-12


def test_the_design_paragraph_states_the_rule_the_test_and_the_power_gained():
    design = promising_zone(n_interim=208, n_planned=442, n_max=884)
    text = design.describe(design_power=0.8)
    power, expected_n = design.operating_characteristics(C + Z(0.8))
    assert "type I error is exactly 0.025" in text and "Cui, Hung & Wang" in text
    assert f"{expected_n:.0f}" in text and power > 0.8
    with pytest.raises(InvalidParameter, match="power"):
        design.describe(design_power=0.01)
