"""What a proposed procedure needs is what the power catalogue lists (audit N20): the required
parameters and the effect, alternatives named as the catalogue names them."""

from __future__ import annotations

import itertools
from typing import get_args

import pytest

from trialkit.design.analysis import propose
from trialkit.design.model import EndpointAnalysis
from trialkit.design.objectives import AnalysisModel, Scale
from trialkit.power import catalogue
from trialkit.tui.steps.analysis import sizing_line

ANALYSES = [EndpointAnalysis(model=m, scale=s, covariates=["baseline value"] if b else [])
            for m, s, b in itertools.product(get_args(AnalysisModel), get_args(Scale), (0, 1))]


@pytest.mark.parametrize("analysis", ANALYSES, ids=lambda a: f"{a.model}-{a.scale}-{a.covariates}")
def test_every_proposal_asks_for_what_its_procedure_requires(analysis: EndpointAnalysis) -> None:
    proposal = propose(analysis)
    assert proposal is not None
    listed = catalogue.procedure(proposal.procedure)
    assert listed is not None
    names = listed.names()
    assert set(proposal.needs) <= set(names)
    required = {p.name for p in listed.parameters if p.required or p.role == "effect"}
    assert required <= set(proposal.needs), required - set(proposal.needs)


def test_the_log1p_ancova_asks_for_the_cv_or_the_sd_of_log_x_plus_1() -> None:
    analysis = EndpointAnalysis(model="ancova", scale="log1p", covariates=["baseline value"])
    line = sizing_line(analysis)
    assert "Give: Control mean, CV or SD of log(x + 1), Ratio of means, Baseline correlation." \
        in line


def test_an_alternative_is_asked_beside_the_input_it_replaces() -> None:
    listed = catalogue.procedure("ancova_log")
    assert listed is not None
    assert "log1p_sd" not in listed.needs()
    assert listed.asked_as("cv") == "CV or SD of log(x + 1)"
    assert listed.asked_as("control_mean") == "Control mean"
