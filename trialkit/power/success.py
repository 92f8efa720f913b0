"""Assurance: the probability that a trial succeeds, averaging its power over a prior for the effect.

O'Hagan, Stevens & Campbell (2005) Pharm Stat 4:187-201 define assurance as the probability
that the trial ends with a statistically significant result in favour of treatment when the
effect theta is uncertain, theta ~ N(prior_mean, prior_sd^2) on the scale the test works on
(the difference, or the log of a ratio). Only rejections in the favourable direction count.

Closed forms. A z-test rejects when (theta_hat - theta_0) / se > z with theta_hat ~ N(theta, se^2);
marginally theta_hat ~ N(m, se^2 + s^2), so the assurance is
Phi((m - theta_0 - z se) / sqrt(se^2 + s^2)) (the normal-prior case of O'Hagan, Stevens & Campbell 2005),
i.e. Phi((m sqrt(I) - z) / sqrt(1 + s^2 I)) with I = 1 / se^2. A t-test divides the same
normal difference by an independent chi-square root, so T scaled by
tau = sqrt(1 + s^2 / sigma_c^2) is noncentral t with noncentrality (m - theta_0) / sqrt(sigma_c^2 + s^2):
the assurance is P(T' > t_crit / tau), exactly the exact power integrated over the prior.
Designs without such a form (proportions, rates, Freedman's log-rank) integrate their power over the
prior numerically (composite Gauss-Legendre, refined until it settles).
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy import special

from trialkit.errors import InvalidParameter, NoSolution
from trialkit.power import _checks
from trialkit.power._assurance_models import Model, model_of
from trialkit.power._procedure import N_LIMIT, round_sizes
from trialkit.power._solve import solve_increasing
from trialkit.power._text import num, pct
from trialkit.power.catalogue_types import Range
from trialkit.power.means import nct_cdf
from trialkit.power.result import Method, PowerResult

ASSURANCE = Method(
    "Assurance (probability of a significant result in favour of treatment), the design's "
    "power averaged over a normal prior for the effect",
    "O'Hagan, Stevens & Campbell (2005) Pharm Stat 4:187-201",
)


SQRT_2PI = math.sqrt(2.0 * math.pi)
DISCRETE_LIMIT = 20_000
"""Largest n searched one by one for an exact single-arm test."""


@dataclass(frozen=True)
class AssuranceResult:
    """The assurance of a design (or the sample size that reaches a target assurance)."""

    procedure: str
    solved_for: str
    """'assurance', or 'n' when the sample size was solved for a target assurance."""
    assurance: float
    prior_mean: float
    prior_sd: float
    power_at_prior_mean: float
    """The (favourable-direction) power if the effect were exactly the prior mean."""
    limit: float
    """The assurance with unlimited participants: the prior probability the effect favours
    treatment (beyond the non-inferiority margin)."""
    truncated: float
    """The share of the normal prior outside the effect's possible values (a proportion's
    0 to 1), left out and the rest renormalised."""
    sizes: tuple[int, ...]
    size_name: str
    design_power: float
    """The power of the design as given (its own sizes and effect), for comparison."""
    target: float | None
    method: Method
    justification: str

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dictionary."""
        return {
            "procedure": self.procedure, "solved_for": self.solved_for,
            "assurance": self.assurance, "prior_mean": self.prior_mean,
            "prior_sd": self.prior_sd, "power_at_prior_mean": self.power_at_prior_mean,
            "limit": self.limit, "truncated": self.truncated,
            self.size_name: list(self.sizes),
            "design_power": self.design_power, "target": self.target,
            "method": {"name": self.method.name, "reference": self.method.reference},
            "justification": self.justification,
        }

    def __repr__(self) -> str:
        sizes = " + ".join(map(str, self.sizes))
        return (f"<AssuranceResult {self.procedure}: assurance = {self.assurance:.4f} "
                f"({self.size_name} = {sizes}), power at the prior mean = "
                f"{self.power_at_prior_mean:.4f}; solved for {self.solved_for}>")


