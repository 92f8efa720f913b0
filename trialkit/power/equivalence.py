"""Equivalence of means by two one-sided tests (TOST), and the 2x2 crossover design.

TOST power is exact: the probability that the 1 - 2*alpha confidence interval lies inside
(-margin, margin), integrated over the chi-square distribution of the variance estimate
(composite Gauss-Legendre, error below 1e-9; Phillips 1990 J Pharmacokinet Biopharm 18:137-144
gives the same quantity through Owen's Q). ``approximation='normal'`` gives instead the
normal-approximation formulas of Chow, Shao & Wang (2008), which for equivalence use
z_{beta/2} whatever the true difference (conservative when it is not zero). trialkit uses
exact normal quantiles; the book rounds z to two decimals, so its examples can differ by one.
"""

from __future__ import annotations

import math

import numpy as np
from scipy.special import chdtri, gammaln, ndtr, ndtri, stdtrit

from trialkit.errors import InvalidParameter
from trialkit.power import _checks
from trialkit.power._procedure import Design, EffectSearch, Prepared, solved
from trialkit.power._text import (
    level,
    num,
    paragraph,
    pct,
    sourced,
)
from trialkit.power.means import t_power, z_power
from trialkit.power.result import Method, PowerResult

TESTS = ("equality", "noninferiority", "equivalence")

TOST_EXACT = Method(
    "Two one-sided tests (TOST), exact power by integration over the distribution of the SD "
    "estimate",
    "Schuirmann (1987) J Pharmacokinet Biopharm 15:657-680; Phillips (1990) J Pharmacokinet "
    "Biopharm 18:137-144",
)
TOST_NORMAL = Method(
    "Two one-sided tests (TOST), normal approximation with z_{beta/2}",
    "Chow, Shao & Wang (2008) Sample Size Calculations in Clinical Research, 2nd ed., §3.2.4",
)
CROSSOVER_EXACT = Method(
    "2x2 crossover, t-test on within-subject differences (df = n1 + n2 - 2), exact power",
    "Chow, Shao & Wang (2008) Sample Size Calculations in Clinical Research, 2nd ed., §3.3; "
    "Phillips (1990) J Pharmacokinet Biopharm 18:137-144",
)
CROSSOVER_NORMAL = Method(
    "2x2 crossover, normal approximation",
    "Chow, Shao & Wang (2008) Sample Size Calculations in Clinical Research, 2nd ed., §3.3",
)

_NODES, _WEIGHTS = np.polynomial.legendre.leggauss(32)
_PANELS = 8
_TAIL = 1e-14


def tost_power(
    se: float, df: float, delta: float, lower: float, upper: float, alpha: float
) -> float:
    """Exact power of TOST: P(lower < CI_{1-2 alpha} < upper) for an estimate ~ N(delta, se^2).

    The SE is estimated with df degrees of freedom (se_hat^2 ~ se^2 chi2_df / df).
    """
    t = float(-stdtrit(df, alpha))
    half_ratio = (upper - lower) / (2.0 * t * se)
    v_max = df * half_ratio * half_ratio  # inf, not OverflowError, for a huge margin
    a = float(chdtri(df, 1.0 - _TAIL))
    b = min(float(chdtri(df, _TAIL)), v_max)
    if b <= a:
        return 0.0
    edges = np.linspace(a, b, _PANELS + 1)
    mid = 0.5 * (edges[:-1] + edges[1:])
    half = 0.5 * (edges[1:] - edges[:-1])
    v = (mid[:, None] + half[:, None] * _NODES[None, :]).ravel()
    w = (half[:, None] * _WEIGHTS[None, :]).ravel()
    log_density = (
        (df / 2.0 - 1.0) * np.log(v) - v / 2.0 - df / 2.0 * math.log(2.0) - gammaln(df / 2.0)
    )
    half_width = t * se * np.sqrt(v / df)
    inside = ndtr((upper - half_width - delta) / se) - ndtr((lower + half_width - delta) / se)
    total = float(np.sum(w * np.exp(log_density) * np.clip(inside, 0.0, None)))
    return min(1.0, max(0.0, total))


def normal_tost_power(se: float, delta: float, margin: float, alpha: float) -> float:
    """Chow, Shao & Wang's equivalence power 2*Phi((margin - |delta|)/se - z_alpha) - 1."""
    return max(0.0, 2.0 * float(ndtr((margin - abs(delta)) / se + ndtri(alpha))) - 1.0)


