"""The vectorised grid solver gives, element by element, the scalar procedures' answers."""

from __future__ import annotations

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
        sample_size_grid("two_means", delta=0.5, sd=1, power=0.8, margin=1)
