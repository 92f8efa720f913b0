"""Each SPIRIT item's status depends on its own fields and prompts, and a failed sizing is not
addressed (audit findings N21 and N22).

N21: one missing title-page field (the SAE reporting route, the manufacturer, the phase) marked
unrelated items (1a title, 2 version and date, 7a funding) partly done, and the review sent the
user there. N22: item 19 read "addressed" when the sample size could not be computed, if the
engine's reason had a digit in it; and the protocol told the reader to "Correct sample_size in
the design", a YAML key.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from trialkit.design import load_trial
from trialkit.design.checklist import ItemCoverage, load_checklist
from trialkit.design.evidence_link import EvidenceLink
from trialkit.render.printed import printed_context

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "anakinra-t1d.yaml"
DATA = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
TITLE_FIELDS = list(DATA["title_page"])


def _rows(tmp_path: Path, data: dict[str, Any], name: str = "variant"
          ) -> dict[str, ItemCoverage]:
    path = tmp_path / f"{name}.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    context = printed_context(load_trial(path), EvidenceLink.open())
    return {row.id: row for row in context.assessment.coverage("2025")}


def _items_listing(path: str) -> set[str]:
    """The SPIRIT 2025 items with a field at or under ``path`` (any alternative)."""
    return {
        item.id for item in load_checklist("2025").items
        for group in item.fields for alt in group.split("|")
        if (name := alt.partition("=")[0].strip()) == path or name.startswith(path + ".")
    }


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> dict[str, ItemCoverage]:
    return _rows(tmp_path_factory.mktemp("base"), DATA, "base")


@pytest.mark.parametrize("field", TITLE_FIELDS)
def test_removing_a_title_page_field_changes_only_the_items_that_list_it(
        tmp_path: Path, base: dict[str, ItemCoverage], field: str) -> None:
    data = copy.deepcopy(DATA)
    del data["title_page"][field]
    rows = _rows(tmp_path, data)
    changed = {item for item, row in rows.items() if row != base[item]}
    assert changed <= _items_listing(f"title_page.{field}"), (
        f"without title_page.{field}: {sorted(changed)} changed, "
        f"{sorted(_items_listing(f'title_page.{field}'))} list it")


@pytest.mark.parametrize(("field", "item"), [
    ("sae_reporting_route", "17"), ("manufacturer", "15a"), ("phase", "1b"),
    ("version", "2"), ("full_title", "1a"),
])
def test_a_missing_title_page_field_still_opens_its_own_item(
        tmp_path: Path, base: dict[str, ItemCoverage], field: str, item: str) -> None:
    assert base[item].status == "addressed"
    data = copy.deepcopy(DATA)
    del data["title_page"][field]
    assert _rows(tmp_path, data)[item].status != "addressed"


@pytest.mark.parametrize("delta", [1e-9, 0.0000001])
def test_a_sample_size_that_cannot_be_computed_leaves_item_19_open(
        tmp_path: Path, delta: float) -> None:
    """The engine's reason has digits in it ('... more than 10,000,000 participants ...')."""
    data = copy.deepcopy(DATA)
    data["sample_size"]["parameters"]["delta"] = delta
    path = tmp_path / "tiny.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    context = printed_context(load_trial(path), EvidenceLink.open())
    assert context.assessment.sizing.status == "error"
    row = next(r for r in context.assessment.coverage("2025") if r.id == "19")
    assert row.status != "addressed"
    assert any("could not be computed" in text for text in row.still_to_write)
    printed = context.printed(None) or ""
    start = printed.index("The sample size could not be computed")
    assert printed[start - 2:start] == "\n[", "printed as a prompt, not as escaped text"
    section = printed[start:][:600]
    assert "Correct the sample size inputs (Sample size step)" in section
    assert "sample_size" not in section.replace("\\_", "_")


def test_every_prompt_of_a_block_of_several_items_or_none_belongs_to_an_item() -> None:
    """A blank design prints every prompt: one printed in a block declaring several items (the
    title page: 1a 2 3a 3b 4 7a) or none (4.4 End of trial) must belong to the items that list
    its field, else it opens them all, or none (a check that cannot fail)."""
    from trialkit.design.model import Trial
    from trialkit.render.printed import printed_prompts
    from trialkit.render.prompts import PRINTED, PROMPTS
    from trialkit.render.templates import template_blocks

    blocks = template_blocks()
    context = printed_context(Trial.model_validate({"schema_version": 1}), EvidenceLink.empty())
    printed = printed_prompts(context.printed(None) or "", blocks)
    owned = {f"[{PROMPTS.get(name) or PRINTED.get(name)}]"
             for item in load_checklist("2025").items for group in (*item.fields, *item.optional)
             for alt in group.split("|") if (name := alt.partition("=")[0].strip())
             and (PROMPTS.get(name) or PRINTED.get(name))}
    loose = {(block.section, prompt) for block in blocks if len(block.items) != 1
             for prompt in printed.get(block.section, ()) if prompt not in owned}
    known = {  # prompts of no field in the prompt tables; each opens its block's items
        ("6.4 Blinding", "[State the blinding]"),  # the level: both 24a and 24b list it
        ("3 Trial objectives and associated estimands",  # objectives and endpoints: 10 and 16
         "[State the primary and secondary objectives and their endpoints]"),
    }
    assert loose == known, sorted(loose ^ known)


def test_every_field_the_blank_document_prompts_for_belongs_to_an_item() -> None:
    """A field whose prompt the document prints must be listed by an item, so a non-answer in
    it ('[to be written]', '-') is judged by that item, not printed past every check."""
    from trialkit.design.model import Trial
    from trialkit.render.prompts import PROMPTS

    context = printed_context(Trial.model_validate({"schema_version": 1}), EvidenceLink.empty())
    printed = context.printed(None) or ""
    listed = {alt.partition("=")[0].strip() for item in load_checklist("2025").items
              for group in (*item.fields, *item.optional) for alt in group.split("|")}
    loose = sorted(f for f, prompt in PROMPTS.items() if f"[{prompt}]" in printed
                   and f not in listed)
    assert not loose


@pytest.mark.parametrize(("path", "item"), [
    ("background.condition", "9a"), ("statistics.software", "19"),
    ("safety.severity_grading", "17"), ("discontinuation.withdrawal", "25b"),
    ("statistics.multiplicity", "27d"), ("design.description", "12"),
])
def test_a_non_answer_in_a_printed_field_opens_its_item(
        tmp_path: Path, base: dict[str, ItemCoverage], path: str, item: str) -> None:
    assert base[item].status == "addressed"
    data = copy.deepcopy(DATA)
    node = data
    *parents, last = path.split(".")
    for name in parents:
        node = node[name]
    node[last] = "[to be written]"
    assert _rows(tmp_path, data)[item].status == "partial"
