"""Power over a range of one input, vectorised; and the one curve around a design's size."""

from __future__ import annotations

import inspect
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np

from trialkit.errors import InvalidParameter, TrialkitError
from trialkit.power import catalogue
from trialkit.power._procedure import Prepared
from trialkit.power._vocabulary import mean_ratio_and_allocation
from trialkit.power.catalogue_types import Role
from trialkit.power.grid import PREPARERS as GRID_PREPARERS
from trialkit.power.result import PowerResult
from trialkit.power.single_arm import exact_one_proportion_power

PREPARERS: dict[str, Callable[..., Prepared]] = {
    name: prepare for name, prepare in GRID_PREPARERS.items()
    if name not in ("equivalence_means", "crossover")
}
"""The grid's closed-form procedures a curve can trace (all but the two equivalence designs)."""



@dataclass(frozen=True)
class PowerCurve:
    """Power at each value of one input, the others held fixed."""

    procedure: str
    parameter: str
    values: tuple[float, ...]
    power: tuple[float, ...]
    fixed: tuple[tuple[str, Any], ...]

    def rows(self) -> list[tuple[float, float]]:
        """(value, power) pairs, for a table."""
        return list(zip(self.values, self.power, strict=True))

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dictionary."""
        return {
            "procedure": self.procedure,
            "parameter": self.parameter,
            "fixed": dict(self.fixed),
            "values": list(self.values),
            "power": list(self.power),
        }


def power_curve(
    procedure: str, *, vary: str, values: Iterable[float], **fixed: Any
) -> PowerCurve:
    """Power of ``procedure`` as ``vary`` runs over ``values``; ``fixed`` gives the rest.

    ``vary`` may be the sample size (``n_per_arm`` as the control arm's n, ``n`` or
    ``events``), the effect (``delta``, ``ratio``, ``p1``, ``hazard_ratio``) or any other
    numeric input such as ``sd`` or ``alpha``. Sample size and effect are evaluated in one
    vectorised call.
    """
    if procedure not in PREPARERS:
        raise InvalidParameter("procedure", procedure, f"must be one of {', '.join(PREPARERS)}")
    grid = np.asarray(list(values), dtype=float)
    if grid.ndim != 1 or grid.size == 0:
        raise InvalidParameter("values", values, "must be a non-empty sequence of numbers")
    if "power" in fixed:
        raise InvalidParameter("power", fixed["power"], "is the output of a power curve; leave it out")
    exact = procedure == "one_proportion" and fixed.pop("exact", True)
    if procedure == "ratio_of_means":  # the old names keep their meaning, with a warning
        effect, allocation = mean_ratio_and_allocation(
            procedure, mean_ratio=fixed.pop("mean_ratio", None), ratio=fixed.pop("ratio", None),
            allocation=fixed.pop("allocation", None), effect_needed=vary != "mean_ratio",
        )
        fixed.update({"ratio": allocation} if effect is None and vary == "mean_ratio" else
                     {"mean_ratio": effect, "ratio": allocation})
    size = fixed.pop(_size_name(procedure), None)
    prepare = PREPARERS[procedure]
    try:
        power = _evaluate(procedure, prepare, vary, grid, size, fixed, bool(exact))
    except TypeError as exc:  # an unknown or missing keyword for this procedure
        raise InvalidParameter("inputs", sorted(fixed), f"do not fit {procedure}: {exc}") from None
    return PowerCurve(
        procedure, vary, tuple(grid.tolist()), tuple(np.asarray(power, dtype=float).tolist()),
        tuple(sorted(fixed.items())) + ((("n", size),) if size is not None else ()),
    )


def _role_name(procedure: str, role: Role) -> str:
    """The keyword playing ``role`` in ``procedure``, from the catalogue."""
    param = catalogue.procedure(procedure).with_role(role)  # type: ignore[union-attr]
    assert param is not None
    return param.name


def _size_name(procedure: str) -> str:
    return _role_name(procedure, "size")


def _evaluate(
    procedure: str, prepare: Callable[..., Prepared], vary: str, grid: np.ndarray,
    size: Any, fixed: dict[str, Any], exact: bool,
) -> np.ndarray:
    size_name = _size_name(procedure)
    if vary == size_name:
        if np.any(grid < 1) or np.any(grid != np.round(grid)):
            raise InvalidParameter(vary, grid.tolist(), "must be whole numbers of at least 1")
        prepared = prepare(**fixed)
        effect = _effect(prepared)
        if exact:
            return exact_one_proportion_power(grid, prepared.inputs["p0"], effect,
                                              prepared.alpha, prepared.inputs["sides"],
                                              _directional(prepared))
        arm_t = np.ceil(grid * prepared.ratio - 1e-9) if prepared.design.groups == 2 else grid
        return np.asarray(prepared.design.power_at(arm_t, grid, effect))
    n_t, n_c = _sizes(size, size_name, fixed)
    if vary == _role_name(procedure, "effect"):
        prepared = prepare(**fixed)
        for value in grid:  # validate each effect the way the procedure itself would
            prepare(**{**fixed, vary: float(value)})
        if exact:
            return np.array([exact_one_proportion_power(np.array([n_c]), prepared.inputs["p0"],
                             float(v), prepared.alpha, prepared.inputs["sides"],
                                              _directional(prepared))[0] for v in grid])
        return np.asarray(prepared.design.power_at(n_t, n_c, grid))
    out = []
    for value in grid:
        prepared = prepare(**{**fixed, vary: float(value)})
        effect = _effect(prepared)
        if exact:
            out.append(exact_one_proportion_power(np.array([n_c]), prepared.inputs["p0"], effect,
                                                  prepared.alpha, prepared.inputs["sides"],
                                              _directional(prepared))[0])
        else:
            out.append(prepared.design.power_at(n_t, n_c, effect))
    return np.asarray(out, dtype=float)


def _directional(prepared: Prepared) -> bool:
    return prepared.inputs.get("power_convention") == "directional"


def _effect(prepared: Prepared) -> float:
    if prepared.effect is None:
        name = prepared.design.effect_name
        raise InvalidParameter(name, None, "must be given unless it is the input that varies")
    return prepared.effect


def _sizes(size: Any, size_name: str, fixed: dict[str, Any]) -> tuple[float, float]:
    if size is None:
        raise InvalidParameter(size_name, None, "must be given unless it is the input that varies")
    if isinstance(size, tuple | list):
        return float(size[0]), float(size[1])
    return float(size) * float(fixed.get("ratio", 1.0)), float(size)


CURVE_FROM, CURVE_TO, CURVE_STEP = 0.4, 2.0, 0.05
"""The design curve runs from 40% to 200% of the planned size, in steps of 5%."""


@dataclass(frozen=True)
class DesignCurve:
    """Power around a design's planned size, as the protocol's figure and the UI's plot draw it.

    ``sizes`` is the size varied (the control arm's n, the single group's n, the events or
    the participants per sequence); ``n_total`` is what is analysed at each size (all arms,
    or the events of an events-driven design).
    """

    procedure: str
    size_name: str
    sizes: tuple[int, ...]
    n_total: tuple[int, ...]
    power: tuple[float, ...]
    chosen_size: int
    chosen_total: int
    chosen_power: float
    target_power: float | None
    per_arm: bool


def design_curve(result: PowerResult) -> DesignCurve | None:
    """Power from 40% to 200% of the result's size, the other inputs as the result records.

    The one curve around a design point: the protocol renderer and the terminal UI both draw
    it. None for a procedure whose size cannot be varied (a Simon design, boundaries only).
    """
    proc = catalogue.procedure(result.procedure)
    size = proc.size if proc is not None and proc.sizes_design else None
    if proc is None or size is None or not size.solvable or not result.n_per_arm:
        return None
    events = size.name == "events"
    chosen = int(result.extras["events"]) if events else result.n_per_arm[-1]
    least = int(size.valid.low) if size.valid is not None else 1
    controls = sorted({max(least, math.ceil((CURVE_FROM + CURVE_STEP * i) * chosen - 1e-9))
                       for i in range(round((CURVE_TO - CURVE_FROM) / CURVE_STEP) + 1)} | {chosen})
    names = set(proc.names())
    fixed = {k: v for k, v in result.inputs.items()
             if k in names and k not in ("power", size.name) and v is not None}
    two = len(result.n_per_arm) == 2 and not events
    ratio = result.n_per_arm[0] / result.n_per_arm[-1] if two else 1.0
    points = _engine_points(proc.name, size.name, controls, fixed)
    if points is None:
        points = _called_points(proc.function(), size.name, controls, fixed, two, ratio)
    if len(points) < 3:
        return None
    totals = [n if not two else math.ceil(ratio * n - 1e-9) + n for n, _ in points]
    target = result.inputs.get("power")
    return DesignCurve(
        proc.name, size.name, tuple(n for n, _ in points), tuple(totals),
        tuple(p for _, p in points), chosen, chosen if events else result.n_total,
        float(result.power), float(target) if isinstance(target, int | float) else None,
        two,
    )


def _engine_points(
    procedure: str, size_name: str, controls: list[int], fixed: dict[str, Any]
) -> list[tuple[int, float]] | None:
    """All sizes in one vectorised call, for the procedures power_curve knows."""
    prepare = PREPARERS.get(procedure)
    if prepare is None:
        return None
    accepted = set(inspect.signature(prepare).parameters) | {"exact"}
    try:
        curve = power_curve(procedure, vary=size_name, values=controls,
                            **{k: v for k, v in fixed.items() if k in accepted})
    except TrialkitError:
        return None
    return list(zip(controls, map(float, curve.power), strict=True))


def _called_points(
    function: Callable[..., Any], size_name: str, controls: list[int], fixed: dict[str, Any],
    two: bool, ratio: float,
) -> list[tuple[int, float]]:
    """The procedure called at each size (for those without a vectorised power)."""
    points: list[tuple[int, float]] = []
    for n in controls:
        size: Any = (math.ceil(ratio * n - 1e-9), n) if two else n
        try:
            at = function(**fixed, **{size_name: size}, power=None)
        except TrialkitError:
            continue
        points.append((n, float(at.power)))
    return points
