"""Piecewise-exponential control hazards for the log-rank test: the exponential closed form,
an independent double integral, a simulation of the trial in calendar time, interim looks,
properties and bad input."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import integrate

from trialkit.errors import InvalidParameter
from trialkit.power import logrank
from trialkit.power.piecewise import piecewise_hazards
from trialkit.power.survival import event_probability


def test_one_piece_is_the_exponential_closed_form_on_random_designs():
    # Lachin & Foulkes (1986) Biometrics 42:507-519 event probability, already checked
    # against rpact in the log-rank tests: one interval must reproduce it.
    rng = np.random.default_rng(1986)
    for _ in range(200):
        lam, eta = rng.uniform(0.005, 0.3), rng.choice([0.0, rng.uniform(0.001, 0.05)])
        accrual, follow_up = rng.choice([0.0, rng.uniform(1, 36)]), rng.uniform(0.5, 36)
        got = piecewise_hazards([0], [lam]).share_with_event(accrual + follow_up, accrual, eta)
        assert got == pytest.approx(event_probability(lam, eta, accrual, follow_up), rel=1e-9)


def test_one_piece_gives_the_exponential_designs_numbers():
    common = {"hazard_ratio": 0.7, "power": 0.8, "accrual_time": 24, "follow_up_time": 12,
              "dropout": 0.1, "dropout_time": 12, "time_unit": "months"}
    by_median = logrank(median_control=12, **common)
    by_hazard = logrank(hazard_breaks=[0], control_hazards=[math.log(2) / 12], **common)
    assert by_hazard.n_per_arm == by_median.n_per_arm
    assert by_hazard.event_probability == pytest.approx(by_median.event_probability, rel=1e-10)


def _survival(t, breaks, hazards):
    """exp(-cumulative hazard), written from the definition with numpy's interpolation."""
    knots = np.append(breaks, breaks[-1] + 1e6)
    cum = np.concatenate([[0.0], np.cumsum(np.diff(knots) * hazards)])
    return np.exp(-np.interp(t, knots, cum))


def _hazard(t, breaks, hazards):
    return hazards[np.searchsorted(breaks, t, side="right") - 1]


def _share_by_double_integral(breaks, hazards, eta, accrual, time):
    """(1/A) int_0^min(T,A) int_0^(T-u) f(t) dt du with f(t) = h(t) S(t) exp(-eta t); by
    Fubini the single integral (1/A) int_0^T f(t) (T - max(t, T - min(T, A))) dt, by quad."""
    b, h = np.asarray(breaks, float), np.asarray(hazards, float)
    low = time - min(time, accrual)

    def f(t):
        return _hazard(t, b, h) * _survival(t, b, h) * math.exp(-eta * t) * (time - max(t, low))

    points = [x for x in (*breaks[1:], low) if 0 < x < time]
    value, _ = integrate.quad(f, 0.0, time, points=points or None, limit=500,
                              epsabs=1e-12, epsrel=1e-10)
    return value / accrual


@pytest.mark.parametrize(("breaks", "hazards", "eta", "accrual", "time"), [
    ([0, 6, 12], [0.08, 0.05, 0.03], 0.0, 24.0, 36.0),
    ([0, 6, 9], [0.025, 0.04, 0.015], 0.01, 12.0, 30.0),  # rpact's getPiecewiseSurvivalTime example
    ([0, 3, 10, 20], [0.2, 0.0, 0.1, 0.05], 0.02, 18.0, 14.0),  # analysis before accrual ends
])
def test_share_with_event_is_the_double_integral(breaks, hazards, eta, accrual, time):
    control = piecewise_hazards(breaks, hazards)
    assert control.share_with_event(time, accrual, eta) == pytest.approx(
        _share_by_double_integral(breaks, hazards, eta, accrual, time), rel=1e-7)


def _simulated_events(n, breaks, hazards, hr, eta, accrual, times, rng):
    """Participants entering uniformly, event times by inverting the cumulative hazard,
    exponential loss: the number of observed events by each calendar time."""
    b, h = np.asarray(breaks, float), np.asarray(hazards, float) * hr
    knots = np.append(b, b[-1] + 1e7)
    cum = np.concatenate([[0.0], np.cumsum(np.diff(knots) * np.append(h[:-1], h[-1]))])
    target = rng.exponential(size=n)  # cumulative hazard reached at the event
    event = np.interp(target, cum, knots)
    loss = rng.exponential(1 / eta, size=n) if eta else np.full(n, np.inf)
    entry = rng.uniform(0, accrual, size=n)
    seen = event < loss
    return [int(np.sum(seen & (entry + event <= t))) for t in times]


