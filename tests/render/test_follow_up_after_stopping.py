"""Section 7.1's follow-up policy is the investigator's field: a prompt while blank, their words
once given (never a sentence nobody typed)."""

from __future__ import annotations

from pathlib import Path

from trialkit.design import Trial, load_trial
from trialkit.design.labels import field_label
from trialkit.render.markdown import render_markdown

EXAMPLES = Path(__file__).parents[2] / "examples"
POLICY = ("Participants who stop the trial intervention stay in follow-up for all scheduled "
          "assessments unless they withdraw consent.")


def _section_7_1(text: str) -> str:
    return text[text.index("### 7.1"):text.index("### 7.2")]


def test_a_blank_policy_is_a_prompt_not_a_statement():
    section = _section_7_1(render_markdown(Trial()))
    assert POLICY not in section
    assert "[Say whether participants who stop the trial intervention stay in follow-up" in section


def test_the_policy_typed_is_printed():
    trial = Trial.model_validate({"discontinuation": {
        "follow_up_after_stopping": "Follow-up ends when the intervention stops."}})
    section = _section_7_1(render_markdown(trial))
    assert "Follow-up ends when the intervention stops." in section and POLICY not in section
    assert field_label("discontinuation.follow_up_after_stopping") == "Follow-up after stopping"


def test_the_examples_state_their_policy():
    for path in sorted(EXAMPLES.glob("*.yaml")):
        trial = load_trial(path)
        assert trial.discontinuation.follow_up_after_stopping, path.name
