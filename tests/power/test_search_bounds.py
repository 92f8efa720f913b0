"""Every search ends: an answer or a NoSolution in words, within its time bound (issue 10)."""

from __future__ import annotations

import time

import numpy as np
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
    assert "the normal approximation" in str(refused) and "p1 = 0.2001" in str(refused)


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


@pytest.mark.parametrize(("kwargs", "design"), [
    # Issue 10: these took 9-171 s, then about 4 s; the optimal design lies at n = 300.
    ({"p0": 0.3735, "p1": 0.4809, "alpha": 0.1, "power": 0.99}, (57, 152, 122, 300)),
    # The minimax design at n = 474, found by a search that runs to n = 500.
    ({"p0": 0.6359, "p1": 0.7045, "alpha": 0.01, "power": 0.8, "criterion": "minimax"},
     (295, 436, 325, 474)),
])
def test_the_slowest_reported_simon_searches_answer_within_two_seconds(kwargs, design):
    """0.5-0.7 s alone on one core. Timed in CPU seconds of this process, so the other test
    worker sharing the machine's two cores does not count against it."""
    started = time.process_time()
    result = simon_two_stage(**kwargs)
    seconds = time.process_time() - started
    assert (result.r1, result.n1, result.r, result.n_total) == design
    assert seconds < 2.0


def _brute_force_best(p0: float, p1: float, alpha: float, power: float, n_max: int):
    """Smallest EN0 per total n by plain enumeration of (n1, r1, r), tails summed with comb."""
    from math import comb

    def pmf(k: int, n: int, p: float) -> float:
        return comb(n, k) * p**k * (1 - p) ** (n - k)

    def reject(n1: int, n2: int, r1: int, r: int, p: float) -> float:
        return sum(pmf(x1, n1, p) * sum(pmf(x2, n2, p) for x2 in range(max(r - x1 + 1, 0),
                                                                         n2 + 1))
                   for x1 in range(r1 + 1, n1 + 1))

    best: dict[int, tuple[float, int, int, int]] = {}
    for n in range(2, n_max + 1):
        for n1 in range(1, n):
            for r1 in range(n1):
                pet0 = sum(pmf(x, n1, p0) for x in range(r1 + 1))
                en0 = n1 + (1 - pet0) * (n - n1)
                for r in range(n - 1, r1 - 1, -1):  # the largest feasible r
                    if reject(n1, n - n1, r1, r, p1) >= power - 1e-12:
                        if reject(n1, n - n1, r1, r, p0) <= alpha + 1e-12 and (
                                n not in best or en0 < best[n][0] - 1e-12):
                            best[n] = (en0, n1, r1, r)
                        break
    return best


@pytest.mark.parametrize(("p0", "p1", "alpha", "power"), [
    (0.1, 0.4, 0.1, 0.8), (0.3, 0.7, 0.05, 0.8), (0.05, 0.35, 0.1, 0.7),
])
def test_the_bounded_simon_search_finds_every_design_plain_enumeration_finds(p0, p1, alpha,
                                                                             power):
    found = phase2._best_by_n(p0, p1, alpha, power, 16)
    expected = _brute_force_best(p0, p1, alpha, power, 16)
    # Designs with a larger EN0 than the minimax design's are dominated by it: not searched.
    minimax_en0 = expected[min(expected)][0]
    expected = {n: d for n, d in expected.items() if d[0] <= minimax_en0 + 1e-12}
    assert sorted(found) == sorted(expected)
    for n, (en0, n1, r1, r) in expected.items():
        got = found[n]
        assert got.en0 == pytest.approx(en0, abs=1e-9)
        assert (got.n1, got.r1, got.r) == (n1, r1, r)


def _random_simon_cases(count: int, seed: int) -> list[tuple[float, float, float, float]]:
    rng = np.random.default_rng(seed)
    cases = []
    while len(cases) < count:
        p0 = float(rng.uniform(0.05, 0.6))
        p1 = float(min(p0 + rng.uniform(0.2, 0.4), 0.95))
        cases.append((round(p0, 3), round(p1, 3), float(rng.choice([0.05, 0.1, 0.2])),
                      float(rng.choice([0.7, 0.8]))))
    return cases


@pytest.mark.parametrize(("p0", "p1", "alpha", "power"), _random_simon_cases(6, seed=1989))
def test_the_pruned_simon_search_agrees_with_plain_enumeration_on_random_inputs(
    p0, p1, alpha, power
):
    """Seeded random inputs: pruning by the best EN0 per n never drops a design that counts."""
    n_max = 22
    expected = _brute_force_best(p0, p1, alpha, power, n_max)
    found = phase2._best_by_n(p0, p1, alpha, power, n_max)
    if not expected:
        assert not found
        return
    minimax_en0 = expected[min(expected)][0]
    expected = {n: d for n, d in expected.items() if d[0] <= minimax_en0 + 1e-12}
    assert sorted(found) == sorted(expected)
    for n, (en0, n1, r1, r) in expected.items():
        assert found[n].en0 == pytest.approx(en0, abs=1e-9)
        assert (found[n].n1, found[n].r1, found[n].r) == (n1, r1, r)
