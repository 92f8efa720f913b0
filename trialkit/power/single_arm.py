"""A single proportion against a null rate: the exact binomial test (A'Hern 2001) and its
normal approximation, for single-arm trials.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from scipy import special

from trialkit.errors import InvalidParameter, NoSolution
from trialkit.power import _checks
from trialkit.power._procedure import Design, EffectSearch, Prepared, run
from trialkit.power._solve import solve_increasing
from trialkit.power._text import num, paragraph, pct
from trialkit.power.means import critical_z
from trialkit.power.result import Method, PowerResult

EXACT_ONE = Method(
    "Exact binomial test of a single proportion",
    "A'Hern (2001) Stat Med 20:859-866; Chernick & Liu (2002) Am Stat 56:149-155",
)
NORMAL_ONE = Method(
    "One-sample z-test of a proportion (normal approximation)",
    "Chow, Shao & Wang (2008) Sample Size Calculations in Clinical Research, 2nd ed., §4.1",
)


def exact_binomial_test(
    n: np.ndarray, p0: float, alpha: float, sides: int, upper: bool
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Rejection limits of the exact binomial test of p0 for each n (vectorised).

    Returns (k_upper, k_lower, size): reject when X >= k_upper or X <= k_lower (a limit of
    n + 1 or -1 never rejects). One-sided tests use only the tail named by ``upper``; two-sided
    tests give each tail at most alpha / 2.
    """
    n = np.asarray(n, dtype=float)
    tail_alpha = alpha / sides
    never_up, never_down = n + 1.0, np.full_like(n, -1.0)
    k_up, k_down = never_up, never_down
    if sides == 2 or upper:
        k_up = _smallest_upper_limit(n, p0, tail_alpha)
    if sides == 2 or not upper:
        # X <= k under p0 mirrors n - X >= n - k under 1 - p0.
        k_down = n - _smallest_upper_limit(n, 1.0 - p0, tail_alpha)
    size = _upper_tail(k_up, n, p0) + _lower_tail(k_down, n, p0)
    return k_up, k_down, size


def _upper_tail(k: np.ndarray, n: np.ndarray, p: Any) -> np.ndarray:
    """P(X >= k) for X ~ Bin(n, p): one when k <= 0, zero when k > n."""
    inside = (k >= 1) & (k <= n)
    tail = special.bdtrc(np.where(inside, k - 1.0, 0.0), n.astype(np.int64), p)
    return np.where(inside, tail, np.where(k < 1, 1.0, 0.0))


def _lower_tail(k: np.ndarray, n: np.ndarray, p: Any) -> np.ndarray:
    """P(X <= k) for X ~ Bin(n, p): zero when k < 0."""
    return np.where(k >= 0, special.bdtr(np.maximum(k, 0.0), n.astype(np.int64), p), 0.0)


def _smallest_upper_limit(n: np.ndarray, p: float, alpha: float) -> np.ndarray:
    """Smallest k with P(X >= k | n, p) <= alpha (n + 1 when no k qualifies).

    A few unit steps from the normal-approximation start settle almost every n; bisection
    on what is left bounds the work at log2(n) evaluations whatever the inputs.
    """
    z = -special.ndtri(alpha)
    k = np.clip(np.floor(n * p + z * np.sqrt(n * p * (1.0 - p))), 0.0, n + 1.0)
    for _ in range(8):
        too_small = (k <= n) & (_upper_tail(k, n, p) > alpha)
        too_big = (k >= 1) & (_upper_tail(k - 1.0, n, p) <= alpha)
        if not (too_small.any() or too_big.any()):
            return k
        k = k + too_small - too_big
    lo, hi = np.full_like(n, -1.0), n + 1.0  # tail(lo + 1) > alpha is not yet known; tail(hi) = 0
    while np.any(hi - lo > 1.0):
        mid = np.floor((lo + hi) / 2.0)
        meets = _upper_tail(mid, n, p) <= alpha
        hi, lo = np.where(meets, mid, hi), np.where(meets, lo, mid)
    return hi


def exact_one_proportion_power(
    n: Any, p0: float, p1: Any, alpha: float, sides: int, directional: bool = False
) -> np.ndarray:
    """Exact power of the binomial test of p0 when the true rate is p1 (vectorised over n).

    ``directional`` counts, for a two-sided test, only the rejections in p1's direction.
    """
    upper = bool(np.all(np.asarray(p1) > p0))
    n_arr = np.asarray(n, dtype=float)
    k_up, k_down, _ = exact_binomial_test(n_arr, p0, alpha, sides, upper)
    if directional and sides == 2:
        return _upper_tail(k_up, n_arr, p1) if upper else _lower_tail(k_down, n_arr, p1)
    return _upper_tail(k_up, n_arr, p1) + _lower_tail(k_down, n_arr, p1)


