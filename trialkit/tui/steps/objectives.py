"""Step 2: objectives and, under each, the endpoints that answer it."""

from __future__ import annotations

from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.widgets import Static

from trialkit.design import Trial
from trialkit.design.model import Endpoint, Objective
from trialkit.tui.steps.base import StepPane
from trialkit.tui.widgets.forms import FieldSpec, humanise
from trialkit.tui.widgets.lists import RecordListEditor, next_id


def _objective_label(o: Any) -> str:
    return f"{o.id} ({humanise(o.level)})"


def _endpoint_label(e: Any) -> str:
    return f"{e.id}: {e.name or '(unnamed)'}"


def endpoints_editor() -> RecordListEditor:
    """The endpoints of the highlighted objective, with their estimand attributes."""
    editor = RecordListEditor(
        Trial, "objectives.0.endpoints", Endpoint, [
            FieldSpec("id", "Endpoint id"),
            FieldSpec("name", "Name"),
            FieldSpec("level", "Level", placeholder="blank: the objective's"),
            FieldSpec("type", "Type"),
            FieldSpec("unit", "Unit"),
            FieldSpec("timepoint", "Timepoint"),
            FieldSpec("transformation", "Transformation", placeholder="e.g. log(AUC + 1)"),
            FieldSpec("description", "Description", multiline=True),
            FieldSpec("estimand.population", "Estimand: population", multiline=True,
                      placeholder="ICH E9(R1): the patients the question is about"),
            FieldSpec("estimand.variable", "Estimand: variable",
                      placeholder="as analysed, e.g. change from baseline at week 39"),
            FieldSpec("estimand.treatment_condition", "Estimand: treatment condition",
                      multiline=True,
                      placeholder="e.g. anakinra vs placebo, each added to insulin"),
            FieldSpec("estimand.summary_measure", "Estimand: summary measure", multiline=True,
                      placeholder="e.g. difference in adjusted means"),
            FieldSpec("estimand.intercurrent_events", "Estimand: intercurrent events"),
            FieldSpec("measured_by", "Measured by",
                      placeholder="assessment ids, comma-separated (blank: by name)"),
        ],
        title="Endpoints", id="endpoints",
        # Endpoint ids are unique across objectives: a new one skips every objective's ids.
        new_item=lambda items: {
            "id": next_id("E", [*items, *editor.app.trial.endpoints()])},  # type: ignore[attr-defined]
        label=_endpoint_label,
    )
    return editor


class ObjectivesStep(StepPane):
    """Objectives (level, description, hypothesis) with their endpoints."""

    STEP = "objectives"
    FIELD_WIDGETS: ClassVar[dict[str, str]] = {"endpoints": "#endpoints-items"}

    def compose(self) -> ComposeResult:
        yield Static("Objectives and endpoints", classes="step-title")
        yield RecordListEditor(
            Trial, "objectives", Objective, [
                FieldSpec("id", "Objective id"),
                FieldSpec("level", "Level"),
                FieldSpec("description", "Objective", multiline=True),
                FieldSpec("hypothesis", "Hypothesis", multiline=True),
            ],
            title="Objectives", id="objectives",
            # The first objective of a design is its primary one; later ones are secondary.
            new_item=lambda items: {"id": next_id("O", items), "level": (
                "secondary" if any(o.level == "primary" for o in items) else "primary")},
            label=_objective_label,
            nested=endpoints_editor,
        )
