"""Every published reference case in the validation table, as selftest runs it.

The expected numbers and their sources live next to each other in
trialkit/power/validation.py, so `trialkit selftest` and this test cannot drift apart.
"""

from __future__ import annotations

import math

import pytest

from trialkit.power import one_mean, two_means
from trialkit.power.validation import CASES, run_cases


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_published_case_is_reproduced(case):
    obtained = case.obtain()
    assert case.agrees(obtained), f"{case.id}: expected {case.expected}, got {obtained} ({case.source})"


def test_each_procedure_family_has_three_independent_sources():
    sources: dict[str, set[str]] = {}
    for case in CASES:
        family = {"one_mean": "means", "two_means": "means", "ratio_of_means": "means"}.get(
            case.procedure, case.procedure
        )
        sources.setdefault(family, set()).add(case.source.split(":")[0].split(",")[0])
    for family in ("means", "two_proportions", "logrank"):
        assert len(sources[family]) >= 3, (family, sources[family])


def test_run_cases_reports_a_failure_instead_of_raising():
    bad = CASES[0].__class__("bad", "two_means", {"delta": 1, "sd": -1, "n_per_arm": 5},
                             "power", 0.5, "deliberately invalid", "C", 1e-4)
    (outcome,) = run_cases((bad,))
    assert not outcome.agrees and "sd" in outcome.error


def test_chow_shao_wang_normal_approximation_convention():
    """Chow, Shao & Wang (2008) Ex. 3.2.4 (TrialSize TwoSampleMean.Equality: 63) use z.

    trialkit uses the exact t-test, as G*Power does (64 for d = 0.5, power .8). The z formula
    2 (z_.975 + z_.8)^2 sigma^2 / delta^2 = 62.79 is reproduced here by hand.
    """
    z = 1.959963984540054 + 0.8416212335729143
    assert math.ceil(2 * z**2 * 0.1**2 / 0.05**2) == 63
    assert two_means(delta=0.05, sd=0.1, power=0.8).n_per_arm == (64, 64)
    # One-sample analogue (TrialSize OneSampleMean.Equality: 32 by z; exact t needs 34).
    assert math.ceil(z**2 / 0.5**2) == 32
    assert one_mean(delta=0.5, sd=1, power=0.8).n == 34


def test_non_inferiority_matches_chow_shao_wang_within_the_t_correction():
    """Chow, Shao & Wang (2008) §3.2.4 non-inferiority: 50 per group by z (49.46).

    The exact t answer is 51: one more, the documented convention difference.
    """
    result = two_means(delta=0.0, sd=0.1, margin=0.05, power=0.8, sides=1)
    assert result.n_per_arm == (51, 51)
    assert result.power >= 0.8
