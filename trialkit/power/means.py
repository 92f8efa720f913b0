"""t-tests for means: two groups (superiority, non-inferiority, ANCOVA) and one group.

Power is exact, from the noncentral t distribution (exact for every df: see
trialkit.power.noncentral_t); with sides=2 both rejection regions
count (as in G*Power and statsmodels; R's power.t.test counts only the upper one unless
strict=TRUE, a difference below 1e-6 at the usual effects).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from scipy import special

from trialkit.errors import InvalidParameter
from trialkit.power import _checks
from trialkit.power._procedure import Design, EffectSearch, Prepared, solved
from trialkit.power._text import num, paragraph, sourced
from trialkit.power.noncentral_t import nct_cdf, nct_sf
from trialkit.power.result import Method, PowerResult

TWO_MEANS = Method(
    "Two-sample t-test, exact power from the noncentral t distribution",
    "Chow, Shao & Wang (2008) Sample Size Calculations in Clinical Research, 2nd ed., §3.2; "
    "Julious (2004) Stat Med 23:1921-1986",
)
ANCOVA = Method(
    "ANCOVA on a baseline covariate: t-test with residual SD sd*sqrt(1 - r^2) and one df "
    "fewer, exact noncentral t",
    "Borm, Fransen & Lemmens (2007) J Clin Epidemiol 60:1234-1238",
)
TWO_MEANS_Z = Method(
    "Two-sample z-test (known variance): the normal-approximation formulas",
    "Chow, Shao & Wang (2008) Sample Size Calculations in Clinical Research, 2nd ed., §3.2",
)
ONE_MEAN = Method(
    "One-sample (or paired) t-test, exact power from the noncentral t distribution",
    "Chow, Shao & Wang (2008) Sample Size Calculations in Clinical Research, 2nd ed., §3.1",
)
ONE_MEAN_Z = Method(
    "One-sample (or paired) z-test (known variance): the normal-approximation formula",
    "Chow, Shao & Wang (2008) Sample Size Calculations in Clinical Research, 2nd ed., §3.1",
)


def critical_t(df: Any, alpha: Any, sides: int) -> Any:
    """The t test's critical value, from alpha directly (no 1 - alpha, so tiny alpha stays exact)."""
    return -special.stdtrit(df, alpha / sides)


def critical_z(alpha: Any, sides: int) -> Any:
    """The z test's critical value, from alpha directly (no 1 - alpha, so tiny alpha stays exact)."""
    return -special.ndtri(alpha / sides)


def t_power(df: Any, ncp: Any, alpha: Any, sides: int, directional: bool = False) -> Any:
    """Power of a t-test with df degrees of freedom and noncentrality ncp >= 0 (vectorised).

    One-sided tests reject in the upper tail; two-sided tests count both tails, or only the
    upper one (the effect's direction) when ``directional``. Both tails are exact for every
    df (trialkit.power.noncentral_t).
    """
    crit = critical_t(df, alpha, sides)
    upper = nct_sf(df, ncp, crit)
    return upper if sides == 1 or directional else upper + nct_cdf(df, ncp, -crit)


def z_power(ncp: Any, alpha: Any, sides: int, directional: bool = False) -> Any:
    """Power of a z-test (known variance) with noncentrality ncp >= 0; two-sided counts both
    tails unless ``directional``."""
    crit = critical_z(alpha, sides)
    upper = special.ndtr(ncp - crit)
    return upper if sides == 1 or directional else upper + special.ndtr(-ncp - crit)


def two_sample_power(
    n_t: Any, n_c: Any, shift: Any, sd: Any, alpha: Any, sides: int, covariates: int = 0,
    normal: bool = False, directional: bool = False,
) -> Any:
    """Power of the two-sample t-test (or, ``normal``, z-test) of a mean shift (vectorised)."""
    ncp = shift / (sd * np.sqrt(1.0 / n_t + 1.0 / n_c))
    if normal:
        return z_power(ncp, alpha, sides, directional)
    return t_power(n_t + n_c - 2 - covariates, ncp, alpha, sides, directional)


