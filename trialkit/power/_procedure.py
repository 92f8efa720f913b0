"""The shared recipe of every continuous-n procedure: check, solve the one unknown, round, report."""

from __future__ import annotations

import dataclasses
import functools
import inspect
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ParamSpec

from trialkit.errors import InvalidParameter, NoSolution
from trialkit.power import _checks
from trialkit.power._solve import solve_increasing
from trialkit.power.result import Method, PowerResult, Unknown

N_LIMIT = float(_checks.N_MAX)
"""Largest sample size (per arm, or events) a solve may reach."""

PowerAt = Callable[[Any, Any, Any], Any]
"""power(n_treatment, n_control, effect), vectorised; for one group the first two are equal."""


@dataclass(frozen=True)
class EffectSearch:
    """How to search the effect: u in [lo, limit] maps to an effect with power rising in u."""

    to_effect: Callable[[float], float]
    lo: float
    hi: float
    limit: float


@dataclass(frozen=True)
class Design:
    """What a procedure hands to the solver."""

    procedure: str
    method: Method
    groups: int
    power_at: PowerAt
    effect_name: str
    effect_search: EffectSearch
    min_n: float
    size_name: str = "n_per_arm"
    arm_labels: tuple[str, ...] = ("treatment", "control")
    n_guess: Callable[[float, float], float] | None = None
    """(effect, power) -> a normal-approximation n a little below the exact one, to start from."""
    min_total: float = 0.0
    """Fewest participants in both arms together (a t-test needs df >= 1 or 2)."""


def resolve_sizes(
    value: Any, ratio: float, groups: int, min_n: float, size_name: str, min_total: float = 0.0
) -> tuple[int, ...]:
    """Turn a user's n (int, or a (treatment, control) pair) into whole arm sizes.

    A pair is checked arm by arm (each at least 2, or ``min_n`` for one group) and in total
    (``min_total``), whatever ``ratio`` says: the pair itself fixes the allocation.
    """
    if groups == 1:
        return (_checks.sample_size(size_name, value, math.ceil(min_n)),)
    per_arm = min(math.ceil(min_n), 2)
    if isinstance(value, tuple | list):
        if len(value) != 2:
            raise InvalidParameter(size_name, value, "must be one number or a (treatment, control) pair")
        sizes = (
            _checks.sample_size(size_name, value[0], per_arm),
            _checks.sample_size(size_name, value[1], per_arm),
        )
        if sum(sizes) < min_total:
            raise InvalidParameter(
                size_name, value, f"must have at least {math.ceil(min_total)} participants in total"
            )
        return sizes
    n = _checks.sample_size(size_name, value, max(per_arm, math.ceil(min_total / 2.0)))
    if ratio != 1.0:
        raise InvalidParameter(
            size_name, value, "must be a (treatment, control) pair when {ratio} is not 1"
        )
    return (n, n)


def _size_words(design: Design) -> str:
    """What the sample size counts, in words: 'participants per arm', 'events'."""
    return {
        "n_per_arm": "participants per arm", "n": "participants", "events": "events",
        "n_per_sequence": "participants per sequence",
    }.get(design.size_name, design.size_name)


def round_sizes(n_control: float, ratio: float, groups: int) -> tuple[int, ...]:
    """Round a continuous solution up; the treatment arm keeps the allocation ratio."""
    n_c = math.ceil(n_control - 1e-9)
    if groups == 1:
        return (n_c,)
    n_t = ratio * n_c
    if not n_t <= N_LIMIT:
        raise NoSolution(
            f"with {{ratio}} = {ratio:g}, the treatment arm would need more than {_checks.N_MAX:,} "
            "participants, the most trialkit computes; choose an allocation ratio nearer 1"
        )
    return (math.ceil(n_t - 1e-9), n_c)


@dataclass(frozen=True)
class Prepared:
    """A procedure's validated inputs: its design, the effect (None when solved) and the text."""

    design: Design
    effect: float | None
    ratio: float
    alpha: float
    dropout: float
    inputs: dict[str, Any]
    describe: Callable[[PowerResult], str]
    extras: Callable[[tuple[int, ...], float], dict[str, Any]] | None = None
    size: Any = None
    """The sample size as given (``Design.size_name``), None when it is solved for."""
    power: float | None = None
    """The power as given, None when it is solved for."""


