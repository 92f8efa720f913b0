"""Simon's two-stage designs for single-arm phase II trials, by exact exhaustive search.

Notation of Simon (1989): enrol n1 patients; stop and reject the drug if r1 or fewer of them
respond; otherwise enrol n - n1 more and reject the drug if r or fewer of all n respond.
The design tests H0: p <= p0 against H1: p >= p1 with exact binomial error rates.
"""

from __future__ import annotations

import dataclasses
import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy.special import bdtrc, gammaln

from trialkit.errors import InvalidParameter, NoSolution
from trialkit.power import _checks
from trialkit.power._text import dropout_sentence, num, pct
from trialkit.power.result import Method, PowerResult

SIMON = Method(
    "Simon two-stage design, exact binomial search",
    "Simon (1989) Control Clin Trials 10:1-10; admissible designs: Jung, Lee, Kim & George "
    "(2004) Stat Med 23:561-569",
)
CRITERIA = ("optimal", "minimax")
N_LIMIT = 500
SEARCH_SECONDS = 30.0
"""Longest an exhaustive search may run before it stops and says so."""


@dataclass(frozen=True)
class _Candidate:
    n: int
    n1: int
    r1: int
    r: int
    en0: float
    pet0: float
    alpha: float
    power: float

    def as_dict(self) -> dict[str, Any]:
        return {
            "r1": self.r1, "n1": self.n1, "r": self.r, "n": self.n, "expected_n0": self.en0,
            "pet0": self.pet0, "actual_alpha": self.alpha, "actual_power": self.power,
        }


def _pmf_table(n_max: int, p: float) -> np.ndarray:
    """pmf[n, x] = P(Bin(n, p) = x) for n, x in 0..n_max (zero for x > n)."""
    n = np.arange(n_max + 1)[:, None]
    x = np.arange(n_max + 1)[None, :]
    valid = x <= n
    xs = np.where(valid, x, 0)
    log_pmf = (
        gammaln(n + 1) - gammaln(xs + 1) - gammaln(n - xs + 1)
        + xs * math.log(p) + (n - xs) * math.log1p(-p)
    )
    return np.where(valid, np.exp(log_pmf), 0.0)


def _survival_table(pmf: np.ndarray) -> np.ndarray:
    """surv[n, j + n_max + 1] = P(Bin(n, p) > j) for j in -n_max-1..n_max."""
    n_max = pmf.shape[0] - 1
    upper = 1.0 - np.cumsum(pmf, axis=1)
    upper = np.clip(upper, 0.0, 1.0)
    upper[np.arange(n_max + 1)[:, None] <= np.arange(n_max + 1)[None, :]] = 0.0
    return np.concatenate([np.ones((n_max + 1, n_max + 1)), upper], axis=1)


def single_stage_n(p0: float, p1: float, alpha: float, power: float, limit: int = N_LIMIT) -> int:
    """Smallest n of a one-stage exact binomial test with the required size and power."""
    for n in range(1, limit + 1):
        r = np.arange(n + 1)
        ok = (bdtrc(r, n, p0) <= alpha) & (bdtrc(r, n, p1) >= power)
        if ok.any():
            return n
    raise NoSolution(f"no single-stage design with up to {limit} participants meets alpha and power")


