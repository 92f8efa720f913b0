"""SPIRIT checklists as data, template block declarations and coverage."""

from __future__ import annotations

from pathlib import Path
from typing import Any, get_args

import pytest

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
    """Each path names fields of the model; a path through a list names its items' fields."""
    trial = Trial()
    for item in load_checklist("2025").items:
        for alternatives in item.fields:
            paths = [a.partition("=")[0] for a in alternatives.split("|")]
            assert any(_path_exists(trial, path) for path in paths), f"{item.id}: {alternatives}"


def _path_exists(obj: object, path: str) -> bool:
    for name in path.split("."):
        if isinstance(obj, list):
            return bool(obj) or _list_item_has(path)
        if not hasattr(obj, name):
            return False
        obj = getattr(obj, name)
        obj = obj() if callable(obj) else obj
    return True


def _list_item_has(path: str) -> bool:
    """Whether the items of the list at the start of ``path`` have the field that follows."""
    names = path.split(".")
    cls: Any = Trial
    for name in names:
        field = cls.model_fields.get(name)
        if field is None:
            return False
        cls = _model_in(field.annotation)
        if cls is None:
            return name == names[-1]
    return True


def _model_in(annotation: Any) -> Any:
    """The model class inside an annotation such as ``list[Model] | None`` (None if none)."""
    if hasattr(annotation, "model_fields"):
        return annotation
    return next(filter(None, map(_model_in, get_args(annotation))), None)


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


def test_main_example_is_honest_about_unnamed_contributors_and_registration() -> None:
    """The example's contributors are '(to be named)' and its registry has no identifier."""
    trial = load_trial(EXAMPLE)
    blocks = template_blocks()
    rows = {r.id: r for r in coverage(trial, blocks, "2025")}
    assert rows["3a"].status == "partial"
    assert any("to be named" in u for u in rows["3a"].unfilled)
    assert rows["4"].status == "partial"
    assert "title_page.registry_ids.registry" not in rows["4"].empty_fields
    assert rows["3b"].status == "partial"  # signatory and medical monitor "(to be named)"
    assert set(rows["3b"].empty_fields) == {"title_page.sponsor_signatory.name",
                                           "title_page.medical_monitor.name"}
    rows_2013 = {r.id: r for r in coverage(trial, blocks, "2013")}
    assert rows_2013["2a"].status != "addressed"


def test_unfilled_registration_is_not_addressed() -> None:
    """SPIRIT item 4 needs the identifier, not only the registry's name."""
    page = {"registry_ids": [{"registry": "ClinicalTrials.gov"}]}
    trial = Trial.model_validate({"schema_version": 1, "title_page": page})
    assert {r.id: r for r in coverage(trial, template_blocks())}["4"].status != "addressed"
    page["registry_ids"] = [{"registry": "ClinicalTrials.gov", "identifier": "NCT01234567"}]
    page["eu_ct_number"] = "Not applicable: no site in the European Union"
    trial = Trial.model_validate({"schema_version": 2, "title_page": page})
    assert {r.id: r for r in coverage(trial, template_blocks())}["4"].status == "addressed"


@pytest.mark.parametrize("text", [
    "Chief investigator (to be named)", "TBD", "[Give the identifier]", "Dr X, to be confirmed",
])
def test_an_unfilled_marker_is_not_an_answer(text: str) -> None:
    trial = Trial.model_validate({"schema_version": 1, "title_page": {
        "investigators": [{"name": text, "role": "Chief investigator"}],
    }})
    row = {r.id: r for r in coverage(trial, template_blocks())}["3a"]
    assert row.status == "partial" and row.unfilled


@pytest.mark.parametrize("text", ["Anna Berg", "Reference [1] shows", "A. To",
                                  "As in the AIDA trial [moran2013]", "[Larsen2009] cited"])
def test_ordinary_text_is_an_answer(text: str) -> None:
    trial = Trial.model_validate({"schema_version": 1, "title_page": {
        "investigators": [{"name": text, "role": "Chief investigator"}],
    }})
    assert {r.id: r for r in coverage(trial, template_blocks())}["3a"].status == "addressed"


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
    assert rows["2"].empty_fields == (
        "title_page.protocol_id", "title_page.version_date", "title_page.amendment_status")


M11_ITEMS = {  # ICH M11 field -> the SPIRIT 2025 item whose sections print it
    "title_page.amendment_status": "2",
    "title_page.eu_ct_number": "4",
    "title_page.manufacturer": "15a",
    "title_page.sponsor_signatory.name": "3b",
    "title_page.sponsor_signatory.title": "3b",
    "title_page.sponsor_approval_date": "3b",
    "title_page.medical_monitor.name": "3b",
    "title_page.medical_monitor.contact": "3b",
    "title_page.sae_reporting_route": "17",
    "design.rationale.dose": "9a",
    "design.rationale.duration": "9a",
    "design.rationale.population": "9a",
    "population.contraception": "14",
    "population.lifestyle": "14",
    "population.screen_failures": "14",
    "intervention_conduct.overdose": "17",
    "safety.reference_safety_information": "17",
    "safety.causality": "17",
    "safety.pregnancy_reporting": "17",
    "oversight.protocol_deviations": "29",
    "oversight.quality_tolerance_limits": "29",
}


def test_every_m11_field_counts_for_its_spirit_item() -> None:
    from tests.design.test_m11 import M11

    assert set(M11_ITEMS) == set(M11)
    checklist = load_checklist("2025")
    for path, item_id in M11_ITEMS.items():
        assert any(path in f.split("|") for f in checklist.item(item_id).fields), path


@pytest.mark.parametrize("path", sorted(M11_ITEMS))
def test_a_blank_m11_field_leaves_its_item_partly_addressed(path: str) -> None:
    from tests.design.test_m11 import M11, _set

    trial = load_trial(EXAMPLE)
    for other in M11_ITEMS:  # every M11 field filled with a plain value
        _set(trial, other, M11[other][0])
    item = M11_ITEMS[path]
    rows = {r.id: r for r in coverage(trial, template_blocks())}
    assert path not in rows[item].empty_fields
    _set(trial, path, None)
    row = {r.id: r for r in coverage(trial, template_blocks())}[item]
    assert row.status == "partial" and path in row.empty_fields
