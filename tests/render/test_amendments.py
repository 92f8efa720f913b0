"""``trialkit render NEW --amends OLD``: the amendment status and the ICH M11 summary of changes in
Markdown, HTML and Word, its changes exactly those of ``trialkit diff --json``."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import docx
import pytest

from trialkit.cli import main
from trialkit.design import parse_trial

ROOT = Path(__file__).resolve().parents[2]
IL1RA = ROOT / "examples" / "il1ra-t2d-durability.yaml"
HISTORY = """version_history:
  - {version: "0.9", date: 2026-11-22, summary: First version}
  - version: "1.0"
    date: 2026-12-01
    summary: Power lowered after the funder's review.
    changes:
      - {field: sample_size, rationale: The funder accepts 80% power, substantial: true}
      - {field: population.exclusion, rationale: Pregnancy is covered by contraception, substantial: false}
      - {field: population, rationale: Wider than needed, substantial: true}
"""
PROMPT_RATIONALE = "[Give the rationale for this change]"
PROMPT_SUBSTANTIAL = "[Say whether the change is substantial]"


@pytest.fixture
def amended(tmp_path: Path) -> Path:
    text = IL1RA.read_text(encoding="utf-8")
    for old, new in [
        ("parameters: {power: 0.9,", "parameters: {power: 0.8,"),
        ("    - Pregnancy or breastfeeding\n", ""),
        ("  - id: placebo\n    name: Placebo\n", "  - id: placebo\n    name: Matching placebo\n"),
        ('  version: "0.9"', '  version: "1.0"'),
        # the original's typed status goes, so the amendment's status is derived
        ("  amendment_status: Original protocol (draft version 0.9); not amended\n", ""),
    ]:
        assert old in text
        text = text.replace(old, new)
    path = tmp_path / "amended.yaml"
    path.write_text(text + HISTORY, encoding="utf-8")
    return path


def _expected(amended: Path, capsys: pytest.CaptureFixture[str]) -> list[tuple[str, str, str]]:
    """(section, rationale, substantial) per row, from ``trialkit diff --json`` and the history."""
    assert main(["diff", str(IL1RA), str(amended), "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    given = {"sample_size": ("The funder accepts 80% power", "Yes"),
             "population.exclusion": ("Pregnancy is covered by contraception", "No")}
    rows = []
    for change in data["changes"]:
        if change["field"].startswith(("title_page.version", "version_history",
                                       "title_page.amendment_status")):
            continue  # the amendment's own record, not a change to the trial
        place = next((p for p in given if change["field"].startswith(p)), None)
        rationale, substantial = given[place] if place else (PROMPT_RATIONALE, PROMPT_SUBSTANTIAL)
        rows.append((change["section"], rationale, substantial))
    required = data["sample_size"]["required"]
    assert required["old"] != required["new"]
    rows.append(("10.7 Sample size determination", "The funder accepts 80% power", "Yes"))
    return rows


def _render(amended: Path, to: str, tmp_path: Path) -> Path:
    out = tmp_path / f"protocol.{to}"
    assert main(["render", str(amended), "--amends", str(IL1RA), "--to", to, "-o", str(out)]) == 0
    return out


def _markdown_rows(text: str) -> list[list[str]]:
    start = text.index("| Section | Change | Rationale | Substantial |")
    lines = text[start:].split("\n\n")[0].splitlines()[2:]
    return [[cell.strip().replace("\\", "") for cell in line.strip("|").split(" | ")] for line in lines]


def test_markdown_summary_of_changes_agrees_with_diff(
        amended: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    expected = _expected(amended, capsys)
    text = _render(amended, "md", tmp_path).read_text(encoding="utf-8")
    rows = _markdown_rows(text)
    assert [(r[0], r[2], r[3]) for r in rows] == expected
    changes = [r[1] for r in rows]
    assert "Exclusion criteria: removed 'Pregnancy or breastfeeding'" in changes
    assert "Arm placebo, name: changed from 'Placebo' to 'Matching placebo'" in changes
    assert "Power: changed from 0.9 to 0.8" in changes
    assert changes[-1].startswith("Sample size: required by the calculation from 148 participants to ")
    assert "| Amendment status | Amendment: version 1.0 of 2026-12-01, amending version 0.9; " \
           "substantial |" in text
    assert "**Overall rationale for the amendment:** Power lowered after the funder's review." in text
    assert "trialkit:" not in text  # the markers stay out of a document for people


def test_html_summary_of_changes(amended: Path, tmp_path: Path,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    expected = _expected(amended, capsys)
    page = _render(amended, "html", tmp_path).read_text(encoding="utf-8")
    table = page[page.index("<th>Section</th><th>Change</th>"):]
    table = table[:table.index("</table>")]
    rows = [[html.unescape(re.sub(r"<[^>]+>", "", cell.split("</td>")[0]))
             for cell in row.split("<td>")[1:]] for row in table.split("<tr>")[1:]]
    assert [(r[0], r[2], r[3]) for r in rows] == expected
    assert "Amendment: version 1.0 of 2026-12-01" in page


def test_word_summary_of_changes_is_its_own_table(amended: Path, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    expected = _expected(amended, capsys)
    document = docx.Document(str(_render(amended, "docx", tmp_path)))
    [table] = [t for t in document.tables
               if [c.text for c in t.rows[0].cells] == ["Section", "Change", "Rationale", "Substantial"]]
    rows = [[c.text for c in row.cells] for row in table.rows[1:]]
    assert [(r[0], r[2], r[3]) for r in rows] == expected
    assert "Arm placebo, name: changed from 'Placebo' to 'Matching placebo'" in [r[1] for r in rows]
    header = table.rows[0]._tr.xpath("./w:trPr/w:tblHeader")
    assert header, "the header row repeats on every page"
    title = [[c.text for c in row.cells] for row in document.tables[0].rows]
    assert ["Amendment status", "Amendment: version 1.0 of 2026-12-01, amending version 0.9; "
            "substantial"] in title
    prompt = next(p for row in table.rows[1:] for p in row.cells[2].paragraphs
                  if p.text == PROMPT_RATIONALE)
    assert prompt.runs[0].font.highlight_color is not None  # a prompt to fill, highlighted


def test_without_amends_there_is_no_summary(tmp_path: Path) -> None:
    out = tmp_path / "p.md"
    assert main(["render", str(IL1RA), "-o", str(out)]) == 0
    assert "summary of changes" not in out.read_text(encoding="utf-8")


def test_same_design_says_nothing_changed_and_keeps_a_typed_status(
        tmp_path: Path) -> None:
    design = tmp_path / "same.yaml"
    design.write_text(IL1RA.read_text(encoding="utf-8").replace(
        "  amendment_status: Original protocol (draft version 0.9); not amended\n",
        "  amendment_status: Amendment 2 (local)\n"), encoding="utf-8")
    for to in ("md", "docx"):
        out = _render(design, to, tmp_path)
        text = (out.read_text(encoding="utf-8") if to == "md"
                else "\n".join(p.text for p in docx.Document(str(out)).paragraphs))
        assert "The designs of the two versions do not differ." in text
    assert "| Amendment status | Amendment 2 (local) |" in (tmp_path / "protocol.md").read_text(
        encoding="utf-8")


def test_a_missing_old_design_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["render", str(IL1RA), "--amends", str(tmp_path / "nope.yaml"),
                 "-o", str(tmp_path / "p.md")])
    err = capsys.readouterr().err
    assert code == 2 and len(err.strip().splitlines()) == 1 and "nope.yaml" in err
    assert not (tmp_path / "p.md").exists()


def test_the_most_specific_rationale_wins() -> None:
    trial = parse_trial("schema_version: 1\n" + HISTORY)
    version = trial.version_history[-1]
    assert version.rationale_for("population.exclusion").substantial is False  # type: ignore[union-attr]
    assert version.rationale_for("population.inclusion").substantial is True  # type: ignore[union-attr]
    assert version.rationale_for("population_extra") is None
    assert version.rationale_for("arms[placebo].name") is None
