"""Design files: loading, saving, and errors that name the file, the line and the field."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from trialkit.design import SCHEMA_VERSION, Trial, dump_trial, load_trial, parse_trial, save_trial
from trialkit.errors import DesignError

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def error_of(text: str, tmp_path: Path) -> str:
    path = tmp_path / "design.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DesignError) as info:
        load_trial(path)
    message = str(info.value)
    assert "\n" not in message
    return message


def test_broken_yaml_names_file_and_line(tmp_path: Path) -> None:
    message = error_of("schema_version: 1\narms:\n  - id: a\n    name: [unclosed\n", tmp_path)
    assert message.startswith(f"{tmp_path / 'design.yaml'}:")
    assert "YAML syntax error" in message
    line = int(message.split(":")[1])
    assert line >= 4


def test_unknown_field_names_its_line_and_path(tmp_path: Path) -> None:
    text = "schema_version: 1\ntitle_page:\n  acronym: X\n  protcol_id: P-1\n"
    message = error_of(text, tmp_path)
    assert ":4: Title page, 'protcol_id': is not a field a design file holds" in message


def test_wrong_type_names_the_nested_field(tmp_path: Path) -> None:
    text = (
        "schema_version: 1\narms:\n  - id: a\n  - id: b\n    type: placebo\n"
    )
    message = error_of(text, tmp_path)
    assert ":5: Arm 2, type: 'placebo' is not one of the choices" in message
    assert "'placebo'" in message


def test_missing_required_id_points_at_the_list_item(tmp_path: Path) -> None:
    message = error_of("schema_version: 1\nvisits:\n  - name: Screening\n", tmp_path)
    assert ":3: Visit 1, visit id: must be given" in message


def test_schema_version_is_required_and_not_from_the_future(tmp_path: Path) -> None:
    assert "schema_version is missing" in error_of("title_page: {}\n", tmp_path)
    assert "newer than this trialkit" in error_of("schema_version: 99\n", tmp_path)


def test_empty_and_non_mapping_files_are_refused(tmp_path: Path) -> None:
    assert "empty" in error_of("", tmp_path)
    assert "mapping" in error_of("- a\n- b\n", tmp_path)


def test_missing_file_is_a_design_error(tmp_path: Path) -> None:
    with pytest.raises(DesignError, match="no such design file"):
        load_trial(tmp_path / "absent.yaml")


def test_numbers_for_phase_and_version_are_kept_as_text() -> None:
    trial = parse_trial("schema_version: 1\ntitle_page:\n  phase: 2\n  version: 1.0\n")
    assert trial.title_page.phase == "2"
    assert trial.title_page.version == "1.0"


def test_contradictory_ages_are_a_load_error(tmp_path: Path) -> None:
    message = error_of("schema_version: 1\npopulation:\n  age_min: 40\n  age_max: 18\n", tmp_path)
    assert ":2: Population: minimum age (40) is above maximum age (18)" in message


def test_round_trip_keeps_every_example(tmp_path: Path) -> None:
    for example in sorted(EXAMPLES.glob("*.yaml")):
        trial = load_trial(example)
        target = tmp_path / example.name
        save_trial(trial, target)
        assert load_trial(target) == trial, example.name


def test_save_is_atomic_and_replaces(tmp_path: Path) -> None:
    target = tmp_path / "d.yaml"
    target.write_text("old", encoding="utf-8")
    save_trial(Trial(), target)
    assert target.read_text(encoding="utf-8").startswith(f"schema_version: {SCHEMA_VERSION}")
    assert [p.name for p in tmp_path.iterdir()] == ["d.yaml"]


def test_dump_of_an_empty_trial_is_just_the_version() -> None:
    assert dump_trial(Trial()) == f"schema_version: {SCHEMA_VERSION}\n"


def test_json_schema_lists_the_sections_and_forbids_unknown_keys() -> None:
    schema = Trial.model_json_schema()
    json.dumps(schema)
    for key in ("title_page", "objectives", "design", "arms", "visits", "sample_size", "safety"):
        assert key in schema["properties"]
    assert schema["additionalProperties"] is False
    assert schema["$defs"]["Estimand"]["additionalProperties"] is False


def test_saved_files_get_ordinary_permissions(tmp_path: Path) -> None:
    target = tmp_path / "new.yaml"
    old_umask = os.umask(0o022)
    try:
        save_trial(Trial(), target)
    finally:
        os.umask(old_umask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    target.chmod(0o640)
    save_trial(Trial(), target)
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_raw_control_character_names_its_line(tmp_path: Path) -> None:
    message = error_of('schema_version: 1\ntitle_page:\n  acronym: "A\x07B"\n', tmp_path)
    assert ":3: character '\\x07' is not allowed in YAML" in message


def test_escaped_control_characters_load() -> None:
    trial = parse_trial('schema_version: 1\ntitle_page:\n  acronym: "A\\x07B"\n')
    assert trial.title_page.acronym == "A\x07B"


# -- hostile files: bounded work and one clear line (issue 11) ---------------------------------

ALIAS_BOMB = "schema_version: 1\na: &a [x,x,x,x,x,x,x,x,x]\n" + "".join(
    f"{b}: &{b} [{', '.join([f'*{a}'] * 9)}]\n" for a, b in zip("abcdefgh", "bcdefghi", strict=True)
)


def test_an_alias_bomb_design_fails_fast_with_a_named_limit(tmp_path: Path) -> None:
    import time

    start = time.perf_counter()
    message = error_of(ALIAS_BOMB, tmp_path)
    assert time.perf_counter() - start < 2.0
    assert "MAX_VALUES" in message


def test_deeply_nested_design_is_a_design_error_not_recursion(tmp_path: Path) -> None:
    message = error_of("schema_version: 1\nnotes: " + "[" * 20000 + "]" * 20000 + "\n", tmp_path)
    assert "MAX_DEPTH" in message


def test_a_5000_digit_integer_is_one_clear_line(tmp_path: Path) -> None:
    message = error_of("schema_version: 1\nsample_size:\n  n_per_arm: " + "7" * 5000 + "\n", tmp_path)
    assert ":3:" in message and "MAX_NUMBER_CHARS" in message


def test_a_50_mb_design_is_refused_at_once(tmp_path: Path) -> None:
    import time

    path = tmp_path / "huge.yaml"
    with path.open("wb") as handle:
        handle.write(b"schema_version: 1\nnotes: |\n")
        handle.truncate(50 * 1024 * 1024)
    start = time.perf_counter()
    with pytest.raises(DesignError, match="MAX_FILE_BYTES"):
        load_trial(path)
    assert time.perf_counter() - start < 1.0


def test_a_non_utf8_design_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "cp1252.yaml"
    path.write_bytes(b"schema_version: 1\ntitle_page:\n  short_title: caf\xe9\n")
    with pytest.raises(DesignError) as info:
        load_trial(path)
    assert str(info.value).startswith(f"{path}:3: the file is not UTF-8 text")


# -- saving over a file the user wrote keeps its layout (issue 11) ----------------------------

COMMENTED = """\
# Our pilot: numbers agreed with the statistician on 3 March.
schema_version: 2
title_page:
  acronym: PILOT   # working name
  short_title: 'A pilot'
  version: "0.1"