def assurance(
    result: PowerResult, *, prior_mean: float, prior_sd: float, target: float | None = None
) -> AssuranceResult:
    """The assurance of the design in ``result`` under a normal prior for its effect.

    ``prior_mean`` is on the effect's own scale (a difference, a proportion, or a ratio such
    as a hazard ratio); ``prior_sd`` is on the scale the test works on (the SD of the log
    ratio for ratios). From a published estimate, the prior is the estimate with its standard
    error (trialkit.evidence.convert.se_from_ci, on log-transformed limits for a ratio).
    ``prior_sd = 0`` gives the power at ``prior_mean``. With ``target``, the sample size
    (allocation kept) is solved so that the assurance reaches it.
    """
    if not isinstance(result, PowerResult):
        raise InvalidParameter("result", type(result).__name__, "must be a power result")
    model = model_of(result)
    m = _prior_mean(model, prior_mean)
    s = _checks.in_range("prior_sd", prior_sd, 0.0, math.inf)
    sizes = result.extras["events"] if result.procedure == "logrank" else result.n_per_arm
    sizes = (sizes,) if isinstance(sizes, int) else tuple(sizes)
    limit = _limit(model, m, s)
    if target is not None:
        goal = _checks.open_unit("target", target)
        if goal >= limit:
            raise NoSolution(
                f"an assurance of {pct(goal)} cannot be reached: even with unlimited "
                f"participants it is at most {pct(limit)}, the prior probability that the "
                "effect favours treatment"
            )
        sizes = _solve_sizes(model, m, s, sizes, goal)
    n_t, n_c = float(sizes[0]), float(sizes[-1])
    value = _assurance(model, n_t, n_c, m, s)
    at_mean = float(model.favourable(n_t, n_c, np.array([m]))[0])
    out = AssuranceResult(
        procedure=result.procedure, solved_for="assurance" if target is None else "n",
        assurance=value, prior_mean=float(prior_mean), prior_sd=s,
        power_at_prior_mean=at_mean, limit=limit,
        truncated=1.0 - _mass(m, s, *model.support), sizes=tuple(int(x) for x in sizes),
        size_name=model.size_name, design_power=result.power, target=target,
        method=ASSURANCE, justification="",
    )
    return _with_text(out, model)


def _prior_mean(model: Model, value: Any) -> float:
    if model.log_scale:
        return math.log(_checks.positive("prior_mean", value))
    m = _checks.number("prior_mean", value)
    lo, hi = model.support
    if not lo < m < hi:
        raise _checks.outside("prior_mean", value, Range(lo, hi, low_open=True, high_open=True))
    return m


def _limit(model: Model, m: float, s: float) -> float:
    """P(theta favours treatment) under the prior: the assurance as n grows without bound."""
    lo, hi = model.support
    mass = _mass(m, s, lo, hi)
    if s == 0.0:
        return 1.0 if model.direction * (m - model.theta_0) > 0 else 0.0
    if model.direction > 0:
        inside = _mass(m, s, max(model.theta_0, lo), hi)
    else:
        inside = _mass(m, s, lo, min(model.theta_0, hi))
    return inside / mass


def _mass(m: float, s: float, lo: float, hi: float) -> float:
    if s == 0.0:
        return 1.0
    return float(special.ndtr((hi - m) / s) - special.ndtr((lo - m) / s))


def _assurance(model: Model, n_t: float, n_c: float, m: float, s: float) -> float:
    if s == 0.0:
        return float(model.favourable(n_t, n_c, np.array([m]))[0])
    if model.se is not None:
        se = model.se(n_t, n_c)
        shift = model.direction * (m - model.theta_0)
        spread = math.sqrt(se * se + s * s)
        crit = model.crit(n_t, n_c)
        if model.df is None:
            return float(special.ndtr((shift - crit * se) / spread))
        return float(1.0 - nct_cdf(model.df(n_t, n_c), shift / spread, crit * se / spread))
    return integrate_over_prior(lambda th: model.favourable(n_t, n_c, th), m, s, model.support)


