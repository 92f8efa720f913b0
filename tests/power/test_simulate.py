"""Monte Carlo power agrees with every analytic procedure within 3 Monte Carlo SEs."""

from __future__ import annotations

import importlib
import math

import numpy as np
import pytest

from tests.power._reference import within_monte_carlo_error
from trialkit.errors import InvalidParameter
from trialkit.power import (
    crossover,
    equivalence_means,
    one_mean,
    ratio_of_means,
    simulate,
    two_means,
    two_proportions,
    within_cv_to_sd,
)

N_SIMS = 20_000

# Each analytic power (computed by the procedure itself; the published anchors are in the
# procedures' own tests) must lie within 3 Monte Carlo SEs of the simulated power.
CASES = [
    ("two_means", two_means, {"delta": 0.5, "sd": 1.0, "n_per_arm": 30}),
    ("two_means", two_means, {"delta": 0.5, "sd": 1.0, "n_per_arm": (40, 20), "ratio": 2,
                              "sides": 1}),
    ("two_means", two_means, {"delta": 0.0, "sd": 1.0, "n_per_arm": 40, "margin": 0.5,
                              "sides": 1}),
    ("two_means", two_means, {"delta": 0.4, "sd": 1.0, "n_per_arm": 40,
                              "baseline_correlation": 0.6}),
    ("one_mean", one_mean, {"delta": 1 / 3, "sd": 1.0, "n": 25}),
    ("ratio_of_means", ratio_of_means, {"mean_ratio": 1.3, "cv": 0.5, "n_per_arm": 30}),
    ("two_proportions", two_proportions, {"p1": 0.4, "p2": 0.3, "n_per_arm": 300}),
    ("two_proportions", two_proportions, {"p1": 0.4, "p2": 0.3, "n_per_arm": 300,
                                          "method": "unpooled"}),
    ("two_proportions", two_proportions, {"p1": 0.4, "p2": 0.3, "n_per_arm": 300,
                                          "method": "arcsine"}),
    ("equivalence_means", equivalence_means, {"margin": 0.5, "sd": 1.0, "delta": 0.1,
                                              "n_per_arm": 60}),
    ("crossover", crossover, {"delta": math.log(0.95), "sd": within_cv_to_sd(0.25),
                              "n_per_sequence": 12, "test": "equivalence",
                              "margin": math.log(1.25)}),
    ("crossover", crossover, {"delta": -0.1, "sd": 0.2, "n_per_sequence": 13,
                              "test": "noninferiority", "margin": 0.2}),
    ("crossover", crossover, {"delta": 0.1, "sd": 0.2, "n_per_sequence": 13}),
]


@pytest.mark.parametrize(("name", "analytic", "inputs"), CASES)
def test_simulation_agrees_with_the_analytic_power(name, analytic, inputs):
    sim = simulate(name, n_sims=N_SIMS, seed=20261122, **inputs)
    exact = analytic(**inputs).power
    assert within_monte_carlo_error(sim, exact, k=3.0), (sim.power, exact, sim.mc_se)


def test_same_seed_same_answer_and_se_formula():
    a = simulate("two_means", n_sims=5000, seed=7, delta=0.5, sd=1.0, n_per_arm=20)
    b = simulate("two_means", n_sims=5000, seed=7, delta=0.5, sd=1.0, n_per_arm=20)
    assert a.rejections == b.rejections
    assert a.mc_se == pytest.approx(math.sqrt(a.power * (1 - a.power) / 5000))
    lo, hi = a.interval()
    assert lo < a.power < hi


def test_ancova_log_holds_its_size_under_the_null():
    sim = simulate("ancova_log", n_sims=N_SIMS, seed=3, control_mean=0.4, cv=0.8, mean_ratio=1.0,
                   baseline_correlation=0.7, n_per_arm=30)
    assert within_monte_carlo_error(sim, 0.05, k=3.0), sim.power


def test_ancova_log_gains_power_from_the_baseline_correlation():
    common = {"control_mean": 0.4, "cv": 0.8, "mean_ratio": 1.4, "n_per_arm": 40}
    weak = simulate("ancova_log", n_sims=N_SIMS, seed=4, baseline_correlation=0.1, **common)
    strong = simulate("ancova_log", n_sims=N_SIMS, seed=4, baseline_correlation=0.8, **common)
    assert strong.power - weak.power > 6 * math.hypot(strong.mc_se, weak.mc_se)
    assert "log(x + 1)" in strong.justification and "Lachin" in strong.justification


def test_ancova_log_with_small_values_tracks_the_log_scale_t_test():
    # For AUC values much larger than 1, log(x + 1) ~ log(x): with no baseline information
    # (correlation ~0) the ANCOVA power approaches the log-scale t-test's (one df fewer).
    inputs = {"mean_ratio": 1.3, "cv": 0.5, "n_per_arm": 30}
    sim = simulate("ancova_log", n_sims=N_SIMS, seed=5, control_mean=1000.0,
                   baseline_correlation=1e-9, **inputs)
    assert within_monte_carlo_error(sim, ratio_of_means(**inputs).power, k=3.0)


def test_a_custom_simulator_is_accepted():
    def coin(rng, n_sims, *, p):
        return rng.random(n_sims) < p

    sim = simulate(coin, n_sims=10_000, seed=1, p=0.3)
    assert within_monte_carlo_error(sim, 0.3)
    assert sim.procedure == "coin"


