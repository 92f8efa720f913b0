"""Power-engine speed, printed as ratios against statsmodels measured in the same run.

Run: .venv/bin/python benchmarks/bench_power.py
These machines are noisy, so each timing is the best of several repeats and what matters
is the ratio to the peer, not the absolute time.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
import timeit
import warnings

import numpy as np


def best_per_call(func, number: int, repeat: int = 7) -> float:
    """Best (least disturbed) seconds per call over several repeats."""
    return min(timeit.repeat(func, number=number, repeat=repeat)) / number


def main() -> None:
    from statsmodels.stats.power import TTestIndPower

    from trialkit.power import sample_size_grid, two_means

    peer = TTestIndPower()
    ours_one = best_per_call(lambda: two_means(delta=0.5, sd=1.0, power=0.8), 300)
    peer_one = best_per_call(lambda: peer.solve_power(effect_size=0.5, power=0.8, alpha=0.05), 30)
    print(f"one two_means solve:   trialkit {ours_one * 1e6:8.1f} us   statsmodels "
          f"{peer_one * 1e6:8.1f} us   ratio {peer_one / ours_one:6.1f}x faster")

    rng = np.random.default_rng(2026)
    size = 10_000
    delta, sd = rng.uniform(0.2, 1.5, size), rng.uniform(0.5, 2.0, size)
    alpha, power = rng.choice([0.01, 0.05, 0.1], size), rng.uniform(0.7, 0.95, size)
    grid_times = []
    for _ in range(5):
        start = time.perf_counter()
        sample_size_grid("two_means", delta=delta, sd=sd, alpha=alpha, power=power)
        grid_times.append(time.perf_counter() - start)
    ours_grid = min(grid_times)
    from scipy import special

    df = 2 * np.ceil(80 * (sd / delta) ** 2 / 8)
    floor = best_per_call(lambda: special.nctdtr(df, delta / sd * 5, 2.0), 3, repeat=5)
    # statsmodels solves one scenario at a time; time a sample and scale to the grid.
    sample = 200
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        start = time.perf_counter()
        for i in range(sample):
            peer.solve_power(effect_size=delta[i] / sd[i], power=power[i], alpha=alpha[i])
        peer_grid = (time.perf_counter() - start) / sample * size
    print(f"10,000-scenario grid:  trialkit {ours_grid:8.3f} s    statsmodels "
          f"{peer_grid:8.2f} s    ratio {peer_grid / ours_grid:6.0f}x faster "
          f"(goal: under 0.2 s)")
    print(f"  the grid costs {ours_grid / floor:.1f} evaluations of scipy's noncentral t over all "
          f"10,000 scenarios ({floor * 1e3:.1f} ms each on this machine now)")

    command = [sys.executable, "-m", "trialkit", "power", "two-means", "--delta", "0.5",
               "--sd", "1", "--power", "0.8"]
    baseline = [sys.executable, "-c", "pass"]
    starts, bare = [], []
    for _ in range(7):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        starts.append(time.perf_counter() - start)
        start = time.perf_counter()
        subprocess.run(baseline, check=True, capture_output=True)
        bare.append(time.perf_counter() - start)
    print(f"`trialkit power two-means` process: median {statistics.median(starts):.3f} s, "
          f"best {min(starts):.3f} s (bare python: {min(bare):.3f} s; goal: under 0.5 s)")


if __name__ == "__main__":
    main()
