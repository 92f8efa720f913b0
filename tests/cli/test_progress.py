"""The progress line of long simulations: on a terminal only, erased at the end."""

from __future__ import annotations

import io

from trialkit.cli.progress import ProgressLine, simulation_progress
from trialkit.power import simulate


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_line_counts_trials_and_is_erased():
    out = Terminal()
    line = ProgressLine(out, delay=0.0)
    line(40_000, 100_000)
    assert "Simulating:  40% (40,000 of 100,000 trials)" in out.getvalue()
    line.clear()
    assert out.getvalue().endswith("\r\x1b[K")


def test_a_quick_run_shows_nothing_and_a_pipe_never_does():
    term, pipe = Terminal(), io.StringIO()
    with simulation_progress(term):
        simulate("two_means", n_sims=100, seed=1, delta=0.5, sd=1.0, n_per_arm=10)
    assert term.getvalue() == ""  # done within the delay
    with simulation_progress(pipe):
        simulate("two_means", n_sims=30_000, seed=1, delta=0.5, sd=1.0, n_per_arm=10)
    assert pipe.getvalue() == ""
