"""Shared fixtures for the TUI tests: an isolated state folder, a frozen cursor, helpers.

Pilot waits for the app by its work, not by the clock: Textual's own Pilot sleeps after every
key until the process looks idle (at least 40 ms a key, up to a second on a loaded machine)
and posts a callback to every widget of the screen to see that they all handled their
messages. Here both wait exactly for the work: the widgets with messages queued or in hand
(and no others), a pending redraw, running animations (``_handled``).
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import functools
import inspect
import re
import shutil
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
import pytest_textual_snapshot
import textual.app
import textual.constants
import textual.pilot
from textual import events
from textual._compositor import Compositor
from textual._context import active_app
from textual.app import App
from textual.css.model import RuleSet
from textual.css.stylesheet import CSSLocation, Stylesheet
from textual.dom import DOMNode
from textual.keys import _character_to_key
from textual.message_pump import MessagePump
from textual.pilot import Pilot, WaitForScreenTimeout
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


def _seconds(item: pytest.Item) -> float:
    """The CPU seconds a test says it takes (``@pytest.mark.slow(seconds=45)``), else 0."""
    marker = item.get_closest_marker("slow")
    return float(marker.kwargs.get("seconds", 0)) if marker is not None else 0.0


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The longest TUI tests first (by their ``slow`` marker's seconds; a stable sort, which
    tests/conftest.py's sort keeps): the workers are handed tests in this order, so the walk
    from a blank design starts at once instead of running last on one worker while the other
    idles."""
    items.sort(key=lambda item: -_seconds(item))


@pytest.fixture(autouse=True)
def isolated_state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Recent files and recovery copies go to a temporary folder, never the user's."""
    state = tmp_path / "state"
    monkeypatch.setenv("TRIALKIT_STATE_DIR", str(state))
    monkeypatch.chdir(tmp_path)
    return state


_IN_HAND: collections.Counter[int] = collections.Counter()
"""How many messages (or after-message callbacks) each node (by id) is handling right now."""


def _tracked(method: Callable[..., Awaitable[Any]]) -> Callable[..., Awaitable[Any]]:
    """``method`` of a message pump, counted in ``_IN_HAND`` while it runs."""
    async def tracked(self: MessagePump, *args: Any) -> Any:
        _IN_HAND[id(self)] += 1
        try:
            return await method(self, *args)
        finally:
            _IN_HAND[id(self)] -= 1
            if not _IN_HAND[id(self)]:
                del _IN_HAND[id(self)]

    return tracked


def _nodes(app: App[Any]) -> list[DOMNode]:
    """The app and every node of every screen on its stack (shown or not)."""
    return [app, *(node for screen in app.screen_stack
                   for node in screen.walk_children(with_self=True))]


def _unhandled(node: DOMNode) -> bool:
    """Has a widget (or screen, or the app) messages queued or in hand, or is it still mounting?"""
    return bool(node.message_queue_size or node._next_callbacks or id(node) in _IN_HAND
                or not node._is_mounted)


def _busy(app: App[Any]) -> list[DOMNode]:
    """The nodes of every screen (and the app) that have work in hand (``_unhandled``)."""
    return [node for node in _nodes(app) if _unhandled(node)]


def _redraw_due(app: App[Any]) -> bool:
    """Does the shown screen have a layout, repaint or after-refresh callback pending?"""
    screen = app.screen
    return bool(screen._layout_required or screen._scroll_required or screen._repaint_required
                or screen._dirty_widgets or screen._callbacks or screen._recompose_required)


