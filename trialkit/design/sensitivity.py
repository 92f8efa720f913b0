"""How the sample size and the planned trial's power move when the planning values are wrong.

One input varies at a time over a sensible range (the SD or CV, the baseline correlation, the
effect, and the evidence's confidence limits when the effect is a linked difference or ratio);
the sample size for each scenario comes from one vectorised ``trialkit.power.sample_size_grid``
call, and the power of the planned sample size from the procedure itself.

The effect varies by what its test has to rule out: for superiority its distance from no
effect, for non-inferiority its distance from the margin's null boundary, and for equivalence
its distance from the nearer margin (the true difference moved towards that margin, or to no
difference), each on the scale the test uses (the log scale for a ratio or odds ratio).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from trialkit.design.sizing import Sizing
from trialkit.errors import TrialkitError

SD_FACTORS = (0.75, 1.25, 1.5)
EFFECT_FACTORS = (0.75, 1.25)
R_SHIFTS = (-0.2, -0.1, 0.1)


@dataclass(frozen=True)
class Scenario:
    """One row: which input varies, its value, what is needed and the planned trial's power."""

    varies: str
    value: float
    note: str
    n_total: int
    n_total_enrolled: int
    power_planned: float


@dataclass(frozen=True)
class Sensitivity:
    """The scenarios around the planned design (the first row is the design itself)."""

    procedure: str
    scenarios: tuple[Scenario, ...]


def sensitivity(sizing: Sizing, estimate: Any = None, arms: float = 0) -> Sensitivity | None:
    """Scenarios around a computed design; None when the procedure cannot be gridded.

    ``arms`` (k > 2 arms sized by one two-arm comparison) counts the totals over the whole
    trial, arms / 2 times the comparison's (k for equal arms; 2:1:1 sized by a 1:1 pair: 4).
    A single-group exact test is left out: its grid would use the normal approximation,
    which disagrees with the exact design.
    """
    from trialkit import power
    from trialkit.power.catalogue import procedure
    from trialkit.power.grid import PREPARERS

    result, name = sizing.result, sizing.procedure
    if result is None or name not in PREPARERS or sizing.sequential is not None:
        return None
    if name == "one_proportion":
        return None
    proc = procedure(name)
    size = proc.size if proc is not None else None
    if proc is None or size is None or size.name not in ("n", "n_per_arm") \
            or not result.n_per_arm:
        return None  # events-driven and crossover designs: sized otherwise
    base = {k: v for k, v in sizing.kwargs.items() if k not in ("power", size.name)}
    target = result.inputs.get("power") or sizing.kwargs.get("power")
    if target is None:
        return None
    prepare = PREPARERS[name]
    rows = [("design", None, "as planned", base)]
    rows += [row for row in _variations(base, proc, estimate) if _possible(prepare, row[3])]
    numeric = _numeric({k: v for *_, inputs in rows for k, v in inputs.items()})
    try:
        grid = power.sample_size_grid(
            name, power=float(target),
            **{k: [float(v[k]) if k in v else _default(proc, k) for *_, v in rows]
               for k in numeric},
            **{k: v for k, v in base.items() if k not in numeric},
        )
    except (TrialkitError, TypeError, ValueError):
        return None
    planned = list(result.n_per_arm) if len(result.n_per_arm) > 1 else result.n_per_arm[0]
    scenarios = []
    for i, (varies, value, note, inputs) in enumerate(rows):
        try:
            achieved = getattr(power, name)(**inputs, **{size.name: planned}).power
        except (TrialkitError, TypeError, ValueError):
            achieved = math.nan
        scenarios.append(Scenario(
            varies, math.nan if value is None else float(value), note,
            _trial(int(grid.n_total[i]), arms), _trial(int(grid.n_total_enrolled[i]), arms),
            float(achieved),
        ))
    return Sensitivity(name, tuple(scenarios))


