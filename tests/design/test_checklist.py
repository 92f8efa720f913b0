"""SPIRIT checklists as data, template block declarations and coverage."""

from __future__ import annotations

from pathlib import Path

from trialkit.design import Trial, load_trial
from trialkit.design.checklist import coverage, load_checklist
from trialkit.render.templates import declared_blocks, template_blocks

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "anakinra-t1d.yaml"


def test_spirit_2025_has_its_34_numbered_items() -> None:
    # Chan et al. (2025) BMJ 389:e081477: the SPIRIT 2025 checklist has 34 items.
    ids = [item.id for item in load_checklist("2025").items]
    numbers = {int("".join(ch for ch in i if ch.isdigit())) for i in ids}
    assert numbers == set(range(1, 35))
    assert len(ids) == len(set(ids))


def test_spirit_2013_has_its_33_numbered_items_mapped_to_2025() -> None:
    # Chan et al. (2013) Ann Intern Med 158:200-207: the SPIRIT 2013 checklist has 33 items.
    items = load_checklist("2013").items
    numbers = {int("".join(ch for ch in item.id if ch.isdigit())) for item in items}
    assert numbers == set(range(1, 34))
    ids_2025 = {item.id for item in load_checklist("2025").items}
    for item in items:
        assert item.maps_to and set(item.maps_to) <= ids_2025, item.id


def test_every_2025_field_path_exists_on_the_model() -> None:
    trial = Trial()
    for item in load_checklist("2025").items:
        for alternatives in item.fields:
            for alternative in alternatives.split("|"):
                path = alternative.partition("=")[0]
                obj: object = trial
                for name in path.split("."):
                    assert hasattr(obj, name), f"{item.id}: {path}"
                    obj = getattr(obj, name)
                    obj = obj() if callable(obj) else obj


def test_packaged_templates_declare_every_2025_item() -> None:
    blocks = template_blocks()
    declared = {i for block in blocks for i in block.items}
    assert declared == {item.id for item in load_checklist("2025").items}


def test_block_comment_syntax() -> None:
    text = "{# block 6.3 Assignment | spirit 21a 21b #}\ntext\n{#- block 4.3 End | spirit - -#}"
    blocks = declared_blocks(text, "x.md.j2")
    assert [(b.section, b.items) for b in blocks] == [
        ("6.3 Assignment", ("21a", "21b")), ("4.3 End", ()),
    ]


def test_empty_design_shows_placeholders_for_every_item() -> None:
    rows = coverage(Trial(), template_blocks())
    assert {row.status for row in rows} == {"placeholder"}
    assert all(row.where for row in rows)


def test_main_example_addresses_every_item_in_both_versions() -> None:
    trial = load_trial(EXAMPLE)
    blocks = template_blocks()
    for version in ("2025", "2013"):
        rows = coverage(trial, blocks, version)
        assert [r.id for r in rows if r.status != "addressed"] == [], version


def test_a_user_template_overrides_and_moves_an_item(tmp_path: Path) -> None:
    sections = tmp_path / "sections"
    sections.mkdir()
    (sections / "statistics.md.j2").write_text(
        "{# block 10 Statistics | spirit 27a 27b 27c 27d #}\n## 10 Statistics\n", encoding="utf-8"
    )
    rows = {r.id: r for r in coverage(Trial(), template_blocks(tmp_path))}
    assert rows["19"].status == "absent"
    assert rows["27a"].where == ("10 Statistics",)


def test_partial_when_only_some_fields_are_filled() -> None:
    trial = Trial.model_validate(
        {"schema_version": 1, "title_page": {"version": "1.0"}}
    )
    rows = {r.id: r for r in coverage(trial, template_blocks())}
    assert rows["2"].status == "partial"
    assert rows["2"].empty_fields == ("title_page.version_date",)
