"""Speed of the design searches, each against a peer computed in the same run.

Run: .venv/bin/python benchmarks/bench_designs.py
Budgets (issue 6): a 5-look group-sequential design in under 50 ms; Simon's search for
p0 = 0.3, p1 = 0.5, alpha 0.05, power 0.9 in under 2 s.

Peers: for group-sequential boundaries, the crossing probability of the 5-look Pocock
boundary by scipy's multivariate normal CDF (Genz's quasi-Monte Carlo integration, to 1e-6);
for Simon's search, a
straightforward loop over (n, n1, r1) with scipy.stats.binom in the style of clinfun's
ph2simon, on the smaller O40 case (p0 = 0.05, p1 = 0.25, power 0.8).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import numpy as np


def best_of(fn: Callable[[], Any], repeat: int = 5) -> tuple[float, Any]:
    """Fastest wall time of ``repeat`` runs, in seconds, and the last result."""
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def crossing_by_mvn(c: np.ndarray, t: np.ndarray) -> float:
    """P(some |Z_k| >= c_k) under H0 by scipy's multivariate normal CDF."""
    from scipy.stats import multivariate_normal

    cov = np.sqrt(np.minimum.outer(t, t) / np.maximum.outer(t, t))
    mvn = multivariate_normal(mean=np.zeros(len(t)), cov=cov, abseps=1e-6, releps=1e-6)
    return 1.0 - float(mvn.cdf(c, lower_limit=-c))


def crossing_by_recursion(c: np.ndarray, t: np.ndarray) -> float:
    """The same probability by trialkit's recursive integration."""
    from trialkit.power.sequential import _crossings

    up, low = _crossings(0.0, tuple(t), c, -c)
    return float(up.sum() + low.sum())


def simon_by_loops(p0: float, p1: float, alpha: float, power: float, n_max: int) -> tuple:
    """Simon's optimal design by explicit loops (the peer implementation)."""
    from scipy.stats import binom

    best = None
    for n in range(2, n_max + 1):
        for n1 in range(1, n):
            n2 = n - n1
            x1 = np.arange(n1 + 1)
            pmf0, pmf1 = binom.pmf(x1, n1, p0), binom.pmf(x1, n1, p1)
            for r1 in range(n1):
                for r in range(r1, n):
                    keep = x1 > r1
                    a = np.sum(pmf0[keep] * binom.sf(r - x1[keep], n2, p0))
                    if a > alpha:
                        continue
                    pw = np.sum(pmf1[keep] * binom.sf(r - x1[keep], n2, p1))
                    if pw >= power:
                        en0 = n1 + (1 - binom.cdf(r1, n1, p0)) * n2
                        if best is None or en0 < best[0]:
                            best = (en0, r1, n1, r, n)
                    break
    return best


def main() -> None:
    from trialkit.power import group_sequential, simon_two_stage

    group_sequential(k=2)  # warm caches and imports
    t_gs, _ = best_of(lambda: group_sequential(k=5, alpha=0.025, power=0.9, spending="obf"))
    t_gsf, _ = best_of(lambda: group_sequential(k=5, spending="obf", futility="hsd",
                                                futility_gamma=-2))
    t_poc, dp = best_of(lambda: group_sequential(k=5, alpha=0.05, sides=2,
                                                 spending="classical_pocock"))
    c, t = np.asarray(dp.critical_z), np.asarray(dp.timing)
    t_rec, p_rec = best_of(lambda: crossing_by_recursion(c, t))
    t_mvn, p_mvn = best_of(lambda: crossing_by_mvn(c, t), repeat=1)
    print(f"group_sequential k=5 obf (boundaries + inflation)   {1000 * t_gs:8.1f} ms  "
          f"budget 50 ms  {'OK' if t_gs < 0.05 else 'OVER'}")
    print(f"group_sequential k=5 obf + hsd futility              {1000 * t_gsf:8.1f} ms")
    print(f"classical Pocock k=5 constant c = {dp.critical_z[0]:.4f}                 "
          f"{1000 * t_poc:8.1f} ms")
    print(f"P(cross | H0) at c: recursion {p_rec:.7f} in {1000 * t_rec:.2f} ms, scipy "
          f"multivariate normal {p_mvn:.7f} in {1000 * t_mvn:.0f} ms: {t_mvn / t_rec:.0f}x faster")

    t_simon, s = best_of(lambda: simon_two_stage(p0=0.3, p1=0.5, alpha=0.05, power=0.9), 3)
    print(f"simon_two_stage p0=.3 p1=.5 power .9 -> {s.r1}/{s.n1}, {s.r}/{s.n}      "
          f"{t_simon:8.3f} s   budget 2 s  {'OK' if t_simon < 2.0 else 'OVER'}")
    t_small, small = best_of(lambda: simon_two_stage(p0=0.05, p1=0.25, power=0.8,
                                                     n_max=34), 3)
    t_loops, peer = best_of(lambda: simon_by_loops(0.05, 0.25, 0.05, 0.8, 34), 1)
    same = peer[1:] == (small.r1, small.n1, small.r, small.n)
    print(f"simon O40 (n <= 34): trialkit {t_small:.3f} s, loop peer {t_loops:.3f} s: "
          f"{t_loops / t_small:.0f}x faster; same design: {same}")


if __name__ == "__main__":
    main()