async def _wait_for_busy(app: App[Any], timeout: float = 30.0) -> bool:
    """Pilot._wait_for_screen for the nodes with work in hand: each handles what it has queued.

    A callback is queued behind each busy node's messages; nodes with nothing queued have
    nothing to wait for. False if the app failed meanwhile.
    """
    count = 0
    done = asyncio.Event()

    def one_done() -> None:
        nonlocal count
        count -= 1
        if count == 0:
            done.set()

    for node in _busy(app):
        if node.call_later(one_done):
            count += 1
    if not count:
        return True
    waits = [asyncio.create_task(done.wait()), asyncio.create_task(app._exception_event.wait())]
    _, pending = await asyncio.wait(waits, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
    for task in pending:
        task.cancel()
    if len(pending) == len(waits):
        raise WaitForScreenTimeout("widgets kept messages queued for 30 seconds")
    return count == 0


async def _handled(app: App[Any] | None = None) -> None:
    """Until no node has work in hand, no redraw is due and no animation runs (see module doc)."""
    app = app if app is not None else active_app.get()
    for _ in range(1000):
        await asyncio.sleep(0)  # tasks that are ready (a mount, a delivered result) run first
        if not app.is_running:
            return
        if _busy(app):
            if not await _wait_for_busy(app):
                return
        elif _redraw_due(app):
            app.screen._on_timer_update()
        elif not app.animator._complete_event.is_set():
            await app.animator.wait_until_complete()
        else:
            return


async def _idle(min_sleep: float = 0.0, max_sleep: float = 1.0) -> None:
    """Textual's wait_for_idle (sleep until the CPU looks idle) as a wait for the work itself."""
    await _handled()


async def _wait_for_screen(self: Pilot[Any], timeout: float = 30.0) -> bool:
    """Pilot._wait_for_screen for the busy nodes only (the others have nothing queued)."""
    return await _wait_for_busy(self.app, timeout)


@pytest.fixture(autouse=True)
def pilot_waits_for_work(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pilot's key presses and pauses wait for the app's work, not for the clock."""
    monkeypatch.setattr(textual.app, "wait_for_idle", _idle)
    monkeypatch.setattr(textual.pilot, "wait_for_idle", _idle)
    monkeypatch.setattr(Pilot, "_wait_for_screen", _wait_for_screen)
    for name in ("_dispatch_message", "_flush_next_callbacks"):
        monkeypatch.setattr(MessagePump, name, _tracked(getattr(MessagePump, name)))


_render_update = Compositor.render_update


def _unpainted_update(self: Compositor, full: bool = False, *args: Any, **kwargs: Any) -> Any:
    """The compositor's update with nothing painted but a full frame asked for (a screenshot):
    a headless app throws its painted lines away, and painting the changed regions after
    every message was about a third of the TUI tests' CPU. What the tests check (values,
    regions, focus, what a widget draws read back with ``render_lines``) comes from layout,
    not painting; the snapshots' screenshots are full frames, painted as before."""
    if full:
        return _render_update(self, full, *args, **kwargs)
    self._dirty_regions.clear()
    return None


@pytest.fixture(autouse=True)
def unpainted(monkeypatch: pytest.MonkeyPatch) -> None:
    """Changed regions are not painted (``_unpainted_update``), in the snapshot tests too: their
    screenshots are full frames. (A list once decided its scroll bar only when painted, so an
    unpainted screenshot could lack it; the list now measures itself when it is laid out, see
    tests/tui/test_item_list_scroll_bar.py.)"""
    monkeypatch.setattr(Compositor, "render_update", _unpainted_update)


_PARSED: dict[tuple[Any, ...], list[RuleSet]] = {}
_parse_rules = Stylesheet._parse_rules


def _parse_rules_once(self: Stylesheet, css: str, read_from: CSSLocation,
                      is_default_rules: bool = False, tie_breaker: int = 0,
                      scope: str = "") -> list[RuleSet]:
    """Stylesheet._parse_rules, remembered across apps: each test starts its own app, whose
    stylesheet parsed the same CSS with the same theme variables again (about 3% of the TUI
    tests' CPU). Textual caches per stylesheet and reuses the parsed rules unchanged."""
    key = (css, read_from, is_default_rules, tie_breaker, scope,
           tuple(sorted(self._variables.items())))
    rules = _PARSED.get(key)
    if rules is None:
        rules = _PARSED[key] = _parse_rules(self, css, read_from, is_default_rules,
                                            tie_breaker, scope)
    return rules


@pytest.fixture(autouse=True)
def css_parsed_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each app's stylesheet reuses the rules an earlier app parsed (``_parse_rules_once``)."""
    monkeypatch.setattr(Stylesheet, "_parse_rules", _parse_rules_once)


@pytest.fixture(autouse=True)
def no_animations(monkeypatch: pytest.MonkeyPatch) -> None:
    """Apps start as with TEXTUAL_ANIMATIONS=none: a tab's underline moves at once instead of
    gliding for 0.3 s of wall time (which ``_handled`` waited out after each tab change). What
    is shown once it settles is the same; only Textual's own gliding is left untested."""
    monkeypatch.setattr(textual.constants, "TEXTUAL_ANIMATIONS", "none")


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

    The editor rechecks the design 0.3 s after the last edit, and the sample-size step assesses
    the size once typing pauses (debounces). Textual's own one-shot timers (a notification's
    expiry, say) are left alone. ``set_timer`` wraps the callback as
    ``partial(node.call_next, callback)``: the module is the callback's.
    """
    timers: list[Timer] = []
    for node in _nodes(app):
        for timer in list(node._timers):
            callback = timer._callback
            if isinstance(callback, functools.partial) and callback.args:
                callback = callback.args[0]
            module = getattr(callback, "__module__", "") or ""
            task = timer._task
            if (timer._repeat == 0 and task is not None and not task.done()
                    and module.startswith("trialkit.")):
                timers.append(timer)
    return timers


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


async def _markdown_updates(app: Any) -> bool:
    """Wait for Markdown documents still being parsed and mounted (the help screen); any?"""
    busy = False
    for document in app.screen.walk_children(Markdown):  # a query would match CSS on each node
        if document.lock.is_locked:  # held by Markdown.update until every block is mounted
            busy = True
            async with document.lock:
                pass
    return busy


async def settle(pilot: Pilot) -> None:
    """Wait until all the work an action started has finished and its results are shown.

    Results arrive in chains (a worker's message starts another worker; an edit schedules the
    progress check), so repeat until a round finds nothing pending. Nothing here waits a fixed
    time: each round lets every widget handle the messages already sent to it and redraws
    (``_handled``), fires pending debounce timers, awaits running workers and Markdown
    documents being built; the app has settled when a round finds none of these.
    """
    app = pilot.app
    for _ in range(500):
        await _handled(app)
        if not app.is_running:  # it quit: its widgets are unmounted, with nothing to wait for
            return
        busy = False
        for timer in _debounce_timers(app):
            await _fire_now(timer)
            busy = True
        workers = _running_workers(app)
        if workers:
            busy = True
            with contextlib.suppress(WorkerCancelled):
                await app.workers.wait_for_complete(workers)
        busy = await _markdown_updates(app) or busy
        if not (busy or _busy(app) or _redraw_due(app)):
            return
    raise AssertionError("the app kept starting work and never settled")


async def wait_until(pilot: Pilot, condition: Callable[[], bool], what: str,
                     timeout: float = 10.0) -> None:
    """Let the app run until ``condition()`` holds (for work on a timer the test cannot fire)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting until {what}")
        await pilot.pause(0.01)  # looks again every 10 ms while the app's timer runs


async def editor_at(pilot: Pilot, step: str | None = None) -> Any:
    """The editor screen once its work has settled, showing ``step`` if one is given."""
    await settle(pilot)
    editor = pilot.app.screen
    if step is not None:
        editor.show_step(step)
        await settle(pilot)
    return editor


async def type_into(pilot: Pilot, widget: Input, text: str) -> None:
    """Replace an input's text by keyboard, as a quick typist would: the keys arrive in one
    burst (``burst``), and the app handles them in order (Pilot's ``press`` waits for the
    whole app twice after every key, which no terminal does)."""
    widget.focus()
    await pilot.pause()
    burst(pilot.app, ["home", "shift+end", *(text or ["backspace"])])
    await settle(pilot)


def key_event(key: str) -> events.Key:
    """The event a terminal sends for a key ('a', '+', 'shift+end', 'space')."""
    if len(key) == 1:
        return events.Key(_character_to_key(key), key)
    return events.Key(key, {"space": " ", "enter": "\r"}.get(key))


def burst(app: App[Any], keys: list[str]) -> None:
    """Queue every key at once, as a terminal delivers a burst, without waiting for the screen."""
    for key in keys:
        event = key_event(key)
        event.set_sender(app)
        app.post_message(event)
