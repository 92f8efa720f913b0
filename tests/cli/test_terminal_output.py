"""What the CLI prints is safe for a terminal and never a number it cannot stand behind.

Evidence records are other people's files: escape sequences in them are shown as ``\\x1b``
text, never sent to the terminal. ``trialkit power`` refuses, in one line with exit 2, a
result holding NaN or a sample size beyond the engine's maximum.
"""

from __future__ import annotations

import json
import math
import shutil
from pathlib import Path

import pytest
import yaml

from trialkit.cli import main
from trialkit.cli.terminal import printable, printable_json

USER = Path(__file__).parents[1] / "evidence" / "user_evidence"
CLEAR = "\x1b[2J\x1b[H"
TITLE = "\x1b]0;owned\x07"
CSI8 = "\x9b31m"
RLO = "\u202e"
HOSTILE = f"SRI-4 {CLEAR}{TITLE}{CSI8} {RLO}gnp.exe\x7f end"
RAW = ("\x1b", "\x07", "\x9b", "\x7f", RLO)


@pytest.fixture(autouse=True)
def no_env_folders(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TRIALKIT_EVIDENCE", raising=False)


@pytest.fixture
def hostile_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "evidence"
    folder.mkdir()
    target = folder / "he2020.yaml"
    shutil.copy(USER / "he2020.yaml", target)
    data = yaml.safe_load(target.read_text(encoding="utf-8"))
    data["id"] = "escapes2020"
    data["citation"]["title"] = HOSTILE
    data["design"]["population"] = HOSTILE
    data["estimates"][0]["outcome"] = HOSTILE
    data["estimates"][0]["locator"] = HOSTILE
    target.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return folder


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def assert_no_raw_controls(text: str) -> None:
    assert not [c for c in RAW if c in text], [c for c in RAW if c in text]
    assert "\\x1b[2J" in text


@pytest.mark.parametrize("argv", [
    ("list",), ("list", "--source", "escapes2020"), ("show", "escapes2020"),
    ("show", "escapes2020.sri4_w24_il2"),
])
def test_evidence_text_reaches_the_terminal_without_its_escape_sequences(
        capsys: pytest.CaptureFixture[str], hostile_folder: Path, argv: tuple[str, ...]) -> None:
    code, out, err = run(capsys, "evidence", "--evidence", str(hostile_folder), *argv)
    assert code == 0 and err == ""
    assert_no_raw_controls(out)
    assert "\\u202e" in out or argv[0] == "list"  # the list cuts the outcome short


def test_evidence_list_columns_stay_aligned_with_escapes(
        capsys: pytest.CaptureFixture[str], hostile_folder: Path) -> None:
    _, out, _ = run(capsys, "evidence", "--evidence", str(hostile_folder), "list",
                    "--source", "escapes2020")
    header, *rows = out.splitlines()
    start = header.index("KIND")
    assert all(row[start:].split()[0] == "single_arm_proportion" for row in rows)


def test_evidence_json_keeps_the_exact_text_but_escapes_it(
        capsys: pytest.CaptureFixture[str], hostile_folder: Path) -> None:
    code, out, _ = run(capsys, "evidence", "--evidence", str(hostile_folder), "show",
                       "escapes2020.sri4_w24_il2", "--json")
    assert code == 0
    assert not [c for c in RAW if c in out]
    assert json.loads(out)["outcome"] == HOSTILE


def test_evidence_size_justification_is_printable(
        capsys: pytest.CaptureFixture[str], hostile_folder: Path) -> None:
    code, out, err = run(capsys, "evidence", "--evidence", str(hostile_folder), "size",
                         "escapes2020.sri4_w24_il2", "--procedure", "one_proportion",
                         "--null-rate", "0.4")
    assert code == 0, err
    assert_no_raw_controls(out)


def test_printable_keeps_layout_and_plain_text() -> None:
    assert printable("a\tb\nc é 中文") == "a\tb\nc é 中文"
    assert printable(CLEAR + TITLE) == "\\x1b[2J\\x1b[H\\x1b]0;owned\\x07"
    text = json.dumps({"k": HOSTILE}, ensure_ascii=False)
    assert json.loads(printable_json(text)) == {"k": HOSTILE}


@pytest.mark.parametrize("argv", [
    ("two-means", "--delta", "0.5", "--sd", "1", "--power", "0.8", "--sweep", "n_per_arm=1:5:1"),
    ("two-means", "--delta", "0.5", "--sd", "1", "--power", "0.8", "--sweep", "n_per_arm=1:5:1",
     "--json"),
    ("two-means", "--delta", "0.5", "--sd", "1", "--power", "0.8", "--ratio", "1e300"),
    ("two-proportions", "--p1", "0.2", "--p2", "0.3", "--power", "0.8", "--ratio", "1e300"),
    ("one-proportion", "--p0", "0.2", "--p1", "0.3", "--n", "10000000000"),
])
def test_power_refuses_what_it_cannot_stand_behind_in_one_line(
        capsys: pytest.CaptureFixture[str], argv: tuple[str, ...]) -> None:
    code, out, err = run(capsys, "power", *argv)
    assert code == 2 and out == ""
    assert err.startswith("trialkit: error: ") and err.count("\n") == 1
    assert "nan" not in err.lower().replace("cannot", "").replace("than", "")


def test_power_prints_only_finite_numbers_for_an_ordinary_sweep(
        capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "power", "two-means", "--delta", "0.5", "--sd", "1", "--power",
                       "0.8", "--sweep", "n_per_arm=2:10:2", "--json")
    assert code == 0
    payload = json.loads(out, parse_constant=lambda name: pytest.fail(f"{name} in the JSON"))
    assert all(math.isfinite(p) for p in payload["sweep"]["power"])


def test_diff_shows_ids_from_a_design_without_their_escape_sequences(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    example = Path(__file__).parents[2] / "examples" / "anakinra-t1d.yaml"
    data = yaml.safe_load(example.read_text(encoding="utf-8"))
    data["arms"][0]["id"] = f"arm{CLEAR}{TITLE}"
    amended = tmp_path / "amended.yaml"
    amended.write_text(yaml.safe_dump(data), encoding="utf-8")
    code, out, _ = run(capsys, "diff", str(example), str(amended))
    assert code == 1
    assert_no_raw_controls(out)
    code, out, _ = run(capsys, "diff", str(example), str(amended), "--json")
    assert code == 1 and not [c for c in RAW if c in out]
    assert f"arms[arm{CLEAR}{TITLE}]" in [c["field"] for c in json.loads(out)["changes"]]


def test_an_error_line_quoting_a_path_sends_no_escape_sequence(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    missing = tmp_path / f"design{CLEAR}.yaml"
    code, out, err = run(capsys, "check", str(missing))
    assert code == 2 and out == "" and err.count("\n") == 1
    assert "\x1b" not in err and "\\x1b[2J" in err
