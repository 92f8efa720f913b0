"""Small WordprocessingML helpers for what python-docx has no API for.

Runs of text, table rows, widths and repeating header rows, landscape sections, cell shading
and borders (fields and the table of contents are in ``docx_fields``). Each helper edits the
underlying XML of one python-docx object, building elements without python-docx's per-call
lookups where a protocol needs thousands of them.
Importing this module imports python-docx, so ``trialkit.render.docx`` imports it lazily.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from docx.enum.section import WD_ORIENT
from docx.oxml.ns import NamespacePrefixedTag, qn
from docx.oxml.parser import oxml_parser


def _element(tag: str, **attrs: str) -> Any:
    """A new element ``tag`` ('w:p') with ``w:`` attributes, as python-docx's ``OxmlElement``
    makes it, with the tag's name parsed once (a protocol makes tens of thousands)."""
    clark, nsmap = _clark(tag)
    el = oxml_parser.makeelement(clark, nsmap=nsmap)
    for name, value in attrs.items():
        el.set(_w(name), value)
    return el


@functools.cache
def _clark(tag: str) -> tuple[str, dict[str, str]]:
    parsed = NamespacePrefixedTag(tag)
    return parsed.clark_name, parsed.nsmap


@functools.cache
def _w(name: str) -> str:
    """The qualified name of a ``w:`` attribute (python-docx's ``qn`` parses it on each call)."""
    return qn(f"w:{name}")


def keep_with_next_p(p: Any) -> None:
    """"Keep with next" on the ``w:p`` element ``p``, straight on the XML (python-docx looks
    up the schema order on each call, for each paragraph of every kept table)."""
    p_pr = p.get_or_add_pPr()
    keep = p_pr.find(_w("keepNext"))
    if keep is None:
        style = p_pr.find(_w("pStyle"))
        p_pr.insert(0 if style is None else p_pr.index(style) + 1, _element("w:keepNext"))
    else:
        keep.attrib.pop(_w("val"), None)


# Children that must follow a given element, from the ECMA-376 schema sequences. Word rejects
# files whose property elements are out of order, so new children are inserted, not appended.
_TC_PR_ORDER = (
    "cnfStyle", "tcW", "gridSpan", "hMerge", "vMerge", "tcBorders", "shd", "noWrap", "tcMar",
    "textDirection", "tcFitText", "vAlign", "hideMark", "headers", "cellIns", "cellDel",
    "cellMerge", "tcPrChange",
)
_TR_PR_ORDER = (
    "cnfStyle", "divId", "gridBefore", "gridAfter", "wBefore", "wAfter", "cantSplit", "trHeight",
    "tblHeader", "tblCellSpacing", "jc", "hidden", "ins", "del", "trPrChange",
)
_TBL_PR_ORDER = (
    "tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize",
    "tblStyleColBandSize", "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd",
    "tblLayout", "tblCellMar", "tblLook", "tblCaption", "tblDescription", "tblPrChange",
)


_PPR_ORDER = (
    "pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
    "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
    "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd",
    "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc",
    "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle",
    "rPr", "sectPr", "pPrChange",
)


@functools.cache
def _tags(names: tuple[str, ...]) -> frozenset[str]:
    return frozenset(qn(f"w:{name}") for name in names)


def _insert_before(parent: Any, child: Any, successors: tuple[str, ...]) -> None:
    """Insert ``child`` before the first existing child named in ``successors``, else append."""
    names = _tags(successors)
    for index, existing in enumerate(parent):
        if existing.tag in names:
            parent.insert(index, child)
            return
    parent.append(child)


def _insert_ordered(parent: Any, child: Any, order: tuple[str, ...]) -> None:
    """Insert ``child`` where the schema sequence ``order`` puts it among ``parent``'s children."""
    local = child.tag.split("}")[1]
    _insert_before(parent, child, order[order.index(local) + 1 :])


