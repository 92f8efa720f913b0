"""Words for people (issue 12): every message the UI shows names the field in the user's terms
and what would be right; no Python signatures, keywords or pydantic phrasing."""

from __future__ import annotations

import re
from pathlib import Path

from pydantic import BaseModel, Field, ValidationError
from textual.widgets import Input, Select, Static

from tests.tui.conftest import editor_at, settle, type_into
from trialkit.tui.app import make_app
from trialkit.tui.paths import error_text

PROGRAMMER = re.compile(
    r"Input should|unable to parse|Value error|keyword|argument|\w+\(\)|\b\w+=|"
    r"\b[a-z]+_[a-z_]+\b|\bunknowns\b|\bp[012]\b"
)
"""What a message for people never contains (issue 12 quotes each of these)."""


def _people(text: str) -> str:
    assert text, "no message shown"
    assert not PROGRAMMER.search(text), text
    return text


def _line(step, selector: str) -> str:
    return str(step.query_one(selector, Static).render())


class _Example(BaseModel):
    age: float | None = Field(default=None, ge=0)
    looks: int | None = Field(default=None, ge=2, le=10)
    start: __import__("datetime").date | None = None


def _refusal(**data: object) -> str:
    try:
        _Example(**data)
    except ValidationError as exc:
        return error_text(exc)
    raise AssertionError("accepted")


def test_validation_errors_say_what_was_typed_and_what_is_allowed():
    assert _people(_refusal(age="abc")) == "'abc' is not a number: type a number such as 12.5"
    assert _people(_refusal(age=-3)) == "Must be at least 0 (now -3)"
    assert _people(_refusal(looks=11)) == "Must be at most 10 (now 11)"
    assert "whole number" in _people(_refusal(looks="two"))
    assert "YYYY-MM-DD" in _people(_refusal(start="31/03/2026"))


async def _a_number_field_says_what_is_wrong_in_words(pilot) -> None:
    editor = await editor_at(pilot, "population")
    step = editor.pane("population")
    field = step.query_one("#pop-population--age-min", Input)
    await type_into(pilot, field, "abc")
    assert "'abc' is not a number" in _people(_line(step, "#pop-population--age-min-error"))
    await type_into(pilot, field, "-3")
    assert _people(_line(step, "#pop-population--age-min-error")).startswith(
        "Must be at least 0")


async def _sample_size(pilot, procedure: str, values: dict[str, str]):
    """The sample-size step with ``procedure`` chosen, every input emptied, ``values`` typed."""
    editor = await editor_at(pilot, "sample_size")
    step = editor.pane("sample_size")
    step.query_one("#ss-procedure", Select).value = procedure
    await settle(pilot)
    for field in step.query("#ss-inputs Input").results(Input):
        if field.value:
            await type_into(pilot, field, "")
    for name, text in values.items():
        await type_into(pilot, step.query_one(f"#ss-p-{name}", Input), text)
    return step


async def _a_missing_input_is_named_by_its_label_not_a_signature(pilot) -> None:
    # Issue 12: "ratio_of_means() missing 1 required keyword-only argument: 'cv'"
    step = await _sample_size(pilot, "ratio_of_means", {"mean_ratio": "1.3", "power": "0.8"})
    assert _people(_line(step, "#ss-message")).startswith("CV must be given")


async def _too_many_blanks_are_named_by_label(pilot) -> None:
    # Issue 12: "unknowns='power and n_per_arm' is invalid"
    step = await _sample_size(pilot, "two_means", {"delta": "0.1", "sd": "0.2"})
    message = _people(_line(step, "#ss-message"))
    assert message.startswith("Leave exactly one of Power, n per arm, Difference blank")


async def _a_rule_between_two_inputs_names_both_by_label(pilot) -> None:
    step = await _sample_size(pilot, "two_proportions", {"p1": "0.5", "p2": "0.5", "power": "0.8"})
    message = _people(_line(step, "#ss-message"))
    assert message.startswith("Treatment rate must differ from Control rate")


async def _the_number_of_analyses_is_refused_in_words(pilot) -> None:
    step = (await editor_at(pilot, "sample_size")).pane("sample_size")
    await type_into(pilot, step.query_one("#ss-gs-k", Input), "1")
    assert _people(_line(step, "#ss-gs-k-error")) == "Must be at least 2 (now 1)"
    await type_into(pilot, step.query_one("#ss-gs-k", Input), "two")
    assert "whole number" in _people(_line(step, "#ss-gs-k-error"))


async def test_number_fields_and_sample_size_messages_name_inputs_by_label(example: Path):
    """A number field of the population step, then the sample-size step, where each check
    leaves the step as the next one's starting point: one app session for all."""
    app = make_app(example, offer_recovery=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await _a_number_field_says_what_is_wrong_in_words(pilot)
        await _the_number_of_analyses_is_refused_in_words(pilot)
        await _a_missing_input_is_named_by_its_label_not_a_signature(pilot)
        await _too_many_blanks_are_named_by_label(pilot)
        await _a_rule_between_two_inputs_names_both_by_label(pilot)
