"""The shipped protocols state one primary analysis and size that analysis; a primary endpoint
with no structured analysis is a design problem (the sample size cannot be checked against it)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.design.test_analysis_checks import _trial  # the same two-arm design
from trialkit.design import Trial, assess, load_trial
from trialkit.design.analysis import primary_analysis
from trialkit.design.evidence_link import EvidenceLink

EXAMPLES = sorted((Path(__file__).parents[2] / "examples").glob("*.yaml"))
STATED = "say how the primary endpoint"


def _problems(trial: Trial) -> list[Any]:
    return list(assess(trial, EvidenceLink.empty(), ()).problems)


def test_a_sized_primary_endpoint_with_no_planned_analysis_is_a_design_problem():
    trial = _trial(None, "two_means", delta=0.5, sd=1.0, power=0.9)
    [problem] = [p for p in _problems(trial) if STATED in p.message]
    assert problem.severity == "warning"
    assert problem.field == "objectives.0.endpoints.0.analysis.model"
    assert "E1" in problem.message and "Statistical analysis step" in problem.message
    assert "sample size can be checked against it" in problem.message


def test_a_planned_analysis_or_no_sample_size_yet_is_not_warned_about():
    planned = _trial({"model": "t_test"}, "two_means", delta=0.5, sd=1.0, power=0.9)
    assert not [p for p in _problems(planned) if STATED in p.message]
    unsized = _trial(None, None)
    assert not [p for p in _problems(unsized) if STATED in p.message]


ANCOVA = {"model": "ancova", "covariates": ["baseline HbA1c"]}


def test_an_ancova_sized_with_a_stated_correlation_of_zero_is_the_conservative_size():
    # No source gives the correlation: the unadjusted size, stated as correlation 0, is
    # conservative for the ANCOVA (residual SD = SD * sqrt(1 - r^2) <= SD).
    stated = _trial(ANCOVA, "two_means", delta=0.5, sd=1.0, power=0.9, baseline_correlation=0)
    assert not [p for p in _problems(stated) if "primary analysis" in p.message]
    text = primary_analysis(stated) or ""
    assert "computed for this analysis" in text
    assert "assuming no correlation between baseline and outcome" in text
    # Left out, it is still the unadjusted size the analysis does not make.
    missing = _trial(ANCOVA, "two_means", delta=0.5, sd=1.0, power=0.9)
    [problem] = [p for p in _problems(missing) if "primary analysis" in p.message]
    assert "adjusts for the baseline value but the sample size does not" in problem.message


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_every_example_sizes_the_primary_analysis_it_states(path: Path):
    trial = load_trial(path)
    problems = _problems(trial)
    assert not [p for p in problems if STATED in p.message or "primary analysis" in p.message]
    text = primary_analysis(trial)
    assert text is not None and "computed for this analysis" in text
