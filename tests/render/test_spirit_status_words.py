"""SPIRIT statuses are worded in one place and every output prints those words (audit N8).

The protocol's appendix printed the raw value ("partial") while check had its own word table
("partly filled"); the review printed no status at all.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from trialkit.cli import main
from trialkit.design import load_trial
from trialkit.design.checklist import STATUS_WORDS
from trialkit.design.evidence_link import EvidenceLink
from trialkit.render.printed import printed_context
from trialkit.tui.analysis import analyse

ROOT = Path(__file__).resolve().parents[2]
DATA = yaml.safe_load((ROOT / "examples" / "anakinra-t1d.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def design(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example with item 34 partly addressed and the whole title page of 1a unwritten."""
    data: dict[str, Any] = copy.deepcopy(DATA)
    data["ethics"].pop("insurance")
    for name in ("full_title", "short_title", "acronym"):
        data["title_page"].pop(name)
    path = tmp_path_factory.mktemp("words") / "design.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def test_every_status_has_words_that_are_not_its_code() -> None:
    assert set(STATUS_WORDS) == {"addressed", "partial", "placeholder", "absent"}
    assert all(" " in words for code, words in STATUS_WORDS.items() if code != "addressed")


def test_check_the_appendix_and_the_review_print_the_same_words(
        design: Path, capsys: pytest.CaptureFixture[str]) -> None:
    context = printed_context(load_trial(design), EvidenceLink.open())
    rows = {r.id: r for r in context.assessment.coverage("2025")}
    assert (rows["34"].status, rows["1a"].status) == ("partial", "placeholder")
    partly, unwritten = STATUS_WORDS["partial"], STATUS_WORDS["placeholder"]
    appendix = (context.printed(None) or "").split("SPIRIT 2025 checklist", 1)[1]
    lines = {line.split(" | ", 1)[0]: line for line in appendix.splitlines()}
    assert f"| {partly}: Describe insurance and compensation for harm |" in lines["| 34"]
    assert f"| {unwritten}: Give the full title" in lines["| 1a"]
    assert "| partial" not in appendix and "| placeholder" not in appendix

    assert main(["check", str(design)]) == 1
    out = {line.split()[0]: line for line in capsys.readouterr().out.splitlines()
           if line.startswith("  ")}
    assert f"[{partly} in 11.6 " in out["34"]
    assert f"[{unwritten} in Title page" in out["1a"]

    gaps = {g.message.split()[1]: g.message for g in
            analyse(load_trial(design), EvidenceLink.open()).gaps}
    assert f"({partly}; to fill: " in gaps["34"]
    assert f"({unwritten}; to fill: " in gaps["1a"]


def test_the_json_report_carries_the_words(
        design: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    main(["check", str(design), "--json"])
    items = {r["id"]: r for r in json.loads(capsys.readouterr().out)["items"]}
    assert items["34"]["status_words"] == STATUS_WORDS["partial"]
