"""The agreed vocabulary of issue 10 and its deprecated aliases (kept one release, warned)."""

from __future__ import annotations

import math
import warnings

import pytest

from trialkit.errors import InvalidParameter
from trialkit.power import (
    ancova_log_power,
    crossover,
    equivalence_means,
    logrank,
    one_mean,
    power_curve,
    ratio_of_means,
    two_means,
)

TIMING = {"hazard_ratio": 0.7, "power": 0.8, "median_control": 12, "accrual_time": 24,
          "follow_up_time": 12}


def _quiet(call):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return call()


def test_ratio_of_means_takes_mean_ratio_and_ratio_as_the_allocation():
    new = _quiet(lambda: ratio_of_means(mean_ratio=1.25, cv=0.5, power=0.8, ratio=2))
    assert new.n_per_arm == (108, 54)
    assert new.inputs["mean_ratio"] == 1.25 and new.inputs["ratio"] == 2
    with pytest.warns(DeprecationWarning, match="allocation"):
        old = ratio_of_means(ratio=1.25, cv=0.5, power=0.8, allocation=2)
    assert old.n_per_arm == new.n_per_arm
    with pytest.warns(DeprecationWarning, match="mean_ratio"):
        lone = ratio_of_means(ratio=1.25, cv=0.5, power=0.8)
    assert lone.n_per_arm == ratio_of_means(mean_ratio=1.25, cv=0.5, power=0.8).n_per_arm


def test_a_ratio_beside_power_and_sizes_is_the_allocation_and_the_effect_is_solved():
    res = _quiet(lambda: ratio_of_means(cv=0.5, n_per_arm=(40, 20), power=0.8, ratio=2))
    assert res.solved_for == "effect" and res.inputs["mean_ratio"] > 1


def test_an_ambiguous_call_is_refused_with_the_name_to_use():
    with pytest.raises(InvalidParameter, match="give the allocation as ratio and the effect as mean_ratio"):
        ratio_of_means(mean_ratio=1.25, cv=0.5, power=0.8, allocation=2)


def test_power_curve_and_ancova_follow_the_same_names():
    new = _quiet(lambda: power_curve("ratio_of_means", vary="n_per_arm", values=[10, 20],
                                     mean_ratio=1.3, cv=0.5))
    with pytest.warns(DeprecationWarning):
        old = power_curve("ratio_of_means", vary="n_per_arm", values=[10, 20], ratio=1.3, cv=0.5)
    assert new.power == old.power
    kw = {"control_mean": 0.4, "cv": 0.8, "baseline_correlation": 0.7, "n_per_arm": 20,
          "n_sims": 500}
    fresh = _quiet(lambda: ancova_log_power(mean_ratio=1.3, **kw))
    with pytest.warns(DeprecationWarning, match="mean_ratio"):
        legacy = ancova_log_power(ratio=1.3, **kw)
    assert fresh.power == legacy.power
    assert fresh.inputs["mean_ratio"] == 1.3 and fresh.inputs["ratio"] == 1.0


def test_logrank_dropout_is_a_probability_by_a_stated_time():
    # Issue 10: 5% lost per year (12 months) needs 386 patients; read as an exponential
    # hazard of 0.05 per month it needed 570.
    res = _quiet(lambda: logrank(**TIMING, dropout=0.05, dropout_time=12, time_unit="months"))
    assert res.n_total == 386
    assert res.dropout == 0.0  # the loss is in the event probability, not inflated again
    assert "5% of participants lost to follow-up by 12 months" in res.justification
    assert "median of 12 months" in res.justification
    with pytest.warns(DeprecationWarning, match="dropout_rate"):
        hazard = logrank(**TIMING, dropout_rate=-math.log(0.95) / 12)
    assert hazard.n_total == 386
    with pytest.warns(DeprecationWarning):
        assert logrank(**TIMING, dropout_rate=0.05).n_total == 570


def test_logrank_dropout_needs_its_time_and_is_not_doubled():
    with pytest.raises(InvalidParameter, match="dropout_time"):
        logrank(**TIMING, dropout=0.1)
    with pytest.raises(InvalidParameter, match="dropout_rate"):
        logrank(**TIMING, dropout=0.1, dropout_time=12, dropout_rate=0.01)
    with pytest.raises(InvalidParameter, match="dropout_time"):
        logrank(hazard_ratio=0.7, power=0.8, dropout=0.1, dropout_time=12)
    events_only = logrank(hazard_ratio=0.7, power=0.8, dropout=0.1)
    assert events_only.dropout == 0.1


@pytest.mark.parametrize("call", [
    lambda s: two_means(delta=5, sd=12, power=0.8, sd_source=s),
    lambda s: one_mean(delta=5, sd=12, power=0.8, sd_source=s),
    lambda s: equivalence_means(margin=5, sd=12, power=0.8, sd_source=s),
    lambda s: crossover(delta=5, sd=12, power=0.8, sd_source=s),
    lambda s: ratio_of_means(mean_ratio=1.3, cv=0.5, power=0.8, cv_source=s),
])
def test_the_justification_names_where_the_sd_came_from(call):
    source = "Smith et al. (2020) Lancet 395:1-10, derived from the 95% CI"
    assert f"(from: {source})" in call(source).justification
    assert "(from:" not in call(None).justification
    with pytest.raises(InvalidParameter, match="one line of text"):
        call("two\nlines")
