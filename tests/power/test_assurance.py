"""Assurance (O'Hagan, Stevens & Campbell 2005 Pharm Stat 4:187-201): closed forms,
independent quadrature, simulation and properties."""

from __future__ import annotations

import inspect
import math
from statistics import NormalDist

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy import integrate, stats

from trialkit.errors import InvalidParameter, NoSolution
from trialkit.power import (
    assurance,
    logrank,
    one_mean,
    ratio_of_means,
    two_means,
    two_proportions,
)

PHI = NormalDist().cdf
# The effect of ratio_of_means is named mean_ratio from the agreed vocabulary on (issue 10).
MEAN_RATIO = ("mean_ratio" if "mean_ratio" in inspect.signature(ratio_of_means).parameters
              else "ratio")
Z = NormalDist().inv_cdf


def z_assurance(m: float, s: float, info: float, z: float) -> float:
    """O'Hagan, Stevens & Campbell (2005), normal prior and known variance, written out:
    Phi((m sqrt(I) - z) / sqrt(1 + s^2 I))."""
    return PHI((m * math.sqrt(info) - z) / math.sqrt(1.0 + s * s * info))


def test_z_test_assurance_is_the_closed_form():
    # delta 0.5, sd 1, 64 per arm: I = 64 / 2 = 32; prior N(0.5, 0.25^2), z = z_.975.
    # Phi((0.5 sqrt(32) - 1.959964) / sqrt(1 + 0.0625 * 32)) = Phi(0.501407) = 0.691958
    # (hand computation with the standard normal CDF).
    res = two_means(delta=0.5, sd=1, n_per_arm=64, approximation="normal")
    a = assurance(res, prior_mean=0.5, prior_sd=0.25)
    assert a.assurance == pytest.approx(z_assurance(0.5, 0.25, 32.0, Z(0.975)), abs=1e-12)
    assert a.assurance == pytest.approx(0.691958, abs=5e-7)


def test_logrank_schoenfeld_assurance_is_the_closed_form_on_the_log_scale():
    # Schoenfeld: I = events / 4 at 1:1; favourable direction is log HR < 0.
    res = logrank(hazard_ratio=0.7, events=331)
    a = assurance(res, prior_mean=0.7, prior_sd=0.1)
    assert a.assurance == pytest.approx(
        z_assurance(-math.log(0.7), 0.1, 331 / 4, Z(0.975)), abs=1e-12)


def t_assurance_by_quadrature(n_t, n_c, m, s, sd, alpha, sides, covariates=0, theta_0=0.0):
    """Independent: integrate scipy's noncentral-t upper tail over the normal prior (the
    distribution's own ``_sf``, Boost's complement: ``stats.nct.sf`` without its ten times
    slower checking of the arguments)."""
    df = n_t + n_c - 2 - covariates
    se = sd * math.sqrt(1 / n_t + 1 / n_c)
    crit = stats.t.ppf(1 - alpha / sides, df)
    sign = 1.0 if m >= theta_0 else -1.0

    def integrand(theta):
        density = math.exp(-0.5 * ((theta - m) / s) ** 2) / (s * math.sqrt(2 * math.pi))
        return float(stats.nct._sf(crit, df, sign * (theta - theta_0) / se)) * density

    value, _ = integrate.quad(integrand, m - 12 * s, m + 12 * s, epsabs=1e-12, points=[theta_0])
    return value


def test_t_test_assurance_equals_the_exact_power_integrated_over_the_prior():
    """Randomised differential test against quadrature of the exact power (40 designs)."""
    rng = np.random.default_rng(15)
    for _ in range(40):
        n_c = int(rng.integers(3, 200))
        k = float(rng.choice([1.0, 2.0, 0.5]))
        n_t = max(3, math.ceil(k * n_c))
        sd, delta = float(rng.uniform(0.5, 3)), float(rng.uniform(-2, 2))
        sides, alpha = int(rng.choice([1, 2])), float(rng.choice([0.01, 0.05, 0.1]))
        if sides == 1:
            delta = abs(delta)
        s = float(rng.uniform(0.01, 2.0)) * sd
        res = two_means(delta=delta, sd=sd, n_per_arm=(n_t, n_c), sides=sides, alpha=alpha)
        got = assurance(res, prior_mean=delta, prior_sd=s).assurance
        want = t_assurance_by_quadrature(n_t, n_c, delta, s, sd, alpha, sides)
        assert got == pytest.approx(want, abs=1e-8), (n_t, n_c, sd, delta, sides, alpha, s)