def _one_proportion_inputs(
    p0: Any, p1: Any, alpha: Any, sides: Any, dropout: Any
) -> tuple[float, float | None, float, int, float]:
    a = _checks.alpha(alpha)
    s = _checks.sides(sides)
    loss = _checks.dropout(dropout)
    p0_ = _checks.open_unit("p0", p0)
    if p1 is not None:
        p1 = _checks.open_unit("p1", p1)
        if p1 == p0_:
            raise InvalidParameter("p1", p1, f"must differ from {{p0}} ({p0_:g})")
    return p0_, p1, a, s, loss


def prepare_one_proportion_normal(
    *, p0: float, p1: float | None = None, alpha: float = 0.05, sides: int = 1,
    dropout: float = 0.0, power_convention: str = "two_tailed",
) -> Prepared:
    """The normal-approximation z-test of one proportion."""
    p0_, p1_, a, s, loss = _one_proportion_inputs(p0, p1, alpha, sides, dropout)
    directional = _checks.power_convention(power_convention) == "directional"
    se_factor0 = math.sqrt(p0_ * (1.0 - p0_))

    def power_at(n: Any, _n: Any, rate: Any) -> Any:
        # A cut beyond 0% or 100% can never be crossed by an observed proportion: that
        # region rejects with probability 0, not the normal curve's tail beyond the bound.
        rate = np.asarray(rate, dtype=float)
        se0 = se_factor0 / np.sqrt(n)
        se1 = np.sqrt(rate * (1.0 - rate) / n)
        z = critical_z(a, s)
        above, below = p0_ + z * se0, p0_ - z * se0
        up = np.where(above < 1.0, special.ndtr((rate - above) / se1), 0.0)
        down = np.where(below > 0.0, special.ndtr((below - rate) / se1), 0.0)
        toward, away = np.where(rate >= p0_, up, down), np.where(rate >= p0_, down, up)
        return toward if s == 1 or directional else toward + away

    design = Design(
        procedure="one_proportion",
        method=NORMAL_ONE,
        groups=1,
        power_at=power_at,
        effect_name="p1",
        effect_search=EffectSearch(lambda u: p0_ + u, 1e-12, (1.0 - p0_) / 2, 1.0 - p0_ - 1e-12),
        min_n=2.0,
        size_name="n",
    )

    def describe(res: PowerResult) -> str:
        return paragraph(
            res,
            test=f"a one-sample z-test of a proportion against {pct(p0_)}",
            effect=f"a true response rate of {pct(res.inputs['p1'])}",
            sides=s,
        )

    inputs = {"p0": p0_, "p1": p1_, "sides": s, "dropout": loss, "exact": False,
              "power_convention": power_convention}
    return Prepared(design, p1_, 1.0, a, loss, inputs, describe)


def one_proportion(
    *,
    p0: float,
    p1: float | None = None,
    n: int | None = None,
    power: float | None = None,
    alpha: float = 0.05,
    sides: int = 1,
    dropout: float = 0.0,
    exact: bool = True,
    power_convention: str = "two_tailed",
) -> PowerResult:
    """Single-arm test of a response rate p1 against a null rate p0.

    With ``exact=True`` (the default) the exact binomial test is used: the sample size is the
    smallest n whose size is <= alpha and power >= target. Exact power is a sawtooth in n, so
    the result also gives ``n_stable`` (from there on every larger n meets the target, checked
    up to twice the normal-approximation n plus 100), ``reject_at`` (the number of responses
    that rejects H0) and ``size`` (the attained significance level). One-sided tests reject in
    the direction of p1. The exact search covers n up to EXACT_N_MAX; beyond, the normal
    approximation (``exact=False``) is accurate and is what to use.
    """
    if not exact:
        prepared = prepare_one_proportion_normal(
            p0=p0, p1=p1, alpha=alpha, sides=sides, dropout=dropout,
            power_convention=power_convention,
        )
        return run(prepared, n_per_arm=n, power=power)
    p0_, p1_, a, s, loss = _one_proportion_inputs(p0, p1, alpha, sides, dropout)
    directional = _checks.power_convention(power_convention) == "directional"
    unknown = _checks.exactly_one_unknown(power=power, n=n, p1=p1_)
    target = None if power is None else _checks.power(power, a)
    n_stable: int | None = None
    if unknown == "n":
        assert p1_ is not None and target is not None
        n_, n_stable = _exact_smallest_n(p0_, p1_, a, s, target, directional)
        solved_for = "n"
    else:
        n_ = _checks.sample_size("n", n, 1)
        solved_for = "power"
        if unknown == "p1":
            assert target is not None
            p1_ = _exact_detectable_rate(p0_, n_, a, s, target, directional)
            solved_for = "effect"
    assert p1_ is not None
    achieved = float(exact_one_proportion_power(np.array([n_]), p0_, p1_, a, s, directional)[0])
    k_up, k_down, size = exact_binomial_test(np.array([float(n_)]), p0_, a, s, p1_ > p0_)
    reject_at = int(k_up[0]) if p1_ > p0_ else int(k_down[0])
    extras: dict[str, Any] = {"reject_at": reject_at, "size": float(size[0])}
    if n_stable is not None:
        extras["n_stable"] = n_stable
    solution = {"n": float(n_), "power": achieved, "effect": p1_}[solved_for]
    result = PowerResult(
        procedure="one_proportion",
        solved_for=solved_for,  # type: ignore[arg-type]
        inputs={"p0": p0_, "p1": p1_, "sides": s, "dropout": loss, "exact": True,
                "power_convention": power_convention, "power": target, "alpha": a},
        n_per_arm=(n_,),
        solution=float(solution),
        power=achieved,
        method=EXACT_ONE,
        justification="",
        dropout=loss,
        extras=extras,
    )
    return result.with_sentences(_describe_exact(result))


