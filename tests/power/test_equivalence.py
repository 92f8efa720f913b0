"""TOST equivalence and the 2x2 crossover against PowerTOST and Chow, Shao & Wang."""

from __future__ import annotations

import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trialkit.errors import InvalidParameter
from trialkit.power import crossover, equivalence_means, within_cv_to_sd

LOG_125 = math.log(1.25)
LOG_095 = math.log(0.95)


@pytest.mark.parametrize(
    ("n_per_sequence", "expected"),
    [
        # PowerTOST power.TOST help examples (2x2, CV 0.25, theta0 0.95, limits 0.8-1.25,
        # alpha 0.05): n = 24 gives 0.7391155; n = 22 gives 0.6953401; n = c(10, 12)
        # gives 0.6912935.
        (12, 0.7391155),
        (11, 0.6953401),
        ((10, 12), 0.6912935),
    ],
)
def test_crossover_tost_power_matches_powertost(n_per_sequence, expected):
    r = crossover(
        delta=LOG_095, sd=within_cv_to_sd(0.25), n_per_sequence=n_per_sequence,
        test="equivalence", margin=LOG_125,
    )
    assert r.power == pytest.approx(expected, abs=5e-8)


def test_crossover_tost_sample_size_matches_powertost():
    # PowerTOST sampleN.TOST(CV = 0.30) (vignette example; output recalled, not re-read):
    # total n 40, achieved power 0.815845.
    r = crossover(
        delta=LOG_095, sd=within_cv_to_sd(0.30), power=0.8, test="equivalence", margin=LOG_125
    )
    assert r.n_total == 40
    assert r.power == pytest.approx(0.815845, abs=5e-7)


def test_crossover_noninferiority_power_matches_powertost():
    # PowerTOST power.noninf help example: CV 0.3, n 24, margin 0.8, theta0 0.95,
    # alpha 0.025, 2x2 on the log scale: 0.4916748.
    r = crossover(
        delta=LOG_095, sd=within_cv_to_sd(0.3), n_per_sequence=12, alpha=0.025,
        test="noninferiority", margin=-math.log(0.8),
    )
    assert r.power == pytest.approx(0.4916748, abs=5e-8)


def test_crossover_equivalence_chow_shao_wang_o25():
    # TrialSize doc "# 8" (Chow, Shao & Wang 3.3; REFERENCE O25, inputs unresolved): sigma 0.2,
    # margin 0.25, true difference -0.1, alpha 0.05, power 0.8 with z_{beta/2}: 7.61, so 8.
    r = crossover(delta=-0.1, sd=0.2, power=0.8, test="equivalence", margin=0.25,
                  approximation="normal")
    assert r.solution == pytest.approx(7.61, abs=0.01)
    assert r.n_per_arm == (8, 8)


def test_crossover_noninferiority_chow_shao_wang_o26():
    # TrialSize doc "# 13" (Chow, Shao & Wang 3.3.4; REFERENCE O26): sigma 0.2, margin 0.2,
    # true difference -0.1, alpha 0.05 one-sided, power 0.8: 12.37, so 13 per sequence.
    r = crossover(delta=-0.1, sd=0.2, power=0.8, test="noninferiority", margin=0.2,
                  approximation="normal")
    assert r.solution == pytest.approx(12.37, abs=0.01)
    assert r.n_per_arm == (13, 13)
    exact = crossover(delta=-0.1, sd=0.2, power=0.8, test="noninferiority", margin=0.2)
    assert exact.n_per_arm[0] >= 13


def test_equivalence_means_chow_shao_wang_o21():
    # TrialSize doc "# 107" (Chow, Shao & Wang 3.2.4; REFERENCE O21): sigma 0.1, margin 0.05,
    # true difference 0.01, alpha 0.05, power 0.8 with z_{beta/2}. Exact z gives 107.05, so
    # 108; the book's 2-decimal z gives 107 (REFERENCE caveat: +-1).
    r = equivalence_means(sd=0.1, margin=0.05, delta=0.01, power=0.8, approximation="normal")
    assert r.solution == pytest.approx(107.05, abs=0.01)
    assert abs(r.n_per_arm[0] - 107) <= 1


