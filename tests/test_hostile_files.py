"""Hostile design and evidence files: a design or a clean trialkit error naming the file, quickly.

The fuzz tests replace one value anywhere in a real example (or seed) by a random YAML value,
so that the schema, not just the YAML syntax, is attacked. A few examples run by default;
TRIALKIT_FUZZ_EXAMPLES=2000 runs a longer campaign.
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from trialkit.design import parse_trial
from trialkit.errors import DesignError, EvidenceError
from trialkit.evidence.library import load_file

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = yaml.safe_load((ROOT / "examples" / "anakinra-t1d.yaml").read_text(encoding="utf-8"))
SEED = yaml.safe_load((ROOT / "seeds" / "larsen2009.yaml").read_text(encoding="utf-8"))
FUZZ_EXAMPLES = int(os.environ.get("TRIALKIT_FUZZ_EXAMPLES", "40"))
FUZZ = settings(max_examples=FUZZ_EXAMPLES, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

junk = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=30),
              st.sampled_from(["[/]", "[@click=app.quit]X[/]", "{{ 7*7 }}", "<script>", "\x1b[31m",
                               "---", "1e-300", "-0", ".nan", "9" * 200])),
    lambda kids: st.one_of(st.lists(kids, max_size=4),
                           st.dictionaries(st.text(max_size=10), kids, max_size=4)),
    max_leaves=12,
)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place in a nested value (mapping keys and list indexes)."""
    found = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, (*prefix, index))
    return found


def _replaced(document: Any, place: tuple[Any, ...], value: Any) -> Any:
    if not place:
        return value
    head, *rest = place
    copy = dict(document) if isinstance(document, dict) else list(document)
    copy[head] = _replaced(document[head], tuple(rest), value)
    return copy


DESIGN_PLACES = _paths(EXAMPLE)
SEED_PLACES = _paths(SEED)


@FUZZ
@given(place=st.sampled_from(DESIGN_PLACES), value=junk)
def test_fuzz_a_design_with_one_hostile_value_loads_or_names_the_problem(place, value) -> None:
    text = yaml.safe_dump(_replaced(EXAMPLE, place, value), allow_unicode=True, sort_keys=False)
    start = time.perf_counter()
    try:
        parse_trial(text, source="fuzz.yaml")
    except DesignError as exc:
        message = str(exc)
        assert message.startswith("fuzz.yaml:") and "\n" not in message
    assert time.perf_counter() - start < 5.0


@FUZZ
@given(place=st.sampled_from(SEED_PLACES), value=junk)
def test_fuzz_evidence_with_one_hostile_value_loads_or_names_the_problem(place, value) -> None:
    text = yaml.safe_dump(_replaced(SEED, place, value), allow_unicode=True, sort_keys=False)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzz.yaml"
        path.write_text(text, encoding="utf-8")
        start = time.perf_counter()
        try:
            load_file(path)
        except EvidenceError as exc:
            assert str(path) in str(exc)
        assert time.perf_counter() - start < 5.0


def test_an_evidence_alias_bomb_fails_fast(tmp_path: Path) -> None:
    path = tmp_path / "bomb.yaml"
    path.write_text("id: bomb\na: &a [x,x,x,x,x,x,x,x,x]\n" + "".join(
        f"{b}: &{b} [{', '.join([f'*{a}'] * 9)}]\n" for a, b in zip("abcdefgh", "bcdefghi", strict=True)))
    start = time.perf_counter()
    with pytest.raises(EvidenceError, match="MAX_VALUES"):
        load_file(path)
    assert time.perf_counter() - start < 2.0


def test_a_non_utf8_evidence_file_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes(b"id: x\ncitation: caf\xe9\n")
    with pytest.raises(EvidenceError) as info:
        load_file(path)
    assert str(info.value) == f"{path}:2: the file is not UTF-8 text (byte 0xe9); save it as UTF-8"


def test_a_deeply_nested_evidence_file_is_an_error_not_a_recursion_error(tmp_path: Path) -> None:
    path = tmp_path / "deep.yaml"
    path.write_text("id: x\nnotes: " + "[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")
    with pytest.raises(EvidenceError, match="MAX_DEPTH"):
        load_file(path)


