"""Group-sequential boundaries against published constants, and their internal consistency."""

from __future__ import annotations

import numpy as np
import pytest

from trialkit.errors import InvalidParameter
from trialkit.power import group_sequential, two_means


@pytest.mark.parametrize(
    ("k", "published", "recomputed"),
    [
        # Jennison & Turnbull (2000) Table 2.1 / Pocock (1977), two-sided alpha 0.05:
        # published to 3 decimals; the 4-decimal values are REFERENCE O35's recomputation.
        (2, 2.178, 2.1783),
        (3, 2.289, 2.2895),
        (4, 2.361, 2.3613),
        (5, 2.413, 2.4132),
    ],
)
def test_classical_pocock_constants_match_jennison_turnbull_table_2_1(k, published, recomputed):
    d = group_sequential(k=k, alpha=0.05, sides=2, spending="classical_pocock")
    assert d.critical_z == pytest.approx((d.critical_z[0],) * k, abs=1e-12)
    assert d.critical_z[0] == pytest.approx(published, abs=5e-4)
    assert d.critical_z[0] == pytest.approx(recomputed, abs=5e-5)


@pytest.mark.parametrize(
    ("k", "published", "recomputed"),
    [
        # Jennison & Turnbull (2000) Table 2.3, O'Brien-Fleming C_B, two-sided alpha 0.05
        # (boundaries C_B * sqrt(K/k)); 4 decimals from REFERENCE O36's recomputation.
        (2, 1.977, 1.9774),
        (3, 2.004, 2.0040),
        (4, 2.024, 2.0243),
        (5, 2.040, 2.0401),
    ],
)
def test_classical_obf_constants_match_jennison_turnbull_table_2_3(k, published, recomputed):
    d = group_sequential(k=k, alpha=0.05, sides=2, spending="classical_obf")
    c_b = d.critical_z[-1]
    assert c_b == pytest.approx(published, abs=5e-4)
    assert c_b == pytest.approx(recomputed, abs=5e-5)
    looks = np.arange(1, k + 1)
    assert np.allclose(d.critical_z, c_b * np.sqrt(k / looks), atol=1e-9)


def test_classical_obf_one_sided_matches_rpact():
    # rpact tests/testthat/test-pkgname.R, getDesignGroupSequential() default
    # (K = 3, alpha 0.025 one-sided, classical O'Brien-Fleming): REFERENCE O37.
    d = group_sequential(k=3, alpha=0.025, sides=1, spending="classical_obf")
    assert d.critical_z == pytest.approx((3.4710914, 2.4544323, 2.0040356), abs=5e-7)
    assert d.alpha_spent == pytest.approx((0.00025917, 0.00716006, 0.025), abs=5e-9)


def test_lan_demets_obf_spending_matches_reference_o38():
    # REFERENCE O38 (computed; compare gsDesign sfLDOF): K = 3, alpha 0.025 one-sided.
    d = group_sequential(k=3, alpha=0.025, spending="obf")
    assert d.critical_z == pytest.approx((3.7103, 2.5114, 1.9930), abs=5e-5)
    assert d.alpha_spent == pytest.approx((0.000104, 0.006048, 0.025), abs=5e-7)


def test_lan_demets_pocock_spending_matches_reference_o39():
    # REFERENCE O39 (computed): K = 3, alpha 0.025 one-sided, Lan-DeMets Pocock-type.
    d = group_sequential(k=3, alpha=0.025, spending="pocock")
    assert d.critical_z == pytest.approx((2.2794, 2.2949, 2.2959), abs=5e-5)


@pytest.mark.parametrize(
    ("spending", "k", "expected"),
    [
        # Jennison & Turnbull (2000) Tables 2.2 and 2.4 (recalled, not re-read): maximum
        # sample size relative to a fixed design, two-sided alpha 0.05, power 0.9. Tolerance
        # 1e-3: for K = 5 Pocock we get 1.2065, confirmed by the multivariate-normal test below.
        ("classical_pocock", 2, 1.100),
        ("classical_pocock", 5, 1.207),
        ("classical_obf", 2, 1.007),
        ("classical_obf", 5, 1.026),
    ],
)
def test_inflation_factors_match_jennison_turnbull(spending, k, expected):
    d = group_sequential(k=k, alpha=0.05, power=0.9, sides=2, spending=spending)
    assert d.inflation_factor == pytest.approx(expected, abs=1e-3)


