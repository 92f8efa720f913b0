"""TUI speed: launch to first screen, and keystroke to updated sample size.

Run: .venv/bin/python benchmarks/bench_tui.py [--edits 100] [--launches 5] [--check]

It also prints the CPU seconds (all threads) of opening the main example and of showing each
step, first and again, beside a bare Textual app that mounts a pane of 20 labelled inputs.

Goals (issue 12): launch to the first screen under 1 s; keystroke to updated sample size
median under 50 ms and worst under 100 ms. ``--check`` exits 1 when a goal is missed.

Launch is measured as a separate process, from its start to the first screen mounted, so the
interpreter's start and every import count (the process's exit does not). Latency is measured
inside a headless Pilot session on the main example: each edit types one character into the
effect field, delivered as a terminal delivers it (queued, not through Pilot.press, whose wait
for every widget to go idle costs more than the edit on a screen this size); the clock stops at
the first screen refresh after the sample-size step shows the result of that exact input.

A shared machine slows everything alike, so each measurement has a peer measured in the same
run, in alternate rounds: a bare Textual app with one Static (launch), and one with an Input
whose every change rewrites a Static (keystroke). The ratio to the peer says what trialkit adds
whatever the load; CPU seconds are printed beside wall seconds for the same reason.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from typing import Any

LAUNCH_GOAL = 1.0
MEDIAN_GOAL_MS = 50.0
WORST_GOAL_MS = 100.0
EDIT_TIMEOUT = 30.0
"""Seconds to wait for one edit's result before the run is reported as broken."""

LAUNCH = """
import time, sys
from textual.app import App
{build}
async def first_screen(pilot):
    await pilot.pause()
    print(time.time(), time.process_time())
    app.exit()
app.run(headless=True, size=(120, 40), auto_pilot=first_screen)
"""
TRIALKIT = "from trialkit.tui.app import make_app\napp = make_app(offer_recovery=False)"
PEER = ("from textual.widgets import Static\nclass Peer(App):\n"
        "    def compose(self):\n        yield Static('peer')\napp = Peer()")


def launch(build: str) -> tuple[float, float]:
    """(wall seconds, CPU seconds) from the start of a new process to its first screen."""
    start = time.time()
    out = subprocess.run([sys.executable, "-c", LAUNCH.format(build=build)],
                         capture_output=True, text=True, check=True, env=os.environ)
    shown, cpu = (float(x) for x in out.stdout.strip().splitlines()[-1].split())
    return shown - start, cpu


def _key(app: Any, key: str) -> None:
    """Deliver one key as a terminal does: the event is queued, nobody waits on the screen.

    (Pilot.press also waits until every widget of the screen has handled a callback of its
    own, a walk over the whole editor on each key that no terminal makes.)
    """
    from textual import events

    event = events.Key(key, key if len(key) == 1 else None)
    event.set_sender(app)
    app.post_message(event)


async def _timed_edits(app: Any, pilot: Any, field: Any, done: Callable[[int], bool],
                       edits: int) -> tuple[list[float], float]:
    """Type ``edits`` keys into ``field``; seconds until ``done(count)`` for each, CPU used."""
    field.focus()
    await pilot.press("end")
    latencies = []
    cpu = time.process_time()
    for i in range(edits):
        start = time.perf_counter()
        _key(app, "5" if i % 2 == 0 else "backspace")
        while not done(i):
            if time.perf_counter() - start > EDIT_TIMEOUT:
                raise RuntimeError(f"edit {i + 1}: no updated result after {EDIT_TIMEOUT:.0f} s")
            await asyncio.sleep(0.0005)
        latencies.append(time.perf_counter() - start)
    return latencies, time.process_time() - cpu


async def keystroke_latencies(edits: int) -> tuple[list[float], float]:
    """Seconds from a key press in the effect field to the updated result on screen."""
    from textual.widgets import Input

    from trialkit.resources import data_dir
    from trialkit.tui.app import make_app

    app = make_app(data_dir("examples") / "anakinra-t1d.yaml", offer_recovery=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(1.0)
        editor = app.screen
        editor.show_step("sample_size")
        await pilot.pause(1.0)
        step = editor.pane("sample_size")
        base = step.painted_count

        def shown(i: int) -> bool:
            return step.painted_count > base + i and step.generation == step.sizing_generation

        return await _timed_edits(app, pilot, step.query_one("#ss-p-delta", Input), shown,
                                  edits)


async def peer_latencies(edits: int) -> tuple[list[float], float]:
    """The same edits in a bare Textual app whose Input rewrites a Static on every change."""
    from textual.app import App, ComposeResult
    from textual.widgets import Input, Static

    class Peer(App[None]):
        painted = 0

        def compose(self) -> ComposeResult:
            yield Input("0.1", id="peer-input")
            yield Static("", id="peer-echo")

        def on_input_changed(self, event: Input.Changed) -> None:
            self.query_one(Static).update(f"typed {event.value}")
            self.call_after_refresh(self._painted)

        def _painted(self) -> None:
            self.painted += 1

    app = Peer()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.5)
        base = app.painted

        def shown(i: int) -> bool:
            return app.painted > base + i

        return await _timed_edits(app, pilot, app.query_one(Input), shown, edits)


PEER_FIELDS = 20
"""Labelled inputs in each pane of the bare Textual peer of the step timings."""


async def _settled(app: Any, pilot: Any) -> None:
    """Until the app has no running worker and has handled what it was sent."""
    for _ in range(100):
        await pilot.pause()
        running = [w for w in app.workers if not w.is_finished]
        if not running:
            await pilot.pause()
            return
        await app.workers.wait_for_complete(running)


