"""The power engine: exact sample size, power and detectable effect for trial designs.

Every procedure takes keyword arguments only; leave exactly one of ``power``, the sample
size (``n_per_arm``, or ``n`` for one group, or ``events``) or the effect unset, and it is
solved for. This layer depends on numpy and scipy only.

Names are loaded on first use (PEP 562), so a script or command that needs one procedure
does not pay for the others' imports.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_HOMES = {
    "ancova_log1p": ("ancova_log",),
    "adaptive": ("ConditionalPower", "PromisingZone", "Reestimation", "conditional_power",
                 "promising_zone", "reestimate", "weighted_z"),
    "cluster": ("cluster_randomised", "design_effect"),
    "cluster_designs": ("cluster_two_means", "cluster_two_proportions"),
    "curves": ("PowerCurve", "power_curve"),
    "equivalence": ("crossover", "equivalence_means", "within_cv_to_sd"),
    "exact2x2": ("exact_two_proportions",),
    "grid": ("SampleSizeGrid", "sample_size_grid"),
    "lognormal": ("ratio_of_means",),
    "means": ("one_mean", "two_means"),
    "multiplicity": ("AdjustedAlpha", "adjusted_alpha", "adjusted_p_values"),
    "phase2": ("simon_two_stage",),
    "proportions": ("two_proportions",),
    "rates": ("two_rates",),
    "repeated": ("repeated_measures",),
    "result": ("Method", "PowerResult"),
    "sequential": ("GroupSequentialDesign", "group_sequential"),
    "simulate": ("SimulationResult", "ancova_log_power", "simulate", "simulated_sample_size"),
    "single_arm": ("one_proportion",),
    "success": ("AssuranceResult", "assurance"),
    "survival": ("logrank",),
}
_MODULE_OF = {name: module for module, names in _HOMES.items() for name in names}

__all__ = [
    "AdjustedAlpha",
    "AssuranceResult",
    "ConditionalPower",
    "GroupSequentialDesign",
    "Method",
    "PowerCurve",
    "PowerResult",
    "PromisingZone",
    "Reestimation",
    "SampleSizeGrid",
    "SimulationResult",
    "adjusted_alpha",
    "adjusted_p_values",
    "ancova_log",
    "ancova_log_power",
    "assurance",
    "cluster_randomised",
    "cluster_two_means",
    "cluster_two_proportions",
    "conditional_power",
    "crossover",
    "design_effect",
    "equivalence_means",
    "exact_two_proportions",
    "group_sequential",
    "logrank",
    "one_mean",
    "one_proportion",
    "power_curve",
    "promising_zone",
    "ratio_of_means",
    "reestimate",
    "repeated_measures",
    "sample_size_grid",
    "simon_two_stage",
    "simulate",
    "simulated_sample_size",
    "two_means",
    "two_proportions",
    "two_rates",
    "weighted_z",
    "within_cv_to_sd",
]


def __getattr__(name: str) -> Any:
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module 'trialkit.power' has no attribute {name!r}")
    loaded = importlib.import_module(f"trialkit.power.{module}")
    value = getattr(loaded, name)
    globals()[name] = value
    if module in _MODULE_OF:
        # Importing trialkit.power.simulate binds the package's name 'simulate' to the module;
        # the package offers the function of that name (ancova_log_power asked for first).
        globals()[module] = getattr(loaded, module)
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


if TYPE_CHECKING:
    from trialkit.power.adaptive import (
        ConditionalPower,
        PromisingZone,
        Reestimation,
        conditional_power,
        promising_zone,
        reestimate,
        weighted_z,
    )
    from trialkit.power.ancova_log1p import ancova_log
    from trialkit.power.cluster import cluster_randomised, design_effect
    from trialkit.power.cluster_designs import cluster_two_means, cluster_two_proportions
    from trialkit.power.curves import PowerCurve, power_curve
    from trialkit.power.equivalence import crossover, equivalence_means, within_cv_to_sd
    from trialkit.power.exact2x2 import exact_two_proportions
    from trialkit.power.grid import SampleSizeGrid, sample_size_grid
    from trialkit.power.lognormal import ratio_of_means
    from trialkit.power.means import one_mean, two_means
    from trialkit.power.multiplicity import AdjustedAlpha, adjusted_alpha, adjusted_p_values
    from trialkit.power.phase2 import simon_two_stage
    from trialkit.power.proportions import two_proportions
    from trialkit.power.rates import two_rates
    from trialkit.power.repeated import repeated_measures
    from trialkit.power.result import Method, PowerResult
    from trialkit.power.sequential import GroupSequentialDesign, group_sequential
    from trialkit.power.simulate import (
        SimulationResult,
        ancova_log_power,
        simulate,
        simulated_sample_size,
    )
    from trialkit.power.single_arm import one_proportion
    from trialkit.power.success import AssuranceResult, assurance
    from trialkit.power.survival import logrank
