"""The planned analysis drives the sample size: a size computed for another analysis is a problem."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any, get_args

import pytest

from trialkit.design import Trial, assess, dump_trial
from trialkit.design.analysis import describe, mismatch, propose
from trialkit.design.evidence_link import EvidenceLink
from trialkit.design.model import AnalysisModel, EndpointAnalysis, Scale
from trialkit.power import catalogue

ANCOVA_LOG1P = {"model": "ancova", "scale": "log1p", "covariates": ["baseline value"]}


def _trial(analysis: dict[str, Any] | None, procedure: str | None, **parameters: Any) -> Trial:
    """A two-arm design whose one primary endpoint has ``analysis``, sized by ``procedure``."""
    endpoint: dict[str, Any] = {"id": "E1", "name": "C-peptide AUC", "type": "continuous"}
    if analysis is not None:
        endpoint["analysis"] = analysis
    return Trial.model_validate({
        "objectives": [{"id": "O1", "level": "primary", "endpoints": [endpoint]}],
        "arms": [{"id": "A", "type": "experimental"}, {"id": "P", "type": "placebo_comparator"}],
        "design": {"intervention_model": "parallel", "allocation_ratio": "1:1"},
        "sample_size": {"procedure": procedure, "parameters": parameters},
    })


def _analysis_problems(trial: Trial) -> list[Any]:
    found = assess(trial, EvidenceLink.empty(), ())
    return [p for p in found.problems if "primary analysis" in p.message]


def test_a_ratio_of_means_does_not_size_a_baseline_adjusted_log1p_ancova():
    # The case: "a 30% relative difference" sized as an unadjusted test of log(x).
    trial = _trial(ANCOVA_LOG1P, "ratio_of_means", mean_ratio=1.3, cv=0.6, power=0.8)
    [problem] = _analysis_problems(trial)
    assert problem.severity == "error"
    assert problem.field == "sample_size.procedure"
    assert "Ratio of means" in problem.message
    assert "ANCOVA" in problem.message and "log(x + 1)" in problem.message
    assert ("size it with ANCOVA on log(x + 1), baseline-adjusted and give the baseline "
            "correlation") in problem.message


def test_two_means_without_the_baseline_correlation_is_named_at_that_input():
    trial = _trial(ANCOVA_LOG1P, "two_means", delta=0.2, sd=0.4, power=0.8)
    [problem] = _analysis_problems(trial)
    assert problem.field == "sample_size.parameters.baseline_correlation"
    assert "adjusts for the baseline value but the sample size does not" in problem.message


def test_two_means_with_the_baseline_correlation_sizes_the_ancova_and_needs_fewer():
    adjusted = _trial(ANCOVA_LOG1P, "two_means", delta=0.2, sd=0.4, power=0.8,
                      baseline_correlation=0.7)
    found = assess(adjusted, EvidenceLink.empty(), ())
    assert not [p for p in found.problems if "primary analysis" in p.message]
    plain = assess(_trial(None, "two_means", delta=0.2, sd=0.4, power=0.8),
                   EvidenceLink.empty(), ())
    assert found.sizing.result.n_total < plain.sizing.result.n_total


def test_a_baseline_correlation_the_analysis_does_not_use_is_a_problem():
    trial = _trial({"model": "t_test"}, "two_means", delta=0.5, sd=1, power=0.8,
                   baseline_correlation=0.5)
    [problem] = _analysis_problems(trial)
    assert "assumes a baseline adjustment the analysis does not make" in problem.message


@pytest.mark.parametrize(("analysis", "procedure", "parameters"), [
    ({"model": "t_test", "scale": "log"}, "ratio_of_means", {"mean_ratio": 1.3, "cv": 0.6}),
    ({"model": "cox", "covariates": ["age"]}, "logrank", {"hazard_ratio": 0.7}),
    ({"model": "proportions"}, "two_proportions", {"p1": 0.6, "p2": 0.4}),
    (None, "ratio_of_means", {"mean_ratio": 1.3, "cv": 0.6}),  # no analysis chosen: no check
    ({"scale": "log"}, "ratio_of_means", {"mean_ratio": 1.3, "cv": 0.6}),
])
def test_matching_analyses_raise_nothing(analysis, procedure, parameters):
    assert _analysis_problems(_trial(analysis, procedure, power=0.8, **parameters)) == []


@pytest.mark.parametrize(("analysis", "procedure", "parameters"), [
    ({"model": "cox"}, "two_proportions", {"p1": 0.6, "p2": 0.4}),
    ({"model": "t_test", "scale": "log1p"}, "ratio_of_means", {"mean_ratio": 1.3, "cv": 0.6}),
    ({"model": "t_test"}, "ratio_of_means", {"mean_ratio": 1.3, "cv": 0.6}),
    ({"model": "count_regression"}, "two_means", {"delta": 0.5, "sd": 1}),
])
def test_mismatched_analyses_are_errors(analysis, procedure, parameters):
    [problem] = _analysis_problems(_trial(analysis, procedure, power=0.8, **parameters))
    assert problem.severity == "error"


@pytest.mark.parametrize(("model", "scale", "baseline"), itertools.product(
    get_args(AnalysisModel), get_args(Scale), (False, True)))
def test_every_proposal_is_a_design_procedure_that_passes_the_check(model, scale, baseline):
    analysis = EndpointAnalysis(model=model, scale=scale,
                                covariates=["baseline value"] if baseline else [])
    proposal = propose(analysis)
    assert proposal is not None
    assert catalogue.procedure(proposal.procedure) in catalogue.design_procedures()
    correlation = 0.5 if "baseline_correlation" in proposal.needs else None
    assert mismatch(analysis, proposal.procedure, correlation) is None
    assert "_" not in describe(analysis)  # words, not codes


def test_the_log1p_ancova_is_proposed_as_the_log1p_ancova_with_the_correlation():
    analysis = EndpointAnalysis.model_validate(ANCOVA_LOG1P)
    proposal = propose(analysis)
    assert proposal is not None
    assert proposal.procedure == "ancova_log"
    assert proposal.needs == ("control_mean", "cv", "mean_ratio", "baseline_correlation")
    # Two means with the log(x + 1) difference, SD and correlation sizes it too.
    assert mismatch(analysis, "two_means", 0.7) is None
    assert mismatch(analysis, "two_means", None) is not None


def test_the_log1p_ancova_procedure_sizes_only_that_analysis():
    unadjusted = EndpointAnalysis.model_validate({**ANCOVA_LOG1P, "covariates": []})
    log_scale = EndpointAnalysis.model_validate({**ANCOVA_LOG1P, "scale": "log"})
    t_test = EndpointAnalysis.model_validate({"model": "t_test", "scale": "log1p"})
    assert "baseline adjustment" in (mismatch(unadjusted, "ancova_log", 0.7) or "")
    assert "log(x + 1) scale" in (mismatch(log_scale, "ancova_log", 0.7) or "")
    assert mismatch(t_test, "ancova_log", 0.7) == "it sizes a different analysis"


def test_designs_without_an_analysis_and_version_1_files_still_load():
    old = {"schema_version": 1, "objectives": [
        {"id": "O1", "level": "primary", "endpoints": [{"id": "E1", "name": "AUC"}]}]}
    trial = Trial.model_validate(old)
    assert trial.endpoints()[0].analysis is None
    again = Trial.model_validate(_trial(ANCOVA_LOG1P, "two_means").model_dump())
    assert again.endpoints()[0].analysis == EndpointAnalysis.model_validate(ANCOVA_LOG1P)


def test_trialkit_check_names_the_mismatch(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    from trialkit.cli import main

    path = tmp_path / "design.yaml"
    trial = _trial(ANCOVA_LOG1P, "ratio_of_means", mean_ratio=1.3, cv=0.6, power=0.8)
    path.write_text(dump_trial(trial), encoding="utf-8")
    main(["check", str(path)])
    done = capsys.readouterr()
    assert "not computed for the primary analysis of E1" in done.out + done.err