async def step_cpu() -> dict[str, float]:
    """CPU seconds of opening the main example, then of showing each step (first, again)."""
    from trialkit.resources import data_dir
    from trialkit.tui.app import make_app
    from trialkit.tui.steps import STEP_IDS

    cpu: dict[str, float] = {}
    start = time.process_time()
    app = make_app(data_dir("examples") / "anakinra-t1d.yaml", offer_recovery=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await _settled(app, pilot)
        cpu["open"] = time.process_time() - start
        for visit in ("first", "again"):
            for step in STEP_IDS:
                start = time.process_time()
                app.screen.show_step(step)
                await _settled(app, pilot)
                cpu[f"{visit} {step}"] = time.process_time() - start
    return cpu


async def peer_step_cpu(steps: int) -> float:
    """CPU seconds a bare Textual app takes to mount and show one pane of labelled inputs."""
    from textual.app import App, ComposeResult
    from textual.containers import Vertical, VerticalScroll
    from textual.widgets import ContentSwitcher, Input, Label

    class Peer(App[None]):
        def compose(self) -> ComposeResult:
            yield ContentSwitcher(id="panes")

    app = Peer()
    used = []
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        switcher = app.query_one(ContentSwitcher)
        for i in range(steps):
            start = time.process_time()
            await switcher.mount(VerticalScroll(*[
                Vertical(Label(f"Field {j}"), Input(str(j), compact=True))
                for j in range(PEER_FIELDS)], id=f"pane-{i}"))
            switcher.current = f"pane-{i}"
            await _settled(app, pilot)
            used.append(time.process_time() - start)
    return statistics.median(used)


def _stats(values: list[float], unit: float, fmt: str) -> str:
    scaled = [unit * v for v in values]
    return (f"min {min(scaled):{fmt}}, median {statistics.median(scaled):{fmt}}, "
            f"worst {max(scaled):{fmt}}")


def main() -> int:
    """Print launch times and keystroke latency (min, median, worst), each beside its peer."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=100)
    parser.add_argument("--launches", type=int, default=5)
    parser.add_argument("--check", action="store_true", help="exit 1 if a goal is missed")
    args = parser.parse_args()
    print(f"load average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    with tempfile.TemporaryDirectory() as state:
        os.environ["TRIALKIT_STATE_DIR"] = state
        ours, peers = [], []
        for _ in range(args.launches):  # alternate rounds: the load falls on both alike
            ours.append(launch(TRIALKIT))
            peers.append(launch(PEER))
        wall, cpu = [w for w, _ in ours], [c for _, c in ours]
        print(f"launch to first screen ({args.launches} runs): {_stats(wall, 1, '.3f')} s; "
              f"CPU {_stats(cpu, 1, '.3f')} s")
        print(f"  peer (bare Textual app): {_stats([w for w, _ in peers], 1, '.3f')} s; "
              f"CPU {_stats([c for _, c in peers], 1, '.3f')} s")
        print(f"  trialkit / peer, median wall: "
              f"{statistics.median(wall) / statistics.median(w for w, _ in peers):.2f}x")
        asyncio.run(step_cpu())  # warm-up: imports and first-use caches are not a step's cost
        steps = asyncio.run(step_cpu())
        peer_step = asyncio.run(peer_step_cpu(len(steps) // 2))
        first = [v for k, v in steps.items() if k.startswith("first")]
        again = [v for k, v in steps.items() if k.startswith("again")]
        print(f"CPU to open the main example: {1000 * steps['open']:.0f} ms; "
              f"showing a step, first time: median {1000 * statistics.median(first):.0f} ms, "
              f"worst {1000 * max(first):.0f} ms (all {1000 * sum(first):.0f} ms); "
              f"again: median {1000 * statistics.median(again):.0f} ms, "
              f"worst {1000 * max(again):.0f} ms")
        print("  " + ", ".join(f"{k} {1000 * v:.0f}" for k, v in steps.items()))
        print(f"  peer (a pane of {PEER_FIELDS} labelled inputs): {1000 * peer_step:.0f} ms; "
              f"trialkit first visit / peer, median: "
              f"{statistics.median(first) / peer_step:.2f}x")
        latencies, used = asyncio.run(keystroke_latencies(args.edits))
        peer, peer_used = asyncio.run(peer_latencies(args.edits))
    ms = [1000 * x for x in latencies]
    print(f"keystroke -> updated sample size ({len(ms)} edits): {_stats(latencies, 1000, '.1f')}"
          f" ms, 95th percentile {sorted(ms)[int(0.95 * len(ms)) - 1]:.1f} ms; "
          f"CPU {1000 * used / len(ms):.1f} ms per edit (goals: median under 50 ms, worst under "
          "100 ms)")
    print(f"  peer (Input echoed in a Static): {_stats(peer, 1000, '.1f')} ms; "
          f"CPU {1000 * peer_used / len(peer):.1f} ms per edit")
    print(f"  trialkit / peer, median: {statistics.median(latencies) / statistics.median(peer):.2f}x")
    missed = [goal for goal, ok in (
        ("launch under 1 s", statistics.median(wall) < LAUNCH_GOAL),
        ("keystroke median under 50 ms", statistics.median(ms) < MEDIAN_GOAL_MS),
        ("keystroke worst under 100 ms", max(ms) < WORST_GOAL_MS),
    ) if not ok]
    print("goals missed: " + ", ".join(missed) if missed else "all goals met")
    return 1 if args.check and missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
