"""Tests of two independent proportions (z-tests); one group is in ``single_arm``.

Two groups follow Fleiss, Levin & Paik (2003) Statistical Methods for Rates and Proportions,
3rd ed., §4.2: the "pooled" test uses the pooled variance under H0 and the unpooled one
under H1 (R's power.prop.test, Stata's power twoproportions); "unpooled" uses the unpooled
variance throughout; "arcsine" is Cohen's h (R's pwr.2p.test). With sides=2 both
rejection regions count.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np
from scipy import special

from trialkit.errors import InvalidParameter
from trialkit.power import _checks
from trialkit.power._procedure import Design, Prepared, solved
from trialkit.power._text import paragraph, pct
from trialkit.power.farrington import prepare_farrington_manning, rate_above, rate_inputs
from trialkit.power.farrington_equivalence import prepare_equivalence
from trialkit.power.means import critical_z
from trialkit.power.result import Method, PowerResult

METHODS = {
    "pooled": Method(
        "Two-sample z-test of proportions, pooled variance under H0 and unpooled under H1",
        "Fleiss, Levin & Paik (2003) Statistical Methods for Rates and Proportions, 3rd ed., §4.2",
    ),
    "unpooled": Method(
        "Two-sample z-test of proportions, unpooled variance",
        "Chow, Shao & Wang (2008) Sample Size Calculations in Clinical Research, 2nd ed., §4.2",
    ),
    "arcsine": Method(
        "Two-sample z-test on the arcsine-transformed proportions (Cohen's h)",
        "Cohen (1988) Statistical Power Analysis for the Behavioral Sciences, 2nd ed., ch. 6",
    ),
}
CONTINUITY_REF = "continuity-corrected (Fleiss, Tytun & Ury (1980) Biometrics 36:343-346)"


def z_power(
    signal: Any, se0: Any, se1: Any, alpha: Any, sides: int, correction: Any = 0.0,
    directional: bool = False,
) -> Any:
    """Power of a z-test rejecting when |estimate| > z * se0 + correction, estimate ~ N(signal, se1^2).

    ``signal`` >= 0; with sides=2 the lower region (estimate < -z * se0 - correction) counts
    too, unless ``directional``.
    """
    z = critical_z(alpha, sides)
    upper = special.ndtr((signal - correction - z * se0) / se1)
    if sides == 1 or directional:
        return upper
    return upper + special.ndtr((-signal - correction - z * se0) / se1)


def standard_errors(n_t: Any, n_c: Any, p1: Any, p2: Any, method: str) -> tuple[Any, Any]:
    """The difference's standard error under H0 and under H1 (vectorised): pooled or not."""
    se1 = np.sqrt(p1 * (1.0 - p1) / n_t + p2 * (1.0 - p2) / n_c)
    if method != "pooled":
        return se1, se1
    pbar = (n_t * p1 + n_c * p2) / (n_t + n_c)
    return np.sqrt(pbar * (1.0 - pbar) * (1.0 / n_t + 1.0 / n_c)), se1


def two_proportions_power(
    n_t: Any, n_c: Any, p1: Any, p2: Any, alpha: Any, sides: int, method: str, continuity: bool,
    directional: bool = False,
) -> Any:
    """Power of the two-sample test of p1 (treatment) vs p2 (control), vectorised.

    The continuity-corrected test rejects when |p1_hat - p2_hat| exceeds the critical value
    by (1/n_t + 1/n_c) / 2 in either direction (Fleiss, Tytun & Ury 1980), so the correction
    lowers both tails' power.
    """
    if method == "arcsine":
        h = np.abs(2.0 * np.arcsin(np.sqrt(p1)) - 2.0 * np.arcsin(np.sqrt(p2)))
        return z_power(h * np.sqrt(n_t * n_c / (n_t + n_c)), 1.0, 1.0, alpha, sides,
                       directional=directional)
    diff = np.abs(p1 - p2)
    se0, se1 = standard_errors(n_t, n_c, p1, p2, method)
    correction = 0.5 * (1.0 / n_t + 1.0 / n_c) if continuity else 0.0
    return z_power(diff, se0, se1, alpha, sides, correction, directional)


