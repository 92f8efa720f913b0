"""The Schedule step's tabs from the keyboard: the step opens with the focus on its tab bar,
Left/Right then switch tabs (as in any Textual app), and the sidebar legend names every mark."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static, TabbedContent, Tabs

from tests.tui.conftest import editor_at, settle
from trialkit.tui.app import make_app
from trialkit.tui.steps import STEP_IDS

EXAMPLE = Path(__file__).parents[2] / "examples" / "anakinra-t1d.yaml"


async def test_f2_enter_on_schedule_then_right_opens_the_visits_tab() -> None:
    app = make_app(EXAMPLE, offer_recovery=False)
    async with app.run_test(size=(80, 24)) as pilot:
        editor = await editor_at(pilot)
        await pilot.press("f2", *["down"] * STEP_IDS.index("schedule"), "enter")
        await settle(pilot)
        tabs = editor.query_one("#schedule-tabs", TabbedContent)
        assert isinstance(app.focused, Tabs), app.focused
        assert tabs in app.focused.ancestors
        await pilot.press("right")
        await settle(pilot)
        assert tabs.active == "tab-visits"
        await pilot.press("right")
        await settle(pilot)
        assert tabs.active == "tab-assessments"
        await pilot.press("left", "left")
        await settle(pilot)
        assert tabs.active == "tab-grid"


async def test_back_from_a_visit_field_f2_enter_puts_the_focus_on_the_tabs() -> None:
    """The drive: on a visit's field, F2 Enter then Right did nothing (the focus went to the
    Visits tab's first field); Ctrl+N F3 Right neither."""
    app = make_app(EXAMPLE, offer_recovery=False)
    async with app.run_test(size=(80, 24)) as pilot:
        editor = await editor_at(pilot, "schedule")
        tabs = editor.query_one("#schedule-tabs", TabbedContent)
        tabs.active = "tab-visits"
        await settle(pilot)
        editor.query_one("#visits .items").focus()
        await settle(pilot)
        await pilot.press("f2", "enter")
        await settle(pilot)
        assert isinstance(app.focused, Tabs), app.focused
        await pilot.press("right")
        await settle(pilot)
        assert tabs.active == "tab-assessments"
        await pilot.press("ctrl+n", "f3")
        await settle(pilot)
        await pilot.press("left")
        await settle(pilot)
        assert tabs.active == "tab-visits"


async def test_f6_shows_the_next_tab_from_a_field_and_the_footer_offers_it() -> None:
    app = make_app(EXAMPLE, offer_recovery=False)
    async with app.run_test(size=(80, 24)) as pilot:
        editor = await editor_at(pilot, "schedule")
        tabs = editor.query_one("#schedule-tabs", TabbedContent)
        tabs.active = "tab-visits"
        await settle(pilot)
        editor.query_one("#visits .items").focus()
        await settle(pilot)
        shown = {b.action: b.description for _, b, _, _ in editor.active_bindings.values()
                 if b.show}
        assert shown.get("next_tab") == "Next tab", shown
        await pilot.press("f6")
        await settle(pilot)
        assert tabs.active == "tab-assessments" and isinstance(app.focused, Tabs)
        await pilot.press("f6")
        await settle(pilot)
        assert tabs.active == "tab-grid"


async def test_the_legend_names_the_warnings_mark() -> None:
    app = make_app(EXAMPLE, offer_recovery=False)
    async with app.run_test(size=(80, 24)) as pilot:
        editor = await editor_at(pilot)
        legend = str(editor.query_one("#progress-legend", Static).render())
        assert "? to check" in legend, legend
