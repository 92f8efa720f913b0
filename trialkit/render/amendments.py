"""An amended protocol: its amendment status and the ICH M11 summary of changes.

The changes are those ``trialkit diff`` finds (``trialkit.export.amendments``), each with the
rationale and the substantial-or-not the design's version history gives it; what the history
does not say is shown as a prompt. Markdown and HTML show the table the templates write; Word
writes its own at the ``summary-of-changes`` region of the templates.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from trialkit.render.prompts import Placeholder, placeholder

if TYPE_CHECKING:
    from pathlib import Path

    from trialkit.design.evidence_link import EvidenceLink
    from trialkit.design.model import Trial
    from trialkit.render.context import ProtocolContext
    from trialkit.render.docx_writer import Writer

HEADER = ("Section", "Change", "Rationale", "Substantial")
"""The columns of the summary of changes (ICH M11: section number and name, description of
change, brief rationale, substantial modification)."""


@dataclass(frozen=True)
class ChangeRow:
    """One row of the table, each cell text or a prompt."""

    section: str
    change: str
    rationale: str | Placeholder
    substantial: str | Placeholder


@dataclass(frozen=True)
class AmendmentPart:
    """What an amended protocol shows: its status on the title page, the overall rationale and
    the summary of changes."""

    status: str
    overall: str | Placeholder
    rows: tuple[ChangeRow, ...]


def amendment_part(old: Trial, new: Trial, evidence: EvidenceLink | None = None) -> AmendmentPart:
    """The amendment that turns ``old`` into ``new``, as the protocol shows it."""
    from trialkit.export.amendments import summary_of_changes

    summary = summary_of_changes(old, new, evidence)
    rows = tuple(
        ChangeRow(
            section=row.section,
            change=row.change,
            rationale=row.rationale or placeholder("Give the rationale for this change"),
            substantial=({True: "Yes", False: "No"}[row.substantial]
                         if row.substantial is not None
                         else placeholder("Say whether the change is substantial")),
        )
        for row in summary.rows
    )
    status = new.title_page.amendment_status or _status(
        summary.old_version, summary.new_version, summary.date, summary.substantial())
    overall = summary.overall or placeholder(
        "Give the overall rationale for the amendment in the version history")
    return AmendmentPart(status=status, overall=overall, rows=rows)


def amended_context(old: Trial, new: Trial, *, evidence: EvidenceLink | None = None,
                    templates: str | Path | None = None) -> tuple[Trial, ProtocolContext]:
    """The design ``new`` with its amendment status set (unless the design gives one) and the
    render context of the amended protocol, summary of changes included."""
    from trialkit.render.context import build_context

    part = amendment_part(old, new, evidence)
    title = new.title_page.model_copy(update={"amendment_status": part.status})
    trial = new.model_copy(update={"title_page": title})
    context = build_context(trial, evidence=evidence, templates=templates)
    return trial, replace(context, amendment=part)


def _status(old: str | None, new: str | None, date: str | None, substantial: bool | None) -> str:
    words = f"Amendment: version {new or '(not numbered)'}"
    if date:
        words += f" of {date}"
    words += f", amending version {old or '(not numbered)'}"
    if substantial is not None:
        words += "; substantial" if substantial else "; non-substantial"
    return words


def summary_of_changes_table(w: Writer) -> None:
    """The summary of changes as a Word table (header repeated on each page), or a note."""
    part = w.context.amendment
    if part is None:
        return
    if not part.rows:
        w.text(w.para(), "The designs of the two versions do not differ.", italic=True)
        return
    w.tables += 1
    caption = w.para("Caption")
    w.text(caption, f"Table {w.tables}. Summary of changes: each change by protocol section, "
           "its rationale and whether it is a substantial modification.")
    from trialkit.render import docx_xml

    table = w.grid_table(1, len(HEADER))
    w.header_row(table.rows[0], HEADER)
    for row in part.rows:
        cells = docx_xml.add_row(table).cells
        for cell, value in zip(cells, (row.section, row.change, row.rationale, row.substantial),
                               strict=True):
            w.cell_text(cell, value)
    w.finish_table(table, [1.3, 3.2, 3.0, 1.0], space_after=True)
