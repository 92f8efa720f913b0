"""The power a cluster-randomised result reports is the cluster design's, not the
individually randomised one's: the fixed procedure's power at participants per arm / design
effect (Donner & Klar 2000, Design and Analysis of Cluster Randomization Trials;
design effect 1 + ((cv^2 + 1) m - 1) ICC, Eldridge, Ashby & Kerry 2006 Int J Epidemiol
35:1292-1300), checked against simulated cluster trials."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from trialkit import power
from trialkit.cli import main

SIMS = 20_000


def _sizes(k: int, m: int, cv: float) -> np.ndarray:
    """k cluster sizes with mean m and (population) coefficient of variation cv exactly:
    half the clusters m(1 - cv), half m(1 + cv)."""
    if cv == 0:
        return np.full(k, m)
    assert k % 2 == 0 and (m * cv).is_integer(), (k, m, cv)
    return np.repeat([m - m * cv, m + m * cv], k // 2).astype(int)


def _arm_means(rng, mean, sd, icc, sizes):
    """Simulated arm means and within-arm sums of squares: y = mean + b_cluster + e."""
    b = rng.normal(0.0, sd * math.sqrt(icc), (SIMS, sizes.size))
    ids = np.repeat(np.arange(sizes.size), sizes)
    y = mean + b[:, ids] + rng.normal(0.0, sd * math.sqrt(1 - icc), (SIMS, ids.size))
    ybar = y.mean(axis=1)
    return ybar, ((y - ybar[:, None]) ** 2).sum(axis=1)


def _simulated_means_power(rng, delta, sd, icc, m, cv, k):
    """Reject when the t statistic, its standard error inflated by the square root of the
    design effect, exceeds the t quantile at the effective sample size's df."""
    sizes = _sizes(k, m, cv)
    n = int(sizes.sum())
    de = 1 + (float((sizes**2).sum()) / n - 1) * icc  # = 1 + ((cv^2 + 1) m - 1) ICC
    t_mean, t_ss = _arm_means(rng, delta, sd, icc, sizes)
    c_mean, c_ss = _arm_means(rng, 0.0, sd, icc, sizes)
    s2 = (t_ss + c_ss) / (2 * n - 2)
    t = (t_mean - c_mean) / np.sqrt(s2 * de * 2 / n)
    crit = stats.t.ppf(0.975, 2 * n / de - 2)
    return float(np.mean(np.abs(t) > crit)), de


@pytest.mark.parametrize(("delta", "m", "icc", "cv"), [
    (0.5, 20, 0.05, 0.0),  # the CLI example: 7 clusters of 20 per arm
    (0.4, 10, 0.10, 0.5),  # unequal cluster sizes (5 and 15)
])
def test_cluster_two_means_power_matches_simulated_cluster_trials(delta, m, icc, cv):
    res = power.cluster_two_means(delta=delta, sd=1.0, power=0.8, cluster_size=m, icc=icc,
                                  cluster_size_cv=cv)
    k = res.clusters_per_arm[0]
    simulated, de = _simulated_means_power(np.random.default_rng(20261201), delta, 1.0, icc,
                                           m, cv, k)
    assert de == pytest.approx(res.design_effect)
    se = math.sqrt(simulated * (1 - simulated) / SIMS)
    assert abs(res.power - simulated) < 3 * se, (res.power, simulated, se)


def test_cluster_two_proportions_power_matches_simulated_cluster_trials():
    """Beta-binomial clusters (ICC = 1 / (a + b + 1)), analysed by the pooled z-test with its
    variance multiplied by the design effect."""
    p1, p2, m, icc = 0.65, 0.5, 20, 0.05
    res = power.cluster_two_proportions(p1=p1, p2=p2, power=0.8, cluster_size=m, icc=icc)
    k = res.clusters_per_arm[0]
    rng = np.random.default_rng(7)
    scale = 1 / icc - 1

    def events(p):
        return rng.binomial(m, rng.beta(p * scale, (1 - p) * scale, (SIMS, k))).sum(axis=1)

    n = k * m
    x1, x2 = events(p1), events(p2)
    pooled = (x1 + x2) / (2 * n)
    z = (x1 - x2) / n / np.sqrt(pooled * (1 - pooled) * 2 / n * res.design_effect)
    simulated = float(np.mean(np.abs(z) > stats.norm.ppf(0.975)))
    se = math.sqrt(simulated * (1 - simulated) / SIMS)
    assert abs(res.power - simulated) < 3 * se, (res.power, simulated, se)


def test_the_power_is_the_fixed_procedures_at_the_effective_size():
    # Design effect 1 + (10 - 1) 0.1 = 1.9 (Donner, Birkett & Buck 1981): the 190
    # participants of 19 clusters per arm have the power of 100 individually randomised.
    res = power.cluster_randomised(power.two_means(delta=0.5, sd=1.0, n_per_arm=100),
                                   cluster_size=10, icc=0.1)
    assert res.n_per_arm == (190, 190)
    assert res.power == pytest.approx(power.two_means(delta=0.5, sd=1.0, n_per_arm=100).power,
                                      abs=1e-12)


def test_the_table_and_the_paragraph_state_the_cluster_power_and_one_cluster_size(capsys):
    args = ["power", "cluster-two-means", "--delta", "0.5", "--sd", "1", "--power", "0.8",
            "--cluster-size", "20", "--icc", "0.05", "--dropout", "0.1"]
    assert main(args) == 0
    out = capsys.readouterr().out
    res = power.cluster_two_means(delta=0.5, sd=1.0, power=0.8, cluster_size=20, icc=0.05,
                                  dropout=0.1)
    assert f"Power achieved       {res.power:.4f}" in out
    assert res.power != pytest.approx(power.two_means(delta=0.5, sd=1.0, power=0.8).power)
    labels = [line.split("  ")[1] for line in out.splitlines() if line.startswith("  ")]
    assert labels.count("Cluster size") == 1, labels
    pct = f"{100 * res.power:.1f}%"
    assert f"with these clusters the power is {pct}." in " ".join(out.split())