def integrate_over_prior(
    f: Callable[[np.ndarray], np.ndarray], m: float, s: float,
    support: tuple[float, float] = (-math.inf, math.inf), tol: float = 1e-10,
) -> float:
    """E f(theta) for theta ~ N(m, s^2) restricted to ``support`` (renormalised).

    Works on the standardised scale z = (theta - m) / s, so a tiny s loses nothing:
    composite 10-point Gauss-Legendre over z in [-12, 12] (cut to the support), doubling the
    panels until two successive values agree within ``tol`` of the prior kept.
    """
    z_lo, z_hi = max((support[0] - m) / s, -12.0), min((support[1] - m) / s, 12.0)
    mass = _mass(m, s, support[0], support[1])
    nodes, weights = np.polynomial.legendre.leggauss(10)
    previous = math.nan
    panels = 16
    while panels <= 8192:
        edges = np.linspace(z_lo, z_hi, panels + 1)
        half = 0.5 * np.diff(edges)
        mid = 0.5 * (edges[1:] + edges[:-1])
        z = (mid[:, None] + half[:, None] * nodes[None, :]).ravel()
        w = (half[:, None] * weights[None, :]).ravel() * np.exp(-0.5 * z * z) / SQRT_2PI
        value = float(np.sum(w * np.asarray(f(m + s * z), dtype=float)))
        if abs(value - previous) <= tol * mass:
            return min(value / mass, 1.0)
        previous = value
        panels *= 2
    raise NoSolution("the assurance integral did not settle")


def _solve_sizes(
    model: Model, m: float, s: float, sizes: tuple[int, ...], goal: float
) -> tuple[int, ...]:
    k = sizes[0] / sizes[-1] if model.groups == 2 else 1.0

    def f(n_c: float) -> float:
        return _assurance(model, k * n_c, n_c, m, s)

    if model.discrete:  # exact power is a sawtooth in n: the smallest n that reaches the goal
        for n in range(max(1, math.ceil(model.min_n)), DISCRETE_LIMIT + 1):
            if f(float(n)) >= goal:
                return (n,)
        raise NoSolution(f"no n up to {DISCRETE_LIMIT:,} reaches an assurance of {pct(goal)} "
                         "with the exact test")

    n_c = solve_increasing(f, goal, model.min_n, max(4.0 * model.min_n, 16.0), limit=N_LIMIT,
                           what="the sample size")
    rounded = round_sizes(n_c, k, model.groups)
    return rounded if model.groups == 2 else rounded[:1]


def _with_text(r: AssuranceResult, model: Model) -> AssuranceResult:
    scale = " on the log scale" if model.log_scale else ""
    sizes = _sizes_words(r.sizes, r.size_name)
    if r.prior_sd == 0.0:
        text = (f"With no uncertainty about the effect (prior standard deviation 0), the "
                f"assurance is the power to obtain a significant result in favour of "
                f"treatment at a {model.effect} of {num(r.prior_mean)}: {pct(r.assurance)} "
                f"with {sizes}.")
    else:
        head = (f"The sample size was chosen for an assurance of at least {pct(r.target or 0)}; "
                f"this requires {sizes}, and the probability" if r.solved_for == "n"
                else f"With {sizes}, the probability")
        text = (
            f"{head} that the trial gives a statistically significant result in favour of "
            f"treatment (assurance) is {pct(r.assurance)}, allowing for uncertainty in the "
            f"{model.effect} through a normal prior with mean {num(r.prior_mean)} and standard "
            f"deviation {num(r.prior_sd)}{scale}{_truncation_words(r.truncated)}. If the "
            f"{model.effect} were exactly {num(r.prior_mean)} the power would be "
            f"{pct(r.power_at_prior_mean)}; with unlimited participants the assurance could "
            f"reach at most {pct(r.limit)}, the prior probability that the effect favours "
            "treatment."
        )
    return dataclasses.replace(r, justification=f"{text} Method: {r.method}.")


def _truncation_words(share: float) -> str:
    """' (the 0.2% of it outside 0 to 1 left out)' when the prior had to be cut."""
    if share < 5e-4:
        return ""
    return f" (the {pct(share)} of it outside the possible values 0 to 1 left out)"


def _sizes_words(sizes: tuple[int, ...], size_name: str) -> str:
    """'64 participants per arm (128 in total)', '331 events', '50 participants'."""
    if size_name == "events":
        return f"{sizes[0]} events"
    if len(sizes) == 1:
        return f"{sizes[0]} participants"
    if size_name == "n_per_sequence":
        return (f"{sizes[0]} and {sizes[1]} participants in the two sequences "
                f"({sum(sizes)} in total)")
    if sizes[0] == sizes[1]:
        return f"{sizes[0]} participants per arm ({2 * sizes[0]} in total)"
    return (f"{sizes[0]} participants in the treatment group and {sizes[1]} in the control "
            f"group ({sum(sizes)} in total)")