_BREAKS = re.compile(r"(\t|\r\n|\n|\r)")


def append_run(p: Any, text: str, *, bold: bool = False, italic: bool = False,
               half_points: int | None = None, color: str | None = None,
               highlight: str | None = None) -> Any:
    """Append a run of ``text`` to the ``w:p`` element ``p`` and return its ``w:r``.

    Tabs become ``w:tab`` and line breaks ``w:br``, as python-docx's ``Run.text`` does, but
    built straight on the XML: a protocol has thousands of runs. Properties are written in
    the schema's order (b, i, color, sz, szCs, highlight).
    """
    r = _element("w:r")
    props = []
    if bold:
        props.append(_element("w:b"))
    if italic:
        props.append(_element("w:i"))
    if color is not None:
        props.append(_element("w:color", val=color.upper()))
    if half_points is not None:
        props.append(_element("w:sz", val=str(half_points)))
    if highlight is not None:
        props.append(_element("w:highlight", val=highlight))
    if props:
        r_pr = _element("w:rPr")
        r_pr.extend(props)
        r.append(r_pr)
    for piece in _BREAKS.split(text):
        if not piece:
            continue
        if piece == "\t":
            r.append(_element("w:tab"))
        elif piece in ("\n", "\r", "\r\n"):
            r.append(_element("w:br"))
        else:
            t = _element("w:t")
            t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            t.text = piece
            r.append(t)
    p.append(r)
    return r


def set_language(style: Any, tag: str) -> None:
    """Set a style's proofing language for Latin text (a BCP 47 tag such as ``en-GB``)."""
    r_pr = style.element.get_or_add_rPr()
    for old in r_pr.findall(qn("w:lang")):
        r_pr.remove(old)
    _insert_before(r_pr, _element("w:lang", val=tag), ("eastAsianLayout", "specVanish", "oMath"))


def set_repeat_header(row: Any) -> None:
    """Mark a table row as a header row that repeats at the top of every page."""
    tr_pr = row._tr.get_or_add_trPr()
    if tr_pr.find(qn("w:tblHeader")) is None:
        tr_pr.append(_element("w:tblHeader", val="true"))


def set_cant_split(row: Any) -> None:
    """Keep a table row on one page (Word would otherwise break it across pages)."""
    set_cant_split_tr(row._tr)


def set_cant_split_tr(tr: Any) -> None:
    """``set_cant_split`` on a row's ``w:tr`` element."""
    tr_pr = tr.get_or_add_trPr()
    if tr_pr.find(qn("w:cantSplit")) is None:
        _insert_ordered(tr_pr, _element("w:cantSplit", val="true"), _TR_PR_ORDER)


def add_row(table: Any) -> Any:
    """A new last row of ``table``, as python-docx's ``Table.add_row`` makes it (a cell per
    grid column, as wide as its column, holding an empty paragraph), copied from a row parsed
    once: python-docx builds each cell child by child, which a protocol's tables pay for
    thousands of times."""
    from copy import deepcopy

    from docx.table import _Row

    widths = tuple(col.get(qn("w:w")) for col in table._tbl.tblGrid.gridCol_lst)
    tr = deepcopy(_blank_row(widths))
    table._tbl.append(tr)
    return _Row(tr, table)


@functools.lru_cache(maxsize=64)
def _blank_row(widths: tuple[str | None, ...]) -> Any:
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    cells = "".join("<w:tc><w:p/></w:tc>" if width is None else
                    f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{width}"/></w:tcPr><w:p/></w:tc>'
                    for width in widths)
    return parse_xml(f"<w:tr {nsdecls('w')}>{cells}</w:tr>")


