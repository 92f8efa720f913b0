"""Familywise type I error control for several primary endpoints: Bonferroni and Holm."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from trialkit.errors import InvalidParameter
from trialkit.power import _checks
from trialkit.power._text import num
from trialkit.power.result import Method

METHODS = {
    "bonferroni": Method("Bonferroni correction", "Dunn (1961) J Am Stat Assoc 56:52-64"),
    "holm": Method("Holm step-down procedure", "Holm (1979) Scand J Stat 6:65-70"),
}


@dataclass(frozen=True)
class AdjustedAlpha:
    """Significance levels for m endpoints that keep the familywise error rate at ``alpha``.

    ``levels[i]`` is the level the (i+1)-th smallest P value is compared with (all equal for
    Bonferroni); ``planning_alpha`` is the level at which to size each endpoint, which
    guarantees each endpoint at least its planned power under either procedure.
    """

    method: Method
    procedure: str
    alpha: float
    endpoints: int
    levels: tuple[float, ...]
    planning_alpha: float
    justification: str

    def summary_rows(self) -> list[tuple[str, str]]:
        """(label, value) rows for a printed table, in the catalogue's words."""
        from trialkit.power import catalogue

        proc = catalogue.procedure("adjusted_alpha")
        assert proc is not None
        rows = [("Procedure", proc.label),
                (proc.label_of("method"), catalogue.choice_words(proc.name, "method",
                                                                 self.procedure)),
                (proc.label_of("alpha"), f"{self.alpha:g}"),
                (proc.label_of("endpoints"), str(self.endpoints)),
                ("Level each endpoint is sized at", f"{self.planning_alpha:.6g}")]
        rows += [(f"Level for P value {i + 1}", f"{x:.6g}") for i, x in enumerate(self.levels)]
        rows.append(("Method (reference)", str(self.method)))
        return rows

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dictionary."""
        return {
            "procedure": "adjusted_alpha", "method": self.procedure, "alpha": self.alpha,
            "endpoints": self.endpoints, "levels": list(self.levels),
            "planning_alpha": self.planning_alpha, "justification": self.justification,
            "reference": self.method.reference,
        }


MAX_ENDPOINTS = 1000
"""More primary endpoints than this is not a design; it would only print a very long table."""


def _endpoints(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_ENDPOINTS:
        raise InvalidParameter("endpoints", value, f"must be a whole number from 1 to {MAX_ENDPOINTS}")
    return value


def adjusted_alpha(*, alpha: float = 0.05, endpoints: int, method: str = "holm") -> AdjustedAlpha:
    """Per-endpoint significance levels by Bonferroni or Holm for ``endpoints`` primary tests."""
    a = _checks.alpha(alpha)
    m = _endpoints(endpoints)
    if method not in METHODS:
        raise InvalidParameter("method", method, "must be 'bonferroni' or 'holm'")
    if method == "bonferroni":
        levels = tuple(a / m for _ in range(m))
        rule = f"each P value is compared with {num(a)}/{m} = {num(a / m)}"
    else:
        levels = tuple(a / (m - i) for i in range(m))
        steps = ", ".join(num(x) for x in levels)
        rule = (
            "the P values are ordered from smallest to largest and compared in turn with "
            f"{steps}, stopping at the first that is not significant"
        )
    text = (
        f"With {m} primary endpoint{'s' if m > 1 else ''}, the familywise type I error is "
        f"controlled at {num(a)} by the {METHODS[method].name} ({METHODS[method].reference}): "
        f"{rule}. Each endpoint's sample size is calculated at a significance level of "
        f"{num(a / m)}, which gives each endpoint at least its planned power."
    )
    return AdjustedAlpha(
        method=METHODS[method], procedure=method, alpha=a, endpoints=m, levels=levels,
        planning_alpha=a / m, justification=text,
    )


def adjusted_p_values(p_values: Sequence[float], *, method: str = "holm") -> tuple[float, ...]:
    """Multiplicity-adjusted P values (Bonferroni, or Holm's step-down), in the input order."""
    if method not in METHODS:
        raise InvalidParameter("method", method, "must be 'bonferroni' or 'holm'")
    p = np.asarray([_checks.in_range("p_values", x, 0.0, 1.0 + 1e-12) for x in p_values])
    if p.size == 0:
        raise InvalidParameter("p_values", p_values, "must list at least one P value")
    m = p.size
    if method == "bonferroni":
        return tuple(float(x) for x in np.minimum(1.0, p * m))
    order = np.argsort(p, kind="stable")
    stepped = np.maximum.accumulate(p[order] * (m - np.arange(m)))
    adjusted = np.empty(m)
    adjusted[order] = np.minimum(1.0, stepped)
    return tuple(float(x) for x in adjusted)
