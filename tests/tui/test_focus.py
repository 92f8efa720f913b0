"""Keyboard and focus that never lose text (issue 12): no invisible tab stops, visible focus,
focused fields in view, no select-all on focus, typing after Tab lands in the new field,
Enter presses the focused button."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual import events
from textual.widget import Widget
from textual.widgets import Button, Input, Select, TextArea
from textual.widgets._select import SelectCurrent

from tests.tui.conftest import editor_at, settle
from trialkit.tui.app import make_app
from trialkit.tui.screens.editor import StepList
from trialkit.tui.steps.base import StepPane

TITLE = "#title-title-page--full-title"
SHORT = "#title-title-page--short-title"


def _look(widget: Widget) -> tuple[object, ...]:
    """What the user sees of a widget's state: its colours, text style and border."""
    shown = widget.query_one(SelectCurrent) if isinstance(widget, Select) else widget
    return (shown.rich_style, shown.styles.background, shown.styles.border)


async def _the_first_tab_after_f2_lands_on_a_field_of_the_step(pilot, editor) -> None:
    app = pilot.app
    await pilot.press("f2")
    assert isinstance(app.focused, StepList)
    await pilot.press("tab")
    focused = app.focused
    assert not isinstance(focused, StepPane), "an invisible stop: the step's scroll area"
    assert focused is not None and editor.pane("question") in focused.ancestors


async def _tabbing_into_a_field_keeps_its_text(pilot, editor) -> None:
    app = pilot.app
    short = app.trial.title_page.short_title
    assert short and len(short) > 20
    editor.query_one(TITLE, Input).focus()
    await pilot.press("tab")
    assert app.focused is editor.query_one(SHORT, Input)
    await pilot.press("x")
    await settle(pilot)
    assert app.trial.title_page.short_title == short + "x"  # appended, nothing replaced


async def _text_typed_right_after_tab_goes_into_the_new_field(pilot, editor) -> None:
    app = pilot.app
    title = app.trial.title_page.full_title
    short = app.trial.title_page.short_title
    editor.query_one(TITLE, Input).focus()
    await pilot.pause()
    # As a terminal delivers fast typing: every key queued before any is handled.
    for key, character in (("tab", None), ("a", "a"), ("b", "b"), ("c", "c")):
        app.post_message(events.Key(key, character))
    await settle(pilot)
    assert app.trial.title_page.full_title == title
    assert app.trial.title_page.short_title == short + "abc"


async def _a_text_area_tabbed_into_keeps_its_text(pilot, editor) -> None:
    app = pilot.app
    condition = app.trial.background.condition
    area = editor.query_one("#bg-background--condition", TextArea)
    area.focus()
    await pilot.press("shift+tab", "tab")
    assert app.focused is area
    await pilot.press("x")
    await settle(pilot)
    assert condition in app.trial.background.condition


async def _tab_stops(pilot, editor, step: str, count: int) -> None:
    """Tab ``count`` times through ``step``: every stop is an editor or a button in view,
    and looks different while focused."""
    app = pilot.app
    editor.show_step(step)
    await settle(pilot)
    pane = editor.pane(step)
    for _ in range(count):
        await pilot.press("tab")
        await settle(pilot)
        focused = app.focused
        assert focused is not None
        if isinstance(focused, StepList):
            continue
        assert pane in focused.ancestors, focused
        assert not isinstance(focused, StepPane), focused
        assert pane.region.contains_region(focused.region), (focused, "not scrolled into view")
        seen = _look(focused)
        focused.blur()
        await pilot.pause()
        assert _look(focused) != seen, (focused, "no visible focus")
        focused.focus()
        await pilot.pause()


async def _enter_presses_the_focused_button(pilot, editor) -> None:
    app = pilot.app
    editor.show_step("objectives")
    await settle(pilot)
    before = len(app.trial.objectives)
    button = editor.pane("objectives").query_one("#objectives-add", Button)
    button.focus()
    await pilot.pause()
    await pilot.press("enter")
    await settle(pilot)
    assert len(app.trial.objectives) == before + 1


@pytest.mark.slow(seconds=5)
async def test_tab_and_enter_reach_fields_and_buttons_in_view_and_keep_their_text(example: Path):
    """One session at 80x24: on the question step the first Tab after F2, Tab into a field,
    keys typed right after Tab and Tab into a text area; then every tab stop of the sample
    size and objectives steps; then Enter on a focused button (each a named check above)."""
    app = make_app(example, offer_recovery=False)
    async with app.run_test(size=(80, 24)) as pilot:
        editor = await editor_at(pilot, "question")
        await _the_first_tab_after_f2_lands_on_a_field_of_the_step(pilot, editor)
        await _tabbing_into_a_field_keeps_its_text(pilot, editor)
        await _text_typed_right_after_tab_goes_into_the_new_field(pilot, editor)
        await _a_text_area_tabbed_into_keeps_its_text(pilot, editor)
        await _tab_stops(pilot, editor, "sample_size", 16)
        await _tab_stops(pilot, editor, "objectives", 12)
        await _enter_presses_the_focused_button(pilot, editor)


async def test_a_new_design_starts_with_the_title_field_focused(tmp_path: Path):
    # Driving it in tmux: text typed right after "Blank design" went to the step list.
    app = make_app(offer_recovery=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.start_blank()
        await settle(pilot)
        await pilot.press(*"Anakinra")
        await settle(pilot)
        assert app.trial.title_page.full_title == "Anakinra"
