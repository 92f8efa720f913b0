"""The editor's steps, in order, and which design fields each one edits.

The field prefixes send a checklist gap or a design problem (both name a design field) to the
step that fixes it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class StepInfo:
    """A step: id, titles, one line of help, and the design fields it edits."""

    id: str
    title: str
    short: str
    help: str
    fields: tuple[str, ...]


STEPS: tuple[StepInfo, ...] = (
    StepInfo("question", "Question and background", "Question",
             "Title, condition, rationale, and the evidence behind the question",
             ("title_page.full_title", "title_page.short_title", "title_page.acronym",
              "title_page.phase", "title_page.indication", "background", "synopsis")),
    StepInfo("objectives", "Objectives and endpoints", "Objectives",
             "Objectives, hypotheses, and the endpoints that answer them",
             ("objectives", "endpoints")),
    StepInfo("design", "Trial design", "Design",
             "Arms, allocation, control, blinding and randomisation",
             ("design",)),
    StepInfo("population", "Population", "Population",
             "Age, sex, and the inclusion and exclusion criteria",
             ("population",)),
    StepInfo("interventions", "Arms and interventions", "Interventions",
             "What each arm receives: dose, route, frequency, duration",
             ("arms", "intervention_conduct", "discontinuation",
              "title_page.investigational_products", "title_page.manufacturer")),
    StepInfo("analysis", "Statistical analysis", "Analysis",
             "Populations, the planned analysis of each endpoint, missing data, multiplicity",
             ("statistics", "interim_analyses")),  # before the sample size it proposes
    StepInfo("sample_size", "Sample size", "Sample size",
             "Procedure, effect, alpha, power, dropout; power curve and sensitivity",
             ("sample_size",)),
    StepInfo("schedule", "Schedule of activities", "Schedule",
             "Visits, assessments, and which assessments happen at which visit",
             ("visits", "assessments")),
    StepInfo("safety", "Safety and monitoring", "Safety",
             "Adverse events, reporting, stopping rules and the monitoring committee",
             ("safety",)),
    StepInfo("admin", "Administration and ethics", "Admin/ethics",
             "Protocol id, sponsor, registration, oversight, ethics and open science",
             ("title_page", "oversight", "ethics", "open_science", "references",
              "abbreviations")),
    StepInfo("review", "Review", "Review",
             "SPIRIT 2025 completeness and design errors, each with a jump to its step", ()),
    StepInfo("export", "Export", "Export",
             "Write the protocol as Word, Markdown or HTML, and preview it", ()),
)

STEP_IDS = tuple(s.id for s in STEPS)
ENDPOINT_ANALYSIS = re.compile(r"endpoints\.\d+\.analysis(\.|$)")
"""An endpoint's planned analysis is edited in the statistical analysis step."""


def step_for_field(path: str) -> str:
    """The step that edits a design field (the longest matching prefix wins)."""
    if ENDPOINT_ANALYSIS.search(path):
        return "analysis"
    best, length = "admin", -1
    for step in STEPS:
        for prefix in step.fields:
            matches = path == prefix or path.startswith((prefix + ".", prefix + "["))
            if matches and len(prefix) > length:
                best, length = step.id, len(prefix)
    return best


def step_info(step_id: str) -> StepInfo:
    """The StepInfo with this id."""
    return next(s for s in STEPS if s.id == step_id)
