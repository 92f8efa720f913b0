"""``trialkit diff``: changes by protocol section, the sample-size consequence, exit 1 when different."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from trialkit.cli import main
from trialkit.design import load_trial, parse_trial
from trialkit.export.amendments import compare
from trialkit.export.enrolment import required_enrolment

ROOT = Path(__file__).resolve().parents[2]
IL1RA = ROOT / "examples" / "il1ra-t2d-durability.yaml"


@pytest.fixture
def amended(tmp_path: Path) -> Path:
    text = IL1RA.read_text(encoding="utf-8")
    for old, new in [
        ("parameters: {power: 0.9,", "parameters: {power: 0.8,"),
        ("    - Insulin treatment\n", "    - Insulin treatment within 3 months\n"),
        ("    - Pregnancy or breastfeeding\n", ""),
        ("  - id: placebo\n    name: Placebo\n", "  - id: placebo\n    name: Matching placebo\n"),
        ("  - {id: W26, name: Week 26,", "  - {id: W39, name: Week 39, day: 273, assessments: [ae]}\n"
         "  - {id: W26, name: Week 26,"),
    ]:
        assert old in text
        text = text.replace(old, new)
    path = tmp_path / "amended.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_changes_are_listed_by_section_with_the_sample_size_consequence(amended: Path) -> None:
    old, new = load_trial(IL1RA), load_trial(amended)
    amendment = compare(old, new)
    pop = "5 Trial population"
    found = {(c.section, c.field, c.kind, json.dumps(c.old), json.dumps(c.new)) for c in amendment.changes}
    assert found == {
        (pop, "population.exclusion", "removed", '"Insulin treatment"', "null"),
        (pop, "population.exclusion", "removed", '"Pregnancy or breastfeeding"', "null"),
        (pop, "population.exclusion", "added", "null", '"Insulin treatment within 3 months"'),
        ("6.1 Interventions administered", "arms[placebo].name", "changed", '"Placebo"',
         '"Matching placebo"'),
        ("1.3 Schedule of activities", "visits[W39]", "added", "null", '"Week 39"'),
        ("10.7 Sample size determination", "sample_size.parameters.power", "changed", "0.9", "0.8"),
    }
    # The consequence is the design's own assessment of each version, not a number of its own.
    assert amendment.required == (required_enrolment(old), required_enrolment(new))
    assert amendment.required[1] < amendment.required[0]
    assert amendment.planned == (148, 148)  # the target enrolment did not change
    text = amendment.text()
    assert text.index("5 Trial population") < text.index("10.7 Sample size determination")
    assert f"required by the calculation: {amendment.required[0]} participants -> " in text
    assert "planned enrolment: unchanged (148 participants)" in text


def test_cli_exit_status_and_json(amended: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", str(IL1RA), str(IL1RA)]) == 0
    assert capsys.readouterr().out == "No changes.\n"
    assert main(["diff", str(IL1RA), str(amended)]) == 1
    out = capsys.readouterr().out
    assert "~ Arm placebo, name (arms[placebo].name): 'Placebo' -> 'Matching placebo'" in out
    assert main(["diff", str(IL1RA), str(amended), "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert len(data["changes"]) == 6
    assert data["sample_size"]["planned"] == {"old": 148, "new": 148}


def test_blank_fields_filled_in_are_additions() -> None:
    old = parse_trial("schema_version: 1\n")
    new = parse_trial("schema_version: 1\ntitle_page: {acronym: NEW}\n")
    [change] = compare(old, new).changes
    assert (change.field, change.kind, change.new) == ("title_page.acronym", "added", "NEW")
    assert change.line() == "+ Acronym (title_page.acronym): added 'NEW'"
