"""Each sample-size input says where it came from: evidence, the design file, or a default."""

from __future__ import annotations

from pathlib import Path

from trialkit.design import load_trial
from trialkit.design.evidence_link import EvidenceLink
from trialkit.render.context import build_context
from trialkit.render.markdown import render_markdown

ROOT = Path(__file__).resolve().parents[2]
DURABILITY = ROOT / "examples" / "il1ra-t2d-durability.yaml"
MAIN = ROOT / "examples" / "anakinra-t1d.yaml"


def test_inputs_from_evidence_name_the_record_and_its_conversion() -> None:
    # The example sizes from Larsen et al. 2009 (difference -0.07, 95% CI -0.14 to -0.02):
    # delta from the estimate, the SD derived from its CI; power and alpha typed in the design.
    trial = load_trial(DURABILITY)
    context = build_context(trial, evidence=EvidenceLink.open())
    inputs = {i.name: i for i in context.sizing.inputs}
    for name in ("delta", "sd"):
        source = inputs[name].source
        assert source.origin == "evidence"
        assert source.evidence == "larsen2009.pi_insulin_ratio"
        assert source.ref == context.sizing.evidence_ref is not None
        assert any("confidence interval" in step for step in source.steps)
    assert inputs["power"].source.origin == "design"
    assert inputs["ratio"].source.origin == "default"
    text = render_markdown(trial, context=context)
    ref = context.sizing.evidence_ref
    assert f"| Difference | 0.07 (from Larsen et al. [{ref}]) |" in text  # one numbered style
    assert "| Power | 90% (given in the design) |" in text


def test_typed_inputs_are_the_designs_own() -> None:
    trial = load_trial(MAIN)
    context = build_context(trial, evidence=EvidenceLink.empty())
    typed = {i.name for i in context.sizing.inputs if i.source.origin == "design"}
    assert typed == set(trial.sample_size.parameters)


SLE = ROOT / "examples" / "ld-il2-sle.yaml"


def test_an_adverse_event_rate_says_whether_it_was_typed_or_taken_from_evidence() -> None:
    trial = load_trial(SLE)
    fever = next(ae for ae in trial.safety.expected_adverse_events if ae.term == "Fever")
    assert fever.rate is None and fever.evidence
    trial.safety.expected_adverse_events[0].rate = 0.25
    context = build_context(trial, evidence=EvidenceLink.open())
    events = {ae.term: ae for ae in context.adverse_events}
    typed = events[trial.safety.expected_adverse_events[0].term]
    assert typed.rate == 0.25 and typed.rate_source is not None
    assert typed.rate_source.origin == "design"
    taken = events["Fever"]
    assert taken.rate_source is not None and taken.rate_source.origin == "evidence"
    assert taken.rate_source.evidence == fever.evidence
    assert taken.rate_source.ref == taken.ref is not None
    text = render_markdown(trial, context=context)
    assert f"| 25.0% | rate given in the design; [{typed.ref}] |" in text
    assert f"| {taken.rate_text} | [{taken.ref}] |" in text
