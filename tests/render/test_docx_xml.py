"""The WordprocessingML helpers: each writes XML that survives a save and re-open."""

from __future__ import annotations

import io

import docx
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.oxml.ns import qn

from tests.render import docx_reading
from trialkit.render import docx_fields, docx_xml


def _reopen(document: docx.document.Document) -> docx.document.Document:
    buffer = io.BytesIO()
    document.save(buffer)
    buffer.seek(0)
    return docx.Document(buffer)


def test_page_x_of_y_writes_page_and_numpages_fields_in_order() -> None:
    document = docx.Document()
    paragraph = document.sections[0].footer.paragraphs[0]
    docx_fields.add_page_number_fields(paragraph)
    reopened = _reopen(document)
    footer = reopened.sections[0].footer._element
    assert docx_reading.field_instructions(footer) == ["PAGE", "NUMPAGES"]
    assert reopened.sections[0].footer.paragraphs[0].text == "Page 1 of 1"


def test_field_runs_are_begin_instruction_separate_result_end() -> None:
    paragraph = docx.Document().add_paragraph()
    docx_fields.add_field(paragraph, "PAGE", "7")
    kinds = [
        el.get(qn("w:fldCharType")) for el in paragraph._p.iter(qn("w:fldChar"))
    ]
    assert kinds == ["begin", "separate", "end"]
    assert paragraph.text == "7"


def test_table_of_contents_field_covers_three_levels_and_is_dirty() -> None:
    document = docx.Document()
    docx_fields.add_table_of_contents(document.add_paragraph())
    body = _reopen(document).element.body
    (instruction,) = docx_reading.field_instructions(body)
    assert instruction.startswith('TOC \\o "1-3"')
    begin = next(body.iter(qn("w:fldChar")))
    assert begin.get(qn("w:dirty")) == "true"


def test_update_fields_on_open_is_set_once() -> None:
    document = docx.Document()
    assert not docx_reading.updates_fields_on_open(document)
    docx_fields.set_update_fields_on_open(document)
    docx_fields.set_update_fields_on_open(document)
    reopened = _reopen(document)
    assert docx_reading.updates_fields_on_open(reopened)
    assert len(reopened.settings.element.findall(qn("w:updateFields"))) == 1


def test_repeat_header_flag_is_set_on_the_first_row_only() -> None:
    document = docx.Document()
    table = document.add_table(rows=3, cols=2)
    docx_xml.set_repeat_header(table.rows[0])
    docx_xml.set_repeat_header(table.rows[0])
    rows = _reopen(document).tables[0].rows
    assert [docx_reading.repeats_as_header(r) for r in rows] == [True, False, False]
    assert len(rows[0]._tr.trPr.findall(qn("w:tblHeader"))) == 1


def test_landscape_section_swaps_page_dimensions_and_back() -> None:
    document = docx.Document()
    portrait = document.sections[0]
    landscape = document.add_section(WD_SECTION.NEW_PAGE)
    docx_xml.set_landscape(landscape)
    back = document.add_section(WD_SECTION.NEW_PAGE)
    docx_xml.set_portrait(back)
    sections = _reopen(document).sections
    assert sections[1].orientation == WD_ORIENT.LANDSCAPE
    assert sections[1].page_width == portrait.page_height
    assert sections[1].page_height == portrait.page_width
    assert sections[2].orientation == WD_ORIENT.PORTRAIT
    assert sections[2].page_width == portrait.page_width


def test_shading_replaces_a_previous_fill() -> None:
    document = docx.Document()
    cell = document.add_table(rows=1, cols=1).cell(0, 0)
    assert docx_reading.cell_fill(cell) is None
    docx_xml.shade_cell(cell, "#d9e2f3")
    docx_xml.shade_cell(cell, "1F3864")
    reopened = _reopen(document).tables[0].cell(0, 0)
    assert docx_reading.cell_fill(reopened) == "1F3864"
    assert len(reopened._tc.tcPr.findall(qn("w:shd"))) == 1


def test_borders_and_cell_margins_are_written_once() -> None:
    document = docx.Document()
    table = document.add_table(rows=1, cols=1)
    for _ in range(2):
        docx_xml.set_table_borders(table)
        docx_xml.set_cell_margins(table)
    tbl_pr = _reopen(document).tables[0]._tbl.tblPr
    (borders,) = tbl_pr.findall(qn("w:tblBorders"))
    assert [child.tag.split("}")[1] for child in borders] == [
        "top", "left", "bottom", "right", "insideH", "insideV"
    ]
    assert len(tbl_pr.findall(qn("w:tblCellMar"))) == 1