def _best_by_n(
    p0: float, p1: float, alpha: float, power: float, n_max: int, deadline: float = math.inf
) -> dict[int, _Candidate]:
    """For every total n up to n_max, the feasible design with the smallest EN0, where that
    EN0 is at most the minimax design's (larger ones are dominated by the minimax design, so
    no optimal, minimax or admissible design is among them).

    Exhaustive over n1, r1 and r (n1 <= EN0 <= the minimax EN0 bounds n1 once the minimax
    design is known), where r is limited to bounds every feasible design meets:
    power <= P1(X > r) caps r; alpha >= P0(X1 > r) and, since the futility rule r1 can stop
    at most P0(X1 <= r1) of the trials and power needs P1(X1 <= r1) <= 1 - power,
    alpha >= P0(X > r) - P0(X1 <= r1max) floor it. Stops with NoSolution once
    time.monotonic() passes ``deadline``.
    """
    pmf0, pmf1 = _pmf_table(n_max, p0), _pmf_table(n_max, p1)
    surv0, surv1 = _survival_table(pmf0), _survival_table(pmf1)
    cdf0, cdf1 = np.cumsum(pmf0, axis=1), np.cumsum(pmf1, axis=1)
    off = n_max + 1
    # Zero columns on the right: P(X > j) = 0 for j beyond n_max, so windows never run out.
    wide0, wide1 = (np.pad(s, ((0, 0), (0, n_max + 1))) for s in (surv0, surv1))
    best: dict[int, _Candidate] = {}
    best_en0 = np.full(n_max + 1, np.inf)
    tol = 1e-12
    sizes = np.arange(n_max + 1)
    # r_top[n]: the largest r with P1(X > r) >= power (-1: none).
    r_top = np.array([np.max(np.flatnonzero(surv1[n, off:off + n + 1] >= power - tol),
                             initial=-1) for n in sizes])
    for n1 in range(1, n_max):
        if best:  # every design with n <= n1 is known: so are the minimax design and its EN0
            smallest = min(best)
            if smallest <= n1 and n1 > best_en0[smallest]:
                break
        if time.monotonic() > deadline:
            raise NoSolution(
                f"the exhaustive search over designs with n up to {n_max} did not finish within "
                f"{SEARCH_SECONDS:g} s; give a smaller {{n_max}} (the single-stage design needs "
                f"{single_stage_n(p0, p1, alpha, power, n_max)})"
            )
        ok_r1 = np.flatnonzero(cdf1[n1, :n1] <= 1.0 - power + tol)
        if not ok_r1.size:
            continue
        stop0 = float(cdf0[n1, ok_r1[-1]])
        n2 = np.arange(1, n_max - n1 + 1)
        n = n1 + n2
        r_low1 = int(np.argmax(surv0[n1, off:off + n1 + 1] <= alpha + tol))
        # smallest r with P0(X > r) <= alpha + stop0, for each n
        floor = np.argmax(surv0[n, off:] <= alpha + stop0 + tol, axis=1)
        lo = np.maximum(floor, r_low1)
        hi = np.minimum(r_top[n], n - 1)
        keep = lo <= hi
        if not keep.any():
            continue
        n2, n, lo, hi = n2[keep], n[keep], lo[keep], hi[keep]
        r1_top = int(ok_r1[-1])
        pet0 = cdf0[n1, :n1]
        # Only an r1 whose EN0 = n1 + (1 - PET0) n2 beats the best design of the same n yet,
        # and the smallest n found so far (the minimax design's EN0 is at most its n, and no
        # kept design has a larger EN0), can matter: PET0 must exceed 1 - (bound - n1) / n2
        # (PET0 rises with r1).
        bound = np.minimum(best_en0[n], float(min(best)) + 1e-9 if best else math.inf)
        with np.errstate(invalid="ignore"):
            need = 1.0 - (bound - n1) / n2
        r1_min = np.searchsorted(pet0, np.where(np.isfinite(need), need, -1.0) - 1e-9,
                                 side="right")
        keep = r1_min <= r1_top
        if not keep.any():
            continue
        n2, n, lo, hi, r1_min = n2[keep], n[keep], lo[keep], hi[keep], r1_min[keep]
        r1_lo = int(np.min(r1_min))
        # Alpha falls as r1 rises and power as r1 falls: a feasible r has
        # alpha(r1_top, r) <= alpha and power(r1_lo, r) >= power (both monotone in r: bisection).
        lo = _first_r(_rejects_at_most(pmf0, surv0, n1, n2, r1_top, off, alpha + tol), lo, hi + 1)
        hi = _first_r(_rejects_below(pmf1, surv1, n1, n2, r1_lo, off, power - tol), lo,
                      hi + 1) - 1
        keep = lo <= hi
        if not keep.any():
            continue
        n2, n, lo, hi, r1_min = n2[keep], n[keep], lo[keep], hi[keep], r1_min[keep]
        r1_lo = int(np.min(r1_min))
        width = int(np.max(hi - lo)) + 1
        r = lo[:, None] + np.arange(width)[None, :]
        x1 = np.arange(r1_lo + 1, n1 + 1)
        start = lo[:, None] - x1[None, :] + off
        results = []
        for pmf, surv in ((pmf0, wide0), (pmf1, wide1)):
            # surv[n2, r - x1 + off] for r = lo..lo + width - 1: one contiguous run per x1.
            runs = _runs(surv, width)
            term = pmf[n1, r1_lo + 1: n1 + 1][None, :, None] * runs[n2[:, None], start]
            # reject[n2, r1, j] = P(X1 > r1 and X1 + X2 > r), for r1 = r1_lo..r1_top
            tail = np.cumsum(term[:, ::-1, :], axis=1)[:, ::-1, :]
            results.append(tail[:, : r1_top - r1_lo + 1, :])
        a_, p_ = results
        r1 = np.arange(r1_lo, r1_top + 1)
        valid = (r[:, None, :] >= r1[None, :, None]) & (r[:, None, :] <= hi[:, None, None])
        feasible = valid & (a_ <= alpha + tol) & (p_ >= power - tol)
        if not feasible.any():
            continue
        pet0 = pet0[r1_lo: r1_top + 1]
        # For each (n2, r1), the largest feasible r (the lowest type I error).
        any_r = feasible.any(axis=2)
        last_r = feasible.shape[2] - 1 - np.argmax(feasible[:, :, ::-1], axis=2)
        en0 = n1 + (1.0 - pet0)[None, :] * n2[:, None]
        en0 = np.where(any_r, en0, np.inf)
        rows = np.arange(len(n2))
        j = np.argmin(en0, axis=1)
        least = en0[rows, j]
        better = np.flatnonzero(least < best_en0[n] - 1e-12)
        if not better.size:
            continue
        k = last_r[better, j[better]]
        best_en0[n[better]] = least[better]
        for i, jj, kk in zip(better.tolist(), j[better].tolist(), k.tolist(), strict=True):
            best[int(n[i])] = _Candidate(
                n=int(n[i]), n1=n1, r1=r1_lo + jj, r=int(r[i, kk]), en0=float(en0[i, jj]),
                pet0=float(pet0[jj]), alpha=float(a_[i, jj, kk]), power=float(p_[i, jj, kk]),
            )
    if best:
        cap = best_en0[min(best)]
        best = {n: c for n, c in best.items() if c.en0 <= cap + 1e-12}
    return best


