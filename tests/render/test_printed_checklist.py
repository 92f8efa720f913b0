"""SPIRIT items count as addressed only when the protocol prints no prompt for them.

Reproductions of audit finding D4: a registration 'identifier' that is a word, a missing
insurance statement and an intercurrent event without a strategy each print a bracketed
prompt, so the item must not be addressed in check, in the protocol's checklist appendix or
in the terminal UI's review.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.render import examples
from trialkit.cli import main
from trialkit.design import load_trial
from trialkit.design.evidence_link import EvidenceLink
from trialkit.render.markdown import render_markdown
from trialkit.render.printed import assess_as_printed, printed_prompts
from trialkit.render.prompts import PRINTED
from trialkit.render.templates import template_blocks, template_folders
from trialkit.tui.analysis import analyse

ROOT = Path(__file__).resolve().parents[2]
MAIN = ROOT / "examples" / "ld-il2-sle.yaml"


def _variant(tmp_path: Path, change: Any) -> Path:
    data = yaml.safe_load(MAIN.read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "variant.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def _status(path: Path, item: str) -> tuple[str, tuple[str, ...]]:
    rows = assess_as_printed(load_trial(path), EvidenceLink.open()).coverage("2025")
    row = next(r for r in rows if r.id == item)
    return row.status, row.unfilled


def _register(identifier: str) -> Any:
    def change(data: dict[str, Any]) -> None:
        data["title_page"]["registry_ids"] = [
            {"registry": "ClinicalTrials.gov", "identifier": identifier}]
    return change


@pytest.mark.parametrize("word", ["pending", "to be assigned", "to follow",
                                  "Not yet registered"])
def test_a_word_in_place_of_the_trial_identifier_leaves_item_4_open(
        tmp_path: Path, word: str) -> None:
    status, unfilled = _status(_variant(tmp_path, _register(word)), "4")
    assert status == "partial"
    assert any("[Give the identifier once registered]" in u for u in unfilled)


def test_a_real_identifier_addresses_item_4(tmp_path: Path) -> None:
    assert _status(_variant(tmp_path, _register("NCT05212857")), "4") == ("addressed", ())


def test_a_missing_insurance_statement_leaves_item_34_open(tmp_path: Path) -> None:
    assert _status(MAIN, "34")[0] == "addressed"
    path = _variant(tmp_path, lambda d: d["ethics"].pop("insurance"))
    status, unfilled = _status(path, "34")
    assert status == "partial"
    assert unfilled == ("11.6 Insurance, compensation and post-trial care: "
                        "[Describe insurance and compensation for harm]",)


def _drop_strategy(data: dict[str, Any]) -> None:
    estimand = data["objectives"][0]["endpoints"][0]["estimand"]
    estimand["intercurrent_events"][0].pop("strategy")


def test_an_intercurrent_event_without_a_strategy_leaves_the_estimand_items_open(
        tmp_path: Path) -> None:
    assert _status(MAIN, "16")[0] == "addressed"
    status, unfilled = _status(_variant(tmp_path, _drop_strategy), "16")
    assert status == "partial"
    assert any("[Choose a strategy]" in u for u in unfilled)


def test_check_the_appendix_and_the_review_agree(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _variant(tmp_path, lambda d: d["ethics"].pop("insurance"))
    assert main(["check", str(path), "--json"]) == 1
    rows = {r["id"]: r for r in json.loads(capsys.readouterr().out)["items"]}
    assert rows["34"]["status"] == "partial"
    trial = load_trial(path)
    appendix = render_markdown(trial).split("SPIRIT 2025 checklist", 1)[1]
    row = next(line for line in appendix.splitlines() if line.startswith("| 34 |"))
    assert row.endswith("| partly addressed: Describe insurance and compensation for harm |")
    assert main(["check", str(path)]) == 1
    assert "still asks: Describe insurance and compensation for harm" in capsys.readouterr().out
    review = analyse(trial, EvidenceLink.open())
    assert any(g.message.startswith("SPIRIT 34 ") for g in review.gaps)


def test_prompts_are_read_per_section() -> None:
    blocks = template_blocks()
    text = ("# Title\n\n[Give the identifier once registered]\n\n## 4 Trial design\n\n"
            "[Describe the overall design]\n\n### 4.2 Trial settings and countries\n\n"
            "Cited [1] and [a link](https://example.org).\n\n### 5.1 Inclusion criteria\n\n"
            "[List the inclusion criteria]\n")
    found = printed_prompts(text, blocks)
    assert found["Title page"] == ("[Give the identifier once registered]",)
    assert found["4.1 Overall design"] == ("[Describe the overall design]",)
    assert found["5 Trial population"] == ("[List the inclusion criteria]",)
    assert not any("4.2" in section for section in found)


def test_the_prompts_for_lists_are_the_ones_the_templates_print() -> None:
    """The checklist tells whose prompt it is by its words, so they must be the templates'."""
    folder = template_folders(None)[-1]
    templates = "".join(p.read_text(encoding="utf-8") for p in folder.rglob("*.j2"))
    render = "".join(p.read_text(encoding="utf-8")
                     for p in (ROOT / "trialkit" / "render").glob("*.py"))
    for key, prompt in PRINTED.items():  # printed by a template or by a part they print
        assert f'placeholder("{prompt}")' in templates or f'PRINTED["{key}"]' in render, prompt


@pytest.mark.parametrize("example", sorted(p.name for p in (ROOT / "examples").glob("*.yaml")))
def test_every_section_the_checklist_cites_is_a_heading_of_the_document(example: str) -> None:
    """Audit finding D8: check and the appendix cited '10.2 Primary analysis' for a heading
    '10.2 Analysis of the primary endpoint'; the heading is now the one source."""
    stem = example.removesuffix(".yaml")
    assessment = examples.context(stem).assessment  # assess_as_printed's, as check has it
    headings = {line.lstrip("#").strip() for line in examples.markdown(stem).splitlines()
                if line.startswith("#")}
    cited = {w for version in ("2025", "2013") for row in assessment.coverage(version)
             for w in row.where if w != "Title page"}
    assert cited and cited <= headings, sorted(cited - headings)