def _margin_above_delta(margin: float, delta: float) -> None:
    if margin <= abs(delta):
        raise InvalidParameter(
            "margin", margin, f"must exceed the {{delta}} in size ({abs(delta):g}): equivalence "
            "cannot be shown when the true difference lies outside the margin",
        )


def prepare_equivalence_means(
    *,
    margin: float | None = None,
    sd: float,
    delta: float = 0.0,
    n_per_arm: int | tuple[int, int] | None = None,
    power: float | None = None,
    alpha: float = 0.05,
    ratio: float = 1.0,
    dropout: float = 0.0,
    approximation: str = "exact",
    sd_source: str | None = None,
) -> Prepared:
    """Sample size, power or narrowest margin for equivalence of two means (parallel groups).

    Equivalence is shown when the 1 - 2*alpha confidence interval of the difference
    (treatment - control) lies within (-margin, margin): two one-sided tests at ``alpha``.
    ``delta`` is the assumed true difference. Leave ``margin`` unset to find the narrowest
    margin the study can establish with the given power.
    """
    source = _checks.source_text("sd_source", sd_source)
    a = _checks.below_half("alpha", alpha)
    sd_ = _checks.positive("sd", sd)
    d = _checks.number("delta", delta)
    k = _checks.ratio(ratio)
    loss = _checks.dropout(dropout)
    how = _checks.approximation(approximation)
    if margin is not None:
        margin = _checks.positive("margin", margin)
        _margin_above_delta(margin, d)

    def one_power(n_t: float, n_c: float, m: float) -> float:
        se = sd_ * math.sqrt(1.0 / n_t + 1.0 / n_c)
        if how == "normal":
            return normal_tost_power(se, d, m, a)
        return tost_power(se, n_t + n_c - 2.0, d, -m, m, a)

    power_at = np.vectorize(one_power, otypes=[float])

    design = Design(
        procedure="equivalence_means",
        method=TOST_EXACT if how == "exact" else TOST_NORMAL,
        groups=2,
        power_at=power_at,
        effect_name="margin",
        effect_search=EffectSearch(lambda u: abs(d) + u, 1e-9 * sd_, sd_, 1e6 * sd_),
        min_n=max(2.0, 3.0 / (1.0 + k)),
        min_total=3.0,
    )
    inputs = {"margin": margin, "sd": sd_, "delta": d, "sides": 1, "ratio": k, "dropout": loss,
              "approximation": how, "sd_source": source or None}

    def describe(res: PowerResult) -> str:
        m = res.inputs["margin"]
        test = f"two one-sided tests (TOST; {tost_rule(a, m)})"
        assumption = sourced(
            f"a true difference of {num(d)} and a common standard deviation of {num(sd_)}", source
        )
        return paragraph(
            res, test=test, at=f", each at {level(a, 1)},", verb="have", sides=1,
            goal="show equivalence", variability=f"assuming {assumption}",
            limit="the narrowest margin the study can establish",
        )

    return Prepared(design, margin, k, a, loss, inputs, describe, size=n_per_arm, power=power)


equivalence_means = solved(prepare_equivalence_means)


def tost_rule(alpha: float, margin: float) -> str:
    """'equivalence shown if the 90% confidence interval of the difference lies within -0.2 to
    0.2', the same words for a parallel and a crossover trial."""
    return (f"equivalence shown if the {pct(1 - 2 * alpha)} confidence interval of the "
            f"difference lies within -{num(margin)} to {num(margin)}")


def within_cv_to_sd(cv: float) -> float:
    """SD of the within-subject log difference T - R for a within-subject CV (log-normal)."""
    return math.sqrt(2.0 * math.log1p(_checks.positive("cv", cv) ** 2))


