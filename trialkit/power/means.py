"""t-tests for means: two groups (superiority, non-inferiority, ANCOVA), one group, log-normal ratios.

Power is exact, from the noncentral t distribution; with sides=2 both rejection regions
count (as in G*Power and statsmodels; R's power.t.test counts only the upper one unless
strict=TRUE, a difference below 1e-6 at the usual effects).
"""

from __future__ import annotations

import math
from typing import Any

from scipy import special

from trialkit.errors import InvalidParameter
from trialkit.power import _checks
from trialkit.power._procedure import Design, EffectSearch, run
from trialkit.power._text import num, paragraph
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
ONE_MEAN = Method(
    "One-sample (or paired) t-test, exact power from the noncentral t distribution",
    "Chow, Shao & Wang (2008) Sample Size Calculations in Clinical Research, 2nd ed., §3.1",
)
LOG_RATIO = Method(
    "Two-sample t-test on log-transformed values (ratio of geometric means), "
    "log-scale SD sqrt(ln(1 + CV^2)), exact noncentral t",
    "Julious (2004) Stat Med 23:1921-1986, §7",
)


def t_power(df: Any, ncp: Any, alpha: float, sides: int) -> Any:
    """Power of a t-test with df degrees of freedom and noncentrality ncp (vectorised).

    One-sided tests reject in the upper tail; two-sided tests count both tails.
    """
    if sides == 1:
        crit = special.stdtrit(df, 1.0 - alpha)
        return 1.0 - special.nctdtr(df, ncp, crit)
    crit = special.stdtrit(df, 1.0 - alpha / 2.0)
    return 1.0 - special.nctdtr(df, ncp, crit) + special.nctdtr(df, ncp, -crit)


def two_sample_power(
    n_t: Any, n_c: Any, shift: Any, sd: Any, alpha: float, sides: int, covariates: int = 0
) -> Any:
    """Power of the two-sample t-test of a mean shift (vectorised over every argument)."""
    df = n_t + n_c - 2 - covariates
    ncp = shift / (sd * (1.0 / n_t + 1.0 / n_c) ** 0.5)
    return t_power(df, ncp, alpha, sides)


def _signed_effect(name: str, value: float, sides: int, direction: str) -> float:
    if sides == 1 and value <= 0:
        raise InvalidParameter(
            name,
            value,
            f"must be > 0 for a one-sided test (H1: {direction})",
            hint="for an outcome where lower is better, give the benefit as a positive number",
        )
    return value


def two_means(
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
) -> PowerResult:
    """Sample size, power or detectable difference of a two-sample t-test.

    ``delta`` is the true difference treatment - control. ``margin > 0`` turns the test into
    non-inferiority (H0: difference <= -margin), tested one-sided at ``alpha`` (sides=1) or
    at alpha/2 (sides=2, the lower limit of a two-sided 1 - alpha confidence interval).
    ``baseline_correlation`` r sizes an ANCOVA adjusting for baseline.
    """
    a = _checks.alpha(alpha)
    s = _checks.sides(sides)
    sd_ = _checks.positive("sd", sd)
    k = _checks.ratio(ratio)
    loss = _checks.dropout(dropout)
    r = _checks.in_range("baseline_correlation", baseline_correlation, -1.0, 1.0, closed_lo=False)
    m = 0.0 if margin is None else _checks.positive("margin", margin)
    covariates = 1 if r != 0.0 else 0
    sd_resid = sd_ * math.sqrt(1.0 - r * r)
    if m:
        test_alpha, test_sides = (a if s == 1 else a / 2.0), 1
    else:
        test_alpha, test_sides = a, s
    if delta is not None:
        delta = _checks.number("delta", delta)
        if m and delta <= -m:
            raise InvalidParameter(
                "delta", delta, f"must be > -margin = {-m:g} for non-inferiority to be shown"
            )
        if not m:
            _checks.nonzero("delta", delta)
            _signed_effect("delta", delta, s, "treatment mean > control mean")

    def power_at(n_t: float, n_c: float, d: float) -> float:
        shift = d + m if m else abs(d)
        return float(two_sample_power(n_t, n_c, shift, sd_resid, test_alpha, test_sides, covariates))

    design = Design(
        procedure="two_means",
        method=ANCOVA if covariates else TWO_MEANS,
        groups=2,
        power_at=power_at,
        effect_name="delta",
        effect_search=EffectSearch(lambda u: u - m, 1e-9 * sd_, sd_, 1e6 * sd_),
        min_n=max(2.0, (4.0 + covariates) / (1.0 + k)),
    )
    inputs = {
        "delta": delta, "sd": sd_, "sides": s, "ratio": k, "dropout": loss,
        "margin": margin, "baseline_correlation": r,
    }

    def describe(res: PowerResult) -> str:
        d = res.inputs["delta"]
        if m:
            test = f"a non-inferiority t-test (margin {num(m)}; H0: difference <= {num(-m)})"
            sidedness = 1
            alpha_shown = test_alpha
            effect = f"a true difference in means of {num(d)}"
        else:
            test = "an ANCOVA adjusting for baseline" if covariates else "a two-sample t-test"
            sidedness, alpha_shown = s, a
            effect = f"a difference in means of {num(d)}"
        variability = f"assuming a common standard deviation of {num(sd_)}"
        if covariates:
            variability += (
                f" and a baseline-outcome correlation of {num(r)} "
                f"(residual standard deviation {num(sd_resid)})"
            )
        return paragraph(
            res, test=test, effect=effect, variability=variability, sides=sidedness,
            alpha=alpha_shown,
        )

    return run(
        design, effect=delta, n_per_arm=n_per_arm, ratio=k, power=power, alpha=a,
        dropout=loss, inputs=inputs, describe=describe,
    )



