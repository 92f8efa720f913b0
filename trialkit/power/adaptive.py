"""Interim adaptation: conditional power, and sample-size re-estimation in the promising zone.

Conditional power works on the B-value scale of Lan & Wittes (1988) Biometrics 44:579-585:
at information fraction t the interim statistic is Z_t, B(t) = Z_t sqrt(t), and with drift
theta (the expected final Z) the final statistic is Z_1 = B(t) + theta (1 - t) + sqrt(1 - t) W
with W standard normal, so conditional power has a closed form (Jennison & Turnbull (2000)
Group Sequential Methods with Applications to Clinical Trials, ch. 10). Under the current
trend theta = Z_t / sqrt(t); under the design theta = z_(alpha/sides) + z_power.

Re-estimation follows the promising-zone rule of Mehta & Pocock (2011) Stat Med 30:3267-3284:
when the conditional power under the trend lies in [cp_min, cp_target) the total sample size
is raised (up to n_max) until it reaches cp_target; otherwise it stays as planned. The final
test is the weighted statistic of Cui, Hung & Wang (1999) Biometrics 55:853-857,
Z = sqrt(t) Z_1st + sqrt(1 - t) Z_2nd with the planned t, whose null distribution is N(0, 1)
whatever the second stage's size: the type I error is exactly alpha (one-sided).
"""

from __future__ import annotations

import dataclasses
import itertools
import math
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy import special

from trialkit.errors import InvalidParameter
from trialkit.power import _checks
from trialkit.power._text import num, pct
from trialkit.power.catalogue_types import Range

UNDER = ("trend", "design", "null")
CONVENTIONS = ("two_tailed", "directional")
LAN_WITTES = "Lan & Wittes (1988) Biometrics 44:579-585; Jennison & Turnbull (2000), ch. 10"
CHW = "Cui, Hung & Wang (1999) Biometrics 55:853-857"
MEHTA_POCOCK = "Mehta & Pocock (2011) Stat Med 30:3267-3284"


@dataclass(frozen=True)
class ConditionalPower:
    """The probability of rejecting at the final analysis given the interim statistic."""

    conditional_power: float
    under: str
    drift: float
    """The expected final z statistic assumed for the rest of the trial."""
    z_interim: float
    information_fraction: float
    alpha: float
    sides: int
    critical_value: float
    justification: str


def _fraction(value: Any) -> float:
    return _checks.open_unit("information_fraction", value)


def _z(name: str, value: Any) -> float:
    z = _checks.number(name, value)
    if abs(z) > 40:
        raise _checks.outside(name, value, Range(-40.0, 40.0), " (a z statistic)")
    return z


def _drift(under: Any, z: float, t: float, alpha: float, sides: int,
           design_power: Any) -> float:
    if under not in UNDER:
        raise InvalidParameter("under", under, "must be 'trend', 'design' or 'null'")
    if under == "trend":
        return z / math.sqrt(t)
    if under == "null":
        return 0.0
    if design_power is None:
        raise InvalidParameter("design_power", None,
                               "must be given (the power the design was sized for) under='design'")
    p = _checks.power(design_power, alpha)
    return float(special.ndtri(1.0 - alpha / sides) + special.ndtri(p))


def conditional_power(
    *,
    z_interim: float,
    information_fraction: float,
    alpha: float = 0.025,
    sides: int = 1,
    under: str = "trend",
    design_power: float | None = None,
    power_convention: str = "two_tailed",
) -> ConditionalPower:
    """Conditional power of the final test given the interim z statistic.

    ``under='trend'`` assumes the effect estimated so far, ``'design'`` the effect the
    trial was sized for (give ``design_power``), ``'null'`` no effect. A positive z favours
    treatment. Two-sided tests count both rejection regions unless ``power_convention`` is
    'directional' (then only the region in the direction of the assumed effect).
    """
    z = _z("z_interim", z_interim)
    t = _fraction(information_fraction)
    a = _checks.alpha(alpha)
    s = _checks.sides(sides)
    if power_convention not in CONVENTIONS:
        raise InvalidParameter("power_convention", power_convention,
                               "must be 'two_tailed' or 'directional'")
    theta = _drift(under, z, t, a, s, design_power)
    c = float(special.ndtri(1.0 - a / s))
    mean, spread = z * math.sqrt(t) + theta * (1.0 - t), math.sqrt(1.0 - t)
    upper = float(special.ndtr((mean - c) / spread))
    lower = float(special.ndtr((-mean - c) / spread))
    if s == 1:
        cp = upper
    elif power_convention == "directional":
        cp = upper if theta >= 0 else lower
    else:
        cp = upper + lower
    assumed = {"trend": "the effect estimated at the interim (the current trend)",
               "design": f"the effect the trial was sized for ({pct(design_power or 0)} power)",
               "null": "no treatment effect"}[under]
    text = (
        f"At {pct(t)} of the planned information, with an interim z statistic of {num(z)}, the "
        f"conditional power of the final {'one' if s == 1 else 'two'}-sided test at level "
        f"{num(a)} is {pct(cp)}, assuming {assumed} for the rest of the trial. "
        f"Method: conditional power on the B-value scale ({LAN_WITTES})."
    )
    return ConditionalPower(cp, under, theta, z, t, a, s, c, text)