@pytest.mark.slow
def test_power_and_alpha_agree_with_scipy_multivariate_normal():
    # Independent route: the looks' z statistics are multivariate normal with
    # corr(Z_i, Z_j) = sqrt(t_i / t_j); scipy integrates the continuation region by Genz's method.
    # 3 million points put Genz's randomised estimate within 2e-7 of the exact value (seen over
    # many seeds), five times inside the tolerance; the seed makes the run repeatable.
    from scipy.stats import multivariate_normal

    d = group_sequential(k=4, alpha=0.05, power=0.9, sides=2, spending="pocock",
                         timing=(0.3, 0.5, 0.8, 1.0))
    t = np.asarray(d.timing)
    cov = np.sqrt(np.minimum.outer(t, t) / np.maximum.outer(t, t))
    c = np.asarray(d.critical_z)
    for drift, expected in ((0.0, 0.05), (d.drift, 0.9)):
        mvn = multivariate_normal(mean=drift * np.sqrt(t), cov=cov, abseps=1e-9, releps=1e-9,
                                  maxpts=3 * 10**6, seed=2)
        assert 1.0 - mvn.cdf(c, lower_limit=-c) == pytest.approx(expected, abs=1e-6)


def test_hsd_with_hsd_futility_matches_gsdesign_default():
    # gsDesign() defaults, its printed example (recalled, not re-read): k = 3, alpha 0.025,
    # beta 0.1, sfHSD(-4) upper, sfHSD(-2) non-binding lower bound: upper z 3.01, 2.55, 2.00
    # (final nominal p 0.0228); lower z -0.24, 0.94; cumulative beta spent 0.0148, 0.0437;
    # maximum sample size 1.070 times the fixed design.
    d = group_sequential(k=3, spending="hsd", gamma=-4, futility="hsd", futility_gamma=-2)
    assert d.critical_z == pytest.approx((3.01, 2.55, 2.00), abs=0.005)
    assert d.nominal_p[-1] == pytest.approx(0.0228, abs=5e-5)
    assert d.futility_z[:2] == pytest.approx((-0.24, 0.94), abs=0.005)
    assert d.futility_z[-1] == d.critical_z[-1]
    assert d.beta_spent[:2] == pytest.approx((0.0148, 0.0437), abs=5e-5)
    assert d.inflation_factor == pytest.approx(1.070, abs=5e-4)


def test_single_look_is_the_fixed_design():
    d = group_sequential(k=1, alpha=0.025, power=0.9)
    assert d.critical_z[0] == pytest.approx(1.959964, abs=1e-6)
    assert d.inflation_factor == pytest.approx(1.0, abs=1e-9)


def test_spending_adds_up_and_boundaries_fall():
    d = group_sequential(k=5, alpha=0.025, spending="hsd", gamma=-2, timing=(0.2, 0.35, 0.6, 0.8, 1))
    assert d.alpha_spent[-1] == pytest.approx(0.025, abs=1e-12)
    assert all(np.diff(d.alpha_spent) > 0)
    assert all(np.diff(d.critical_z) < 0)
    assert d.nominal_p[0] == pytest.approx(d.alpha_spent[0], rel=1e-9)


def _simulate_sequential(d, drift, n_sims, seed, use_futility):
    """Brownian-motion z statistics at the looks; fraction that crosses the efficacy bound."""
    rng = np.random.default_rng(seed)
    t = np.asarray(d.timing)
    steps = rng.standard_normal((n_sims, d.k)) * np.sqrt(np.diff(t, prepend=0.0))
    score = np.cumsum(steps, axis=1) + drift * t
    z = score / np.sqrt(t)
    alive = np.ones(n_sims, dtype=bool)
    rejected = np.zeros(n_sims, dtype=bool)
    for i in range(d.k):
        cross = alive & (z[:, i] >= d.critical_z[i])
        rejected |= cross
        alive &= ~cross
        if use_futility and d.futility_z is not None:
            alive &= z[:, i] >= d.futility_z[i]
    return rejected.mean()


