"""Bad evidence files: every problem is an EvidenceError naming the file, the record and the field."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from trialkit.errors import EvidenceError, TrialkitError
from trialkit.evidence import load_file, load_library

GOOD: dict[str, Any] = {
    "id": "demo",
    "document": "A made-up record for tests.",
    "citation": {
        "authors": ["Doe, Jane", "Roe, Richard"],
        "title": "A trial",
        "journal": "J Test",
        "year": 2020,
        "publication_type": "journal_article",
    },
    "design": {"type": "randomised_controlled_trial", "n_randomised": 40},
    "estimates": [
        {
            "id": "primary",
            "outcome": "score",
            "kind": "between_group_difference",
            "value": 1.0,
            "ci": {"lower": 0.2, "upper": 1.8},
            "p": 0.02,
            "n": {"treatment": 20, "control": 20},
            "locator": "Table 2, first row.",
        }
    ],
}


def write(tmp_path: Path, data: Any, name: str = "demo.yaml") -> Path:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else yaml.safe_dump(data), encoding="utf-8")
    return path


def broken(**changes: Any) -> dict[str, Any]:
    """GOOD with the first estimate's fields changed (None removes a field)."""
    data = copy.deepcopy(GOOD)
    for key, value in changes.items():
        if value is None:
            del data["estimates"][0][key]
        else:
            data["estimates"][0][key] = value
    return data


def error_for(tmp_path: Path, data: Any) -> str:
    path = write(tmp_path, data)
    with pytest.raises(EvidenceError) as info:
        load_file(path)
    message = str(info.value)
    assert str(path) in message
    return message


def test_the_good_record_loads(tmp_path):
    source = load_file(write(tmp_path, GOOD))
    assert source.estimate("primary").ci.level == 0.95


def test_evidence_error_is_a_trialkit_error():
    assert issubclass(EvidenceError, TrialkitError)


def test_malformed_yaml_names_file_and_line(tmp_path):
    message = error_for(tmp_path, "id: demo\ncitation: [unclosed\ndesign: {}\n")
    assert "YAML syntax error" in message
    assert "demo.yaml:3:" in message  # the parser notices at line 3


def test_top_level_must_be_a_mapping(tmp_path):
    assert "expected a mapping" in error_for(tmp_path, "- just\n- a list\n")


def test_unknown_field_names_record_and_field(tmp_path):
    message = error_for(tmp_path, broken(effect_size=0.5))
    assert "record 'primary' (estimates[0])" in message
    assert "field effect_size" in message
    assert "unknown field" in message


def test_unknown_top_level_field(tmp_path):
    data = copy.deepcopy(GOOD)
    data["comments"] = "x"
    message = error_for(tmp_path, data)
    assert "source 'demo', field comments: unknown field" in message


def test_ci_not_containing_the_estimate(tmp_path):
    message = error_for(tmp_path, broken(value=2.5))
    assert "record 'primary' (estimates[0]), field ci" in message
    assert "does not contain the estimate 2.5" in message


def test_ci_limits_in_the_wrong_order(tmp_path):
    message = error_for(tmp_path, broken(ci={"lower": 1.8, "upper": 0.2}))
    assert "field ci.lower" in message


def test_negative_group_size(tmp_path):
    message = error_for(tmp_path, broken(n={"treatment": -20, "control": 20}))
    assert "record 'primary' (estimates[0]), field n.treatment" in message
    assert "must be more than 0 (now -20)" in message


@pytest.mark.parametrize(("changes", "words"), [
    ({"value": "abc"}, "field value: 'abc' is not a number: type a number such as 12.5"),
    ({"n": {"treatment": 2.5, "control": 20}},
     "field n.treatment: '2.5' is not a whole number: type one such as 12"),
    ({"kind": "odds"}, "field kind: 'odds' is not one of the choices"),
    ({"outcome": ["a", "b"]}, "field outcome: '['a', 'b']' is not text: write it as text"),
])
def test_a_wrong_value_is_said_in_the_words_designs_use(tmp_path, changes, words):
    message = error_for(tmp_path, broken(**changes))
    assert words in message
    assert "\n" not in message
    for phrase in ("Input should", "Value should", "valid number", "type=", "pydantic"):
        assert phrase not in message


def test_several_problems_make_one_line_with_a_count(tmp_path, capsys):
    from trialkit.cli import main

    folder = tmp_path / "ev"
    folder.mkdir()
    write(folder, broken(value="abc", p="x", n={"treatment": -1, "control": 20}))
    code = main(["evidence", "--evidence", str(folder), "list"])
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "field value: 'abc' is not a number" in err and "more problems)" in err