# Sample-size re-estimation ---------------------------------------------------------------


@dataclass(frozen=True)
class Reestimation:
    """What the promising-zone rule decides at the interim, and the final test to use."""

    zone: str
    """'unfavourable', 'promising' or 'favourable'."""
    n_final: int
    n_planned: int
    n_interim: int
    n_max: int
    conditional_power_planned: float
    conditional_power_final: float
    weights: tuple[float, float]
    """Weights of the first- and second-stage z statistics in the final test."""
    critical_value: float
    alpha: float
    justification: str


@dataclass(frozen=True)
class PromisingZone:
    """A two-stage design whose second stage may grow by the promising-zone rule."""

    n_interim: int
    n_planned: int
    n_max: int
    alpha: float
    cp_min: float
    cp_target: float

    @property
    def fraction(self) -> float:
        """The planned information fraction at the interim, fixing the CHW weights."""
        return self.n_interim / self.n_planned

    @property
    def critical_value(self) -> float:
        """The one-sided critical value of the final weighted test."""
        return float(special.ndtri(1.0 - self.alpha))

    def n_final(self, z_interim: Any) -> Any:
        """The total sample size chosen at the interim (vectorised over z)."""
        z = np.asarray(z_interim, dtype=float)
        t, c = self.fraction, self.critical_value
        cp = special.ndtr((z / math.sqrt(t) - c) / math.sqrt(1.0 - t))
        positive = np.maximum(z, 1e-6)  # z near 0 is never promising; this avoids overflow
        need = (c - math.sqrt(t) * z) / math.sqrt(1.0 - t) + special.ndtri(self.cp_target)
        n2 = self.n_interim * (need / positive) ** 2
        wanted = np.ceil(self.n_interim + n2 - 1e-9)
        grown = np.clip(wanted, self.n_planned, self.n_max)
        promising = (cp >= self.cp_min) & (cp < self.cp_target) & (z > 0)
        return np.where(promising, grown, float(self.n_planned))

    def conditional_power(self, z_interim: float, n_final: float, drift: float) -> Any:
        """P(weighted Z > c | Z_1st) when the final total is n_final, for the planned-n drift."""
        t, c = self.fraction, self.critical_value
        n2 = np.asarray(n_final, dtype=float) - self.n_interim
        mean2 = drift * np.sqrt(n2 / self.n_planned)
        return special.ndtr(mean2 - (c - math.sqrt(t) * np.asarray(z_interim)) / math.sqrt(1 - t))

    def operating_characteristics(self, drift: float) -> tuple[float, float]:
        """(power, expected total sample size) when the final z at n_planned has mean drift.

        Integrates over the interim z (composite Gauss-Legendre, split where the rule's
        zones begin and end); at drift 0 the power is the type I error, exactly alpha.
        """
        d = _checks.number("drift", drift)
        t, c = self.fraction, self.critical_value
        centre = d * math.sqrt(t)
        cuts = [math.sqrt(t) * (c + math.sqrt(1 - t) * float(special.ndtri(p)))
                for p in (self.cp_min, self.cp_target)]
        edges = sorted({centre - 12.0, centre + 12.0, *[x for x in cuts
                        if centre - 12.0 < x < centre + 12.0]})
        nodes, weights = np.polynomial.legendre.leggauss(64)
        power = expected_n = 0.0
        for lo, hi in itertools.pairwise(edges):
            z = 0.5 * (hi - lo) * nodes + 0.5 * (hi + lo)
            w = 0.5 * (hi - lo) * weights * np.exp(-0.5 * (z - centre) ** 2) / math.sqrt(2 * math.pi)
            n = self.n_final(z)
            power += float(np.sum(w * self.conditional_power(z, n, d)))  # type: ignore[arg-type]
            expected_n += float(np.sum(w * n))
        return power, expected_n


    def describe(self, *, design_power: float) -> str:
        """The protocol's paragraph: the rule, the final test, alpha, and the gain in power
        at the effect the trial was sized for (``design_power`` at ``n_planned``)."""
        p = _checks.power(design_power, self.alpha)
        drift = self.critical_value + float(special.ndtri(p))
        power, expected_n = self.operating_characteristics(drift)
        return (
            f"At an interim analysis after {self.n_interim} of the {self.n_planned} planned, the "
            f"conditional power under the current trend decides the final sample size: below "
            f"{pct(self.cp_min)} or from {pct(self.cp_target)} the planned {self.n_planned} are "
            f"kept; in between (the promising zone) the sample size is increased, up to "
            f"{self.n_max}, to reach {pct(self.cp_target)} conditional power ({MEHTA_POCOCK}). "
            f"The final test combines the two stages' z statistics with weights fixed in "
            f"advance ({num(math.sqrt(self.fraction))} and {num(math.sqrt(1 - self.fraction))}), "
            f"so the one-sided type I error is exactly {num(self.alpha)} whatever the interim "
            f"decides ({CHW}). At the effect the trial was sized for ({pct(p)} power without "
            f"re-estimation) the power is {pct(power)} with an expected sample size of "
            f"{expected_n:.0f}."
        )


