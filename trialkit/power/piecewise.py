"""Piecewise-exponential survival for the log-rank test: event probabilities and calendar time.

The control hazard is ``control_hazards[j]`` from ``hazard_breaks[j]`` to the next break
(the last one forever), as rpact's piecewiseSurvivalTime and lambda2; the treatment hazard is
the hazard ratio times it (proportional hazards). Loss to follow-up is exponential with
hazard eta. A participant followed for tau has had an event with probability

    D(tau) = sum_j lambda_j / (lambda_j + eta) exp(-Lambda(s_j) - eta s_j)
             (1 - exp(-(lambda_j + eta) (min(tau, s_(j+1)) - s_j)^+)),

the competing-risks cumulative incidence (Lachin & Foulkes (1986) Biometrics 42:507-519,
piece by piece). With uniform accrual over [0, A], the expected share of the N participants
with an event by calendar time T is (1/A) integral_0^min(T, A) D(T - u) du.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from scipy import integrate, optimize

from trialkit.errors import InvalidParameter, NoSolution
from trialkit.power._text import num


@dataclass(frozen=True)
class Piecewise:
    """Control hazards by interval: starts[0] = 0 < starts[1] < ...; hazards[j] from starts[j]."""

    starts: tuple[float, ...]
    hazards: tuple[float, ...]

    def scaled(self, ratio: float) -> Piecewise:
        """The same intervals with every hazard multiplied (the treatment arm's hazards)."""
        return Piecewise(self.starts, tuple(h * ratio for h in self.hazards))

    def incidence(self, tau: float, loss: float) -> float:
        """D(tau): probability of an observed event within tau of follow-up."""
        if tau <= 0.0:
            return 0.0
        total, survived = 0.0, 0.0  # survived: -log P(no event, not lost) at the start
        ends = (*self.starts[1:], math.inf)
        for start, end, lam in zip(self.starts, ends, self.hazards, strict=True):
            if tau <= start:
                break
            rate = lam + loss
            width = min(tau, end) - start
            if rate > 0.0:
                total += lam / rate * math.exp(-survived) * -math.expm1(-rate * width)
            survived += rate * (end - start) if math.isfinite(end) else 0.0
        return total

    def share_with_event(self, time: float, accrual: float, loss: float) -> float:
        """Expected share of all N participants with an event by calendar ``time``."""
        if time <= 0.0:
            return 0.0
        if accrual == 0.0:
            return self.incidence(time, loss)
        enrolled = min(time, accrual)
        kinks = [time - s for s in self.starts[1:] if 0.0 < time - s < enrolled]
        value, _ = integrate.quad(lambda u: self.incidence(time - u, loss), 0.0, enrolled,
                                  points=kinks or None, limit=200, epsabs=1e-13, epsrel=1e-11)
        return value / accrual


def piecewise_hazards(breaks: Any, hazards: Any) -> Piecewise:
    """Validated intervals: breaks start at 0 and rise; one hazard (>= 0, some > 0) per break."""
    try:
        starts = [float(b) for b in breaks]
    except (TypeError, ValueError):
        raise InvalidParameter("hazard_breaks", breaks, "must be a list of times starting at 0, "
                               "e.g. [0, 6, 12]") from None
    if not starts or starts[0] != 0.0 or any(b <= a for a, b in itertools.pairwise(starts)) \
            or not all(math.isfinite(s) for s in starts):
        raise InvalidParameter("hazard_breaks", breaks, "must start at 0 and rise, e.g. [0, 6, 12]")
    try:
        rates = [float(h) for h in hazards]
    except (TypeError, ValueError):
        raise InvalidParameter("control_hazards", hazards, "must be a list of hazards, one per "
                               "interval") from None
    if len(rates) != len(starts):
        raise InvalidParameter("control_hazards", hazards, f"must give one hazard per interval "
                               f"({len(starts)}, as {{hazard_breaks}})")
    if not all(math.isfinite(h) and h >= 0.0 for h in rates) or rates[-1] <= 0.0:
        raise InvalidParameter("control_hazards", hazards, "must each be at least 0 (events per "
                               "time unit), the last greater than 0 so that every participant can "
                               "have an event")
    return Piecewise(tuple(starts), tuple(rates))


def calendar_time(target: float, n_t: int, n_c: int, control: Piecewise, hazard_ratio: float,
                  accrual: float, loss: float, horizon: float) -> float:
    """The calendar time at which ``target`` events are expected (within the horizon)."""
    treated = control.scaled(hazard_ratio)

    def events(t: float) -> float:
        return (n_c * control.share_with_event(t, accrual, loss)
                + n_t * treated.share_with_event(t, accrual, loss))

    if events(horizon) < target * (1 - 1e-9):
        raise NoSolution(f"{target:.4g} events are not expected by the end of the study "
                         f"({num(horizon)}); lengthen the follow-up")
    return float(optimize.brentq(lambda t: events(t) - target, 0.0, horizon, xtol=1e-10))


def interims(fractions: Sequence[float], events: float, n_t: int, n_c: int, control: Piecewise,
             hazard_ratio: float, accrual: float, loss: float, horizon: float
             ) -> list[dict[str, float]]:
    """For each information fraction: the events expected then and the calendar time."""
    return [{"fraction": f, "events": f * events,
             "time": calendar_time(f * events, n_t, n_c, control, hazard_ratio, accrual, loss,
                                   horizon)}
            for f in fractions]


def checked_fractions(value: Any) -> tuple[float, ...]:
    """Information fractions of the interim looks: rising, each in (0, 1)."""
    try:
        fractions = tuple(float(f) for f in value)
    except (TypeError, ValueError):
        raise InvalidParameter("interim_fractions", value, "must be a list of fractions of the "
                               "events, e.g. [0.5, 0.75]") from None
    if not fractions or any(not 0.0 < f < 1.0 for f in fractions) or \
            any(b <= a for a, b in itertools.pairwise(fractions)):
        raise InvalidParameter("interim_fractions", value, "must rise and each be between 0 and 1, "
                               "e.g. [0.5, 0.75]")
    return fractions


def hazards_words(control: Piecewise, unit: str) -> str:
    """'piecewise-exponential survival with control-arm hazards of 0.05 per month from 0 to 6
    months; 0.03 per month after 6 months'."""
    per = f" per {unit[:-1] if unit.endswith('s') else unit}" if unit else " per time unit"
    u = f" {unit}" if unit else ""
    parts = []
    ends = (*control.starts[1:], math.inf)
    for start, end, lam in zip(control.starts, ends, control.hazards, strict=True):
        if len(control.starts) == 1:
            span = "throughout"
        elif math.isfinite(end):
            span = f"from {num(start)} to {num(end)}{u}"
        else:
            span = f"after {num(start)}{u}"
        parts.append(f"{num(lam)}{per} {span}")
    return "piecewise-exponential survival with control-arm hazards of " + "; ".join(parts)


def interims_words(rows: list[dict[str, float]], unit: str) -> str:
    """' The interim analyses are expected after 120 events (50%) at 18.2 months, ...'."""
    if not rows:
        return ""
    u = f" {unit}" if unit else ""
    looks = ", ".join(f"{math.ceil(row['events'] - 1e-9)} events ({100 * row['fraction']:.4g}%) at "
                      f"{num(row['time'], 3)}{u}" for row in rows)
    return f" Interim analyses are expected after {looks}."

