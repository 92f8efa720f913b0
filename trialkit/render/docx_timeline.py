"""The SPIRIT participant timeline as an editable Word table, from the schedule of activities.

Periods across (enrolment, allocation, post-allocation, close-out) over the visits, then
enrolment steps, the arms' treatment period and the assessments down, as the SPIRIT figure
is laid out. It is built from the same ``Schedule`` as the schedule of activities, so the
two agree, and a reader edits it as text rather than redrawing a picture.
"""

from __future__ import annotations

from typing import Any

from trialkit.render.docx_styles import GROUP_FILL, INK, TABLE_PT, text_width
from trialkit.render.docx_writer import Writer
from trialkit.render.prompts import placeholder
from trialkit.render.timeline import Timeline, timeline

WIDE_TIMELINE = 6
"""Timepoints above which the participant timeline goes on a landscape page (sharing it with
the schedule of activities that follows): on a portrait page their names break mid-word."""

TREATMENT_FILL = "F8CBAD"
PERIOD_FILL = "2F5496"
CAPTION = ("Participant timeline (SPIRIT figure): enrolment, allocation, post-allocation and "
           "close-out timepoints, with the interventions and assessments at each.")


def timeline_table(w: Writer) -> None:
    """The participant timeline table, or a prompt when the design has no visits."""
    schedule = w.context.schedule
    if not schedule.visits:
        w.text(w.para(), placeholder(
            "Add visits with days to draw the SPIRIT participant timeline"))
        return
    arms = [arm.name for arm in w.context.arms]
    plan = timeline(schedule, arms, w.context.trial.design.treatment_weeks)
    if len(plan.columns) > WIDE_TIMELINE:
        w.orientation(landscape=True)
    w.tables += 1
    caption = w.para("Caption")
    w.text(caption, f"Table {w.tables}. {CAPTION}")
    caption.paragraph_format.keep_with_next = True
    _table(w, plan)


def _table(w: Writer, plan: Timeline) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    from trialkit.render import docx_xml

    count = len(plan.columns)
    size = 8.0 if count <= 8 else 7.0
    table = w.grid_table(2, count + 1)
    periods = plan.periods()
    w.header_row(table.rows[0], ["Timepoint", *(c.period for c in plan.columns)], size=size)
    for name, first, last in periods:
        if last > first:
            merged = table.rows[0].cells[first + 1].merge(table.rows[0].cells[last + 1])
            _only_text(w, merged, name, size=size, bold=True, color="FFFFFF")
    w.header_row(table.rows[1], ["Visit", *(c.label for c in plan.columns)], size=size)
    for row in table.rows[:2]:
        for cell in row.cells[1:]:
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    for cell in table.rows[1].cells:
        docx_xml.shade_cell(cell, PERIOD_FILL)
    for group in dict.fromkeys(r.group for r in plan.rows):
        band = docx_xml.add_row(table)
        merged = band.cells[0].merge(band.cells[-1])
        docx_xml.shade_cell(merged, GROUP_FILL)
        w.text(merged.paragraphs[0], group, bold=True, size=TABLE_PT, color=INK)
        for item in (r for r in plan.rows if r.group == group):
            cells = docx_xml.add_row(table).cells
            w.text(cells[0].paragraphs[0], item.label, size=size)
            for mark in item.marks:
                w.text(cells[mark + 1].paragraphs[0], "X", bold=True, size=size, color=INK)
            if item.span is not None:
                first, last = item.span
                bar = cells[first + 1].merge(cells[last + 1]) if last > first else cells[first + 1]
                docx_xml.shade_cell(bar, TREATMENT_FILL)
                _only_text(w, bar, "Treatment period", size=size, bold=False, color=INK)
            for cell in cells[1:]:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    first_share = max(0.18, min(0.30, 1.0 - 0.08 * count))
    shares = [first_share, *[(1 - first_share) / count] * count]
    w.finish_table(table, shares, space_after=True,
                   width=text_width(w.document.sections[-1]), whole=True)


def _only_text(w: Writer, cell: Any, text: str, *, size: float, bold: bool, color: str) -> None:
    """Leave one paragraph in a merged cell holding ``text`` (merging joins their paragraphs)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    for extra in cell.paragraphs[1:]:
        extra._p.getparent().remove(extra._p)
    paragraph = cell.paragraphs[0]
    for run in list(paragraph.runs):
        run._r.getparent().remove(run._r)
    w.text(paragraph, text, bold=bold, size=size, color=color)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
