"""A directional simulated power counts only the rejections in the effect's direction, and
agrees with the analytic directional power (exact noncentral t for the t-tests) within 3 Monte
Carlo standard errors, where the two-tailed power does not."""

from __future__ import annotations

import pytest

from tests.power._reference import within_monte_carlo_error
from trialkit.power import one_mean, ratio_of_means, simulate, two_means, two_proportions

# A small effect at a generous alpha: the wrong-direction region holds several points of power,
# far more than 3 Monte Carlo standard errors at 200,000 trials (about 0.003).
CASES = [
    ("two_means", two_means, {"delta": -0.15, "sd": 1.0, "n_per_arm": 20, "alpha": 0.2}),
    ("two_means", two_means, {"delta": 0.2, "sd": 1.0, "n_per_arm": (12, 24), "alpha": 0.2}),
    ("one_mean", one_mean, {"delta": -0.1, "sd": 1.0, "n": 15, "alpha": 0.2}),
    ("ratio_of_means", ratio_of_means, {"mean_ratio": 0.95, "cv": 0.5, "n_per_arm": 25,
                                        "alpha": 0.2}),
]


@pytest.mark.parametrize(("name", "analytic", "inputs"), CASES, ids=[c[0] for c in CASES])
def test_directional_simulation_matches_the_analytic_directional_power(name, analytic, inputs):
    simulated = simulate(name, n_sims=200_000, seed=11, power_convention="directional",
                         **inputs)
    directional = analytic(power_convention="directional", **inputs).power
    two_tailed = analytic(**inputs).power
    assert within_monte_carlo_error(simulated, directional, k=3.0), (simulated.power, directional)
    assert not within_monte_carlo_error(simulated, two_tailed, k=3.0), (simulated.power, two_tailed)


@pytest.mark.parametrize(("name", "analytic", "inputs"), [
    ("two_means", two_means, {"delta": 0.15, "sd": 1.0, "n_per_arm": 20, "alpha": 0.2}),
    # The binomial z-test: the analytic power is a normal approximation, so the whole power is
    # off by the lattice's granularity, but the wrong-way share is small and well predicted.
    ("two_proportions", two_proportions, {"p1": 0.40, "p2": 0.45, "n_per_arm": 150,
                                          "alpha": 0.2}),
])
def test_the_directional_and_two_tailed_counts_differ_by_the_wrong_way_rejections(
        name, analytic, inputs):
    # Same seed, same trials: the difference is exactly the trials rejected the wrong way.
    trials = 100_000
    both = simulate(name, n_sims=trials, seed=4, **inputs)
    one_way = simulate(name, n_sims=trials, seed=4, power_convention="directional", **inputs)
    wrong_way = both.rejections - one_way.rejections
    expected = analytic(**inputs).power - analytic(power_convention="directional", **inputs).power
    assert wrong_way > 0
    assert wrong_way / trials == pytest.approx(expected, abs=3 * (expected / trials) ** 0.5)
