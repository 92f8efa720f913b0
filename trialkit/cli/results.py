"""What ``trialkit power`` may print: finite numbers, and sizes within the engine's range.

The engine validates its inputs, but a combination can still carry a result past what it
stands behind: a power curve through n = 1 of a t-test (no degrees of freedom: NaN), or an
allocation ratio of 1e300 (a 300-digit treatment arm). The CLI checks the whole result
before printing anything and refuses such a one in one line, as it does a bad input.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

from trialkit.errors import TrialkitError
from trialkit.power._checks import N_MAX


def _numbers(value: Any, where: str) -> Iterator[tuple[str, Any]]:
    """(dotted path, number) for every number in a JSON-like payload."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _numbers(item, f"{where}.{key}" if where else str(key))
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _numbers(item, where)
    elif isinstance(value, int | float) and not isinstance(value, bool):
        yield where, value


def check_printable(result: Any, curve: Any = None) -> None:
    """Raise TrialkitError (one line) unless every number of the result and curve is printable."""
    payload = result.to_dict()
    for where, value in _numbers(payload, ""):
        if isinstance(value, float) and not math.isfinite(value):
            raise TrialkitError(
                f"the {where.replace('_', ' ')} came out as {value}: these inputs have no "
                "answer trialkit can stand behind; check them (a larger sample or effect)")
    for n in payload.get("n_per_arm") or []:
        if isinstance(n, int | float) and n > N_MAX:
            raise TrialkitError(
                f"the design would need more than {N_MAX:,} participants in an arm, the most "
                "trialkit computes; check the allocation ratio and the effect")
    if curve is not None:
        for value, power in curve.rows():
            if not math.isfinite(power):
                raise TrialkitError(
                    f"power at {curve.parameter} = {value:g} cannot be computed (too small "
                    "for this test); start the sweep at a larger value")