def test_futility_design_has_its_power_and_alpha_by_simulation():
    d = group_sequential(k=4, alpha=0.025, power=0.85, spending="obf", futility="pocock")
    n = 200_000
    se_power = np.sqrt(0.85 * 0.15 / n)
    power = _simulate_sequential(d, d.drift, n, seed=11, use_futility=True)
    assert abs(power - 0.85) < 3 * se_power
    # Non-binding: alpha holds when futility stops are ignored.
    alpha = _simulate_sequential(d, 0.0, n, seed=12, use_futility=False)
    assert abs(alpha - 0.025) < 3 * np.sqrt(0.025 * 0.975 / n)


def test_expected_information_lies_between_first_look_and_maximum():
    d = group_sequential(k=4, spending="pocock", futility="obf")
    assert d.timing[0] < d.expected_fraction_h1 < 1.0
    assert d.timing[0] < d.expected_fraction_h0 < 1.0
    assert d.expected_inflation_h1 == pytest.approx(d.inflation_factor * d.expected_fraction_h1)


def test_apply_to_inflates_a_fixed_two_means_design():
    fixed = two_means(delta=0.5, sd=1.0, power=0.9, alpha=0.05, sides=2)
    d = group_sequential(k=3, alpha=0.05, power=0.9, sides=2, spending="obf")
    r = d.apply_to(fixed)
    expected = int(np.ceil(fixed.solution * d.inflation_factor - 1e-9))
    assert r.n_per_arm == (expected, expected)
    assert r.expected_n_h1 < r.n_total
    assert r.n_at_looks[-1] == r.n_total
    assert "3 analyses" in r.justification and "maximum sample size" in r.justification


def test_apply_to_refuses_a_design_at_another_level():
    fixed = two_means(delta=0.5, sd=1.0, power=0.8)
    d = group_sequential(k=3, alpha=0.025, power=0.9)
    with pytest.raises(InvalidParameter, match="fixed"):
        d.apply_to(fixed)


def test_justification_gives_the_boundary_table_in_words():
    d = group_sequential(k=3, alpha=0.025, spending="obf")
    text = d.justification
    assert "3.710, 2.511 and 1.993" in text
    assert "O'Brien-Fleming" in text
    assert "Jennison & Turnbull" in text
    assert "critical z" in repr(d)


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"k": 0}, "k"),
        ({"k": 3, "spending": "linear"}, "spending"),
        ({"k": 3, "spending": "hsd"}, "gamma"),
        ({"k": 3, "gamma": -4}, "gamma"),
        ({"k": 3, "timing": (0.5, 0.4, 1)}, "timing"),
        ({"k": 3, "timing": (0.3, 1)}, "timing"),
        ({"k": 3, "timing": (0.3, 0.6, 0.9)}, "timing"),
        ({"k": 3, "sides": 2, "futility": "obf"}, "futility"),
        ({"k": 3, "alpha": 1.5}, "alpha"),
    ],
)
def test_bad_input_names_the_parameter(kwargs, name):
    with pytest.raises(InvalidParameter) as err:
        group_sequential(**kwargs)
    assert err.value.name == name


def test_apply_to_an_event_driven_design_inflates_the_events():
    from trialkit.power import logrank

    fixed = logrank(hazard_ratio=0.7, power=0.9, alpha=0.05)
    d = group_sequential(k=3, alpha=0.05, power=0.9, sides=2, spending="obf")
    r = d.apply_to(fixed)
    assert r.events == int(np.ceil(fixed.events_unrounded * d.inflation_factor - 1e-9))
    assert r.events_at_looks[-1] == r.events
    assert r.expected_events_h1 < r.events
    assert "maximum number of events" in r.justification