def promising_zone(
    *,
    n_interim: int,
    n_planned: int,
    n_max: int,
    alpha: float = 0.025,
    cp_min: float = 0.365,
    cp_target: float = 0.8,
) -> PromisingZone:
    """A promising-zone design (total sample sizes, or events, all in the same unit).

    The defaults are the zone quoted for Mehta & Pocock's (2011) schizophrenia example (442
    planned, interim at 208, at most 884); the paper's tables could not be read here, but
    rpact 3.3.4's simulation of that design (its inverse-normal test, 200,000 trials) agrees
    with operating_characteristics within 3 Monte Carlo SE at delta 0, 1.6, 1.8 and 2.
    For that design the Gao, Ware & Mehta (2008) J Biopharm Stat 18:1184-1196 condition puts
    the lowest conditional power at which even the unweighted final test keeps alpha at 0.360,
    so 0.365 is on the safe side; with the weighted final test used here any cp_min keeps
    the type I error at alpha.
    """
    a = _checks.alpha(alpha)
    n1 = _checks.sample_size("n_interim", n_interim, 1)
    n = _checks.sample_size("n_planned", n_planned, n1 + 1)
    n_top = _checks.sample_size("n_max", n_max, n)
    lo = _checks.open_unit("cp_min", cp_min)
    hi = _checks.open_unit("cp_target", cp_target)
    if lo >= hi:
        raise InvalidParameter("cp_min", cp_min, f"must be below cp_target = {hi:g}")
    return PromisingZone(n1, n, n_top, a, lo, hi)


def reestimate(design: PromisingZone, *, z_interim: float) -> Reestimation:
    """Apply the promising-zone rule to an observed interim z (positive favours treatment)."""
    z = _z("z_interim", z_interim)
    t, c = design.fraction, design.critical_value
    trend = z / math.sqrt(t)
    cp_planned = float(design.conditional_power(z, design.n_planned, trend))
    n_final = int(design.n_final(z))
    cp_final = float(design.conditional_power(z, n_final, trend))
    zone = ("unfavourable" if cp_planned < design.cp_min or z <= 0 else
            "favourable" if cp_planned >= design.cp_target else "promising")
    weights = (math.sqrt(t), math.sqrt(1.0 - t))
    result = Reestimation(zone, n_final, design.n_planned, design.n_interim, design.n_max,
                          cp_planned, cp_final, weights, c, design.alpha, "")
    return dataclasses.replace(result, justification=_reestimation_text(result, design))


def _reestimation_text(r: Reestimation, design: PromisingZone) -> str:
    if r.zone == "promising":
        decision = (f"lies in the promising zone ({pct(design.cp_min)} to "
                    f"{pct(design.cp_target)}), so the sample size is increased from "
                    f"{r.n_planned} to {r.n_final}"
                    + (" (the maximum allowed)" if r.n_final == r.n_max else "")
                    + f", which raises the conditional power to {pct(r.conditional_power_final)}")
    elif r.zone == "favourable":
        decision = (f"is at least {pct(design.cp_target)} (favourable), so the planned "
                    f"{r.n_planned} are kept")
    else:
        decision = (f"is below {pct(design.cp_min)} (unfavourable), so the planned "
                    f"{r.n_planned} are kept")
    return (
        f"At the interim analysis of {r.n_interim} of {r.n_planned} planned, the conditional "
        f"power under the current trend is {pct(r.conditional_power_planned)}; this {decision} "
        f"(promising-zone rule, {MEHTA_POCOCK}). The final analysis combines the z statistics "
        f"of the two stages with the pre-specified weights {num(r.weights[0])} and "
        f"{num(r.weights[1])} and rejects the null hypothesis when the combination exceeds "
        f"{num(r.critical_value)}; because the weights are fixed in advance, the one-sided type "
        f"I error stays at {num(r.alpha)} whatever sample size the interim chooses ({CHW})."
    )


def weighted_z(*, z_first: float, z_second: float, information_fraction: float) -> float:
    """The Cui-Hung-Wang final statistic from the two stages' own z statistics."""
    t = _fraction(information_fraction)
    return (math.sqrt(t) * _z("z_first", z_first)
            + math.sqrt(1.0 - t) * _z("z_second", z_second))
