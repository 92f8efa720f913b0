"""Moving between steps always leaves a lit, visible stop inside the shown step (issue 12:
visible focus everywhere, the focused field always scrolled into view)."""

from __future__ import annotations

from pathlib import Path

from textual.widget import Widget

from tests.tui.conftest import editor_at, settle
from trialkit.tui.app import make_app
from trialkit.tui.screens.editor import StepList


def _inside(editor, step: str, widget: Widget | None) -> bool:
    """Is ``widget`` a stop of ``step``'s pane, and on screen?"""
    pane = editor.pane(step)
    return (widget is not None and pane in widget.ancestors
            and pane.region.contains_region(widget.region))


async def test_a_step_with_nothing_to_fill_yet_focuses_its_first_button(tmp_path: Path):
    app = make_app(offer_recovery=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.start_blank()
        editor = await editor_at(pilot, "objectives")
        assert _inside(editor, "objectives", app.focused), app.focused  # "Add", not nothing


async def _next_step_from_the_step_list_focuses_a_field_of_the_new_step(pilot) -> None:
    """Tab past a step's last field wraps to the step list; Ctrl+N then opens the next step
    with its first field lit, not the list (typing would otherwise go nowhere visible)."""
    app = pilot.app
    editor = await editor_at(pilot, "design")
    editor.query_one(StepList).focus()
    await pilot.press("ctrl+n")
    await settle(pilot)
    assert editor.current == "population"
    assert _inside(editor, "population", app.focused), app.focused
    await pilot.press("f3")
    await settle(pilot)
    assert _inside(editor, "design", app.focused), app.focused


async def _the_step_list_looks_different_when_it_has_the_focus(pilot) -> None:
    editor = await editor_at(pilot, "question")
    steps = editor.query_one(StepList)
    row = steps.highlighted or 0
    blurred = steps.render_line(row)
    steps.focus()
    await settle(pilot)
    focused = steps.render_line(row)
    assert {s.style.bgcolor for s in focused if s.text.strip()} != {
        s.style.bgcolor for s in blurred if s.text.strip()}, "only the text colour changes"


async def _a_jump_to_a_field_far_down_a_step_scrolls_it_into_view(pilot) -> None:
    app = pilot.app
    editor = await editor_at(pilot, "review")
    editor.show_step("admin", "title_page.investigators.name")
    await settle(pilot)
    assert "investigators" in (app.focused.id or "")
    assert _inside(editor, "admin", app.focused), (app.focused, app.focused.region)


async def test_the_step_list_and_moving_between_steps_keep_the_focus_visible(example: Path):
    """One session at 80x24: the step list's focused look, Ctrl+N and F3 from the list, and a
    jump far down a step (a named function each)."""
    app = make_app(example, offer_recovery=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await _the_step_list_looks_different_when_it_has_the_focus(pilot)
        await _next_step_from_the_step_list_focuses_a_field_of_the_new_step(pilot)
        await _a_jump_to_a_field_far_down_a_step_scrolls_it_into_view(pilot)
