"""Cluster randomisation by the design effect, equal and unequal cluster sizes."""

from __future__ import annotations

import math

import pytest

from trialkit.errors import InvalidParameter
from trialkit.power import cluster_randomised, design_effect, two_means, two_proportions


def test_equal_cluster_sizes_give_the_classical_design_effect():
    # Donner, Birkett & Buck (1981): 1 + (m - 1) * ICC; by hand 1 + 19 * 0.05 = 1.95.
    assert design_effect(cluster_size=20, icc=0.05) == pytest.approx(1.95)


def test_unequal_cluster_sizes_follow_eldridge_2006():
    # Eldridge, Ashby & Kerry (2006) Int J Epidemiol: 1 + ((cv^2 + 1) m - 1) * ICC;
    # by hand with m 20, cv 0.4, ICC 0.05: 1 + (1.16 * 20 - 1) * 0.05 = 2.11.
    assert design_effect(cluster_size=20, icc=0.05, cluster_size_cv=0.4) == pytest.approx(2.11)


def test_cluster_design_rounds_to_whole_clusters():
    fixed = two_means(delta=0.5, sd=1.0, power=0.8)
    r = cluster_randomised(fixed, cluster_size=20, icc=0.05, cluster_size_cv=0.4)
    per_arm = math.ceil(fixed.solution * 2.11 / 20)
    assert r.clusters_per_arm == (per_arm, per_arm)
    assert r.n_per_arm == (per_arm * 20, per_arm * 20)
    assert r.n_total >= fixed.solution * 2 * 2.11
    assert "design effect 2.110" in r.justification
    assert "Eldridge" in r.method.reference


def test_icc_zero_leaves_the_individual_design_in_whole_clusters():
    fixed = two_proportions(p1=0.75, p2=0.5, power=0.9)
    r = cluster_randomised(fixed, cluster_size=10, icc=0.0)
    assert r.design_effect == 1.0
    assert r.n_per_arm[0] == 10 * math.ceil(fixed.solution / 10)


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"cluster_size": 0.5, "icc": 0.05}, "cluster_size"),
        ({"cluster_size": 10, "icc": 1.0}, "icc"),
        ({"cluster_size": 10, "icc": -0.1}, "icc"),
        ({"cluster_size": 10, "icc": 0.05, "cluster_size_cv": -1}, "cluster_size_cv"),
    ],
)
def test_bad_input_names_the_parameter(kwargs, name):
    with pytest.raises(InvalidParameter) as err:
        design_effect(**kwargs)
    assert err.value.name == name


def test_design_effect_result_carries_its_protocol_sentence():
    from trialkit.power.cluster import cluster_design_effect

    d = cluster_design_effect(cluster_size=20, icc=0.05, cluster_size_cv=0.4)
    # Same hand computation as above (Eldridge, Ashby & Kerry 2006 formula): 2.11.
    assert d.value == pytest.approx(2.11)
    assert "design effect is 2.110" in d.justification
    assert d.to_dict()["design_effect"] == pytest.approx(2.11)
