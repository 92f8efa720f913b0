"""The protocol's primary-analysis paragraph is written from the endpoint's planned analysis."""

from __future__ import annotations

from trialkit.design import load_trial
from trialkit.design.evidence_link import EvidenceLink
from trialkit.design.model import EndpointAnalysis
from trialkit.render.context import build_context
from trialkit.render.markdown import render_markdown
from trialkit.resources import data_dir

MAIN = data_dir("examples") / "anakinra-t1d.yaml"


def _section(trial) -> str:
    text = render_markdown(trial, context=build_context(trial, evidence=EvidenceLink.empty()))
    return text.split("### 10.2", 1)[1].split("### 10.3", 1)[0]


def _with_analysis(**fields):
    trial = load_trial(MAIN)
    trial.endpoint("E1").analysis = EndpointAnalysis.model_validate(fields)
    return trial


def test_the_paragraph_states_the_analysis_the_sample_size_is_computed_for():
    trial = _with_analysis(model="ancova", scale="log1p", covariates=["the baseline value"],
                           details="Missing week-39 values are imputed [by arm].")
    section = _section(trial)
    assert ("is analysed by analysis of covariance (ANCOVA) on the log(x + 1) scale adjusted "
            "for the baseline value.") in section
    assert ("The sample size (section 10.7) is computed for this analysis, with a correlation of "
            "0.7 between baseline and outcome.") in section
    assert r"imputed \[by arm\]" in section  # user text stays text


def test_a_sample_size_for_another_analysis_is_not_claimed_to_fit():
    section = _section(_with_analysis(model="cox"))
    assert "a Cox proportional-hazards model" in section
    assert "computed for this analysis" not in section


def test_without_an_analysis_the_paragraph_is_as_before():
    trial = load_trial(MAIN)
    trial.endpoint("E1").analysis = None
    assert "is analysed by" not in _section(trial)
    assert "is analysed by" in _section(load_trial(MAIN))  # the example plans its analysis
