"""The design's gaps and problems, grouped by the step that fixes them.

Both come from one ``trialkit.render.printed.assess_as_printed`` call (the assessment the renderer and
``trialkit check`` read, evidence problems included); this module only sorts them into steps.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from trialkit.design import Trial
from trialkit.design.assessment import Assessment
from trialkit.design.checklist import load_checklist
from trialkit.design.evidence_link import EvidenceLink
from trialkit.design.words import where
from trialkit.render.printed import assess_as_printed, prompt_field
from trialkit.tui.paths import list_item_type, without_none
from trialkit.tui.steps import step_for_field


@dataclass(frozen=True)
class Finding:
    """One thing to fix: its kind, the field, the message, and the step that fixes it."""

    kind: str
    field: str
    message: str
    step: str


@dataclass(frozen=True)
class Analysis:
    """Problems and checklist gaps of one version of the design, and the assessment behind them."""

    assessment: Assessment
    problems: tuple[Finding, ...] = ()
    gaps: tuple[Finding, ...] = ()
    addressed: int = 0
    total: int = 0
    errors_by_step: dict[str, int] = field(default_factory=dict)
    gaps_by_step: dict[str, int] = field(default_factory=dict)
    warnings_by_step: dict[str, int] = field(default_factory=dict)
    to_fill: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Each step's fields that a SPIRIT item still needs (the fields to mark on the step)."""
    gaps_on_step: dict[str, tuple[Finding, ...]] = field(default_factory=dict)
    """Each step's SPIRIT items still to fill: every step holding one of an item's fields."""


def _editable(group: str) -> list[str]:
    """The alternatives of a checklist field group ('a|b=value') that are fields a person
    edits (not a derived value such as the registrations the title page gathers)."""
    names = [alt.split("=", 1)[0].strip() for alt in group.split("|")]
    return [n for n in names if _is_field(n)] or names


def _is_field(path: str) -> bool:
    """Whether a dotted path ('title_page.registry_ids.identifier', list positions optional)
    names fields of the design model all the way down."""
    model: Any = Trial
    for part in path.split("."):
        if part.isdigit():
            continue
        info = model.model_fields.get(part) if model is not None else None
        if info is None:
            return False
        inner, item = without_none(info.annotation), list_item_type(info.annotation)
        model = next((m for m in (inner, item)
                      if isinstance(m, type) and issubclass(m, BaseModel)), None)
    return True


def analyse(trial: Trial, link: EvidenceLink) -> Analysis:
    """Design problems (errors first) and SPIRIT 2025 items still to fill, each with its step."""
    assessment = assess_as_printed(trial, link)
    problems = tuple(
        Finding(p.severity, p.field, p.message, step_for_field(p.field))
        for p in assessment.problems
    )
    rows = assessment.coverage("2025")
    gaps = []
    to_fill: dict[str, list[str]] = {}
    on_step: dict[str, list[Finding]] = {}
    for row in rows:
        if row.status == "addressed" or not (row.empty_fields or row.unfilled):
            continue
        if row.empty_fields:
            shown = [" or ".join(where(a) for a in _editable(f)) for f in row.empty_fields]
            first = _editable(row.empty_fields[0])[0]
            todo = "; ".join(shown)
        else:
            first = next(filter(None, (prompt_field(trial, p) for p in row.unfilled)), None) \
                or _editable(load_checklist("2025").item(row.id).fields[0])[0]
            todo = "; ".join(row.unfilled)
        gap = Finding(row.status, first,
                      f"SPIRIT {row.id} {row.label} ({row.status_words}; to fill: {todo})",
                      step_for_field(first))
        gaps.append(gap)
        fields = _row_fields(trial, row) or [first]
        for step in dict.fromkeys(step_for_field(f) for f in fields):
            on_step.setdefault(step, []).append(gap)
            to_fill.setdefault(step, []).extend(f for f in fields if step_for_field(f) == step)
    errors: dict[str, int] = {}
    warnings: dict[str, int] = {}
    for p in problems:
        if p.kind == "error":
            errors[p.step] = errors.get(p.step, 0) + 1
        else:
            warnings[p.step] = warnings.get(p.step, 0) + 1
    return Analysis(
        assessment, problems, tuple(gaps), sum(r.status == "addressed" for r in rows),
        len(rows), errors, {step: len(found) for step, found in on_step.items()}, warnings,
        {step: tuple(dict.fromkeys(found)) for step, found in to_fill.items()},
        {step: tuple(found) for step, found in on_step.items()},
    )


def _row_fields(trial: Trial, row: Any) -> list[str]:
    """Every field that fills a SPIRIT row: each empty field (any of its alternatives) and the
    field behind each prompt the document still prints."""
    fields = [alt for group in row.empty_fields for alt in _editable(group)]
    fields += [f for f in (prompt_field(trial, p) for p in row.unfilled) if f]
    return list(dict.fromkeys(fields))