awkward_text = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["a: b", "# not a comment", "- item", "line one\nline two", "  leading", "trailing  ",
                     "'quoted'", '"double"', "---", "...", "yes", "null", "1.0", "0x10", "&a", "*a",
                     "!!python/name:os", "{x: 1}", "[1, 2]", "tab\there", "é ü 漢字", "\u2028", "|", ">"]),
)
COMMENTED_EXAMPLE = (ROOT / "examples" / "anakinra-t1d.yaml").read_text(encoding="utf-8")


@FUZZ
@given(acronym=awkward_text, arm_name=awkward_text, criterion=awkward_text, drop=st.booleans())
@example(acronym="", arm_name="", criterion="m\U000a5333\x85\U0006c6cf", drop=False)  # found by this test
@example(acronym="a\x85b", arm_name="\u2028", criterion="x\u2029y\nz", drop=True)
@example(acronym="\x9b\x80\x7f", arm_name="\x1b[1m", criterion="\r\n\ufeff\ufffe\U0010ffff", drop=False)
def test_fuzz_saving_over_a_commented_design_always_reads_back_as_the_design(
        acronym, arm_name, criterion, drop) -> None:
    from trialkit.design import save_trial

    trial = parse_trial(COMMENTED_EXAMPLE)
    trial.title_page.acronym = acronym or None
    trial.arms[0].name = arm_name or "x"
    trial.population.inclusion = [*trial.population.inclusion[: 1 if drop else 5], criterion]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "d.yaml"
        text = save_trial(trial, path, keep_layout_of=COMMENTED_EXAMPLE)
        assert parse_trial(text) == trial
        assert parse_trial(path.read_text(encoding="utf-8")) == trial


# YAML 1.1 (which trialkit reads) takes NEL, LS and PS for line breaks and refuses C0/C1
# controls, DEL, a byte-order mark and U+FFFE/U+FFFF in a file; YAML 1.2 (which ruamel writes
# when the layout is kept) reads NEL as text. Astral characters are text to both.
BREAKS_AND_CONTROLS = ["\x85", "a\x85b", "\x85\n", "\u2028", "a\u2029b", "line\u2028two\nthree", "\r",
                       "a\r\nb", "\x80", "\x9b", "a\x9fb", "\x00", "\x07", "\x1b[31m", "\x7f", "\ufeff",
                       "\ufffe", "\uffff", "\U0001f600", "\U000a5333", "\U0010ffff",
                       "m\U000a5333\x85\U0006c6cf", " \x85 ", "\t\x85"]


def test_texts_with_line_breaks_or_control_characters_are_saved_as_they_are(tmp_path: Path) -> None:
    """Every such text at once (each list entry, the acronym and an arm name), saved plainly and
    over the commented example: both files read back as the design."""
    from trialkit.design import save_trial

    trial = parse_trial(COMMENTED_EXAMPLE)
    trial.title_page.acronym = "".join(BREAKS_AND_CONTROLS)
    trial.arms[0].name = "arm\x85one\u2028"
    trial.population.inclusion = [*trial.population.inclusion, *BREAKS_AND_CONTROLS]
    plain = save_trial(trial, tmp_path / "plain.yaml")
    kept = save_trial(trial, tmp_path / "kept.yaml", keep_layout_of=COMMENTED_EXAMPLE)
    for written in (plain, kept, (tmp_path / "plain.yaml").read_text(encoding="utf-8"),
                    (tmp_path / "kept.yaml").read_text(encoding="utf-8")):
        assert parse_trial(written) == trial
    assert "# Main example: IL-1 blockade" in kept  # the layout was kept, not given up for the plain dump


def test_a_lone_surrogate_cannot_reach_a_saved_design() -> None:
    """A lone surrogate is not text a file can hold (UTF-8 has no encoding for it): the model refuses it."""
    from pydantic import ValidationError

    trial = parse_trial(COMMENTED_EXAMPLE)
    with pytest.raises(ValidationError):
        trial.population.inclusion = ["a\ud800b"]
