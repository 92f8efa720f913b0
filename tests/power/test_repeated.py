"""Repeated measures (MMRM at the last visit, Lu, Luo & Chen (2008) Int J Biostat 4(1):9):
the paper's tables, their AR(1) closed form, a simulation with generalised least squares,
properties and bad input."""

from __future__ import annotations

import math
from statistics import NormalDist

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trialkit.errors import InvalidParameter
from trialkit.power import repeated_measures, two_means
from trialkit.power.repeated import correlation_matrix, inflation_factor

Z = NormalDist().inv_cdf


# Lu, Luo & Chen (2008) Table 2: phi for AR(1) with retention falling linearly from 1 to
# 1 - a_J over J visits, rho^(J-1) = p; as reproduced in the tests of R's longpower 1.0.
TABLE_2 = [
    (2, 0.1, 0.0, 1.11111111111111), (2, 0.1, 0.5, 1.08333333333333),
    (2, 0.3, 0.9, 1.08142857142857), (2, 0.4, 0.3, 1.60666666666667),
    (4, 0.1, 0.1, 1.10050206679506), (4, 0.2, 0.5, 1.13886229048648),
    (4, 0.3, 0.7, 1.14702199890211), (4, 0.4, 0.9, 1.07728040119987),
    (4, 0.4, 0.0, 1.66666666666667),
]


@pytest.mark.parametrize(("visits", "lost", "p", "phi"), TABLE_2)
def test_inflation_factor_is_lu_luo_chen_table_2(visits, lost, p, phi):
    retention = np.linspace(1.0, 1.0 - lost, visits)
    rho = p ** (1.0 / (visits - 1))
    assert inflation_factor(correlation_matrix("ar1", visits, rho), retention) == \
        pytest.approx(phi, rel=1e-9)


# Lu, Luo & Chen (2008) Table 1 (z-test column; delta/sd = 0.5, two-sided 0.05, 90% power):
# total N for phi_a, phi_b and lambda = N_a / N_b, as reproduced in R's longpower tests.
TABLE_1 = [
    (1, 1, 1.0, 168.11876898305), (1, 1, 2.0, 189.133615105931),
    (1, 2, math.sqrt(0.5), 244.966998329937), (1, 2, 0.5, 252.178153474575),
    (2, 2, 1.0, 336.2375379661), (2, 2, 2.0, 378.267230211862),
]


@pytest.mark.parametrize(("phi_a", "phi_b", "lam", "total"), TABLE_1)
def test_sample_size_is_lu_luo_chen_table_1(phi_a, phi_b, lam, total):
    # With no correlation, retention r at the last visit gives phi = 1 / r (only the last
    # visit informs it): phi = 2 is half the participants observed at the end.
    res = repeated_measures(
        delta=0.5, sd=1.0, retention=[1.0, 1.0 / phi_a], retention_control=[1.0, 1.0 / phi_b],
        correlation="compound_symmetry", rho=0.0, power=0.9, ratio=lam,
        power_convention="directional",
    )
    assert res.solution * (1.0 + lam) == pytest.approx(total, rel=1e-9)


def test_longpower_documentation_example():
    # R longpower's power.mmrm example: compound symmetry 0.25 over 4 visits, retention 1,
    # 0.9, 0.8, 0.7, delta 0.5, sd 1, 80% power -> N = 174 in total (its companion calls use
    # N = 174). phi written out: [I^-1]_44 computed here independently of the engine's loop.
    res = repeated_measures(delta=0.5, sd=1.0, retention=[1, 0.9, 0.8, 0.7], rho=0.25,
                            power=0.8)
    assert res.n_per_arm == (87, 87)
    assert res.n_total == 174 and res.n_total_enrolled == 174


def _ar1_closed_form(rho, retention, times):
    """Lu, Luo & Chen (2008) eq. for AR(1): phi = 1/r_J - sum_j rho^(2 (t_J - t_j))
    (1/r_(j+1) - 1/r_j), written out from the paper (as longpower::power.mmrm.ar1)."""
    r, t = np.asarray(retention), np.asarray(times)
    return 1.0 / r[-1] - float(np.sum(rho ** (2 * (t[-1] - t[:-1])) * (1 / r[1:] - 1 / r[:-1])))


