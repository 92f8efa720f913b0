"""Assurance speed: one t-test assurance against computing that design's power once.

Run: .venv/bin/python benchmarks/bench_assurance.py
Goal (issue 15): assurance of a t-test in under 20 ms. Best of several repeats; the ratio
to the single power evaluation measured in the same run is what matters on a noisy machine.
"""

from __future__ import annotations

import timeit


def best_per_call(func, number: int, repeat: int = 7) -> float:
    """Best (least disturbed) seconds per call over several repeats."""
    return min(timeit.repeat(func, number=number, repeat=repeat)) / number


def main() -> None:
    from trialkit.power import assurance, two_means, two_proportions

    design = two_means(delta=0.5, sd=1.0, power=0.8)
    power_once = best_per_call(lambda: two_means(delta=0.5, sd=1.0, n_per_arm=64), 300)
    ours = best_per_call(lambda: assurance(design, prior_mean=0.5, prior_sd=0.25), 300)
    print(f"t-test assurance:      {ours * 1e3:8.3f} ms   power once {power_once * 1e3:8.3f} ms   "
          f"ratio {ours / power_once:5.2f}x (goal: under 20 ms)")
    target = best_per_call(
        lambda: assurance(design, prior_mean=0.5, prior_sd=0.25, target=0.7), 30)
    print(f"n for 70% assurance:   {target * 1e3:8.3f} ms   ratio {target / power_once:5.1f}x")
    props = two_proportions(p1=0.6, p2=0.4, power=0.9)
    numeric = best_per_call(lambda: assurance(props, prior_mean=0.6, prior_sd=0.1), 30)
    print(f"proportions (numeric): {numeric * 1e3:8.3f} ms   ratio {numeric / power_once:5.1f}x")


if __name__ == "__main__":
    main()
