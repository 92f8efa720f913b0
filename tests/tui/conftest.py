"""Shared fixtures for the TUI tests: an isolated state folder, a frozen cursor, helpers."""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import re
import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import pytest_textual_snapshot
from textual.pilot import Pilot
from textual.timer import Timer
from textual.widgets import DirectoryTree, Input, Markdown, TextArea
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
    copy = tmp_path / MAIN_EXAMPLE
    shutil.copy(source, copy)
    return copy


def _debounce_timers(app: Any) -> list[Timer]:
    """One-shot timers that trialkit's own code has set and that have not fired yet.

    The editor rechecks the design 0.3 s after the last edit (a debounce). Textual's own
    one-shot timers (a notification's expiry, say) are left alone.
    """
    timers: dict[int, Timer] = {}
    for screen in app.screen_stack:
        for node in (app, *screen.walk_children(with_self=True)):
            for timer in list(node._timers):
                module = getattr(timer._callback, "__module__", "") or ""
                task = timer._task
                if (timer._repeat == 0 and task is not None and not task.done()
                        and module.startswith("trialkit.")):
                    timers[id(timer)] = timer
    return list(timers.values())


async def _fire_now(timer: Timer) -> None:
    """Fire a pending debounce timer at once: nothing more will be typed before the test looks."""
    callback = timer._callback
    timer.stop()
    result = callback() if callback is not None else None
    if inspect.isawaitable(result):
        await result


def _running_workers(app: Any) -> list[Any]:
    """The app's unfinished workers, except a DirectoryTree's loader (alive while it is shown)."""
    return [w for w in app.workers
            if not w.is_finished and not isinstance(w.node, DirectoryTree)]


def _messages_waiting(app: Any) -> bool:
    """Has any widget of the shown screen (or the app) messages it has not handled yet?"""
    return any(node.message_queue_size for node in (app, *app.screen.walk_children(with_self=True)))


async def _markdown_updates(app: Any) -> bool:
    """Wait for Markdown documents still being parsed and mounted (the help screen); any?"""
    busy = False
    for document in app.screen.query(Markdown):
        if document.lock.is_locked:  # held by Markdown.update until every block is mounted
            busy = True
            async with document.lock:
                pass
    return busy


async def settle(pilot: Pilot) -> None:
    """Wait until all the work an action started has finished and its results are shown.

    Results arrive in chains (a worker's message starts another worker; an edit schedules the
    progress check), so repeat until a round finds nothing pending, twice in a row. Nothing
    here waits a fixed time: each round lets every widget handle the messages already sent to
    it (``wait_for_scheduled_animations``), fires pending debounce timers, awaits running
    workers and Markdown documents being built, and checks that no message is left queued
    (on a loaded machine, Textual's idle test alone can mistake waiting for the CPU for rest).
    """
    app = pilot.app
    quiet = 0
    for _ in range(500):
        await pilot.wait_for_scheduled_animations()
        busy = False
        for timer in _debounce_timers(app):
            await _fire_now(timer)
            busy = True
        workers = _running_workers(app)
        if workers:
            busy = True
            with contextlib.suppress(WorkerCancelled):
                await app.workers.wait_for_complete(workers)
        busy = await _markdown_updates(app) or _messages_waiting(app) or busy
        quiet = 0 if busy else quiet + 1
        if quiet == 2:
            return
    raise AssertionError("the app kept starting work and never settled")


async def wait_until(pilot: Pilot, condition: Callable[[], bool], what: str,
                     timeout: float = 10.0) -> None:
    """Let the app run until ``condition()`` holds (for work on a timer the test cannot fire)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting until {what}")
        await pilot.pause()


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