def _possible(prepare: Any, inputs: dict[str, Any]) -> bool:
    """Whether the procedure accepts a scenario (a varied rate still a rate, a CI limit still
    beyond the margin), so that one impossible scenario does not lose the whole table."""
    try:
        prepare(**inputs)
    except (TrialkitError, TypeError, ValueError):
        return False
    return True


def _trial(two_arm_total: int, arms: float) -> int:
    """A two-arm comparison's total counted over the trial, arms / 2 times it (0: as is)."""
    return math.ceil(two_arm_total * arms / 2 - 1e-9) if arms else two_arm_total


def _default(proc: Any, name: str) -> float:
    """The procedure's default for an input the plan left out (the true difference of an
    equivalence design, which a scenario varies)."""
    return float(next(p.default for p in proc.parameters if p.name == name))


def _numeric(inputs: dict[str, Any]) -> list[str]:
    return [k for k, v in inputs.items()
            if isinstance(v, int | float) and not isinstance(v, bool) and k != "sides"]


def _variations(base: dict[str, Any], proc: Any, estimate: Any) -> list[tuple[Any, ...]]:
    rows: list[tuple[Any, ...]] = []
    for key in ("sd", "cv"):
        if isinstance(base.get(key), int | float):
            rows += [(key, base[key] * f, f"{f:g} \u00d7 planned", {**base, key: base[key] * f})
                     for f in SD_FACTORS]
    r = base.get("baseline_correlation")
    if isinstance(r, int | float) and r > 0:
        for shift in R_SHIFTS:
            value = round(min(max(r + shift, 0.0), 0.95), 4)
            if value != r:
                rows.append(("baseline_correlation", value, f"{shift:+g}",
                             {**base, "baseline_correlation": value}))
    effect = next((p.name for p in proc.parameters
                   if p.role == "effect" and isinstance(base.get(p.name), int | float)), None)
    if proc.name == "equivalence_means" or base.get("equivalence") is True:
        return rows + _equivalence_rows(base, proc.name)
    if base.get("margin") and proc.name in ("two_means", "two_proportions"):
        rows += _non_inferiority_rows(base, proc.name)
    elif effect is not None:
        for factor in EFFECT_FACTORS:
            value = _scaled(base, effect, factor)
            rows.append((effect, value, f"{factor:g} \u00d7 planned effect", {**base, effect: value}))
    if effect is not None and estimate is not None and estimate.ci is not None:
        rows += _ci_rows(base, proc.name, effect, estimate)
    return rows


def _ci_rows(base: dict[str, Any], name: str, effect: str, estimate: Any) -> list[tuple[Any, ...]]:
    """The effect at the evidence's confidence limits, converted as the estimate itself was.

    Each limit goes through the evidence layer's conversion in place of the estimate (with
    the SD or CV the design used), so a ratio becomes the same kind of input as the estimate.
    """
    from trialkit.evidence.inputs import power_inputs

    rows: list[tuple[Any, ...]] = []
    supplied = {k: base[k] for k in ("sd", "cv") if k in base}
    for label, limit in (("lower", estimate.ci.lower), ("upper", estimate.ci.upper)):
        try:
            converted = dict(power_inputs(estimate.model_copy(update={"value": limit, "ci": None}),
                                          name, **supplied))
        except (TrialkitError, TypeError, ValueError, LookupError):
            continue
        value = converted.get(effect)
        if isinstance(value, int | float) and _valid_effect(effect, float(value)):
            note = _limit_note(f"the evidence's {estimate.ci.level:.0%} CI", label, limit,
                               float(value), estimate.value)
            rows.append((effect, float(value), note, {**base, effect: float(value)}))
    return rows