def test_events_and_interim_times_agree_with_a_simulated_trial():
    res = logrank(hazard_ratio=0.7, power=0.8, hazard_breaks=[0, 6, 12],
                  control_hazards=[0.08, 0.05, 0.03], accrual_time=24, follow_up_time=12,
                  dropout=0.1, dropout_time=12, interim_fractions=[0.5, 0.75],
                  time_unit="months")
    rng = np.random.default_rng(2026)
    reps = 400  # 400 simulated trials of the planned size
    times = [row["time"] for row in res.interims] + [res.study_duration]
    expected = [row["events"] for row in res.interims] + [res.n_total * res.event_probability]
    n_t, n_c = res.n_per_arm
    counts = np.array([
        np.add(_simulated_events(n_c, [0, 6, 12], [0.08, 0.05, 0.03], 1.0,
                                 res.dropout_hazard, 24, times, rng),
               _simulated_events(n_t, [0, 6, 12], [0.08, 0.05, 0.03], 0.7,
                                 res.dropout_hazard, 24, times, rng))
        for _ in range(reps)])
    for column, want in zip(counts.T, expected, strict=True):
        se = column.std(ddof=1) / math.sqrt(reps)
        assert abs(column.mean() - want) <= 3 * se, (column.mean(), want, se)
    assert res.interims[0]["events"] == pytest.approx(0.5 * res.events)
    assert "Interim analyses are expected after 124 events (50%)" in res.justification
    assert "0.05 per month from 6 to 12 months" in res.justification


@settings(max_examples=40, deadline=None)
@given(hazards=st.lists(st.floats(0.0, 0.5), min_size=1, max_size=4),
       width=st.floats(0.5, 12), accrual=st.floats(0, 30), eta=st.floats(0, 0.1),
       t1=st.floats(0.1, 60), t2=st.floats(0.1, 60))
def test_property_share_is_a_probability_rising_in_time(hazards, width, accrual, eta, t1, t2):
    hazards = [*hazards[:-1], max(hazards[-1], 0.01)]
    control = piecewise_hazards([i * width for i in range(len(hazards))], hazards)
    lo, hi = sorted((t1, t2))
    a, b = control.share_with_event(lo, accrual, eta), control.share_with_event(hi, accrual, eta)
    assert 0.0 <= a <= b + 1e-12 <= 1.0 + 1e-12


@pytest.mark.parametrize(("kwargs", "name"), [
    ({"hazard_breaks": [1, 6], "control_hazards": [0.1, 0.2]}, "hazard_breaks"),
    ({"hazard_breaks": [0, 6, 3], "control_hazards": [0.1, 0.2, 0.1]}, "hazard_breaks"),
    ({"hazard_breaks": [0, 6], "control_hazards": [0.1]}, "control_hazards"),
    ({"hazard_breaks": [0, 6], "control_hazards": [0.1, -0.2]}, "control_hazards"),
    ({"hazard_breaks": [0, 6], "control_hazards": [0.1, 0.0]}, "control_hazards"),
    ({"hazard_breaks": [0, 6]}, "hazard_breaks"),
    ({"hazard_breaks": [0], "control_hazards": [0.1], "median_control": 12}, "median_control"),
    ({"control_hazards": [0.1], "interim_fractions": [0.5, 1.0]}, "interim_fractions"),
    ({"control_hazards": [0.1], "interim_fractions": [0.6, 0.4]}, "interim_fractions"),
])
def test_bad_input_names_the_parameter_value_and_range(kwargs, name):
    base = {"hazard_ratio": 0.7, "power": 0.8, "accrual_time": 24, "follow_up_time": 12}
    with pytest.raises(InvalidParameter) as info:
        logrank(**{**base, **kwargs})
    assert info.value.name == name
    assert "must" in info.value.valid or "needs" in info.value.valid


def test_interims_need_the_timing():
    with pytest.raises(InvalidParameter) as info:
        logrank(hazard_ratio=0.7, power=0.8, interim_fractions=[0.5])
    assert info.value.name == "interim_fractions"
