"""Cluster-randomised designs: two means or two proportions with whole clusters per arm.

The individually randomised design (``two_means``, ``two_proportions``) is solved for its
sample size and inflated by the design effect 1 + ((cv^2 + 1) m - 1) ICC, then rounded up to
whole clusters (``cluster_randomised``; Eldridge, Ashby & Kerry (2006) Int J Epidemiol
35:1292-1300). These are the design procedures a cluster trial is sized with.
"""

from __future__ import annotations

import dataclasses

from trialkit.power.cluster import cluster_randomised
from trialkit.power.means import two_means
from trialkit.power.proportions import two_proportions
from trialkit.power.result import PowerResult


def cluster_two_means(
    *,
    delta: float,
    sd: float,
    power: float,
    cluster_size: float,
    icc: float,
    cluster_size_cv: float = 0.0,
    alpha: float = 0.05,
    sides: int = 2,
    power_convention: str = "two_tailed",
    ratio: float = 1.0,
    dropout: float = 0.0,
) -> PowerResult:
    """Participants (in whole clusters) per arm for a cluster-randomised comparison of means."""
    fixed = two_means(delta=delta, sd=sd, power=power, alpha=alpha, sides=sides,
                      power_convention=power_convention, ratio=ratio, dropout=dropout)
    return _named(cluster_randomised(fixed, cluster_size=cluster_size, icc=icc,
                                     cluster_size_cv=cluster_size_cv), "cluster_two_means")


def cluster_two_proportions(
    *,
    p1: float,
    p2: float,
    power: float,
    cluster_size: float,
    icc: float,
    cluster_size_cv: float = 0.0,
    alpha: float = 0.05,
    sides: int = 2,
    power_convention: str = "two_tailed",
    ratio: float = 1.0,
    dropout: float = 0.0,
) -> PowerResult:
    """Participants (in whole clusters) per arm for a cluster-randomised comparison of
    proportions."""
    fixed = two_proportions(p1=p1, p2=p2, power=power, alpha=alpha, sides=sides,
                            power_convention=power_convention, ratio=ratio, dropout=dropout)
    return _named(cluster_randomised(fixed, cluster_size=cluster_size, icc=icc,
                                     cluster_size_cv=cluster_size_cv), "cluster_two_proportions")


def _named(result: PowerResult, procedure: str) -> PowerResult:
    """The result under the design procedure's name, with only that procedure's inputs."""
    from trialkit.power import catalogue

    proc = catalogue.procedure(procedure)
    assert proc is not None
    names = set(proc.names())
    return dataclasses.replace(result, procedure=procedure,
                               inputs={k: v for k, v in result.inputs.items() if k in names})
