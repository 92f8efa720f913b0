"""Power curves agree with single calls; results are frozen, JSON-ready and readable."""

from __future__ import annotations

import dataclasses
import json

import pytest

from trialkit import InvalidParameter
from trialkit.power import (
    logrank,
    one_proportion,
    power_curve,
    ratio_of_means,
    two_means,
    two_proportions,
)


def test_curve_over_n_matches_single_calls():
    curve = power_curve("two_means", vary="n_per_arm", values=[10, 20, 64], delta=0.5, sd=1)
    for n, p in curve.rows():
        assert p == pytest.approx(two_means(delta=0.5, sd=1, n_per_arm=int(n)).power, abs=1e-12)


def test_curve_over_effect_and_over_sd_match_single_calls():
    by_delta = power_curve("two_means", vary="delta", values=[0.2, 0.5], sd=1, n_per_arm=30)
    assert by_delta.power[1] == pytest.approx(two_means(delta=0.5, sd=1, n_per_arm=30).power)
    by_sd = power_curve("two_proportions", vary="p2", values=[0.3, 0.4], p1=0.6, n_per_arm=50)
    assert by_sd.power[0] == pytest.approx(two_proportions(p1=0.6, p2=0.3, n_per_arm=50).power)


def test_curve_with_allocation_ratio_uses_control_arm_n():
    curve = power_curve("ratio_of_means", vary="n_per_arm", values=[20], mean_ratio=1.3, cv=0.6,
                        ratio=2)
    single = ratio_of_means(mean_ratio=1.3, cv=0.6, n_per_arm=(40, 20), ratio=2)
    assert curve.power[0] == pytest.approx(single.power)


def test_exact_binomial_curve_shows_the_sawtooth():
    # statsmodels issue #2731 (Julious & Campbell 2012): power .805 at 35, .778 at 37.
    curve = power_curve("one_proportion", vary="n", values=[35, 36, 37, 38], p0=0.2, p1=0.4)
    powers = dict(curve.rows())
    assert powers[37] < 0.8 < powers[35]
    assert powers[35] == pytest.approx(one_proportion(p0=0.2, p1=0.4, n=35).power)


def test_logrank_curve_over_events():
    curve = power_curve("logrank", vary="events", values=[247], hazard_ratio=0.7)
    assert curve.power[0] == pytest.approx(logrank(hazard_ratio=0.7, events=247).power)


def test_curve_rejects_bad_requests():
    with pytest.raises(InvalidParameter, match="procedure"):
        power_curve("anova", vary="n", values=[1])
    with pytest.raises(InvalidParameter, match="values"):
        power_curve("two_means", vary="n_per_arm", values=[], delta=1, sd=1)
    with pytest.raises(InvalidParameter, match="sd"):
        power_curve("two_means", vary="n_per_arm", values=[10], delta=1, sd=-1)
    with pytest.raises(InvalidParameter, match="whole"):
        power_curve("two_means", vary="n_per_arm", values=[10.5], delta=1, sd=1)


def test_result_is_frozen_and_json_ready():
    result = two_means(delta=0.5, sd=1, power=0.8, dropout=0.2, ratio=2)
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.power = 0.5  # type: ignore[misc]
    with pytest.raises(TypeError):
        result.inputs["sd"] = 2  # type: ignore[index]
    data = json.loads(json.dumps(result.to_dict()))
    assert data["n_per_arm"] == list(result.n_per_arm)
    assert data["n_total_enrolled"] == result.n_total_enrolled
    assert data["method"]["reference"].startswith("Chow")
    assert "two_means" in repr(result) and "solved for n" in repr(result)


def test_allocation_and_dropout_arithmetic():
    result = two_means(delta=0.5, sd=1, power=0.8, ratio=2, dropout=0.15)
    n_t, n_c = result.n_per_arm
    assert n_t == 2 * n_c
    assert result.n_per_arm_enrolled == (-(-n_t * 100 // 85), -(-n_c * 100 // 85))


@pytest.mark.parametrize(
    ("result", "phrases"),
    [
        (two_means(delta=0.5, sd=1, power=0.8, dropout=0.1),
         ["two-sample t-test", "two-sided significance level of 0.05", "80% power",
          "difference in means of 0.5", "standard deviation of 1", "1:1 allocation",
          "64 participants per arm (128 in total)", "10% dropout", "72 participants per arm"]),
        (two_means(delta=0.0, sd=0.1, margin=0.05, power=0.8, sides=2),
         ["non-inferiority", "one-sided significance level of 0.025", "margin 0.05"]),
        (two_means(delta=0.5, sd=1, power=0.9, baseline_correlation=0.6),
         ["ANCOVA", "correlation of 0.6", "residual standard deviation 0.8"]),
        (ratio_of_means(mean_ratio=1.25, cv=0.5, power=0.8, ratio=2),
         ["log-transformed", "ratio of geometric means", "coefficient of variation of 0.5",
          "2:1 (treatment:control)"]),
        (two_proportions(p1=0.65, p2=0.3, power=0.8, continuity=True),
         ["65%", "30%", "continuity correction"]),
        (one_proportion(p0=0.2, p1=0.4, power=0.8),
         ["exact binomial", "35 participants", "at least 12 responses", "38 or more"]),
        (logrank(hazard_ratio=0.7, power=0.8, median_control=12, accrual_time=24,
                 follow_up_time=12, dropout=0.1, dropout_time=12, time_unit="months"),
         ["Schoenfeld", "247 events", "median of 12 months", "uniform accrual over 24 months",
          "10% of participants lost to follow-up by 12 months"]),
    ],
)
def test_justification_states_every_element(result, phrases):
    text = result.justification
    for phrase in phrases:
        assert phrase in text, (phrase, text)
    assert text.rstrip().endswith(").")


def test_with_sentences_appends_a_cited_source():
    result = two_means(delta=0.5, sd=1, power=0.8).with_sentences(
        "The effect is taken from Larsen et al. (2007), N Engl J Med."
    )
    assert result.justification.endswith("N Engl J Med.")
    assert result.n_per_arm == (64, 64)


def test_every_public_name_loads_and_unknown_names_fail():
    import trialkit.power as engine

    assert sorted(engine.__all__) == sorted(engine._MODULE_OF)
    for name in engine.__all__:
        assert getattr(engine, name) is not None
    with pytest.raises(AttributeError):
        engine.no_such_procedure  # noqa: B018
