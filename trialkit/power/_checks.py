"""Validation of the arguments every procedure shares; each failure names the parameter.

A range is said in the power catalogue's words (``Range.words()``: 'between 0 and 1', 'greater
than 0'), the words its forms and options describe it with, and the CLI, ``trialkit check`` and
the terminal UI all show this text. A proportion typed as a percentage (85 for 0.85) is told how
to type it.
"""

from __future__ import annotations

import math
from typing import Any

from trialkit.errors import InvalidParameter, Unknowns
from trialkit.power.catalogue_types import Range


def _number(name: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        try:
            value = float(value)
        except (TypeError, ValueError):
            raise InvalidParameter(name, value, "must be a number") from None
    if not math.isfinite(value):
        raise InvalidParameter(name, value, "must be a finite number")
    return float(value)


def outside(name: str, value: Any, valid: Range, then: str = "") -> InvalidParameter:
    """The refusal of ``value`` for not being in ``valid``: 'must be between 0 and 1' (then
    ``then``), with how to type a proportion given as a percentage."""
    words = f"must be {valid.words()}{then}"
    number = value if isinstance(value, int | float) and not isinstance(value, bool) else None
    if number is not None and valid.low >= 0 and valid.high == 1 and 1 < number <= 100:
        words += f"; type {number:g}% as {number / 100:g}"
    return InvalidParameter(name, value, words)


def alpha(value: Any) -> float:
    """Significance level in (0, 1)."""
    a = _number("alpha", value)
    if not 0.0 < a < 1.0:
        raise outside("alpha", value, Range(0.0, 1.0, low_open=True, high_open=True))
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
        raise outside("power", value, Range(alpha_level, 1.0, low_open=True, high_open=True),
                      ", above the significance level")
    return p


def positive(name: str, value: Any) -> float:
    """A strictly positive finite number."""
    x = _number(name, value)
    if x <= 0.0:
        raise outside(name, value, Range(0.0, low_open=True))
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
        raise outside(name, value, Range(0.0, 1.0, low_open=True, high_open=True))
    return x


def in_range(name: str, value: Any, lo: float, hi: float, *, closed_lo: bool = True) -> float:
    """A number in [lo, hi) (or (lo, hi) when closed_lo is False)."""
    x = _number(name, value)
    ok = (lo <= x if closed_lo else lo < x) and x < hi
    if not ok:
        raise outside(name, value, Range(lo, hi, low_open=not closed_lo, high_open=True))
    return x


def dropout(value: Any) -> float:
    """Expected fraction lost to follow-up, in [0, 1)."""
    return in_range("dropout", value, 0.0, 1.0)


def ratio(value: Any) -> float:
    """Allocation ratio treatment:control, > 0."""
    return positive("ratio", value)


POWER_CONVENTIONS = ("two_tailed", "directional")


def power_convention(value: Any) -> str:
    """'two_tailed' (both rejection regions count) or 'directional' (only the effect's)."""
    if value not in POWER_CONVENTIONS:
        raise InvalidParameter(
            "power_convention", value, "must be 'two_tailed' (both rejection regions count) or "
            "'directional' (only the region in the direction of the effect)",
        )
    return str(value)


APPROXIMATIONS = ("exact", "normal")


def approximation(value: Any) -> str:
    """'exact' (t or exact distribution) or 'normal' (the known-variance z formulas)."""
    if value not in APPROXIMATIONS:
        raise InvalidParameter("approximation", value, "must be 'exact' or 'normal'")
    return str(value)


N_MAX = 10_000_000
"""The largest sample size (per arm, or events) trialkit computes with or solves for."""


def sample_size(name: str, value: Any, minimum: int) -> int:
    """A whole number of participants from ``minimum`` to N_MAX."""
    valid = f"must be a whole number from {minimum} to {N_MAX:,}"
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidParameter(name, value, valid)
    if not math.isfinite(value) or value != int(value) or not minimum <= value <= N_MAX:
        raise InvalidParameter(name, value, valid)
    return int(value)


def below_half(name: str, value: Any) -> float:
    """A significance level for two one-sided tests: in (0, 0.5), so the 1 - 2 alpha interval exists."""
    a = alpha(value) if name == "alpha" else _number(name, value)
    if not 0.0 < a < 0.5:
        raise outside(name, value, Range(0.0, 0.5, low_open=True, high_open=True),
                      " for two one-sided tests (their confidence interval has level 1 - 2 "
                      "x the significance level)")
    return a


def source_text(name: str, value: Any) -> str:
    """Where a number came from, as plain text for the justification ('' when not given)."""
    if value is None:
        return ""
    if not isinstance(value, str) or len(value) > 300 or "\n" in value:
        raise InvalidParameter(name, value, "must be one line of text of at most 300 characters")
    return value.strip()


def exactly_one_unknown(**candidates: Any) -> str:
    """The one argument left as None, which is to be solved for."""
    missing = [name for name, value in candidates.items() if value is None]
    if len(missing) != 1:
        raise Unknowns(tuple(candidates), missing)
    return missing[0]