def test_ancova_and_non_inferiority_assurance_match_quadrature():
    r = 0.6
    res = two_means(delta=0.4, sd=2.0, n_per_arm=50, baseline_correlation=r)
    got = assurance(res, prior_mean=0.4, prior_sd=0.3).assurance
    assert got == pytest.approx(t_assurance_by_quadrature(
        50, 50, 0.4, 0.3, 2.0 * math.sqrt(1 - r * r), 0.05, 2, covariates=1), abs=1e-8)
    # Non-inferiority, margin 0.5, stated two-sided: one-sided at 0.025 against -0.5.
    res = two_means(delta=0.0, sd=1.0, n_per_arm=80, margin=0.5)
    got = assurance(res, prior_mean=0.1, prior_sd=0.2).assurance
    assert got == pytest.approx(t_assurance_by_quadrature(
        80, 80, 0.1, 0.2, 1.0, 0.025, 1, theta_0=-0.5), abs=1e-8)


def test_numerically_integrated_designs_match_independent_quadrature():
    # Two proportions, pooled z-test (Fleiss, Levin & Paik 2003 §4.2), prior on p1.
    res = two_proportions(p1=0.6, p2=0.4, n_per_arm=130)
    got = assurance(res, prior_mean=0.6, prior_sd=0.1).assurance

    def power_upper(p1):
        n = 130
        pbar = (p1 + 0.4) / 2
        se0 = math.sqrt(pbar * (1 - pbar) * 2 / n)
        se1 = math.sqrt((p1 * (1 - p1) + 0.24) / n)
        return PHI((p1 - 0.4 - Z(0.975) * se0) / se1)

    def f(p):
        return power_upper(p) * stats.norm.pdf(p, 0.6, 0.1)

    mass = stats.norm.cdf(1, 0.6, 0.1) - stats.norm.cdf(0, 0.6, 0.1)
    want = integrate.quad(f, 1e-12, 1 - 1e-12, epsabs=1e-12, limit=200)[0] / mass
    assert got == pytest.approx(want, abs=1e-8)
    # Freedman's log-rank: statistic mean sqrt(E k) (1 - HR) / (1 + k HR) (Freedman 1982).
    res = logrank(hazard_ratio=0.7, events=300, method="freedman", ratio=2.0)

    def g(theta):
        h = math.exp(theta)
        return PHI(math.sqrt(300 * 2) * (1 - h) / (1 + 2 * h) - Z(0.975)) * stats.norm.pdf(
            theta, math.log(0.7), 0.15)

    want = integrate.quad(g, math.log(0.7) - 2, math.log(0.7) + 2, epsabs=1e-12)[0]
    got = assurance(res, prior_mean=0.7, prior_sd=0.15).assurance
    assert got == pytest.approx(want, abs=1e-8)


def test_t_test_assurance_agrees_with_simulated_trials():
    """Draw the effect from the prior, then the trial's mean difference and pooled SD."""
    rng = np.random.default_rng(2005)
    reps, n, sd, m, s = 200_000, 30, 1.0, 0.6, 0.3
    res = two_means(delta=m, sd=sd, n_per_arm=n)
    theta = rng.normal(m, s, reps)
    diff = rng.normal(theta, sd * math.sqrt(2 / n))
    pooled_sd = sd * np.sqrt(rng.chisquare(2 * n - 2, reps) / (2 * n - 2))
    t = diff / (pooled_sd * math.sqrt(2 / n))
    hits = np.mean(t > stats.t.ppf(0.975, 2 * n - 2))
    expected = assurance(res, prior_mean=m, prior_sd=s).assurance
    assert abs(hits - expected) < 3 * math.sqrt(expected * (1 - expected) / reps)


def test_proportions_assurance_agrees_with_simulated_trials():
    """Binomial trials with p1 from the prior, pooled z-test; n large enough that the test's
    own normal approximation is far below the Monte Carlo error."""
    rng = np.random.default_rng(2006)
    reps, n = 200_000, 2000
    res = two_proportions(p1=0.40, p2=0.35, n_per_arm=n)
    p1 = rng.normal(0.40, 0.02, reps)
    x1, x2 = rng.binomial(n, p1), rng.binomial(n, 0.35, reps)
    pbar = (x1 + x2) / (2 * n)
    z = (x1 - x2) / n / np.sqrt(pbar * (1 - pbar) * 2 / n)
    hits = np.mean(z > Z(0.975))
    expected = assurance(res, prior_mean=0.40, prior_sd=0.02).assurance
    assert abs(hits - expected) < 3 * math.sqrt(expected * (1 - expected) / reps)


