"""Turn an evidence estimate into keyword arguments for a trialkit.power procedure.

Every conversion made on the way is a Step on the result's provenance chain. An estimate
whose kind cannot stand for what the procedure needs is refused with the reason, unless the
caller supplies the missing piece (a control-arm rate, an SD, a control-arm change).
"""

from __future__ import annotations

from typing import Any

from trialkit.errors import EvidenceError
from trialkit.evidence import convert, mean_inputs, proportion_inputs
from trialkit.evidence.input_steps import positive_or_none
from trialkit.evidence.models import Estimate, Step

SUPPLIES: dict[str, tuple[str, ...]] = {
    "two_means": ("delta", "sd"),
    "one_mean": ("delta", "sd"),
    "ratio_of_means": ("mean_ratio", "cv"),
    "two_proportions": ("p1", "p2"),
    "one_proportion": ("p0", "p1"),
}
"""The keywords an estimate supplies to each procedure it can size (the effect among them).

Named as in the power catalogue, against which the tests check it.
"""

PROCEDURES = tuple(SUPPLIES)
"""Power procedures an estimate can be turned into."""


class PowerInputs(dict[str, Any]):
    """Keyword arguments for ``trialkit.power.<procedure>``, carrying their provenance.

    ``estimate`` is the source estimate with the conversion steps appended to its chain;
    ``steps`` are the steps made here.
    """

    def __init__(
        self, procedure: str, kwargs: dict[str, Any], estimate: Estimate, steps: list[Step]
    ):
        super().__init__(kwargs)
        self.procedure = procedure
        self.steps: tuple[Step, ...] = tuple(steps)
        self.estimate = estimate.with_steps(*steps)

    def sentences(self) -> list[str]:
        """Justification sentences: the cited source of the effect, then each conversion made."""
        estimate = self.estimate
        citation = estimate.source.citation
        context = ", ".join(x for x in (estimate.comparison, estimate.arm, estimate.timepoint) if x)
        article = "an" if estimate.label[:1] in "aeiou" else "a"
        cited = (
            f"The assumed effect is based on {citation.short()}: {estimate.outcome}"
            f"{f' ({context})' if context else ''}, {article} "
            f"{estimate.label} of {estimate.summary()}{self._direction()}."
        )
        return [cited, *(s.sentence() for s in self.steps if s.operation != "take_estimate")]

    def _direction(self) -> str:
        """Words for a design effect taken as the size of a negative (or positive) estimate:
        the evidence keeps its sign as reported, the design states the direction of benefit."""
        value = self.estimate.value
        for step in self.steps:
            if step.operation == "take_estimate":
                taken = next(iter(step.result.values()), None)
                if isinstance(taken, int | float) and taken * value < 0:
                    change = "reduction" if value < 0 else "increase"
                    return (f", a {change} of {abs(value):g} with treatment, which the design "
                            f"states as an effect of {taken:g} in the direction of benefit")
        return ""


def power_inputs(
    estimate: Estimate,
    procedure: str,
    *,
    sd: float | None = None,
    cv: float | None = None,
    control_rate: float | None = None,
    null_rate: float | None = None,
    control: Estimate | None = None,
    distribution: convert.Distribution = "t",
) -> PowerInputs:
    """Keyword arguments for ``trialkit.power.<procedure>`` from ``estimate``, with provenance.

    ``sd``, ``cv``, ``control_rate``, ``null_rate`` and ``control`` supply what the estimate
    lacks; ``distribution`` ("t" or "z") is used when an SD is derived from a CI or P value.
    """
    if distribution not in ("t", "z"):
        raise EvidenceError(f"distribution={distribution!r} is invalid: must be 't' or 'z'")
    sd = positive_or_none("sd", sd)
    cv = positive_or_none("cv", cv)
    if procedure == "two_means":
        kwargs, steps = mean_inputs.two_means(estimate, sd, control, distribution)
    elif procedure == "one_mean":
        kwargs, steps = mean_inputs.one_mean(estimate, sd, distribution)
    elif procedure == "ratio_of_means":
        kwargs, steps = mean_inputs.ratio_of_means(estimate, cv, distribution)
    elif procedure == "two_proportions":
        kwargs, steps = proportion_inputs.two_proportions(estimate, control_rate, control)
    elif procedure == "one_proportion":
        kwargs, steps = proportion_inputs.one_proportion(estimate, null_rate)
    else:
        raise EvidenceError(
            f"procedure={procedure!r} is unknown: choose one of {', '.join(PROCEDURES)}"
        )
    kwargs.update(_variability_source(estimate, steps))
    return PowerInputs(procedure, kwargs, estimate, steps)


_DERIVED_FROM: dict[str, tuple[str, str]] = {
    "sd_from_ci": ("sd_source", "its confidence interval"),
    "sd_from_p": ("sd_source", "its P value"),
    "sd_from_ci_one_group": ("sd_source", "its confidence interval"),
    "cv_from_ratio_ci": ("cv_source", "its confidence interval"),
}
"""Conversion steps that derive the SD (or CV) from the record: the power keyword that names
its source, and what it was derived from."""


def _variability_source(estimate: Estimate, steps: list[Step]) -> dict[str, str]:
    """The source of an SD or CV derived from the record, for the power justification."""
    for step in steps:
        if step.operation in _DERIVED_FROM:
            keyword, via = _DERIVED_FROM[step.operation]
            text = " ".join(f"{estimate.source.citation.short()}, from {via}".split())
            return {keyword: text if len(text) <= 300 else text[:297] + "..."}
    return {}


DEFAULT_PROCEDURE: dict[str, str] = {
    "between_group_difference": "two_means",
    "smd_between": "two_means",
    "between_group_ratio": "ratio_of_means",
    "within_group_change": "two_means",
    "smd_pre_post": "two_means",
    "single_arm_proportion": "two_proportions",
    "adverse_event_rate": "two_proportions",
}
"""The procedure an estimate of each kind sizes by default (a comparison between two arms)."""
