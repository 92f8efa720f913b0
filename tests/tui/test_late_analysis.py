"""A design check that finishes while its screen is closing (another design was just started)
is dropped; it once failed on the step list already removed, ending the app with an error
(seen now and then in the suite as "No nodes match 'StepList'")."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static

from tests.tui.conftest import settle
from trialkit.tui.app import make_app
from trialkit.tui.screens.editor import EditorScreen, StepList


async def test_an_analysis_arriving_after_the_step_list_left_is_dropped(example: Path) -> None:
    app = make_app(example, offer_recovery=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, EditorScreen) and screen.analysis is not None
        analysis = screen.analysis
        await screen.query_one(StepList).remove()  # as when the screen is being closed
        screen._show_analysis(analysis)
        await settle(pilot)
        assert app.is_running
        assert screen.query("#progress-summary").first(Static) is not None
