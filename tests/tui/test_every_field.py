"""Every field the protocol needs is editable in the UI, and a jump to it lands on its editor.

The fields are enumerated from the renderer's prompts and the SPIRIT 2025 checklist, so a new
prompt or checklist field without an editor fails here.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel
from textual.screen import Screen

from tests.tui.conftest import settle
from trialkit.design import Trial
from trialkit.design.checklist import load_checklist
from trialkit.render.prompts import PROMPTS
from trialkit.tui.app import make_app
from trialkit.tui.messages import JumpToStep
from trialkit.tui.paths import list_item_type, without_none
from trialkit.tui.steps import step_for_field
from trialkit.tui.steps.base import StepPane
from trialkit.tui.widgets.forms import ModelForm, widget_id
from trialkit.tui.widgets.lists import RecordListEditor, StringListEditor


def _alternatives(group: str) -> list[str]:
    return [alt.split("=", 1)[0].strip() for alt in group.split("|")]


def _spirit_groups() -> list[tuple[str, list[str]]]:
    return [(f"SPIRIT {item.id}", _alternatives(group))
            for item in load_checklist("2025").items for group in item.fields]


NOT_TYPED = {
    "schema_version": "written by trialkit on saving",
    "sample_size.parameters": "typed as the procedure's own inputs, each checked below",
    "version_history": "recorded by trialkit when an amendment is made",
    "title_page.medical_monitor.role": "the protocol names the medical monitor and a contact",
    "title_page.medical_monitor.affiliation": "the protocol names the medical monitor and a contact",
}
"""Design fields the user does not type in the editor as such, and why."""


def _model_fields(model: type[BaseModel] = Trial, prefix: str = "") -> list[str]:
    """Every field of the design model down to plain values (a list's first item stands for all),
    so the ICH M11 fields, an endpoint's assessments, the contributors, the registrations, the
    sites and the stopping criteria are all checked, and a field added later is too."""
    paths = []
    for name, info in model.model_fields.items():
        path = f"{prefix}{name}"
        if any(path == skip or path.startswith(skip + ".") for skip in NOT_TYPED):
            continue
        inner, item = without_none(info.annotation), list_item_type(info.annotation)
        if isinstance(inner, type) and issubclass(inner, BaseModel):
            paths += _model_fields(inner, path + ".")
        elif isinstance(item, type) and issubclass(item, BaseModel):
            paths += _model_fields(item, path + ".0.")
        else:
            paths.append(path)
    return paths


def _edits(pane: Any, widget: Any, path: str) -> bool:
    """Whether ``widget`` (focused in ``pane``) is the editor of the design field ``path``."""
    selector = pane.widget_for(path)
    if selector is not None and widget in pane.query(selector):
        return True
    for form in pane.query(ModelForm):
        for spec in form.specs:
            full = form.path_of(spec)
            if (path == full or path.startswith(full + ".")) and \
                    widget.id == widget_id(form.prefix, spec.name):
                return True
    for editor in pane.query(StringListEditor):
        if (path == editor.path or path.startswith(editor.path + ".")) and \
                editor in widget.ancestors:
            return True
    for editor in pane.query(RecordListEditor):  # the list or one record, not its fields
        if re.fullmatch(rf"{re.escape(editor.path)}(\.\d+)?", path) and \
                editor in widget.ancestors:
            return True
    return False


async def _jump(pilot: Any, path: str) -> bool:
    """Jump to the field as the review does; True when the focused widget edits it."""
    editor = pilot.app.screen
    step = step_for_field(path)
    editor.post_message(JumpToStep(step, path))
    await settle(pilot)
    return _lands(pilot, path)


async def _focus(pilot: Any, path: str, focused: list[Any]) -> bool:
    """What a jump does once its step is shown (the step's focus_field): True if it lands.

    ``focused`` records the widgets given the focus (Screen.set_focus is patched to record them,
    so each of the many fields needs no round trip through the event loop).
    """
    editor = pilot.app.screen
    step = step_for_field(path)
    if editor.current != step:
        editor.show_step(step)
        await settle(pilot)
    pane = editor.pane(step)
    focused.clear()
    pane.focus_field(path)
    if not focused:  # the step first opens the tab that holds the field
        await settle(pilot)
    return bool(focused) and pane in focused[-1].ancestors and _edits(pane, focused[-1], path)


def _lands(pilot: Any, path: str) -> bool:
    focused = pilot.app.focused
    pane = pilot.app.screen.pane(step_for_field(path))
    return focused is not None and pane in focused.ancestors and _edits(pane, focused, path)


@pytest.mark.slow(seconds=11)
async def test_every_prompt_and_spirit_field_has_an_editor_the_jump_lands_on(
        example: Path, monkeypatch: pytest.MonkeyPatch):
    app = make_app(example, offer_recovery=False)
    focused: list[Any] = []
    real_focus = Screen.set_focus
    groups = [(path, [path]) for path in {*PROMPTS, *_model_fields()}] + _spirit_groups()
    groups.sort(key=lambda group: step_for_field(group[1][0]))  # one step at a time: faster
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await _a_jump_that_first_opens_a_step_lands_on_the_field(pilot)  # first: none shown yet
        monkeypatch.setattr(Screen, "set_focus",
                            lambda self, widget, scroll_visible=True, **_: focused.append(widget))
        missing = []
        for name, alternatives in groups:
            if not [a for a in alternatives if await _focus(pilot, a, focused)]:
                missing.append(f"{name}: {' or '.join(alternatives)}")
        assert not missing, "no editor, or the jump misses it:\n" + "\n".join(missing)
        monkeypatch.setattr(Screen, "set_focus", real_focus)
        # Real jumps, some into another tab of the schedule and straight out of it again.
        for path in ("statistics.missing_data", "title_page.investigators",
                     "visits.0.assessments", "assessments.0.name", "visits.0.name",
                     "statistics.missing_data", "discontinuation.intervention_criteria",
                     "sample_size.procedure"):
            assert await _jump(pilot, path), (path, pilot.app.focused)


async def _a_jump_that_first_opens_a_step_lands_on_the_field(pilot: Any) -> None:
    """The review's jump into a step not shown before (its pane is mounted by the jump) lands
    on the field, e.g. an endpoint's analysis in the statistical analysis step."""
    path = "objectives.0.endpoints.0.analysis.model"
    assert step_for_field(path) == "analysis"
    assert not [p for p in pilot.app.screen.query(StepPane) if p.STEP == "analysis"], \
        "the analysis step was shown before"
    assert await _jump(pilot, path)
    assert pilot.app.focused.id == "an-analysis--model"
    for path in ("title_page.eu_ct_number", "population.childbearing_potential",
                 "safety.causality", "objectives.0.endpoints.0.measured_by",
                 "intervention_conduct.overdose"):
        assert await _jump(pilot, path), (path, pilot.app.focused)
