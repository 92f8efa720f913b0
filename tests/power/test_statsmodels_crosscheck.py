"""Cross-check against statsmodels (an independent implementation) on random scenarios.

statsmodels' TTestIndPower and TTestPower compute the same exact noncentral-t power, both
tails counted; NormalIndPower with Cohen's h is the arcsine test.
"""

from __future__ import annotations

import math
from types import ModuleType

import numpy as np
import pytest

from trialkit.power import one_mean, two_means, two_proportions

pytestmark = pytest.mark.xdist_group("statsmodels")
"""These tests run on one worker, so only that one imports statsmodels (and pandas, with it)."""


def _statsmodels_power() -> ModuleType:
    from statsmodels.stats import power

    return power

RNG = np.random.default_rng(20261122)
SCENARIOS = [
    (float(RNG.uniform(0.1, 1.5)), int(RNG.integers(5, 300)), float(RNG.choice([0.01, 0.05, 0.1])),
     int(RNG.choice([1, 2])), float(RNG.choice([1.0, 2.0, 0.5])))
    for _ in range(40)
]


@pytest.mark.parametrize(("d", "n", "alpha", "sides", "ratio"), SCENARIOS)
def test_two_sample_t_power_matches_statsmodels(d, n, alpha, sides, ratio):
    while n * ratio != int(n * ratio):  # statsmodels allows a fractional second group; we do not
        n += 1
    n_control = n * ratio
    expected = _statsmodels_power().TTestIndPower().power(
        effect_size=d, nobs1=n, alpha=alpha, ratio=ratio,
        alternative="two-sided" if sides == 2 else "larger",
    )
    ours = two_means(delta=d, sd=1, n_per_arm=(n, int(n_control)), alpha=alpha, sides=sides)
    _agree(ours.power, expected)


def _agree(ours: float, expected: float) -> None:
    """Equal to 1e-9; where statsmodels returns NaN (scipy's far tail), ours must be ~1."""
    if math.isnan(expected):
        assert ours == pytest.approx(1.0, abs=1e-6)
    else:
        assert ours == pytest.approx(expected, abs=1e-9)


@pytest.mark.parametrize(("d", "n", "alpha", "sides", "_"), SCENARIOS[:20])
def test_one_sample_t_power_matches_statsmodels(d, n, alpha, sides, _):
    expected = _statsmodels_power().TTestPower().power(
        effect_size=d, nobs=n, alpha=alpha, alternative="two-sided" if sides == 2 else "larger"
    )
    _agree(one_mean(delta=d, sd=1, n=n, alpha=alpha, sides=sides).power, expected)


@pytest.mark.parametrize(("d", "_n", "alpha", "sides", "_r"), SCENARIOS[:20])
def test_two_sample_t_sample_size_matches_statsmodels(d, _n, alpha, sides, _r):
    expected = _statsmodels_power().TTestIndPower().solve_power(
        effect_size=d, alpha=alpha, power=0.8, alternative="two-sided" if sides == 2 else "larger"
    )
    ours = two_means(delta=d, sd=1, power=0.8, alpha=alpha, sides=sides)
    assert ours.solution == pytest.approx(expected, rel=1e-5)
    assert ours.n_per_arm[0] == math.ceil(expected - 1e-6)


@pytest.mark.parametrize("p2", [0.1, 0.3, 0.5])
@pytest.mark.parametrize("diff", [0.05, 0.15, 0.3])
def test_arcsine_power_matches_statsmodels_cohen_h(p2, diff):
    from statsmodels.stats.proportion import proportion_effectsize

    h = proportion_effectsize(p2 + diff, p2)
    expected = _statsmodels_power().NormalIndPower().power(effect_size=h, nobs1=60, alpha=0.05)
    ours = two_proportions(p1=p2 + diff, p2=p2, n_per_arm=60, method="arcsine")
    assert ours.power == pytest.approx(expected, abs=1e-9)