def test_exact_tost_needs_fewer_than_the_conservative_normal_formula():
    exact = equivalence_means(sd=0.1, margin=0.05, delta=0.01, power=0.8)
    normal = equivalence_means(sd=0.1, margin=0.05, delta=0.01, power=0.8, approximation="normal")
    assert exact.n_per_arm[0] < normal.n_per_arm[0]
    assert exact.power >= 0.8


def test_parallel_tost_equals_crossover_with_doubled_sd():
    # A 2x2 crossover's estimate has variance (sd/2)^2 (1/n1 + 1/n2): a parallel design with
    # SD sd/2 and the same df is the same test.
    par = equivalence_means(sd=0.15, margin=0.2, delta=0.05, n_per_arm=14)
    cross = crossover(delta=0.05, sd=0.3, n_per_sequence=14, test="equivalence", margin=0.2)
    assert par.power == pytest.approx(cross.power, abs=1e-12)


def test_narrowest_margin_solves_back_to_the_power():
    r = equivalence_means(sd=1.0, delta=0.1, n_per_arm=50, power=0.8)
    again = equivalence_means(sd=1.0, delta=0.1, n_per_arm=50, margin=r.solution)
    assert again.power == pytest.approx(0.8, abs=1e-8)
    assert "narrowest margin" in r.justification


def test_crossover_equality_solves_sample_size_and_says_per_sequence():
    r = crossover(delta=0.1, sd=0.2, power=0.8)
    assert r.power >= 0.8
    assert "per sequence" in r.justification
    assert crossover(delta=0.1, sd=0.2, n_per_sequence=r.n_per_arm[0] - 1).power < 0.8


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda: equivalence_means(sd=1, margin=0.1, delta=0.2, n_per_arm=10), "margin"),
        (lambda: equivalence_means(sd=1, margin=0.5, n_per_arm=10, approximation="z"),
         "approximation"),
        (lambda: crossover(delta=0.1, sd=0.2, n_per_sequence=10, test="equivalence"), "margin"),
        (lambda: crossover(sd=0.2, n_per_sequence=10, power=0.8, test="equivalence",
                           margin=0.2), "delta"),
        (lambda: crossover(delta=0.1, sd=0.2, n_per_sequence=10, test="superiority"), "test"),
        (lambda: crossover(delta=0.1, sd=0.2, n_per_sequence=10, margin=0.1), "margin"),
    ],
)
def test_bad_input_names_the_parameter(call, name):
    with pytest.raises(InvalidParameter) as err:
        call()
    assert err.value.name == name


SETTINGS = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(margin=st.floats(0.1, 1.0), share=st.floats(0.0, 0.7), sd=st.floats(0.2, 2.0),
       target=st.floats(0.6, 0.95), approximation=st.sampled_from(["exact", "normal"]))
def test_tost_n_is_the_smallest_reaching_the_target(margin, share, sd, target, approximation):
    delta = share * margin
    r = equivalence_means(margin=margin, sd=sd, delta=delta, power=target,
                          approximation=approximation)
    assert r.power >= target
    n = r.n_per_arm[0]
    if n > 2:
        fewer = equivalence_means(margin=margin, sd=sd, delta=delta, n_per_arm=n - 1,
                                  approximation=approximation)
        assert fewer.power < target


@SETTINGS
@given(margin=st.floats(0.1, 1.0), sd=st.floats(0.2, 2.0), n=st.integers(3, 200))
def test_tost_power_falls_with_delta_and_rises_with_n(margin, sd, n):
    near = equivalence_means(margin=margin, sd=sd, delta=0.0, n_per_arm=n).power
    far = equivalence_means(margin=margin, sd=sd, delta=0.5 * margin, n_per_arm=n).power
    more = equivalence_means(margin=margin, sd=sd, delta=0.0, n_per_arm=n + 5).power
    # Quadrature is accurate to about 1e-12, so monotonicity is checked to that resolution.
    assert 0.0 <= far <= near + 1e-12 and more <= 1.0
    # Where power is near zero TOST power can fall with n (at margin 0.5, SD 1: 0.00122 at
    # n = 3, 0.00058 at n = 8, confirmed by simulation), so n-monotonicity is a property of
    # useful designs only.
    if near >= 0.2:
        assert near <= more + 1e-12