@pytest.mark.parametrize("make", [
    lambda: two_means(delta=0.5, sd=1, power=0.8, sides=1),
    lambda: one_mean(delta=0.4, sd=1, power=0.9, sides=1),
    lambda: ratio_of_means(**{MEAN_RATIO: 1.25}, cv=0.4, power=0.85, sides=1),
    lambda: logrank(hazard_ratio=0.75, power=0.9, sides=1),
    lambda: two_proportions(p1=0.5, p2=0.3, power=0.8, sides=1),
    lambda: two_means(delta=0.0, sd=1, margin=0.4, power=0.9, sides=1),
])
def test_a_prior_sd_of_zero_reduces_assurance_to_the_power(make):
    res = make()
    effect = {"two_means": "delta", "one_mean": "delta", "ratio_of_means": MEAN_RATIO,
              "logrank": "hazard_ratio", "two_proportions": "p1"}[res.procedure]
    a = assurance(res, prior_mean=res.inputs[effect], prior_sd=0)
    assert a.assurance == pytest.approx(res.power, abs=1e-12)
    assert "no uncertainty about the effect" in a.justification
    assert "is the power" in a.justification


def test_sample_size_for_a_target_assurance_is_the_smallest():
    res = two_means(delta=0.5, sd=1, power=0.8)
    a = assurance(res, prior_mean=0.5, prior_sd=0.2, target=0.75)
    n = a.sizes[1]
    assert a.assurance >= 0.75
    below = assurance(two_means(delta=0.5, sd=1, n_per_arm=n - 1), prior_mean=0.5, prior_sd=0.2)
    assert below.assurance < 0.75
    assert a.solved_for == "n" and "assurance of at least 75%" in a.justification


def test_target_above_the_limiting_assurance_has_no_solution():
    # The limit is P(effect > 0) = Phi(0.5 / 0.4) = 0.8944 (standard normal CDF).
    res = two_means(delta=0.5, sd=1, power=0.8)
    a = assurance(res, prior_mean=0.5, prior_sd=0.4)
    assert a.limit == pytest.approx(0.894350, abs=1e-6)
    with pytest.raises(NoSolution, match=r"at most 89\.4%"):
        assurance(res, prior_mean=0.5, prior_sd=0.4, target=0.9)


def test_ratio_prior_is_lognormal_from_the_confidence_interval():
    from trialkit.evidence.convert import se_from_ci

    # HR 0.75 (95% CI 0.60 to 0.94): SD of log HR = (ln 0.94 - ln 0.60) / (2 * 1.959964)
    # = 0.114530 (hand computation), the evidence layer's standard error on the log scale.
    sd = se_from_ci(math.log(0.60), math.log(0.94), distribution="z")
    assert sd == pytest.approx(0.114530, abs=1e-6)
    res = logrank(hazard_ratio=0.75, power=0.9)
    a = assurance(res, prior_mean=0.75, prior_sd=sd)
    assert a.assurance == pytest.approx(
        z_assurance(-math.log(0.75), sd, res.events / 4, Z(0.975)), abs=1e-12)
    assert "on the log scale" in a.justification


@pytest.mark.parametrize(("kwargs", "name"), [
    ({"prior_mean": 0.5, "prior_sd": -0.1}, "prior_sd"),
    ({"prior_mean": 0.5, "prior_sd": math.nan}, "prior_sd"),
    ({"prior_mean": "x", "prior_sd": 0.1}, "prior_mean"),
    ({"prior_mean": 0.5, "prior_sd": 0.1, "target": 1.2}, "target"),
])
def test_bad_input_names_the_parameter(kwargs, name):
    res = two_means(delta=0.5, sd=1, power=0.8)
    with pytest.raises(InvalidParameter) as err:
        assurance(res, **kwargs)
    assert err.value.name == name


def test_ratio_prior_mean_must_be_positive_and_proportion_inside_zero_one():
    with pytest.raises(InvalidParameter, match="prior_mean"):
        assurance(logrank(hazard_ratio=0.7, events=100), prior_mean=-0.7, prior_sd=0.1)
    with pytest.raises(InvalidParameter, match=r"prior_mean=1\.2.*between 0 and 1"):
        assurance(two_proportions(p1=0.6, p2=0.4, n_per_arm=50), prior_mean=1.2, prior_sd=0.1)