def test_general_formula_agrees_with_the_ar1_closed_form_on_random_designs():
    rng = np.random.default_rng(15)
    for _ in range(200):
        visits = int(rng.integers(2, 8))
        retention = np.sort(rng.uniform(0.3, 1.0, visits))[::-1]
        rho = float(rng.uniform(0.0, 0.95))
        got = inflation_factor(correlation_matrix("ar1", visits, rho), retention)
        assert got == pytest.approx(_ar1_closed_form(rho, retention, np.arange(visits)), rel=1e-9)


def test_unstructured_with_the_ar1_matrix_is_ar1_and_the_triangle_is_read_row_by_row():
    full = correlation_matrix("ar1", 4, 0.6)
    rows, cols = np.tril_indices(4, -1)
    triangle = full[rows, cols]   # r21, r31, r32, r41, r42, r43
    kw = {"delta": 0.4, "sd": 1.2, "retention": [1, 0.85, 0.75, 0.6], "n_per_arm": 90}
    ar1 = repeated_measures(correlation="ar1", rho=0.6, **kw)
    assert repeated_measures(correlation="unstructured", correlations=full, **kw).power == \
        pytest.approx(ar1.power, rel=1e-12)
    assert repeated_measures(correlation="unstructured", correlations=triangle.tolist(),
                             **kw).power == pytest.approx(ar1.power, rel=1e-12)


def test_complete_follow_up_is_the_two_sample_z_test():
    # No dropout: phi = 1 whatever the correlation; the normal-approximation two_means.
    for rho in (0.0, 0.3, 0.8):
        res = repeated_measures(delta=3.0, sd=10.0, retention=[1, 1, 1], rho=rho, power=0.9)
        z = two_means(delta=3.0, sd=10.0, power=0.9, approximation="normal")
        assert res.solution == pytest.approx(z.solution, rel=1e-9)
        assert res.n_per_arm == z.n_per_arm


def test_uncorrelated_visits_leave_only_the_completers():
    res = repeated_measures(delta=0.5, sd=1.0, retention=[1, 0.8, 0.6], rho=0.0, n_per_arm=100)
    assert res.inflation_treatment == pytest.approx(1 / 0.6, rel=1e-12)
    se = math.sqrt(2 / 0.6 / 100)
    assert res.power == pytest.approx(NormalDist().cdf(0.5 / se - Z(0.975))
                                      + NormalDist().cdf(-0.5 / se - Z(0.975)), rel=1e-12)


def _simulated_power(n, delta, sd, corr, retention, alpha, sims, seed):
    """Simulated trials analysed by generalised least squares with the covariance known.

    Each arm's participants are split into dropout patterns (multinomial, the last visit
    seen is j with probability r_j - r_(j+1)); a pattern's participants contribute
    R_j^-1 to the information and R_j^-1 (sum of their first j values) to the score, so
    the arm's GLS estimate of its visit means is I^-1 score, with variance I^-1 (sd^2)."""
    rng = np.random.default_rng(seed)
    visits = len(retention)
    leaving = np.asarray(retention) - np.append(retention[1:], 0.0)
    cov = sd**2 * np.asarray(corr)
    chol = np.linalg.cholesky(cov)
    rejected = 0
    crit = Z(1 - alpha / 2)
    for _ in range(sims):
        estimate, variance = [], []
        for mean_last in (delta, 0.0):
            mean = np.full(visits, 0.0)
            mean[-1] = mean_last
            counts = rng.multinomial(n, leaving)
            info = np.zeros((visits, visits))
            score = np.zeros(visits)
            for j, m in enumerate(counts, start=1):
                if m == 0:
                    continue
                y = mean + rng.standard_normal((m, visits)) @ chol.T
                inv = np.linalg.inv(cov[:j, :j])
                info[:j, :j] += m * inv
                score[:j] += inv @ y[:, :j].sum(axis=0)
            cov_hat = np.linalg.inv(info)
            estimate.append((cov_hat @ score)[-1])
            variance.append(cov_hat[-1, -1])
        z = (estimate[0] - estimate[1]) / math.sqrt(sum(variance))
        rejected += abs(z) > crit
    return rejected / sims


