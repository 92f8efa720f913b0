"""Ctrl+R (add the next record) typed in one burst with the values around it (the timed drive
at 80x24, issue 12): the keys before it stay in the record being filled, the keys after it go
into the new one (the drive got "V1: (unnamed)" and "V2: ScreeningBaseline (day -280)")."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot
from textual.widgets import Button

from tests.tui.conftest import burst, editor_at, settle
from trialkit.tui.app import make_app


def _typed(*fields: str) -> list[str]:
    """Tab, then each field's text, Tab between fields."""
    keys: list[str] = []
    for text in fields:
        keys += ["tab", *text]
    return keys


async def _visits_of_a_blank_design(pilot: Pilot, app: Any) -> Any:
    """A blank design's Schedule step showing its (empty) visits list."""
    await settle(pilot)
    app.start_blank()
    editor = await editor_at(pilot, "schedule")
    pane = editor.pane("schedule")
    pane.show_field("visits")
    await settle(pilot)
    return pane


async def test_visits_typed_with_ctrl_r_in_one_burst_each_land_in_their_own_visit():
    app = make_app(offer_recovery=False)
    async with app.run_test(size=(80, 24)) as pilot:
        pane = await _visits_of_a_blank_design(pilot, app)
        pane.query_one("#visits-add", Button).press()
        await settle(pilot)
        burst(app, [*_typed("Screening", "-28", "0"), "ctrl+r",
                    *_typed("Baseline", "0", "0"), "ctrl+r",
                    *_typed("Month 3", "91", "14")])
        await settle(pilot)
        visits = [(v.id, v.name, v.day, v.window_days) for v in app.trial.visits]
        assert visits == [("V1", "Screening", -28, 0), ("V2", "Baseline", 0, 0),
                          ("V3", "Month 3", 91, 14)]


async def test_arms_typed_with_ctrl_r_in_one_burst_each_land_in_their_own_arm():
    app = make_app(offer_recovery=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.start_blank()
        editor = await editor_at(pilot, "interventions")
        editor.pane("interventions").query_one("#arms-add", Button).press()
        await settle(pilot)
        burst(app, [*_typed("Anakinra"), "ctrl+r", *_typed("Placebo")])
        await settle(pilot)
        assert [(a.id, a.name) for a in app.trial.arms] == [
            ("arm1", "Anakinra"), ("arm2", "Placebo")]


async def test_enter_on_add_then_the_visit_typed_in_one_burst_fill_the_new_visit():
    app = make_app(offer_recovery=False)
    async with app.run_test(size=(80, 24)) as pilot:
        pane = await _visits_of_a_blank_design(pilot, app)
        pane.query_one("#visits-add", Button).focus()
        await settle(pilot)
        burst(app, ["enter", *_typed("Screening", "-28", "0")])
        await settle(pilot)
        assert [(v.id, v.name, v.day, v.window_days) for v in app.trial.visits] == [
            ("V1", "Screening", -28, 0)]