def test_designs_without_one_effect_are_refused_in_words():
    from trialkit.power import equivalence_means

    with pytest.raises(InvalidParameter, match="assurance covers"):
        assurance(equivalence_means(margin=0.2, sd=0.3, power=0.8), prior_mean=0.0,
                  prior_sd=0.1)


SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(n=st.integers(3, 400), m=st.floats(0.05, 2.0), s=st.floats(0.0, 2.0),
       sides=st.sampled_from([1, 2]), normal=st.booleans())
def test_assurance_is_a_probability_rising_with_n_and_bounded_by_the_limit(n, m, s, sides, normal):
    approx = "normal" if normal else "exact"
    a = assurance(two_means(delta=m, sd=1, n_per_arm=n, sides=sides, approximation=approx),
                  prior_mean=m, prior_sd=s)
    b = assurance(two_means(delta=m, sd=1, n_per_arm=n + 5, sides=sides, approximation=approx),
                  prior_mean=m, prior_sd=s)
    assert 0.0 <= a.assurance <= 1.0 and not math.isnan(a.assurance)
    assert b.assurance >= a.assurance - 1e-12
    assert a.assurance <= a.limit + 1e-12
    if a.power_at_prior_mean > 0.5:  # uncertainty can only cost a well-powered design
        assert a.assurance <= a.power_at_prior_mean + 1e-12


def test_the_package_name_is_the_function_even_after_its_module_was_imported():
    import subprocess
    import sys

    code = ("import trialkit.power.success\nfrom trialkit.power import assurance\n"
            "assert callable(assurance) and assurance.__name__ == 'assurance'")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_rates_assurance_integrates_the_rate_ratio_power_over_a_lognormal_prior():
    from trialkit.power import two_rates

    res = two_rates(rate1=0.75, rate2=1.0, overdispersion=0.5, n_per_arm=300)
    a = assurance(res, prior_mean=0.75, prior_sd=0.15)

    def power_favourable(theta, n=300, k=0.5, sign=-1.0):
        mu_t, mu_c = math.exp(theta), 1.0
        se1 = math.sqrt((1 / mu_c + k) / n + (1 / mu_t + k) / n)
        se0 = math.sqrt(2 / n * (2 / (mu_c + mu_t) + k))  # Zhu & Lakkis approach 3
        return PHI((sign * theta - Z(0.975) * se0) / se1)

    # Two-tailed power less the far (unfavourable) rejection region.
    far = power_favourable(math.log(0.75), sign=1.0)
    assert assurance(res, prior_mean=0.75, prior_sd=0).assurance == pytest.approx(
        res.power - far, abs=1e-12)

    def f(theta):
        return power_favourable(theta) * stats.norm.pdf(theta, math.log(0.75), 0.15)

    want = integrate.quad(f, math.log(0.75) - 2, math.log(0.75) + 2, epsabs=1e-12)[0]
    assert a.assurance == pytest.approx(want, abs=1e-8)


def test_non_inferiority_of_proportions_counts_success_beyond_the_margin():
    res = two_proportions(p1=0.8, p2=0.8, margin=0.1, method="farrington_manning", power=0.9,
                          alpha=0.025, sides=1)
    a = assurance(res, prior_mean=0.8, prior_sd=0)
    assert a.assurance == pytest.approx(res.power, abs=1e-12)
    # The limit is P(p1 > p2 - margin) = P(p1 > 0.7) under N(0.8, 0.05^2) truncated to (0, 1).
    b = assurance(res, prior_mean=0.8, prior_sd=0.05)
    mass = stats.norm.cdf(1, 0.8, 0.05) - stats.norm.cdf(0, 0.8, 0.05)
    assert b.limit == pytest.approx(
        (stats.norm.cdf(1, 0.8, 0.05) - stats.norm.cdf(0.7, 0.8, 0.05)) / mass, abs=1e-12)
    assert b.assurance < a.assurance


def test_a_prior_reaching_beyond_zero_or_one_is_cut_and_said_so():
    res = two_proportions(p1=0.9, p2=0.7, n_per_arm=100)
    a = assurance(res, prior_mean=0.9, prior_sd=0.1)
    assert a.truncated == pytest.approx(1 - (stats.norm.cdf(1, 0.9, 0.1)
                                             - stats.norm.cdf(0, 0.9, 0.1)), abs=1e-12)
    assert "15.9% of it outside the possible values 0 to 1 left out" in a.justification
    assert "left out" not in assurance(res, prior_mean=0.9, prior_sd=0.01).justification


