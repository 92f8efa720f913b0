"""Cluster randomisation: inflate an individually randomised design by the design effect.

With mean cluster size m, coefficient of variation of cluster size cv and intracluster
correlation rho, the design effect is 1 + ((cv^2 + 1) m - 1) rho (Eldridge, Ashby & Kerry
2006 Int J Epidemiol 35:1292-1300); with equal cluster sizes (cv = 0) it is the familiar
1 + (m - 1) rho (Donner, Birkett & Buck 1981 Am J Epidemiol 114:906-914).

Convention (sizes and power alike): the cluster design has the power of the individually
randomised procedure at the effective sample size, participants per arm / design effect
(Donner & Klar 2000, Design and Analysis of Cluster Randomization Trials). The t-test's
degrees of freedom therefore come from the effective sample size (n_eff,t + n_eff,c - 2),
as the inflated size is computed; G*Power and PASS instead use 2(k - 1) for k clusters per
arm, which gives less power when there are few clusters per arm (7 clusters of 20 per arm,
ICC 0.05, a difference of 0.5 SD: 84.5% here, 78.5% on 12 df).
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from typing import Any

from trialkit.errors import InvalidParameter
from trialkit.power import _checks
from trialkit.power._procedure import Prepared
from trialkit.power._text import dropout_sentence, num, requirement, sizes_text
from trialkit.power.result import Method, PowerResult
from trialkit.power.sequential import continuous_sizes

CLUSTER = Method(
    "Cluster randomisation: individually randomised sample size times the design effect "
    "1 + ((cv^2 + 1) m - 1) ICC",
    "Eldridge, Ashby & Kerry (2006) Int J Epidemiol 35:1292-1300; Donner, Birkett & Buck "
    "(1981) Am J Epidemiol 114:906-914",
)


@dataclass(frozen=True)
class DesignEffect:
    """A design effect with its inputs and the sentence a protocol needs."""

    value: float
    cluster_size: float
    icc: float
    cluster_size_cv: float
    justification: str
    method: Method = CLUSTER

    def summary_rows(self) -> list[tuple[str, str]]:
        """(label, value) rows for a printed table, in the catalogue's words."""
        from trialkit.power import catalogue

        proc = catalogue.procedure("cluster_design_effect")
        assert proc is not None
        return [
            ("Procedure", proc.label),
            ("Design effect", f"{self.value:.4f}"),
            (proc.label_of("cluster_size"), f"{self.cluster_size:g}"),
            (proc.label_of("icc"), f"{self.icc:g}"),
            (proc.label_of("cluster_size_cv"), f"{self.cluster_size_cv:g}"),
            ("Method (reference)", str(self.method)),
        ]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dictionary."""
        return {
            "procedure": "design_effect", "design_effect": self.value,
            "cluster_size": self.cluster_size, "icc": self.icc,
            "cluster_size_cv": self.cluster_size_cv, "justification": self.justification,
            "method": {"name": self.method.name, "reference": self.method.reference},
        }


def cluster_design_effect(
    *, cluster_size: float, icc: float, cluster_size_cv: float = 0.0
) -> DesignEffect:
    """The design effect as a result with its protocol sentence (for the command line)."""
    value = design_effect(cluster_size=cluster_size, icc=icc, cluster_size_cv=cluster_size_cv)
    sizes = (
        f"a coefficient of variation of cluster size of {num(cluster_size_cv)}"
        if cluster_size_cv else "equal cluster sizes"
    )
    text = (
        f"With a mean cluster size of {num(cluster_size)}, an intracluster correlation of "
        f"{num(icc)} and {sizes}, the design effect is {value:.3f} (Eldridge, Ashby & Kerry "
        "2006): an individually randomised sample size must be multiplied by this factor, "
        "then rounded up to whole clusters."
    )
    return DesignEffect(value, float(cluster_size), float(icc), float(cluster_size_cv), text)


def design_effect(*, cluster_size: float, icc: float, cluster_size_cv: float = 0.0) -> float:
    """Variance inflation of a cluster-randomised design: 1 + ((cv^2 + 1) m - 1) * icc."""
    m = _cluster_size(cluster_size)
    rho = _icc(icc)
    cv = _cv(cluster_size_cv)
    return 1.0 + ((cv * cv + 1.0) * m - 1.0) * rho


def _cluster_size(value: Any) -> float:
    m = _checks.number("cluster_size", value)
    if m < 1.0:
        raise InvalidParameter("cluster_size", value, "must be at least 1 (the mean cluster size)")
    return m


def _icc(value: Any) -> float:
    return _checks.in_range("icc", value, 0.0, 1.0)


def _cv(value: Any) -> float:
    cv = _checks.number("cluster_size_cv", value)
    if cv < 0.0:
        raise InvalidParameter("cluster_size_cv", value, "must be at least 0 (0 for equal cluster sizes)")
    return cv


def cluster_randomised(
    fixed: PowerResult, *, cluster_size: float, icc: float, cluster_size_cv: float = 0.0
) -> PowerResult:
    """The cluster-randomised version of a two-group design: whole clusters per arm.

    ``cluster_size`` is the mean number of participants analysed per cluster, ``icc`` the
    intracluster correlation of the outcome and ``cluster_size_cv`` the coefficient of
    variation of cluster sizes. The result's ``n_per_arm`` are the participants in whole
    clusters; ``clusters_per_arm`` and ``design_effect`` are extras. Its ``power`` is that of
    the cluster design planned: the fixed procedure's power at participants per arm / design
    effect (the module's convention, the one the sizes are computed by).
    """
    if len(fixed.n_per_arm) != 2:
        raise InvalidParameter("fixed", fixed.procedure, "must be a two-group design")
    m = _cluster_size(cluster_size)
    de = design_effect(cluster_size=m, icc=icc, cluster_size_cv=cluster_size_cv)
    inflated = [n * de for n in continuous_sizes(fixed)]
    clusters = tuple(math.ceil(n / m - 1e-9) for n in inflated)
    sizes = tuple(math.ceil(c * m - 1e-9) for c in clusters)
    extras = {
        "design_effect": de,
        "clusters_per_arm": clusters,
        "clusters_total": sum(clusters),
        "n_individual_total": fixed.n_total,
    }
    result = dataclasses.replace(
        fixed,
        procedure=f"{fixed.procedure}+cluster",
        n_per_arm=sizes,
        power=_cluster_power(fixed, sizes, de),
        inputs={**dict(fixed.inputs), "cluster_size": m, "icc": float(icc),
                "cluster_size_cv": float(cluster_size_cv)},
        method=Method(f"{fixed.method.name}; {CLUSTER.name}",
                      f"{fixed.method.reference}; {CLUSTER.reference}"),
        extras={**dict(fixed.extras), **extras},
    )
    return dataclasses.replace(result, justification=_paragraph(fixed, result))


def _cluster_power(fixed: PowerResult, sizes: tuple[int, ...], de: float) -> float:
    """The fixed procedure's power at the effective sizes (participants / design effect)."""
    from trialkit.power.grid import PREPARERS

    prepare = PREPARERS.get(fixed.procedure)
    if prepare is None:
        raise InvalidParameter(
            "fixed", fixed.procedure, f"must be one of {', '.join(sorted(PREPARERS))}")
    inputs = {k: v for k, v in fixed.inputs.items() if k != "power"}
    prepared: Prepared = prepare(**inputs)
    assert prepared.effect is not None  # every result records its effect among its inputs
    n_t, n_c = (n / de for n in sizes)
    return float(prepared.design.power_at(n_t, n_c, prepared.effect))


def _paragraph(fixed: PowerResult, r: PowerResult) -> str:
    """The fixed design's paragraph with its sizes and enrolment replaced by the cluster ones.

    Only one set of numbers is stated: the individually randomised size appears solely as
    what the design effect multiplies, never as a size to recruit.
    """
    own = requirement(sizes_text(fixed), fixed.power)
    method = f" Method: {fixed.method}."
    text = fixed.justification
    if fixed.solved_for != "n" or own not in text or not text.endswith(method):
        return f"{text} {_text(r)}"
    text = text.replace(own, "").replace(dropout_sentence(fixed), "")[: -len(method)]
    return f"{text} {_text(r)}{dropout_sentence(r)} Method: {r.method}."


def _text(r: PowerResult) -> str:
    i = r.inputs
    cv = i["cluster_size_cv"]
    sizes = (
        f"a coefficient of variation of cluster size of {num(cv)}" if cv
        else "equal cluster sizes"
    )
    c_t, c_c = r.clusters_per_arm
    clusters = (
        f"{c_t} clusters per arm ({r.clusters_total} in total)" if c_t == c_c
        else f"{c_t} clusters in the treatment arm and {c_c} in the control arm"
    )
    return (
        f"Because randomisation is by cluster, the individually randomised sample size of "
        f"{r.n_individual_total} is multiplied by the design effect {r.design_effect:.3f}, "
        f"assuming a mean cluster size of {num(i['cluster_size'])}, an intracluster correlation "
        f"of {num(i['icc'])} and {sizes} (Eldridge, Ashby & Kerry 2006)."
        + requirement(f"clusters of {num(i['cluster_size'])} participants: {clusters}, "
                      f"{sizes_text(r)}", r.power, these="these clusters")
    )
