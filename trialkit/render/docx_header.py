"""Running header (protocol id, version, date) and footer ("Page X of Y") of each section."""

from __future__ import annotations

from typing import Any

from trialkit.render.docx_styles import INK, SUBTLE, bottom_rule, text_width
from trialkit.render.docx_writer import Writer


def _band(w: Writer, paragraph: Any, width: Any) -> Any:
    """An emptied header or footer line: body text, no space after, a right tab at ``width``."""
    from docx.enum.text import WD_TAB_ALIGNMENT
    from docx.shared import Pt

    paragraph.style = w.document.styles["Normal"]
    paragraph.paragraph_format.space_after = Pt(0)
    for run in list(paragraph.runs):
        run._r.getparent().remove(run._r)
    paragraph.paragraph_format.tab_stops.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT)
    return paragraph


def header_footer(w: Writer, section: Any, *, title_page: bool) -> None:
    """Protocol id, version and date in the header; "Page X of Y" in the footer.

    The section holding the title page leaves its first page without either.
    """
    from docx.shared import Pt

    from trialkit.render import docx_fields

    title = w.context.title
    width = text_width(section)
    section.different_first_page_header_footer = title_page
    if title_page:
        section.first_page_header.is_linked_to_previous = False
        section.first_page_footer.is_linked_to_previous = False
    section.header.is_linked_to_previous = False
    section.footer.is_linked_to_previous = False
    header = _band(w, section.header.paragraphs[0], width)
    w.text(header, title.acronym, bold=True, size=8.5, color=INK)
    w.text(header, "   Protocol ", size=8.5, color=SUBTLE)
    w.text(header, title.protocol_id, size=8.5, color=SUBTLE)
    w.text(header, "\tVersion ", size=8.5, color=SUBTLE)
    w.text(header, title.version, size=8.5, color=SUBTLE)
    w.text(header, ", ", size=8.5, color=SUBTLE)
    w.text(header, title.version_date, size=8.5, color=SUBTLE)
    bottom_rule(header)
    footer = _band(w, section.footer.paragraphs[0], width)
    w.text(footer, "Confidential", size=8.5, color=SUBTLE)
    w.text(footer, "\t", size=8.5)
    docx_fields.add_page_number_fields(footer)
    for run in footer.runs[2:]:
        run.font.size = Pt(8.5)
