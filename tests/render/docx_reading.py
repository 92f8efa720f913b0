"""Reading back what the Word writer set (field codes, repeated header rows, cell shading,
update-fields-on-open): the tests' view of a saved .docx, not used by the writer itself."""

from __future__ import annotations

from typing import Any

from docx.oxml.ns import qn

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def updates_fields_on_open(document: Any) -> bool:
    """Whether the document carries the update-fields-on-open setting."""
    el = document.settings.element.find(qn("w:updateFields"))
    return el is not None and el.get(qn("w:val")) in ("true", "1", "on")


def repeats_as_header(row: Any) -> bool:
    """Whether a table row is flagged to repeat on each page."""
    tr_pr = row._tr.trPr
    if tr_pr is None:
        return False
    el = tr_pr.find(qn("w:tblHeader"))
    return el is not None and el.get(qn("w:val"), "true") in ("true", "1", "on")


def cell_fill(cell: Any) -> str | None:
    """The background fill of a table cell, or None when it is not shaded."""
    tc_pr = cell._tc.tcPr
    if tc_pr is None:
        return None
    shd = tc_pr.find(qn("w:shd"))
    return None if shd is None else shd.get(qn("w:fill"))


def field_instructions(part_element: Any) -> list[str]:
    """The instruction text of every complex field under an XML element (header, body ...)."""
    return [(node.text or "").strip() for node in part_element.iter(f"{{{W_NS}}}instrText")]
