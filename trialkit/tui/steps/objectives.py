"""Step 2: objectives and, under each, the endpoints that answer it."""

from __future__ import annotations

import re
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.widgets import Button, Static

from trialkit.design import Trial
from trialkit.design.model import Endpoint, Objective
from trialkit.design.objectives import IntercurrentEvent
from trialkit.design.value_words import menu_words
from trialkit.tui.paths import get_path
from trialkit.tui.steps.base import StepPane
from trialkit.tui.widgets.forms import FieldSpec
from trialkit.tui.widgets.lists import RecordListEditor, next_id


def _objective_label(o: Any) -> str:
    return f"{o.id} ({menu_words(o.level)})"


def _endpoint_label(e: Any) -> str:
    return f"{e.id}: {e.name or '(unnamed)'}"


STRATEGY_HELP = (
    ("treatment_policy", "use the outcome whatever happens"),
    ("hypothetical", "as if the event had not occurred"),
    ("composite", "the event is part of the outcome"),
    ("while_on_treatment", "the outcome up to the event only"),
    ("principal_stratum", "those who would not have the event"),
)
"""The ICH E9(R1) strategies for an intercurrent event, each in a line (shown in the menu)."""


def _event_label(e: Any) -> str:
    strategy = menu_words(e.strategy) if e.strategy else "strategy to choose"
    return f"{e.event}: {strategy}"


def intercurrent_events_editor() -> RecordListEditor:
    """The intercurrent events of the highlighted endpoint's estimand, a row each: the event,
    its strategy chosen from the ICH E9(R1) list, and why."""
    return RecordListEditor(
        Trial, "objectives.0.endpoints.0.estimand.intercurrent_events", IntercurrentEvent, [
            FieldSpec("event", "Event", placeholder="e.g. rescue medication"),
            FieldSpec("strategy", "Strategy", choice_help=STRATEGY_HELP),
            FieldSpec("rationale", "Rationale", multiline=True,
                      placeholder="why this strategy, e.g. participants stay in follow-up"),
        ],
        title="Estimand: intercurrent events", id="intercurrent-events", stacked=True,
        new_item=lambda items: {"event": next_id("Event ", items, "event")},
        label=_event_label,
    )


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
            FieldSpec("measured_by", "Measured by",
                      placeholder="assessment ids, comma-separated (blank: by name)"),
            FieldSpec("estimand.population", "Estimand: population", multiline=True,
                      placeholder="ICH E9(R1): the patients the question is about"),
            FieldSpec("estimand.variable", "Estimand: variable",
                      placeholder="as analysed, e.g. change from baseline at week 39"),
            FieldSpec("estimand.treatment_condition", "Estimand: treatment condition",
                      multiline=True,
                      placeholder="e.g. anakinra vs placebo, each added to insulin"),
            FieldSpec("estimand.summary_measure", "Estimand: summary measure", multiline=True,
                      placeholder="e.g. difference in adjusted means"),
        ],
        title="Endpoints", id="endpoints",
        # Endpoint ids are unique across objectives: a new one skips every objective's ids.
        new_item=lambda items: {
            "id": next_id("E", [*items, *editor.app.trial.endpoints()])},  # type: ignore[attr-defined]
        label=_endpoint_label,
        nested=intercurrent_events_editor,
    )
    return editor


_RECORD = re.compile(r"objectives\.(\d+)(?:\.endpoints\.(\d+)"
                     r"(?:\.estimand\.intercurrent_events(\.(\d+))?)?)?")
"""The objective, endpoint and intercurrent event a field path names ("objectives.0.endpoints.1
.estimand.intercurrent_events"), each optional after the first."""
_EVENTS = ".estimand.intercurrent_events"


class ObjectivesStep(StepPane):
    """Objectives (level, description, hypothesis) with their endpoints."""

    STEP = "objectives"
    FIELD_WIDGETS: ClassVar[dict[str, str]] = {"endpoints": "#endpoints-items"}

    def _event_row(self, path: str) -> int | None:
        """The intercurrent event a path names; for the list itself (the review's "[Choose a
        strategy]"), the first event whose strategy is still to choose."""
        found = _RECORD.match(path)
        if found is None or found[2] is None or _EVENTS not in path:
            return None
        if found[4] is not None:
            return int(found[4])
        rows = get_path(self.trial, found[0].split(_EVENTS)[0] + _EVENTS) or []
        return next((k for k, e in enumerate(rows) if e.strategy is None), 0 if rows else None)

    def show_field(self, path: str) -> bool:
        """Show the objective, endpoint and intercurrent event that hold the field."""
        found = _RECORD.match(path)
        if found is None or int(found[1]) >= len(self.trial.objectives):
            return False
        self.query_one("#objectives", RecordListEditor).load(select=int(found[1]))
        endpoints = self.trial.objectives[int(found[1])].endpoints
        if found[2] is None or int(found[2]) >= len(endpoints):
            return True
        self.query_one("#endpoints", RecordListEditor).load(select=int(found[2]))
        row = self._event_row(path)
        if row is not None:
            self.query_one("#intercurrent-events", RecordListEditor).load(select=row)
        return True

    def _focus_field(self, path: str) -> bool:
        """As every step; the intercurrent events by their row: the review's jump for a
        strategy still to choose lands on that row's strategy (the list's Add when empty)."""
        found = _RECORD.match(path)
        if found is None or not path.endswith(_EVENTS) or found[2] is None:
            return super()._focus_field(path)
        events = self.query_one("#intercurrent-events", RecordListEditor)
        if self._event_row(path) is None:
            return self._focus(events.query_one("#intercurrent-events-add", Button))
        return self._focus(events.query_one("#intercurrent-events-strategy"))

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
