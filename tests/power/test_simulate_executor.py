"""simulate(..., executor=...): the same answer for the same seed in-process, on a thread or
process pool and on a dask.distributed cluster, however the chunks are split into tasks."""

from __future__ import annotations

import concurrent.futures

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.power._reference import within_monte_carlo_error
from trialkit.errors import InvalidParameter
from trialkit.power import simulate, two_means
from trialkit.power.parallel import CHUNK_TRIALS, chunk_seed
from trialkit.power.simulators import _sim_two_means

DESIGN = {"delta": 0.5, "sd": 1.0, "n_per_arm": 30}
N_SIMS = 3 * CHUNK_TRIALS + 1234  # three whole chunks and a partial one


def _by_hand(n_sims: int, seed: int) -> int:
    """The rejections written out from the rule: chunk i of CHUNK_TRIALS trials draws from
    the i-th child of SeedSequence(seed).spawn(...), whoever runs it."""
    sizes = [min(CHUNK_TRIALS, n_sims - s) for s in range(0, n_sims, CHUNK_TRIALS)]
    children = np.random.SeedSequence(seed).spawn(len(sizes))
    return sum(int(_sim_two_means(np.random.default_rng(child), size, **DESIGN).sum())
               for child, size in zip(children, sizes, strict=True))


def test_chunk_seed_is_the_spawned_child():
    children = np.random.SeedSequence(2026).spawn(7)
    for i, child in enumerate(children):
        assert np.array_equal(chunk_seed(2026, i).generate_state(4), child.generate_state(4))


def test_in_process_run_is_the_spawned_chunks():
    assert simulate("two_means", n_sims=N_SIMS, seed=11, **DESIGN).rejections == \
        _by_hand(N_SIMS, 11)


def test_thread_and_process_pools_give_the_in_process_answer_for_any_split():
    here = simulate("two_means", n_sims=N_SIMS, seed=5, **DESIGN)
    with concurrent.futures.ThreadPoolExecutor(3) as pool:
        for tasks in (None, 1, 2, 3, 100):
            got = simulate("two_means", n_sims=N_SIMS, seed=5, executor=pool, tasks=tasks,
                           **DESIGN)
            assert got.rejections == here.rejections, tasks
    with concurrent.futures.ProcessPoolExecutor(2) as pool:
        got = simulate("two_means", n_sims=N_SIMS, seed=5, executor=pool, **DESIGN)
    assert got.rejections == here.rejections
    # Simulated power on the pool still checks the analytic power (3 Monte Carlo SEs).
    assert within_monte_carlo_error(got, two_means(**DESIGN).power, k=3.0)


def test_a_dask_local_cluster_gives_the_in_process_answer():
    import distributed  # the dev extra installs it (dask[distributed]): never skipped

    here = simulate("two_means", n_sims=N_SIMS, seed=9, **DESIGN)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        got = simulate("two_means", n_sims=N_SIMS, seed=9, executor=client.get_executor(),
                       tasks=2, **DESIGN)
    assert got.rejections == here.rejections


def test_progress_counts_up_to_every_trial():
    seen: list[tuple[int, int]] = []
    simulate("two_means", n_sims=N_SIMS, seed=1, progress=lambda d, t: seen.append((d, t)),
             **DESIGN)
    assert [d for d, _ in seen] == [10_000, 20_000, 30_000, N_SIMS]
    assert {t for _, t in seen} == {N_SIMS}
    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        seen.clear()
        simulate("two_means", n_sims=N_SIMS, seed=1, executor=pool, tasks=2,
                 progress=lambda d, t: seen.append((d, t)), **DESIGN)
    assert sorted(d for d, _ in seen)[-1] == N_SIMS and len(seen) == 2


@settings(max_examples=15, deadline=None)
@given(n_sims=st.integers(1, 25_000), tasks=st.integers(1, 5), seed=st.integers(0, 2**40))
def test_property_any_split_same_answer(n_sims, tasks, seed):
    small = {"delta": 0.3, "sd": 1.0, "n_per_arm": 4}
    here = simulate("two_means", n_sims=n_sims, seed=seed, **small)
    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        there = simulate("two_means", n_sims=n_sims, seed=seed, executor=pool, tasks=tasks,
                         **small)
    assert there.rejections == here.rejections


def _top_level_simulator(rng, n_sims, p=0.5):
    return rng.random(n_sims) < p


def test_bad_executor_tasks_and_unsendable_simulators_are_named():
    with pytest.raises(InvalidParameter) as info:
        simulate("two_means", n_sims=10, seed=1, executor="dask", **DESIGN)
    assert info.value.name == "executor" and "Executor" in info.value.valid
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        with pytest.raises(InvalidParameter) as info:
            simulate("two_means", n_sims=10, seed=1, executor=pool, tasks=0, **DESIGN)
        assert info.value.name == "tasks"
        # Bad inputs are named in the caller's process, before any worker runs.
        with pytest.raises(InvalidParameter) as info:
            simulate("two_means", n_sims=10, seed=1, executor=pool, delta=0.5, sd=-1.0,
                     n_per_arm=30)
        assert info.value.name == "sd"
        # A thread pool needs no pickling: a lambda runs.
        lam = simulate(lambda rng, n: rng.random(n) < 0.5, n_sims=100, seed=1, executor=pool)
        assert lam.n_sims == 100
    with concurrent.futures.ProcessPoolExecutor(1) as pool:
        with pytest.raises(InvalidParameter) as info:
            simulate(lambda rng, n: rng.random(n) < 0.5, n_sims=100, seed=1, executor=pool)
        assert info.value.name == "procedure" and "top level" in info.value.valid
        ok = simulate(_top_level_simulator, n_sims=100, seed=1, executor=pool)
    assert ok.rejections == simulate(_top_level_simulator, n_sims=100, seed=1).rejections


def test_a_reporting_block_sees_every_simulation_inside_it():
    # The CLI's progress line hooks in this way: ancova_log_power passes no callback itself.
    from trialkit.power import ancova_log_power
    from trialkit.power.parallel import reporting

    seen: list[tuple[int, int]] = []
    with reporting(lambda d, t: seen.append((d, t))):
        ancova_log_power(control_mean=0.4, cv=0.8, mean_ratio=1.3, baseline_correlation=0.7,
                         n_per_arm=20, n_sims=12_000, seed=1)
    assert seen == [(10_000, 12_000), (12_000, 12_000)]
    seen.clear()
    simulate("two_means", n_sims=100, seed=1, **DESIGN)
    assert seen == []  # outside the block, nothing is reported
