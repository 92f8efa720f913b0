"""``trialkit check``, ``render`` and ``schema`` through the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from trialkit import power
from trialkit.cli import main
from trialkit.design import load_trial

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
MAIN = ROOT / "examples" / "anakinra-t1d.yaml"


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_every_example_checks_clean(example: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["check", str(example)], capsys)
    assert code == 1, out  # open checklist items fail the check
    # Honest: every example still names its contributors, sponsor signatory and medical
    # monitor "(to be named)" and has no registry identifier yet, so SPIRIT 3a, 3b and 4 are
    # only partly addressed.
    assert "48 of 51 items and sub-items addressed" in out
    assert "Not addressed:" not in out  # partial items are listed as partly addressed
    open_items = out.split("Partly addressed:")[1].split("Sample size")[0]
    assert {line.split()[0] for line in open_items.strip().splitlines()} == {"3a", "3b", "4"}
    problems = out.split("Design problems:")[1]
    assert "error:" not in problems  # warnings name background sentences that cite nothing


def test_check_reports_where_items_are_addressed(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["check", str(MAIN), "--spirit", "2013"], capsys)
    assert code == 1  # contributors and registration are not filled in yet
    assert "SPIRIT 2013" in out
    assert "14   Sample size  ->  10.7 Sample size determination" in out


def test_check_fails_on_an_incomplete_design(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    design = tmp_path / "partial.yaml"
    design.write_text(
        "schema_version: 1\narms:\n  - {id: a, type: experimental}\n  - {id: b}\n"
        "design: {allocation_ratio: '2:1:1', treatment_weeks: 26}\n"
        "visits:\n  - {id: v1, day: 0}\n  - {id: v2, day: 90}\n",
        encoding="utf-8",
    )
    code, out, _ = run(["check", str(design)], capsys)
    assert code == 1
    assert "Not addressed:" in out
    assert "error: Design, allocation ratio: ratio 2:1:1 has 3 parts but there are 2 arms" in out
    assert "the last visit is on day 90 but treatment lasts 26 weeks" in out
    assert "error: Objectives: no primary endpoint is defined" in out


def test_check_json_report(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["check", str(MAIN), "--json"], capsys)
    report = json.loads(out)
    engine = power.two_means(**load_trial(MAIN).sample_size.parameters)
    assert code == 1
    assert report["sample_size"]["n_total"] == engine.n_total
    open_items = {item["id"]: item for item in report["items"] if item["status"] != "addressed"}
    assert set(open_items) == {"3a", "3b", "4"}
    assert any("to be named" in text for text in open_items["3a"]["unfilled"])


def test_bad_yaml_is_one_line_naming_file_and_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    design = tmp_path / "broken.yaml"
    design.write_text("schema_version: 1\ntitle_page:\n  acronym: [X\n", encoding="utf-8")
    for command in (["check", str(design)], ["render", str(design), "-o", str(tmp_path / "o.md")]):
        code, _, err = run(command, capsys)
        assert code == 2
        assert err.count("\n") == 1
        assert err.startswith(f"trialkit: error: {design}:")
        assert not (tmp_path / "o.md").exists()


def test_wrong_type_is_one_line_naming_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    design = tmp_path / "typed.yaml"
    design.write_text("schema_version: 1\npopulation:\n  age_min: old\n", encoding="utf-8")
    code, _, err = run(["check", str(design)], capsys)
    assert code == 2
    assert f"{design}:3: Population, minimum age (years): 'old' is not a number" in err


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_render_writes_and_refuses_to_overwrite(
    fmt: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / f"protocol.{fmt}"
    code, out, _ = run(["render", str(MAIN), "--to", fmt, "-o", str(target)], capsys)
    assert code == 0 and out.strip().startswith(f"wrote {target}")
    first = target.read_bytes()
    assert b"10.7 Sample size determination" in first
    code, _, err = run(["render", str(MAIN), "--to", fmt, "-o", str(target)], capsys)
    assert code == 2
    assert err == f"trialkit: error: {target} exists; use --force to overwrite it\n"
    assert target.read_bytes() == first
    code, _, _ = run(["render", str(MAIN), "--to", fmt, "-o", str(target), "--force"], capsys)
    assert code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [target.name]


def test_render_of_a_partial_design_notes_open_issues(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    design = tmp_path / "draft.yaml"
    design.write_text("schema_version: 1\ntitle_page: {acronym: DRAFT}\n", encoding="utf-8")
    code, out, _ = run(["render", str(design)], capsys)
    assert code == 0
    assert "open issues; see trialkit check" in out
    text = (tmp_path / "draft.md").read_text(encoding="utf-8")
    assert "**DRAFT**" in text and "[Give a short title]" in text


def test_render_docx_dispatches_to_the_word_writer(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "protocol.docx"
    code, _, err = run(["render", str(MAIN), "--to", "docx", "-o", str(target)], capsys)
    assert code == 0, err
    assert target.read_bytes()[:2] == b"PK"
    assert sorted(p.name for p in tmp_path.iterdir()) == [target.name]


def test_schema_is_json_schema_of_the_design(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["schema"], capsys)
    schema = json.loads(out)
    assert code == 0
    assert schema["$schema"].startswith("https://json-schema.org/")
    assert schema["title"] == "Trial"
    assert "sample_size" in schema["properties"]


def test_word_output_gets_ordinary_file_permissions(tmp_path):
    """A new .docx is readable like any other file the user makes (mkstemp's 0600 is not kept)."""
    import os
    import stat

    target = tmp_path / "protocol.docx"
    previous = os.umask(0o022)
    try:
        assert main(["render", str(ROOT / "examples" / "anakinra-t1d.yaml"), "--to", "docx",
                     "-o", str(target)]) == 0
    finally:
        os.umask(previous)
    assert stat.S_IMODE(target.stat().st_mode) == 0o644


def test_render_refuses_a_folder_as_output_and_a_missing_template_folder(tmp_path, capsys):
    design = str(ROOT / "examples" / "anakinra-t1d.yaml")
    assert main(["render", design, "--to", "md", "-o", str(tmp_path), "--force"]) == 2
    assert "is a folder" in capsys.readouterr().err
    out = str(tmp_path / "p.md")
    assert main(["render", design, "--to", "md", "-o", out, "--templates", str(tmp_path / "no")]) == 2
    assert "--templates" in capsys.readouterr().err
