"""Cluster-randomised design procedures (audit D9, issue 12): the individually randomised size
times the design effect 1 + ((cv^2 + 1) m - 1) ICC (Eldridge, Ashby & Kerry 2006 Int J
Epidemiol 35:1292-1300), in whole clusters; offered to design files and the forms."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest

from trialkit import power
from trialkit.design import load_trial
from trialkit.design.evidence_link import EvidenceLink
from trialkit.design.sizing import size_trial
from trialkit.errors import InvalidParameter
from trialkit.power import catalogue
from trialkit.render.markdown import render_markdown

ROOT = Path(__file__).resolve().parents[2]


def test_two_means_in_clusters_is_the_t_test_size_times_the_design_effect():
    res = power.cluster_two_means(delta=0.1, sd=0.2, power=0.8, cluster_size=10, icc=0.05)
    fixed = power.two_means(delta=0.1, sd=0.2, power=0.8)
    # By hand: design effect 1 + (10 - 1) 0.05 = 1.45 (Donner, Birkett & Buck 1981);
    # 63.77 x 1.45 = 92.46 per arm, so 10 clusters of 10 per arm.
    assert res.extras["design_effect"] == pytest.approx(1.45, abs=1e-12)
    clusters = math.ceil(fixed.solution * 1.45 / 10)
    assert clusters == 10
    assert res.extras["clusters_per_arm"] == (10, 10) and res.n_per_arm == (100, 100)
    assert res.procedure == "cluster_two_means"
    assert "design effect 1.450" in res.justification


def test_unequal_cluster_sizes_inflate_more():
    res = power.cluster_two_proportions(p1=0.3, p2=0.2, power=0.8, cluster_size=20, icc=0.02,
                                        cluster_size_cv=0.5)
    fixed = power.two_proportions(p1=0.3, p2=0.2, power=0.8)
    de = 1 + ((0.5**2 + 1) * 20 - 1) * 0.02  # Eldridge, Ashby & Kerry (2006): 1.48
    assert res.extras["design_effect"] == pytest.approx(de, abs=1e-12)
    clusters = math.ceil(fixed.solution * de / 20 - 1e-9)
    assert res.extras["clusters_per_arm"] == (clusters, clusters)
    assert res.n_per_arm == (clusters * 20, clusters * 20)


@pytest.mark.parametrize(("kwargs", "name"), [
    ({"icc": 1.5}, "icc"), ({"cluster_size": 0.5}, "cluster_size"),
    ({"cluster_size_cv": -1}, "cluster_size_cv"), ({"sd": 0}, "sd"),
])
def test_bad_input_names_the_field(kwargs, name):
    call = {"delta": 0.1, "sd": 0.2, "power": 0.8, "cluster_size": 10, "icc": 0.05, **kwargs}
    with pytest.raises(InvalidParameter) as err:
        power.cluster_two_means(**call)
    assert err.value.name == name


def test_the_forms_offer_the_cluster_designs():
    names = [p.name for p in catalogue.design_procedures()]
    assert {"cluster_two_means", "cluster_two_proportions", "ancova_log"} <= set(names)


def test_a_design_file_randomised_by_cluster_sizes_and_renders(tmp_path):
    text = (ROOT / "examples" / "anakinra-t1d.yaml").read_text(encoding="utf-8")
    start = text.index("sample_size:")
    end = text.index("  rationale:", start)
    block = ("sample_size:\n  endpoint: E1\n  procedure: cluster_two_means\n  parameters:\n"
             "    delta: 0.1\n    sd: 0.2\n    power: 0.8\n    cluster_size: 10\n"
             "    icc: 0.05\n")
    path = tmp_path / "design.yaml"
    path.write_text(text[:start] + block + text[end:], encoding="utf-8")
    trial = load_trial(path)
    sizing = size_trial(trial, EvidenceLink.empty())
    assert sizing.status == "computed" and sizing.result is not None, sizing.message
    assert sizing.result.n_per_arm == (100, 100)
    document = render_markdown(trial)
    assert "10 clusters per arm (20 in total)" in document
    assert "Two means, cluster-randomised" in document


@pytest.mark.parametrize(("name", "effect"), [
    ("cluster_two_means", {"delta": 0.5, "sd": 1.0}),
    ("cluster_two_proportions", {"p1": 0.65, "p2": 0.5}),
])
def test_the_paragraph_states_one_set_of_numbers(name, effect):
    """Clusters per arm, cluster size, participants per arm and in total after the design
    effect, and the enrolment for dropout: the result's own numbers, and no other size."""
    res = getattr(power, name)(**effect, power=0.8, cluster_size=20, icc=0.05, dropout=0.1)
    c = res.clusters_per_arm[0]
    n, enrolled = res.n_per_arm[0], res.n_per_arm_enrolled[0]
    text = res.justification.split(" Method:")[0]
    assert (f"clusters of 20 participants: {c} clusters per arm ({res.clusters_total} in "
            f"total), {n} participants per arm ({res.n_total} in total); with these clusters "
            f"the power is {100 * res.power:.1f}%.") in text
    assert (f"Allowing for 10% dropout, {enrolled} participants per arm "
            f"({res.n_total_enrolled} in total) will be enrolled.") in text
    allowed = {"0.05", "1.950", "20", "10", "80", "1", "2006", "65", "50", *map(str, effect.values()),
               str(c), str(res.clusters_total), str(n), str(res.n_total), str(enrolled),
               str(res.n_total_enrolled), str(res.n_individual_total), f"{100 * res.power:.1f}"}
    assert set(re.findall(r"\d+(?:\.\d+)?", text)) <= allowed, text
    assert "This requires" not in text.split("Because randomisation")[0]


