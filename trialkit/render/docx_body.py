"""The numbered body of the Word protocol, and the figures and tables its markers ask for.

The templates mark where Word does better than Markdown with a line of its own::

    <!-- trialkit:figure participant-timeline -->
    <!-- trialkit:figure power-curve -->
    <!-- trialkit:begin schedule-of-activities --> ... <!-- trialkit:end schedule-of-activities -->
    <!-- trialkit:begin summary-of-changes --> ... <!-- trialkit:end summary-of-changes -->
    <!-- trialkit:begin trial-schema --> ... <!-- trialkit:end trial-schema -->

A figure is drawn at its marker; a region's Markdown is replaced by the Word version (the
schedule: landscape, with repeating header rows). Nothing depends on the words of a heading,
so an overriding template that renames or renumbers its sections keeps its figures.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from trialkit.errors import TrialkitError
from trialkit.render.amendments import summary_of_changes_table
from trialkit.render.blocks import (
    Block,
    Heading,
    ListItem,
    Marker,
    Paragraph,
    Table,
    plain_text,
)
from trialkit.render.docx_figures import power_figure, schema_figure
from trialkit.render.docx_schedule import schedule_of_activities
from trialkit.render.docx_styles import KEY_FILL
from trialkit.render.docx_timeline import timeline_table
from trialkit.render.docx_writer import Writer
from trialkit.render.sanitize import clean_text

FIGURES: dict[str, Callable[[Writer], None]] = {
    "participant-timeline": timeline_table,
    "power-curve": power_figure,
}
"""``<!-- trialkit:figure NAME -->``: the figure (or, for the timeline, the table) at the marker."""

REGIONS: dict[str, Callable[[Writer], None]] = {
    "schedule-of-activities": schedule_of_activities,
    "summary-of-changes": summary_of_changes_table,
    "trial-schema": schema_figure,
}
"""``begin NAME`` ... ``end NAME``: what Word writes instead of the Markdown between them (the
trial schema's text becomes the diagram, its words the caption and alternative text)."""

LANDSCAPE = frozenset({"schedule-of-activities"})
"""Regions whose whole section (heading included) is set on landscape pages."""


def write_body(w: Writer, blocks: Sequence[Block]) -> None:
    """Write the numbered sections (from the first level-2 heading), acting on the markers."""
    first = next((i for i, b in enumerate(blocks) if isinstance(b, Heading) and b.level == 2),
                 len(blocks))
    region: str | None = None
    for heading, section_blocks in _sections(blocks[first:]):
        landscape = any(isinstance(b, Marker) and b.kind == "begin" and b.name in LANDSCAPE
                        for b in section_blocks)
        w.orientation(landscape=landscape or region in LANDSCAPE)
        if heading is not None and region is None:
            _heading(w, heading)
        region = _blocks(w, section_blocks, region)
    if region is not None:
        raise TrialkitError(_marker_text("begin", region) + " in the templates has no matching "
                            + _marker_text("end", region))


def _sections(blocks: Sequence[Block]) -> list[tuple[Heading | None, list[Block]]]:
    """Group blocks under the heading that precedes them."""
    groups: list[tuple[Heading | None, list[Block]]] = []
    for block in blocks:
        if isinstance(block, Heading):
            groups.append((block, []))
        elif groups:
            groups[-1][1].append(block)
        else:
            groups.append((None, [block]))
    return groups


def _blocks(w: Writer, blocks: Iterable[Block], region: str | None) -> str | None:
    """Write ``blocks``, skipping those inside a replaced region; returns the region still open."""
    for block in blocks:
        if isinstance(block, Marker):
            region = _marker(w, block, region)
        elif region is not None:
            continue
        elif isinstance(block, Heading):
            _heading(w, block)
        elif isinstance(block, Paragraph):
            w.inline(w.para(), block.text)
        elif isinstance(block, ListItem):
            _list_item(w, block)
        else:
            _markdown_table(w, block)
    return region


def _marker(w: Writer, marker: Marker, region: str | None) -> str | None:
    """Act on one marker; returns the region open after it."""
    if marker.kind == "end" and marker.name == region:
        return None
    if region is not None:
        raise TrialkitError(f"{_marker_text(marker.kind, marker.name)} in the templates comes "
                            f"before {_marker_text('end', region)}")
    if marker.kind == "figure" and marker.name in FIGURES:
        FIGURES[marker.name](w)
        return None
    if marker.kind == "begin" and marker.name in REGIONS:
        REGIONS[marker.name](w)
        return marker.name
    known = [_marker_text("figure", name) for name in FIGURES]
    known += [_marker_text("begin", name) for name in REGIONS]
    raise TrialkitError(f"the templates use {_marker_text(marker.kind, marker.name)}, which the "
                        f"Word writer does not know; use one of {', '.join(known)}")


def _marker_text(kind: str, name: str) -> str:
    return f"<!-- trialkit:{kind} {name} -->"


def _heading(w: Writer, heading: Heading) -> None:
    from trialkit.render import docx_fields

    level = min(max(heading.level - 1, 1), 3)
    paragraph = w.para(f"Heading {level}")
    w.inline(paragraph, heading.text)
    bookmark = f"_Toc{len(w.headings) + 1:05d}"
    docx_fields.add_bookmark(paragraph, bookmark, len(w.headings) + 1)
    w.headings.append((level, clean_text(plain_text(heading.text)), bookmark))


def _list_item(w: Writer, item: ListItem) -> None:
    from docx.shared import Cm

    if item.ordered:
        paragraph = w.para()
        indent = Cm(0.75 + 0.75 * item.depth)
        fmt = paragraph.paragraph_format
        fmt.left_indent = indent
        fmt.first_line_indent = -Cm(0.75)
        fmt.space_after = Cm(0.1)
        fmt.tab_stops.add_tab_stop(indent)
        w.text(paragraph, f"{item.number}.\t")
    else:
        paragraph = w.para("List Bullet" if item.depth == 0 else "List Bullet 2")
    w.inline(paragraph, item.text)


def _markdown_table(w: Writer, block: Table) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn

    from trialkit.render import docx_xml

    lead_in = w.document.element.body[-2] if len(w.document.element.body) > 1 else None
    if lead_in is not None and lead_in.tag == qn("w:p"):  # the sentence introducing the table
        lead_in.get_or_add_pPr().keepNext_val = True
    table = w.grid_table(1, len(block.header))
    w.header_row(table.rows[0], block.header, markdown=True)
    alignments = {"center": WD_ALIGN_PARAGRAPH.CENTER, "right": WD_ALIGN_PARAGRAPH.RIGHT}
    key_value = len(block.header) == 2
    for row in block.rows:
        cells = docx_xml.add_row(table).cells
        for index, (cell, text) in enumerate(zip(cells, row, strict=True)):
            w.cell_markdown(cell, text, bold=key_value and index == 0)
            if block.align[index] in alignments:
                cell.paragraphs[0].alignment = alignments[block.align[index]]
            if key_value and index == 0:
                docx_xml.shade_cell(cell, KEY_FILL)
    w.finish_table(table, _column_shares(block), space_after=True)


def _column_shares(table: Table) -> list[float]:
    """Column widths in proportion to their text (square-root damped, with a floor)."""
    lengths = []
    for index in range(len(table.header)):
        texts = [table.header[index], *(row[index] for row in table.rows)]
        longest = max(len(plain_text(t)) for t in texts)
        average = sum(len(plain_text(t)) for t in texts) / len(texts)
        lengths.append(max(4.0, (0.6 * average + 0.4 * min(longest, 60)) ** 0.5))
    if len(lengths) == 2:
        return [0.32, 0.68]
    return lengths