def _runs(table: np.ndarray, length: int) -> np.ndarray:
    """runs[i, j] = table[i, j:j + length], a read-only view (no copy) of a C-contiguous table
    (as numpy's sliding_window_view, without its checks: this is the search's inner loop)."""
    table = np.ascontiguousarray(table)
    rows, cols = table.shape
    step = table.strides[1]
    view = np.ndarray((rows, cols - length + 1, length), table.dtype, table, 0,
                      (table.strides[0], step, step))
    view.flags.writeable = False
    return view


def _reject(pmf: np.ndarray, surv: np.ndarray, n1: int, n2: np.ndarray, r: np.ndarray,
            r1: int, off: int) -> np.ndarray:
    """P(X1 > r1 and X1 + X2 > r) for each stage-2 size n2 and its own r (vectorised)."""
    if r1 >= n1:
        return np.zeros(len(n2))
    # Row n2 holds surv[n2, off + r - x1] for x1 = n1 down to r1 + 1: one contiguous window.
    windows = _runs(surv, n1 - r1)
    start = np.clip(r - n1 + off, 0, windows.shape[1] - 1)
    return windows[n2, start] @ pmf[n1, r1 + 1: n1 + 1][::-1]


def _rejects_at_most(pmf: np.ndarray, surv: np.ndarray, n1: int, n2: np.ndarray, r1: int,
                     off: int, level: float) -> Callable[[np.ndarray], np.ndarray]:
    """r -> whether P(X1 > r1, X > r) <= level (true from some r on)."""
    return lambda r: _reject(pmf, surv, n1, n2, r, r1, off) <= level


