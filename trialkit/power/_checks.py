"""Validation of the arguments every procedure shares; each failure names the parameter."""

from __future__ import annotations

import math
from typing import Any

from trialkit.errors import InvalidParameter


def _number(name: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        try:
            value = float(value)
        except (TypeError, ValueError):
            raise InvalidParameter(name, value, "must be a number") from None
    if not math.isfinite(value):
        raise InvalidParameter(name, value, "must be a finite number")
    return float(value)


def alpha(value: Any) -> float:
    """Significance level in (0, 1)."""
    a = _number("alpha", value)
    if not 0.0 < a < 1.0:
        raise InvalidParameter("alpha", value, "must lie in (0, 1)")
    return a


def sides(value: Any) -> int:
    """1 for a one-sided test, 2 for two-sided."""
    if value not in (1, 2) or isinstance(value, bool):
        raise InvalidParameter("sides", value, "must be 1 or 2")
    return int(value)


def power(value: Any, alpha_level: float) -> float:
    """Target power in (alpha, 1)."""
    p = _number("power", value)
    if not alpha_level < p < 1.0:
        raise InvalidParameter("power", value, f"must lie in ({alpha_level:g}, 1), above alpha")
    return p


def positive(name: str, value: Any) -> float:
    """A strictly positive finite number."""
    x = _number(name, value)
    if x <= 0.0:
        raise InvalidParameter(name, value, "must be > 0")
    return x


def nonzero(name: str, value: Any) -> float:
    """A finite number other than zero."""
    x = _number(name, value)
    if x == 0.0:
        raise InvalidParameter(name, value, "must be non-zero (no effect leaves nothing to detect)")
    return x


def number(name: str, value: Any) -> float:
    """Any finite number."""
    return _number(name, value)


def open_unit(name: str, value: Any) -> float:
    """A probability strictly between 0 and 1."""
    x = _number(name, value)
    if not 0.0 < x < 1.0:
        raise InvalidParameter(name, value, "must lie in (0, 1)")
    return x


def in_range(name: str, value: Any, lo: float, hi: float, *, closed_lo: bool = True) -> float:
    """A number in [lo, hi) (or (lo, hi) when closed_lo is False)."""
    x = _number(name, value)
    ok = (lo <= x if closed_lo else lo < x) and x < hi
    if not ok:
        left = "[" if closed_lo else "("
        raise InvalidParameter(name, value, f"must lie in {left}{lo:g}, {hi:g})")
    return x


def dropout(value: Any) -> float:
    """Expected fraction lost to follow-up, in [0, 1)."""
    return in_range("dropout", value, 0.0, 1.0)


def ratio(value: Any) -> float:
    """Allocation ratio treatment:control, > 0."""
    return positive("ratio", value)


APPROXIMATIONS = ("exact", "normal")


def approximation(value: Any) -> str:
    """'exact' (t or exact distribution) or 'normal' (the known-variance z formulas)."""
    if value not in APPROXIMATIONS:
        raise InvalidParameter("approximation", value, "must be 'exact' or 'normal'")
    return str(value)


def sample_size(name: str, value: Any, minimum: int) -> int:
    """A whole number of participants at least ``minimum``."""
    if isinstance(value, bool) or not isinstance(value, int | float) or value != int(value):
        raise InvalidParameter(name, value, f"must be a whole number >= {minimum}")
    if value < minimum:
        raise InvalidParameter(name, value, f"must be a whole number >= {minimum}")
    return int(value)


def exactly_one_unknown(**candidates: Any) -> str:
    """The one argument left as None, which is to be solved for."""
    missing = [name for name, value in candidates.items() if value is None]
    if len(missing) != 1:
        names = ", ".join(candidates)
        unset = "none of them" if not missing else " and ".join(missing)
        raise InvalidParameter(
            "unknowns",
            unset,
            f"leave exactly one of {names} unset to solve for it; {unset} unset now",
        )
    return missing[0]
