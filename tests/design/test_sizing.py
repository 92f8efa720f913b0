"""Sample size from a design: the engine's result, with evidence inputs when linked."""

from __future__ import annotations

from pathlib import Path

from trialkit import power
from trialkit.design import Trial, load_trial
from trialkit.design.evidence_link import EvidenceLink
from trialkit.design.sizing import procedures, size_trial
from trialkit.evidence import power_inputs

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "anakinra-t1d.yaml"


def test_sizing_calls_the_engine_with_the_design_parameters() -> None:
    trial = load_trial(EXAMPLE)
    sizing = size_trial(trial, EvidenceLink.empty())
    direct = power.two_means(**trial.sample_size.parameters)
    assert sizing.status == "computed"
    assert sizing.result is not None
    assert sizing.result.n_per_arm == direct.n_per_arm
    assert sizing.result.n_total_enrolled == direct.n_total_enrolled
    assert sizing.justification.startswith(direct.justification)
    assert sizing.justification.endswith(trial.sample_size.rationale or "")


def test_not_specified_and_unknown_procedures() -> None:
    assert size_trial(Trial(), EvidenceLink.empty()).status == "not_specified"
    bad = Trial.model_validate({"schema_version": 1, "sample_size": {"procedure": "t_test"}})
    sizing = size_trial(bad, EvidenceLink.empty())
    assert sizing.status == "error" and "two_means" in sizing.message


def test_procedures_are_the_engine_functions() -> None:
    names = procedures()
    assert {"two_means", "ratio_of_means", "two_proportions"} <= set(names)
    assert "PowerResult" not in names and "power_curve" not in names
    assert "design_effect" not in names and "adjusted_alpha" not in names


def test_evidence_estimate_supplies_inputs_and_is_cited() -> None:
    # Larsen et al. (2009) Diabetes Care 32:1663-1668: PI/I ratio difference -0.07
    # (95% CI -0.14 to -0.02) 39 weeks after withdrawal; the library derives the SD.
    trial = Trial.model_validate({
        "schema_version": 1,
        "sample_size": {
            "procedure": "two_means",
            "evidence": "larsen2009.pi_insulin_ratio",
            "parameters": {"power": 0.8, "alpha": 0.05},
        },
    })
    link = EvidenceLink.open()
    sizing = size_trial(trial, link)
    assert sizing.status == "computed", sizing.message
    inputs = power_inputs(link.estimate("larsen2009.pi_insulin_ratio"), "two_means")
    direct = power.two_means(**inputs, power=0.8, alpha=0.05)
    assert sizing.result is not None and sizing.result.n_per_arm == direct.n_per_arm
    assert "Larsen et al. (2009" in sizing.justification


def test_evidence_without_a_library_is_an_error_not_a_crash() -> None:
    trial = Trial.model_validate({
        "schema_version": 1,
        "sample_size": {"procedure": "two_means", "evidence": "larsen2009.pi_insulin_ratio"},
    })
    sizing = size_trial(trial, EvidenceLink.empty("library switched off"))
    assert sizing.status == "error"
    assert "library switched off" in sizing.message
