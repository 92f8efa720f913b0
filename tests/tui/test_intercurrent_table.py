"""Intercurrent events are edited as a table (issue 12, audit F13): a row per event with the
event, its strategy chosen from the ICH E9(R1) list in words (each with a line saying what it
means), and the rationale; no internal name ('treatment_policy') on screen; saved and read
back as the same rows; the review's "[Choose a strategy]" lands on that row's strategy."""

from __future__ import annotations

from pathlib import Path
from typing import get_args

import yaml
from textual.widgets import Button, Input, OptionList, Select, TextArea

from tests.tui.conftest import burst, editor_at, settle
from trialkit.design import load_trial
from trialkit.design.objectives import Strategy
from trialkit.render.markdown import render_markdown
from trialkit.tui.app import make_app
from trialkit.tui.messages import JumpToStep
from trialkit.tui.widgets.lists import RecordListEditor

WORDS = ["Treatment policy", "Hypothetical", "Composite", "While on treatment",
         "Principal stratum"]


def _screen_text(app) -> str:
    return "\n".join("".join(seg.text for seg in strip)
                     for strip in app.screen._compositor.render_strips())


async def _an_event_is_added_as_a_row_with_its_strategy_chosen_in_words(pilot, example: Path):
    app = pilot.app
    assert app.open_design(example)
    editor = await editor_at(pilot, "objectives")
    pane = editor.pane("objectives")
    table = pane.query_one("#intercurrent-events", RecordListEditor)
    rows = pane.query_one("#intercurrent-events-items", OptionList)
    assert [str(rows.get_option_at_index(i).prompt) for i in range(rows.option_count)] == [
        "Premature discontinuation of trial treatment: Treatment policy",
        "Start of another immunomodulatory therapy: Hypothetical"]
    # By keyboard: Add, the event, the strategy from its menu, the rationale.
    pane._focus(table.query_one("#intercurrent-events-add", Button))
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    assert app.focused is table.query_one("#intercurrent-events-event", Input)
    burst(app, [*"Rescue insulin", "tab"])
    await settle(pilot)
    strategy = table.query_one("#intercurrent-events-strategy", Select)
    assert app.focused is strategy
    await pilot.press("enter")
    await settle(pilot)
    menu = _screen_text(app)
    for words in WORDS:
        assert words in menu
    assert "the event is part of the outcome" in menu  # each choice says what it means
    await pilot.press("down", "down", "down", "enter", "tab")
    await settle(pilot)
    assert app.focused is table.query_one("#intercurrent-events-rationale", TextArea)
    burst(app, [*"counted as failure"])
    await settle(pilot)
    shown = _screen_text(app)
    assert "Rescue insulin: Composite" in shown
    internal = [name for name in get_args(Strategy) if "_" in name and name in shown]
    assert internal == [], internal
    rows_now = app.trial.objectives[0].endpoints[0].estimand.intercurrent_events
    assert [(e.event, e.strategy, e.rationale) for e in rows_now][2:] == [
        ("Rescue insulin", "composite", "counted as failure")]
    # Saved and read back: the same rows; the protocol names the strategy in words.
    app.action_save()
    await settle(pilot)
    again = load_trial(example)
    assert again.objectives[0].endpoints[0].estimand.intercurrent_events == rows_now
    assert "| Intercurrent event: Rescue insulin | Composite strategy: counted as failure |" \
        in render_markdown(again)


async def _the_review_jump_for_a_strategy_lands_on_that_rows_strategy(pilot, tmp_path: Path,
                                                                     example: Path):
    data = yaml.safe_load(example.read_text(encoding="utf-8"))
    second = data["objectives"][1]["endpoints"][0]
    second.setdefault("estimand", {})["intercurrent_events"] = [
        {"event": "Death", "strategy": "composite"}, {"event": "Rescue insulin"}]
    path = tmp_path / "gap.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    app = pilot.app
    assert app.open_design(path)
    editor = await editor_at(pilot, "review")
    editor.post_message(JumpToStep(
        "objectives", "objectives.1.endpoints.0.estimand.intercurrent_events"))
    await settle(pilot)
    pane = editor.pane("objectives")
    strategy = pane.query_one("#intercurrent-events-strategy", Select)
    assert app.focused is strategy
    assert pane.query_one("#intercurrent-events-form").base == \
        "objectives.1.endpoints.0.estimand.intercurrent_events.1"
    assert strategy.value is Select.NULL
    assert app.focused.region.bottom <= app.screen.size.height - 1  # on screen


async def test_intercurrent_events_as_rows(tmp_path: Path, example: Path):
    """One app: the jump's check on its own design, then the example's row added by keyboard
    (each check a named function above)."""
    app = make_app(offer_recovery=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await _the_review_jump_for_a_strategy_lands_on_that_rows_strategy(pilot, tmp_path, example)
        await _an_event_is_added_as_a_row_with_its_strategy_chosen_in_words(pilot, example)
