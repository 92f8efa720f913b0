"""The schedule of activities as Word tables: landscape, grouped by category, repeating headers."""

from __future__ import annotations

from collections.abc import Sequence

from trialkit.render.docx_styles import GROUP_FILL, INK, SUBTLE, TABLE_PT, text_width
from trialkit.render.docx_writer import Writer
from trialkit.render.parts import ScheduleRow, Visit
from trialkit.render.prompts import placeholder

WHOLE_SCHEDULE_ROWS = 24
"""Schedule tables up to this many rows fit a landscape page and are kept whole."""

SOA_VISITS_PER_TABLE = 16
"""Visits per schedule-of-activities table; longer schedules continue in a second table."""


def schedule_of_activities(w: Writer) -> None:
    """Visits across, assessments down (grouped by category), X where an assessment is made.

    Long schedules are split into tables of at most ``SOA_VISITS_PER_TABLE`` visits,
    each repeating the assessment column, as printed protocols do.
    """
    schedule = w.context.schedule
    visits, rows = schedule.visits, schedule.rows
    if not (visits and rows):
        w.text(w.para(), placeholder(
            "List the visits (with days) and the assessments made at each"))
        return
    w.tables += 1
    chunks = range(0, len(visits), SOA_VISITS_PER_TABLE)
    for part, start in enumerate(chunks):
        stop = min(start + SOA_VISITS_PER_TABLE, len(visits))
        caption = (
            f"Table {w.tables}. Schedule of activities: visits (columns) and the "
            "assessments made at each (X)."
        )
        if len(chunks) > 1:
            caption += f" Part {part + 1} of {len(chunks)}: visits {start + 1} to {stop}."
        _schedule_table(w, caption, visits[start:stop], rows, slice(start, stop),
                        widest=min(len(visits), SOA_VISITS_PER_TABLE))
    note = w.para()
    w.text(note, "Windows are in days around the target day. X: the assessment is made "
           "at that visit.", size=8.5, color=SUBTLE)


def _schedule_table(w: Writer, caption: str, visits: Sequence[Visit],
                    rows: Sequence[ScheduleRow], columns: slice, *, widest: int) -> None:
    """One schedule table; ``widest`` visits per table sets the column widths of all parts."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    from trialkit.render import docx_xml

    heading = w.para("Caption")
    w.text(heading, caption)
    docx_xml.set_keep_with_next(heading)
    heading.paragraph_format.page_break_before = columns.start > 0
    table = w.grid_table(2, len(visits) + 1)
    size = 8.0 if len(visits) <= 10 else 7.0
    w.header_row(table.rows[0], ["Assessment", *(v.name for v in visits)], size=size)
    w.header_row(table.rows[1], ["Day (window)", *(v.timing for v in visits)],
                 size=size)
    for cell in table.rows[1].cells:
        docx_xml.shade_cell(cell, "2F5496")
    for row in table.rows[:2]:
        for cell in row.cells[1:]:
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    for category, members in _grouped(rows):
        group = docx_xml.add_row(table)
        merged = group.cells[0].merge(group.cells[-1])
        docx_xml.shade_cell(merged, GROUP_FILL)
        w.text(merged.paragraphs[0], str(category).capitalize(), bold=True,
               size=TABLE_PT, color=INK)
        docx_xml.set_cant_split(group)
        for member in members:
            cells = docx_xml.add_row(table).cells
            w.cell_text(cells[0], member.assessment)
            docx_xml.set_cell_vertical_alignment(cells[0], "center")
            for cell, mark in zip(cells[1:], member.marks[columns], strict=True):
                if mark:
                    w.text(cell.paragraphs[0], "X", bold=True, size=TABLE_PT, color=INK)
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
                docx_xml.set_cell_vertical_alignment(cell, "center")
            docx_xml.set_cant_split(table.rows[-1])
    first = max(0.20, min(0.32, 1.0 - 0.075 * widest))
    column = (1 - first) / widest
    shares = [first, *[column] * len(visits)]
    width = int(text_width(w.document.sections[-1]) * sum(shares))
    w.finish_table(table, shares, space_after=True, width=width,
                   whole=len(table.rows) <= WHOLE_SCHEDULE_ROWS)


def _grouped(rows: Sequence[ScheduleRow]) -> list[tuple[str, list[ScheduleRow]]]:
    """Schedule rows grouped by category, in order of first appearance."""
    groups: dict[str, list[ScheduleRow]] = {}
    for row in rows:
        groups.setdefault(str(row.category), []).append(row)
    return list(groups.items())
