"""Sample sizes for many scenarios at once: one vectorised solve over numpy arrays.

For sensitivity grids and simulation studies: every input may be an array (they broadcast),
and the whole grid is solved together. Each element equals the scalar procedure's answer.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy import special

from trialkit.errors import InvalidParameter
from trialkit.power._solve import solve_increasing_array
from trialkit.power.means import two_sample_power
from trialkit.power.proportions import two_proportions_power

N_LIMIT = 1e7
SECANT_STEPS = 4

Params = dict[str, np.ndarray]
PowerFn = Callable[[Params, np.ndarray, np.ndarray], np.ndarray]


@dataclass(frozen=True)
class SampleSizeGrid:
    """Per-scenario sample sizes: unrounded, rounded per arm, and the power achieved."""

    procedure: str
    n_unrounded: np.ndarray
    n_per_arm: np.ndarray
    """Rounded up; for two groups, the control arm (treatment = ceil(ratio * control))."""
    power: np.ndarray


def _array(name: str, value: Any, lo: float, hi: float) -> np.ndarray:
    arr = np.asarray(value, dtype=float)
    good = np.isfinite(arr) & (arr > lo) & (arr < hi)
    if not good.all():
        raise InvalidParameter(name, float(arr[~good].flat[0]),
                               f"must lie in ({lo:g}, {hi:g}) in every scenario")
    return arr


def _means_power(q: Params, n_t: np.ndarray, n_c: np.ndarray) -> np.ndarray:
    return two_sample_power(n_t, n_c, q["delta"], q["sd"], q["alpha"], int(q["sides"][0]))


def _proportions_power(method: str) -> PowerFn:
    def power(q: Params, n_t: np.ndarray, n_c: np.ndarray) -> np.ndarray:
        return two_proportions_power(n_t, n_c, q["p1"], q["p2"], q["alpha"], int(q["sides"][0]),
                                     method, False)

    return power


def sample_size_grid(
    procedure: str,
    *,
    power: Any,
    alpha: Any = 0.05,
    sides: int = 2,
    ratio: float = 1.0,
    **inputs: Any,
) -> SampleSizeGrid:
    """Solve the sample size of ``procedure`` ("two_means" or "two_proportions") per scenario.

    two_means takes ``delta`` and ``sd``; two_proportions takes ``p1``, ``p2`` and ``method``.
    """
    if sides not in (1, 2):
        raise InvalidParameter("sides", sides, "must be 1 or 2")
    k = float(ratio)
    if not k > 0:
        raise InvalidParameter("ratio", ratio, "must be > 0")
    q: Params = {"alpha": _array("alpha", alpha, 0.0, 1.0), "power": _array("power", power, 0.0, 1.0)}
    if procedure == "two_means":
        q["delta"] = np.abs(_array("delta", inputs.pop("delta"), -np.inf, np.inf))
        q["sd"] = _array("sd", inputs.pop("sd"), 0.0, np.inf)
        if np.any(q["delta"] == 0):
            raise InvalidParameter("delta", 0.0, "must be non-zero in every scenario")
        power_fn: PowerFn = _means_power
        min_n = max(2.0, 4.0 / (1.0 + k))
    elif procedure == "two_proportions":
        q["p1"] = _array("p1", inputs.pop("p1"), 0.0, 1.0)
        q["p2"] = _array("p2", inputs.pop("p2"), 0.0, 1.0)
        method = inputs.pop("method", "pooled")
        if method not in ("pooled", "unpooled", "arcsine"):
            raise InvalidParameter("method", method, "must be pooled, unpooled or arcsine")
        if np.any(q["p1"] == q["p2"]):
            raise InvalidParameter("p1", float(q["p1"].flat[0]), "must differ from p2 in every scenario")
        power_fn = _proportions_power(method)
        min_n = 2.0
    else:
        raise InvalidParameter("procedure", procedure, "must be two_means or two_proportions")
    if inputs:
        raise InvalidParameter("inputs", sorted(inputs), f"are not inputs of {procedure}")
    q = dict(zip(q, (np.atleast_1d(v) for v in np.broadcast_arrays(*q.values())), strict=True))
    if np.any(q["power"] <= q["alpha"]):
        raise InvalidParameter("power", float(np.min(q["power"])), "must exceed alpha in every scenario")
    q["sides"] = np.full(q["alpha"].shape, float(sides))
    n = _solve(power_fn, q, k, min_n)
    n_control = np.ceil(n - 1e-9)
    achieved = power_fn(q, np.ceil(k * n_control - 1e-9), n_control)
    return SampleSizeGrid(procedure, n, n_control.astype(np.int64), achieved)


def _guess(q: Params, k: float) -> np.ndarray:
    """Normal-approximation n (plus Guenther's t correction for means): a close start."""
    sides = q["sides"]
    z_alpha = -special.ndtri(q["alpha"] / sides)
    z = z_alpha + special.ndtri(q["power"])
    if "delta" in q:
        return (1.0 + 1.0 / k) * (z * q["sd"] / q["delta"]) ** 2 + z_alpha**2 / 4.0
    p1, p2 = q["p1"], q["p2"]
    return z**2 * (p1 * (1 - p1) / k + p2 * (1 - p2)) / (p1 - p2) ** 2


def _solve(power_fn: PowerFn, q: Params, k: float, min_n: float) -> np.ndarray:
    """Secant steps on sqrt(n) against the normal score of the power; Illinois where they fail.

    On that scale power is nearly linear (the normal approximation makes it exactly so), so
    a few steps from the normal-approximation guess converge. Each step evaluates only the
    scenarios still moving. Elements not converged to 1e-7 are re-solved by the bracketing
    solver, so the fast path only saves time.
    """

    def score(params: Params, u: np.ndarray) -> np.ndarray:
        n_c = np.maximum(u * u, min_n)
        return special.ndtri(power_fn(params, k * n_c, n_c)) - special.ndtri(params["power"])

    with np.errstate(all="ignore"):
        u_prev = np.sqrt(np.maximum(_guess(q, k), min_n))
        h_prev = score(q, u_prev)
        slope = (special.ndtri(q["power"]) - special.ndtri(q["alpha"] / q["sides"])) / u_prev
        u = u_prev - h_prev / slope
        active = np.arange(u.size)
        done = np.zeros(u.size, dtype=bool)
        for _ in range(SECANT_STEPS):
            sub = {name: value[active] for name, value in q.items()}
            h = score(sub, u[active])
            du = u[active] - u_prev[active]
            step = h * du / (h - h_prev[active])
            step = np.where(np.isfinite(step), step, 0.0)
            u_prev[active], h_prev[active] = u[active], h
            u[active] = u[active] - step
            n_new, n_old = u[active] ** 2, u_prev[active] ** 2
            settled = ((np.abs(n_new - n_old) <= 1e-7 * np.maximum(1.0, n_new))
                       & (np.abs(h) < 1e-3) & np.isfinite(n_new))
            done[active] = settled
            active = active[~settled]
            if active.size == 0:
                break
    n = u * u
    done &= np.isfinite(n) & (n > min_n) & (n < N_LIMIT)
    if not done.all():
        rest = ~done
        sub = {name: value[rest] for name, value in q.items()}
        n = n.copy()
        n[rest] = solve_increasing_array(
            lambda m: power_fn(sub, k * m, m), sub["power"], np.full(rest.sum(), min_n),
            np.maximum(2.0 * _guess(sub, k), 16.0), limit=N_LIMIT, what="the sample size",
        )
    return n
