"""Worker results reach only widgets that are still in the app."""

from __future__ import annotations

import asyncio

from textual.app import App, ComposeResult
from textual.widgets import Static

from trialkit.tui.threads import deliver


class _Two(App[None]):
    def compose(self) -> ComposeResult:
        yield Static(id="kept")
        yield Static(id="removed")


async def test_a_result_for_a_removed_widget_is_dropped():
    app = _Two()
    calls: list[str] = []
    async with app.run_test() as pilot:
        kept = app.query_one("#kept", Static)
        removed = app.query_one("#removed", Static)
        await removed.remove()
        await asyncio.to_thread(deliver, removed, calls.append, "removed")
        await asyncio.to_thread(deliver, kept, calls.append, "kept")
        await pilot.pause()
    assert calls == ["kept"]