def test_batches_do_not_change_the_number_of_trials():
    sim = simulate("one_mean", n_sims=3, seed=1, delta=0.1, sd=1.0, n=5)
    assert sim.n_sims == 3 and 0 <= sim.rejections <= 3


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"procedure": "anova"}, "procedure"),
        ({"procedure": "two_means", "n_sims": 0}, "n_sims"),
        ({"procedure": "two_means", "seed": -1}, "seed"),
        ({"procedure": "two_means", "sd": -1.0}, "sd"),
    ],
)
def test_bad_input_names_the_parameter(kwargs, name):
    inputs = {"procedure": "two_means", "n_sims": 100, "seed": 1, "delta": 0.5, "sd": 1.0,
              "n_per_arm": 10, **kwargs}
    procedure = inputs.pop("procedure")
    with pytest.raises(InvalidParameter) as err:
        simulate(procedure, **inputs)
    assert err.value.name == name


def test_custom_simulator_must_return_one_flag_per_trial():
    with pytest.raises(InvalidParameter, match="rejection flags"):
        simulate(lambda rng, n: np.ones(n + 1, dtype=bool), n_sims=10, seed=1)


def test_simulated_sample_size_brackets_the_analytic_answer():
    from trialkit.power.simulate import simulated_sample_size

    sim = simulated_sample_size("two_means", power=0.8, seed=3, n_sims=N_SIMS, delta=0.5, sd=1.0)
    n = sim.inputs["n_per_arm"]
    analytic = two_means(delta=0.5, sd=1.0, power=0.8)
    # The analytic n (Cohen 1988 Table 2.4.1: 64 per arm) is within one of the simulated n.
    assert abs(n - analytic.n_per_arm[0]) <= 1
    assert sim.power >= 0.8 and sim.target_power == 0.8
    smaller = simulate("two_means", n_sims=N_SIMS, seed=3, delta=0.5, sd=1.0, n_per_arm=n - 1)
    assert smaller.power < 0.8
    assert "smallest" in sim.justification


def test_ancova_log_power_needs_exactly_one_of_n_and_power():
    from trialkit.power.simulate import ancova_log_power

    inputs = {"control_mean": 0.4, "cv": 0.8, "mean_ratio": 1.3, "baseline_correlation": 0.7}
    with pytest.raises(InvalidParameter):
        ancova_log_power(**inputs)
    with pytest.raises(InvalidParameter):
        ancova_log_power(**inputs, n_per_arm=30, power=0.8)
    sized = ancova_log_power(**inputs, power=0.8, n_sims=4000)
    assert sized.power >= 0.8


@pytest.mark.slow
def test_ancova_log_sample_size_refuses_no_effect_and_bounds_the_search(monkeypatch):
    """Solving n for ratio 1 is refused at once; a tiny effect stops at the simulation budget
    (here a tenth of the real one, so that reaching it takes half a second, not five)."""
    from trialkit import InvalidParameter, NoSolution
    from trialkit.power.simulate import ancova_log_power

    simulate_module = importlib.import_module("trialkit.power.simulate")  # not the function

    with pytest.raises(InvalidParameter, match="mean_ratio"):
        ancova_log_power(control_mean=0.4, cv=0.8, mean_ratio=1.0, baseline_correlation=0.6,
                         power=0.8, n_sims=200)
    monkeypatch.setattr(simulate_module, "SIMULATION_BUDGET", simulate_module.SIMULATION_BUDGET / 10)
    with pytest.raises(NoSolution, match=r"with n_per_arm up to 100; the effect is too small"):
        ancova_log_power(control_mean=0.4, cv=0.8, mean_ratio=1.001, baseline_correlation=0.6,
                         power=0.8, n_sims=20_000)


def test_simulation_counts_both_tails_unless_the_power_is_directional():
    from trialkit.errors import InvalidParameter
    from trialkit.power import simulate

    both = simulate("two_means", n_sims=2000, seed=3, delta=0.5, sd=1.0, n_per_arm=20,
                    power_convention="two_tailed")
    plain = simulate("two_means", n_sims=2000, seed=3, delta=0.5, sd=1.0, n_per_arm=20)
    assert both.power == plain.power
    assert "rejected (in either direction)" in " ".join(both.justification.split())
    directional = simulate("two_means", n_sims=2000, seed=3, delta=0.5, sd=1.0, n_per_arm=20,
                           power_convention="directional")
    assert directional.power <= both.power
    assert "in the direction of the effect" in " ".join(directional.justification.split())
    with pytest.raises(InvalidParameter) as info:
        simulate("two_means", n_sims=100, seed=3, delta=0.0, sd=1.0, n_per_arm=20,
                 power_convention="directional")
    assert info.value.name == "delta"
    with pytest.raises(InvalidParameter) as info:
        simulate("two_means", n_sims=100, seed=3, delta=0.5, sd=1.0, n_per_arm=20,
                 power_convention="sideways")
    assert info.value.name == "power_convention"
    one_sided = simulate("two_means", n_sims=100, seed=3, delta=0.5, sd=1.0, n_per_arm=20,
                         sides=1, power_convention="directional")  # the same test one-sided
    assert 0.0 < one_sided.power <= 1.0
