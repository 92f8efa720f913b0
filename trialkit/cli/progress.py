"""A progress line on the terminal for long simulations (``trialkit power ancova-log``, say).

Shown on standard error only when it is a terminal and the run has lasted a moment, and
erased when the run ends, so piped or JSON output never contains it.
"""

from __future__ import annotations

import contextlib
import sys
import time
from collections.abc import Iterator
from typing import TextIO

DELAY = 1.0
"""Seconds a run may take before its progress is shown."""


class ProgressLine:
    """progress(done, total) callable that rewrites one line: 'Simulating: 40% (4,000 of ...)'."""

    def __init__(self, stream: TextIO, delay: float = DELAY) -> None:
        self.stream = stream
        self.delay = delay
        self.started = time.monotonic()
        self.shown = False

    def __call__(self, done: int, total: int) -> None:
        if time.monotonic() - self.started < self.delay:
            return
        share = done / total if total else 1.0
        self.stream.write(f"\rSimulating: {share:4.0%} ({done:,} of {total:,} trials)\x1b[K")
        self.stream.flush()
        self.shown = True

    def clear(self) -> None:
        """Erase the line if it was shown."""
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self.shown = False


@contextlib.contextmanager
def simulation_progress(stream: TextIO | None = None) -> Iterator[None]:
    """Show the progress of the simulations run inside the block, when on a terminal."""
    out = sys.stderr if stream is None else stream
    if not out.isatty():
        yield
        return
    from trialkit.power.parallel import reporting  # numpy only when a run is shown

    line = ProgressLine(out)
    try:
        with reporting(line):
            yield
    finally:
        line.clear()
