"""The words of a group-sequential design: the interim-analysis paragraph and its names."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from trialkit.power._text import num, pct
from trialkit.power.catalogue_spending import spending

if TYPE_CHECKING:
    from trialkit.power.result import PowerResult
    from trialkit.power.sequential import GroupSequentialDesign

_INTEGRATION = (
    "exact recursive numerical integration (Armitage, McPherson & Rowe 1969 J R Stat Soc A "
    "132:235-244; Jennison & Turnbull 2000, Group Sequential Methods with Applications to "
    "Clinical Trials, ch. 19)"
)


def _look_list(values: Sequence[Any], fmt: Callable[[Any], str]) -> str:
    items = [fmt(v) for v in values]
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + " and " + items[-1]


def _describe(d: GroupSequentialDesign) -> str:
    """The interim-analysis paragraph, boundary table in words."""
    interims = d.k - 1
    looks = (
        f"{d.k} analyses ({interims} interim {'analysis' if interims == 1 else 'analyses'} and "
        f"a final analysis)" if interims else "a single analysis"
    )
    timing = _look_list(d.timing, pct)
    name = spending(d.spending).phrase.format(gamma=num(d.gamma or 0.0))
    side = "two" if d.sides == 2 else "one"
    sign = "|z| >= " if d.sides == 2 else "z >= "
    text = (
        f"The trial uses a group-sequential design with {looks} after {timing} of the maximum "
        f"information. The efficacy boundary follows {name}, at an overall {side}-sided "
        f"significance level of {num(d.alpha)}: the trial stops for efficacy if "
        f"{sign}{_look_list(d.critical_z, lambda z: f'{z:.3f}')} at the successive looks "
        f"(nominal {side}-sided P values {_look_list(d.nominal_p, lambda p: f'{p:.4g}')}; "
        f"cumulative type I error spent {_look_list(d.alpha_spent, lambda a: f'{a:.4g}')})."
    )
    if d.futility_z is not None and d.futility:
        fname = spending(d.futility).futility_phrase().format(gamma=num(d.futility_gamma or 0.0))
        bounds = _look_list(d.futility_z[:-1], lambda z: f'{z:.3f}')
        text += (
            f" A binding futility boundary from {fname} requires stopping if z < {bounds} at "
            "the interim looks; the efficacy boundary was computed with it, so the type I "
            "error is controlled only if the trial stops whenever the futility boundary is "
            "crossed." if d.binding_futility else
            f" A non-binding futility boundary from {fname} allows stopping if "
            f"z < {bounds} at the interim looks; "
            "because it is non-binding, the efficacy boundary was computed without it and the "
            "type I error is controlled whether or not the trial stops for futility."
        )
    if d.sides == 2:
        text += (" Power counts both rejection regions, in the fixed and the sequential design "
                 "alike." if d.power_convention == "two_tailed" else " Power counts only "
                 "rejections in the direction of the effect, in the fixed and the sequential "
                 "design alike (the directional convention of rpact and nQuery).")
    text += (
        f" To keep {pct(d.power)} power, the maximum information is {d.inflation_factor:.4f} "
        "times that of the corresponding fixed-sample design; the expected information is "
        f"{d.expected_inflation_h0:.3f} times the fixed design under the null hypothesis and "
        f"{d.expected_inflation_h1:.3f} times under the alternative. Boundaries, power and "
        f"expected information were computed by {_INTEGRATION}."
    )
    return text


def _applied_text(d: GroupSequentialDesign, r: PowerResult) -> str:
    unit = "participants"
    text = _describe(d)
    if r.n_per_arm:
        per_look = _look_list(r.extras["n_at_looks"], str)
        n_text = (
            f"{r.n_per_arm[0]} {unit}" if len(r.n_per_arm) == 1
            else f"{r.n_per_arm[0]} {unit} per arm ({r.n_total} in total)"
            if r.n_per_arm[0] == r.n_per_arm[1]
            else f"{r.n_per_arm[0]} and {r.n_per_arm[1]} {unit} ({r.n_total} in total)"
        )
        text += (
            f" Applied to the fixed design of {r.extras['n_fixed_total']} {unit}, the maximum "
            f"sample size is {n_text}, with analyses after {per_look} {unit}; the expected "
            f"sample size is {r.extras['expected_n_h0']:.1f} under the null hypothesis and "
            f"{r.extras['expected_n_h1']:.1f} under the alternative."
        )
    if "events_at_looks" in r.extras:
        text += (
            f" The maximum number of events is {r.extras['events']} (fixed design "
            f"{r.extras['events_fixed']}), with analyses after "
            f"{_look_list(r.extras['events_at_looks'], str)} events."
        )
    return text