@pytest.mark.parametrize(("structure", "rho"), [("compound_symmetry", 0.5), ("ar1", 0.7)])
def test_power_agrees_with_simulation_within_three_monte_carlo_errors(structure, rho):
    retention = [1.0, 0.85, 0.7, 0.6]
    corr = correlation_matrix(structure, 4, rho)
    res = repeated_measures(delta=0.45, sd=1.5, retention=retention, correlation=structure,
                            rho=rho, n_per_arm=120)
    sims = 4000
    simulated = _simulated_power(120, 0.45, 1.5, corr, retention, 0.05, sims, seed=2008)
    se = math.sqrt(res.power * (1 - res.power) / sims)
    assert abs(simulated - res.power) <= 3 * se, (simulated, res.power)


retentions = st.lists(st.floats(0.2, 1.0), min_size=2, max_size=6).map(
    lambda xs: sorted(xs, reverse=True))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(retention=retentions, rho=st.floats(0.0, 0.95), n=st.integers(5, 400))
def test_properties_inflation_bounds_and_power_monotone(retention, rho, n):
    # phi lies between 1/r_1 (everyone observed as long as the first visit) and 1/r_J (only
    # the last visit counts); more participants, more power; losing more lowers the power.
    corr = correlation_matrix("ar1", len(retention), rho)
    phi = inflation_factor(corr, np.asarray(retention))
    assert 1 / retention[0] * (1 - 1e-9) <= phi <= 1 / retention[-1] * (1 + 1e-9)
    kw = {"delta": 0.3, "sd": 1.0, "retention": retention, "correlation": "ar1", "rho": rho}
    assert repeated_measures(n_per_arm=n + 1, **kw).power >= repeated_measures(
        n_per_arm=n, **kw).power
    worse = [r * 0.9 for r in retention]
    assert repeated_measures(n_per_arm=n, **{**kw, "retention": worse}).power <= \
        repeated_measures(n_per_arm=n, **kw).power + 1e-12


@pytest.mark.parametrize(("kwargs", "name"), [
    ({"retention": [0.8, 0.9]}, "retention"),
    ({"retention": [1.0, 1.2]}, "retention"),
    ({"retention": [1.0, 0.0]}, "retention"),
    ({"retention": "1,0.9"}, "retention"),
    ({"retention": [1.0, 0.9], "retention_control": [1.0, 0.9, 0.8]}, "retention_control"),
    ({"retention": [1.0, 0.9], "rho": None}, "rho"),
    ({"retention": [1.0, 0.9], "rho": 1.0}, "rho"),
    ({"retention": [1.0, 0.9, 0.8], "rho": -0.6}, "rho"),
    ({"retention": [1.0, 0.9], "correlation": "toeplitz"}, "correlation"),
    ({"retention": [1.0, 0.9, 0.8], "correlation": "unstructured", "rho": None}, "correlations"),
    ({"retention": [1.0, 0.9, 0.8], "correlation": "unstructured", "rho": None,
      "correlations": [0.5, 0.5]}, "correlations"),
    ({"retention": [1.0, 0.9, 0.8], "correlation": "unstructured", "rho": None,
      "correlations": [0.9, -0.9, 0.9]}, "correlations"),
    ({"retention": [1.0, 0.9], "sd": 0.0}, "sd"),
])
def test_bad_input_names_the_parameter_value_and_range(kwargs, name):
    base = {"delta": 0.5, "sd": 1.0, "rho": 0.3, "power": 0.8}
    with pytest.raises(InvalidParameter) as info:
        repeated_measures(**{**base, **kwargs})
    assert info.value.name == name
    assert "must" in info.value.valid
