"""The engine at the edges of its domain: refusals in words, conventions, tiny alpha, huge n."""

from __future__ import annotations

import math
import time
import warnings
from typing import Any

import pytest

from trialkit import power as P
from trialkit.errors import InvalidParameter, NoSolution, TrialkitError
from trialkit.power.means import critical_t, critical_z

BASE: dict[str, dict[str, Any]] = {
    "two_means": {"delta": 0.5, "sd": 1, "power": 0.8},
    "one_mean": {"delta": 0.5, "sd": 1, "power": 0.8},
    "ratio_of_means": {"mean_ratio": 1.2, "cv": 0.3, "power": 0.8},
    "two_proportions": {"p1": 0.3, "p2": 0.2, "power": 0.8},
    "one_proportion": {"p0": 0.2, "p1": 0.4, "power": 0.8},
    "logrank": {"hazard_ratio": 0.7, "power": 0.8},
    "equivalence_means": {"margin": 0.5, "sd": 1, "power": 0.8},
    "crossover": {"delta": 0.5, "sd": 1, "power": 0.8},
    "simon_two_stage": {"p0": 0.2, "p1": 0.4},
    "group_sequential": {"k": 3},
}
SIZE = {"two_means": "n_per_arm", "one_mean": "n", "ratio_of_means": "n_per_arm",
        "two_proportions": "n_per_arm", "one_proportion": "n", "logrank": "events",
        "equivalence_means": "n_per_arm", "crossover": "n_per_sequence"}
BAD = [math.inf, -math.inf, math.nan, -1, 0, 1e12, 1e300, 0.5, "x", True]


@pytest.mark.parametrize("procedure", sorted(BASE))
def test_every_bad_input_is_a_trialkit_error_and_never_nan(procedure):
    function = getattr(P, procedure)
    keys = [*BASE[procedure], "alpha", "sides", "ratio", "dropout"]
    if procedure in SIZE:
        keys.append(SIZE[procedure])
    for key in keys:
        for value in BAD:
            call = {**BASE[procedure], key: value}
            if key == SIZE.get(procedure):
                call.pop("power", None)
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore", DeprecationWarning)
                    result = function(**call)
            except TrialkitError:
                continue
            except TypeError as exc:  # a keyword this procedure does not take
                assert "unexpected keyword" in str(exc), (key, value, exc)
                continue
            assert math.isfinite(result.power), (procedure, key, value)


def test_sizes_beyond_the_documented_maximum_are_refused_in_one_error():
    with pytest.raises(InvalidParameter, match="10,000,000"):
        P.one_proportion(p0=0.2, p1=0.4, n=1e12)
    with pytest.raises(InvalidParameter, match="n_per_arm"):
        P.two_means(delta=0.5, sd=1, n_per_arm=math.inf)
    started = time.perf_counter()
    with pytest.raises(InvalidParameter, match="1,000,000 per arm"):
        P.ancova_log_power(control_mean=1, cv=0.5, ratio=1.2, baseline_correlation=0.5,
                           n_per_arm=1e9)
    assert time.perf_counter() - started < 1.0


def test_an_unequal_pair_is_accepted_whatever_the_ratio_says():
    # Issue 10: (2, 4) with ratio=0.5 was refused ("must be >= 3") though the pair alone is fine.
    with_ratio = P.two_means(delta=7.33, sd=4.96, n_per_arm=(2, 4), ratio=0.5).power
    assert with_ratio == P.two_means(delta=7.33, sd=4.96, n_per_arm=(2, 4)).power
    with pytest.raises(InvalidParameter, match="in total"):
        P.two_means(delta=1, sd=1, n_per_arm=(2, 2), baseline_correlation=0.5)


@pytest.mark.parametrize("alpha", [0.5, 0.6])
def test_two_one_sided_tests_need_alpha_below_one_half(alpha):
    with pytest.raises(InvalidParameter, match=r"between 0 and 0\.5"):
        P.equivalence_means(margin=0.5, sd=1, power=0.8, alpha=alpha)
    with pytest.raises(InvalidParameter, match=r"between 0 and 0\.5"):
        P.crossover(delta=0.1, margin=0.5, sd=1, power=0.8, alpha=alpha, test="equivalence")


def test_critical_values_come_from_alpha_itself():
    # 1 - 1e-20 rounds to 1, so a critical value from it would be infinite.
    assert critical_z(1e-20, 1) == pytest.approx(9.262340089798408, rel=1e-12)
    assert math.isfinite(critical_t(30.0, 1e-20, 2))
    tiny = P.two_means(delta=1, sd=1, power=0.8, alpha=1e-20).n_per_arm[0]
    smaller = P.two_means(delta=1, sd=1, power=0.8, alpha=1e-22).n_per_arm[0]
    assert 200 < tiny < smaller < 300
    assert P.logrank(hazard_ratio=0.7, power=0.8, alpha=1e-20).events < 5000
    assert P.two_proportions(p1=0.3, p2=0.2, power=0.8, alpha=1e-20).n_per_arm[0] < 5000


