"""Keyboard and focus on lists (issue 12, the timed drives at 80x24 and 120x40): few tab stops
between list fields, a new record's first field focused on screen, another record added from
inside a record (no Shift+Tab walk back to Add), the steps opening on their empty list's Add,
and F2 then Ctrl+N typed fast leaving the focus in the new step.

One app per size: each check is a named function below; a check needing the example or a blank
design opens a fresh one in the same app (``open_design`` / ``start_blank``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.widget import Widget
from textual.widgets import Button, Input

from tests.tui.conftest import burst, editor_at, settle
from trialkit.tui.app import make_app
from trialkit.tui.messages import JumpToStep
from trialkit.tui.screens.editor import StepList

SIZES = [(80, 24), (120, 40)]


def on_screen(widget: Widget) -> bool:
    """Is the whole of ``widget`` drawn (not scrolled out of its step, not under the footer)?"""
    geometry = widget.screen.find_widget(widget)
    return geometry.region.height > 0 and geometry.clip.contains_region(geometry.region)


async def tabs_between(pilot: Any, start: Widget, end: Widget, key: str = "tab") -> int:
    """How many presses of ``key`` move the focus from ``start`` to ``end``."""
    start.focus()
    await settle(pilot)
    for count in range(1, 30):
        await pilot.press(key)
        await settle(pilot)
        if pilot.app.focused is end:
            return count
    raise AssertionError(f"{end.id} not reached from {start.id}")


async def _one_criteria_field_to_the_next_is_at_most_two_tabs(pilot: Any) -> None:
    """From the inclusion criteria's field to the exclusion criteria's: the exclusion list
    (it has items), then its field. The buttons are not stops (Enter adds, the list's keys
    delete and move); an empty list is not a stop."""
    app = pilot.app
    editor = await editor_at(pilot, "population")
    pane = editor.pane("population")
    inclusion, exclusion = (pane.query_one(f"#{name}-input", Input)
                            for name in ("inclusion", "exclusion"))
    assert await tabs_between(pilot, inclusion, exclusion) <= 2
    assert on_screen(exclusion)
    app.trial.population.exclusion = []
    pane.reload()
    await settle(pilot)
    assert await tabs_between(pilot, inclusion, exclusion) == 1


async def _the_criteria_field_stays_on_screen_as_its_list_grows(pilot: Any) -> None:
    """At 80x24 the drive's criteria field was pushed below the screen by the items typed
    (Textual now keeps the focused field in view: this guards it)."""
    app = pilot.app
    editor = await editor_at(pilot, "population")
    field = editor.pane("population").query_one("#inclusion-input", Input)
    field.focus()
    await settle(pilot)
    for n in range(1, 9):
        burst(app, [*f"C{n}", "enter"])
        await settle(pilot)
        assert app.focused is field and on_screen(field), n
    assert len(app.trial.population.inclusion) == 8


async def _an_item_is_changed_by_keyboard_without_the_buttons(pilot: Any) -> None:
    """Enter on an item puts it in the field; Enter there replaces it (Replace's work)."""
    app = pilot.app
    editor = await editor_at(pilot, "population")
    pane = editor.pane("population")
    items = pane.query_one("#inclusion-items")
    field = pane.query_one("#inclusion-input", Input)
    before = list(app.trial.population.inclusion)
    items.focus()
    items.highlighted = 1
    await pilot.press("enter")
    await settle(pilot)
    assert app.focused is field and field.value == before[1]
    burst(app, ["end", *" (2)", "enter"])
    await settle(pilot)
    assert app.trial.population.inclusion == [before[0], before[1] + " (2)", *before[2:]]
    burst(app, [*"New", "enter"])
    await settle(pilot)
    assert app.trial.population.inclusion[-1] == "New"
    assert len(app.trial.population.inclusion) == len(before) + 1


async def _a_new_record_is_focused_on_screen_and_the_next_is_added_from_inside(
        pilot: Any) -> None:
    """Add focuses the new record's first field, on screen (the drive's endpoint and
    intervention were below the screen); the stops from Add to a visit's last field are only
    the list and the visit's fields; Ctrl+R in a record adds the next one."""
    app = pilot.app
    editor = await editor_at(pilot, "interventions")
    pane = editor.pane("interventions")
    pane.query_one("#arms-add", Button).press()
    await settle(pilot)
    pane.query_one("#interventions-add", Button).press()
    await settle(pilot)
    first = pane.query_one("#interventions-name", Input)
    assert app.focused is first and on_screen(first)
    burst(app, [*"Ana", "tab", "ctrl+r"])
    await settle(pilot)
    assert [i.name for i in app.trial.arms[0].interventions] == ["Ana", "Intervention 2"]
    assert app.focused is first and on_screen(first)
    editor = await editor_at(pilot, "objectives")
    pane = editor.pane("objectives")
    pane.query_one("#objectives-add", Button).press()
    await settle(pilot)
    objective = app.trial.objectives[0]  # as the drive had typed them: a longer form
    objective.description = "To determine whether the treatment preserves C-peptide. " * 4
    objective.hypothesis = "The adjusted mean is higher with treatment than placebo. " * 4
    pane.reload()
    await settle(pilot)
    pane.query_one("#endpoints-add", Button).press()
    await settle(pilot)
    endpoint = pane.query_one("#endpoints-id", Input)
    assert app.focused is endpoint and on_screen(endpoint)
    editor = await editor_at(pilot, "schedule")
    pane = editor.pane("schedule")
    pane.show_field("visits")
    await settle(pilot)
    add = pane.query_one("#visits-add", Button)
    add.press()
    await settle(pilot)
    last = pane.query_one("#visits-window-days", Input)
    assert await tabs_between(pilot, last, add, "shift+tab") <= 5  # window day name id list
    last.focus()
    await pilot.press("ctrl+r")
    await settle(pilot)
    assert [v.id for v in app.trial.visits] == ["V1", "V2"]
    assert app.focused is pane.query_one("#visits-id", Input) and on_screen(app.focused)


async def _interventions_and_safety_open_on_their_empty_lists_add(pilot: Any) -> None:
    app = pilot.app
    editor = await editor_at(pilot, "design")
    await pilot.press("ctrl+n", "ctrl+n")  # Population, Interventions
    await settle(pilot)
    assert editor.current == "interventions"
    assert app.focused is editor.pane("interventions").query_one("#arms-add")
    editor.show_step("schedule", into=True)
    await settle(pilot)
    await pilot.press("ctrl+n")
    await settle(pilot)
    assert editor.current == "safety"
    assert app.focused is editor.pane("safety").query_one("#adverse-events-add")


async def _f2_then_ctrl_n_typed_fast_leaves_the_focus_in_the_next_step(pilot: Any) -> None:
    app = pilot.app
    editor = await editor_at(pilot, "question")
    burst(app, ["f2", "ctrl+n"])
    await settle(pilot)
    assert editor.current == "objectives"
    assert app.focused is not None and not isinstance(app.focused, StepList)
    assert editor.pane("objectives") in app.focused.ancestors


async def _a_jump_to_an_empty_list_lands_on_its_add_never_on_a_hidden_field(pilot: Any) -> None:
    """With no record, a list's form is hidden: the jump landed in it (keys typed went into a
    field no one could see); now it lands on that list's Add."""
    app = pilot.app
    app.trial.safety.expected_adverse_events = []
    app.trial.arms[0].interventions = []
    editor = await editor_at(pilot, "review")
    for step, path, add in [
            ("safety", "safety.expected_adverse_events", "#adverse-events-add"),
            ("interventions", "arms.0.interventions", "#interventions-add")]:
        editor.post_message(JumpToStep(step, path))
        await settle(pilot)
        assert app.focused is editor.pane(step).query_one(add), (path, app.focused)
        assert on_screen(app.focused)


async def _deleting_the_last_record_leaves_the_focus_on_add(pilot: Any) -> None:
    """The emptied list is no tab stop: the focus must not stay on it."""
    app = pilot.app
    editor = await editor_at(pilot, "schedule")
    pane = editor.pane("schedule")
    pane.show_field("visits")
    await settle(pilot)
    pane.query_one("#visits-add", Button).press()
    await settle(pilot)
    pane.query_one("#visits-items").focus()
    await pilot.press("delete")
    await settle(pilot)
    await pilot.click("#choice-delete")
    await settle(pilot)
    assert app.trial.visits == []
    assert app.focused is pane.query_one("#visits-add")


@pytest.mark.parametrize("size", SIZES)
async def test_list_fields_by_keyboard_at_each_drive_size(example: Path, size):
    """One app per size and two designs in it, the example and a blank one; each check (a
    named function above) leaves the data the next ones start from as they need it. The
    checks the drives found at 80x24 only run at that size."""
    app = make_app(offer_recovery=False)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        assert app.open_design(example)
        if size == (80, 24):
            await _an_item_is_changed_by_keyboard_without_the_buttons(pilot)  # inclusion
            await _f2_then_ctrl_n_typed_fast_leaves_the_focus_in_the_next_step(pilot)
        await _one_criteria_field_to_the_next_is_at_most_two_tabs(pilot)  # empties exclusion
        if size == (80, 24):
            await _a_jump_to_an_empty_list_lands_on_its_add_never_on_a_hidden_field(pilot)
        app.start_blank()
        await _interventions_and_safety_open_on_their_empty_lists_add(pilot)  # no arm, no event
        if size == (80, 24):
            await _the_criteria_field_stays_on_screen_as_its_list_grows(pilot)
            await _deleting_the_last_record_leaves_the_focus_on_add(pilot)  # no visit before
        await _a_new_record_is_focused_on_screen_and_the_next_is_added_from_inside(pilot)
