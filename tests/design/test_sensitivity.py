"""Sensitivity of the sample size: one vectorised grid, checked against the engine one by one.

The main example's power with 34 per arm (ANCOVA, Borm et al., J Clin Epidemiol 2007) is 65%
if the baseline correlation is 0.5 rather than 0.7 and 62% if the SD is 0.25 rather than 0.2,
the figures issue 13 quotes; each row's n is the engine's own solution for that scenario.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from trialkit import power
from trialkit.design import load_trial
from trialkit.design.assessment import assess
from trialkit.design.evidence_link import EvidenceLink
from trialkit.design.sensitivity import sensitivity
from trialkit.design.sizing import size_trial
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
