"""A non-answer does not address a SPIRIT item (audit finding N4).

A whole section reading "-", "?", "...", "[to be written]", "<fill in>" or "{{ missing }}" kept
its item addressed: only "to be named", TBD/TBC/TODO/XXX and capitalised bracketed prompts
counted as unfilled. Check, the protocol's appendix and the review read the one assessment,
so each is asserted here.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from trialkit.cli import main
from trialkit.design import load_trial
from trialkit.design.checklist import unfilled
from trialkit.design.evidence_link import EvidenceLink
from trialkit.render.printed import printed_context
from trialkit.tui.analysis import analyse

ROOT = Path(__file__).resolve().parents[2]
DATA = yaml.safe_load((ROOT / "examples" / "anakinra-t1d.yaml").read_text(encoding="utf-8"))

NON_ANSWERS = ["-", "?", "...", "\u2014", "[to be written]", "<fill in>", "{{ missing }}",
               "{missing}", "TBC", "tbc.", "To follow", "pending", "N/A", "n/a",
               "Not applicable", "[]", "<>", "placeholder"]


def _with_missing_data(tmp_path: Path, text: str) -> Path:
    data: dict[str, Any] = copy.deepcopy(DATA)
    data["statistics"]["missing_data"] = text
    path = tmp_path / "variant.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.parametrize("text", NON_ANSWERS)
def test_a_non_answer_leaves_the_item_open_in_the_assessment_and_the_appendix(
        tmp_path: Path, text: str) -> None:
    context = printed_context(load_trial(_with_missing_data(tmp_path, text)), EvidenceLink.open())
    row = next(r for r in context.assessment.coverage("2025") if r.id == "27c")
    assert row.status == "partial", (text, row)
    assert row.empty_fields == ("statistics.missing_data",)
    appendix = (context.printed(None) or "").split("SPIRIT 2025 checklist", 1)[1]
    line = next(x for x in appendix.splitlines() if x.startswith("| 27c |"))
    assert not line.rstrip(" |").endswith("addressed"), line


@pytest.mark.parametrize("text", ["-", "[to be written]"])
def test_check_and_the_review_name_the_non_answer(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str) -> None:
    path = _with_missing_data(tmp_path, text)
    assert main(["check", str(path)]) == 1
    out = capsys.readouterr().out
    addressed = out.split("Addressed:", 1)[1].split("\n\n", 1)[0]
    assert "27c" not in addressed
    assert any(line.lstrip().startswith("27c") for line in out.splitlines())
    gaps = analyse(load_trial(path), EvidenceLink.open()).gaps
    assert any(g.message.startswith("SPIRIT 27c ") for g in gaps)


def test_the_example_s_missing_data_section_addresses_the_item() -> None:
    context = printed_context(load_trial(ROOT / "examples" / "anakinra-t1d.yaml"),
                              EvidenceLink.open())
    row = next(r for r in context.assessment.coverage("2025") if r.id == "27c")
    assert row.status == "addressed"


@pytest.mark.parametrize("text", NON_ANSWERS)
def test_non_answers_are_unfilled(text: str) -> None:
    assert unfilled(text)


@pytest.mark.parametrize("text", [
    "Multiple imputation under missing at random [1].",
    "[1]", "[moran2013]", "[1, 2]", "None", "No", "0", "2.5 mg/kg", "Phase 2",
    "Not applicable: only men are enrolled.", "HbA1c < 7.5% and > 6.0%",
    "Pending results of the pilot, the SD is taken from Moran 2013.",
    "Participants aged 18-45", "NA-001 (sponsor code)", "%", "\u00b0C", "+", "Na", "NA",
])
def test_real_answers_are_filled(text: str) -> None:
    assert not unfilled(text)


@pytest.mark.parametrize(("path", "item"), [
    ("intervention_conduct.concomitant_permitted.0", "15d"),
    ("discontinuation.intervention_criteria.0", "15b"),
    ("statistics.sensitivity_analyses", "27d"),
])
def test_a_non_answer_in_one_alternative_is_not_hidden_by_the_other(
        tmp_path: Path, path: str, item: str) -> None:
    """'Permitted or prohibited medicines' is answered by either list, but a printed
    '[to be written]' in one of them still leaves the item open."""
    _assert_opens(tmp_path, path, item)


@pytest.mark.parametrize(("path", "item"), [
    ("design.randomisation.stratification.1", "21b"),
    ("safety.expected_adverse_events.0.note", "17"),
    ("sample_size.rationale", "19"),
])
def test_a_non_answer_in_a_field_the_item_does_not_need_still_opens_it(
        tmp_path: Path, path: str, item: str) -> None:
    """A trial need not stratify, but a stratum reading '[to be written]' is printed."""
    _assert_opens(tmp_path, path, item)


def _assert_opens(tmp_path: Path, path: str, item: str) -> None:
    data: dict[str, Any] = copy.deepcopy(DATA)
    node: Any = data
    *parents, last = path.split(".")
    for name in parents:
        node = node[int(name)] if name.isdigit() else node[name]
    node[int(last) if last.isdigit() else last] = "[to be written]"
    target = tmp_path / "variant.yaml"
    target.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    context = printed_context(load_trial(target), EvidenceLink.open())
    row = next(r for r in context.assessment.coverage("2025") if r.id == item)
    assert row.status == "partial", row
    assert "[to be written]" in row.still_to_write
