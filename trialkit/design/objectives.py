"""Objectives, their endpoints, each endpoint's estimand (ICH E9(R1)) and planned analysis."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from trialkit.design.base import Part, Text

Strategy = Literal[
    "treatment_policy", "hypothetical", "composite", "while_on_treatment", "principal_stratum"
]
EndpointLevel = Literal["primary", "secondary", "exploratory", "safety"]
EndpointType = Literal["continuous", "binary", "time_to_event", "count", "ordinal", "other"]


class IntercurrentEvent(Part):
    """An event after randomisation that affects the endpoint's interpretation, and its handling."""

    event: str
    strategy: Strategy | None = None
    rationale: Text = None


class Estimand(Part):
    """ICH E9(R1) estimand attributes of an endpoint."""

    population: Text = None
    variable: Text = None
    treatment_condition: Text = None
    intercurrent_events: list[IntercurrentEvent] = Field(default_factory=list)
    summary_measure: Text = Field(
        None, description="population-level summary, e.g. ratio of geometric means"
    )


AnalysisModel = Literal[
    "t_test", "ancova", "mmrm", "proportions", "logistic", "exact_test", "count_regression",
    "logrank", "cox", "crossover", "one_sample",
]
Scale = Literal["identity", "log", "log1p"]


class EndpointAnalysis(Part):
    """How an endpoint is analysed: model, scale, adjusting covariates (trialkit.design.analysis
    words it and names the sample-size procedures that size it)."""

    model: AnalysisModel | None = None
    scale: Scale | None = Field(default=None, description="log1p is log(x + 1); blank: identity")
    covariates: list[str] = Field(
        default_factory=list, description="adjusting covariates, e.g. baseline value, age"
    )
    details: Text = Field(default=None, description="anything else about the analysis")

    @property
    def adjusts_for_baseline(self) -> bool:
        """Whether one of the covariates is the outcome's baseline value."""
        return any("baseline" in c.lower() for c in self.covariates)


class Endpoint(Part):
    """A measured outcome: what, in what unit, when, and how it is summarised."""

    id: str
    name: Text = None
    level: EndpointLevel | None = Field(default=None, description="blank: the objective's level")
    type: EndpointType | None = None
    description: Text = None
    unit: Text = None
    timepoint: Text = None
    transformation: Text = Field(default=None, description="e.g. log(AUC + 1)")
    estimand: Estimand | None = None
    analysis: EndpointAnalysis | None = Field(
        default=None, description="the planned analysis: model, scale, covariates"
    )
    # Schedule link (schema 2): which assessments measure the endpoint
    measured_by: list[str] = Field(
        default_factory=list, description="assessment ids; blank: found by the assessments' names"
    )


class Objective(Part):
    """An objective and the endpoints that answer it."""

    id: str
    level: EndpointLevel = "secondary"
    description: Text = None
    hypothesis: Text = None
    endpoints: list[Endpoint] = Field(default_factory=list)
