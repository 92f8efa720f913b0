"""Root finding for monotone power functions: bracket, then Brent (scalar) or Illinois (arrays).

Why our own: scipy.optimize costs a quarter of a second to import, and the engine must
refuse loudly (NoSolution) instead of returning a bracket end as if it were an answer.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from trialkit.errors import NoSolution

ScalarFn = Callable[[float], float]
ArrayFn = Callable[[np.ndarray], np.ndarray]

X_TOL = 1e-10
RESIDUAL_TOL = 1e-9
MAX_ITER = 200


def solve_increasing(
    f: ScalarFn,
    target: float,
    lo: float,
    hi: float,
    *,
    limit: float,
    what: str,
    guess: float | None = None,
) -> float:
    """Solve f(x) = target for an increasing f on [lo, limit], expanding hi towards limit.

    Returns lo when f(lo) already reaches the target (the smallest admissible value).
    A ``guess`` just below the root (say, from a normal approximation) narrows the bracket.
    Raises NoSolution when f(limit) stays below the target, f cannot be evaluated (NaN)
    or the iteration fails.
    """
    f = _refusing_nan(f, what)
    if guess is not None and lo < guess < limit:
        f_guess = f(guess) - target
        if f_guess < 0.0:
            lo, hi = guess, min(guess * 1.01 + 1.0, limit)
            f_lo, f_hi = f_guess, f(hi) - target
            return _expand_and_solve(f, target, lo, hi, f_lo, f_hi, limit, what)
        below = max(lo, guess * 0.99 - 1.0)
        f_below = f(below) - target
        if f_below < 0.0:
            return _brent(f, target, below, guess, f_below, f_guess, what)
        hi = below
    f_lo = f(lo) - target
    if f_lo >= 0.0:
        return lo
    hi = min(hi, limit)
    return _expand_and_solve(f, target, lo, hi, f_lo, f(hi) - target, limit, what)


def _expand_and_solve(
    f: ScalarFn, target: float, lo: float, hi: float, f_lo: float, f_hi: float,
    limit: float, what: str,
) -> float:
    while f_hi < 0.0:
        if hi >= limit:
            raise NoSolution(
                f"the target cannot be reached: {what} would have to exceed {limit:g}"
            )
        lo, f_lo = hi, f_hi
        hi = min(hi * 2.0, limit)
        f_hi = f(hi) - target
    return _brent(f, target, lo, hi, f_lo, f_hi, what)


def _refusing_nan(f: ScalarFn, what: str) -> ScalarFn:
    def checked(x: float) -> float:
        value = f(x)
        if math.isnan(value):
            raise NoSolution(f"the power could not be evaluated while solving for {what} (at {x:g})")
        return value

    return checked


def _brent(
    f: ScalarFn, target: float, a: float, b: float, fa: float, fb: float, what: str
) -> float:
    """Brent's method on a bracket with fa < 0 <= fb (Brent 1973, Algorithms for Minimization)."""
    c, fc = a, fa
    d = e = b - a
    for _ in range(MAX_ITER):
        if (fb > 0.0) == (fc > 0.0):
            c, fc = a, fa
            d = e = b - a
        if abs(fc) < abs(fb):
            a, b, c = b, c, b
            fa, fb, fc = fb, fc, fb
        tol = 2.0 * 2.2e-16 * abs(b) + 0.5 * X_TOL
        m = 0.5 * (c - b)
        if abs(m) <= tol or fb == 0.0:
            if abs(fb) > RESIDUAL_TOL and abs(c - b) > 4 * tol:
                break
            return b
        if abs(e) >= tol and abs(fa) > abs(fb):
            s = fb / fa
            if a == c:
                p, q = 2.0 * m * s, 1.0 - s
            else:
                q, r = fa / fc, fb / fc
                p = s * (2.0 * m * q * (q - r) - (b - a) * (r - 1.0))
                q = (q - 1.0) * (r - 1.0) * (s - 1.0)
            if p > 0.0:
                q = -q
            p = abs(p)
            if 2.0 * p < min(3.0 * m * q - abs(tol * q), abs(e * q)):
                e, d = d, p / q
            else:
                d = e = m
        else:
            d = e = m
        a, fa = b, fb
        b += d if abs(d) > tol else math.copysign(tol, m)
        fb = f(b) - target
    raise NoSolution(f"the solver for {what} did not converge")


def solve_increasing_array(
    f: ArrayFn,
    target: np.ndarray,
    lo: np.ndarray,
    hi: np.ndarray,
    *,
    limit: float,
    what: str,
) -> np.ndarray:
    """Vectorised version of solve_increasing: Illinois false position on every element at once."""
    target = np.asarray(target, dtype=float)
    lo = np.array(np.broadcast_to(lo, target.shape), dtype=float)
    hi = np.array(np.broadcast_to(hi, target.shape), dtype=float)
    f_lo = f(lo) - target
    done_at_lo = f_lo >= 0.0
    f_hi = f(hi) - target
    for _ in range(int(math.log2(max(limit, 2.0))) + 2):
        short = (f_hi < 0.0) & ~done_at_lo
        if not short.any():
            break
        if (hi[short] >= limit).any():
            raise NoSolution(
                f"the target cannot be reached: {what} would have to exceed {limit:g}"
            )
        lo = np.where(short, hi, lo)
        f_lo = np.where(short, f_hi, f_lo)
        hi = np.where(short, np.minimum(hi * 2.0, limit), hi)
        f_hi = np.where(short, f(hi) - target, f_hi)
    a, b, fa, fb = lo, hi, f_lo, f_hi
    side = np.zeros(target.shape, dtype=int)
    x = b.copy()
    for _ in range(MAX_ITER):
        x = np.where(fb != fa, b - fb * (b - a) / np.where(fb != fa, fb - fa, 1.0), 0.5 * (a + b))
        x = np.clip(x, np.minimum(a, b), np.maximum(a, b))
        fx = f(x) - target
        converged = (np.abs(b - a) <= X_TOL * np.maximum(1.0, np.abs(x))) | (np.abs(fx) <= 1e-13)
        if np.all(converged | done_at_lo):
            break
        right = fx >= 0.0
        # Illinois: halve the stale end's residual when the same end is kept twice.
        fa = np.where(right & (side == -1), fa * 0.5, fa)
        fb = np.where(~right & (side == 1), fb * 0.5, fb)
        b = np.where(right, x, b)
        fb = np.where(right, fx, fb)
        a = np.where(right, a, x)
        fa = np.where(right, fa, fx)
        side = np.where(right, -1, 1)
    else:
        raise NoSolution(f"the solver for {what} did not converge")
    return np.where(done_at_lo, lo, x)
