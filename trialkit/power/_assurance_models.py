"""How assurance sees each design: its test of one effect theta on the analysis scale.

Each builder reads a PowerResult's inputs and gives the probability of a significant result
in favour of treatment at any theta (the power with the effect's sign kept), and, for tests of
a location with a known standard error, what the closed forms need.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy import special

from trialkit.errors import InvalidParameter
from trialkit.power.farrington import farrington_manning_power, null_boundary
from trialkit.power.means import log_sd, nct_cdf
from trialkit.power.proportions import standard_errors as proportion_standard_errors
from trialkit.power.rates import standard_errors as rate_standard_errors
from trialkit.power.result import PowerResult
from trialkit.power.single_arm import exact_binomial_test

Favourable = Callable[[float, float, Any], Any]
"""(n_treatment, n_control, theta array) -> probability of a favourable significant result."""


@dataclass(frozen=True)
class Model:
    """What assurance needs from a design: its test on the analysis scale theta."""

    effect: str
    """The effect in words ('difference in means')."""
    direction: float
    """+1 when larger theta favours treatment, -1 when smaller does."""
    theta_0: float
    """The null boundary of theta (0, or -margin for non-inferiority)."""
    favourable: Favourable
    log_scale: bool = False
    se: Callable[[float, float], float] | None = None
    """Standard error of theta_hat at (n_t, n_c), for the closed forms (None: integrate)."""
    df: Callable[[float, float], float] | None = None
    """Degrees of freedom of a t-test (None: a z-test)."""
    crit: Callable[[float, float], float] = lambda n_t, n_c: 0.0
    """The favourable critical value of the standardised statistic at (n_t, n_c)."""
    support: tuple[float, float] = (-math.inf, math.inf)
    groups: int = 2
    min_n: float = 2.0
    size_name: str = "n_per_arm"
    discrete: bool = False
    """Power jumps between whole sample sizes (an exact test): search them one by one."""


def model_of(result: PowerResult) -> Model:
    """The test of ``result``'s design, as assurance sees it; other designs are refused."""
    builders: dict[str, Callable[[Any], Model]] = {
        "two_means": _two_means, "one_mean": _one_mean, "ratio_of_means": _ratio_of_means,
        "logrank": _logrank, "two_proportions": _two_proportions, "two_rates": _two_rates,
        "crossover": _crossover, "one_proportion": _one_proportion,
    }
    build = builders.get(result.procedure)
    if build is None:
        raise InvalidParameter(
            "result", result.procedure,
            f"assurance covers fixed designs with one effect: {', '.join(builders)}",
        )
    return build(result.inputs)


def _sign(x: float) -> float:
    return 1.0 if x >= 0 else -1.0


def _location(
    *, effect: str, direction: float, theta_0: float, se: Callable[[float, float], float],
    df: Callable[[float, float], float] | None, tail: float, **rest: Any,
) -> Model:
    """A test rejecting favourably when direction * (theta_hat - theta_0) / se > crit."""

    def crit(n_t: float, n_c: float) -> float:
        if df is None:
            return float(special.ndtri(1.0 - tail))
        return float(special.stdtrit(df(n_t, n_c), 1.0 - tail))

    def favourable(n_t: float, n_c: float, theta: Any) -> Any:
        ncp = direction * (np.asarray(theta, dtype=float) - theta_0) / se(n_t, n_c)
        if df is None:
            return special.ndtr(ncp - crit(n_t, n_c))
        return 1.0 - nct_cdf(df(n_t, n_c), ncp, crit(n_t, n_c))

    return Model(effect=effect, direction=direction, theta_0=theta_0, favourable=favourable,
                  se=se, df=df, crit=crit, **rest)


def _normal(inputs: Any) -> bool:
    return bool(inputs.get("approximation") == "normal")


