"""Operating characteristics of a group-sequential design applied to a fixed design.

At any effect the design's z statistics have drift (the expected z at the last look) given by
the fixed design's own test at the sequential design's maximum sample size: for a location
test, (effect - null) / standard error; otherwise the z the test's power corresponds to.
The probability of stopping for efficacy (or futility) at each look and the expected sample
size follow by the same exact recursive integration as the boundaries (Jennison & Turnbull
(2000) Group Sequential Methods with Applications to Clinical Trials, ch. 19). Futility
bounds are assumed obeyed, as in rpact's and gsDesign's reports.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy.special import ndtri

from trialkit.errors import InvalidParameter
from trialkit.power._assurance_models import model_of
from trialkit.power._checks import outside
from trialkit.power._gs_integration import Z_CAP, _crossings
from trialkit.power.catalogue_types import Range
from trialkit.power.result import PowerResult


@dataclass(frozen=True)
class OperatingPoint:
    """Power, stopping probabilities and expected size at one effect."""

    effect: float
    drift: float
    """The expected z statistic at the last look (at the maximum sample size)."""
    power: float
    stop_efficacy: tuple[float, ...]
    """Probability of stopping for efficacy at each look (the last: rejecting at the end)."""
    stop_futility: tuple[float, ...]
    """Probability of stopping for futility at each look (or, two-sided, rejecting in the
    other tail)."""
    expected_fraction: float
    """Expected information as a fraction of the maximum."""
    expected_n: float | None
    """Expected number of participants analysed (None for a design sized in events only)."""
    expected_events: float | None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dictionary."""
        return dataclasses.asdict(self)


@dataclass(frozen=True, repr=False)
class SequentialResult(PowerResult):
    """A fixed design inflated to a group-sequential one, which can report its operating
    characteristics at any effect."""

    design: Any = None
    """The GroupSequentialDesign applied."""

    def operating_characteristics(self, effects: Iterable[float]) -> tuple[OperatingPoint, ...]:
        """Power and expected sample size at each effect (on the effect's own scale: a
        difference, a proportion in the treatment arm, or a ratio)."""
        values = list(effects) if not isinstance(effects, str) else None
        if not values:
            raise InvalidParameter("effects", effects, "must list at least one effect")
        return tuple(_point(self, e) for e in values)


def _fixed_view(result: SequentialResult) -> Any:
    fixed = dataclasses.replace(result, procedure=result.procedure.split("+")[0])
    return model_of(PowerResult(**{f.name: getattr(fixed, f.name)
                                   for f in dataclasses.fields(PowerResult)}))


def _drift(result: SequentialResult, effect: Any) -> float:
    model = _fixed_view(result)
    if not isinstance(effect, int | float) or isinstance(effect, bool) or not math.isfinite(
            effect):
        raise InvalidParameter("effects", effect, "must be finite numbers")
    if model.log_scale:
        if effect <= 0:
            raise InvalidParameter("effects", effect, "must be ratios greater than 0")
        theta = math.log(effect)
    else:
        lo, hi = model.support
        if not lo < effect < hi:
            raise outside("effects", effect, Range(lo, hi, low_open=True, high_open=True))
        theta = float(effect)
    sizes = (result.extras["events"],) if model.size_name == "events" else result.n_per_arm
    n_t, n_c = float(sizes[0]), float(sizes[-1])
    if model.se is not None:
        return model.direction * (theta - model.theta_0) / model.se(n_t, n_c)
    favourable = float(model.favourable(n_t, n_c, np.array([theta]))[0])
    tail = result.design.alpha / result.design.sides  # the favourable test's level
    return float(ndtri(1.0 - tail) + ndtri(min(max(favourable, 1e-300), 1 - 1e-16)))


def _point(result: SequentialResult, effect: float) -> OperatingPoint:
    design = result.design
    drift = _drift(result, effect)
    t, b = design.timing, np.asarray(design.critical_z)
    if design.sides == 2:
        lower = -b
    elif design.futility_z is not None:
        lower = np.asarray(design.futility_z)
    else:
        lower = np.full(design.k, -Z_CAP)
    up, low = _crossings(drift, t, b, lower)
    if design.sides == 1 and design.futility_z is not None:
        low[-1] = 1.0 - up.sum() - low[:-1].sum()  # the last look: not rejecting ends the trial
    power = float(up.sum() + (low.sum() if design.sides == 2
                              and design.power_convention == "two_tailed" else 0.0))
    stops = up + low
    stops[-1] = 1.0 - stops[:-1].sum()
    fraction = float(np.dot(stops, t))
    events = result.extras.get("events")
    return OperatingPoint(
        effect=float(effect), drift=drift, power=power,
        stop_efficacy=tuple(float(x) for x in up),
        stop_futility=tuple(float(x) for x in low),
        expected_fraction=fraction,
        expected_n=result.n_total * fraction if result.n_per_arm else None,
        expected_events=events * fraction if isinstance(events, int | float) else None,
    )
