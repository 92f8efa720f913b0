"""Interim looks in a design: the engine inflates the sample size, the protocol shows the boundaries."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from trialkit import power
from trialkit.design import Trial, load_trial
from trialkit.design.evidence_link import EvidenceLink
from trialkit.design.sizing import size_trial
from trialkit.errors import TrialkitError
from trialkit.render.markdown import render_markdown

SIZE = {
    "procedure": "two_means",
    "parameters": {"delta": 0.5, "sd": 1.0, "power": 0.9, "alpha": 0.025, "sides": 1},
}


def trial_with(plan: dict | None, parameters: dict | None = None) -> Trial:
    sample_size = {**SIZE, "parameters": parameters or SIZE["parameters"]}
    if plan is not None:
        sample_size["group_sequential"] = plan
    return Trial.model_validate({"schema_version": 1, "sample_size": sample_size})


def test_plan_inflates_the_fixed_design_by_the_engine_factor() -> None:
    sizing = size_trial(trial_with({"k": 3, "spending": "obf"}), EvidenceLink.empty())
    fixed = power.two_means(delta=0.5, sd=1.0, power=0.9, alpha=0.025, sides=1)
    design = power.group_sequential(k=3, alpha=0.025, power=0.9, sides=1, spending="obf")
    assert sizing.status == "computed" and sizing.sequential is not None
    assert sizing.sequential.critical_z == design.critical_z
    # REFERENCE O38 (Lan-DeMets O'Brien-Fleming, K = 3, one-sided 0.025): 3.7103, 2.5114, 1.9930.
    assert sizing.sequential.critical_z == pytest.approx((3.7103, 2.5114, 1.9930), abs=5e-5)
    expected = math.ceil(fixed.solution * design.inflation_factor - 1e-9)
    assert sizing.result is not None and sizing.result.n_per_arm == (expected, expected)


def test_protocol_interim_section_has_the_boundary_table() -> None:
    text = render_markdown(trial_with({"k": 3, "spending": "pocock", "futility": "obf"}))
    interim = text[text.index("Interim analyses"):text.index("Sample size determination")]
    assert "2 interim analyses of efficacy and non-binding futility" in interim
    assert "| Analysis | Information | Participants analysed | Critical z |" in interim
    assert "| final | 100% |" in interim
    assert "Futility z" in interim
    assert "No interim analysis of efficacy is planned" not in interim


def test_without_a_plan_the_protocol_says_no_interim_analysis() -> None:
    text = render_markdown(trial_with(None))
    assert "No interim analysis of efficacy is planned." in text


def test_plan_needs_a_design_solved_for_n() -> None:
    params = {"delta": 0.5, "sd": 1.0, "n_per_arm": 40, "alpha": 0.025, "sides": 1}
    sizing = size_trial(trial_with({"k": 2}, params), EvidenceLink.empty())
    assert sizing.status == "error"
    assert "group-sequential plan" in sizing.message and "find the sample size" in sizing.message


@pytest.mark.parametrize("plan", [{"k": 1}, {"k": 3, "spending": "fast"}, {"k": 3, "looks": 2}])
def test_invalid_plans_are_refused_when_loading(plan: dict, tmp_path: Path) -> None:
    path = tmp_path / "design.yaml"
    lines = ["schema_version: 1", "sample_size:", "  procedure: two_means", "  group_sequential:"]
    lines += [f"    {key}: {value}" for key, value in plan.items()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(TrialkitError, match="group sequential"):
        load_trial(path)


def test_binding_futility_lowers_the_efficacy_bounds_and_the_protocol_says_so() -> None:
    plan = {"k": 3, "spending": "obf", "futility": "obf"}
    non_binding = size_trial(trial_with(plan), EvidenceLink.empty())
    binding = size_trial(trial_with({**plan, "binding_futility": True}), EvidenceLink.empty())
    assert binding.sequential is not None and non_binding.sequential is not None
    assert binding.sequential.binding_futility and not non_binding.sequential.binding_futility
    # rpact 3.3.4 getDesignGroupSequential(kMax = 3, alpha = 0.025, beta = 0.1, sided = 1,
    # typeOfDesign = "asOF", typeBetaSpending = "bsOF", bindingFutility = TRUE) is the engine's
    # design; the binding efficacy bounds lie below the non-binding ones after the first look.
    engine = power.group_sequential(k=3, alpha=0.025, power=0.9, sides=1, futility="obf",
                                    binding_futility=True)
    assert binding.sequential.critical_z == engine.critical_z
    assert all(b < n for b, n in zip(binding.sequential.critical_z[1:],
                                     non_binding.sequential.critical_z[1:], strict=True))
    text = render_markdown(trial_with({**plan, "binding_futility": True}))
    interim = " ".join(text[text.index("Interim analyses"):
                            text.index("Sample size determination")].split())
    assert "2 interim analyses of efficacy and binding futility" in interim
    assert "the futility boundary is binding" in interim
    plain = " ".join(render_markdown(trial_with(plan)).split())
    assert "the futility boundary is non-binding" in plain


def test_binding_futility_is_optional_and_needs_a_futility_bound() -> None:
    # Design files written before the option keep opening, non-binding.
    assert trial_with({"k": 3, "futility": "obf"}).sample_size.group_sequential.binding_futility \
        is False
    sizing = size_trial(trial_with({"k": 3, "binding_futility": True}), EvidenceLink.empty())
    assert sizing.status == "error" and "futility" in sizing.message


def test_binding_futility_must_be_true_or_false_in_a_design_file(tmp_path: Path) -> None:
    path = tmp_path / "design.yaml"
    path.write_text("schema_version: 2\nsample_size:\n  procedure: two_means\n"
                    "  group_sequential:\n    k: 3\n    futility: obf\n"
                    "    binding_futility: sometimes\n", encoding="utf-8")
    with pytest.raises(TrialkitError, match="binding_futility"):
        load_trial(path)
