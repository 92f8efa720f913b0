"""Operating characteristics of a fixed design: its power at other effects, at its own size.

The procedure is run again with the design's sample sizes and each effect in turn, so the
power is the procedure's own (the exact t-test, enumeration, ...), never an approximation of
it. A fixed design stops only at its one analysis, so its expected size is its size.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from scipy.special import ndtri

from trialkit.errors import InvalidParameter

SIZE_NAMES = ("n_per_arm", "n", "n_per_sequence", "events")


def fixed_points(result: Any, effects: Iterable[float]) -> tuple[Any, ...]:
    """One OperatingPoint per effect (on the effect's own scale) for the fixed design
    ``result``: the power at that effect with its sizes, and its size as the expected size."""
    from trialkit.power import catalogue
    from trialkit.power._gs_operating import OperatingPoint

    values = list(effects) if not isinstance(effects, str) else None
    if not values:
        raise InvalidParameter("effects", effects, "must list at least one effect")
    proc = catalogue.procedure(result.procedure)
    names = set(proc.names()) if proc is not None else set()
    size_name = next((n for n in SIZE_NAMES if n in names), None)
    if proc is None or proc.effect is None or not proc.sizes_design or size_name is None:
        raise InvalidParameter("effects", values, "need a design of one sample size and one "
                               "effect, such as a difference, a proportion or a ratio")
    kwargs = {k: v for k, v in result.inputs.items() if k in names and v is not None}
    kwargs.pop("power", None)
    events = result.extras.get("events")
    if size_name == "events":
        kwargs[size_name] = events
    else:
        sizes = result.n_per_arm
        kwargs[size_name] = sizes[0] if len(sizes) == 1 else tuple(sizes)
    function = proc.function()
    alpha, sides = float(result.inputs["alpha"]), int(result.inputs.get("sides", 1))
    points = []
    for effect in values:
        if isinstance(effect, bool) or not isinstance(effect, int | float):
            raise InvalidParameter("effects", effect, "must be numbers")
        at = function(**{**kwargs, proc.effect.name: effect})
        favourable = min(max(at.power, 1e-300), 1.0 - 1e-16)
        points.append(OperatingPoint(
            effect=float(effect),
            drift=float(ndtri(1.0 - alpha / sides) + ndtri(favourable)),
            power=float(at.power), stop_efficacy=(float(at.power),),
            stop_futility=(1.0 - float(at.power),), expected_fraction=1.0,
            expected_n=float(result.n_total) if result.n_per_arm else None,
            expected_events=float(events) if isinstance(events, int | float) else None,
        ))
    return tuple(points)