def prepare_crossover(
    *,
    delta: float | None = None,
    sd: float,
    n_per_sequence: int | tuple[int, int] | None = None,
    power: float | None = None,
    alpha: float = 0.05,
    test: str = "equality",
    margin: float | None = None,
    sides: int = 2,
    dropout: float = 0.0,
    approximation: str = "exact",
    power_convention: str = "two_tailed",
    sd_source: str | None = None,
) -> Prepared:
    """Sample size (per sequence), power or detectable difference of a 2x2 (AB/BA) crossover.

    ``sd`` is the SD of the within-subject difference between treatments (Chow, Shao & Wang's
    sigma_m; for log-normal data with within-subject CV, ``within_cv_to_sd(cv)``). ``delta``
    is the true difference treatment - control. ``test`` is 'equality' (``sides`` 1 or 2),
    'noninferiority' (H0: difference <= -margin, one-sided at ``alpha``) or 'equivalence'
    (TOST within +-margin, each test at ``alpha``; solve for power or n only).
    """
    source = _checks.source_text("sd_source", sd_source)
    directional = _checks.power_convention(power_convention) == "directional"
    a = _checks.alpha(alpha)
    sd_ = _checks.positive("sd", sd)
    loss = _checks.dropout(dropout)
    how = _checks.approximation(approximation)
    if test not in TESTS:
        raise InvalidParameter("test", test, f"must be one of {', '.join(TESTS)}")
    if test == "equivalence":
        a = _checks.below_half("alpha", alpha)
    s = _checks.sides(sides) if test == "equality" else 1
    m = 0.0
    if test != "equality":
        if margin is None:
            raise InvalidParameter("margin", margin, f"must be given (greater than 0) for a {test} test")
        m = _checks.positive("margin", margin)
    elif margin is not None:
        raise InvalidParameter("margin", margin, "applies only to noninferiority or equivalence")
    if delta is not None:
        delta = _checks.number("delta", delta)
        if test == "equality":
            _checks.nonzero("delta", delta)
            if s == 1 and delta <= 0:
                raise InvalidParameter("delta", delta, "must be greater than 0 for a one-sided test")
        elif test == "noninferiority" and delta <= -m:
            raise InvalidParameter("delta", delta, f"must be greater than minus the {{margin}} ({-m:g})")
        else:
            _margin_above_delta(m, delta)
    elif test == "equivalence":
        raise InvalidParameter("delta", delta, "must be given for an equivalence test")

    def one_power(n1: float, n2: float, dd: float) -> float:
        se = 0.5 * sd_ * math.sqrt(1.0 / n1 + 1.0 / n2)
        df = n1 + n2 - 2.0
        if test == "equivalence":
            if how == "normal":
                return normal_tost_power(se, dd, m, a)
            return tost_power(se, df, dd, -m, m, a)
        shift = dd + m if test == "noninferiority" else abs(dd)
        if how == "normal":
            return float(z_power(shift / se, a, s, directional))
        return float(t_power(df, shift / se, a, s, directional))

    power_at = np.vectorize(one_power, otypes=[float])

    design = Design(
        procedure="crossover",
        method=CROSSOVER_EXACT if how == "exact" else CROSSOVER_NORMAL,
        groups=2,
        power_at=power_at,
        effect_name="delta",
        effect_search=EffectSearch(lambda u: u - m, 1e-9 * sd_, sd_, 1e6 * sd_),
        min_n=2.0,
        size_name="n_per_sequence",
        arm_labels=("sequence AB", "sequence BA"),
    )
    inputs = {"delta": delta, "sd": sd_, "sides": s, "test": test, "margin": margin,
              "dropout": loss, "approximation": how, "power_convention": power_convention,
              "sd_source": source or None}

    def describe(res: PowerResult) -> str:
        dd = res.inputs["delta"]
        trial = "the 2x2 (AB/BA) crossover trial"
        at, verb = f" at {level(a, s)}", "has"
        if test == "equality":
            what = f"a t-test on the within-subject differences of {trial}"
            goal = f"detect a treatment difference of {num(dd)}"
        elif test == "noninferiority":
            what = f"a non-inferiority t-test (margin {num(m)}) of {trial}"
            goal = f"show non-inferiority if the true difference is {num(dd)}"
        else:
            what = f"two one-sided tests of {trial} ({tost_rule(a, m)})"
            at, verb = f", each at {level(a, 1)},", "have"
            goal = f"show equivalence if the true difference is {num(dd)}"
        sd_text = sourced(
            f"a standard deviation of the within-subject difference of {num(sd_)}", source)
        return paragraph(
            res, test=what, at=at, verb=verb, sides=s, goal=goal,
            variability=f"assuming {sd_text}", limit="the smallest such difference",
            per="per sequence", allocated=False,
        )

    return Prepared(design, delta, 1.0, a, loss, inputs, describe, size=n_per_sequence, power=power)


crossover = solved(prepare_crossover)