def test_crossover_assurance_is_the_t_closed_form_on_the_within_subject_differences():
    from trialkit.power import crossover

    res = crossover(delta=0.5, sd=1.2, n_per_sequence=(14, 12))
    # The difference is estimated with SE 0.5 sd sqrt(1/n1 + 1/n2) on n1 + n2 - 2 df
    # (Chow, Shao & Wang 2008 §3.3): the two-sample quadrature with that SE.
    se_as_sd = 0.5 * 1.2  # t_assurance_by_quadrature multiplies by sqrt(1/n_t + 1/n_c)
    want = t_assurance_by_quadrature(14, 12, 0.5, 0.3, se_as_sd, 0.05, 2)
    got = assurance(res, prior_mean=0.5, prior_sd=0.3)
    assert got.assurance == pytest.approx(want, abs=1e-8)
    assert "14 and 12 participants in the two sequences" in got.justification
    with pytest.raises(InvalidParameter, match="not equivalence"):
        assurance(crossover(delta=0.0, sd=1, test="equivalence", margin=0.5, power=0.8),
                  prior_mean=0.0, prior_sd=0.1)


def test_exact_single_arm_assurance_sums_the_binomial_tail_over_the_prior():
    from trialkit.power import one_proportion

    res = one_proportion(p0=0.2, p1=0.4, n=35)  # rejects with 12 or more responses
    assert res.reject_at == 12
    got = assurance(res, prior_mean=0.4, prior_sd=0.1)

    def f(p):
        return stats.binom.sf(11, 35, p) * stats.norm.pdf(p, 0.4, 0.1)

    mass = stats.norm.cdf(1, 0.4, 0.1) - stats.norm.cdf(0, 0.4, 0.1)
    want = integrate.quad(f, 0, 1, epsabs=1e-13, limit=200)[0] / mass
    assert got.assurance == pytest.approx(want, abs=1e-8)
    assert assurance(res, prior_mean=0.4, prior_sd=0).assurance == pytest.approx(
        res.power, abs=1e-12)
    # Simulation: response rates from the (truncated) prior, then binomial trials.
    rng = np.random.default_rng(35)
    p = rng.normal(0.4, 0.1, 600_000)
    p = p[(p > 0) & (p < 1)][:400_000]
    hits = np.mean(rng.binomial(35, p) >= 12)
    assert abs(hits - got.assurance) < 3 * math.sqrt(got.assurance * (1 - got.assurance) / p.size)


def test_exact_single_arm_target_is_the_smallest_n_reaching_it():
    from trialkit.power import one_proportion

    a = assurance(one_proportion(p0=0.2, p1=0.4, power=0.8), prior_mean=0.4, prior_sd=0.1,
                  target=0.7)
    n = a.sizes[0]
    assert a.assurance >= 0.7
    for smaller in range(1, n):
        assert assurance(one_proportion(p0=0.2, p1=0.4, n=smaller), prior_mean=0.4,
                         prior_sd=0.1).assurance < 0.7


@SETTINGS
@given(kind=st.sampled_from(["logrank", "freedman", "proportions", "rates", "ratio"]),
       effect=st.floats(0.3, 0.9), s=st.floats(0.0, 1.0), n=st.integers(10, 2000))
def test_assurance_of_every_design_is_a_probability_rising_with_n(kind, effect, s, n):
    from trialkit.power import two_rates

    make = {
        "logrank": lambda n: logrank(hazard_ratio=effect, events=n),
        "freedman": lambda n: logrank(hazard_ratio=effect, events=n, method="freedman"),
        "proportions": lambda n: two_proportions(p1=effect, p2=effect / 2, n_per_arm=n),
        "rates": lambda n: two_rates(rate1=effect, rate2=1.0, overdispersion=0.5, n_per_arm=n),
        "ratio": lambda n: ratio_of_means(**{MEAN_RATIO: 1 / effect}, cv=0.5, n_per_arm=n),
    }[kind]
    prior = {"prior_mean": 1 / effect if kind == "ratio" else effect,
             "prior_sd": s * (0.2 if kind == "proportions" else 1.0)}
    a = assurance(make(n), **prior).assurance
    b = assurance(make(n + 20), **prior).assurance
    assert 0.0 <= a <= 1.0 and not math.isnan(a)
    assert b >= a - 1e-9
