"""The render context: everything a protocol document shows, built once from an assessment.

Markdown, HTML and Word all consume one ``ProtocolContext`` (frozen dataclasses, so the
templates and the Word writer read the same typed values), and the numbers in it come from
one ``trialkit.design.assess`` call, so the sample size, citations, SPIRIT coverage and
problems agree across formats and with ``trialkit check``. Each sample-size input carries
its provenance (``trialkit.render.sample_size.Provenance``).

Text from the design is data: templates print it, never evaluate it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields, replace
from functools import partial
from pathlib import Path
from typing import Any

from trialkit.design.analysis import primary_analysis
from trialkit.design.assessment import Assessment
from trialkit.design.checklist import ItemCoverage, load_checklist
from trialkit.design.evidence_link import EvidenceLink
from trialkit.design.model import Trial
from trialkit.design.validate import Problem
from trialkit.render import parts
from trialkit.render.abbreviations import abbreviations
from trialkit.render.amendments import AmendmentPart
from trialkit.render.prompts import FieldText, Placeholder, label, placeholder
from trialkit.render.sample_size import SampleSize, sample_size
from trialkit.render.sources import (
    ExpectedEvent,
    Reference,
    References,
    Source,
    cite_keys,
    expected_events,
    sources,
    user_reference,
)

__all__ = [
    "Placeholder", "ProtocolContext", "Spirit", "build_context", "label", "placeholder",
    "with_assessment",
]


@dataclass(frozen=True)
class Spirit:
    """The SPIRIT coverage rows of both checklists, their citations, and the reference number."""

    items_2025: tuple[ItemCoverage, ...]
    items_2013: tuple[ItemCoverage, ...]
    citation_2025: str
    citation_2013: str
    ref: int


@dataclass(frozen=True)
class ProtocolContext:
    """What the templates and the Word writer show; ``namespace()`` gives the template names."""

    trial: Trial
    assessment: Assessment
    text: FieldText
    title: parts.TitlePage
    design: parts.DesignSummary
    arms: tuple[parts.ArmPart, ...]
    objectives: tuple[parts.Objective, ...]
    primary_endpoint: parts.EndpointPart | None
    schedule: parts.Schedule
    sizing: SampleSize
    evidence: tuple[Source, ...]
    adverse_events: tuple[ExpectedEvent, ...]
    references: tuple[Reference, ...]
    abbreviations: tuple[tuple[str, str], ...]
    spirit: Spirit
    problems: tuple[Problem, ...]
    amendment: AmendmentPart | None = None
    """Set for an amended protocol (``trialkit render --amends``): status and summary of changes."""
    primary_analysis: str | None = None
    """The primary endpoint's planned analysis in words (trialkit.design.analysis)."""

    def namespace(self) -> dict[str, Any]:
        """The fields by name, as the templates see them."""
        return {f.name: getattr(self, f.name) for f in fields(self)}

    def printed(self, templates: str | Path | None) -> str | None:
        """The protocol template's output already rendered from exactly this context with
        ``templates``, if any (``keep_printed``), so a document is rendered once.

        It is kept outside the fields: a copy made with ``dataclasses.replace`` (a changed
        context) has none and is rendered afresh.
        """
        kept = self.__dict__.get("_printed")
        return kept[1] if kept is not None and kept[0] == _folder(templates) else None

    def keep_printed(self, templates: str | Path | None, text: str) -> None:
        """Keep the template output rendered from this context with ``templates``."""
        object.__setattr__(self, "_printed", (_folder(templates), text))


def _folder(templates: str | Path | None) -> str | None:
    return str(Path(templates).resolve()) if templates else None


def with_assessment(context: ProtocolContext, assessment: Assessment) -> ProtocolContext:
    """The context of the same design with another of its assessments (the one whose SPIRIT
    coverage counts the prompts printed): its checklist rows replaced."""
    spirit = replace(context.spirit, items_2025=assessment.coverage("2025"),
                     items_2013=assessment.coverage("2013"))
    return replace(context, assessment=assessment, spirit=spirit, problems=assessment.problems)


def build_context(
    trial: Trial,
    *,
    evidence: EvidenceLink | None = None,
    templates: str | Path | None = None,
    today: dt.date | None = None,
    assessment: Assessment | None = None,
) -> ProtocolContext:
    """The render context of a trial.

    ``assessment`` reuses one made by ``trialkit.render.printed.assess_as_printed``; otherwise
    the trial is assessed with ``evidence`` (the packaged library by default) against the
    SPIRIT blocks of ``templates`` (the user's folder, then the packaged templates), counting
    the prompts the document prints, and the context keeps the Markdown it was judged on
    (``trialkit.render.printed.printed_context``), so the document is rendered once.
    """
    if assessment is None:
        from trialkit.render.printed import printed_context

        link = evidence if evidence is not None else EvidenceLink.open()
        return printed_context(trial, link, templates, today=today)
    refs = References()
    background = sources(trial, assessment, refs)
    primary = parts.primary_endpoint(trial)
    sizing = sample_size(trial, assessment, primary, refs)
    adverse_events = expected_events(trial, assessment, refs)
    for ref in trial.references:
        refs.add(ref.id, user_reference(ref))
    spirit_2025, spirit_2013 = load_checklist("2025"), load_checklist("2013")
    spirit_ref = refs.add("spirit2025", spirit_2025.citation)
    cite = partial(cite_keys, numbers=refs.numbers())
    if not isinstance(sizing.justification, Placeholder):  # a prompt stays one (Word marks it)
        sizing = replace(sizing, justification=cite(sizing.justification))
    return ProtocolContext(
        trial=trial,
        assessment=assessment,
        text=FieldText(trial, cite),
        title=parts.title_page(trial, today),
        design=parts.design_summary(trial),
        arms=tuple(parts.arm_part(arm) for arm in trial.arms),
        objectives=parts.objectives(trial),
        primary_endpoint=primary,
        schedule=parts.schedule(trial),
        sizing=sizing,
        evidence=background,
        adverse_events=adverse_events,
        references=refs.rows(),
        abbreviations=abbreviations(trial),
        spirit=Spirit(
            items_2025=assessment.coverage("2025"),
            items_2013=assessment.coverage("2013"),
            citation_2025=spirit_2025.citation,
            citation_2013=spirit_2013.citation,
            ref=spirit_ref,
        ),
        problems=assessment.problems,
        primary_analysis=primary_analysis(trial),
    )
