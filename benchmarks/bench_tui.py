"""TUI speed: launch to first screen, and keystroke to updated sample size.

Run: .venv/bin/python benchmarks/bench_tui.py [--edits 100] [--check]

Goals (issue 12): launch to the first screen under 1 s; keystroke to updated sample size
median under 50 ms and worst under 100 ms. ``--check`` exits 1 when a goal is missed. On a
loaded machine (see the load average printed) the numbers are inflated accordingly.

Launch is measured as a separate process (``python -c`` that builds the app headless and
stops once the first screen is mounted), so imports count. Latency is measured inside a
headless Pilot session on the main example: each edit types one character into the effect
field; the clock stops at the first screen refresh after the sample-size step shows the
result of that exact input (Pilot's own wait for the app to go idle is not counted).
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

LAUNCH_GOAL = 1.0
MEDIAN_GOAL_MS = 50.0
WORST_GOAL_MS = 100.0

LAUNCH = """
import time, sys
t0 = time.perf_counter()
from trialkit.tui.app import make_app
app = make_app(offer_recovery=False)
async def first_screen(pilot):
    await pilot.pause()
    print(time.perf_counter() - t0)
    app.exit()
app.run(headless=True, size=(120, 40), auto_pilot=first_screen)
"""


def launch_times(runs: int) -> list[float]:
    """Seconds from interpreter start of the app code to the welcome screen, per run."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        out = subprocess.run([sys.executable, "-c", LAUNCH], capture_output=True, text=True,
                             check=True, env=os.environ)
        inner = float(out.stdout.strip().splitlines()[-1])
        times.append((time.perf_counter() - start, inner))
    return times


async def keystroke_latencies(edits: int) -> list[float]:
    """Seconds from a key press in the effect field to the updated result on screen."""
    from textual.widgets import Input

    from trialkit.resources import data_dir
    from trialkit.tui.app import make_app

    app = make_app(data_dir("examples") / "anakinra-t1d.yaml", offer_recovery=False)
    latencies = []
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(1.0)
        editor = app.screen
        editor.show_step("sample_size")
        await pilot.pause(1.0)
        step = editor.pane("sample_size")
        field = step.query_one("#ss-p-delta", Input)
        field.focus()
        await pilot.press("end")
        for i in range(edits):
            key = "5" if i % 2 == 0 else "backspace"
            painted = step.painted_count
            start = time.perf_counter()
            typing = asyncio.create_task(pilot.press(key))
            while step.painted_count == painted or step.generation != step.sizing_generation:
                await asyncio.sleep(0.0005)
            latencies.append(time.perf_counter() - start)
            await typing
    return latencies


def main() -> int:
    """Print launch times and keystroke latency (median and worst)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=100)
    parser.add_argument("--launches", type=int, default=3)
    parser.add_argument("--check", action="store_true", help="exit 1 if a goal is missed")
    args = parser.parse_args()
    print(f"load average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    with tempfile.TemporaryDirectory() as state:
        os.environ["TRIALKIT_STATE_DIR"] = state
        launches = launch_times(args.launches)
        process = [t[0] for t in launches]
        inner = [t[1] for t in launches]
        print(f"launch to first screen (whole process, {args.launches} runs): "
              f"median {statistics.median(process):.3f} s, worst {max(process):.3f} s")
        print(f"  of which import + mount: median {statistics.median(inner):.3f} s")
        latencies = asyncio.run(keystroke_latencies(args.edits))
    ms = [1000 * x for x in latencies]
    print(f"keystroke -> updated sample size ({len(ms)} edits): median {statistics.median(ms):.1f} ms,"
          f" worst {max(ms):.1f} ms, 95th percentile {sorted(ms)[int(0.95 * len(ms)) - 1]:.1f} ms"
          " (goals: median under 50 ms, worst under 100 ms)")
    missed = [goal for goal, ok in (
        ("launch under 1 s", statistics.median(process) < LAUNCH_GOAL),
        ("keystroke median under 50 ms", statistics.median(ms) < MEDIAN_GOAL_MS),
        ("keystroke worst under 100 ms", max(ms) < WORST_GOAL_MS),
    ) if not ok]
    print("goals missed: " + ", ".join(missed) if missed else "all goals met")
    return 1 if args.check and missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
