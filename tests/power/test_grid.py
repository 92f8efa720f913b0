"""The vectorised grid solver gives, element by element, the scalar procedures' answers."""

from __future__ import annotations

import json

import numpy as np
import pytest

from trialkit import InvalidParameter
from trialkit.power import sample_size_grid, two_means, two_proportions


def test_grid_matches_scalar_two_means_on_random_scenarios():
    rng = np.random.default_rng(7)
    delta, sd = rng.uniform(0.05, 2.0, 300), rng.uniform(0.3, 3.0, 300)
    alpha, power = rng.choice([0.01, 0.025, 0.05, 0.1], 300), rng.uniform(0.6, 0.95, 300)
    grid = sample_size_grid("two_means", delta=delta, sd=sd, alpha=alpha, power=power)
    for i in range(0, 300, 7):
        single = two_means(delta=delta[i], sd=sd[i], alpha=alpha[i], power=power[i])
        assert grid.n_per_arm[i] == single.n_per_arm[1]
        assert grid.n_unrounded[i] == pytest.approx(single.solution, rel=1e-7)
        assert grid.power[i] == pytest.approx(single.power, abs=1e-12)


@pytest.mark.parametrize("sides", [1, 2])
def test_grid_handles_extremes_and_ratio(sides):
    # delta = 10 SD reaches the target at the smallest admissible n, as the scalar solver says.
    grid = sample_size_grid("two_means", delta=[0.01, 0.5, 10.0], sd=1, power=0.8, sides=sides,
                            ratio=2)
    for i, d in enumerate([0.01, 0.5, 10.0]):
        single = two_means(delta=d, sd=1, power=0.8, sides=sides, ratio=2)
        assert grid.n_per_arm[i] == single.n_per_arm[1]
        assert grid.power[i] == pytest.approx(single.power, abs=1e-12)


def test_grid_two_proportions_matches_r_power_prop_test():
    # R power.prop.test(p1 = .50, p2 = .75, power = .90): n = 76.7 (REFERENCE O12).
    grid = sample_size_grid("two_proportions", p1=[0.75, 0.03], p2=[0.5, 0.02], power=0.9)
    assert grid.n_unrounded[0] == pytest.approx(76.70692, abs=5e-4)
    assert grid.n_per_arm[1] == two_proportions(p1=0.03, p2=0.02, power=0.9).n_per_arm[1]


def test_grid_rejects_bad_scenarios():
    with pytest.raises(InvalidParameter, match="sd"):
        sample_size_grid("two_means", delta=[0.5, 0.5], sd=[1, -1], power=0.8)
    with pytest.raises(InvalidParameter, match="power"):
        sample_size_grid("two_means", delta=0.5, sd=1, power=[0.8, 0.01], alpha=0.05)
    with pytest.raises(InvalidParameter, match="procedure"):
        sample_size_grid("anova", power=0.8)
    with pytest.raises(InvalidParameter, match="inputs"):
        sample_size_grid("two_means", delta=0.5, sd=1, power=0.8, hazard_ratio=0.7)


SCALAR_CASES = [
    ("one_mean", {"delta": [0.3, -0.8], "sd": [1.0, 2.0], "sides": [2, 2], "dropout": 0.1}),
    ("ratio_of_means", {"mean_ratio": [1.2, 0.7], "cv": [0.4, 0.9], "ratio": [1.0, 2.0]}),
    ("two_proportions", {"p1": [0.02, 0.4], "p2": [0.01, 0.3], "continuity": True,
                         "sides": [2, 1]}),
    ("logrank", {"hazard_ratio": [0.7, 1.4], "ratio": [1.0, 2.0], "alpha": [0.05, 0.01]}),
    ("one_proportion", {"p0": [0.2, 0.5], "p1": [0.35, 0.3], "sides": [1, 2]}),
    ("two_means", {"delta": [0.1, 0.5], "sd": 1, "margin": [0.3, 0.2], "sides": [1, 2],
                   "baseline_correlation": [0.0, 0.6], "power_convention": "directional"}),
    ("equivalence_means", {"margin": [0.5, 0.3], "sd": [1.0, 0.5], "delta": [0.0, 0.1]}),
    ("crossover", {"delta": [0.5, 0.2], "sd": [1.0, 0.5], "dropout": [0.0, 0.2]}),
]


@pytest.mark.parametrize(("procedure", "inputs"), SCALAR_CASES, ids=[c[0] for c in SCALAR_CASES])
def test_every_closed_form_procedure_matches_its_scalar_answer(procedure, inputs):
    import trialkit.power as engine

    grid = sample_size_grid(procedure, power=[0.8, 0.9], **inputs)
    for i in range(2):
        scalar_inputs = {k: (v[i] if isinstance(v, list) else v) for k, v in inputs.items()}
        if procedure == "one_proportion":
            scalar_inputs["exact"] = False
        size = {"one_mean": "n", "one_proportion": "n", "logrank": "events"}.get(procedure)
        single = getattr(engine, procedure)(power=[0.8, 0.9][i], **scalar_inputs)
        expected = single.n_per_arm[-1] if size is None else single.solution
        if size is None:
            assert grid.n_per_arm[i] == expected
            assert grid.n_total[i] == single.n_total
            assert grid.n_total_enrolled[i] == single.n_total_enrolled
        else:
            assert grid.n_unrounded[i] == pytest.approx(expected, rel=1e-6)
        assert grid.power[i] == pytest.approx(single.power, abs=1e-9)
    record = grid.to_dict()
    assert record["procedure"] == procedure and len(record["n_total"]) == 2
    json.dumps(record)


def test_grid_refuses_what_the_scalar_procedure_refuses():
    # Issue 10: a one-sided negative delta was accepted by the grid, refused by two_means.
    with pytest.raises(InvalidParameter, match="delta"):
        sample_size_grid("two_means", delta=[0.5, -0.5], sd=1, power=0.8, sides=1)
    with pytest.raises(InvalidParameter, match="alpha"):
        sample_size_grid("equivalence_means", margin=0.5, sd=1, power=0.8, alpha=[0.05, 0.6])
    with pytest.raises(InvalidParameter, match="method"):
        sample_size_grid("two_proportions", p1=0.3, p2=0.2, power=0.8,
                         method=["pooled", "unpooled"])
    with pytest.raises(InvalidParameter, match="hazard_ratio"):
        sample_size_grid("logrank", power=0.8)


def test_grid_takes_arrays_for_sides_ratio_and_dropout():
    grid = sample_size_grid("two_means", delta=0.5, sd=1, power=0.8, sides=[1, 2],
                            ratio=[1, 2], dropout=[0.0, 0.2])
    first = two_means(delta=0.5, sd=1, power=0.8, sides=1)
    second = two_means(delta=0.5, sd=1, power=0.8, ratio=2, dropout=0.2)
    assert list(grid.n_total_enrolled) == [first.n_total_enrolled, second.n_total_enrolled]