def _two_means(inputs: Any) -> Model:
    r = float(inputs.get("baseline_correlation") or 0.0)
    covariates = 1 if r else 0
    sd = float(inputs["sd"]) * math.sqrt(1.0 - r * r)
    alpha, sides, margin = float(inputs["alpha"]), int(inputs["sides"]), inputs.get("margin")
    if margin:  # non-inferiority: one-sided at alpha, or alpha/2 when stated two-sided
        theta_0, direction, tail = -float(margin), 1.0, alpha / 2.0 if sides == 2 else alpha
    else:
        theta_0, direction, tail = 0.0, _sign(float(inputs["delta"])), alpha / sides

    def se(n_t: float, n_c: float) -> float:
        return sd * math.sqrt(1.0 / n_t + 1.0 / n_c)

    def df(n_t: float, n_c: float) -> float:
        return n_t + n_c - 2.0 - covariates

    return _location(effect="difference in means", direction=direction, theta_0=theta_0, se=se,
                     df=None if _normal(inputs) else df, tail=tail, min_n=3.0)


def _one_mean(inputs: Any) -> Model:
    sd = float(inputs["sd"])

    def se(n: float, _n: float) -> float:
        return sd / math.sqrt(n)

    def df(n: float, _n: float) -> float:
        return n - 1.0

    return _location(effect="mean difference", direction=_sign(float(inputs["delta"])),
                     theta_0=0.0, se=se, df=None if _normal(inputs) else df,
                     tail=float(inputs["alpha"]) / int(inputs["sides"]), groups=1, size_name="n")


def _ratio_of_means(inputs: Any) -> Model:
    effect = inputs["mean_ratio"] if "mean_ratio" in inputs else inputs["ratio"]
    sd = log_sd(float(inputs["cv"]))

    def se(n_t: float, n_c: float) -> float:
        return sd * math.sqrt(1.0 / n_t + 1.0 / n_c)

    def df(n_t: float, n_c: float) -> float:
        return n_t + n_c - 2.0

    return _location(effect="ratio of geometric means", direction=_sign(math.log(effect)),
                     theta_0=0.0, se=se, df=df,
                     tail=float(inputs["alpha"]) / int(inputs["sides"]), log_scale=True,
                     min_n=3.0)


def _logrank(inputs: Any) -> Model:
    k, hr = float(inputs["ratio"]), float(inputs["hazard_ratio"])
    share = k / (1.0 + k)
    tail = float(inputs["alpha"]) / int(inputs["sides"])
    direction = _sign(math.log(hr))
    common: dict[str, Any] = {"effect": "hazard ratio", "log_scale": True, "groups": 1, "min_n": 1.0,
              "size_name": "events"}
    if inputs["method"] == "schoenfeld":
        def se(events: float, _e: float) -> float:
            return 1.0 / math.sqrt(events * share * (1.0 - share))

        return _location(direction=direction, theta_0=0.0, se=se, df=None, tail=tail, **common)
    z = float(special.ndtri(1.0 - tail))

    def favourable(events: float, _e: float, theta: Any) -> Any:
        h = np.exp(np.asarray(theta, dtype=float))  # Freedman (1982): the statistic's mean
        return special.ndtr(-direction * math.sqrt(events * k) * (1.0 - h) / (1.0 + k * h) - z)

    return Model(direction=direction, theta_0=0.0, favourable=favourable, **common)


def _two_proportions(inputs: Any) -> Model:
    p2, method, continuity = float(inputs["p2"]), inputs["method"], bool(inputs["continuity"])
    if method == "farrington_manning":
        return _farrington_manning(inputs)
    direction = _sign(float(inputs["p1"]) - p2)
    z = float(special.ndtri(1.0 - float(inputs["alpha"]) / int(inputs["sides"])))

    def favourable(n_t: float, n_c: float, p1: Any) -> Any:
        """Fleiss, Levin & Paik (2003) §4.2, with the difference kept signed."""
        p1 = np.asarray(p1, dtype=float)
        if method == "arcsine":
            h = 2.0 * (np.arcsin(np.sqrt(p1)) - math.asin(math.sqrt(p2)))
            return special.ndtr(direction * h * math.sqrt(n_t * n_c / (n_t + n_c)) - z)
        se0, se1 = proportion_standard_errors(n_t, n_c, p1, p2, method)
        signal = direction * (p1 - p2)
        if continuity:
            signal = signal - 0.5 * (1.0 / n_t + 1.0 / n_c)
        return special.ndtr((signal - z * se0) / se1)

    return Model(effect="treatment response rate", direction=direction, theta_0=p2,
                  favourable=favourable, support=(0.0, 1.0))


