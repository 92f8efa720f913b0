"""Monte Carlo power: simulate many trials, analyse each, count rejections (seeded, vectorised).

Each simulator draws whole batches of trials as numpy arrays and applies the same test the
analytic procedure assumes, so ``simulate("two_means", ...)`` checks ``two_means(...)``.
``ancova_log`` covers a design without a closed form: a log-normal outcome such as the
2-h mixed-meal C-peptide AUC analysed by ANCOVA of log(x + 1) adjusted for baseline
(the TrialNet convention of Lachin et al. 2011 PLoS ONE 6:e26471).
"""

from __future__ import annotations

import concurrent.futures
import dataclasses
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import numpy as np
from scipy.special import ndtri

from trialkit.errors import InvalidParameter, NoSolution
from trialkit.power import _checks, parallel
from trialkit.power._text import num, pct
from trialkit.power._vocabulary import mean_ratio_and_allocation
from trialkit.power.ancova_log1p import outcome_cv
from trialkit.power.result import Method
from trialkit.power.simulators import SIMULATORS, Simulator

BATCH_VALUES = 2_000_000
MAX_SIMS = 10_000_000


@dataclass(frozen=True, repr=False)
class SimulationResult:
    """Simulated power with its Monte Carlo standard error."""

    procedure: str
    inputs: Mapping[str, Any]
    n_sims: int
    seed: int
    rejections: int
    method: Method
    justification: str = ""
    description: str = field(default="", compare=False)
    target_power: float | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "inputs", MappingProxyType(dict(self.inputs)))

    @property
    def power(self) -> float:
        """Fraction of simulated trials that rejected the null hypothesis."""
        return self.rejections / self.n_sims

    @property
    def mc_se(self) -> float:
        """Monte Carlo standard error of the simulated power, sqrt(p (1 - p) / n_sims)."""
        p = self.power
        return math.sqrt(max(p * (1.0 - p), 0.25 / self.n_sims) / self.n_sims)

    def interval(self, level: float = 0.95) -> tuple[float, float]:
        """Normal-approximation Monte Carlo confidence interval of the power."""
        z = float(ndtri(0.5 + _checks.open_unit("level", level) / 2.0))
        return (max(0.0, self.power - z * self.mc_se), min(1.0, self.power + z * self.mc_se))

    def summary_rows(self) -> list[tuple[str, str]]:
        """(label, value) rows for a printed table, in the catalogue's words as a PowerResult's:
        the procedure and each input by its label, choices in words."""
        from trialkit.power import catalogue
        from trialkit.power.result import _input_words

        proc = catalogue.procedure(CATALOGUED_AS.get(self.procedure, self.procedure))
        lo, hi = self.interval()
        rows = [
            ("Procedure", proc.label if proc is not None else f"simulate {self.procedure}"),
            ("Simulated power", f"{self.power:.4f}"),
            *([("Target power", f"{self.target_power:g}")] if self.target_power else []),
            ("Monte Carlo SE", f"{self.mc_se:.4f}"),
            ("95% interval", f"{lo:.4f} to {hi:.4f}"),
            (catalogue.label(None, "n_sims"), str(self.n_sims)),
            (catalogue.label(None, "seed"), str(self.seed)),
        ]
        one_sided = self.inputs.get("sides") == 1
        for key, value in self.inputs.items():
            if one_sided and key == "power_convention":
                continue
            param = (proc.parameter(key) if proc is not None else None) or next(
                (found for p in catalogue.CATALOGUE if (found := p.parameter(key))), None)
            label = param.label if param is not None else catalogue.label(None, key)
            rows.append((label, _input_words(param, value)))
        rows.append(("Method (reference)", str(self.method)))
        return rows

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dictionary."""
        return {
            "procedure": self.procedure, "inputs": dict(self.inputs), "n_sims": self.n_sims,
            "seed": self.seed, "rejections": self.rejections, "power": self.power,
            "mc_se": self.mc_se, "method": {"name": self.method.name,
                                            "reference": self.method.reference},
            "justification": self.justification,
        }

    def __repr__(self) -> str:
        return (
            f"<SimulationResult {self.procedure}: power = {self.power:.4f} "
            f"(MC SE {self.mc_se:.4f}), {self.n_sims} simulated trials, seed {self.seed}>"
        )


_SIZE_KEYS = ("n_per_arm", "n", "n_per_sequence")

CATALOGUED_AS = {"ancova_log": "ancova_log_power"}
"""A simulator whose inputs the catalogue describes under another procedure's name (the others
share their analytic procedure's name)."""


def _values_per_trial(inputs: Mapping[str, Any]) -> int:
    """Participants in one simulated trial; refuses trials too large to hold in memory."""
    for key in _SIZE_KEYS:
        value = inputs.get(key)
        sizes = value if isinstance(value, tuple | list) else (value, value)
        try:
            count = sum(float(v) for v in sizes)
        except (TypeError, ValueError):
            return 1  # not a number: the simulator's own check names it
        if not math.isfinite(count):
            return 1
        if count > BATCH_VALUES:
            raise InvalidParameter(
                key, value, f"must be at most {BATCH_VALUES // 2:,} per arm to simulate (each "
                "simulated trial is held in memory); larger trials need the analytic procedure",
            )
        return max(1, int(count))
    return 1