def z_sample_size(
    shift: float, sd: float, alpha: float, sides: int, power: float, ratio: float | None
) -> float:
    """The known-variance (z) sample size plus Guenther's t correction: a start for the solver.

    For two groups it is the control arm's n with treatment = ratio * control; ``ratio``
    None means one group. Guenther (1981) Am Stat 35:243-244 adds z_alpha^2 / 4 per group
    (z_alpha^2 / 2 for one group), which lands within a fraction of a participant.
    """
    z_alpha = float(critical_z(alpha, sides))
    z = z_alpha + float(special.ndtri(power))
    factor = 1.0 if ratio is None else 1.0 + 1.0 / ratio
    correction = z_alpha**2 / (2.0 if ratio is None else 4.0)
    scaled = z * sd / shift
    if not scaled < 1e150:  # a vanishing effect: no useful start (the solver then says why)
        return math.inf
    return factor * scaled**2 + correction


def _positive_for_one_sided(name: str, value: float, sides: int, direction: str) -> float:
    if sides == 1 and value <= 0:
        raise InvalidParameter(
            name,
            value,
            f"must be above 0 for a one-sided test (its alternative: {direction})",
            hint="for an outcome where lower is better, give the benefit as a positive number",
        )
    return value


def _t_test_inputs(
    sd_source: str | None, approximation: str, power_convention: str, alpha: float,
    sides: int, sd: float, dropout: float,
) -> tuple[str, bool, bool, float, int, float, float]:
    """The inputs every t-test procedure checks alike: (source, normal, directional, alpha,
    sides, sd, dropout)."""
    return (
        _checks.source_text("sd_source", sd_source),
        _checks.approximation(approximation) == "normal",
        _checks.power_convention(power_convention) == "directional",
        _checks.alpha(alpha),
        _checks.sides(sides),
        _checks.positive("sd", sd),
        _checks.dropout(dropout),
    )


def prepare_two_means(
    *,
    delta: float | None = None,
    sd: float,
    n_per_arm: int | tuple[int, int] | None = None,
    power: float | None = None,
    alpha: float = 0.05,
    sides: int = 2,
    ratio: float = 1.0,
    dropout: float = 0.0,
    margin: float | None = None,
    baseline_correlation: float = 0.0,
    approximation: str = "exact",
    power_convention: str = "two_tailed",
    sd_source: str | None = None,
) -> Prepared:
    """Sample size, power or detectable difference of a two-sample t-test.

    ``delta`` is the true difference treatment - control. ``margin > 0`` turns the test into
    non-inferiority (H0: difference <= -margin), tested one-sided at ``alpha`` (sides=1) or
    at alpha/2 (sides=2, the lower limit of a two-sided 1 - alpha confidence interval).
    ``baseline_correlation`` r sizes an ANCOVA adjusting for baseline.
    ``approximation='normal'`` uses the known-variance z-test instead of the t-test: the
    formulas of Chow, Shao & Wang (2008) and many published protocols (a participant or
    two fewer at small n).
    """
    source, normal, directional, a, s, sd_, loss = _t_test_inputs(
        sd_source, approximation, power_convention, alpha, sides, sd, dropout)
    k = _checks.ratio(ratio)
    r = _checks.in_range("baseline_correlation", baseline_correlation, -1.0, 1.0, closed_lo=False)
    m = 0.0 if margin is None else _checks.positive("margin", margin)
    covariates = 1 if r != 0.0 else 0
    sd_resid = sd_ * math.sqrt(1.0 - r * r)
    # Non-inferiority is one-sided: at alpha, or at alpha/2 when stated as two-sided
    # (the lower limit of a two-sided 1 - alpha confidence interval, ICH E9).
    test_alpha, test_sides = ((a if s == 1 else a / 2.0), 1) if m else (a, s)
    if delta is not None:
        delta = _checks.number("delta", delta)
        if m and delta <= -m:
            raise InvalidParameter(
                "delta", delta, f"must be above minus the {{margin}} ({-m:g}) for non-inferiority to be "
                "shown"
            )
        if not m:
            _checks.nonzero("delta", delta)
            _positive_for_one_sided("delta", delta, s, "the treatment mean above the control mean")

    def power_at(n_t: Any, n_c: Any, d: Any) -> Any:
        shift = d + m if m else np.abs(d)
        return two_sample_power(n_t, n_c, shift, sd_resid, test_alpha, test_sides, covariates,
                                normal, directional)

    design = Design(
        procedure="two_means",
        method=TWO_MEANS_Z if normal else ANCOVA if covariates else TWO_MEANS,
        groups=2,
        power_at=power_at,
        effect_name="delta",
        effect_search=EffectSearch(lambda u: u - m, 1e-9 * sd_, sd_, 1e6 * sd_),
        min_n=max(2.0, (4.0 + covariates) / (1.0 + k)),
        min_total=4.0 + covariates,
        n_guess=None if normal else lambda d, p: z_sample_size(
            abs(d + m if m else d), sd_resid, test_alpha, test_sides, p, k),
    )
    kind = "z-test (normal approximation)" if normal else "t-test"

    def describe(res: PowerResult) -> str:
        d = res.inputs["delta"]
        if m:
            test = f"a non-inferiority {kind} (margin {num(m)}; H0: difference <= {num(-m)})"
            effect = f"a true difference in means of {num(d)}"
        else:
            test = "an ANCOVA adjusting for baseline" if covariates else f"a two-sample {kind}"
            if covariates and normal:
                test += " (normal approximation)"
            effect = f"a difference in means of {num(d)}"
        variability = sourced(f"assuming a common standard deviation of {num(sd_)}", source)
        if covariates:
            variability += (
                f" and a baseline-outcome correlation of {num(r)} "
                f"(residual standard deviation {num(sd_resid)})"
            )
        return paragraph(
            res, test=test, effect=effect, variability=variability,
            sides=test_sides, alpha=test_alpha,
        )

    inputs = {
        "delta": delta, "sd": sd_, "sides": s, "ratio": k, "dropout": loss,
        "margin": margin, "baseline_correlation": r, "approximation": approximation,
        "power_convention": power_convention, "sd_source": source or None,
    }
    return Prepared(design, delta, k, a, loss, inputs, describe, size=n_per_arm, power=power)


