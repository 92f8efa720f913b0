"""The front matter of the Word protocol: title page, signatures and table of contents."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from trialkit.render.docx_styles import INK, SUBTLE, bottom_rule
from trialkit.render.docx_writer import Writer
from trialkit.render.parts import Contributor
from trialkit.render.prompts import placeholder


def title_page(w: Writer) -> None:
    """Sponsor line, title, acronym and short title, and the M11 title-page fields."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    title, text = w.context.title, w.context.text
    top = w.para()
    w.text(top, title.sponsor, size=10, color=SUBTLE, bold=True)
    top.paragraph_format.space_after = Pt(20)
    bottom_rule(top, color=INK, size=12)
    label = w.para()
    w.text(label, "CLINICAL TRIAL PROTOCOL", size=11, color=SUBTLE, bold=True)
    label.paragraph_format.space_after = Pt(6)
    heading = w.para("Title")
    w.text(heading, title.full_title)
    heading.paragraph_format.space_after = Pt(12)
    short = w.para()
    w.text(short, title.acronym, bold=True, size=14, color=INK)
    w.text(short, ": ", size=14, color=INK)
    w.text(short, title.short_title, size=14, color=INK)
    short.paragraph_format.space_after = Pt(14)
    rows = [
        ("Sponsor protocol identifier", [title.protocol_id]),
        ("Version and date", [title.version, ", ", title.version_date]),
        ("Amendment status", [text["title_page.amendment_status"]]),
        ("Trial phase", [title.phase]),
        ("Indication", [title.indication]),
        ("Investigational product(s)", _joined(title.investigational_products,
                                               "Name the investigational product")),
        ("Manufacturer", [text["title_page.manufacturer"]]),
        ("Sponsor", [title.sponsor]),
        ("Sponsor address", [title.sponsor_address]),
        ("Sponsor contact", [title.sponsor_contact]),
        ("Sponsor signatory", [text["title_page.sponsor_signatory.name"], ", ",
                               text["title_page.sponsor_signatory.title"], "; approved ",
                               text["title_page.sponsor_approval_date"]]),
        ("Medical monitor", [text["title_page.medical_monitor.name"], ", ",
                             text["title_page.medical_monitor.contact"]]),
        ("Serious adverse event reporting", [text["title_page.sae_reporting_route"]]),
        ("Trial registration", list(title.registration)),
        ("EU CT number", [text["title_page.eu_ct_number"]]),
    ]
    if title.regulatory_ids:
        rows.append(("Regulatory identifiers", _joined(title.regulatory_ids, "")))
    funding = title.funders or (w.context.text["open_science.funding_statement"],)
    rows.append(("Funding", _joined(funding, "")))
    w.key_value_table(rows, key_share=0.34, borders=False)
    _contributors(w, title.investigators)
    note = w.para()
    note.paragraph_format.space_before = Pt(12)
    w.text(
        note,
        "Confidential: this protocol is provided to investigators, ethics committees and "
        "regulatory authorities for the conduct of the trial; it may not be disclosed "
        "without the sponsor's written permission.",
        size=8.5, color=SUBTLE, italic=True,
    )
    note.alignment = WD_ALIGN_PARAGRAPH.LEFT
    w.page_break()


def _contributors(w: Writer, people: Sequence[Contributor]) -> None:
    """The protocol contributors (SPIRIT item 3a): name, role and affiliation."""
    from docx.shared import Pt

    heading = w.para()
    heading.paragraph_format.space_before = Pt(10)
    heading.paragraph_format.keep_with_next = True
    w.text(heading, "Protocol contributors", bold=True, size=10, color=INK)
    if not people:
        w.text(w.para(), placeholder(
            "List the protocol contributors: name, role and affiliation"))
        return
    from trialkit.render import docx_xml

    table = w.grid_table(1, 3)
    w.header_row(table.rows[0], ["Name", "Role", "Affiliation"])
    for person in people:
        cells = docx_xml.add_row(table).cells
        for cell, value in zip(cells, (person.name, person.role, person.affiliation),
                               strict=True):
            w.cell_text(cell, value)
    w.finish_table(table, [0.26, 0.37, 0.37])


def _joined(values: Sequence[Any], prompt: str) -> list[Any]:
    """Values separated by semicolons, or the prompt when there are none."""
    if not values:
        return [placeholder(prompt)] if prompt else []
    parts: list[Any] = []
    for index, value in enumerate(values):
        if index:
            parts.append("; ")
        parts.append(value)
    return parts


def signature_page(w: Writer) -> None:
    """Sponsor approval and investigator agreement with signature lines."""
    title = w.context.title
    w.text(w.para("Front Heading"), "Protocol approval and signatures")
    intro = w.para()
    w.text(intro, "Protocol ")
    w.text(intro, title.protocol_id)
    w.text(intro, ", version ")
    w.text(intro, title.version)
    w.text(intro, " of ")
    w.text(intro, title.version_date)
    w.text(intro, ".")
    w.text(w.para(), "Sponsor approval", bold=True, color=INK)
    w.text(
        w.para(),
        "We have read and approve this protocol and agree that it contains all information "
        "needed to conduct the trial.",
    )
    signatories = [
        (p.name, p.role) for p in title.investigators
    ] or [("", "Sponsor representative"), ("", "Chief investigator"),
          ("", "Trial statistician")]
    _signature_table(w, signatories)
    w.text(w.para(), "Investigator agreement", bold=True, color=INK)
    w.text(
        w.para(),
        "I have read this protocol and agree to conduct the trial as it describes, in "
        "accordance with ICH E6 Good Clinical Practice and the applicable regulations, "
        "and to keep confidential the information it contains.",
    )
    _signature_table(w, [("", "Principal investigator (site)")])
    w.page_break()


def _signature_table(w: Writer, signatories: Sequence[tuple[Any, Any]]) -> None:
    from docx.shared import Pt

    from trialkit.render import docx_xml

    table = w.grid_table(1, 4)
    widths = [0.30, 0.26, 0.28, 0.16]
    w.header_row(table.rows[0], ["Name", "Role", "Signature", "Date"])
    for name, role in signatories:
        cells = docx_xml.add_row(table).cells
        w.cell_text(cells[0], name)
        w.cell_text(cells[1], role)
        table.rows[-1].height = Pt(34)
        for cell in cells:
            docx_xml.set_cell_vertical_alignment(cell, "center")
    w.finish_table(table, widths)
    w.para().paragraph_format.space_after = Pt(6)


def contents_page(w: Writer) -> None:
    """The table of contents field, filled when Word or LibreOffice updates fields."""
    from trialkit.render import docx_fields

    w.text(w.para("Front Heading"), "Table of contents")
    w.toc = w.para()
    docx_fields.add_table_of_contents(w.toc)
    w.page_break()


def fill_contents(w: Writer) -> None:
    """Show the headings in the TOC field's result, each with a live page reference."""
    from trialkit.render import docx_fields

    if w.toc is not None and w.headings:
        docx_fields.fill_table_of_contents(
            w.toc, w.headings,
            note="Page numbers appear when fields are updated: Word offers this on opening "
            "(or press F9); in LibreOffice use Tools > Update > Update All.",
        )
