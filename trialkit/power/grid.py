"""Sample sizes for many scenarios at once: one vectorised solve over numpy arrays.

For sensitivity grids and simulation studies: every numeric input may be an array (they
broadcast), and the whole grid is solved together. Each scenario is first checked by the
procedure's own validation, so the grid refuses exactly what the scalar procedure refuses,
and each element equals the scalar procedure's answer. Choices (method, approximation,
power_convention, test) are one value for the whole grid.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy import special

from trialkit.errors import InvalidParameter, NoSolution
from trialkit.power import _checks
from trialkit.power._procedure import N_LIMIT, Prepared, run
from trialkit.power._solve import solve_increasing_array
from trialkit.power.equivalence import prepare_crossover, prepare_equivalence_means
from trialkit.power.lognormal import prepare_ratio_of_means
from trialkit.power.means import (
    prepare_one_mean,
    prepare_two_means,
    t_power,
    two_sample_power,
    z_power,
)
from trialkit.power.proportions import prepare_two_proportions, two_proportions_power
from trialkit.power.proportions import z_power as z_power_p
from trialkit.power.result import enrolled_for
from trialkit.power.single_arm import prepare_one_proportion_normal
from trialkit.power.survival import logrank_power, prepare_logrank

PREPARERS: dict[str, Callable[..., Prepared]] = {
    "two_means": prepare_two_means,
    "one_mean": prepare_one_mean,
    "ratio_of_means": prepare_ratio_of_means,
    "two_proportions": prepare_two_proportions,
    "one_proportion": prepare_one_proportion_normal,
    "logrank": prepare_logrank,
    "equivalence_means": prepare_equivalence_means,
    "crossover": prepare_crossover,
}
"""The closed-form procedures a grid can size (one_proportion by its normal approximation)."""

_CHOICES = ("method", "approximation", "power_convention", "test", "continuity", "exact",
            "sd_source", "cv_source", "scale", "equivalence")


@dataclass(frozen=True)
class SampleSizeGrid:
    """Per-scenario sample sizes: unrounded, rounded per arm, enrolment and the power achieved."""

    procedure: str
    n_unrounded: np.ndarray
    n_per_arm: np.ndarray
    """Rounded up; for two groups, the control arm (treatment = ceil(ratio * control))."""
    power: np.ndarray
    n_treatment: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.int64))
    """The treatment arm (two groups); equal to n_per_arm for one group or events."""
    n_total: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.int64))
    n_total_enrolled: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.int64))
    """Participants to enrol, all arms, allowing for each scenario's dropout."""
    inputs: dict[str, Any] = field(default_factory=dict)
    """Every input, broadcast to the grid's shape."""

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dictionary: the inputs and outputs as lists, one entry per scenario."""
        def listed(a: Any) -> Any:
            return a.tolist() if isinstance(a, np.ndarray) else a

        return {
            "procedure": self.procedure,
            "inputs": {k: listed(v) for k, v in self.inputs.items()},
            "n_unrounded": listed(self.n_unrounded), "n_per_arm": listed(self.n_per_arm),
            "n_treatment": listed(self.n_treatment), "n_total": listed(self.n_total),
            "n_total_enrolled": listed(self.n_total_enrolled), "power": listed(self.power),
        }


def sample_size_grid(procedure: str, *, power: Any, **inputs: Any) -> SampleSizeGrid:
    """Solve the sample size of ``procedure`` per scenario (any closed-form procedure).

    Takes the procedure's own keywords (effect, variability, alpha, sides, ratio, dropout,
    ...); numeric ones may be arrays. ``one_proportion`` uses the normal approximation.
    """
    if procedure not in PREPARERS:
        raise InvalidParameter("procedure", procedure, f"must be one of {', '.join(PREPARERS)}")
    if procedure == "one_proportion" and inputs.pop("exact", False):
        raise InvalidParameter("exact", True, "a grid sizes one_proportion by the normal "
                               "approximation only (exact=False)")
    choices = {k: inputs.pop(k) for k in list(inputs) if k in _CHOICES}
    for name, value in choices.items():
        if isinstance(value, np.ndarray | list | tuple):
            raise InvalidParameter(name, value, "must be one value for the whole grid")
    arrays = {"power": power, **inputs}
    try:
        broadcast = np.broadcast_arrays(*(np.asarray(v, dtype=float) for v in arrays.values()))
    except (TypeError, ValueError):
        raise InvalidParameter("inputs", sorted(arrays), "must be numbers or arrays of numbers "
                               "of shapes that broadcast together") from None
    q = {name: np.atleast_1d(a).ravel() for name, a in zip(arrays, broadcast, strict=True)}
    size = q["power"].size
    prepared = [_prepare(procedure, {k: v[i] for k, v in q.items()}, choices)
                for i in range(size)]
    power_at = _power_function(procedure, prepared)
    if procedure in ("equivalence_means", "crossover"):  # TOST integrates per scenario
        n = np.array([run(p, n_per_arm=None, power=float(q["power"][i])).solution
                      for i, p in enumerate(prepared)])
    else:
        n = _solve(power_at, q["power"], np.array([p.design.min_n for p in prepared]))
    ratio = np.array([p.ratio for p in prepared])
    groups = np.array([p.design.groups for p in prepared])
    n_control = np.ceil(n - 1e-9)
    n_treat = np.where(groups == 2, np.ceil(ratio * n_control - 1e-9), n_control)
    too_big = ~(n_treat <= N_LIMIT)
    if too_big.any():
        first = int(np.argmax(too_big))
        raise NoSolution(
            f"scenario {first + 1}: with {{ratio}} = {ratio[first]:g}, the treatment arm would need "
            f"more than {int(N_LIMIT):,} participants, the most trialkit computes"
        )
    achieved = power_at(n_control, n_treat, np.arange(size))
    total = np.where(groups == 2, n_treat + n_control, n_control)
    enrolled = np.array([
        sum(enrolled_for(int(a), p.dropout) for a in ((t, c) if p.design.groups == 2 else (c,)))
        for p, t, c in zip(prepared, n_treat, n_control, strict=True)])
    shape = broadcast[0].shape or (1,)
    return SampleSizeGrid(
        procedure, n.reshape(shape), n_control.astype(np.int64).reshape(shape),
        achieved.reshape(shape), n_treat.astype(np.int64).reshape(shape),
        total.astype(np.int64).reshape(shape), enrolled.astype(np.int64).reshape(shape),
        {**{k: v.reshape(shape) for k, v in q.items()}, **choices},
    )


def _prepare(procedure: str, scenario: dict[str, Any], choices: dict[str, Any]) -> Prepared:
    """One scenario checked by the procedure itself (whole numbers where it wants them)."""
    values = {k: (int(v) if k == "sides" and float(v).is_integer() else float(v))
              for k, v in scenario.items() if k != "power"}
    try:
        prepared = PREPARERS[procedure](**values, **choices)
    except TypeError as exc:  # a keyword the procedure does not take
        raise InvalidParameter("inputs", sorted(values), f"are not all inputs of {procedure}: "
                               f"{exc}") from None
    _checks.power(scenario["power"], prepared.alpha)
    if prepared.effect is None:
        name = prepared.design.effect_name
        raise InvalidParameter(name, None, "must be given in every scenario of a grid")
    return prepared


SECANT_STEPS = 6
PowerOf = Callable[[np.ndarray, np.ndarray | None, np.ndarray], np.ndarray]
"""power(n_control, n_treatment or None for ratio * n_control, scenario indices)."""


def _solve(power: PowerOf, target: np.ndarray, min_n: np.ndarray) -> np.ndarray:
    """Secant steps on sqrt(n) against the normal score of the power; bracketing where they fail.

    On that scale power is nearly linear (the normal approximation makes it exactly so), so a
    few steps converge; each step evaluates only the scenarios still moving. Elements not
    settled to 1e-10 (or at the smallest size) are solved by the bracketing solver, so the
    fast path only saves time.
    """
    goal = special.ndtri(target)

    def score(u: np.ndarray, rows: np.ndarray) -> np.ndarray:
        return special.ndtri(power(np.maximum(u * u, min_n[rows]), None, rows)) - goal[rows]

    everything = np.arange(target.size)
    with np.errstate(all="ignore"):
        u_prev, u = np.full(target.size, 4.0), np.full(target.size, 8.0)
        h_prev, h = score(u_prev, everything), score(u, everything)
        active, done = everything, np.zeros(target.size, dtype=bool)
        for _ in range(SECANT_STEPS):
            step = h[active] * (u[active] - u_prev[active]) / (h[active] - h_prev[active])
            step = np.where(np.isfinite(step), step, 0.0)
            u_prev[active], h_prev[active] = u[active], h[active]
            u[active] = np.clip(u[active] - step, 1.0, 1e4)
            h[active] = score(u[active], active)
            settled = (np.abs(u[active] - u_prev[active]) <= 1e-10 * u[active]) & (
                np.abs(h[active]) < 1e-3)
            done[active] = settled
            active = active[~settled]
            if not active.size:
                break
    n = u * u
    done &= np.isfinite(n) & (n > min_n) & (n < N_LIMIT)
    rest = np.flatnonzero(~done)
    if rest.size:
        n[rest] = solve_increasing_array(
            lambda m: power(m, None, rest), target[rest], min_n[rest],
            np.maximum(4.0 * min_n[rest], 16.0), limit=N_LIMIT, what="the sample size")
    return n


def _power_function(procedure: str, prepared: list[Prepared]) -> PowerOf:
    """Every scenario's power as one function, one vectorised call per group of alike ones."""
    ratio = np.array([p.ratio if p.design.groups == 2 else 1.0 for p in prepared])
    members: dict[Any, list[int]] = {}
    for i, p in enumerate(prepared):
        members.setdefault(_group_key(p), []).append(i)
    group_of = np.empty(len(prepared), dtype=np.int64)
    place = np.empty(len(prepared), dtype=np.int64)
    evaluators = []
    for g, rows in enumerate(members.values()):
        group_of[rows], place[rows] = g, np.arange(len(rows))
        evaluators.append(_vector_power(procedure, [prepared[i] for i in rows]))

    def power_at(n_c: np.ndarray, n_t: np.ndarray | None, rows: np.ndarray) -> np.ndarray:
        treated = ratio[rows] * n_c if n_t is None else n_t
        out = np.empty(rows.size)
        for g in np.unique(group_of[rows]):
            mine = group_of[rows] == g
            out[mine] = evaluators[g](treated[mine], n_c[mine], place[rows[mine]])
        return out

    return power_at