two_means = solved(prepare_two_means)


def prepare_one_mean(
    *,
    delta: float | None = None,
    sd: float,
    n: int | None = None,
    power: float | None = None,
    alpha: float = 0.05,
    sides: int = 2,
    dropout: float = 0.0,
    approximation: str = "exact",
    power_convention: str = "two_tailed",
    sd_source: str | None = None,
) -> Prepared:
    """Sample size, power or detectable mean of a one-sample or paired t-test.

    For a paired design, ``delta`` is the mean within-pair difference and ``sd`` the SD of
    the differences. ``approximation='normal'`` uses the known-variance z-test (Chow, Shao &
    Wang 2008, §3.1) instead of the t-test.
    """
    source, normal, directional, a, s, sd_, loss = _t_test_inputs(
        sd_source, approximation, power_convention, alpha, sides, sd, dropout)
    if delta is not None:
        delta = _checks.nonzero("delta", delta)
        _positive_for_one_sided("delta", delta, s, "a mean above 0")

    def power_at(n: Any, _n: Any, d: Any) -> Any:
        ncp = np.abs(d) * np.sqrt(n) / sd_
        return (z_power(ncp, a, s, directional) if normal
                else t_power(n - 1.0, ncp, a, s, directional))

    design = Design(
        procedure="one_mean",
        method=ONE_MEAN_Z if normal else ONE_MEAN,
        groups=1,
        power_at=power_at,
        effect_name="delta",
        effect_search=EffectSearch(lambda u: u, 1e-9 * sd_, sd_, 1e6 * sd_),
        min_n=2.0,
        size_name="n",
        n_guess=None if normal else lambda d, p: z_sample_size(abs(d), sd_, a, s, p, None),
    )

    def describe(res: PowerResult) -> str:
        return paragraph(
            res,
            test="a one-sample (or paired) " + ("z-test (normal approximation)" if normal
                                                else "t-test"),
            effect=f"a mean difference of {num(res.inputs['delta'])}",
            variability=sourced(f"assuming a standard deviation of {num(sd_)} (of the "
                                "differences, if paired)", source),
            sides=s,
        )

    inputs = {"delta": delta, "sd": sd_, "sides": s, "dropout": loss,
              "approximation": approximation, "power_convention": power_convention,
              "sd_source": source or None}
    return Prepared(design, delta, 1.0, a, loss, inputs, describe, size=n, power=power)


one_mean = solved(prepare_one_mean)


def log_sd(cv: float) -> float:
    """SD on the natural-log scale of a log-normal variable with coefficient of variation cv."""
    return math.sqrt(math.log1p(cv * cv))