P = ParamSpec("P")


def solved(prepare: Callable[P, Prepared]) -> Callable[P, PowerResult]:
    """The public procedure of ``prepare``: its keywords (the sample size and power among
    them) and its docstring, solving for whichever of power, size and effect is None."""

    @functools.wraps(prepare)
    def procedure(*args: P.args, **kwargs: P.kwargs) -> PowerResult:
        prepared = prepare(*args, **kwargs)
        return run(prepared, n_per_arm=prepared.size, power=prepared.power)

    name = prepare.__name__.removeprefix("prepare_")
    procedure.__name__ = procedure.__qualname__ = name
    procedure.__signature__ = inspect.signature(prepare).replace(  # type: ignore[attr-defined]
        return_annotation="PowerResult"
    )
    return procedure


def run(prepared: Prepared, *, n_per_arm: Any, power: float | None) -> PowerResult:
    """Solve for whichever of power, sample size and effect is None, and build the result."""
    design, effect, ratio, alpha = prepared.design, prepared.effect, prepared.ratio, prepared.alpha
    inputs = prepared.inputs
    unknown_name = _checks.exactly_one_unknown(
        **{"power": power, design.size_name: n_per_arm, design.effect_name: effect}
    )
    unknown: Unknown = (
        "power" if unknown_name == "power" else "n" if unknown_name == design.size_name else "effect"
    )
    if power is not None:
        power = _checks.power(power, alpha)

    def power_for(sizes: tuple[int, ...], eff: float) -> float:
        value = float(design.power_at(float(sizes[0]), float(sizes[-1]), eff))
        if math.isnan(value):
            raise NoSolution(f"the power could not be evaluated at n = {sizes}")
        return value

    if unknown == "power":
        assert effect is not None
        sizes = resolve_sizes(n_per_arm, ratio, design.groups, design.min_n, design.size_name,
                              design.min_total)
        solution = achieved = power_for(sizes, effect)
    elif unknown == "n":
        assert effect is not None and power is not None

        def f(n_c: float) -> float:
            return float(design.power_at(ratio * n_c if design.groups == 2 else n_c, n_c, effect))

        guess = design.n_guess(effect, power) if design.n_guess else None
        try:
            solution = solve_increasing(
                f, power, design.min_n, max(design.min_n * 4, 16.0), limit=N_LIMIT,
                what="the sample size", guess=guess,
            )
        except NoSolution:
            raise NoSolution(
                f"{power:.10g} power for {{{design.effect_name}}} = {effect:g} would need more than "
                f"{_checks.N_MAX:,} {_size_words(design)}, the most trialkit computes; a larger "
                "effect, a higher alpha or a lower power is needed"
            ) from None
        sizes = round_sizes(solution, ratio, design.groups)
        achieved = power_for(sizes, effect)
    else:
        assert power is not None
        sizes = resolve_sizes(n_per_arm, ratio, design.groups, design.min_n, design.size_name,
                              design.min_total)
        search = design.effect_search

        def g(u: float) -> float:
            return power_for(sizes, search.to_effect(u))

        try:
            u = solve_increasing(g, power, search.lo, search.hi, limit=search.limit,
                                 what="the effect")
        except NoSolution:
            given = sizes[0] if len(sizes) == 1 else sizes
            raise NoSolution(
                f"with {{{design.size_name}}} = {given}, no {{{design.effect_name}}} reaches "
                f"{power:.10g} power: it would have to lie beyond "
                f"{search.to_effect(search.limit):.4g}; more {_size_words(design)} are needed"
            ) from None
        solution = effect = search.to_effect(u)
        achieved = power_for(sizes, effect)
        inputs = {**inputs, design.effect_name: effect}
    if len(sizes) == 2:
        inputs = {**inputs, "ratio": sizes[0] / sizes[1] if unknown != "n" else ratio}
    result = PowerResult(
        procedure=design.procedure,
        solved_for=unknown,
        inputs={**inputs, "power": power, "alpha": alpha},
        n_per_arm=sizes,
        solution=float(solution),
        power=achieved,
        method=design.method,
        justification="",
        dropout=prepared.dropout,
        extras=prepared.extras(sizes, effect) if prepared.extras else {},
        arms=design.arm_labels,
    )
    return dataclasses.replace(result, justification=prepared.describe(result))