arms:
  # the control arm comes first in every table
  - id: control
    name: Placebo
  - id: active
    name: Drug
"""


def test_saving_keeps_comments_key_order_and_quotes(tmp_path: Path) -> None:
    path = tmp_path / "pilot.yaml"
    path.write_text(COMMENTED, encoding="utf-8")
    trial = load_trial(path)
    trial.arms[1].name = "Drug 10 mg"
    text = save_trial(trial, path, keep_layout_of=COMMENTED)
    assert path.read_text(encoding="utf-8") == text
    assert text == COMMENTED.replace("name: Drug\n", "name: Drug 10 mg\n")
    assert load_trial(path) == trial


def test_saving_adds_new_fields_in_model_order_and_drops_cleared_ones(tmp_path: Path) -> None:
    path = tmp_path / "pilot.yaml"
    path.write_text(COMMENTED, encoding="utf-8")
    trial = load_trial(path)
    trial.title_page.protocol_id = "P-7"
    trial.title_page.short_title = None
    trial.arms.pop()
    text = save_trial(trial, path, keep_layout_of=COMMENTED)
    assert "# working name" in text and "# the control arm comes first" in text
    assert "short_title" not in text and "active" not in text
    assert text.index("acronym") < text.index("protocol_id") < text.index("  version")
    assert load_trial(path) == trial


def test_a_shared_anchor_that_no_longer_fits_falls_back_to_a_plain_dump(tmp_path: Path) -> None:
    original = ("schema_version: 1\ntitle_page:\n  acronym: &name SAME\n  short_title: *name\n")
    path = tmp_path / "a.yaml"
    path.write_text(original, encoding="utf-8")
    trial = load_trial(path)
    trial.title_page.acronym = "DIFFERENT"
    save_trial(trial, path, keep_layout_of=original)
    again = load_trial(path)
    assert again.title_page.acronym == "DIFFERENT" and again.title_page.short_title == "SAME"


@pytest.mark.parametrize("example", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.stem)
def test_an_unchanged_example_saves_byte_for_byte(example: Path, tmp_path: Path) -> None:
    original = example.read_text(encoding="utf-8")
    assert save_trial(load_trial(example), tmp_path / "x.yaml", keep_layout_of=original) == original


def test_saving_keeps_windows_line_endings_and_a_byte_order_mark(tmp_path: Path) -> None:
    original = "\ufeff# notes\r\nschema_version: 2\r\ntitle_page:\r\n  acronym: A  # working name\r\n"
    path = tmp_path / "win.yaml"
    path.write_bytes(original.encode("utf-8"))
    trial = load_trial(path)
    trial.title_page.acronym = "B"
    text = save_trial(trial, path, keep_layout_of=original)
    assert text == original.replace("acronym: A ", "acronym: B ")
    assert load_trial(path) == trial