def test_zero_group_size_in_the_design(tmp_path):
    data = copy.deepcopy(GOOD)
    data["design"]["n_randomised"] = 0
    assert "field design.n_randomised" in error_for(tmp_path, data)


@pytest.mark.parametrize("p", [0, 0.0, -0.01, 1.5, "< 0", "= 2"])
def test_p_outside_zero_one(tmp_path, p):
    message = error_for(tmp_path, broken(p=p))
    assert "record 'primary' (estimates[0]), field p" in message


def test_p_of_one_is_allowed_and_shorthand_bounds_parse(tmp_path):
    assert load_file(write(tmp_path, broken(p=1))).estimates[0].p.value == 1.0
    p = load_file(write(tmp_path, broken(p="< 0.001"))).estimates[0].p
    assert (p.relation, p.value, p.exact) == ("<", 0.001, False)


def test_unreadable_p_text(tmp_path):
    assert "cannot read P value 'significant'" in error_for(tmp_path, broken(p="significant"))


def test_numbers_written_as_strings_are_refused(tmp_path):
    # Strict types: a quoted "1.0" is not silently turned into a number.
    assert "field value" in error_for(tmp_path, broken(value="1.0"))


def test_proportion_outside_zero_one(tmp_path):
    message = error_for(tmp_path, broken(kind="single_arm_proportion", value=33.1, ci=None))
    assert "field value" in message and "0.331" in message


def test_unknown_kind(tmp_path):
    assert "field kind" in error_for(tmp_path, broken(kind="difference"))


def test_missing_locator(tmp_path):
    assert "field locator" in error_for(tmp_path, broken(locator=None))


def test_duplicate_record_ids(tmp_path):
    data = copy.deepcopy(GOOD)
    data["findings"] = [{"id": "primary", "outcome": "x", "result": "improved", "detail": "d",
                         "locator": "page 1"}]
    assert "'primary' is used twice" in error_for(tmp_path, data)


def test_author_not_family_given(tmp_path):
    data = copy.deepcopy(GOOD)
    data["citation"]["authors"] = ["Jane Doe"]
    assert "field citation.authors" in error_for(tmp_path, data)


def test_citation_without_authors_needs_a_note(tmp_path):
    data = copy.deepcopy(GOOD)
    data["citation"]["authors"] = []
    assert "field citation.authors" in error_for(tmp_path, data)


def test_dangling_rate_estimate_reference(tmp_path):
    data = copy.deepcopy(GOOD)
    data["adverse_events"] = [{"id": "fever", "event": "fever", "rate_estimate": "nope",
                               "locator": "page 2"}]
    assert "names no estimate" in error_for(tmp_path, data)


def test_a_bad_file_in_a_user_folder_is_not_skipped(tmp_path):
    write(tmp_path, GOOD, "a.yaml")
    write(tmp_path, broken(value=9.0), "b.yaml")
    with pytest.raises(EvidenceError, match=r"b\.yaml"):
        load_library([tmp_path])


def test_duplicate_source_ids_across_folders(tmp_path):
    (tmp_path / "one").mkdir()
    (tmp_path / "two").mkdir()
    write(tmp_path / "one", GOOD)
    write(tmp_path / "two", GOOD)
    with pytest.raises(EvidenceError, match="already used by"):
        load_library([tmp_path / "one", tmp_path / "two"], builtin=False)


def test_missing_folder(tmp_path):
    with pytest.raises(EvidenceError, match="does not exist"):
        load_library([tmp_path / "absent"], builtin=False)


def test_messages_give_the_line_of_the_offending_field(tmp_path):
    text = yaml.safe_dump(broken(value=2.5, effect=1), sort_keys=False)
    lines = text.splitlines()
    ci_line = next(i for i, s in enumerate(lines, 1) if s.strip() == "ci:")
    effect_line = next(i for i, s in enumerate(lines, 1) if s.strip().startswith("effect:"))
    message = error_for(tmp_path, text)
    assert f"demo.yaml:{effect_line}: record 'primary'" in message
    assert "allowed here: id, outcome, kind, value" in message
    # The CI check runs once the unknown field is gone.
    message = error_for(tmp_path, yaml.safe_dump(broken(value=2.5), sort_keys=False))
    assert f"demo.yaml:{ci_line}: record 'primary' (estimates[0]), field ci" in message