def set_cell_widths_and_tight_lines(table: Any, widths: list[int]) -> None:
    """Each cell's width (the sum over the grid columns it spans, in EMU) and single-spaced
    paragraphs with no space before or after, straight on the XML (a large table has
    thousands of paragraphs)."""
    from copy import deepcopy

    from docx.shared import Emu

    spacing = _element("w:spacing", before="0", after="0", line="240", lineRule="auto")
    tc_w, w_w, w_type = qn("w:tcW"), qn("w:w"), qn("w:type")
    for tr in table._tbl.tr_lst:
        column = 0
        for tc in tr.tc_lst:
            span = tc.grid_span
            width = Emu(sum(widths[column:column + span]))
            found = None if tc.tcPr is None else tc.tcPr.find(tc_w)
            if found is None:
                tc.width = width
            else:
                found.set(w_w, str(width.twips))
                found.set(w_type, "dxa")
            column += span
            for p in tc.p_lst:
                p_pr = p.get_or_add_pPr()
                for old in p_pr.findall(_w("spacing")):
                    p_pr.remove(old)
                _insert_ordered(p_pr, deepcopy(spacing), _PPR_ORDER)


def set_landscape(section: Any) -> None:
    """Turn a section to landscape, swapping its page width and height if needed."""
    width, height = section.page_width, section.page_height
    section.orientation = WD_ORIENT.LANDSCAPE
    if width is not None and height is not None and width < height:
        section.page_width, section.page_height = height, width


def set_portrait(section: Any) -> None:
    """Turn a section to portrait, swapping its page width and height if needed."""
    width, height = section.page_width, section.page_height
    section.orientation = WD_ORIENT.PORTRAIT
    if width is not None and height is not None and width > height:
        section.page_width, section.page_height = height, width


def shade_cell(cell: Any, fill: str) -> None:
    """Fill a table cell with a solid background colour (hex RGB such as ``"1F3864"``)."""
    tc_pr = cell._tc.get_or_add_tcPr()
    for old in tc_pr.findall(qn("w:shd")):
        tc_pr.remove(old)
    shd = _element("w:shd", val="clear", color="auto", fill=fill.lstrip("#").upper())
    _insert_ordered(tc_pr, shd, _TC_PR_ORDER)


def set_table_borders(
    table: Any, *, color: str = "A6A6A6", size: int = 4, style: str = "single"
) -> None:
    """Give a table borders of one style on every edge and between all cells.

    ``size`` is in eighths of a point (4 = half a point); ``style="nil"`` removes them.
    """
    tbl_pr = table._tbl.tblPr
    for old in tbl_pr.findall(qn("w:tblBorders")):
        tbl_pr.remove(old)
    borders = _element("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        borders.append(_element(f"w:{edge}", val=style, sz=str(size), space="0", color=color))
    _insert_ordered(tbl_pr, borders, _TBL_PR_ORDER)


def set_cell_margins(
    table: Any, *, top: int = 40, bottom: int = 40, left: int = 80, right: int = 80
) -> None:
    """Set a table's default cell padding in twentieths of a point (twips)."""
    tbl_pr = table._tbl.tblPr
    for old in tbl_pr.findall(qn("w:tblCellMar")):
        tbl_pr.remove(old)
    margins = _element("w:tblCellMar")
    for edge, value in (("top", top), ("left", left), ("bottom", bottom), ("right", right)):
        margins.append(_element(f"w:{edge}", w=str(value), type="dxa"))
    _insert_ordered(tbl_pr, margins, _TBL_PR_ORDER)


def set_keep_with_next(paragraph: Any, keep: bool = True) -> None:
    """Keep a paragraph on the same page as the next one (captions, headings before tables)."""
    paragraph.paragraph_format.keep_with_next = keep


def set_cell_vertical_alignment(cell: Any, value: str = "center") -> None:
    """Align a cell's content vertically: ``top``, ``center`` or ``bottom``."""
    tc_pr = cell._tc.get_or_add_tcPr()
    for old in tc_pr.findall(qn("w:vAlign")):
        tc_pr.remove(old)
    _insert_ordered(tc_pr, _element("w:vAlign", val=value), _TC_PR_ORDER)