def _rejects_below(pmf: np.ndarray, surv: np.ndarray, n1: int, n2: np.ndarray, r1: int,
                   off: int, level: float) -> Callable[[np.ndarray], np.ndarray]:
    """r -> whether P(X1 > r1, X > r) < level (true from some r on)."""
    return lambda r: _reject(pmf, surv, n1, n2, r, r1, off) < level


def _first_r(
    holds: Callable[[np.ndarray], np.ndarray], lo: np.ndarray, hi: np.ndarray
) -> np.ndarray:
    """Smallest r in [lo, hi] where a condition monotone in r holds (hi when it never does)."""
    lo, hi = lo.copy(), hi.copy()
    while np.any(lo < hi):
        mid = (lo + hi) // 2
        yes = holds(mid)
        hi = np.where(yes, mid, hi)
        lo = np.where(yes | (lo >= hi), lo, mid + 1)
    return hi


def _optimal(best: dict[int, _Candidate]) -> _Candidate:
    return min(best.values(), key=lambda c: (c.en0, c.n))


def _admissible(
    best: dict[int, _Candidate], n_lo: int, n_hi: int
) -> list[tuple[_Candidate, float, float]]:
    """Designs minimising q*n + (1-q)*EN0 for some q in [0, 1], with their q interval."""
    cands = [best[n] for n in sorted(best) if n_lo <= n <= n_hi]
    out = []
    for c in cands:
        lo, hi = 0.0, 1.0
        for o in cands:
            if o is c:
                continue
            # q*c.n + (1-q)*c.en0 <= q*o.n + (1-q)*o.en0  <=>  q*slope <= o.en0 - c.en0
            slope = (c.n - o.n) - (c.en0 - o.en0)
            rhs = o.en0 - c.en0
            if slope > 0:
                hi = min(hi, rhs / slope)
            elif slope < 0:
                lo = max(lo, rhs / slope)
            elif rhs < 0:
                hi = -1.0
        if lo <= hi + 1e-12:
            out.append((c, lo, hi))
    return out