def test_keep_with_next_and_cant_split_survive_reopen() -> None:
    document = docx.Document()
    docx_xml.set_keep_with_next(document.add_paragraph("caption"))
    table = document.add_table(rows=1, cols=1)
    docx_xml.set_cant_split(table.rows[0])
    docx_xml.set_cell_vertical_alignment(table.cell(0, 0), "center")
    reopened = _reopen(document)
    assert reopened.paragraphs[0].paragraph_format.keep_with_next is True
    assert reopened.tables[0].rows[0]._tr.trPr.find(qn("w:cantSplit")) is not None
    v_align = reopened.tables[0].cell(0, 0)._tc.tcPr.find(qn("w:vAlign"))
    assert v_align.get(qn("w:val")) == "center"


def _local_names(element: object) -> list[str]:
    return [child.tag.split("}")[1] for child in element]  # type: ignore[attr-defined]


def test_property_children_follow_the_schema_order_word_requires() -> None:
    document = docx.Document()
    table = document.add_table(rows=1, cols=1, style="Table Grid")
    cell = table.cell(0, 0)
    docx_xml.set_cell_vertical_alignment(cell)
    docx_xml.shade_cell(cell, "D9E2F3")
    cell.width = 914400
    docx_xml.set_cell_margins(table)
    docx_xml.set_table_borders(table)
    docx_fields.set_update_fields_on_open(document)
    tc_names = _local_names(cell._tc.tcPr)
    assert tc_names.index("tcW") < tc_names.index("shd") < tc_names.index("vAlign")
    tbl_names = _local_names(table._tbl.tblPr)
    assert tbl_names.index("tblStyle") < tbl_names.index("tblBorders")
    assert tbl_names.index("tblBorders") < tbl_names.index("tblCellMar")
    assert tbl_names.index("tblCellMar") < tbl_names.index("tblLook")
    settings = _local_names(document.settings.element)
    assert settings.index("updateFields") < settings.index("compat")


def test_bookmark_wraps_the_paragraph_content_after_its_properties() -> None:
    paragraph = docx.Document().add_paragraph("Heading text", style="Heading 1")
    docx_fields.add_bookmark(paragraph, "_Toc00001", 1)
    names = _local_names(paragraph._p)
    assert names == ["pPr", "bookmarkStart", "r", "bookmarkEnd"]
    assert paragraph.text == "Heading text"


def test_contents_result_lists_linked_entries_and_ends_the_field_last() -> None:
    document = docx.Document()
    toc = document.add_paragraph()
    docx_fields.add_table_of_contents(toc)
    after = document.add_paragraph("body")
    entries = [(1, "1 Summary", "_Toc1"), (2, "1.1 Synopsis", "_Toc2")]
    docx_fields.fill_table_of_contents(toc, entries, note="Update fields for page numbers.")
    reopened = _reopen(document)
    texts = [p.text for p in reopened.paragraphs]
    assert texts == ["1 Summary", "1.1 Synopsis", "Update fields for page numbers.", "body"]
    body = reopened.element.body
    anchors = [h.get(qn("w:anchor")) for h in body.iter(qn("w:hyperlink"))]
    assert anchors == ["_Toc1", "_Toc2"]
    kinds = [el.get(qn("w:fldCharType")) for el in body.iter(qn("w:fldChar"))]
    assert kinds == ["begin", "separate", "end"]
    last_entry = reopened.paragraphs[2]._p
    assert last_entry.find(f"{qn('w:r')}/{qn('w:fldChar')}") is not None
    styles = [p._p.pPr.pStyle.val for p in reopened.paragraphs[:2]]
    assert styles == ["TOC1", "TOC2"]
    assert after.text == "body"


def test_language_is_set_once_on_a_style() -> None:
    document = docx.Document()
    normal = document.styles["Normal"]
    docx_xml.set_language(normal, "en-US")
    docx_xml.set_language(normal, "en-GB")
    langs = _reopen(document).styles["Normal"].element.rPr.findall(qn("w:lang"))
    assert [el.get(qn("w:val")) for el in langs] == ["en-GB"]
