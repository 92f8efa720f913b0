"""Group-sequential boundaries: the efficacy and beta-spending futility bounds, the fixed
design's drift they are measured against, and the checks of the inputs that shape them
(information timing, spending parameters, binding futility).

Conventions as in trialkit.power.sequential: information fraction 1 at the last look, the
drift is the expected z statistic there, and a two-sided design spends alpha / 2 per tail.
"""

from __future__ import annotations

import itertools
import math
from functools import partial
from typing import Any

import numpy as np
from scipy.special import ndtr, ndtri

from trialkit.errors import InvalidParameter
from trialkit.power import _checks
from trialkit.power._gs_integration import (
    _START,
    Z_CAP,
    _advance,
    _crossings,
    _increasing_root,
    _lower_exit,
    _upper_bound,
    _upper_exit,
    spent,
)
from trialkit.power._solve import solve_increasing


def _timing(value: Any, k: int) -> tuple[float, ...]:
    """The information fractions of the k looks (equally spaced when not given)."""
    if value is None:
        return tuple((i + 1) / k for i in range(k))
    try:
        t = tuple(float(v) for v in value)
    except (TypeError, ValueError):
        raise InvalidParameter("timing", value, "must be a sequence of numbers") from None
    if len(t) != k:
        raise InvalidParameter("timing", value, f"must list {k} information fractions")
    if not all(math.isfinite(v) for v in t) or t[0] <= 0.0 or any(
        b <= a for a, b in itertools.pairwise(t)
    ):
        raise InvalidParameter("timing", value, "must rise and each be greater than 0")
    if not math.isclose(t[-1], 1.0, abs_tol=1e-12):
        raise InvalidParameter("timing", value, "must end at 1 (the final analysis)")
    return (*t[:-1], 1.0)


def _gamma(name: str, kind: str | None, value: Any) -> float | None:
    """The Hwang-Shih-DeCani gamma, required for that family and refused for any other."""
    if kind == "hsd":
        if value is None:
            raise InvalidParameter(name, value, "must be given for Hwang-Shih-DeCani ('hsd')")
        return _checks.in_range(name, value, -40.0, 40.0)
    if value is not None:
        raise InvalidParameter(name, value, "applies only to Hwang-Shih-DeCani spending ('hsd')")
    return None


def _efficacy_bounds(
    spending: str, gamma: float | None, alpha: float, sides: int, t: tuple[float, ...]
) -> np.ndarray:
    """Efficacy critical values (|z| when two-sided) spending alpha at the looks t."""
    two = sides == 2
    if spending.startswith("classical"):
        shape = np.ones(len(t)) if spending == "classical_pocock" else 1.0 / np.sqrt(t)

        def total(x: float) -> float:
            b = (Z_CAP / 2.0 - x) * shape
            up, low = _crossings(0.0, t, b, -b if two else np.full(len(t), -Z_CAP))
            return float(up.sum() + (low.sum() if two else 0.0))

        c = Z_CAP / 2.0 - _increasing_root(total, alpha, 0.0, Z_CAP / 2.0)
        return c * shape
    cumulative = sides * spent(spending, alpha / sides, np.asarray(t), gamma)
    bounds = np.empty(len(t))
    s = _START
    for k, tk in enumerate(t):
        spend = cumulative[k] - (cumulative[k - 1] if k else 0.0)
        bounds[k] = _upper_bound(s, tk, spend, two)
        if k < len(t) - 1:
            s = _advance(s, 0.0, tk, -bounds[k] if two else -Z_CAP, bounds[k])
    return bounds


def _futility_bounds(
    theta: float, t: tuple[float, ...], b: np.ndarray, beta_cum: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Beta-spending futility bounds at drift theta, with the upper and lower crossings."""
    a = np.empty(len(t))
    up, low = np.zeros(len(t)), np.zeros(len(t))
    s = _START
    for k, tk in enumerate(t):
        up[k] = _upper_exit(s, theta, tk, b[k])
        if k == len(t) - 1:
            a[k] = b[k]
            low[k] = _lower_exit(s, theta, tk, b[k])
            break
        spend = beta_cum[k] - (beta_cum[k - 1] if k else 0.0)
        a[k] = _increasing_root(partial(_lower_exit, s, theta, tk), spend, -Z_CAP, float(b[k]))
        low[k] = _lower_exit(s, theta, tk, a[k])
        s = _advance(s, theta, tk, a[k], b[k])
    return a, up, low


def _binding(value: Any, futility: str | None, spending: str) -> bool:
    """Whether the futility bound binds (needs a futility bound and alpha spending)."""
    if not isinstance(value, bool):
        raise InvalidParameter("binding_futility", value, "must be True or False")
    if value and futility is None:
        raise InvalidParameter("futility", futility,
                               "must be given when the futility bound is binding")
    if value and spending.startswith("classical"):
        raise InvalidParameter("spending", spending, "must be an alpha-spending function "
                               "(obf, pocock or hsd) when the futility bound is binding")
    return value


def _fixed_drift(alpha: float, sides: int, power: float, both_tails: bool) -> float:
    """Drift of the fixed-sample z-test with this power, both tails counted if asked."""
    z = float(-ndtri(alpha / sides))
    directional = z + float(ndtri(power))
    if not both_tails:
        return directional

    def two_tailed(theta: float) -> float:
        return float(ndtr(theta - z) + ndtr(-theta - z))

    return solve_increasing(two_tailed, power, 0.0, directional, limit=directional,
                            what="the fixed design's drift")


def _expected_fraction(stop: np.ndarray, t: tuple[float, ...]) -> float:
    """Expected information fraction from the stopping probabilities before the last look."""
    probs = np.array(stop, dtype=float)
    probs[-1] = 1.0 - probs[:-1].sum()
    return float(np.dot(probs, t))
