"""The agreed names of issue 10, and the deprecated ones they replace (one release of grace).

``ratio`` is the allocation (treatment / control) in every two-group procedure; the effect of
a ratio of means is ``mean_ratio``. An old call keeps its meaning, with a DeprecationWarning;
a call whose meaning is unclear is refused with the name to use, never silently reinterpreted.
"""

from __future__ import annotations

import math
import warnings
from typing import Any

from trialkit.errors import InvalidParameter


def deprecated(old: str, new: str, procedure: str) -> None:
    """Warn that ``old`` is deprecated in favour of ``new`` (pointing at the caller's line)."""
    warnings.warn(
        f"{procedure}({old}=...) is deprecated and will be removed in the next release; "
        f"use {new} instead", DeprecationWarning, stacklevel=4,
    )


def mean_ratio_and_allocation(
    procedure: str, *, mean_ratio: Any, ratio: Any, allocation: Any, effect_needed: bool,
) -> tuple[Any, Any]:
    """(effect, allocation) from the new names, or from the old ones with a warning.

    ``effect_needed`` says whether the call must give the effect (it solves for power or the
    sample size): then a lone ``ratio`` can only be the old effect.
    """
    if allocation is not None:
        if mean_ratio is not None:
            raise InvalidParameter(
                "allocation", allocation, "cannot be combined with {mean_ratio}: give the "
                "allocation as {ratio} and the effect as {mean_ratio}",
            )
        deprecated("allocation", "ratio= for the allocation and mean_ratio= for the effect",
                   procedure)
        if ratio is not None:
            deprecated("ratio", "mean_ratio= for the ratio of means", procedure)
        return ratio, allocation
    if mean_ratio is not None:
        return mean_ratio, 1.0 if ratio is None else ratio
    if ratio is not None and effect_needed:
        deprecated("ratio", "mean_ratio= for the ratio of means (ratio= is now the allocation)",
                   procedure)
        return ratio, 1.0
    return None, 1.0 if ratio is None else ratio


def dropout_hazard(dropout: float, dropout_time: float) -> float:
    """Exponential loss hazard at which a fraction ``dropout`` is lost by ``dropout_time``."""
    return -math.log1p(-dropout) / dropout_time
