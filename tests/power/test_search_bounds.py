"""Every search ends: an answer or a NoSolution in words, within its time bound (issue 10)."""

from __future__ import annotations

import time

import pytest

from trialkit.errors import NoSolution
from trialkit.power import one_proportion, phase2, simon_two_stage


def _timed(call):
    started = time.perf_counter()
    try:
        outcome = call()
    except NoSolution as exc:
        outcome = exc
    return outcome, time.perf_counter() - started


def test_extreme_single_arm_inputs_answer_at_once():
    # Issue 10: this ran for minutes (1 - alpha rounded to 1 and the search walked 2e6 sizes).
    result, seconds = _timed(lambda: one_proportion(p0=1e-4, p1=0.704, alpha=1e-20,
                                                    power=0.99999))
    assert seconds < 2.0 and result.n == 24 and result.size <= 1e-20
    refused, seconds = _timed(lambda: one_proportion(p0=0.2, p1=0.2001, power=0.8))
    assert seconds < 2.0 and isinstance(refused, NoSolution)
    assert "exact=False" in str(refused) and "p1 = 0.2001" in str(refused)


def test_a_simon_search_past_its_time_bound_says_so(monkeypatch):
    monkeypatch.setattr(phase2, "SEARCH_SECONDS", 0.0)
    refused, seconds = _timed(lambda: simon_two_stage(p0=0.3, p1=0.45, power=0.9))
    assert isinstance(refused, NoSolution) and "did not finish" in str(refused)
    assert seconds < 2.0


def test_a_design_at_the_searched_bound_is_flagged_in_words():
    near = simon_two_stage(p0=0.2, p1=0.4, n_max=45)
    assert near.bound_reached
    assert "may exist beyond it" in near.justification
    free = simon_two_stage(p0=0.2, p1=0.4)
    assert not free.bound_reached and "beyond it" not in free.justification


@pytest.mark.parametrize("kwargs", [
    {"p0": 0.2, "p1": 0.4, "power": 0.8},
    {"p0": 0.05, "p1": 0.25, "power": 0.8, "criterion": "minimax"},
])
def test_ordinary_simon_designs_take_well_under_a_second(kwargs):
    result, seconds = _timed(lambda: simon_two_stage(**kwargs))
    assert seconds < 1.0 and result.n_total > 0
