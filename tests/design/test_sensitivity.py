"""Sensitivity of the sample size: one vectorised grid, checked against the engine one by one.

The main example's power with 34 per arm (ANCOVA, Borm et al., J Clin Epidemiol 2007) is 65%
if the baseline correlation is 0.5 rather than 0.7 and 62% if the SD is 0.25 rather than 0.2,
the figures issue 13 quotes; each row's n is the engine's own solution for that scenario.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from trialkit import power
from trialkit.design import load_trial
from trialkit.design.assessment import assess
from trialkit.design.evidence_link import EvidenceLink
from trialkit.design.sensitivity import Scenario, Sensitivity, sensitivity
from trialkit.design.sizing import Sizing, size_trial
from trialkit.render.context import build_context
from trialkit.render.markdown import render_markdown
from trialkit.render.templates import template_blocks

ROOT = Path(__file__).resolve().parents[2]
MAIN = ROOT / "examples" / "anakinra-t1d.yaml"


def test_main_example_scenarios_match_the_engine() -> None:
    sizing = size_trial(load_trial(MAIN))
    found = sensitivity(sizing)
    assert found is not None
    rows = {(s.varies, round(s.value, 4)): s for s in found.scenarios if s.varies != "design"}
    assert round(100 * rows[("baseline_correlation", 0.5)].power_planned) == 65
    assert round(100 * rows[("sd", 0.25)].power_planned) == 62
    for (name, value), row in rows.items():
        inputs = {**sizing.kwargs, name: value}
        assert power.two_means(**inputs).n_total == row.n_total, name


def test_three_arm_scenarios_count_every_arm() -> None:
    trial = load_trial(ROOT / "examples" / "ld-il2-sle.yaml")
    assessment = assess(trial, EvidenceLink.open(), template_blocks())
    assert assessment.sensitivity is not None
    first = assessment.sensitivity.scenarios[0]
    assert (first.n_total, first.n_total_enrolled) == (153, 171)


def test_exact_single_arm_design_has_no_normal_approximation_table() -> None:
    sizing = size_trial(load_trial(ROOT / "examples" / "bm-stemcell-t2d-pilot.yaml"))
    assert sensitivity(sizing) is None


@pytest.mark.parametrize("name", ["anakinra-t1d", "rhigf1-t2d-insulin"])
def test_protocol_shows_the_sensitivity_table(name: str) -> None:
    trial = load_trial(ROOT / "examples" / f"{name}.yaml")
    text = render_markdown(trial, context=build_context(trial))
    section = text[text.index("### 10.7"):]
    assert "| Planning value | Value | Change | Needed: analysed |" in section
    assert "| SD | " in section and "| All as planned |" in section


def test_events_driven_design_has_no_participant_table() -> None:
    data = load_trial(MAIN).model_dump(mode="json")
    data["sample_size"] = {"procedure": "logrank", "parameters": {
        "hazard_ratio": 0.7, "power": 0.8, "alpha": 0.05}}
    from trialkit.design import Trial

    assert sensitivity(size_trial(Trial.model_validate(data))) is None


def test_evidence_confidence_limits_are_scenarios() -> None:
    """Larsen et al. (Diabetes Care, 2009): the effect at each CI limit, converted as the estimate."""
    sizing = size_trial(load_trial(ROOT / "examples" / "il1ra-t2d-durability.yaml"))
    link = EvidenceLink.open()
    estimate = link.estimate(load_trial(ROOT / "examples" / "il1ra-t2d-durability.yaml")
                             .sample_size.evidence)
    found = sensitivity(sizing, estimate)
    assert found is not None
    limits = [s for s in found.scenarios if "CI" in s.note]
    assert len(limits) == 2
    for row in limits:
        assert power.two_means(**{**sizing.kwargs, "delta": row.value}).n_total == row.n_total


FM: dict[str, Any] = {"method": "farrington_manning"}
KINDS: dict[str, tuple[str, dict[str, Any]]] = {
    "two means": ("two_means", {"delta": 0.5, "sd": 1.0}),
    "ANCOVA": ("two_means", {"delta": 0.5, "sd": 1.0, "baseline_correlation": 0.6}),
    "non-inferior means": ("two_means", {"delta": 0.0, "sd": 1.0, "margin": 0.3}),
    "non-inferior means, better": ("two_means", {"delta": 0.1, "sd": 1.0, "margin": 0.3}),
    "one mean": ("one_mean", {"delta": 0.5, "sd": 1.0}),
    "ratio of means": ("ratio_of_means", {"mean_ratio": 0.8, "cv": 0.3}),
    "two proportions": ("two_proportions", {"p1": 0.9, "p2": 0.6}),
    "non-inferior proportions": ("two_proportions", {"p1": 0.8, "p2": 0.8, "margin": 0.1,
                                                      "sides": 1, "alpha": 0.025, **FM}),
    "non-inferior ratio": ("two_proportions", {"p1": 0.8, "p2": 0.8, "margin": 0.8,
                                               "scale": "ratio", **FM}),
    "non-inferior odds ratio": ("two_proportions", {"p1": 0.75, "p2": 0.8, "margin": 0.5,
                                                    "scale": "odds_ratio", **FM}),
    "equivalent proportions": ("two_proportions", {"p1": 0.5, "p2": 0.5, "margin": 0.15,
                                                   "equivalence": True, **FM}),
    "equivalent ratio": ("two_proportions", {"p1": 0.55, "p2": 0.5, "margin": 0.8,
                                             "scale": "ratio", "equivalence": True, **FM}),
    "equivalent means": ("equivalence_means", {"margin": 0.2, "sd": 0.3}),
    "equivalent means, shifted": ("equivalence_means", {"margin": 0.2, "sd": 0.3,
                                                        "delta": 0.05}),
}
TRUE_EFFECT = {"two_means": "delta", "one_mean": "delta", "ratio_of_means": "mean_ratio",
               "two_proportions": "p1", "equivalence_means": "delta"}


def _table(name: str, inputs: dict[str, Any]) -> tuple[Sensitivity, list[Scenario]]:
    planned = getattr(power, name)(**inputs, power=0.8)
    found = sensitivity(Sizing("computed", name, {**inputs, "power": 0.8}, planned))
    assert found is not None
    return found, [s for s in found.scenarios if s.varies == TRUE_EFFECT[name]]


@pytest.mark.parametrize("kind", KINDS)
def test_every_design_kind_varies_its_true_effect(kind: str) -> None:
    """Each effect row is its own scenario (a non-inferiority or equivalence design with no
    true difference used to repeat the plan), sized as the engine sizes it, and a scenario
    nearer what the test must rule out needs more participants and has less power."""
    name, inputs = KINDS[kind]
    found, rows = _table(name, inputs)
    plan = found.scenarios[0]
    planned_value = inputs.get(TRUE_EFFECT[name], 0.0)
    assert len(rows) == 2 and len({row.value for row in rows} | {planned_value}) == 3
    for row in rows:
        again = getattr(power, name)(**{**inputs, TRUE_EFFECT[name]: row.value}, power=0.8)
        assert again.n_total == row.n_total, row.note
        harder = row.note.startswith(("0.75", "0.5"))
        assert (row.n_total > plan.n_total) == harder, row.note
        assert (row.power_planned < plan.power_planned) == harder, row.note


def test_non_inferiority_keeps_the_distance_from_the_margin() -> None:
    """Difference 0 with margin 0.1: 0.75 and 1.25 times the distance 0.1 from -0.1."""
    _, rows = _table(*KINDS["non-inferior proportions"])
    assert [round(row.value, 10) for row in rows] == [0.775, 0.825]
    _, rows = _table(*KINDS["equivalent means"])
    assert [round(row.value, 10) for row in rows] == [-0.05, -0.1]  # towards the lower margin
    _, rows = _table(*KINDS["equivalent means, shifted"])
    assert [round(row.value, 10) for row in rows] == [0.0875, 0.0125]


def test_an_impossible_scenario_is_left_out_not_the_whole_table() -> None:
    """p1 = 0.95 against 0.6: 1.25 times the difference would be a rate above 1."""
    _, rows = _table("two_proportions", {"p1": 0.95, "p2": 0.6})
    assert [row.note for row in rows] == ["0.75 \u00d7 planned effect"]


def test_negative_evidence_limits_are_worded_by_nearness_to_no_effect() -> None:
    """Larsen et al. (Diabetes Care, 2009): -0.07 (95% CI -0.14 to -0.02), a reduction.

    The design states the effect's size, so the limit -0.02 sizes with 0.02: the row calls it
    the limit nearer to no effect and says the sign, never "upper limit (-0.02)" beside 0.02.
    """
    trial = load_trial(ROOT / "examples" / "il1ra-t2d-durability.yaml")
    text = render_markdown(trial, context=build_context(trial))
    assert ("| Difference | 0.02 | the evidence's 95% CI limit nearer to no effect "
            "(-0.02, a reduction of 0.02) |") in text
    assert ("| Difference | 0.14 | the evidence's 95% CI limit farther from no effect "
            "(-0.14, a reduction of 0.14) |") in text
    assert "upper limit (-0.02)" not in text