def simulate(
    procedure: str | Simulator,
    *,
    n_sims: int = 10_000,
    seed: int,
    executor: concurrent.futures.Executor | None = None,
    tasks: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    **inputs: Any,
) -> SimulationResult:
    """Monte Carlo power of a design: simulate ``n_sims`` trials with ``seed`` and test each.

    ``procedure`` names a simulator (two_means, one_mean, ratio_of_means, two_proportions,
    equivalence_means, crossover, ancova_log) taking the same keyword inputs as the analytic
    procedure with the sample size given, or is a callable
    ``f(rng, n_sims, **inputs) -> boolean array`` of rejections.

    ``executor`` (any ``concurrent.futures.Executor``: a process pool, a dask.distributed
    ``Client.get_executor()``, Ray's) runs the chunks of trials in ``tasks`` tasks (default
    one per chunk of 10,000 trials); each chunk has its own child of the seed, so the answer
    is the same for the same seed whatever runs it and however it is split.
    ``progress(done, n_sims)`` is called as chunks finish. A two-sided test counts rejections
    in either direction unless ``power_convention="directional"``, which counts only those in
    the effect's direction.
    """
    if isinstance(procedure, str):
        if procedure not in SIMULATORS:
            raise InvalidParameter("procedure", procedure, f"must be one of {', '.join(SIMULATORS)}"
                                   " or a callable")
        simulator, description = SIMULATORS[procedure]
        name = procedure
        inputs = _convention(name, inputs)
    elif callable(procedure):
        simulator, description = procedure, "a user-supplied simulation"
        name = getattr(procedure, "__name__", "custom")
    else:
        raise InvalidParameter("procedure", procedure, "must be a simulator name or a callable")
    if isinstance(n_sims, bool) or not isinstance(n_sims, int) or not 1 <= n_sims <= MAX_SIMS:
        raise InvalidParameter("n_sims", n_sims, f"must be a whole number from 1 to {MAX_SIMS}")
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise InvalidParameter("seed", seed, "must be a whole number of at least 0")
    batch = max(1, min(n_sims, BATCH_VALUES // _values_per_trial(inputs)))
    if executor is not None:
        # Bad inputs are named here, before any worker sees them.
        simulator(np.random.default_rng(seed), 1, **inputs)
    rejections = parallel.run(simulator, inputs, name=name, n_sims=n_sims, seed=seed,
                              batch=batch, executor=executor, tasks=tasks, progress=progress)
    method = Method(
        f"Monte Carlo simulation of {description}",
        "Landau & Stahl (2013) Stat Methods Med Res 22:324-345",
    )
    result = SimulationResult(
        procedure=name, inputs=inputs, n_sims=n_sims, seed=seed, rejections=rejections,
        method=method, description=description,
    )
    return dataclasses.replace(result, justification=_describe(result))


def _convention(name: str, inputs: dict[str, Any]) -> dict[str, Any]:
    """The inputs with ``power_convention`` checked; dropped for the equivalence (TOST)
    simulator, whose two one-sided tests have no single direction to count."""
    inputs = dict(inputs)
    convention = _checks.power_convention(inputs.pop("power_convention", "two_tailed"))
    if name != "equivalence_means":
        inputs["power_convention"] = convention
    return inputs


SIMULATION_BUDGET = 2e7
"""Most simulated observations per arm (n_sims x n) a sample-size search may reach."""


def simulated_sample_size(
    procedure: str | Simulator,
    *,
    power: float,
    seed: int,
    n_sims: int = 10_000,
    size_name: str = "n_per_arm",
    n_limit: int = 100_000,
    **inputs: Any,
) -> SimulationResult:
    """Smallest sample size whose simulated power reaches ``power``, by doubling then bisection.

    Every candidate size is simulated with the same seed (common random numbers), so the
    search is stable; the answer carries the Monte Carlo error of its simulated power.
    """
    target = _checks.open_unit("power", power)

    def at(n: int) -> SimulationResult:
        return simulate(procedure, n_sims=n_sims, seed=seed, **{**inputs, size_name: n})

    # Each doubling costs n_sims * n draws; past this budget the search would run for minutes.
    limit = min(n_limit, max(8, int(SIMULATION_BUDGET // n_sims)))
    lo, hi = 2, 8
    best = at(hi)
    while best.power < target:
        if hi >= limit:
            raise NoSolution(
                f"simulated power stays below {target:g} with {{{size_name}}} up to {limit}; "
                "the effect is too small to size by simulation"
            )
        lo, hi = hi, min(2 * hi, limit)
        best = at(hi)
    while hi - lo > 1:
        mid = (lo + hi) // 2
        trial = at(mid)
        if trial.power >= target:
            hi, best = mid, trial
        else:
            lo = mid
    result = dataclasses.replace(best, target_power=target)
    return dataclasses.replace(result, justification=_describe(result))


def ancova_log_power(
    *,
    control_mean: float,
    cv: float | None = None,
    mean_ratio: float | None = None,
    baseline_correlation: float,
    n_per_arm: int | tuple[int, int] | None = None,
    power: float | None = None,
    alpha: float = 0.05,
    sides: int = 2,
    ratio: float | None = None,
    baseline_mean: float | None = None,
    baseline_cv: float | None = None,
    n_sims: int = 10_000,
    seed: int = 1,
    log1p_sd: float | None = None,
) -> SimulationResult:
    """Simulated power (or, given ``power``, sample size) of ANCOVA on log(x + 1).

    For a log-normal outcome such as the C-peptide AUC: ``control_mean`` and ``cv`` describe
    the control arm's outcome at follow-up (and the baseline, unless ``baseline_mean`` and
    ``baseline_cv`` are given); instead of ``cv``, ``log1p_sd`` (the SD of log(x + 1) in the
    control arm) gives the CV that has it, as the closed form ``ancova_log`` does.
    ``mean_ratio`` is the treatment/control ratio of means,
    ``ratio`` the allocation (treatment:control) and ``baseline_correlation`` the
    correlation of baseline and follow-up on the log scale. Give exactly one of
    ``n_per_arm`` and ``power``. ``ratio=`` as the ratio of means (without ``mean_ratio``)
    is deprecated and warns.
    """
    effect, k = mean_ratio_and_allocation("ancova_log_power", mean_ratio=mean_ratio, ratio=ratio,
                                          allocation=None, effect_needed=True)
    if effect is None:
        raise InvalidParameter("mean_ratio", None, "must be given: the ratio of means to detect")
    if (n_per_arm is None) == (power is None):
        raise InvalidParameter("unknowns", "n_per_arm, power",
                               "give exactly one of n_per_arm and power")
    if power is not None and effect == 1:
        raise InvalidParameter("mean_ratio", effect, "must differ from 1 to solve for the sample "
                               "size (no effect leaves nothing to detect)")
    c, given_sd = outcome_cv(_checks.positive("control_mean", control_mean), cv, log1p_sd)
    inputs: dict[str, Any] = {"control_mean": control_mean, "cv": c, "mean_ratio": effect,
                              "ratio": k, "baseline_correlation": baseline_correlation,
                              "alpha": alpha, "sides": sides}
    if baseline_mean is not None:
        inputs["baseline_mean"] = baseline_mean
    if baseline_cv is not None:
        inputs["baseline_cv"] = baseline_cv
    if power is not None:
        result = simulated_sample_size("ancova_log", power=power, n_sims=n_sims, seed=seed,
                                       **inputs)
    else:
        result = simulate("ancova_log", n_sims=n_sims, seed=seed, n_per_arm=n_per_arm, **inputs)
    return dataclasses.replace(result, justification=given_sd + result.justification)


def _describe(r: SimulationResult) -> str:
    i = r.inputs
    alpha = i.get("alpha", 0.05)
    sides = i.get("sides", 2)
    setting = ""
    if r.procedure == "ancova_log":
        setting = (
            f" Each simulated trial had {_n_text(i['n_per_arm'])}, a control-arm mean of "
            f"{num(i['control_mean'])} with coefficient of variation {num(i['cv'])}, a "
            f"treatment/control ratio of means of {num(i.get('mean_ratio', i.get('ratio')))} and "
            "a correlation of "
            f"{num(i['baseline_correlation'])} between baseline and follow-up values on the "
            "log scale."
        )
    lo, hi = r.interval()
    size = ""
    if r.target_power is not None:
        sized = next((k for k in _SIZE_KEYS if k in i), "n")
        size = (
            f"The sample size was found by simulation: {sized.replace('_', ' ')} = {i[sized]} is "
            f"the smallest giving a simulated power of at least {pct(r.target_power)}, each "
            "candidate simulated with the same random numbers. "
        )
    return size + (
        f"Power was estimated by simulating {r.n_sims:,} trials (random seed {r.seed}) of "
        f"{r.description}, each tested at a {'two' if sides == 2 else 'one'}-sided "
        f"significance level of {num(alpha)}.{setting} The null hypothesis was rejected"
        f"{_tails(sides, i.get('power_convention'))} in "
        f"{pct(r.power)} of the simulated trials (Monte Carlo standard error "
        f"{100 * r.mc_se:.2f} percentage points; 95% interval {pct(lo)} to {pct(hi)}). "
        f"Method: {r.method}."
    )


def _tails(sides: int, convention: str | None) -> str:
    """Which rejections a two-sided simulated power counted, in words."""
    if sides != 2:
        return ""
    if convention == "directional":
        return " in the direction of the effect (the directional power convention)"
    return " (in either direction)"


def _n_text(value: Any) -> str:
    if isinstance(value, tuple | list):
        return f"{value[0]} participants in the treatment arm and {value[1]} in the control arm"
    return f"{value} participants per arm"