def _normal_n(p0: float, p1: float, alpha: float, sides: int, power: float) -> float:
    za = -special.ndtri(alpha / sides)
    zb = special.ndtri(power)
    root = za * math.sqrt(p0 * (1 - p0)) + zb * math.sqrt(p1 * (1 - p1))
    return float((root / (p1 - p0)) ** 2)


EXACT_N_MAX = 20_000
"""Largest n the exact single-arm search enumerates (the normal approximation is accurate
long before this; ``exact=False`` sizes larger studies)."""


def _exact_smallest_n(
    p0: float, p1: float, alpha: float, sides: int, power: float, directional: bool = False
) -> tuple[int, int]:
    """(smallest n meeting the target, smallest n from which all larger n meet it)."""
    approx = _normal_n(p0, p1, alpha, sides, power)
    if not approx <= EXACT_N_MAX:
        raise NoSolution(
            f"the exact binomial test would need about {approx:,.0f} participants to detect "
            f"{{p1}} = {p1:g} against {{p0}} = {p0:g}, beyond the {EXACT_N_MAX:,} the exact "
            "search covers; use the normal approximation for a study this large"
        )
    top = int(min(2.0 * approx + 100.0, EXACT_N_MAX))
    ns = np.arange(1, top + 1, dtype=float)
    ok = exact_one_proportion_power(ns, p0, p1, alpha, sides, directional) >= power
    if not ok.any():
        raise NoSolution(
            f"no sample size up to {top:,} reaches {power:.4g} power with the exact test for "
            f"{{p1}} = {p1:g} against {{p0}} = {p0:g}; use the normal approximation or a "
            "larger effect"
        )
    first = int(ns[np.argmax(ok)])
    failing = np.flatnonzero(~ok)
    stable = int(ns[failing[-1]] + 1) if failing.size else 1
    if stable > top:
        raise NoSolution(f"exact power keeps dipping below the target up to n = {top:,}")
    return first, max(stable, first)


def _exact_detectable_rate(
    p0: float, n: int, alpha: float, sides: int, power: float, directional: bool = False
) -> float:
    """Smallest rate above p0 with exact power >= target at this n."""

    def f(u: float) -> float:
        return float(exact_one_proportion_power(np.array([n]), p0, p0 + u, alpha, sides,
                                                directional)[0])

    try:
        u = solve_increasing(f, power, 1e-12, (1.0 - p0) / 2.0, limit=1.0 - p0 - 1e-12,
                             what="the detectable rate")
    except NoSolution:
        raise NoSolution(
            f"with {{n}} = {n}, no {{p1}} up to 1 reaches {power:.4g} power against "
            f"{{p0}} = {p0:g}; more participants are needed"
        ) from None
    return p0 + u


def _describe_exact(r: PowerResult) -> str:
    p0, p1, sides = r.inputs["p0"], r.inputs["p1"], r.inputs["sides"]
    direction = "at least" if p1 > p0 else "at most"
    note = (f" H0 is rejected with {direction} {r.reject_at} responses (attained significance "
            f"level {num(r.size, 3)}).")
    if r.solved_for == "n" and r.n_stable != r.n:
        note += (f" Because exact power is not monotone in n, note that every n of "
                 f"{r.n_stable} or more also meets the target.")
    return paragraph(
        r, test=f"an exact binomial test of the null response rate {pct(p0)}",
        effect=f"a true rate of {pct(p1)}", sides=sides, note=note,
    )
