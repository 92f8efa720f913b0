"""Simulation in chunks with a fixed seed per chunk, so every executor gives the same answer.

The trials are cut into chunks of CHUNK_TRIALS; chunk i draws its random numbers from the
i-th child of the seed (numpy's ``SeedSequence(seed).spawn``), whoever runs it. Chunks may
be grouped into tasks for any ``concurrent.futures.Executor`` (a process pool, a
dask.distributed ``Client.get_executor()``, Ray's), run in any order, and summed: the count
of rejections depends on the seed and the inputs only.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import contextvars
import pickle
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

import numpy as np

from trialkit.errors import InvalidParameter

CHUNK_TRIALS = 10_000
"""Simulated trials per chunk: the unit of randomness (changing it changes the answers)."""

Chunk = tuple[int, int]
"""(index, trials): the index fixes the chunk's random numbers."""

Progress = Callable[[int, int], None]
"""progress(trials done, trials in all), called as chunks finish."""


_REPORTER: contextvars.ContextVar[Progress | None] = contextvars.ContextVar(
    "trialkit_simulation_progress", default=None)


@contextlib.contextmanager
def reporting(progress: Progress) -> Iterator[None]:
    """Report the progress of every simulation run inside the block (the CLI's progress line)."""
    token = _REPORTER.set(progress)
    try:
        yield
    finally:
        _REPORTER.reset(token)


def chunk_seed(seed: int, index: int) -> np.random.SeedSequence:
    """The seed of chunk ``index``: the same as ``SeedSequence(seed).spawn(index + 1)[index]``."""
    return np.random.SeedSequence(seed, spawn_key=(index,))


def chunks(n_sims: int) -> list[Chunk]:
    """The chunks of a run of n_sims trials, in order."""
    return [(i, min(CHUNK_TRIALS, n_sims - start))
            for i, start in enumerate(range(0, n_sims, CHUNK_TRIALS))]


def count_rejections(
    simulator: Callable[..., Any], inputs: Mapping[str, Any], seed: int,
    work: Sequence[Chunk], batch: int,
) -> tuple[int, str]:
    """Rejections over some chunks (runs on a worker); a non-empty text names a broken simulator.

    A chunk is simulated ``batch`` trials at a time from its own generator (``batch``
    depends on the inputs only, so it never changes the answer).
    """
    total = 0
    for index, size in work:
        rng = np.random.default_rng(chunk_seed(seed, index))
        done = 0
        while done < size:
            step = min(batch, size - done)
            rejected = np.asarray(simulator(rng, step, **inputs), dtype=bool)
            if rejected.shape != (step,):
                return total, f"must return {step} rejection flags"
            total += int(rejected.sum())
            done += step
    return total, ""


def split(work: Sequence[Chunk], tasks: int) -> list[list[Chunk]]:
    """The chunks dealt into ``tasks`` groups of neighbours (fewer if there are fewer chunks)."""
    count = max(1, min(tasks, len(work)))
    size, extra = divmod(len(work), count)
    groups, start = [], 0
    for g in range(count):
        end = start + size + (g < extra)
        groups.append(list(work[start:end]))
        start = end
    return groups


def run(
    simulator: Callable[..., Any], inputs: Mapping[str, Any], *, name: str, n_sims: int,
    seed: int, batch: int, executor: concurrent.futures.Executor | None = None,
    tasks: int | None = None, progress: Progress | None = None,
) -> int:
    """Rejections in n_sims simulated trials, here or on ``executor`` (same count either way)."""
    progress = progress or _REPORTER.get()
    work = chunks(n_sims)
    if executor is None:
        groups = [[chunk] for chunk in work]
        results = (count_rejections(simulator, inputs, seed, g, batch) for g in groups)
        return _collect(zip(groups, results, strict=True), name, n_sims, progress)
    if not hasattr(executor, "submit"):
        raise InvalidParameter("executor", executor, "must be a concurrent.futures.Executor "
                               "(a process pool, or a dask or Ray client's executor)")
    if tasks is not None and (isinstance(tasks, bool) or not isinstance(tasks, int) or tasks < 1):
        raise InvalidParameter("tasks", tasks, "must be a whole number of at least 1")
    _check_sendable(simulator, name, executor)
    groups = split(work, tasks or len(work))
    futures = {executor.submit(count_rejections, simulator, dict(inputs), seed, g, batch): g
               for g in groups}
    try:
        done = ((futures[f], f.result()) for f in concurrent.futures.as_completed(futures))
        return _collect(done, name, n_sims, progress)
    finally:
        for future in futures:
            future.cancel()


def _collect(
    results: Any, name: str, n_sims: int, progress: Progress | None,
) -> int:
    total = finished = 0
    for group, (count, problem) in results:
        if problem:
            raise InvalidParameter("procedure", name, problem)
        total += count
        finished += sum(size for _, size in group)
        if progress is not None:
            progress(finished, n_sims)
    return total


def _check_sendable(simulator: Callable[..., Any], name: str, executor: Any) -> None:
    """A simulator sent to another process must pickle (a lambda or nested function cannot)."""
    if isinstance(executor, concurrent.futures.ThreadPoolExecutor):
        return
    try:
        pickle.dumps(simulator)
    except (pickle.PicklingError, AttributeError, TypeError):
        raise InvalidParameter(
            "procedure", name, "must be a function defined at the top level of a module to "
            "run on an executor (it is sent to other processes); a lambda or nested function "
            "cannot be") from None
