"""Exact recursive numerical integration of group-sequential z statistics, and spending functions.

Boundary crossing probabilities of the joint distribution of the z statistics (Armitage,
McPherson & Rowe 1969 J R Stat Soc A 132:235-244), on the Simpson grids of Jennison &
Turnbull (2000, ch. 19) with r = 32: 6r - 1 grid points per look plus midpoints.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from scipy.special import ndtr, ndtri

from trialkit.errors import NoSolution
from trialkit.power._solve import solve_increasing

GRID_R = 32
Z_CAP = 40.0

# --- numerical integration -----------------------------------------------------------------


def _base_grid(r: int) -> np.ndarray:
    """The 6r - 1 standardised grid points of Jennison & Turnbull (2000, §19.2.1)."""
    i = np.arange(1, 6 * r, dtype=float)
    return np.where(
        i < r,
        -3.0 - 4.0 * np.log(r / i),
        np.where(i <= 5 * r, -3.0 + 3.0 * (i - r) / (2.0 * r), 3.0 + 4.0 * np.log(r / (6 * r - i))),
    )


_BASE = _base_grid(GRID_R)


def _simpson(mean: float, lo: float, hi: float) -> tuple[np.ndarray, np.ndarray]:
    """Simpson points and weights covering (lo, hi) around a stage mean; empty if lo >= hi."""
    x = mean + _BASE
    lo = max(lo, x[0])
    hi = min(hi, x[-1])
    if lo >= hi:
        return np.empty(0), np.empty(0)
    nodes = np.concatenate(([lo], x[(x > lo) & (x < hi)], [hi]))
    h = np.diff(nodes)
    z = np.empty(2 * len(nodes) - 1)
    z[0::2] = nodes
    z[1::2] = nodes[:-1] + h / 2.0
    w = np.zeros_like(z)
    w[0:-1:2] += h / 6.0
    w[1::2] += 4.0 * h / 6.0
    w[2::2] += h / 6.0
    return z, w


@dataclass(frozen=True)
class _State:
    """Weighted density of the last z statistic on its grid, restricted to continuation."""

    z: np.ndarray
    wh: np.ndarray
    t: float


_START = _State(np.zeros(1), np.ones(1), 0.0)
Bounds = Sequence[float] | np.ndarray


def _shift(s: _State, theta: float, t: float) -> tuple[np.ndarray, float]:
    """Mean of z_k * sqrt(t_k) given each grid point of the previous look, and the step SD."""
    d = t - s.t
    return s.z * math.sqrt(s.t) + theta * d, math.sqrt(d)


def _upper_exit(s: _State, theta: float, t: float, b: float) -> float:
    """P(continue so far, then Z_k >= b)."""
    if not len(s.z) or b >= Z_CAP:
        return 0.0
    m, sd = _shift(s, theta, t)
    return float(s.wh @ ndtr((m - b * math.sqrt(t)) / sd))


def _lower_exit(s: _State, theta: float, t: float, a: float) -> float:
    """P(continue so far, then Z_k <= a)."""
    if not len(s.z) or a <= -Z_CAP:
        return 0.0
    m, sd = _shift(s, theta, t)
    return float(s.wh @ ndtr((a * math.sqrt(t) - m) / sd))


def _advance(s: _State, theta: float, t: float, a: float, b: float) -> _State:
    """Density of Z_k on (a, b) for paths that continued through every earlier look."""
    z, w = _simpson(theta * math.sqrt(t), a, b)
    if not len(s.z) or not len(z):
        return _State(np.empty(0), np.empty(0), t)
    m, sd = _shift(s, theta, t)
    kernel = np.subtract.outer(z * (math.sqrt(t) / sd), m / sd)
    np.square(kernel, out=kernel)
    kernel *= -0.5
    np.exp(kernel, out=kernel)
    return _State(z, w * (kernel @ s.wh) * (math.sqrt(t) / (sd * math.sqrt(2.0 * math.pi))), t)


def _crossings(
    theta: float, t: Sequence[float], upper: Bounds, lower: Bounds
) -> tuple[np.ndarray, np.ndarray]:
    """Probabilities of first crossing the upper and the lower boundary at each look."""
    up, low = np.zeros(len(t)), np.zeros(len(t))
    s = _START
    for k, (tk, b, a) in enumerate(zip(t, upper, lower, strict=True)):
        up[k] = _upper_exit(s, theta, tk, b)
        low[k] = _lower_exit(s, theta, tk, a)
        if k < len(t) - 1:
            s = _advance(s, theta, tk, a, b)
    return up, low


def _increasing_root(f: Callable[[float], float], target: float, lo: float, hi: float) -> float:
    """x in [lo, hi] with f(x) = target for an increasing f; hi when f(hi) < target."""
    span = hi - lo
    try:
        return lo + solve_increasing(
            lambda x: f(lo + x), target, 0.0, span, limit=span, what="a boundary"
        )
    except NoSolution:
        return hi


def _upper_bound(s: _State, t: float, spend: float, two_sided: bool) -> float:
    """Critical value at one look that spends exactly ``spend`` under H0."""
    if spend <= 0.0:
        return Z_CAP

    def exit_prob(x: float) -> float:
        b = Z_CAP - x
        both = _lower_exit(s, 0.0, t, -b) if two_sided else 0.0
        return _upper_exit(s, 0.0, t, b) + both

    return Z_CAP - _increasing_root(exit_prob, spend, 0.0, 2.0 * Z_CAP)


# --- spending functions ----------------------------------------------------------------------


def spent(kind: str, level: float, t: np.ndarray, gamma: float | None = None) -> np.ndarray:
    """Cumulative error spent at information fractions t by a one-sided spending function."""
    t = np.asarray(t, dtype=float)
    if kind == "obf":
        return 2.0 * ndtr(ndtri(level / 2.0) / np.sqrt(t))
    if kind == "pocock":
        return level * np.log1p((math.e - 1.0) * t)
    assert gamma is not None
    if gamma == 0.0:
        return level * t
    return level * (-np.expm1(-gamma * t)) / (-math.expm1(-gamma))
