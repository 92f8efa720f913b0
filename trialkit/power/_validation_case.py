"""One row of the validation table: a call, the output compared and the published value."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from trialkit.power.adaptive import conditional_power
from trialkit.power.equivalence import crossover, equivalence_means
from trialkit.power.exact2x2 import exact_two_proportions
from trialkit.power.lognormal import ratio_of_means
from trialkit.power.means import one_mean, two_means
from trialkit.power.phase2 import simon_two_stage
from trialkit.power.proportions import two_proportions
from trialkit.power.rates import two_rates
from trialkit.power.repeated import repeated_measures
from trialkit.power.sequential import group_sequential
from trialkit.power.single_arm import one_proportion
from trialkit.power.success import assurance
from trialkit.power.survival import logrank

PROCEDURES: dict[str, Callable[..., Any]] = {
    "two_means": two_means,
    "one_mean": one_mean,
    "ratio_of_means": ratio_of_means,
    "two_proportions": two_proportions,
    "one_proportion": one_proportion,
    "logrank": logrank,
    "equivalence_means": equivalence_means,
    "crossover": crossover,
    "group_sequential": group_sequential,
    "simon_two_stage": simon_two_stage,
    "exact_two_proportions": exact_two_proportions,
    "repeated_measures": repeated_measures,
    "two_rates": two_rates,
    "conditional_power": conditional_power,
}

POWER_TOL = 5e-5
"""Agreement 'to 4 decimals in power'."""


@dataclass(frozen=True)
class Case:
    """One published value: the call, the output compared, and where the number comes from."""

    id: str
    procedure: str
    inputs: dict[str, Any]
    output: str
    expected: Any
    source: str
    status: str = "P"
    tolerance: float = 0.0
    note: str = field(default="")
    applied_to: tuple[str, dict[str, Any]] | None = None
    at_effect: float | None = None
    prior: tuple[float, float] | None = None
    """(prior_mean, prior_sd): the output is read from the design's assurance instead."""

    def obtain(self) -> Any:
        """Run the procedure and read the compared output ("a,b" reads several as one flat tuple).

        With ``applied_to`` (a fixed design's procedure and inputs) the procedure is a
        group-sequential design applied to it, read at the effect ``at_effect``: the output
        names an OperatingPoint's field (power, expected_n, ...). With ``prior`` the output is
        read from the design's assurance under that normal prior."""
        result = PROCEDURES[self.procedure](**self.inputs)
        if self.prior is not None:
            result = assurance(result, prior_mean=self.prior[0], prior_sd=self.prior[1])
        if self.applied_to is not None:
            fixed = PROCEDURES[self.applied_to[0]](**self.applied_to[1])
            result = result.apply_to(fixed).operating_characteristics([self.at_effect])[0]
        values = [getattr(result, name) for name in self.output.split(",")]
        if len(values) == 1 and not isinstance(values[0], tuple | list):
            return values[0]
        # Several outputs, or one that is a sequence: one flat tuple.
        return tuple(x for v in values for x in (v if isinstance(v, tuple | list) else (v,)))

    def agrees(self, obtained: Any) -> bool:
        """Exact for whole numbers, within the tolerance for real numbers (element-wise)."""
        expected = self.expected if isinstance(self.expected, tuple) else (self.expected,)
        got = obtained if isinstance(obtained, tuple) else (obtained,)
        if len(expected) != len(got):
            return False
        return all(
            g == e if isinstance(e, int) else math.isclose(g, e, rel_tol=0.0, abs_tol=self.tolerance)
            for e, g in zip(expected, got, strict=True)
        )


