"""Numbers and words that must agree: planned enrolment, the rule at the enrolled n, sources.

The pilot's exact binomial test (A'Hern, Stat Med 2001) against 30% at one-sided 0.05 needs 28
participants (reject with at most 4 events); with the 33 enrolled the rule is at most 5 events
(P(X <= 5 | 33, 0.3) = 0.0414, power 89.4% at 10%, by enumeration below).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from scipy.stats import binom

from trialkit.design import Trial, load_trial
from trialkit.design.assessment import assess
from trialkit.design.consistency import background_problems, unsourced_sentences
from trialkit.design.evidence_link import EvidenceLink
from trialkit.render.templates import template_blocks

ROOT = Path(__file__).resolve().parents[2]


def _assess(trial: Trial):  # type: ignore[no-untyped-def]
    return assess(trial, EvidenceLink.open(), template_blocks())


def test_pilot_rule_is_restated_for_the_enrolled_n() -> None:
    assessment = _assess(load_trial(ROOT / "examples" / "bm-stemcell-t2d-pilot.yaml"))
    assert assessment.sizing.result.n_total == 28
    again = assessment.planned
    assert again is not None and again.n_total == 33
    reject = max(r for r in range(34) if binom.cdf(r, 33, 0.3) <= 0.05)
    assert reject == 5 and again.extras["reject_at"] == reject
    assert abs(again.power - binom.cdf(reject, 33, 0.1)) < 1e-9


def test_enrolment_the_allocation_cannot_split_is_an_error() -> None:
    data = load_trial(ROOT / "examples" / "ld-il2-sle.yaml").model_dump(mode="json")
    data["sample_size"]["target_enrolment"] = 172
    problems = _assess(Trial.model_validate(data)).problems
    (problem,) = [p for p in problems if "cannot be split" in p.message]
    assert problem.severity == "error" and problem.field == "sample_size.target_enrolment"
    assert "not a multiple of 3" in problem.message


def test_two_arm_enrolment_above_the_calculation_is_named() -> None:
    data = load_trial(ROOT / "examples" / "anakinra-t1d.yaml").model_dump(mode="json")
    data["sample_size"]["target_enrolment"] = 100
    problems = _assess(Trial.model_validate(data)).problems
    assert any("planned enrolment 100 exceeds" in p.message for p in problems)


def test_factual_background_sentences_without_a_source_are_warned() -> None:
    trial = load_trial(ROOT / "examples" / "ld-il2-sle.yaml")
    trial.background.rationale = "A meta-analysis of eight trials found a response of 82%."
    assessment = _assess(trial)
    warned = [p for p in assessment.problems if p.field.startswith("background.")]
    assert warned and all(p.severity == "warning" for p in warned)
    assert any("A meta-analysis of eight trials found" in p.message for p in warned)


def test_unsourced_sentence_detection() -> None:
    assert unsourced_sentences("No adequately powered trial has tested this.") != []
    assert unsourced_sentences("Anakinra improved C-peptide (Larsen et al. 2009).") == []
    assert unsourced_sentences("Response was 60% in the trial [3].") == []
    assert unsourced_sentences("This trial tests two doses of IL-2.") == []
    assert unsourced_sentences("We think a placebo is needed.") == []


def test_a_sentence_marked_as_the_investigators_view_is_not_a_cited_fact() -> None:
    for marked in ("In the investigators' view, 51 analysed participants found nothing.",
                   "To the investigators' knowledge, no adequately powered trial has tested it.",
                   "The investigators consider that 20% of trials are underpowered."):
        assert unsourced_sentences(marked) == [], marked
    assert unsourced_sentences("Investigators reported 20% fewer events.") != []
    # a record cited by its id in brackets is a citation
    assert unsourced_sentences("Remission was 55% [su2024].", ("su2024",)) == []


def test_pilot_check_json_and_protocol_state_the_enrolled_n_and_its_rule() -> None:
    """D5: check said 28 analysed and 28 to enrol, the protocol 33 with the rule for 33."""
    assessment = _assess(load_trial(ROOT / "examples" / "bm-stemcell-t2d-pilot.yaml"))
    totals = assessment.totals
    assert totals is not None and (totals.analysed, totals.enrolled) == (33, 33)
    size = assessment.report()["sample_size"]
    assert (size["n_total"], size["n_total_enrolled"], size["extras"]["reject_at"]) == (33, 33, 5)
    assert "smallest sample size is 28" in size["justification"]
    assert "with at most 5 responses" in size["justification"]
    assert "at most 4" not in size["justification"]


def test_a_single_group_enrolment_below_the_target_power_is_an_error() -> None:
    """D5: 32 enrolled gives 78.9% power (exact binomial, saw-tooth: P(X <= 4 | 32, 0.1)), below
    the 80% target, and check said 'Design problems: none'."""
    data = load_trial(ROOT / "examples" / "bm-stemcell-t2d-pilot.yaml").model_dump(mode="json")
    data["sample_size"]["target_enrolment"] = 32
    assessment = _assess(Trial.model_validate(data))
    reject = max(r for r in range(33) if binom.cdf(r, 32, 0.3) <= 0.05)
    assert abs(assessment.planned.power - binom.cdf(reject, 32, 0.1)) < 1e-9
    (problem,) = [p for p in assessment.errors if "below the target" in p.message]
    assert "78.9% power" in problem.message and "enrol 28 or 33" in problem.message


@pytest.mark.parametrize("claim", [
    "IL-2 is safe and effective in SLE.",
    "It is well established that IL-2 reduces flares.",
    "Anakinra preserves C-peptide in recent-onset type 1 diabetes.",
    "Low-dose IL-2 is known to expand regulatory T cells.",
    "The drug was well tolerated.",
])
def test_a_plain_assertion_of_benefit_or_harm_needs_a_source(claim: str) -> None:
    """Audit finding D12: verdicts and present-tense effects gave no warning."""
    assert unsourced_sentences(claim) == [claim]


@pytest.mark.parametrize("sentence", [
    "IL-2 is safe and effective in SLE [2].",
    "It is well established that IL-2 reduces flares (Humrich et al., 2015).",
    "In the investigators' view low-dose IL-2 is safe enough for a phase 2 trial.",
    "Low-dose IL-2 expands Treg [su2024].",
    "This trial tests whether anakinra twice daily preserves C-peptide.",
    "Participants are seen every four weeks.",
])
def test_a_cited_view_or_question_is_not_an_unsourced_claim(sentence: str) -> None:
    assert unsourced_sentences(sentence, ("su2024",)) == []


@pytest.mark.parametrize("example", sorted(p.name for p in (ROOT / "examples").glob("*.yaml")))
def test_the_examples_background_cites_what_it_asserts(example: str) -> None:
    assert list(background_problems(load_trial(ROOT / "examples" / example))) == []