def _group_key(p: Prepared) -> tuple[Any, ...]:
    """Scenarios with the same sides and choices share one vectorised power call."""
    inputs = p.inputs
    return (*((k, inputs.get(k)) for k in ("sides", "method", "continuity", "approximation",
                                           "power_convention")), bool(inputs.get("margin")))


def _vector_power(procedure: str, group: list[Prepared]) -> Callable[..., np.ndarray]:
    """power(n_treatment, n_control, which) for the scenarios ``which`` of one group."""
    first = group[0].inputs

    def col(name: str) -> np.ndarray:
        return np.array([p.inputs[name] or 0.0 for p in group], dtype=float)

    alpha = np.array([p.alpha for p in group])
    sides = int(first["sides"])
    directional = first.get("power_convention") == "directional"
    normal = first.get("approximation") == "normal"
    if procedure == "two_means":
        margin, r = col("margin"), col("baseline_correlation")
        if first["margin"]:  # non-inferiority: one-sided at alpha (or alpha / 2)
            shift, t_alpha, t_sides = col("delta") + margin, alpha / sides, 1
        else:
            shift, t_alpha, t_sides = np.abs(col("delta")), alpha, sides
        sd_resid, covariates = col("sd") * np.sqrt(1.0 - r * r), (r != 0.0).astype(float)
        return lambda n_t, n_c, w: two_sample_power(
            n_t, n_c, shift[w], sd_resid[w], t_alpha[w], t_sides, covariates[w], normal,
            directional)
    if procedure == "one_mean":
        d_sd = np.abs(col("delta")) / col("sd")
        return lambda n, _n, w: (
            z_power(d_sd[w] * np.sqrt(n), alpha[w], sides, directional) if normal
            else t_power(n - 1.0, d_sd[w] * np.sqrt(n), alpha[w], sides, directional))
    if procedure == "ratio_of_means":
        shift, sd_log = np.abs(np.log(col("mean_ratio"))), col("sd_log")
        return lambda n_t, n_c, w: two_sample_power(n_t, n_c, shift[w], sd_log[w], alpha[w],
                                                    sides, directional=directional)
    if procedure == "two_proportions" and first["method"] in ("pooled", "unpooled", "arcsine"):
        p1, p2 = col("p1"), col("p2")
        return lambda n_t, n_c, w: two_proportions_power(
            n_t, n_c, p1[w], p2[w], alpha[w], sides, first["method"], first["continuity"],
            directional)
    if procedure == "logrank":
        hr, k = col("hazard_ratio"), col("ratio")
        return lambda e, _e, w: logrank_power(e, hr[w], alpha[w], sides, k[w], first["method"],
                                              directional)
    if procedure == "one_proportion":
        p0, p1 = col("p0"), col("p1")
        spread0, spread1 = np.sqrt(p0 * (1 - p0)), np.sqrt(p1 * (1 - p1))
        return lambda n, _n, w: z_power_p(np.abs(p1[w] - p0[w]), spread0[w] / np.sqrt(n),
                                          spread1[w] / np.sqrt(n), alpha[w], sides,
                                          directional=directional)

    def one_by_one(n_t: np.ndarray, n_c: np.ndarray, which: np.ndarray) -> np.ndarray:
        return np.array([float(group[i].design.power_at(float(t), float(c), group[i].effect))
                         for i, t, c in zip(which, n_t, n_c, strict=True)])

    return one_by_one
