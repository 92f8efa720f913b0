"""Worker results reach only widgets that are still in the app; the app's delays are timers."""

from __future__ import annotations

import ast
import asyncio
from pathlib import Path

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


def _timed_waits(source: str) -> list[int]:
    """Lines that sleep, or wait on an event with a time limit (``x.wait(0.25)``)."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute | ast.Name):
            name = node.func.attr if isinstance(node.func, ast.Attribute) else node.func.id
            if name == "sleep" or (name == "wait" and (node.args or node.keywords)):
                lines.append(node.lineno)
    return lines


def test_the_terminal_uis_delays_are_timers_not_waits_in_a_worker():
    """A pause (say, for typing to stop) waits on a Textual timer, which the Pilot tests fire at
    once (tests/tui/conftest.py); a worker sleeping or waiting with a time limit holds each
    test for its full length in real time, as the sample-size step's did (0.25 s a keystroke)."""
    assert _timed_waits("changed.wait(pause)\ntime.sleep(0.1)\nevent.wait()\n") == [1, 2]
    package = Path(__file__).resolve().parents[2] / "trialkit" / "tui"
    found = [f"{path.relative_to(package)}:{line}" for path in sorted(package.rglob("*.py"))
             for line in _timed_waits(path.read_text(encoding="utf-8"))]
    assert found == [], found
