"""The Word writer's core: one place where text enters the document, tables and orientation.

The parts of the document (``docx_front``, ``docx_body``, ``docx_schedule``,
``docx_figures``, ``docx_header``) write through a ``Writer``, so every run of text is
cleaned, sized and (for a bracketed prompt) highlighted the same way.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from trialkit.render.blocks import parse_inline
from trialkit.render.docx_styles import (
    BORDER,
    HEADER_FILL,
    INK,
    TABLE_PT,
    page_setup,
    text_width,
)
from trialkit.render.prompts import Placeholder
from trialkit.render.sanitize import clean_text

if TYPE_CHECKING:
    from trialkit.render.context import ProtocolContext

_MARKDOWN_SPACE = str.maketrans("\t\n", "  ")


class Writer:
    """The document being written, its context, and the counters its parts share."""

    def __init__(self, document: Any, context: ProtocolContext) -> None:
        self.document = document
        self.context = context
        self.figures = 0
        self.tables = 0
        self.toc: Any = None
        self.headings: list[tuple[int, str, str]] = []
        self.new_page = False
        self._style_ids: dict[str, str] = {}

    def style_id(self, name: str) -> str:
        """The id of the style called ``name`` (looked up once: python-docx searches every
        style on each assignment by name)."""
        if not self._style_ids:
            self._style_ids = {s.name: s.style_id for s in self.document.styles}
        return self._style_ids[name]

    def grid_table(self, rows: int, cols: int) -> Any:
        """A new table in the "Table Grid" style at the end of the body."""
        table = self.document.add_table(rows=rows, cols=cols)
        table._tbl.tblPr.style = self.style_id("Table Grid")
        return table

    def text(self, paragraph: Any, value: Any, *, bold: bool = False, italic: bool = False,
             size: float | None = None, color: str | None = None,
             placeholder: bool | None = None) -> Any:
        """Append text as one run: the single place user text enters the document."""
        from docx.text.run import Run

        from trialkit.render import docx_xml

        is_placeholder = isinstance(value, Placeholder) if placeholder is None else placeholder
        r = docx_xml.append_run(
            paragraph._p, clean_text(value), bold=bold, italic=italic or is_placeholder,
            half_points=None if size is None else round(size * 2), color=color,
            highlight="yellow" if is_placeholder else None,
        )
        return Run(r, paragraph)

    def inline(self, paragraph: Any, markdown: str, *, bold: bool = False,
               size: float | None = None, color: str | None = None) -> None:
        """Append inline Markdown (bold, italic, highlighted prompts) as runs.

        A tab or line end inside Markdown text is a space to a Markdown reader (as the HTML
        shows it), so it becomes one here rather than a Word tab stop or line break.
        """
        for span in parse_inline(markdown):
            text = span.text.translate(_MARKDOWN_SPACE)
            self.text(paragraph, text, bold=bold or span.bold, italic=span.italic,
                      size=size, color=color, placeholder=span.placeholder)

    def para(self, style: str | None = None) -> Any:
        """A new paragraph (on a new page if a page break is pending)."""
        paragraph = self.document.add_paragraph()
        if style is not None and style != "Normal":
            paragraph._p.style = self.style_id(style)
        if self.new_page:
            paragraph.paragraph_format.page_break_before = True
            self.new_page = False
        return paragraph

    def page_break(self) -> None:
        """Start the next paragraph on a new page (no empty paragraph left behind)."""
        self.new_page = True

    def header_row(self, row: Any, labels: Sequence[str], *, markdown: bool = False,
                   size: float = TABLE_PT) -> None:
        """A table header row: repeated on every page, never split, white on dark blue."""
        from trialkit.render import docx_xml

        docx_xml.set_repeat_header(row)
        docx_xml.set_cant_split(row)
        for cell, label in zip(row.cells, labels, strict=True):
            docx_xml.shade_cell(cell, HEADER_FILL)
            paragraph = cell.paragraphs[0]
            if markdown:
                self.inline(paragraph, label, bold=True, size=size, color="FFFFFF")
            else:
                self.text(paragraph, label, bold=True, size=size, color="FFFFFF")

    def cell_text(self, cell: Any, value: Any, *, bold: bool = False) -> None:
        """Text in a table cell."""
        self.text(cell.paragraphs[0], value, bold=bold, size=TABLE_PT)

    def cell_markdown(self, cell: Any, markdown: str, *, bold: bool = False) -> None:
        """Inline Markdown in a table cell."""
        self.inline(cell.paragraphs[0], markdown, bold=bold, size=TABLE_PT)

    def finish_table(self, table: Any, shares: Sequence[float], *, space_after: bool = False,
                     width: int | None = None, whole: bool = False) -> None:
        """Borders, margins and column widths (in proportion to ``shares``) of a table; no row
        splits across pages, and a small table (or one marked ``whole``, which must fit a
        page) stays on one page (see ``keep_rows_together``)."""
        from docx.shared import Pt

        from trialkit.render import docx_xml

        total = width or text_width(self.document.sections[-1])
        docx_xml.set_table_borders(table, color=BORDER)
        docx_xml.set_cell_margins(table, top=30, bottom=30, left=85, right=85)
        table.autofit = False
        widths = [int(total * s / sum(shares)) for s in shares]
        for column, w in zip(table.columns, widths, strict=True):
            column.width = w
        docx_xml.set_cell_widths_and_tight_lines(table, widths)
        keep_rows_together(table, widths, whole=whole)
        if space_after:
            spacer = self.para()
            spacer.paragraph_format.space_after = Pt(4)
            spacer.paragraph_format.line_spacing = 0.8

    def key_value_table(self, rows: Sequence[tuple[str, Sequence[Any]]], *,
                        key_share: float, borders: bool) -> Any:
        """A two-column table of labels and values (each value a list of texts)."""
        from docx.shared import Pt

        from trialkit.render import docx_xml

        table = self.document.add_table(rows=0, cols=2)
        for key, parts in rows:
            cells = docx_xml.add_row(table).cells
            self.text(cells[0].paragraphs[0], key, bold=True, size=9.5, color=INK)
            for part in parts:
                self.text(cells[1].paragraphs[0], part, size=9.5)
        self.finish_table(table, [key_share, 1 - key_share])
        if not borders:
            docx_xml.set_table_borders(table, style="nil")
            for row in table.rows:
                for cell in row.cells:
                    cell.paragraphs[0].paragraph_format.space_after = Pt(1.5)
        return table

    def orientation(self, *, landscape: bool) -> None:
        """Start a new section on a new page if the current one has the other orientation."""
        from docx.enum.section import WD_SECTION

        current = self.document.sections[-1]
        if (current.page_width > current.page_height) == landscape:
            return
        self.new_page = False
        section = self.document.add_section(WD_SECTION.NEW_PAGE)
        page_setup(section, landscape=landscape)
        section.different_first_page_header_footer = False


SMALL_TABLE_LINES = 30
"""Tables up to about this many lines of text are kept on one page (half an A4 page of 9 pt)."""

W_T = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t"
CHAR_EMU = 4.6 * 12700
"""The width of an average character of 9 pt Calibri (or Carlito), in EMU."""


def keep_rows_together(table: Any, widths: Sequence[int], *, whole: bool = False) -> None:
    """No row of ``table`` splits across pages; a small table is kept whole on one page.

    Keeping a table whole is "keep with next" on the paragraphs of every row but the last
    (Word, and LibreOffice through ``docx_pdf``, then move it, with a caption that keeps with
    it, to the next page); a long table may break between rows, where its header repeats.
    ``widths`` are the grid columns' widths in EMU, to tell how many lines each cell wraps to.
    """
    from trialkit.render import docx_xml

    rows = table._tbl.tr_lst
    for tr in rows:
        docx_xml.set_cant_split_tr(tr)
    if not whole and estimated_lines(rows, widths) > SMALL_TABLE_LINES:
        return
    for tr in rows[:-1]:
        for tc in tr.tc_lst:
            for p in tc.p_lst:
                docx_xml.keep_with_next_p(p)


def estimated_lines(rows: Sequence[Any], widths: Sequence[int]) -> int:
    """Lines of text the rows take: per row, the most lines any of its cells wraps to."""
    total = 0
    for tr in rows:
        tallest, column = 1, 0
        for tc in tr.tc_lst:
            span = tc.grid_span
            chars = max(4, int(sum(widths[column:column + span]) / CHAR_EMU) - 2)
            column += span
            lines = sum(1 + sum(len(t.text or "") for t in p.iter(W_T)) // chars
                        for p in tc.p_lst)
            tallest = max(tallest, lines)
        total += tallest
    return total
