"""Keys typed ahead of the screen (a fast typist, a loaded machine) land where they were meant
to (issue 12: fast typing never lands in the wrong field)."""

from __future__ import annotations

from textual.widgets import Input

from tests.tui.conftest import burst, editor_at, settle
from trialkit.tui.app import make_app


async def test_list_items_typed_in_one_burst_stay_separate_items():
    app = make_app(offer_recovery=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.start_blank()
        editor = await editor_at(pilot, "population")
        editor.query_one("#inclusion-input", Input).focus()
        await settle(pilot)
        items = ["Age 18 to 35 years", "Written informed consent", "HbA1c below 10%"]
        burst(app, [key for item in items for key in [*item, "enter"]])
        await settle(pilot)
        assert app.trial.population.inclusion == items
        assert editor.query_one("#inclusion-input", Input).value == ""


def _admin_keys() -> list[str]:
    keys = ["ctrl+n"]
    for text in ["TK-1", "1.0", "2026-11-22", "Sponsor X"]:
        keys += [*text, "tab"]
    return keys


async def test_text_typed_right_after_ctrl_n_never_edits_the_step_just_left():
    app = make_app(offer_recovery=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.start_blank()
        await editor_at(pilot, "safety")
        burst(app, _admin_keys())  # the admin step is opened for the first time
        await settle(pilot)
        safety = app.trial.safety
        assert (safety.definitions, safety.collection, safety.reporting_period) == (
            None, None, None)


async def test_text_typed_right_after_ctrl_n_goes_into_the_next_step():
    app = make_app(offer_recovery=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.start_blank()
        editor = await editor_at(pilot, "admin")  # visited once: its fields exist
        editor.show_step("safety")
        await settle(pilot)
        burst(app, _admin_keys())
        await settle(pilot)
        page = app.trial.title_page
        assert (page.protocol_id, page.version, str(page.version_date), page.sponsor.name) == (
            "TK-1", "1.0", "2026-11-22", "Sponsor X")
        assert app.trial.safety.definitions is None