def prepare_two_proportions(
    *,
    p1: float | None = None,
    p2: float,
    n_per_arm: int | tuple[int, int] | None = None,
    power: float | None = None,
    alpha: float = 0.05,
    sides: int = 2,
    ratio: float = 1.0,
    dropout: float = 0.0,
    method: str = "pooled",
    continuity: bool = False,
    power_convention: str = "two_tailed",
    margin: float | None = None,
    scale: str = "difference",
    equivalence: bool = False,
) -> Prepared:
    """Sample size, power or detectable rate for comparing two independent proportions.

    ``p1`` is the treatment arm's rate and ``p2`` the control's. When p1 is solved for, the
    detectable treatment rate above p2 is returned. ``margin`` with
    ``method='farrington_manning'`` tests non-inferiority (H0: p1 - p2 <= -margin), one-sided
    at alpha (sides=1) or alpha/2 (sides=2, a two-sided confidence interval's lower limit).
    With ``scale='ratio'`` the margin is the smallest acceptable ratio p1 / p2 (H0: p1 / p2
    <= margin, e.g. 0.8); with ``scale='odds_ratio'`` the smallest acceptable odds ratio (H0:
    OR <= margin; above 1 a superiority-by-a-margin test), by the score test of Miettinen &
    Nurminen (1985). ``equivalence=True`` tests equivalence instead: two one-sided
    Farrington-Manning tests, the difference within +-margin (or the ratio or odds ratio
    between margin and 1 / margin).
    """
    if not isinstance(equivalence, bool):
        raise InvalidParameter("equivalence", equivalence, "must be True or False")
    if (margin is not None or method == "farrington_manning" or scale != "difference"
            or equivalence):
        prepared = _non_inferiority(p1, p2, alpha, sides, ratio, dropout, method, continuity,
                                    power_convention, margin, scale, equivalence)
    else:
        prepared = _superiority(p1, p2, alpha, sides, ratio, dropout, method, continuity,
                                power_convention)
    return dataclasses.replace(prepared, size=n_per_arm, power=power)


def _superiority(
    p1: Any, p2: Any, alpha: Any, sides: Any, ratio: Any, dropout: Any, method: str,
    continuity: bool, power_convention: str,
) -> Prepared:
    """A z-test of p1 against p2 (no margin): its checked inputs, power function and text."""
    directional = _checks.power_convention(power_convention) == "directional"
    a, s, k, loss, p2_ = rate_inputs(alpha, sides, ratio, dropout, p2)
    if method not in METHODS:
        raise InvalidParameter("method", method, f"must be one of {', '.join(METHODS)}")
    if continuity and method == "arcsine":
        raise InvalidParameter(
            "continuity", continuity, "applies to the pooled and unpooled methods only"
        )
    if p1 is not None:
        p1 = _checks.open_unit("p1", p1)
        if p1 == p2_:
            raise InvalidParameter("p1", p1, f"must differ from {{p2}} ({p2_:g})")
        if s == 1 and p1 < p2_:
            raise InvalidParameter(
                "p1", p1, f"must be above {{p2}} ({p2_:g}) for a one-sided test (its alternative: "
                "{{p1}} above {{p2}})",
                hint="for an outcome where lower is better, give the rates of the complementary event",
            )

    def power_at(n_t: Any, n_c: Any, rate: Any) -> Any:
        return two_proportions_power(n_t, n_c, rate, p2_, a, s, method, continuity, directional)

    method_used = METHODS[method]
    if continuity:
        method_used = Method(f"{method_used.name}, {CONTINUITY_REF}", method_used.reference)
    design = Design(
        procedure="two_proportions",
        method=method_used,
        groups=2,
        power_at=power_at,
        effect_name="p1",
        effect_search=rate_above(p2_),
        min_n=2.0,
    )

    def describe(res: PowerResult) -> str:
        test = {
            "pooled": "a two-sample z-test of proportions (pooled variance under the null)",
            "unpooled": "a two-sample z-test of proportions (unpooled variance)",
            "arcsine": "a two-sample z-test on arcsine-transformed proportions (Cohen's h)",
        }[method]
        if continuity:
            test += " with continuity correction"
        effect = (
            f"a difference between a response rate of {pct(res.inputs['p1'])} "
            f"with treatment and {pct(p2_)} with control"
        )
        return paragraph(res, test=test, effect=effect, sides=s)

    inputs = {
        "p1": p1, "p2": p2_, "sides": s, "ratio": k, "dropout": loss,
        "method": method, "continuity": bool(continuity), "power_convention": power_convention,
    }
    return Prepared(design, p1, k, a, loss, inputs, describe)


def _non_inferiority(
    p1: Any, p2: Any, alpha: Any, sides: Any, ratio: Any, dropout: Any, method: str,
    continuity: bool, power_convention: str, margin: Any, scale: str, equivalence: bool,
) -> Prepared:
    """A margin asks for non-inferiority (or, with ``equivalence``, equivalence), tested by
    Farrington & Manning's score tests."""
    _checks.power_convention(power_convention)
    aim = "an equivalence" if equivalence else "a non-inferiority"
    if method != "farrington_manning":
        raise InvalidParameter("method", method, f"must be 'farrington_manning' when {aim} "
                               "margin is given")
    if margin is None:
        on = "" if scale == "difference" else f" on the {scale.replace('_', ' ')} scale"
        raise InvalidParameter("margin", None, "must be given (greater than 0) with "
                               f"method='farrington_manning', a non-inferiority test{on}")
    if continuity:
        raise InvalidParameter("continuity", continuity,
                               "applies to the pooled and unpooled methods only")
    if equivalence:
        return prepare_equivalence(p1=p1, p2=p2, margin=margin, alpha=alpha, sides=sides,
                                   ratio=ratio, dropout=dropout, scale=scale)
    return prepare_farrington_manning(p1=p1, p2=p2, margin=margin, alpha=alpha, sides=sides,
                                      ratio=ratio, dropout=dropout, scale=scale)


two_proportions = solved(prepare_two_proportions)
