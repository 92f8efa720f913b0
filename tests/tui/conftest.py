"""Shared fixtures for the TUI tests: an isolated state folder, a frozen cursor, helpers."""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import pytest_textual_snapshot
from textual.pilot import Pilot
from textual.widgets import DirectoryTree, Input, TextArea
from textual.worker import WorkerCancelled

from trialkit.resources import data_dir

MAIN_EXAMPLE = "anakinra-t1d.yaml"


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> bool | None:
    """Run ``async def`` tests in a fresh event loop (no async pytest plugin needed)."""
    if not inspect.iscoroutinefunction(pyfuncitem.obj):
        return None
    names = pyfuncitem._fixtureinfo.argnames
    asyncio.run(pyfuncitem.obj(**{name: pyfuncitem.funcargs[name] for name in names}))
    return True


@pytest.fixture(autouse=True)
def isolated_state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Recent files and recovery copies go to a temporary folder, never the user's."""
    state = tmp_path / "state"
    monkeypatch.setenv("TRIALKIT_STATE_DIR", str(state))
    monkeypatch.chdir(tmp_path)
    return state


@pytest.fixture(autouse=True)
def frozen_cursor(monkeypatch: pytest.MonkeyPatch) -> None:
    """No cursor blinking, so snapshots do not depend on timing."""
    monkeypatch.setattr(Input, "_toggle_cursor", lambda self: None)
    monkeypatch.setattr(TextArea, "_toggle_cursor_blink_visible", lambda self: None,
                        raising=False)


_EMPTY_RECT = re.compile(r'<rect [^>]*width="0"[^>]*/>')
_plugin_normalize = pytest_textual_snapshot.normalize_svg


def _normalize_svg(svg: str) -> str:
    """The plugin's normalisation, plus dropping zero-width rectangles, which draw nothing.

    Textual sometimes emits an empty segment at the edge of a scrolled pane, depending on
    the order in which widgets were refreshed; it is invisible but would fail the comparison.
    """
    return _EMPTY_RECT.sub("", _plugin_normalize(svg))


@pytest.fixture(autouse=True)
def stable_snapshots(monkeypatch: pytest.MonkeyPatch) -> None:
    """Compare snapshots by what they draw (see ``_normalize_svg``)."""
    monkeypatch.setattr(pytest_textual_snapshot, "normalize_svg", _normalize_svg)


@pytest.fixture
def example(tmp_path: Path) -> Path:
    """A private copy of the main example (the IL-1 blockade / type 1 diabetes scenario)."""
    source = data_dir("examples") / MAIN_EXAMPLE
    if not source.is_file():
        pytest.skip("the main example design is not there yet")
    copy = tmp_path / MAIN_EXAMPLE
    shutil.copy(source, copy)
    return copy


async def settle(pilot: Pilot) -> None:
    """Wait until every worker and timer-started job has finished and its messages are handled.

    Results arrive in chains (a worker's message starts another worker; an edit starts the
    progress check after a short timer), so wait for two quiet rounds in a row.
    """
    quiet = 0
    for _ in range(50):
        # A DirectoryTree keeps a loader worker alive for as long as it is shown.
        ours = [w for w in pilot.app.workers if not isinstance(w.node, DirectoryTree)]
        if ours:  # an empty list would mean "all workers"
            with contextlib.suppress(WorkerCancelled):
                await pilot.app.workers.wait_for_complete(ours)
        await pilot.pause(0.06)
        busy = any(not w.is_finished for w in ours)
        quiet = 0 if busy else quiet + 1
        if quiet == 2:
            return


async def editor_at(pilot: Pilot, step: str | None = None) -> Any:
    """The editor screen once its work has settled, showing ``step`` if one is given."""
    await settle(pilot)
    editor = pilot.app.screen
    if step is not None:
        editor.show_step(step)
        await settle(pilot)
    return editor


async def type_into(pilot: Pilot, widget: Input, text: str) -> None:
    """Replace an input's text by keyboard, as a user would."""
    widget.focus()
    await pilot.pause()
    await pilot.press("home", "shift+end")
    await pilot.press(*text) if text else await pilot.press("backspace")
    await settle(pilot)
