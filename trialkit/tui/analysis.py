"""The design's gaps and problems, grouped by the step that fixes them.

Both come from trialkit.design (the SPIRIT 2025 coverage and the design checks the renderer and
``trialkit check`` use); this module only sorts them into steps.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from trialkit.design import Trial
from trialkit.design.checklist import coverage, default_template_folders, template_blocks
from trialkit.design.evidence_link import EvidenceLink
from trialkit.design.sizing import size_trial
from trialkit.design.validate import check_design
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
    """Problems and checklist gaps of one version of the design."""

    problems: tuple[Finding, ...] = ()
    gaps: tuple[Finding, ...] = ()
    addressed: int = 0
    total: int = 0
    errors_by_step: dict[str, int] = field(default_factory=dict)
    gaps_by_step: dict[str, int] = field(default_factory=dict)


@cache
def _blocks(folder: Path | None) -> tuple[Any, ...]:
    return tuple(template_blocks(default_template_folders(folder)))


def analyse(trial: Trial, link: EvidenceLink) -> Analysis:
    """Design problems (errors first) and SPIRIT 2025 items still to fill, each with its step."""
    sizing = size_trial(trial, link)
    problems = tuple(
        Finding(p.severity, p.field, p.message, step_for_field(p.field))
        for p in check_design(trial, sizing)
    )
    rows = coverage(trial, list(_blocks(None)), "2025")
    gaps = []
    for row in rows:
        if row.status == "addressed" or not row.empty_fields:
            continue
        first = row.empty_fields[0].split("|")[0]
        empty = ", ".join(f.split("|")[0] for f in row.empty_fields)
        gaps.append(Finding(row.status, first, f"SPIRIT {row.id} {row.label} (to fill: {empty})",
                            step_for_field(first)))
    errors: dict[str, int] = {}
    for p in problems:
        if p.kind == "error":
            errors[p.step] = errors.get(p.step, 0) + 1
    by_step: dict[str, int] = {}
    for g in gaps:
        by_step[g.step] = by_step.get(g.step, 0) + 1
    return Analysis(
        problems, tuple(gaps), sum(r.status == "addressed" for r in rows), len(rows), errors,
        by_step,
    )
