"""WHO Trial Registration Data Set (v1.3.1): 24 items from the design, or what is missing."""

from __future__ import annotations

from pathlib import Path

from trialkit.cli import main
from trialkit.design import load_trial, parse_trial
from trialkit.export.trds import trds_items, trds_markdown

ROOT = Path(__file__).resolve().parents[2]
IL1RA = ROOT / "examples" / "il1ra-t2d-durability.yaml"

WHO_ITEMS = [
    "Primary registry and trial identifying number", "Date of registration in primary registry",
    "Secondary identifying numbers", "Source(s) of monetary or material support", "Primary sponsor",
    "Secondary sponsor(s)", "Contact for public queries", "Contact for scientific queries",
    "Public title", "Scientific title", "Countries of recruitment",
    "Health condition(s) or problem(s) studied", "Intervention(s)",
    "Key inclusion and exclusion criteria", "Study type", "Date of first enrolment", "Sample size",
    "Recruitment status", "Primary outcome(s)", "Key secondary outcomes", "Ethics review",
    "Completion date", "Summary results", "IPD sharing statement",
]
"""The 24 items of the WHO Trial Registration Data Set, version 1.3.1 (WHO ICTRP), in order."""


def test_the_24_items_in_who_order_with_the_designs_values() -> None:
    items = trds_items(load_trial(IL1RA), 148)
    assert [(i.number, i.name) for i in items] == list(enumerate(WHO_ITEMS, start=1))
    value = {i.number: i.value for i in items}
    assert value[5] == "Example University Hospital (trial sponsor)"
    assert value[11] == "Denmark"
    assert value[15] == "Interventional; parallel assignment; double blinding; phase 2"
    assert value[17] == "148 participants (planned)"
    assert value[19] == (
        "Fasting proinsulin-to-insulin ratio at week 52 (Week 52 (39 weeks after the last dose))")
    assert value[1] is None and "title_page.registry_ids" in items[0].missing


def test_a_blank_design_names_the_field_for_each_missing_item() -> None:
    items = trds_items(parse_trial("schema_version: 1\n"), None)
    missing = {i.number: i.missing for i in items if i.value is None}
    assert set(missing) == set(range(1, 25)) - {15, 18}
    assert missing[9] == "Missing: fill in title_page.short_title"
    assert missing[17] == "Missing: fill in sample_size"


def test_user_text_stays_text_in_the_table() -> None:
    trial = parse_trial("schema_version: 1\ntitle_page: {short_title: 'A | <b>bold</b> [x](y)'}\n")
    table = trds_markdown(trial, None)
    row = next(line for line in table.splitlines() if line.startswith("| 9 |"))
    assert row == r"| 9 | Public title | A \| \<b\>bold\</b\> \[x\](y) |"


def test_cli_writes_the_table(tmp_path: Path, capsys) -> None:
    out = tmp_path / "trds.md"
    assert main(["export", str(IL1RA), "--to", "trds", "-o", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# WHO Trial Registration Data Set (version 1.3.1)")
    assert "18 of 24 items filled from the design." in text
