"""Simulation at scale: 100,000 trials on a 2-worker dask LocalCluster against a 2-process pool.

Run: .venv/bin/python benchmarks/bench_simulate_cluster.py   (needs the distributed extra)
Goal (issue 15): the local cluster no slower than 1.3x the process pool. Both get the same
work (two tasks of five 10,000-trial chunks, one per worker, after a warm-up that starts the workers and
imports the engine there); the answers must be identical, since each chunk has its own seed.
"""

from __future__ import annotations

import concurrent.futures
import time

DESIGN = {"delta": 0.3, "sd": 1.0, "n_per_arm": 100}
N_SIMS = 100_000


def best_seconds(run, seeds: range) -> tuple[float, list[int]]:
    """Least disturbed wall time over runs with several seeds, and each run's rejections.

    A new seed each run: dask would otherwise hand back the result of an identical task.
    """
    times, answers = [], []
    for seed in seeds:
        start = time.perf_counter()
        answers.append(run(seed))
        times.append(time.perf_counter() - start)
    return min(times), answers


def main() -> None:
    from distributed import Client, LocalCluster

    from trialkit.power import simulate

    def on(executor, seed: int) -> int:
        return simulate("two_means", n_sims=N_SIMS, seed=seed, executor=executor,
                        tasks=None if executor is None else 2, **DESIGN).rejections

    seeds = range(2026, 2029)
    with concurrent.futures.ProcessPoolExecutor(2) as pool:
        on(pool, 1)  # warm-up: workers started and the engine imported
        pool_time, pool_answers = best_seconds(lambda seed: on(pool, seed), seeds)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster, Client(cluster) as client:
        executor = client.get_executor()
        on(executor, 1)
        dask_time, dask_answers = best_seconds(lambda seed: on(executor, seed), seeds)
    here_time, here_answers = best_seconds(lambda seed: on(None, seed), seeds)
    assert pool_answers == dask_answers == here_answers, "the same seed, the same answer"
    print(f"100,000 trials: process pool {pool_time:6.2f} s   dask LocalCluster {dask_time:6.2f} s"
          f"   in-process {here_time:6.2f} s")
    print(f"ratio cluster / pool: {dask_time / pool_time:5.2f}x (goal: at most 1.3x); "
          f"same answers everywhere: {pool_answers} rejections")


if __name__ == "__main__":
    main()