def test_group_sequential_inflation_matches_rpact_under_either_convention():
    # rpact 3.3.4 getDesignGroupSequential(kMax = 3, alpha = 0.1, beta = 0.5, sided = 2,
    # typeOfDesign = "asP") -> inflation factor 1.218773 with twoSidedPower = TRUE and
    # 1.221773 with twoSidedPower = FALSE.
    both = P.group_sequential(k=3, sides=2, alpha=0.1, power=0.5, spending="pocock")
    one = P.group_sequential(k=3, sides=2, alpha=0.1, power=0.5, spending="pocock",
                             power_convention="directional")
    assert both.inflation_factor == pytest.approx(1.218773, abs=2e-6)
    assert one.inflation_factor == pytest.approx(1.221773, abs=2e-6)
    assert "either direction" in both.justification or "both rejection" in both.justification
    assert "direction of the effect" in one.justification


def test_a_fixed_design_must_count_power_as_the_sequential_one_does():
    design = P.group_sequential(k=2, sides=2, alpha=0.05, power=0.8,
                                power_convention="directional")
    fixed = P.two_means(delta=0.5, sd=1, power=0.8)
    with pytest.raises(InvalidParameter, match="power_convention"):
        design.apply_to(fixed)
    same = P.two_means(delta=0.5, sd=1, power=0.8, power_convention="directional")
    assert design.apply_to(same).n_total >= same.n_total


@pytest.mark.parametrize("procedure", ["two_means", "one_mean", "two_proportions", "logrank",
                                       "crossover", "one_proportion"])
def test_directional_power_is_the_two_tailed_power_less_the_far_tail(procedure):
    size = {"one_proportion": 30, "logrank": 40}.get(procedure, 8)
    call = {**BASE[procedure], SIZE[procedure]: size, "sides": 2}
    call.pop("power")
    both = getattr(P, procedure)(**call)
    one = getattr(P, procedure)(**call, power_convention="directional")
    assert 0.0 < both.power - one.power < 0.05
    assert "direction of the effect" in one.justification
    with pytest.raises(InvalidParameter, match="power_convention"):
        getattr(P, procedure)(**call, power_convention="upper")


def test_no_solution_speaks_of_the_users_parameters():
    with pytest.raises(NoSolution) as info:
        P.logrank(events=1, power=0.9999999999, alpha=1e-300)
    text = str(info.value)
    assert "hazard_ratio" in text and "events" in text
    assert "drift" not in text and "the effect would" not in text
    with pytest.raises(NoSolution, match="p1"):
        P.two_proportions(p2=0.5, n_per_arm=2, power=0.99)


def test_an_extreme_allocation_ratio_is_refused_not_sized_with_a_300_digit_arm():
    # Issue 11: ratio = 1e300 returned a treatment arm of 3.2e301 participants.
    with pytest.raises(NoSolution, match="treatment arm would need more than 10,000,000"):
        P.two_means(delta=0.5, sd=1.0, power=0.8, ratio=1e300)
    with pytest.raises(NoSolution, match="scenario 2: with ratio = 1e\\+300"):
        P.sample_size_grid("two_means", delta=0.5, sd=1.0, power=0.8, ratio=[1.0, 1e300])


def test_a_z_test_cut_beyond_100_percent_rejects_with_probability_zero():
    # p0 = 0.75, n = 3, one-sided alpha = 0.125: the cut is 0.75 + 1.1503 * 0.25 = 1.038, which no
    # observed proportion reaches. The normal curve's tail beyond 100% made the power fall from
    # 0.2037 (p1 = 0.99) to 0.1565 (p1 = 0.9945); the test's true rejection chance is 0 for both.
    for p1 in (0.9, 0.99, 0.9945):
        assert P.one_proportion(p0=0.75, p1=p1, n=3, alpha=0.125, exact=False).power == 0.0
    # Where the cut is inside (0, 1) nothing changes: n = 30, p0 = 0.2, p1 = 0.4, two-sided 5%.
    z = 1.959963984540054
    se0, se1 = math.sqrt(0.2 * 0.8 / 30), math.sqrt(0.4 * 0.6 / 30)
    from scipy.stats import norm
    expected = norm.cdf((0.4 - 0.2 - z * se0) / se1) + norm.cdf((0.2 - z * se0 - 0.4) / se1)
    got = P.one_proportion(p0=0.2, p1=0.4, n=30, sides=2, exact=False).power
    assert got == pytest.approx(expected, rel=1e-12)
