"""Suite-wide set-up for running on several cores (pytest-xdist, ``-n auto`` in pyproject.toml)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile("trialkit", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("trialkit")
"""Property tests: Hypothesis's 100 examples where a test sets no count (most set their own, 3 to
60, sized to their cost; TRIALKIT_FUZZ_EXAMPLES and TRIALKIT_DIFF_CASES raise the fuzz and
differential counts for a longer audit); no deadline, so a loaded machine cannot fail an example
for being slow (speed is checked separately, in process time)."""


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int | None:
    """One worker per core, except for a run of a single file, where starting workers costs more.

    Returning None leaves the count to pytest-xdist (the cores, or PYTEST_XDIST_AUTO_NUM_WORKERS).
    """
    files = {str(arg).split("::")[0] for arg in config.args}
    if len(files) == 1 and next(iter(files)).endswith(".py"):
        return 0
    return None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Hand out the long tests first: those marked ``slow``, then the TUI tests (each starts an
    app, one to fifteen seconds), then the rest, keeping the order within each part.

    The workers are handed tests in this order, so the longest ones run while the many short
    ones fill the gaps around them, and no worker is left with a long one at the end.
    """
    tui = str(Path(__file__).parent / "tui")
    items.sort(key=lambda item: (item.get_closest_marker("slow") is None,
                                 not str(item.path).startswith(tui)))
