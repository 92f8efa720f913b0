"""Conversions, each against a calculation written out here (scipy.stats as the independent
quantile source) and against published values where one exists."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats

from trialkit.errors import InvalidParameter
from trialkit.evidence import convert
from trialkit.power.means import log_sd

Z975 = 1.959963984540054  # upper 2.5% point of N(0, 1)


def test_quantile_matches_t_table():
    # Student's t table: t(0.975, 10 df) = 2.228139 (any statistics text, e.g. Altman 1991 App. B)
    assert convert.quantile(0.975, 10) == pytest.approx(2.228139, abs=1e-6)
    assert convert.quantile(0.975, None) == pytest.approx(Z975, abs=1e-12)
    assert convert.quantile(0.975, 10, "z") == pytest.approx(Z975, abs=1e-12)


def test_se_from_ci_inverts_the_t_interval():
    # A CI built as estimate +/- t(0.975, 10) x SE with SE = 1 gives back SE = 1.
    t = stats.t.ppf(0.975, 10)
    assert convert.se_from_ci(3.0 - t, 3.0 + t, df=10) == pytest.approx(1.0, rel=1e-12)
    assert convert.se_from_ci(-Z975, Z975) == pytest.approx(1.0, rel=1e-12)


def test_sd_from_ci_larsen_2009_pi_ratio_t_and_z():
    # Larsen et al. 2009 Diabetes Care 32:1663-1668, abstract: PI/I ratio -0.07 (95% CI -0.14
    # to -0.02), 67 completers; an equal split (33.5 per arm) is assumed here.
    n1 = n2 = 33.5
    t = stats.t.ppf(0.975, n1 + n2 - 2)  # 65 df
    expected_t = (-0.02 - -0.14) / (2 * t) / math.sqrt(1 / n1 + 1 / n2)
    expected_z = (-0.02 - -0.14) / (2 * Z975) / math.sqrt(1 / n1 + 1 / n2)
    assert convert.sd_from_ci(-0.14, -0.02, n1, n2) == pytest.approx(expected_t, rel=1e-10)
    assert convert.sd_from_ci(-0.14, -0.02, n1, n2, distribution="z") == pytest.approx(
        expected_z, rel=1e-10
    )
    assert expected_t == pytest.approx(0.12296, abs=5e-5)  # hand arithmetic: 0.030044 / 0.24434


def test_sd_from_ci_round_trip():
    # Build the t-based CI of a difference from a known SD, then recover the SD.
    sd, n1, n2, diff = 2.5, 20, 30, 1.1
    half = stats.t.ppf(0.975, n1 + n2 - 2) * sd * math.sqrt(1 / n1 + 1 / n2)
    assert convert.sd_from_ci(diff - half, diff + half, n1, n2) == pytest.approx(sd, rel=1e-10)
    half90 = stats.t.ppf(0.95, n1 + n2 - 2) * sd * math.sqrt(1 / n1 + 1 / n2)
    assert convert.sd_from_ci(diff - half90, diff + half90, n1, n2, 0.90) == pytest.approx(sd)


def test_sd_from_p_larsen_2007_hba1c():
    # Larsen et al. 2007 N Engl J Med 356:1517-1526: HbA1c 0.46 points lower than placebo,
    # P = 0.03, 34 anakinra vs 36 placebo. t = t(1 - 0.015, 68 df); SE = 0.46 / t.
    t = stats.t.isf(0.015, 68)
    expected = 0.46 / t / math.sqrt(1 / 34 + 1 / 36)
    assert convert.sd_from_p(-0.46, 0.03, 34, 36) == pytest.approx(expected, rel=1e-10)
    assert expected == pytest.approx(0.8678, abs=5e-4)


def test_sd_from_p_round_trip_through_a_t_test():
    # The SD recovered from P gives back that P in Student's two-sample t-test.
    sd = convert.sd_from_p(-0.46, 0.03, 34, 36)
    p = stats.ttest_ind_from_stats(0.0, sd, 34, 0.46, sd, 36).pvalue
    assert p == pytest.approx(0.03, rel=1e-8)


def test_sd_from_p_one_sided_and_z():
    z = stats.norm.isf(0.03)
    assert convert.sd_from_p(1.0, 0.03, 50, 50, sides=1, distribution="z") == pytest.approx(
        1.0 / z / math.sqrt(2 / 50)
    )


@given(
    smd=st.floats(-5, 5, allow_nan=False),
    sd=st.floats(0.01, 100, allow_nan=False),
)
def test_smd_and_raw_difference_round_trip(smd, sd):
    difference = convert.smd_to_difference(smd, sd)
    assert difference == pytest.approx(smd * sd)
    assert difference / sd == pytest.approx(smd, abs=1e-12)


@given(cv=st.floats(0.01, 3.0))
def test_cv_from_log_sd_inverts_the_power_engines_log_sd(cv):
    # Log-normal: SD_log = sqrt(ln(1 + CV^2)), so CV = sqrt(exp(SD_log^2) - 1).
    sd_log = log_sd(cv)
    assert sd_log == pytest.approx(math.sqrt(math.log(1 + cv * cv)))
    assert convert.cv_from_log_sd(sd_log) == pytest.approx(cv, rel=1e-9)


def test_sd_from_ci_one_group_large_sample():
    # Cochrane Handbook 6.5.2.2: SD = sqrt(N) x (upper - lower) / 3.92 for a large sample.
    assert convert.sd_from_ci_one_group(1.0, 2.96, 100, distribution="z") == pytest.approx(
        10 * 1.96 / (2 * Z975)
    )
    t = stats.t.ppf(0.975, 24)
    assert convert.sd_from_ci_one_group(-t, t, 25) == pytest.approx(5.0)  # SE 1 x sqrt(25)


def test_ci_asymmetry():
    assert convert.ci_asymmetry(1.0, 0.5, 1.5) == 0.0
    # Larsen 2009 PI/I: midpoint -0.08, estimate -0.07, half-width 0.06 -> 1/6.
    assert convert.ci_asymmetry(-0.07, -0.14, -0.02) == pytest.approx(1 / 6)


@pytest.mark.parametrize(
    "call, name",
    [
        (lambda: convert.sd_from_ci(1.0, 1.0, 10, 10), "upper"),
        (lambda: convert.sd_from_ci(0.0, 1.0, 0, 10), "n1"),
        (lambda: convert.sd_from_ci(0.0, 1.0, 10, -3), "n2"),
        (lambda: convert.sd_from_ci(0.0, 1.0, 10, 10, level=95), "level"),
        (lambda: convert.sd_from_p(1.0, 0.0, 10, 10), "p"),
        (lambda: convert.sd_from_p(1.0, 1.0, 10, 10), "p"),
        (lambda: convert.sd_from_p(0.0, 0.03, 10, 10), "difference"),
        (lambda: convert.smd_to_difference(0.5, 0.0), "sd"),
        (lambda: convert.quantile(0.975, 10, "f"), "distribution"),  # type: ignore[arg-type]
    ],
)
def test_bad_inputs_name_the_parameter(call, name):
    with pytest.raises(InvalidParameter) as info:
        call()
    assert info.value.name == name


@given(
    sd=st.floats(0.05, 50),
    n1=st.integers(3, 500),
    n2=st.integers(3, 500),
    level=st.sampled_from([0.8, 0.9, 0.95, 0.99]),
)
def test_sd_from_ci_round_trip_any_design(sd, n1, n2, level):
    half = stats.t.ppf((1 + level) / 2, n1 + n2 - 2) * sd * math.sqrt(1 / n1 + 1 / n2)
    assert convert.sd_from_ci(1.0 - half, 1.0 + half, n1, n2, level) == pytest.approx(sd, rel=1e-9)


@given(
    sd=st.floats(0.1, 10),
    n1=st.integers(5, 300),
    n2=st.integers(5, 300),
    diff=st.floats(0.05, 3),
)
def test_sd_from_p_round_trip_any_design(sd, n1, n2, diff):
    p = stats.ttest_ind_from_stats(diff, sd, n1, 0.0, sd, n2).pvalue
    if 1e-12 < p < 0.999:
        assert convert.sd_from_p(diff, p, n1, n2) == pytest.approx(sd, rel=1e-6)
