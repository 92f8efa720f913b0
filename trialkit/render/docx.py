"""The protocol as a Word document (.docx), written with python-docx.

The body comes from the same Markdown templates as the other formats (so sections, sample
size and SPIRIT coverage agree); Word adds what a sponsor's protocol has on top: a title
page, a signature page, a table of contents field, running header and footer with
"Page X of Y", a landscape schedule of activities with a repeating header row, the SPIRIT
participant-timeline figure and a power curve. python-docx and matplotlib are imported when
a document is written, so importing this module is cheap.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from trialkit.render.blocks import (
    Block,
    Heading,
    ListItem,
    Paragraph,
    Table,
    parse_blocks,
    parse_inline,
    plain_text,
)
from trialkit.render.sanitize import clean_text

if TYPE_CHECKING:
    from trialkit.design.model import Trial

FONT = "Calibri"
BODY_PT = 11
TABLE_PT = 9
INK = "1F3864"
SUBTLE = "595959"
HEADER_FILL = "1F3864"
KEY_FILL = "F2F2F2"
GROUP_FILL = "D9E2F3"
BORDER = "A6A6A6"
MARGIN_CM = 2.5
LANGUAGE = "en-GB"
"""Proofing language: the templates use British spelling (randomisation, haemoglobin)."""

SOA_VISITS_PER_TABLE = 16
"""Visits per schedule-of-activities table; longer schedules continue in a second table."""

WIDE_TIMELINE = 12
"""Timepoints above which the participant timeline gets a landscape page of its own."""

SCHEDULE_HEADING = "schedule of activities"
SCHEMA_HEADING = "trial schema"
SAMPLE_SIZE_HEADING = "sample size"


def write_docx(
    trial: Trial,
    path: str | os.PathLike[str],
    *,
    templates_dir: str | Path | None = None,
    evidence: Any = None,
    context: dict[str, Any] | None = None,
    replace: bool = True,
) -> Path:
    """Write the protocol of ``trial`` to ``path`` atomically and return the path.

    ``templates_dir`` overrides packaged templates (the same ones the Markdown uses; styles
    are defined in code); ``evidence`` is an EvidenceLink; ``context`` reuses a render context.
    The file appears complete or not at all: it is written to a temporary file in the same
    folder and moved into place (``trialkit.files.atomic_write``; ``replace=False`` never
    overwrites).
    """
    import io

    from trialkit.files import atomic_write
    from trialkit.render.context import build_context
    from trialkit.render.markdown import render_markdown

    target = Path(path)
    ctx = context if context is not None else build_context(
        trial, evidence=evidence, templates=templates_dir
    )
    markdown = render_markdown(trial, templates=templates_dir, context=ctx)
    buffer = io.BytesIO()
    build_document(ctx, markdown).save(buffer)
    atomic_write(target, buffer.getvalue(), replace=replace)
    return target


def build_document(context: dict[str, Any], markdown: str) -> Any:
    """The python-docx Document of a protocol from its render context and rendered Markdown."""
    import docx

    from trialkit.render import docx_xml

    document = docx.Document()
    _clear_body(document)
    _define_styles(document)
    section = document.sections[0]
    _page_setup(section, landscape=False)
    writer = _Writer(document, context)
    writer.title_page()
    writer.signature_page()
    writer.contents_page()
    writer.body(parse_blocks(markdown))
    writer.fill_contents()
    for index, current in enumerate(document.sections):
        writer.header_footer(current, title_page=index == 0)
    docx_xml.set_update_fields_on_open(document)
    _set_properties(document, context)
    return document


def _clear_body(document: Any) -> None:
    body = document.element.body
    for child in list(body):
        if not child.tag.endswith("}sectPr"):
            body.remove(child)


def _set_font(element: Any, name: str) -> None:
    """Set a style's Latin font, dropping the theme fonts that would override it.

    East Asian and complex scripts (Chinese, Arabic, ...) keep the theme's fonts, which
    cover them where Calibri does not.
    """
    from docx.oxml.ns import qn

    r_pr = element.get_or_add_rPr()
    fonts = r_pr.get_or_add_rFonts()
    for attr in ("asciiTheme", "hAnsiTheme"):
        fonts.attrib.pop(qn(f"w:{attr}"), None)
    for attr in ("ascii", "hAnsi"):
        fonts.set(qn(f"w:{attr}"), name)


def _define_styles(document: Any) -> None:
    from docx.enum.style import WD_STYLE_TYPE
    from docx.shared import Pt, RGBColor

    from trialkit.render import docx_xml

    styles = document.styles
    normal = styles["Normal"]
    _set_font(normal.element, FONT)
    normal.font.size = Pt(BODY_PT)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.08
    docx_xml.set_language(normal, LANGUAGE)
    for name, size, color, before, after, italic in (
        ("Heading 1", 15, INK, 18, 6, False),
        ("Heading 2", 12.5, "2F5496", 12, 4, False),
        ("Heading 3", 11.5, "2F5496", 10, 3, True),
    ):
        style = styles[name]
        _set_font(style.element, FONT)
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.italic = italic
        style.font.color.rgb = RGBColor.from_string(color)
        style.paragraph_format.space_before = Pt(before)
        style.paragraph_format.space_after = Pt(after)
        style.paragraph_format.keep_with_next = True
    title = styles["Title"]
    _set_font(title.element, FONT)
    title.font.size = Pt(22)
    title.font.bold = True
    title.font.color.rgb = RGBColor.from_string(INK)
    _remove_paragraph_border(title.element)
    caption = styles["Caption"]
    _set_font(caption.element, FONT)
    caption.font.size = Pt(9)
    caption.font.italic = False
    caption.font.bold = False
    caption.font.color.rgb = RGBColor.from_string(SUBTLE)
    caption.paragraph_format.space_after = Pt(10)
    if "Front Heading" not in [s.name for s in styles]:
        front = styles.add_style("Front Heading", WD_STYLE_TYPE.PARAGRAPH)
        front.base_style = normal
        front.font.size = Pt(15)
        front.font.bold = True
        front.font.color.rgb = RGBColor.from_string(INK)
        front.paragraph_format.space_before = Pt(0)
        front.paragraph_format.space_after = Pt(12)
        front.paragraph_format.keep_with_next = True
    for name in ("List Bullet", "List Bullet 2", "List Number"):
        styles[name].paragraph_format.space_after = Pt(3)
    names = {s.name for s in styles}
    for level in (1, 2, 3):
        name = f"toc {level}"
        toc = styles[name] if name in names else styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        toc.element.styleId = f"TOC{level}"
        toc.base_style = normal
        toc.font.size = Pt(10.5 if level == 1 else 10)
        toc.font.bold = level == 1
        toc.paragraph_format.left_indent = Pt(14 * (level - 1))
        toc.paragraph_format.space_before = Pt(6 if level == 1 else 0)
        toc.paragraph_format.space_after = Pt(1)


def _remove_paragraph_border(style_element: Any) -> None:
    from docx.oxml.ns import qn

    p_pr = style_element.find(qn("w:pPr"))
    if p_pr is not None:
        for border in p_pr.findall(qn("w:pBdr")):
            p_pr.remove(border)


def _page_setup(section: Any, *, landscape: bool) -> None:
    from docx.shared import Cm

    from trialkit.render import docx_xml

    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    if landscape:
        docx_xml.set_landscape(section)
    else:
        docx_xml.set_portrait(section)
    section.left_margin = section.right_margin = Cm(MARGIN_CM if not landscape else 2.0)
    section.top_margin = Cm(2.5 if not landscape else 2.2)
    section.bottom_margin = Cm(2.2 if not landscape else 2.0)
    section.header_distance = Cm(1.2)
    section.footer_distance = Cm(1.0)


def _text_width(section: Any) -> int:
    return int(section.page_width - section.left_margin - section.right_margin)


def _set_properties(document: Any, context: dict[str, Any]) -> None:
    title = context["title"]
    props = document.core_properties
    props.title = clean_text(_plain(title["full_title"]))[:255]
    props.subject = clean_text(_plain(title["short_title"]))[:255]
    props.author = clean_text(_plain(title["sponsor"]))[:255]
    props.keywords = "clinical trial protocol; SPIRIT 2025; ICH M11"
    props.comments = "Drafted with trialkit"


def _plain(value: Any) -> str:
    return "" if value is None else str(value)


def _is_placeholder(value: Any) -> bool:
    from trialkit.render.context import Placeholder

    return isinstance(value, Placeholder)


@dataclass(frozen=True)
class _Hook:
    """Extra content placed after the blocks of the subsection whose heading matches."""

    match: str
    replace_blocks: bool
    write: Callable[[], None]


class _Writer:
    """Writes the parts of one protocol document; every text goes through ``_text``."""

    def __init__(self, document: Any, context: dict[str, Any]) -> None:
        self.document = document
        self.context = context
        self.figures = 0
        self.tables = 0
        self.toc: Any = None
        self.headings: list[tuple[int, str, str]] = []
        self.new_page = False

    def _text(self, paragraph: Any, value: Any, *, bold: bool = False, italic: bool = False,
              size: float | None = None, color: str | None = None,
              placeholder: bool | None = None) -> Any:
        """Append text as one run: the single place user text enters the document."""
        from docx.enum.text import WD_COLOR_INDEX
        from docx.shared import Pt, RGBColor

        is_placeholder = _is_placeholder(value) if placeholder is None else placeholder
        run = paragraph.add_run(clean_text(value))
        run.bold = bold or None
        run.italic = (italic or is_placeholder) or None
        if size is not None:
            run.font.size = Pt(size)
        if color is not None:
            run.font.color.rgb = RGBColor.from_string(color)
        if is_placeholder:
            run.font.highlight_color = WD_COLOR_INDEX.YELLOW
        return run

    def _inline(self, paragraph: Any, markdown: str, *, bold: bool = False,
                size: float | None = None, color: str | None = None) -> None:
        for span in parse_inline(markdown):
            self._text(paragraph, span.text, bold=bold or span.bold, italic=span.italic,
                       size=size, color=color, placeholder=span.placeholder)

    def _para(self, style: str | None = None) -> Any:
        paragraph = self.document.add_paragraph(style=style)
        if self.new_page:
            paragraph.paragraph_format.page_break_before = True
            self.new_page = False
        return paragraph

    def _page_break(self) -> None:
        """Start the next paragraph on a new page (no empty paragraph left behind)."""
        self.new_page = True

    # Front matter -------------------------------------------------------------------------

    def title_page(self) -> None:
        """Sponsor line, title, acronym and short title, and the M11 title-page fields."""
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Pt

        title = self.context["title"]
        top = self._para()
        self._text(top, title["sponsor"], size=10, color=SUBTLE, bold=True)
        top.paragraph_format.space_after = Pt(48)
        _bottom_rule(top, color=INK, size=12)
        label = self._para()
        self._text(label, "CLINICAL TRIAL PROTOCOL", size=11, color=SUBTLE, bold=True)
        label.paragraph_format.space_after = Pt(6)
        heading = self._para("Title")
        self._text(heading, title["full_title"])
        heading.paragraph_format.space_after = Pt(12)
        short = self._para()
        self._text(short, title["acronym"], bold=True, size=14, color=INK)
        self._text(short, ": ", size=14, color=INK)
        self._text(short, title["short_title"], size=14, color=INK)
        short.paragraph_format.space_after = Pt(30)
        rows = [
            ("Sponsor protocol identifier", [title["protocol_id"]]),
            ("Version and date", [title["version"], ", ", title["version_date"]]),
            ("Trial phase", [title["phase"]]),
            ("Indication", [title["indication"]]),
            ("Investigational product(s)", self._joined(title["investigational_products"],
                                                        "Name the investigational product")),
            ("Sponsor", [title["sponsor"]]),
            ("Sponsor address", [title["sponsor_address"]]),
            ("Sponsor contact", [title["sponsor_contact"]]),
            ("Trial registration", self._registries(title["registry_ids"])),
        ]
        if title["regulatory_ids"]:
            rows.append(("Regulatory identifiers", self._joined(title["regulatory_ids"], "")))
        funding = title["funders"] or [self.context["text"]["open_science.funding_statement"]]
        rows.append(("Funding", self._joined(funding, "")))
        self._key_value_table(rows, key_share=0.34, borders=False)
        self._contributors(title["investigators"])
        note = self._para()
        note.paragraph_format.space_before = Pt(24)
        self._text(
            note,
            "Confidential: this protocol is provided to investigators, ethics committees and "
            "regulatory authorities for the conduct of the trial; it may not be disclosed "
            "without the sponsor's written permission.",
            size=8.5, color=SUBTLE, italic=True,
        )
        note.alignment = WD_ALIGN_PARAGRAPH.LEFT
        self._page_break()

    def _contributors(self, people: Sequence[dict[str, Any]]) -> None:
        """The protocol contributors (SPIRIT item 3a): name, role and affiliation."""
        from docx.shared import Pt

        from trialkit.render.context import placeholder

        heading = self._para()
        heading.paragraph_format.space_before = Pt(18)
        heading.paragraph_format.keep_with_next = True
        self._text(heading, "Protocol contributors", bold=True, size=10, color=INK)
        if not people:
            self._text(self._para(), placeholder(
                "List the protocol contributors: name, role and affiliation"))
            return
        table = self.document.add_table(rows=1, cols=3)
        table.style = self.document.styles["Table Grid"]
        self._header_row(table.rows[0], ["Name", "Role", "Affiliation"])
        for person in people:
            cells = table.add_row().cells
            for cell, key in zip(cells, ("name", "role", "affiliation"), strict=True):
                self._cell_text(cell, person[key])
        self._finish_table(table, [0.26, 0.37, 0.37])

    def _joined(self, values: Sequence[Any], prompt: str) -> list[Any]:
        from trialkit.render.context import placeholder

        if not values:
            return [placeholder(prompt)] if prompt else []
        parts: list[Any] = []
        for index, value in enumerate(values):
            if index:
                parts.append("; ")
            parts.append(value)
        return parts

    def _registries(self, registries: Sequence[dict[str, Any]]) -> list[Any]:
        from trialkit.render.context import placeholder

        if not registries:
            return [placeholder("Name the registry and give the trial identifier")]
        parts: list[Any] = []
        for index, reg in enumerate(registries):
            if index:
                parts.append("; ")
            parts.append(f"{reg['registry']}: ")
            if reg["identifier"]:
                parts.append(reg["identifier"])
                if reg["date"]:
                    parts.append(f" (registered {reg['date']})")
            else:
                parts.append(placeholder("Give the identifier once registered"))
        return parts

    def signature_page(self) -> None:
        """Sponsor approval and investigator agreement with signature lines."""
        title = self.context["title"]
        self._text(self._para("Front Heading"), "Protocol approval and signatures")
        intro = self._para()
        self._text(intro, "Protocol ")
        self._text(intro, title["protocol_id"])
        self._text(intro, ", version ")
        self._text(intro, title["version"])
        self._text(intro, " of ")
        self._text(intro, title["version_date"])
        self._text(intro, ".")
        self._text(self._para(), "Sponsor approval", bold=True, color=INK)
        self._text(
            self._para(),
            "We have read and approve this protocol and agree that it contains all information "
            "needed to conduct the trial.",
        )
        signatories = [
            (p["name"], p["role"]) for p in title["investigators"]
        ] or [("", "Sponsor representative"), ("", "Chief investigator"),
              ("", "Trial statistician")]
        self._signature_table(signatories)
        self._text(self._para(), "Investigator agreement", bold=True, color=INK)
        self._text(
            self._para(),
            "I have read this protocol and agree to conduct the trial as it describes, in "
            "accordance with ICH E6 Good Clinical Practice and the applicable regulations, "
            "and to keep confidential the information it contains.",
        )
        self._signature_table([("", "Principal investigator (site)")])
        self._page_break()

    def _signature_table(self, signatories: Sequence[tuple[Any, Any]]) -> None:
        from docx.shared import Pt

        from trialkit.render import docx_xml

        table = self.document.add_table(rows=1, cols=4)
        table.style = self.document.styles["Table Grid"]
        widths = [0.30, 0.26, 0.28, 0.16]
        self._header_row(table.rows[0], ["Name", "Role", "Signature", "Date"])
        for name, role in signatories:
            cells = table.add_row().cells
            self._cell_text(cells[0], name)
            self._cell_text(cells[1], role)
            table.rows[-1].height = Pt(34)
            for cell in cells:
                docx_xml.set_cell_vertical_alignment(cell, "center")
        self._finish_table(table, widths)
        self._para().paragraph_format.space_after = Pt(6)

    def contents_page(self) -> None:
        """The table of contents field, filled when Word or LibreOffice updates fields."""
        from trialkit.render import docx_xml

        self._text(self._para("Front Heading"), "Table of contents")
        self.toc = self._para()
        docx_xml.add_table_of_contents(self.toc)
        self._page_break()

    def fill_contents(self) -> None:
        """Show the headings in the TOC field's result, each with a live page reference."""
        from trialkit.render import docx_xml

        if self.toc is not None and self.headings:
            docx_xml.fill_table_of_contents(
                self.toc, self.headings,
                note="Page numbers appear when fields are updated: Word offers this on opening "
                "(or press F9); in LibreOffice use Tools > Update > Update All.",
            )

    # Body -----------------------------------------------------------------------------------

    def body(self, blocks: Sequence[Block]) -> None:
        """Write the numbered sections, replacing or extending the ones Word does better."""
        hooks = [
            _Hook(SCHEDULE_HEADING, True, self.schedule_of_activities),
            _Hook(SCHEMA_HEADING, False, self.timeline_figure),
            _Hook(SAMPLE_SIZE_HEADING, False, self.power_figure),
        ]
        first = next((i for i, b in enumerate(blocks) if isinstance(b, Heading) and b.level == 2),
                     len(blocks))
        for heading, section_blocks in _sections(blocks[first:]):
            hook = next((h for h in hooks if heading and h.match in plain_text(heading.text)
                         .lower() and heading.level >= 3), None)
            if heading is not None and hook is not None and hook.replace_blocks:
                self._orientation(landscape=True)
                self._heading(heading)
                hook.write()
                continue
            self._orientation(landscape=False)
            if heading is not None:
                self._heading(heading)
            self._blocks(section_blocks)
            if hook:
                hook.write()

    def _heading(self, heading: Heading) -> None:
        from trialkit.render import docx_xml

        level = min(max(heading.level - 1, 1), 3)
        paragraph = self._para(f"Heading {level}")
        self._inline(paragraph, heading.text)
        bookmark = f"_Toc{len(self.headings) + 1:05d}"
        docx_xml.add_bookmark(paragraph, bookmark, len(self.headings) + 1)
        self.headings.append((level, clean_text(plain_text(heading.text)), bookmark))

    def _blocks(self, blocks: Iterable[Block]) -> None:
        for block in blocks:
            if isinstance(block, Heading):
                self._heading(block)
            elif isinstance(block, Paragraph):
                self._inline(self._para(), block.text)
            elif isinstance(block, ListItem):
                self._list_item(block)
            else:
                self._markdown_table(block)

    def _list_item(self, item: ListItem) -> None:
        from docx.shared import Cm

        if item.ordered:
            paragraph = self._para()
            indent = Cm(0.75 + 0.75 * item.depth)
            fmt = paragraph.paragraph_format
            fmt.left_indent = indent
            fmt.first_line_indent = -Cm(0.75)
            fmt.space_after = Cm(0.1)
            fmt.tab_stops.add_tab_stop(indent)
            self._text(paragraph, f"{item.number}.\t")
        else:
            paragraph = self._para("List Bullet" if item.depth == 0 else "List Bullet 2")
        self._inline(paragraph, item.text)

    def _markdown_table(self, block: Table) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        table = self.document.add_table(rows=1, cols=len(block.header))
        table.style = self.document.styles["Table Grid"]
        self._header_row(table.rows[0], block.header, markdown=True)
        alignments = {"center": WD_ALIGN_PARAGRAPH.CENTER, "right": WD_ALIGN_PARAGRAPH.RIGHT}
        key_value = len(block.header) == 2
        for row in block.rows:
            cells = table.add_row().cells
            for index, (cell, text) in enumerate(zip(cells, row, strict=True)):
                self._cell_markdown(cell, text, bold=key_value and index == 0)
                if block.align[index] in alignments:
                    cell.paragraphs[0].alignment = alignments[block.align[index]]
                if key_value and index == 0:
                    from trialkit.render import docx_xml

                    docx_xml.shade_cell(cell, KEY_FILL)
        self._finish_table(table, _column_shares(block), space_after=True)

    def _header_row(self, row: Any, labels: Sequence[str], *, markdown: bool = False,
                    size: float = TABLE_PT) -> None:
        from trialkit.render import docx_xml

        docx_xml.set_repeat_header(row)
        docx_xml.set_cant_split(row)
        for cell, label in zip(row.cells, labels, strict=True):
            docx_xml.shade_cell(cell, HEADER_FILL)
            paragraph = cell.paragraphs[0]
            if markdown:
                self._inline(paragraph, label, bold=True, size=size, color="FFFFFF")
            else:
                self._text(paragraph, label, bold=True, size=size, color="FFFFFF")

    def _cell_text(self, cell: Any, value: Any, *, bold: bool = False) -> None:
        self._text(cell.paragraphs[0], value, bold=bold, size=TABLE_PT)

    def _cell_markdown(self, cell: Any, markdown: str, *, bold: bool = False) -> None:
        self._inline(cell.paragraphs[0], markdown, bold=bold, size=TABLE_PT)

    def _finish_table(self, table: Any, shares: Sequence[float], *,
                      space_after: bool = False, width: int | None = None) -> None:
        from docx.shared import Pt

        from trialkit.render import docx_xml

        total = width or _text_width(self.document.sections[-1])
        docx_xml.set_table_borders(table, color=BORDER)
        docx_xml.set_cell_margins(table, top=30, bottom=30, left=85, right=85)
        table.autofit = False
        widths = [int(total * s / sum(shares)) for s in shares]
        for column, w in zip(table.columns, widths, strict=True):
            column.width = w
        for row in table.rows:
            for cell, w in zip(row.cells, widths, strict=False):
                cell.width = w
                for paragraph in cell.paragraphs:
                    paragraph.paragraph_format.space_after = Pt(0)
                    paragraph.paragraph_format.space_before = Pt(0)
                    paragraph.paragraph_format.line_spacing = 1.0
        if space_after:
            spacer = self._para()
            spacer.paragraph_format.space_after = Pt(4)
            spacer.paragraph_format.line_spacing = 0.8

    def _key_value_table(self, rows: Sequence[tuple[str, Sequence[Any]]], *,
                         key_share: float, borders: bool) -> Any:
        from docx.shared import Pt

        from trialkit.render import docx_xml

        table = self.document.add_table(rows=0, cols=2)
        for key, parts in rows:
            cells = table.add_row().cells
            self._text(cells[0].paragraphs[0], key, bold=True, size=10, color=INK)
            for part in parts:
                self._text(cells[1].paragraphs[0], part, size=10)
        self._finish_table(table, [key_share, 1 - key_share])
        if not borders:
            docx_xml.set_table_borders(table, style="nil")
            for row in table.rows:
                for cell in row.cells:
                    cell.paragraphs[0].paragraph_format.space_after = Pt(4)
        return table

    # Landscape schedule of activities --------------------------------------------------------

    def _orientation(self, *, landscape: bool) -> None:
        """Start a new section on a new page if the current one has the other orientation."""
        from docx.enum.section import WD_SECTION

        current = self.document.sections[-1]
        if (current.page_width > current.page_height) == landscape:
            return
        self.new_page = False
        section = self.document.add_section(WD_SECTION.NEW_PAGE)
        _page_setup(section, landscape=landscape)
        section.different_first_page_header_footer = False

    def schedule_of_activities(self) -> None:
        """Visits across, assessments down (grouped by category), X where an assessment is made.

        Long schedules are split into tables of at most ``SOA_VISITS_PER_TABLE`` visits,
        each repeating the assessment column, as printed protocols do.
        """
        from trialkit.render.context import placeholder

        schedule = self.context["schedule"]
        visits, rows = schedule["visits"], schedule["rows"]
        if not (visits and rows):
            self._text(self._para(), placeholder(
                "List the visits (with days) and the assessments made at each"))
            return
        self.tables += 1
        chunks = range(0, len(visits), SOA_VISITS_PER_TABLE)
        for part, start in enumerate(chunks):
            stop = min(start + SOA_VISITS_PER_TABLE, len(visits))
            caption = (
                f"Table {self.tables}. Schedule of activities: visits (columns) and the "
                "assessments made at each (X)."
            )
            if len(chunks) > 1:
                caption += f" Part {part + 1} of {len(chunks)}: visits {start + 1} to {stop}."
            self._schedule_table(caption, visits[start:stop], rows, slice(start, stop),
                                 widest=min(len(visits), SOA_VISITS_PER_TABLE))
        note = self._para()
        self._text(note, "Windows are in days around the target day. X: the assessment is made "
                   "at that visit.", size=8.5, color=SUBTLE)

    def _schedule_table(self, caption: str, visits: Sequence[dict[str, Any]],
                        rows: Sequence[dict[str, Any]], columns: slice, *, widest: int) -> None:
        """One schedule table; ``widest`` visits per table sets the column widths of all parts."""
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        from trialkit.render import docx_xml

        heading = self._para("Caption")
        self._text(heading, caption)
        docx_xml.set_keep_with_next(heading)
        heading.paragraph_format.page_break_before = columns.start > 0
        table = self.document.add_table(rows=2, cols=len(visits) + 1)
        table.style = self.document.styles["Table Grid"]
        size = 8.0 if len(visits) <= 10 else 7.0
        self._header_row(table.rows[0], ["Assessment", *(v["name"] for v in visits)], size=size)
        self._header_row(table.rows[1], ["Day (window)", *(v["timing"] for v in visits)],
                         size=size)
        for cell in table.rows[1].cells:
            docx_xml.shade_cell(cell, "2F5496")
        for row in table.rows[:2]:
            for cell in row.cells[1:]:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        for category, members in _grouped(rows):
            group = table.add_row()
            merged = group.cells[0].merge(group.cells[-1])
            docx_xml.shade_cell(merged, GROUP_FILL)
            self._text(merged.paragraphs[0], str(category).capitalize(), bold=True,
                       size=TABLE_PT, color=INK)
            docx_xml.set_cant_split(group)
            for member in members:
                cells = table.add_row().cells
                self._cell_text(cells[0], member["assessment"])
                docx_xml.set_cell_vertical_alignment(cells[0], "center")
                for cell, mark in zip(cells[1:], member["marks"][columns], strict=True):
                    if mark:
                        self._text(cell.paragraphs[0], "X", bold=True, size=TABLE_PT, color=INK)
                    cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
                    docx_xml.set_cell_vertical_alignment(cell, "center")
                docx_xml.set_cant_split(table.rows[-1])
        first = max(0.20, min(0.32, 1.0 - 0.075 * widest))
        column = (1 - first) / widest
        shares = [first, *[column] * len(visits)]
        width = int(_text_width(self.document.sections[-1]) * sum(shares))
        self._finish_table(table, shares, space_after=True, width=width)

    # Figures -------------------------------------------------------------------------------

    def _figure(self, png: bytes, caption: str) -> None:
        import io

        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Cm, Emu

        from trialkit.render import docx_xml

        self.figures += 1
        holder = self._para()
        holder.alignment = WD_ALIGN_PARAGRAPH.CENTER
        docx_xml.set_keep_with_next(holder)
        section = self.document.sections[-1]
        width = min(_text_width(section), Emu(Cm(16)))
        if section.page_width > section.page_height:
            width = _text_width(section)
        pixels_w, pixels_h = _png_size(png)
        max_height = int(section.page_height - section.top_margin - section.bottom_margin
                         - Cm(4))
        height = width * pixels_h // pixels_w
        if height > max_height:
            width = max_height * pixels_w // pixels_h
        holder.add_run().add_picture(io.BytesIO(png), width=Emu(width))
        self._text(self._para("Caption"), f"Figure {self.figures}. {caption}")

    def timeline_figure(self) -> None:
        """The SPIRIT participant timeline, or a placeholder when no visits are given."""
        from trialkit.render import figures
        from trialkit.render.context import placeholder

        trial = self.context["trial"]
        if not trial.visits:
            self._text(self._para(), placeholder(
                "Add visits with days to draw the SPIRIT participant timeline"))
            return
        timeline = figures.timeline_from_trial(trial)
        wide = len(timeline.columns) > WIDE_TIMELINE
        if wide:
            self._orientation(landscape=True)
        self._figure(
            figures.participant_timeline_png(timeline, width_in=9.5 if wide else 6.5),
            "Participant timeline (SPIRIT figure): enrolment, allocation, post-allocation and "
            "close-out timepoints, with the interventions and assessments at each.",
        )

    def power_figure(self) -> None:
        """Power of the primary analysis against sample size, or a placeholder."""
        from trialkit.render import figures
        from trialkit.render.context import placeholder

        sizing = self.context["sizing"]
        result = sizing.get("result")
        if result is None:
            self._text(self._para(), placeholder(
                "Compute the sample size of the primary endpoint to draw its power curve"))
            return
        curve = figures.power_curve(result)
        if curve is None:
            self._text(self._para(), f"No power curve is drawn for {result.procedure}: "
                       "curves are drawn for fixed-sample designs of trialkit.power only.",
                       italic=True, size=9, color=SUBTLE)
            return
        endpoint = plain_text(str(sizing.get("endpoint", "")))
        self._figure(
            figures.power_curve_png(curve),
            f"Power of the primary analysis ({endpoint}) against the total number analysed, "
            f"computed with trialkit.power.{result.procedure}; the point marks the planned "
            f"sample size (N = {curve.chosen_total}, power {curve.chosen_power:.1%}).",
        )

    # Header and footer ------------------------------------------------------------------------

    def _band(self, paragraph: Any, width: Any) -> Any:
        """An emptied header or footer line: body text, no space after, a right tab at ``width``."""
        from docx.enum.text import WD_TAB_ALIGNMENT
        from docx.shared import Pt

        paragraph.style = self.document.styles["Normal"]
        paragraph.paragraph_format.space_after = Pt(0)
        for run in list(paragraph.runs):
            run._r.getparent().remove(run._r)
        paragraph.paragraph_format.tab_stops.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT)
        return paragraph

    def header_footer(self, section: Any, *, title_page: bool) -> None:
        """Protocol id, version and date in the header; "Page X of Y" in the footer.

        The section holding the title page leaves its first page without either.
        """
        from docx.shared import Pt

        from trialkit.render import docx_xml

        title = self.context["title"]
        width = _text_width(section)
        section.different_first_page_header_footer = title_page
        if title_page:
            section.first_page_header.is_linked_to_previous = False
            section.first_page_footer.is_linked_to_previous = False
        section.header.is_linked_to_previous = False
        section.footer.is_linked_to_previous = False
        header = self._band(section.header.paragraphs[0], width)
        self._text(header, title["acronym"], bold=True, size=8.5, color=INK)
        self._text(header, "   Protocol ", size=8.5, color=SUBTLE)
        self._text(header, title["protocol_id"], size=8.5, color=SUBTLE)
        self._text(header, "\tVersion ", size=8.5, color=SUBTLE)
        self._text(header, title["version"], size=8.5, color=SUBTLE)
        self._text(header, ", ", size=8.5, color=SUBTLE)
        self._text(header, title["version_date"], size=8.5, color=SUBTLE)
        _bottom_rule(header)
        footer = self._band(section.footer.paragraphs[0], width)
        self._text(footer, "Confidential", size=8.5, color=SUBTLE)
        self._text(footer, "\t", size=8.5)
        docx_xml.add_page_number_fields(footer)
        for run in footer.runs[2:]:
            run.font.size = Pt(8.5)


def _bottom_rule(paragraph: Any, *, color: str = BORDER, size: int = 4) -> None:
    """Draw a line under a paragraph (``size`` in eighths of a point)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    p_pr = paragraph._p.get_or_add_pPr()
    border = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("val", "single"), ("sz", str(size)), ("space", "4"), ("color", color)):
        bottom.set(qn(f"w:{key}"), value)
    border.append(bottom)
    p_pr.insert_element_before(
        border, "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap",
        "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi",
        "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing",
        "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
        "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr",
        "w:pPrChange",
    )


def _png_size(png: bytes) -> tuple[int, int]:
    """Width and height in pixels from a PNG's IHDR chunk."""
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")


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


def _grouped(rows: Sequence[dict[str, Any]]) -> list[tuple[str, list[dict[str, Any]]]]:
    """Schedule rows grouped by category, in order of first appearance."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        groups.setdefault(str(row["category"]), []).append(row)
    return list(groups.items())


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