def test_an_unequal_allocation_names_each_arm():
    res = power.cluster_two_means(delta=0.5, sd=1.0, power=0.8, cluster_size=10, icc=0.02,
                                  ratio=2.0, dropout=0.2)
    c_t, c_c = res.clusters_per_arm
    t, k = res.n_per_arm
    e_t, e_c = res.n_per_arm_enrolled
    assert c_t != c_c
    assert (f"{c_t} clusters in the treatment arm and {c_c} in the control arm, {t} "
            f"participants in the treatment group and {k} in the control group "
            f"({res.n_total} in total); with these clusters the power is "
            f"{100 * res.power:.1f}%.") in res.justification
    assert f"{e_t} and {e_c} participants ({res.n_total_enrolled} in total)" in res.justification


def test_a_design_file_with_dropout_renders_the_cluster_numbers(tmp_path):
    """The rendered protocol's paragraph gives the cluster result's sizes and enrolment."""
    text = (ROOT / "examples" / "anakinra-t1d.yaml").read_text(encoding="utf-8")
    start = text.index("sample_size:")
    end = text.index("  rationale:", start)
    block = ("sample_size:\n  endpoint: E1\n  procedure: cluster_two_means\n  parameters:\n"
             "    delta: 0.1\n    sd: 0.2\n    power: 0.8\n    cluster_size: 10\n"
             "    icc: 0.05\n    dropout: 0.1\n")
    path = tmp_path / "design.yaml"
    path.write_text(text[:start] + block + text[end:], encoding="utf-8")
    trial = load_trial(path)
    res = size_trial(trial, EvidenceLink.empty()).result
    assert res is not None
    document = " ".join(render_markdown(trial).split())
    assert (f"clusters of 10 participants: {res.clusters_per_arm[0]} clusters per arm "
            f"({res.clusters_total} in total), {res.n_per_arm[0]} participants per arm "
            f"({res.n_total} in total)") in document
    assert (f"{res.n_per_arm_enrolled[0]} participants per arm ({res.n_total_enrolled} in "
            "total) will be enrolled") in document
