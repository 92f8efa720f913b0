"""Count endpoints: the ratio of two event rates, Poisson or negative binomial.

Each participant's count over an exposure t has mean mu t and variance mu t + k (mu t)^2
(k = overdispersion; k = 0 is Poisson). The test is the Wald test of the log rate ratio,
whose variance is (1/(t mu_c) + k)/n_c + (1/(t mu_t) + k)/n_t at the true rates (Keene et al.
(2007) Pharm Stat 6:89-97). Zhu & Lakkis (2014) Stat Med 33:376-387 differ only in the variance
used under the null hypothesis: both arms at the allocation-weighted average rate ("pooled",
their approach 3, the default), at the assumed rates ("true_rates", approach 2, Keene's
formula) or at the control rate ("control_rate", approach 1).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from scipy import special

from trialkit.errors import InvalidParameter
from trialkit.power import _checks
from trialkit.power._procedure import Design, EffectSearch, Prepared, solved
from trialkit.power._text import num, paragraph
from trialkit.power.proportions import z_power
from trialkit.power.result import Method, PowerResult

REFERENCE = "Zhu & Lakkis (2014) Stat Med 33:376-387; Keene et al. (2007) Pharm Stat 6:89-97"
METHODS = {
    "pooled": "null variance at the allocation-weighted average rate (Zhu & Lakkis approach 3)",
    "true_rates": "null variance at the assumed rates (Zhu & Lakkis approach 2, Keene et al.)",
    "control_rate": "null variance at the control rate (Zhu & Lakkis approach 1)",
}


def standard_errors(
    n_t: Any, n_c: Any, mu_t: Any, mu_c: Any, k: float, method: str
) -> tuple[Any, Any]:
    """The log rate ratio's standard error under H0 and under H1, for mean counts mu_t, mu_c
    per participant and overdispersion k (vectorised; Zhu & Lakkis 2014)."""
    se1 = np.sqrt((1.0 / mu_c + k) / n_c + (1.0 / mu_t + k) / n_t)
    if method == "true_rates":
        return se1, se1
    common = mu_c if method == "control_rate" else (n_c * mu_c + n_t * mu_t) / (n_c + n_t)
    return np.sqrt((1.0 / n_c + 1.0 / n_t) * (1.0 / common + k)), se1


def rates_power(
    n_t: Any, n_c: Any, rate1: Any, rate2: float, exposure: float, k: float, alpha: float,
    sides: int, method: str, directional: bool = False,
) -> Any:
    """Power of the Wald test of log(rate1 / rate2) (vectorised over sizes and rate1)."""
    se0, se1 = standard_errors(n_t, n_c, rate1 * exposure, rate2 * exposure, k, method)
    return z_power(np.abs(np.log(rate1 / rate2)), se0, se1, alpha, sides,
                   directional=directional)


def prepare_two_rates(
    *,
    rate1: float | None = None,
    rate2: float,
    exposure: float = 1.0,
    overdispersion: float = 0.0,
    n_per_arm: int | tuple[int, int] | None = None,
    power: float | None = None,
    alpha: float = 0.05,
    sides: int = 2,
    ratio: float = 1.0,
    dropout: float = 0.0,
    method: str = "pooled",
    time_unit: str = "",
    power_convention: str = "two_tailed",
) -> Prepared:
    """Sample size, power or detectable rate of a comparison of two event rates.

    ``rate1`` is the treatment arm's event rate and ``rate2`` the control's, per unit of
    time (``time_unit``, e.g. 'year'); ``exposure`` is the mean follow-up per participant in
    that unit and ``overdispersion`` the negative binomial k (0 for Poisson). When rate1 is
    solved for, the detectable reduction is returned (``rate_ratio`` below 1). ``dropout``
    inflates enrolment, as elsewhere; ``exposure`` is that of the participants analysed.
    Two-sided power counts both rejection regions unless ``power_convention`` is
    'directional' (Zhu & Lakkis count only the region in the effect's direction).
    """
    directional = _checks.power_convention(power_convention) == "directional"
    a = _checks.alpha(alpha)
    s = _checks.sides(sides)
    k_ratio = _checks.ratio(ratio)
    loss = _checks.dropout(dropout)
    r2 = _checks.positive("rate2", rate2)
    t = _checks.positive("exposure", exposure)
    k = _checks.in_range("overdispersion", overdispersion, 0.0, math.inf)
    if method not in METHODS:
        raise InvalidParameter("method", method, f"must be one of {', '.join(METHODS)}")
    if not isinstance(time_unit, str):
        raise InvalidParameter("time_unit", time_unit, "must be text, such as 'year'")
    if rate1 is not None:
        rate1 = _checks.positive("rate1", rate1)
        if rate1 == r2:
            raise InvalidParameter("rate1", rate1, f"must differ from {{rate2}} ({r2:g})")

    def power_at(n_t: Any, n_c: Any, rate: Any) -> Any:
        return rates_power(n_t, n_c, rate, r2, t, k, a, s, method, directional)

    def n_guess(rate: float, power: float) -> float:
        """The control arm's n by Zhu & Lakkis' closed form (one rejection region)."""
        z_a, z_b = special.ndtri(1.0 - a / s), special.ndtri(power)
        mu_t, mu_c = rate * t, r2 * t
        v1 = 1.0 / mu_c + k + (1.0 / mu_t + k) / k_ratio
        common = {"true_rates": None, "control_rate": mu_c,
                  "pooled": (mu_c + k_ratio * mu_t) / (1.0 + k_ratio)}[method]
        v0 = v1 if common is None else (1.0 + 1.0 / k_ratio) * (1.0 / common + k)
        return float(((z_a * math.sqrt(v0) + z_b * math.sqrt(v1)) / math.log(rate / r2)) ** 2)

    model = "negative binomial" if k else "Poisson"
    design = Design(
        procedure="two_rates",
        method=Method(f"Wald test of the log rate ratio, {model} counts, {METHODS[method]}",
                      REFERENCE),
        groups=2,
        power_at=power_at,
        effect_name="rate1",
        effect_search=EffectSearch(lambda u: r2 * math.exp(-u), 1e-9, 0.5, 50.0),
        min_n=2.0,
        n_guess=lambda rate, p: 0.98 * n_guess(rate, p),
    )
    per = f" per {time_unit}" if time_unit else ""

    def describe(res: PowerResult) -> str:
        r1 = res.inputs["rate1"]
        dispersion = (f"a negative binomial overdispersion of {num(k)} (the variance of a "
                      f"count is its mean plus {num(k)} times the mean squared)" if k
                      else "Poisson counts (no overdispersion)")
        return paragraph(
            res,
            test=f"a Wald test of the log rate ratio ({model} model)",
            effect=(f"a rate ratio of {num(r1 / r2)} ({num(r1)} events{per} with treatment "
                    f"against {num(r2)} with control)"),
            variability=(f"assuming a mean exposure of {num(t)}{' ' + time_unit if time_unit else ''} "
                         f"per participant and {dispersion}"),
            sides=s,
        )

    inputs = {
        "rate1": rate1, "rate2": r2, "exposure": t, "overdispersion": k, "sides": s,
        "ratio": k_ratio, "dropout": loss, "method": method, "time_unit": time_unit,
        "power_convention": power_convention,
    }

    def extras(sizes: tuple[int, ...], rate: float | None) -> dict[str, Any]:
        assert rate is not None
        return {"rate_ratio": rate / r2}

    return Prepared(design, rate1, k_ratio, a, loss, inputs, describe, extras,
                    size=n_per_arm, power=power)


two_rates = solved(prepare_two_rates)
