"""One label per design field (trialkit.design.labels): the forms show it, and check, the
loader and the review name the field by it, so a person finds on screen the words a message
uses. The forms' labels are read from the step modules' source (no app is started)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
import yaml

from trialkit.design.labels import LABELS, STEP_WORDS, label_of
from trialkit.design.words import where
from trialkit.tui.steps import STEPS, step_for_field

ROOT = Path(__file__).resolve().parents[2]
STEP_FILES = sorted((ROOT / "trialkit" / "tui" / "steps").glob("*.py"))


def _literal(node: ast.AST | None) -> str:
    return ast.literal_eval(node) if node is not None else ""


def _without_positions(path: str) -> str:
    return re.sub(r"\.\d+(?=\.|$)", "", path)


def form_labels() -> list[tuple[str, str, str]]:
    """(step module, field path without list positions, label shown) for every field of every
    form: FieldSpec(name, label) in a ModelForm (under its ``base``) or a RecordListEditor
    (under its list), each list editor's title, and each StringListEditor(path, title)."""
    found = []
    for file in STEP_FILES:
        tree = ast.parse(file.read_text(encoding="utf-8"))
        base_of: dict[int, str] = {}
        named: dict[str, str] = {}
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name):
                continue
            kind = node.func.id
            keywords = {k.arg: k.value for k in node.keywords}
            if kind == "StringListEditor":
                found.append((file.stem, _literal(node.args[0]), _literal(node.args[1])))
            if kind not in ("ModelForm", "RecordListEditor"):
                continue
            if kind == "ModelForm":
                specs, base = node.args[1], _literal(keywords.get("base"))
            else:
                specs, base = node.args[3], _literal(node.args[1])
                if "title" in keywords:
                    found.append((file.stem, _without_positions(base),
                                  _literal(keywords["title"])))
            base = _without_positions(base)
            if isinstance(specs, ast.List):
                base_of.update({id(e): base for e in specs.elts})
            elif isinstance(specs, ast.Name):
                named[specs.id] = base
        for node in ast.walk(tree):
            if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name) \
                    and node.targets[0].id in named:
                for call in ast.walk(node.value):
                    base_of[id(call)] = named[node.targets[0].id]
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "FieldSpec":
                name = _literal(node.args[0])
                base = base_of.get(id(node), "")
                label = node.args[1] if len(node.args) > 1 else next(
                    (k.value for k in node.keywords if k.arg == "label"), None)
                path = f"{base}.{name}" if base else name
                found.append((file.stem, path, _literal(label) if label else ""))
    return found


FORMS = form_labels()


def test_the_forms_are_found() -> None:
    assert len(FORMS) > 150
    assert ("question", "title_page.indication", "") in FORMS  # its label: the table's
    assert ("safety", "safety.expected_adverse_events.term", "Adverse event") in FORMS


def test_a_field_named_by_its_full_path_takes_the_table_s_label() -> None:
    from trialkit.tui.widgets.forms import FieldSpec

    assert FieldSpec("title_page.indication").label == "Condition studied"
    assert FieldSpec("term", "Adverse event").label == "Adverse event"
    with pytest.raises(KeyError):
        FieldSpec("term")  # a field of a list item says its label: its path is relative


@pytest.mark.parametrize(("step", "path", "label"), FORMS, ids=[f[1] for f in FORMS])
def test_every_form_label_is_the_table_s(step: str, path: str, label: str) -> None:
    """A field's label in its form is the table's words (or left out, taken from the table)."""
    entry = label_of(path)
    assert entry is not None, f"{path} ({step} step) has no label in trialkit.design.labels"
    assert label in ("", entry.words), (path, label, entry.words)
    assert step_for_field(path.replace("objectives.endpoints", "objectives.0.endpoints.0")) \
        == entry.step, path


def _checklist_paths() -> set[str]:
    items = yaml.safe_load((ROOT / "trialkit" / "design" / "spirit2025.yaml").read_text())
    items = items if isinstance(items, list) else items["items"]
    return {alt.split("=", 1)[0] for item in items for group in item.get("fields", [])
            for alt in group.split("|")}


@pytest.mark.parametrize("path", sorted(_checklist_paths()))
def test_every_spirit_field_has_a_label(path: str) -> None:
    """Each field a SPIRIT 2025 item asks for is named by a label (or by a labelled field
    holding it: a contributor's name is in 'Contributors and their roles')."""
    parts = path.split(".")
    assert any(".".join(parts[:n]) in LABELS for n in range(len(parts), 0, -1)), path


def test_the_steps_are_named_as_the_step_list_names_them() -> None:
    assert {s.id: s.short for s in STEPS if s.id in STEP_WORDS} == STEP_WORDS
    assert {label.step for label in LABELS.values()} == set(STEP_WORDS)


@pytest.mark.parametrize(("path", "words"), [
    # the audit's examples: the review said 'Title page, indication' for 'Condition studied'
    ("title_page.indication", "Question, condition studied"),
    ("title_page.investigators.name", "Admin/ethics, contributors and their roles, name"),
    ("title_page.registry_ids", "Admin/ethics, registries"),
    ("population.childbearing_potential",
     "Population, women of childbearing potential may enrol"),
    ("open_science.conflicts_of_interest", "Admin/ethics, competing interests"),
    ("design.site_count", "Design, number of sites"),
    ("title_page.sponsor_signatory.title", "Admin/ethics, signatory's position"),
    ("design.blinding.level", "Design, blinding, level"),
    ("safety.dmc.composition", "Safety, data monitoring committee, composition"),
    ("title_page.eu_ct_number", "Admin/ethics, EU CT number"),
    ("objectives.1.endpoints.2", "Objective 2, endpoint 3"),
    ("safety.expected_adverse_events.0.evidence", "Expected adverse event 1, rate's evidence"),
    ("title_page.registrations.identifier|title_page.registry_ids.identifier",
     "Admin/ethics, registries, identifier"),
    ("sample_size.parameters.sd", "Sample size, SD"),
    ("design.allocation_ratio|design.intervention_model=single_group",
     "Design, allocation ratio or Design, intervention model set to single-group"),
])
def test_a_message_names_a_field_by_its_form_label(path: str, words: str) -> None:
    assert where(path) == words
