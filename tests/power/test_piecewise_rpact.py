"""Piecewise-exponential survival: the calendar time of each interim look against rpact 3.3.4
(Wassmer & Pahlke), run for this test:

    getEventProbabilities(time = c(14.384579820146731, 20.329154643797, 30),
      piecewiseSurvivalTime = c(0, 6, 9), lambda2 = c(0.025, 0.04, 0.015), hazardRatio = 0.8,
      accrualTime = c(0, 12), maxNumberOfSubjects = 1762)$overallEventProbabilities * 1762
    # 315.4999504 473.2500428 630.8114300

The times are trialkit's for 50% and 75% of the events and the end of the study; rpact's
expected events at them are half and three quarters of the 631 events."""

from __future__ import annotations

import pytest

from trialkit.power import logrank

RPACT_EVENTS = (315.4999504, 473.2500428, 630.8114300)


def test_interim_times_give_rpacts_expected_events():
    result = logrank(hazard_ratio=0.8, power=0.8, alpha=0.025, sides=1, hazard_breaks=[0, 6, 9],
                     control_hazards=[0.025, 0.04, 0.015], accrual_time=12, follow_up_time=18,
                     interim_fractions=[0.5, 0.75])
    assert result.n_total == 1762 and result.extras["events"] == 631
    interims = result.extras["interims"]
    assert [i["time"] for i in interims] == pytest.approx([14.384579820146731, 20.329154643797],
                                                          abs=1e-6)
    for interim, expected in zip(interims, RPACT_EVENTS, strict=False):
        assert interim["events"] == pytest.approx(expected, abs=1e-3)
    # At the end of the study (30 months) rpact expects 630.81 events of 1762 participants:
    # more than the 630.52 required, because the participants were rounded up to 881 per arm.
    share = result.extras["event_probability"]
    assert share * 1762 == pytest.approx(RPACT_EVENTS[2], abs=1e-3)
