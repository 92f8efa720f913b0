"""Exact power of Fisher's and Barnard's tests of two proportions, by enumerating every 2x2 table.

With n_t and n_c participants, the responders (x_t, x_c) are independent binomials; the
power is the sum of P(x_t) P(x_c) over the tables the test rejects. Fisher's test conditions
on the total responders (hypergeometric p-value; two-sided by summing the tables no more
likely than the one observed, as R's fisher.test; Fisher (1935) J R Stat Soc 98:39-82).
Barnard's unconditional test orders the tables by the pooled z statistic and takes the
largest tail probability over the common response rate (Barnard (1947) Biometrika
34:123-138; Suissa & Shuster (1985) J R Stat Soc A 148:317-327): its p-value grows as the
statistic falls, so the rejection region is {z >= c} for the smallest c whose p-value is at
most alpha, found by bisection over the observed values of z.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from scipy import optimize, special

from trialkit.errors import InvalidParameter, NoSolution
from trialkit.power import _checks
from trialkit.power._text import paragraph, pct
from trialkit.power.result import Method, PowerResult, Unknown

TESTS = {
    "fisher": Method("Fisher's exact test, power by enumerating every 2x2 table",
                     "Fisher (1935) J R Stat Soc 98:39-82"),
    "barnard": Method("Barnard's unconditional exact test (pooled z statistic, largest tail "
                      "over the common rate), power by enumerating every 2x2 table",
                      "Barnard (1947) Biometrika 34:123-138; Suissa & Shuster (1985) "
                      "J R Stat Soc A 148:317-327"),
}
MAX_N = {"fisher": 2000, "barnard": 200}
"""Largest arm enumerated (the tables grow as the square of the arm size)."""
RELATIVE = 1 + 1e-7
"""Ties in probability or statistic within this relative tolerance count as equal (R's)."""
_GRID = np.linspace(0.0005, 0.9995, 400)


def _log_choose(n: int) -> np.ndarray:
    k = np.arange(n + 1)
    return np.asarray(special.gammaln(n + 1) - special.gammaln(k + 1) - special.gammaln(n - k + 1))


def _fisher_rejects(n_t: int, n_c: int, alpha: float, tail: str) -> np.ndarray:
    """Boolean (n_t + 1) x (n_c + 1) table: does Fisher's test reject (x_t, x_c)?

    Given the total responders, x_t is hypergeometric: P(x) is proportional to
    C(n_t, x) C(n_c, total - x).
    """
    reject = np.zeros((n_t + 1, n_c + 1), dtype=bool)
    log_t, log_c = _log_choose(n_t), _log_choose(n_c)
    for total in range(n_t + n_c + 1):
        x = np.arange(max(0, total - n_c), min(n_t, total) + 1)
        logs = log_t[x] + log_c[total - x]
        pmf = np.exp(logs - logs.max())
        pmf /= pmf.sum()
        if tail == "two":
            order = np.sort(pmf)
            cum = np.cumsum(order)
            p = cum[np.searchsorted(order, pmf * RELATIVE, side="right") - 1]
        elif tail == "greater":
            p = np.cumsum(pmf[::-1])[::-1]
        else:
            p = np.cumsum(pmf)
        reject[x, total - x] = p <= alpha * RELATIVE
    return reject


def pooled_z(n_t: int, n_c: int) -> np.ndarray:
    """The pooled z statistic of every table (0 when all or none responded)."""
    x_t = np.arange(n_t + 1)[:, None]
    x_c = np.arange(n_c + 1)[None, :]
    pooled = (x_t + x_c) / (n_t + n_c)
    var = pooled * (1 - pooled) * (1 / n_t + 1 / n_c)
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.where(var > 0, (x_t / n_t - x_c / n_c) / np.sqrt(np.where(var > 0, var, 1)), 0.0)
    return np.asarray(z)


def _binomials(n: int, rates: np.ndarray) -> np.ndarray:
    """Binomial(n, rate) probabilities of 0..n responders, one row per rate."""
    k = np.arange(n + 1)[None, :]
    r = rates[:, None]
    return np.asarray(np.exp(_log_choose(n)[None, :] + k * np.log(r) + (n - k) * np.log1p(-r)))


def _largest_tail(region: np.ndarray, n_t: int, n_c: int) -> float:
    """sup over the common rate of P(table in region): a grid, then a bounded local search."""
    values = np.einsum("gi,ij,gj->g", _binomials(n_t, _GRID), region.astype(float),
                       _binomials(n_c, _GRID))
    best = int(np.argmax(values))
    lo, hi = _GRID[max(best - 1, 0)], _GRID[min(best + 1, _GRID.size - 1)]

    def minus(rate: float) -> float:
        one = np.array([rate])
        return -float(_binomials(n_t, one)[0] @ region @ _binomials(n_c, one)[0])

    found = optimize.minimize_scalar(minus, bounds=(lo, hi), method="bounded",
                                     options={"xatol": 1e-10})
    return max(float(values[best]), -float(found.fun))


def _barnard_rejects(n_t: int, n_c: int, alpha: float, tail: str) -> np.ndarray:
    """Boolean table of the tables Barnard's test rejects (largest rejected set, bisection)."""
    z = pooled_z(n_t, n_c)
    score = np.abs(z) if tail == "two" else (z if tail == "greater" else -z)
    levels = np.unique(np.round(score, 10))[::-1]  # most extreme first
    levels = levels[levels > 0]
    lo, hi = -1, levels.size - 1  # levels[:lo + 1] are known to reject
    while lo < hi:
        mid = (lo + hi + 1) // 2
        region = score >= levels[mid] - 1e-9
        if _largest_tail(region, n_t, n_c) <= alpha * RELATIVE:
            lo = mid
        else:
            hi = mid - 1
    if lo < 0:
        return np.zeros_like(score, dtype=bool)
    return np.asarray(score >= levels[lo] - 1e-9)


def rejection_region(test: str, n_t: int, n_c: int, alpha: float, tail: str) -> np.ndarray:
    """The tables (x_t, x_c) the test rejects; tail is 'two', 'greater' or 'less'."""
    return (_fisher_rejects if test == "fisher" else _barnard_rejects)(n_t, n_c, alpha, tail)


def exact_power(test: str, n_t: int, n_c: int, p1: float, p2: float, alpha: float, sides: int,
                directional: bool = False) -> float:
    """Probability that the test rejects, summed over every table."""
    tail = "two" if sides == 2 else ("greater" if p1 > p2 else "less")
    region = rejection_region(test, n_t, n_c, alpha, tail)
    if sides == 2 and directional:
        ahead = np.arange(n_t + 1)[:, None] * n_c - np.arange(n_c + 1)[None, :] * n_t
        region = region & ((ahead > 0) if p1 > p2 else (ahead < 0))
    b_t = _binomials(n_t, np.array([p1]))[0]
    b_c = _binomials(n_c, np.array([p2]))[0]
    return float(min(1.0, b_t @ region @ b_c))


def exact_two_proportions(
    *,
    p1: float,
    p2: float,
    n_per_arm: int | tuple[int, int] | None = None,
    power: float | None = None,
    test: str = "fisher",
    alpha: float = 0.05,
    sides: int = 2,
    ratio: float = 1.0,
    dropout: float = 0.0,
    power_convention: str = "two_tailed",
) -> PowerResult:
    """Exact power (or the smallest sample size reaching ``power``) of Fisher's or Barnard's test.

    ``p1`` is the treatment arm's response rate and ``p2`` the control's. Give ``n_per_arm``
    for the power, or ``power`` for the smallest control arm (the treatment arm ``ratio``
    times it) whose exact power reaches it: exact power is not monotone in n (it saw-tooths),
    so every n from a lower bound upwards is tried. Small trials: at most 2,000 per arm for
    Fisher's test and 200 for Barnard's.
    """
    if test not in TESTS:
        raise InvalidParameter("test", test, f"must be one of {', '.join(TESTS)}")
    directional = _checks.power_convention(power_convention) == "directional"
    a, s, k = _checks.alpha(alpha), _checks.sides(sides), _checks.ratio(ratio)
    loss = _checks.dropout(dropout)
    q1, q2 = _checks.open_unit("p1", p1), _checks.open_unit("p2", p2)
    if q1 == q2:
        raise InvalidParameter("p1", p1, f"must differ from {{p2}} ({q2:g})")
    if (n_per_arm is None) == (power is None):
        raise InvalidParameter("unknowns", "n_per_arm and power" if n_per_arm is None else
                               "none of them", "must leave exactly one of {n_per_arm} and {power} "
                               "unset (the exact tests solve for the power or the sample size)")
    top = MAX_N[test]

    def at(n_t: int, n_c: int) -> float:
        return exact_power(test, n_t, n_c, q1, q2, a, s, directional)

    if n_per_arm is not None:
        sizes = _sizes(n_per_arm, k, top)
        achieved, solution = at(*sizes), None
        unknown: Unknown = "power"
    else:
        target = _checks.power(power, a)
        sizes, achieved = _smallest(at, q1, q2, a, s, k, target, top, test)
        solution, unknown = float(sizes[1]), "n"
    result = PowerResult(
        procedure="exact_two_proportions", solved_for=unknown,
        inputs={"p1": q1, "p2": q2, "test": test, "sides": s, "ratio": sizes[0] / sizes[1],
                "power_convention": power_convention, "power": power, "alpha": a},
        n_per_arm=sizes, solution=achieved if solution is None else solution, power=achieved,
        method=TESTS[test], justification="", dropout=loss,
    )
    text = paragraph(
        result,
        test=f"{'Fisher' if test == 'fisher' else 'Barnard'}'s exact test",
        effect=f"response rates of {pct(q1)} with treatment and {pct(q2)} with control",
        variability="with the power computed exactly over every possible 2x2 table",
        sides=s,
    )
    return result.with_sentences(text)


def _sizes(value: Any, ratio: float, top: int) -> tuple[int, int]:
    if isinstance(value, tuple | list):
        if len(value) != 2:
            raise InvalidParameter("n_per_arm", value,
                                   "must be one number or a (treatment, control) pair")
        pair = (_arm(value[0], top, value), _arm(value[1], top, value))
        return pair
    n = _arm(value, top, value)
    if ratio != 1.0:
        raise InvalidParameter("n_per_arm", value,
                               "must be a (treatment, control) pair when {ratio} is not 1")
    return (n, n)


def _arm(value: Any, top: int, shown: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value) \
            or value != int(value) or not 2 <= value <= top:
        raise InvalidParameter("n_per_arm", shown, f"must be whole numbers from 2 to {top:,} "
                               "(exact enumeration is for small trials; larger ones need "
                               "{two_proportions})")
    return int(value)


def _smallest(
    at: Any, p1: float, p2: float, alpha: float, sides: int, ratio: float, target: float,
    top: int, test: str,
) -> tuple[tuple[int, int], float]:
    """The smallest control arm (from half the normal approximation up) reaching the target."""
    z = special.ndtri(1 - alpha / sides) + special.ndtri(target)
    var = p1 * (1 - p1) / ratio + p2 * (1 - p2)
    start = max(2, int(0.5 * z * z * var / (p1 - p2) ** 2))
    for n_c in range(start, top + 1):
        n_t = math.ceil(ratio * n_c - 1e-9)
        if n_t > top:
            break
        achieved = at(n_t, n_c)
        if achieved >= target:
            return (n_t, n_c), achieved
    raise NoSolution(f"{target:.10g} power with {'Fisher' if test == 'fisher' else 'Barnard'}'s "
                     f"exact test needs more than {top:,} participants per arm, the most "
                     "enumerated; use {two_proportions} for a trial this size")

