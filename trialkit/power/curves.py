"""Power over a range of one input, vectorised, for plots and sensitivity tables."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np

from trialkit.errors import InvalidParameter
from trialkit.power._procedure import Prepared
from trialkit.power.means import prepare_one_mean, prepare_ratio_of_means, prepare_two_means
from trialkit.power.proportions import (
    exact_one_proportion_power,
    prepare_one_proportion_normal,
    prepare_two_proportions,
)
from trialkit.power.survival import prepare_logrank

PREPARERS: dict[str, Callable[..., Prepared]] = {
    "two_means": prepare_two_means,
    "one_mean": prepare_one_mean,
    "ratio_of_means": prepare_ratio_of_means,
    "two_proportions": prepare_two_proportions,
    "one_proportion": prepare_one_proportion_normal,
    "logrank": prepare_logrank,
}

EFFECT_NAMES = {
    "two_means": "delta", "one_mean": "delta", "ratio_of_means": "ratio",
    "two_proportions": "p1", "one_proportion": "p1", "logrank": "hazard_ratio",
}


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


def _size_name(procedure: str) -> str:
    return {"one_mean": "n", "one_proportion": "n", "logrank": "events"}.get(procedure, "n_per_arm")


def _evaluate(
    procedure: str, prepare: Callable[..., Prepared], vary: str, grid: np.ndarray,
    size: Any, fixed: dict[str, Any], exact: bool,
) -> np.ndarray:
    size_name = _size_name(procedure)
    if vary == size_name:
        if np.any(grid < 1) or np.any(grid != np.round(grid)):
            raise InvalidParameter(vary, grid.tolist(), "must be whole numbers >= 1")
        prepared = prepare(**fixed)
        effect = _effect(prepared)
        if exact:
            return exact_one_proportion_power(grid, prepared.inputs["p0"], effect,
                                              prepared.alpha, prepared.inputs["sides"])
        arm_t = np.ceil(grid * prepared.ratio - 1e-9) if prepared.design.groups == 2 else grid
        return np.asarray(prepared.design.power_at(arm_t, grid, effect))
    n_t, n_c = _sizes(size, size_name, fixed)
    if vary == EFFECT_NAMES[procedure]:
        prepared = prepare(**fixed)
        for value in grid:  # validate each effect the way the procedure itself would
            prepare(**{**fixed, vary: float(value)})
        if exact:
            return np.array([exact_one_proportion_power(np.array([n_c]), prepared.inputs["p0"],
                             float(v), prepared.alpha, prepared.inputs["sides"])[0] for v in grid])
        return np.asarray(prepared.design.power_at(n_t, n_c, grid))
    out = []
    for value in grid:
        prepared = prepare(**{**fixed, vary: float(value)})
        effect = _effect(prepared)
        if exact:
            out.append(exact_one_proportion_power(np.array([n_c]), prepared.inputs["p0"], effect,
                                                  prepared.alpha, prepared.inputs["sides"])[0])
        else:
            out.append(prepared.design.power_at(n_t, n_c, effect))
    return np.asarray(out, dtype=float)


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
    return float(size) * float(fixed.get("ratio", fixed.get("allocation", 1.0))), float(size)
