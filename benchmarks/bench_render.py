"""Speed of ``trialkit render`` to Word, beside the Markdown render of the same design.

Run: .venv/bin/python benchmarks/bench_render.py [--repeat N] [--check]
Budget (issue 13): the main example (examples/anakinra-t1d.yaml) to .docx in under 2 s as a
whole process (start-up, imports, assessment, figures, writing).

Peer: the Markdown render of the same design, measured in the same run, so the ratio says
what Word costs on top of the shared work (loading, assessing, templates) whatever the load
of the machine. Each process's CPU time (user + system) is printed beside its wall time: on
a busy shared machine the wall time also counts waiting for a core.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MAIN = ROOT / "examples" / "anakinra-t1d.yaml"
BUDGET_SECONDS = 2.0


def run_once(fmt: str, output: Path) -> tuple[float, float]:
    """Wall and CPU seconds of one ``trialkit render MAIN --to fmt`` process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "trialkit", "render", str(MAIN), "--to", fmt,
                    "-o", str(output), "--force"], check=True, cwd=ROOT,
                   stdout=subprocess.DEVNULL, env={**os.environ, "PYTHONDONTWRITEBYTECODE": ""})
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def best(fmt: str, repeat: int, folder: Path) -> tuple[float, float]:
    """The fastest wall time and the least CPU time over ``repeat`` runs (one warm-up first)."""
    output = folder / f"protocol.{fmt}"
    run_once(fmt, output)
    runs = [run_once(fmt, output) for _ in range(repeat)]
    return min(w for w, _ in runs), min(c for _, c in runs)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per format")
    parser.add_argument("--check", action="store_true", help="exit 1 if the budget is missed")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        docx_wall, docx_cpu = best("docx", args.repeat, Path(folder))
        md_wall, md_cpu = best("md", args.repeat, Path(folder))
    print(f"main example: {MAIN.name}, best of {args.repeat} processes")
    print(f"  render --to md    wall {md_wall:5.2f} s   cpu {md_cpu:5.2f} s")
    print(f"  render --to docx  wall {docx_wall:5.2f} s   cpu {docx_cpu:5.2f} s   "
          f"(x{docx_wall / md_wall:.2f} the Markdown wall, x{docx_cpu / md_cpu:.2f} its cpu)")
    met = docx_wall < BUDGET_SECONDS
    print(f"  budget: .docx under {BUDGET_SECONDS:.1f} s as a whole process: "
          f"{'met' if met else 'MISSED'} ({docx_wall:.2f} s wall, {docx_cpu:.2f} s cpu)")
    return 0 if met or not args.check else 1


if __name__ == "__main__":
    raise SystemExit(main())
