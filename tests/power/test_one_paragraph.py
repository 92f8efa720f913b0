"""The sample-size paragraph is composed by one function (power/_text.paragraph) for every
procedure, so the same design reads the same in every procedure (audit N9)."""

from __future__ import annotations

import pathlib
import re

import pytest

import trialkit.power
from trialkit.power.cluster import cluster_randomised
from trialkit.power.equivalence import crossover, equivalence_means
from trialkit.power.means import two_means
from trialkit.power.single_arm import one_proportion
from trialkit.power.survival import logrank

POWER = pathlib.Path(trialkit.power.__file__).parent


def test_the_requirement_sentence_is_written_in_one_place() -> None:
    """'This requires ...; with these numbers the power is ...' has one author."""
    authors = sorted(p.name for p in POWER.glob("*.py") if "This requires" in p.read_text())
    assert authors == ["_text.py"]


def test_crossover_and_parallel_tost_state_the_margin_alike() -> None:
    parallel = equivalence_means(delta=0, margin=0.2, sd=0.3, power=0.8).justification
    cross = crossover(delta=0, margin=0.2, sd=0.3, power=0.8, test="equivalence").justification
    rule = "equivalence shown if the 90% confidence interval of the difference lies within -0.2 to 0.2"
    assert rule in parallel
    assert rule in cross
    assert "+-" not in cross


@pytest.mark.parametrize("result", [
    lambda: crossover(delta=0.1, sd=0.3, power=0.8),
    lambda: equivalence_means(delta=0, margin=0.2, sd=0.3, power=0.8),
    lambda: one_proportion(p0=0.3, p1=0.1, power=0.8),
    lambda: two_means(delta=0.5, sd=1, power=0.8),
    lambda: logrank(hazard_ratio=0.7, power=0.8),
])
def test_every_solved_for_n_paragraph_has_the_same_frame(result) -> None:
    r = result()
    text = r.justification
    assert text.startswith("The sample size was calculated for ")
    assert re.search(r"This requires [^;]+; with these numbers the power is \d", text)
    assert text.endswith(f"Method: {r.method}.")


def test_the_exact_single_arm_paragraph_states_its_rejection_rule_and_power() -> None:
    r = one_proportion(p0=0.3, p1=0.1, power=0.8)
    assert "with these numbers the power is" in r.justification
    assert f"H0 is rejected with at most {r.reject_at} responses" in r.justification


def test_a_two_sided_crossover_says_how_power_was_counted_like_every_procedure() -> None:
    for text in (crossover(delta=0.1, sd=0.3, power=0.8).justification,
                 two_means(delta=0.5, sd=1, power=0.8).justification):
        assert "Power counts rejections in either direction" in text


def test_cluster_paragraph_states_one_set_of_numbers() -> None:
    fixed = two_means(delta=0.5, sd=1, power=0.8)
    r = cluster_randomised(fixed, cluster_size=10, icc=0.05)
    assert r.justification.count("This requires") == 1
    assert "with these clusters the power is" in r.justification


def test_the_log_rank_paragraph_counts_events_in_the_same_frame() -> None:
    r = logrank(hazard_ratio=0.7, power=0.8, dropout=0.1)
    assert f"This requires {r.events} events; with these numbers the power is" in r.justification
    assert "and 1:1 allocation" in r.justification