def simon_two_stage(
    *,
    p0: float,
    p1: float,
    alpha: float = 0.05,
    power: float = 0.8,
    criterion: str = "optimal",
    n_max: int | None = None,
    dropout: float = 0.0,
) -> PowerResult:
    """Simon's optimal or minimax two-stage design for H0: p <= p0 against H1: p = p1.

    ``alpha`` is one-sided. ``criterion='optimal'`` minimises the expected sample size under
    p0; 'minimax' minimises the maximum n (ties broken by the expected size). The search
    covers total sizes up to ``n_max`` (default 1.5 times the single-stage n plus 5, widened
    while the optimal design lies within 10% of that bound). The extras list
    the admissible designs (Jung et al. 2004) between the minimax and optimal designs.
    """
    p0_ = _checks.open_unit("p0", p0)
    p1_ = _checks.open_unit("p1", p1)
    if p1_ <= p0_:
        raise InvalidParameter("p1", p1, f"must exceed {{p0}} ({p0_:g}): it is the response rate to detect")
    a = _checks.alpha(alpha)
    pw = _checks.power(power, a)
    if criterion not in CRITERIA:
        raise InvalidParameter("criterion", criterion, "must be 'optimal' or 'minimax'")
    loss = _checks.dropout(dropout)
    deadline = time.monotonic() + SEARCH_SECONDS
    if n_max is None:
        limit = min(math.ceil(1.5 * single_stage_n(p0_, p1_, a, pw)) + 5, N_LIMIT)
        best = _best_by_n(p0_, p1_, a, pw, limit, deadline)
        # Widen the default search while the best expected size sits near its edge.
        while best and limit < N_LIMIT and _optimal(best).n > 0.9 * limit:
            limit = min(math.ceil(1.5 * limit), N_LIMIT)
            best = _best_by_n(p0_, p1_, a, pw, limit, deadline)
    else:
        limit = _checks.sample_size("n_max", n_max, 2)
        if limit > N_LIMIT:
            raise InvalidParameter("n_max", n_max, f"must be at most {N_LIMIT}")
        best = _best_by_n(p0_, p1_, a, pw, limit, deadline)
    if not best:
        raise NoSolution(
            f"no Simon two-stage design with up to {limit} participants reaches {pct(pw)} "
            f"power at alpha {num(a)} for {{p0}} = {num(p0_)}, {{p1}} = {num(p1_)}; raise "
            "{n_max}"
        )
    minimax = best[min(best)]
    optimal = _optimal(best)
    chosen = optimal if criterion == "optimal" else minimax
    admissible = _admissible(best, minimax.n, optimal.n)
    pet1 = float(bdtrc(chosen.r1, chosen.n1, p1_))
    extras: dict[str, Any] = {
        "r1": chosen.r1,
        "n1": chosen.n1,
        "r": chosen.r,
        "n_stage2": chosen.n - chosen.n1,
        "expected_n0": chosen.en0,
        "pet0": chosen.pet0,
        "expected_n1": chosen.n1 + (1.0 - pet1) * (chosen.n - chosen.n1),
        "pet1": 1.0 - pet1,
        "actual_alpha": chosen.alpha,
        "n_max_searched": limit,
        "bound_reached": criterion == "optimal" and optimal.n > 0.9 * limit,
        "admissible": tuple(
            {**c.as_dict(), "q_from": lo, "q_to": hi} for c, lo, hi in admissible
        ),
    }
    result = PowerResult(
        procedure="simon_two_stage",
        solved_for="n",
        inputs={"p0": p0_, "p1": p1_, "alpha": a, "power": pw, "sides": 1,
                "criterion": criterion, "n_max": n_max, "dropout": loss},
        n_per_arm=(chosen.n,),
        solution=float(chosen.n),
        power=chosen.power,
        method=SIMON,
        justification="",
        dropout=loss,
        extras=extras,
    )
    return _with_text(result)


def _with_text(r: PowerResult) -> PowerResult:
    i = r.inputs
    n2 = r.n_stage2
    text = (
        f"A Simon {i['criterion']} two-stage design tests the null hypothesis that the response "
        f"rate is at most {pct(i['p0'])} against the alternative of {pct(i['p1'])}, at a "
        f"one-sided significance level of {num(i['alpha'])} with {pct(i['power'])} power. In "
        f"stage 1, {r.n1} participants are enrolled; if {r.r1} or fewer respond, the trial stops "
        f"for futility. Otherwise {n2} further participants are enrolled ({r.n_total} in total), "
        f"and the treatment is considered promising if more than {r.r} of the {r.n_total} "
        f"respond. The exact type I error is {r.actual_alpha:.4f} and the power "
        f"{r.power:.4f}; if the true response rate is {pct(i['p0'])}, the probability of early "
        f"termination is {r.pet0:.3f} and the expected sample size {r.expected_n0:.1f}."
    )
    if r.bound_reached:
        text += (
            f" The search covered designs with at most {r.n_max_searched} participants and the "
            "design found lies near that bound, so a design with a smaller expected sample size "
            "may exist beyond it."
        )
    text += dropout_sentence(r) + f" Method: {r.method}."
    return dataclasses.replace(r, justification=text)