def _farrington_manning(inputs: Any) -> Model:
    """Non-inferiority: favourable means beyond the null boundary p2 - margin; equivalence
    has no single favourable direction and is refused."""
    if inputs.get("equivalence"):
        raise InvalidParameter("result", "two-proportion equivalence", "assurance covers "
                               "superiority and non-inferiority of two proportions, not "
                               "equivalence")
    p2, margin = float(inputs["p2"]), float(inputs["margin"])
    alpha, sides = float(inputs["alpha"]), int(inputs["sides"])
    test_alpha = alpha if sides == 1 else alpha / 2.0
    scale = inputs.get("scale", "difference")

    def favourable(n_t: float, n_c: float, p1: Any) -> Any:
        return farrington_manning_power(n_t, n_c, np.asarray(p1, dtype=float), p2, margin,
                                        test_alpha, scale)

    boundary = null_boundary(p2, margin, scale)
    return Model(effect="treatment response rate", direction=1.0, theta_0=boundary,
                 favourable=favourable, support=(0.0, 1.0))


def _crossover(inputs: Any) -> Model:
    """2x2 crossover: a t-test on the within-subject differences (equality or
    non-inferiority); equivalence has no single favourable direction and is refused."""
    test = inputs["test"]
    if test == "equivalence":
        raise InvalidParameter("result", "crossover equivalence", "assurance covers equality "
                               "and non-inferiority crossover designs, not equivalence")
    sd, alpha, sides = float(inputs["sd"]), float(inputs["alpha"]), int(inputs["sides"])
    if test == "noninferiority":
        theta_0, direction, tail = -float(inputs["margin"]), 1.0, alpha
    else:
        theta_0, direction, tail = 0.0, _sign(float(inputs["delta"])), alpha / sides

    def se(n1: float, n2: float) -> float:
        return 0.5 * sd * math.sqrt(1.0 / n1 + 1.0 / n2)

    def df(n1: float, n2: float) -> float:
        return n1 + n2 - 2.0

    return _location(effect="difference between treatments", direction=direction,
                     theta_0=theta_0, se=se, df=None if _normal(inputs) else df, tail=tail,
                     size_name="n_per_sequence")


def _one_proportion(inputs: Any) -> Model:
    """Single arm: the exact binomial test (its rejection limit fixed by n) or the z-test."""
    p0, alpha, sides = float(inputs["p0"]), float(inputs["alpha"]), int(inputs["sides"])
    direction = _sign(float(inputs["p1"]) - p0)
    upper = direction > 0

    def favourable(n: float, _n: float, p1: Any) -> Any:
        p1 = np.asarray(p1, dtype=float)
        if inputs["exact"]:
            k_up, k_down, _ = exact_binomial_test(np.array([n]), p0, alpha, sides, upper)
            if upper:  # P(X >= k_up) and P(X <= k_down) for X ~ Bin(n, p1)
                return special.bdtrc(float(k_up[0]) - 1.0, int(n), p1)
            return special.bdtr(float(k_down[0]), int(n), p1)
        z = special.ndtri(1.0 - alpha / sides)
        shift = direction * (p1 - p0) - z * math.sqrt(p0 * (1.0 - p0) / n)
        return special.ndtr(shift / np.sqrt(p1 * (1.0 - p1) / n))

    return Model(effect="response rate", direction=direction, theta_0=p0,
                 favourable=favourable, support=(0.0, 1.0), groups=1, size_name="n",
                 min_n=1.0, discrete=bool(inputs["exact"]))


def _two_rates(inputs: Any) -> Model:
    rate2, t, k = float(inputs["rate2"]), float(inputs["exposure"]), float(inputs["overdispersion"])
    method = inputs["method"]
    direction = _sign(math.log(float(inputs["rate1"]) / rate2))
    z = float(special.ndtri(1.0 - float(inputs["alpha"]) / int(inputs["sides"])))

    def favourable(n_t: float, n_c: float, theta: Any) -> Any:
        """Zhu & Lakkis (2014): the Wald test of the log rate ratio theta, kept signed."""
        theta = np.asarray(theta, dtype=float)
        se0, se1 = rate_standard_errors(n_t, n_c, rate2 * np.exp(theta) * t, rate2 * t, k, method)
        return special.ndtr((direction * theta - z * se0) / se1)

    return Model(effect="rate ratio", direction=direction, theta_0=0.0,
                  favourable=favourable, log_scale=True)