def _limit_note(ci: str, label: str, limit: float, value: float, estimate: float) -> str:
    """A limit's row note; a difference stated by its size is worded by nearness to no effect.

    When the conversion took the size of a negative limit (-0.02 sizes as 0.02), "upper" beside
    0.02 would mislead, so the note says which limit is nearer to no effect and the sign.
    """
    if limit < 0 < value and math.isclose(value, -limit):
        side = "nearer to" if abs(limit) < abs(estimate) else "farther from"
        return f"{ci} limit {side} no effect ({limit:g}, a reduction of {abs(limit):g})"
    return f"{ci} {label} limit ({limit:g})"


def _scaled(base: dict[str, Any], effect: str, factor: float) -> float:
    """The effect with its distance from 'no effect' scaled (log scale for a ratio)."""
    value = float(base[effect])
    if effect in ("mean_ratio", "hazard_ratio", "rate_ratio"):
        return math.exp(math.log(value) * factor)
    if effect == "p1" and isinstance(base.get("p2"), int | float):
        return float(base["p2"] + (value - base["p2"]) * factor)
    return value * factor


def _axis(base: dict[str, Any], name: str) -> tuple[str, Any, Any]:
    """The assumed true effect's keyword, and maps to the scale of the margin and back.

    Means: the difference itself. Proportions: p1 - p2, log(p1 / p2) or the log odds ratio,
    as ``scale`` says, with p2 held at the plan.
    """
    if name != "two_proportions":
        return "delta", float, float
    p2, scale = float(base["p2"]), base.get("scale", "difference")
    if scale == "ratio":
        return "p1", lambda p: math.log(p / p2), lambda x: p2 * math.exp(x)
    if scale == "odds_ratio":
        return "p1", lambda p: _logit(p) - _logit(p2), lambda x: 1.0 / (1.0 + math.exp(
            -_logit(p2) - x))
    return "p1", lambda p: p - p2, lambda x: p2 + x


def _logit(p: float) -> float:
    return math.log(p / (1.0 - p))


def _boundary(base: dict[str, Any]) -> float:
    """The non-inferiority null boundary on the test's scale (-margin for a difference, the
    log margin for a ratio or odds ratio); minus the equivalence half-width."""
    margin = float(base["margin"])
    return -margin if base.get("scale", "difference") == "difference" else math.log(margin)


def _non_inferiority_rows(base: dict[str, Any], name: str) -> list[tuple[Any, ...]]:
    """The true effect with its distance from the null boundary scaled by EFFECT_FACTORS."""
    key, to_scale, back = _axis(base, name)
    boundary, x = _boundary(base), to_scale(float(base[key]))
    rows: list[tuple[Any, ...]] = []
    for factor in EFFECT_FACTORS:
        value = back(boundary + (x - boundary) * factor)
        rows.append((key, value, f"{factor:g} \u00d7 planned distance from the margin",
                     {**base, key: value}))
    return rows


def _equivalence_rows(base: dict[str, Any], name: str) -> list[tuple[Any, ...]]:
    """The true effect moved towards the nearer equivalence margin (0.75 x its planned
    distance from it) and away from it (1.25 x, at most to no difference; when the plan
    already assumes no difference, 0.5 x instead)."""
    if not base.get("margin"):
        return []
    key, to_scale, back = _axis(base, name)
    half = -_boundary(base)
    x = to_scale(float(base.get(key, 0.0)))
    distance, towards = half - abs(x), math.copysign(1.0, x) if x else -1.0
    rows: list[tuple[Any, ...]] = []
    for factor in EFFECT_FACTORS:
        moved = distance * factor
        if moved > half:
            moved = half if x else distance * 0.5
        value = back(towards * (half - moved)) if moved < half else back(0.0)
        note = ("no true difference" if moved == half
                else f"{moved / distance:g} \u00d7 planned distance from the margin")
        rows.append((key, value, note, {**base, key: value}))
    return rows


def _valid_effect(effect: str, value: float) -> bool:
    """A limit that still is an effect (a ratio > 0 other than 1, a difference other than 0)."""
    return value > 0 and value != 1 if effect == "mean_ratio" else value != 0