def one_mean(
    *,
    delta: float | None = None,
    sd: float,
    n: int | None = None,
    power: float | None = None,
    alpha: float = 0.05,
    sides: int = 2,
    dropout: float = 0.0,
) -> PowerResult:
    """Sample size, power or detectable mean of a one-sample or paired t-test.

    For a paired design, ``delta`` is the mean within-pair difference and ``sd`` the SD of
    the differences.
    """
    a = _checks.alpha(alpha)
    s = _checks.sides(sides)
    sd_ = _checks.positive("sd", sd)
    loss = _checks.dropout(dropout)
    if delta is not None:
        delta = _checks.nonzero("delta", delta)
        _signed_effect("delta", delta, s, "mean > 0")

    def power_at(n_: float, _n: float, d: float) -> float:
        return float(t_power(n_ - 1.0, abs(d) * math.sqrt(n_) / sd_, a, s))

    design = Design(
        procedure="one_mean",
        method=ONE_MEAN,
        groups=1,
        power_at=power_at,
        effect_name="delta",
        effect_search=EffectSearch(lambda u: u, 1e-9 * sd_, sd_, 1e6 * sd_),
        min_n=2.0,
        size_name="n",
    )
    inputs = {"delta": delta, "sd": sd_, "sides": s, "dropout": loss}

    def describe(res: PowerResult) -> str:
        return paragraph(
            res,
            test="a one-sample (or paired) t-test",
            effect=f"a mean difference of {num(res.inputs['delta'])}",
            variability=f"assuming a standard deviation of {num(sd_)} (of the differences, if paired)",
            sides=s,
        )

    return run(
        design, effect=delta, n_per_arm=n, ratio=1.0, power=power, alpha=a, dropout=loss,
        inputs=inputs, describe=describe,
    )


def log_sd(cv: float) -> float:
    """SD on the natural-log scale of a log-normal variable with coefficient of variation cv."""
    return math.sqrt(math.log1p(cv * cv))


def ratio_of_means(
    *,
    ratio: float | None = None,
    cv: float,
    n_per_arm: int | tuple[int, int] | None = None,
    power: float | None = None,
    alpha: float = 0.05,
    sides: int = 2,
    allocation: float = 1.0,
    dropout: float = 0.0,
) -> PowerResult:
    """Two-sample t-test on the log scale for a ratio of (geometric) means treatment/control.

    ``ratio`` is the ratio of means to detect and ``cv`` the coefficient of variation on the
    original scale. Because ``ratio`` names the effect here, the allocation ratio
    (treatment:control) is the ``allocation`` argument.
    """
    a = _checks.alpha(alpha)
    s = _checks.sides(sides)
    cv_ = _checks.positive("cv", cv)
    k = _checks.positive("allocation", allocation)
    loss = _checks.dropout(dropout)
    sd_log = log_sd(cv_)
    if ratio is not None:
        ratio = _checks.positive("ratio", ratio)
        if ratio == 1.0:
            raise InvalidParameter("ratio", ratio, "must differ from 1 (no effect leaves nothing to detect)")
        if s == 1 and ratio < 1.0:
            raise InvalidParameter(
                "ratio", ratio, "must be > 1 for a one-sided test (H1: treatment mean > control mean)",
                hint="for an outcome where lower is better, give control/treatment instead",
            )

    def power_at(n_t: float, n_c: float, rho: float) -> float:
        return float(two_sample_power(n_t, n_c, abs(math.log(rho)), sd_log, a, s))

    design = Design(
        procedure="ratio_of_means",
        method=LOG_RATIO,
        groups=2,
        power_at=power_at,
        effect_name="ratio",
        effect_search=EffectSearch(math.exp, 1e-9, 0.5, 50.0),
        min_n=max(2.0, 4.0 / (1.0 + k)),
        allocation_name="allocation",
    )
    inputs = {"ratio": ratio, "cv": cv_, "sd_log": sd_log, "sides": s, "allocation": k, "dropout": loss}

    def describe(res: PowerResult) -> str:
        return paragraph(
            res,
            test="a two-sample t-test on log-transformed values",
            effect=f"a ratio of geometric means (treatment/control) of {num(res.inputs['ratio'])}",
            variability=(
                f"assuming a coefficient of variation of {num(cv_)} "
                f"(standard deviation {num(sd_log)} on the natural-log scale)"
            ),
            sides=s,
            allocation_name="allocation",
        )

    return run(
        design, effect=ratio, n_per_arm=n_per_arm, ratio=k, power=power, alpha=a, dropout=loss,
        inputs=inputs, describe=describe,
    )
