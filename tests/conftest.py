"""Suite-wide set-up for running on several cores (pytest-xdist, ``-n auto`` in pyproject.toml)."""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import os
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

# Bytecode is cached (in __pycache__ folders, which git ignores) even where
# PYTHONDONTWRITEBYTECODE is set: the README installs without compiling (--no-compile), so
# otherwise each worker, and each of the few dozen trialkit processes the CLI, packaging and
# layer tests start, compiled numpy, scipy, pydantic, Textual and trialkit from source again
# (about 2 s of CPU a process), and pytest rewrote every test module's asserts anew.
sys.dont_write_bytecode = False
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)


def _load_profile(hypothesis: ModuleType) -> None:
    """Property tests: Hypothesis's 100 examples where a test sets no count (most set their own, 3
    to 60, sized to their cost; TRIALKIT_FUZZ_EXAMPLES and TRIALKIT_DIFF_CASES raise the fuzz and
    differential counts for a longer audit); no deadline, so a loaded machine cannot fail an
    example for being slow (speed is checked separately, in process time)."""
    settings = hypothesis.settings
    settings.register_profile("trialkit", deadline=None,
                              suppress_health_check=[hypothesis.HealthCheck.too_slow])
    settings.load_profile("trialkit")


class _ProfileOnImport(importlib.abc.MetaPathFinder):
    """Loads the profile the moment a test module first imports Hypothesis (before any of its
    ``@settings`` copy the defaults), so a worker that runs no property test never imports it."""

    def find_spec(self, name: str, path: Any, target: Any = None) -> importlib.machinery.ModuleSpec | None:
        if name != "hypothesis":
            return None
        sys.meta_path.remove(self)
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        if spec is None or spec.loader is None:
            return spec
        run = spec.loader.exec_module

        def exec_module(module: ModuleType) -> None:
            run(module)
            _load_profile(module)

        spec.loader.exec_module = exec_module  # type: ignore[method-assign]
        return spec


if "hypothesis" in sys.modules:
    _load_profile(sys.modules["hypothesis"])
else:
    sys.meta_path.insert(0, _ProfileOnImport())


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int | None:
    """One worker per core, except for a run of a single file, where starting workers costs more.

    Returning None leaves the count to pytest-xdist (the cores, or PYTEST_XDIST_AUTO_NUM_WORKERS).
    """
    files = {str(arg).split("::")[0] for arg in config.args}
    if len(files) == 1 and next(iter(files)).endswith(".py"):
        return 0
    return None


@pytest.hookimpl(tryfirst=True)
def pytest_collection(session: pytest.Session) -> None:
    """In a fresh checkout, the second worker rewrites the test modules' asserts from the last
    file back while the first collects from the first file on, both caching what they rewrite,
    until the second meets the first's cache: each module is rewritten about once, not once per
    worker (about 2 s of CPU a worker). pytest then loads the cached modules as usual."""
    if os.environ.get("PYTEST_XDIST_WORKER") == "gw1":
        _rewrite_from_the_end(session.config)


def _rewrite_from_the_end(config: pytest.Config) -> None:
    from _pytest.assertion import rewrite

    state = config.stash.get(rewrite.assertstate_key, None)
    if state is None:  # --assert=plain
        return
    sources: set[Path] = set()
    for arg in config.args:  # only the files this run collects
        path = Path(config.invocation_params.dir, str(arg).split("::")[0]).resolve()
        if path.is_dir():
            sources.update(path.rglob("test_*.py"))
        elif path.is_file() and path.suffix == ".py":
            sources.add(path)
    for source in sorted(sources, reverse=True):
        cached = rewrite.get_cache_dir(source) / (source.name[:-3] + rewrite.PYC_TAIL)
        if cached.exists() or not rewrite.try_makedirs(cached.parent):
            return
        stat, code = rewrite._rewrite_test(source, config)
        rewrite._write_pyc(state, code, stat, cached)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Hand out the long tests first: those marked ``slow``, then the TUI tests (each starts an
    app, one to fifteen seconds), then the rest, keeping the order within each part.

    The workers are handed tests in this order, so the longest ones run while the many short
    ones fill the gaps around them, and no worker is left with a long one at the end.
    """
    tui = str(Path(__file__).parent / "tui")
    items.sort(key=lambda item: (item.get_closest_marker("slow") is None,
                                 not str(item.path).startswith(tui)))


def pytest_collection_finish(session: pytest.Session) -> None:
    """Freeze what collection imported (numpy, scipy, Textual, pydantic, trialkit and the test
    modules): the garbage collector's full passes then skip those long-lived objects instead of
    walking them again every few hundred tests (about 8% less CPU over the render, design and
    TUI tests). Nothing a test creates is frozen."""
    import gc

    gc.collect()
    gc.freeze()
