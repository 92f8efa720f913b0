"""Bad input raises InvalidParameter naming the parameter, the value and the valid range."""

from __future__ import annotations

import math

import pytest

from trialkit import InvalidParameter, NoSolution
from trialkit.power import (
    logrank,
    one_mean,
    one_proportion,
    ratio_of_means,
    two_means,
    two_proportions,
)

BAD_CALLS = [
    (lambda: two_means(delta=0.5, sd=1, power=0.8, alpha=0), "alpha", "between 0 and 1"),
    (lambda: two_means(delta=0.5, sd=1, power=0.8, alpha=1.5), "alpha", "between 0 and 1"),
    (lambda: two_means(delta=0.5, sd=1, power=0.04), "power", "above the significance level"),
    (lambda: two_means(delta=0.5, sd=1, power=1.0), "power", "between 0.05 and 1"),
    (lambda: two_means(delta=0.5, sd=0, power=0.8), "sd", "greater than 0"),
    (lambda: two_means(delta=0.5, sd=-2, power=0.8), "sd", "greater than 0"),
    (lambda: two_means(delta=0.5, sd=1, power=0.8, sides=3), "sides", "1 or 2"),
    (lambda: two_means(delta=0.5, sd=1, power=0.8, dropout=1.0), "dropout", "up to (not including) 1"),
    (lambda: two_means(delta=0.5, sd=1, power=0.8, dropout=-0.1), "dropout", "up to (not including) 1"),
    (lambda: two_means(delta=0.5, sd=1, power=0.8, ratio=0), "ratio", "greater than 0"),
    (lambda: two_means(delta=0, sd=1, power=0.8), "delta", "non-zero"),
    (lambda: two_means(delta=-0.5, sd=1, power=0.8, sides=1), "delta", "one-sided"),
    (lambda: two_means(delta=-0.5, sd=1, power=0.8, margin=0.2), "delta", "minus the margin"),
    (lambda: two_means(delta=0.5, sd=1, power=0.8, margin=-1), "margin", "greater than 0"),
    (lambda: two_means(delta=0.5, sd=1, power=0.8, baseline_correlation=1),
     "baseline_correlation", "between -1 and 1"),
    (lambda: two_means(delta=0.5, sd=1, power=0.8, n_per_arm=20), "unknowns", "exactly one"),
    (lambda: two_means(sd=1, power=0.8), "unknowns", "exactly one"),
    (lambda: two_means(delta=0.5, sd=1, n_per_arm=1), "n_per_arm", "from 2"),
    (lambda: two_means(delta=0.5, sd=1, n_per_arm=20.5), "n_per_arm", "whole number"),
    (lambda: two_means(delta=0.5, sd=1, n_per_arm=20, ratio=2), "n_per_arm", "pair"),
    (lambda: two_means(delta=math.nan, sd=1, power=0.8), "delta", "finite"),
    (lambda: two_means(delta="big", sd=1, power=0.8), "delta", "number"),
    (lambda: one_mean(delta=0.5, sd=1, power=0.8, n=10), "unknowns", "exactly one"),
    (lambda: ratio_of_means(mean_ratio=1, cv=0.5, power=0.8), "mean_ratio", "differ from 1"),
    (lambda: ratio_of_means(mean_ratio=0.8, cv=0.5, power=0.8, sides=1), "mean_ratio", "above 1"),
    (lambda: ratio_of_means(mean_ratio=1.2, cv=0, power=0.8), "cv", "greater than 0"),
    (lambda: two_proportions(p1=0.5, p2=0.5, power=0.8), "p1", "differ"),
    (lambda: two_proportions(p1=1.2, p2=0.5, power=0.8), "p1", "between 0 and 1"),
    (lambda: two_proportions(p1=0.3, p2=0.0, power=0.8), "p2", "between 0 and 1"),
    (lambda: two_proportions(p1=0.3, p2=0.5, power=0.8, sides=1), "p1", "one-sided"),
    (lambda: two_proportions(p1=0.3, p2=0.5, power=0.8, method="exact"), "method", "pooled"),
    (lambda: two_proportions(p1=0.3, p2=0.5, power=0.8, method="arcsine", continuity=True),
     "continuity", "pooled"),
    (lambda: one_proportion(p0=0.2, p1=0.2, power=0.8), "p1", "differ"),
    (lambda: one_proportion(p0=0, p1=0.2, power=0.8), "p0", "between 0 and 1"),
    (lambda: logrank(hazard_ratio=0, power=0.8), "hazard_ratio", "greater than 0"),
    (lambda: logrank(hazard_ratio=1, power=0.8), "hazard_ratio", "differ from 1"),
    (lambda: logrank(hazard_ratio=1.3, power=0.8, sides=1), "hazard_ratio", "below 1"),
    (lambda: logrank(hazard_ratio=0.7, power=0.8, median_control=10), "accrual_time", "together"),
    (lambda: logrank(hazard_ratio=0.7, power=0.8, dropout=0.1, dropout_time=12), "dropout_time",
     "median_control"),
    (lambda: logrank(hazard_ratio=0.7, power=0.8, method="cox"), "method", "schoenfeld"),
]


@pytest.mark.parametrize(("call", "name", "range_text"), BAD_CALLS)
def test_invalid_input_names_parameter_value_and_range(call, name, range_text):
    with pytest.raises(InvalidParameter) as info:
        call()
    assert info.value.name == name
    shown = "power" if name == "unknowns" else name  # the unknowns are named one by one
    assert shown in str(info.value) and range_text in str(info.value)
    assert isinstance(info.value, ValueError)


def test_unreachable_target_is_no_solution_not_a_bracket_value():
    # A one-sided exact binomial test cannot reach 80% power for a tiny effect within bounds
    # of the search; the t-test with an effect of 1e-7 SD would need more than 1e7 per arm.
    with pytest.raises(NoSolution, match="more than 10,000,000 participants per arm"):
        two_means(delta=1e-7, sd=1, power=0.9)


def test_detectable_effect_beyond_the_search_limit_is_no_solution():
    with pytest.raises(NoSolution):
        two_proportions(p2=0.5, n_per_arm=2, power=0.99)


def test_power_is_never_nan_in_extreme_tails():
    # scipy's noncentral t returns NaN far in its tails; the engine must not pass it on.
    result = two_means(delta=1.0, sd=0.3, n_per_arm=15, alpha=0.01)
    assert result.power == pytest.approx(1.0)
    assert not math.isnan(two_means(sd=1, n_per_arm=851, power=0.5000445, alpha=0.01).solution)


def test_logrank_event_probability_is_accurate_for_tiny_hazards():
    """With a median of 1e14 the probability is ~ hazard x (follow-up + accrual / 2), not < 0.

    A fresh-clone test drive found negative sample sizes here (cancellation in 1 - tail).
    """
    from trialkit.power.survival import event_probability

    hazard = math.log(2) / 1e14
    assert event_probability(hazard, 0.0, 24.0, 12.0) == pytest.approx(hazard * 24.0, rel=1e-9)
    # Median 20, accrual 24, follow-up 12 (the SAS benchmark, REFERENCE O34): 87.4793 events
    # over 197.1152 patients is an event probability of 0.4438.
    assert event_probability(math.log(2) / 20 * 0.75, 0.0, 24.0, 12.0) > 0
    with pytest.raises(NoSolution, match="lengthen follow_up_time"):
        logrank(hazard_ratio=0.7, power=0.8, median_control=1e6, accrual_time=24,
                follow_up_time=12)
