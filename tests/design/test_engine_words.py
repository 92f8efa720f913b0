"""The engine's refusals carry the inputs they refer to as data (a ``{keyword}`` field), and
are worded once, in the design layer, with the power catalogue's labels: check, the terminal
UI and the command line (with its options) say the same thing, and nothing re-parses a message
for keywords. No range reaches a person in interval notation ('(0, 0.5)', '>= 1')."""

from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path

import pytest

from trialkit import power
from trialkit.cli import main
from trialkit.design import Trial
from trialkit.design.sizing import InvalidInput, size_trial
from trialkit.design.words import engine_words, valid_words
from trialkit.errors import InvalidParameter, NoSolution
from trialkit.power import catalogue
from trialkit.tui.procedures import explain

ROOT = Path(__file__).resolve().parents[2]
ENGINE = sorted((ROOT / "trialkit" / "power").glob("*.py"))


def test_an_error_refers_to_other_inputs_as_data() -> None:
    error = InvalidParameter("p1", 0.5, "must differ from {p2} (0.5)")
    assert error.refers == ("p2",)
    assert error.valid == "must differ from p2 (0.5)"  # a Python caller reads the keyword
    assert str(error) == "p1=0.5 is invalid: must differ from p2 (0.5)"
    assert error.words(str.upper) == "must differ from P2 (0.5)"
    literal = InvalidParameter("x", {1: 2}, "is not {1: 2}")  # braces that are no field
    assert literal.refers == () and literal.valid == "is not {1: 2}"
    none = NoSolution("with {ratio} = 3, no design")
    assert str(none) == "with ratio = 3, no design" and none.refers == ("ratio",)


def _refusal(name: str, **kwargs: object) -> InvalidParameter:
    with pytest.raises(InvalidParameter) as caught:
        getattr(power, name)(**kwargs)
    return caught.value


def test_check_the_form_and_the_command_line_name_the_other_input_by_its_label() -> None:
    exc = _refusal("two_proportions", p1=0.5, p2=0.5, power=0.8)
    assert valid_words(exc, "two_proportions") == "must differ from Control rate (0.5)"
    trial = Trial.model_validate({"schema_version": 2, "sample_size": {
        "procedure": "two_proportions", "parameters": {"p1": 0.5, "p2": 0.5, "power": 0.8}}})
    sizing = size_trial(trial)
    assert sizing.message == ("Treatment rate = 0.5 is invalid: must differ from Control "
                              "rate (0.5)")
    assert sizing.invalid == InvalidInput("p1", 0.5, "must differ from Control rate (0.5)")
    assert explain("two_proportions", sizing.invalid) == (
        "Treatment rate must differ from Control rate (0.5) (now 0.5).")


def test_the_command_line_names_the_other_input_by_its_option(capsys) -> None:
    assert main(["power", "two-proportions", "--p1", "0.5", "--p2", "0.5", "--power",
                 "0.8"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.endswith("Treatment rate (--p1) = 0.5 is invalid: must differ from --p2 (0.5)")
    assert main(["power", "one-proportion", "--p0", "0.2", "--p1", "0.2001", "--power",
                 "0.8"]) == 2
    err = capsys.readouterr().err.strip()
    assert "--p1 = 0.2001 against --p0 = 0.2" in err and "exact=" not in err, err


def test_a_design_with_no_solution_names_inputs_by_label() -> None:
    with pytest.raises(NoSolution) as caught:
        power.one_proportion(p0=0.2, p1=0.2001, power=0.8)
    words = engine_words(caught.value, "one_proportion")
    label = catalogue.label("one_proportion", "p1")
    assert f"{label} = 0.2001" in words and "p1" not in words.replace(label, ""), words


def test_too_many_blanks_say_what_to_leave_blank_and_what_to_give() -> None:
    exc = _refusal("two_means", delta=0.1, sd=0.2)
    assert valid_words(exc, "two_means") == (
        "leave exactly one of Power, n per arm, Difference blank to solve for it; give the "
        "target power to find the sample size, or the sample size to find the power")


def test_a_range_is_said_in_words() -> None:
    exc = _refusal("equivalence_means", margin=0.5, sd=1, power=0.8, alpha=0.6)
    assert valid_words(exc, "equivalence_means").startswith("must be between 0 and 0.5 for two "
                                                            "one-sided tests")


def _engine_messages() -> list[tuple[str, int, str]]:
    """Every literal part of a message the engine raises (InvalidParameter, NoSolution,
    outside): (file, line, text), with a field's braces as the reader's template has them."""
    found = []
    for file in ENGINE:
        for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and getattr(node.func, "id", getattr(
                    node.func, "attr", "")) in ("InvalidParameter", "NoSolution", "outside")):
                continue
            for part in ast.walk(node):
                if isinstance(part, ast.Constant) and isinstance(part.value, str):
                    found.append((file.name, part.lineno, part.value))
    return found


MESSAGES = _engine_messages()
INTERVAL = re.compile(r"(?<!e\.g\. )[(\[]-?\d+(?:\.\d+)?, -?\d+(?:\.\d+)?[)\]]"
                      r"|(?<![-=<>]) (?:[<>]=?) ")


def test_no_engine_message_uses_interval_notation() -> None:
    assert len(MESSAGES) > 200
    shown = [m for m in MESSAGES if INTERVAL.search(m[2]) and "H0" not in m[2]]
    assert not shown, shown


def test_every_field_a_message_refers_to_is_an_input_or_a_procedure() -> None:
    known = {p.name for proc in catalogue.CATALOGUE for p in proc.parameters}
    known |= {proc.name for proc in catalogue.CATALOGUE}
    fields = [(f, line, key) for f, line, text in MESSAGES
              for key in re.findall(r"\{(\w+)\}", text)]
    assert len(fields) > 40
    assert not [f for f in fields if f[2] not in known], fields


@pytest.mark.parametrize(("module", "name"), [
    ("trialkit.tui.procedures", "in_form_words"), ("trialkit.design.words", "in_parameter_words"),
    ("trialkit.power._text", "rename"), ("trialkit.validation_words", "_SNAKE"),
])
def test_no_message_is_rewritten_by_pattern(module: str, name: str) -> None:
    """The keyword rewriters are gone: nothing re-parses a message for names (a design's or an
    evidence file's validator says a field in words itself: 'minimum age (50) is above maximum
    age (20)')."""
    assert not hasattr(importlib.import_module(module), name)
