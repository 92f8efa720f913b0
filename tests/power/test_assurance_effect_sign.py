"""The evidence's sign as reported, the design's effect in the direction of benefit (audit D13):
the sizing and assurance sentences say both when they differ."""

from __future__ import annotations

from pathlib import Path

from trialkit.design import load_trial
from trialkit.design.evidence_link import EvidenceLink
from trialkit.render.context import build_context

ROOT = Path(__file__).resolve().parents[2]
DURABILITY = ROOT / "examples" / "il1ra-t2d-durability.yaml"


def test_a_negative_estimate_is_named_as_a_reduction_taken_in_the_direction_of_benefit():
    # Larsen et al. (2009) Diabetes Care 32:1663-1668: PI/I ratio difference -0.07 (95% CI
    # -0.14 to -0.02); the design detects a difference of 0.07.
    context = build_context(load_trial(DURABILITY), evidence=EvidenceLink.open())
    sizing = context.sizing
    assert sizing.result is not None and sizing.assurance is not None
    text = sizing.result.justification
    assert "to detect a difference in means of 0.07" in text
    assert ("of -0.07 (95% CI -0.14 to -0.02; P = 0.011), a reduction of 0.07 with treatment, "
            "which the design states as an effect of 0.07 in the direction of benefit") in text
    prior = sizing.assurance_text
    assert "centred on the effect 0.07 taken from" in prior
    assert "(its estimate -0.07, a reduction with treatment, taken in the direction of benefit)" \
        in prior


def test_an_estimate_already_in_the_direction_of_benefit_gets_no_extra_words():
    from trialkit.evidence import power_inputs
    from trialkit.evidence.prior import prior_from_estimate

    larsen = EvidenceLink.open().estimate("larsen2009.pi_insulin_ratio")
    flipped = larsen.model_copy(update={
        "value": 0.07, "ci": larsen.ci.model_copy(update={"lower": 0.02, "upper": 0.14})})
    for estimate, words in ((larsen, 1), (flipped, 0)):
        inputs = power_inputs(estimate, "two_means")
        assert inputs["delta"] == 0.07
        assert sum("direction of benefit" in s for s in inputs.sentences()) == words
        prior = prior_from_estimate(estimate, "two_means", inputs["delta"])
        assert ("direction of benefit" in prior.sentence) is bool(words)
