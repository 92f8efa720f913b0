"""Ratio of (geometric) means of log-normal outcomes: the two-sample t-test on the log scale."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from trialkit.errors import InvalidParameter
from trialkit.power import _checks
from trialkit.power._procedure import Design, EffectSearch, Prepared, run
from trialkit.power._text import num, paragraph, sourced
from trialkit.power._vocabulary import mean_ratio_and_allocation
from trialkit.power.means import log_sd, two_sample_power, z_sample_size
from trialkit.power.result import Method, PowerResult

LOG_RATIO = Method(
    "Two-sample t-test on log-transformed values (ratio of geometric means), "
    "log-scale SD sqrt(ln(1 + CV^2)), exact noncentral t",
    "Julious (2004) Stat Med 23:1921-1986, §7",
)


def prepare_ratio_of_means(
    *, mean_ratio: float | None = None, cv: float, alpha: float = 0.05, sides: int = 2,
    ratio: float = 1.0, dropout: float = 0.0, power_convention: str = "two_tailed",
    cv_source: str | None = None,
) -> Prepared:
    """Validate ratio_of_means' inputs and build its power function and text."""
    source = _checks.source_text("cv_source", cv_source)
    a = _checks.alpha(alpha)
    s = _checks.sides(sides)
    cv_ = _checks.positive("cv", cv)
    k = _checks.ratio(ratio)
    loss = _checks.dropout(dropout)
    directional = _checks.power_convention(power_convention) == "directional"
    sd_log = log_sd(cv_)
    if mean_ratio is not None:
        mean_ratio = _checks.positive("mean_ratio", mean_ratio)
        if mean_ratio == 1.0:
            raise InvalidParameter(
                "mean_ratio", mean_ratio, "must differ from 1 (no effect leaves nothing to detect)"
            )
        if s == 1 and mean_ratio < 1.0:
            raise InvalidParameter(
                "mean_ratio", mean_ratio,
                "must be above 1 for a one-sided test (its alternative: the treatment mean above "
                "the control mean)",
                hint="for an outcome where lower is better, give control/treatment instead",
            )

    def power_at(n_t: Any, n_c: Any, rho: Any) -> Any:
        return two_sample_power(n_t, n_c, np.abs(np.log(rho)), sd_log, a, s,
                                directional=directional)

    design = Design(
        procedure="ratio_of_means",
        method=LOG_RATIO,
        groups=2,
        power_at=power_at,
        effect_name="mean_ratio",
        effect_search=EffectSearch(math.exp, 1e-9, 0.5, 50.0),
        min_n=max(2.0, 4.0 / (1.0 + k)),
        min_total=4.0,
        n_guess=lambda rho, p: z_sample_size(abs(math.log(rho)), sd_log, a, s, p, k),
    )

    def describe(res: PowerResult) -> str:
        return paragraph(
            res,
            test="a two-sample t-test on log-transformed values",
            effect=("a ratio of geometric means (treatment/control) of "
                    f"{num(res.inputs['mean_ratio'])}"),
            variability=sourced(
                f"assuming a coefficient of variation of {num(cv_)} "
                f"(standard deviation {num(sd_log)} on the natural-log scale)", source,
            ),
            sides=s,
        )

    inputs = {
        "mean_ratio": mean_ratio, "cv": cv_, "sd_log": sd_log, "sides": s, "ratio": k,
        "dropout": loss, "power_convention": power_convention, "cv_source": source or None,
    }
    return Prepared(design, mean_ratio, k, a, loss, inputs, describe)


def ratio_of_means(
    *,
    mean_ratio: float | None = None,
    cv: float,
    n_per_arm: int | tuple[int, int] | None = None,
    power: float | None = None,
    alpha: float = 0.05,
    sides: int = 2,
    ratio: float | None = None,
    dropout: float = 0.0,
    power_convention: str = "two_tailed",
    cv_source: str | None = None,
    allocation: float | None = None,
) -> PowerResult:
    """Two-sample t-test on the log scale for a ratio of (geometric) means treatment/control.

    ``mean_ratio`` is the ratio of means to detect, ``cv`` the coefficient of variation on
    the original scale and ``ratio`` the allocation (treatment:control), as in every
    two-group procedure. Deprecated for one release (with a warning): ``allocation=`` for
    the allocation, and ``ratio=`` as the effect when no ``mean_ratio`` is given and the
    call needs an effect.
    """
    effect, k = mean_ratio_and_allocation(
        "ratio_of_means", mean_ratio=mean_ratio, ratio=ratio, allocation=allocation,
        effect_needed=n_per_arm is None or power is None,
    )
    prepared = prepare_ratio_of_means(
        mean_ratio=effect, cv=cv, alpha=alpha, sides=sides, ratio=k, dropout=dropout,
        power_convention=power_convention, cv_source=cv_source,
    )
    return run(prepared, n_per_arm=n_per_arm, power=power)
