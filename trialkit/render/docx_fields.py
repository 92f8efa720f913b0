"""Word fields and the table of contents: complex fields (PAGE, NUMPAGES, TOC), bookmarks on
headings, the contents' shown entries, and the update-fields-on-open setting.

Each helper edits the XML of one python-docx object (``trialkit.render.docx_xml`` holds the
element helpers); importing this module imports python-docx, so it is imported lazily.
"""

from __future__ import annotations

from typing import Any

from docx.oxml.ns import qn

from trialkit.render.docx_xml import _element, _insert_before

# What must follow ``w:updateFields`` in ``w:settings`` (the ECMA-376 schema sequence).
_SETTINGS_AFTER_UPDATE_FIELDS = (
    "hdrShapeDefaults", "footnotePr", "endnotePr", "compat", "docVars", "rsids", "mathPr",
    "attachedSchema", "themeFontLang", "clrSchemeMapping", "doNotIncludeSubdocsInStats",
    "doNotAutoCompressPictures", "forceUpgrade", "captions", "readModeInkLockDown",
    "smartTagType", "schemaLibrary", "shapeDefaults", "doNotEmbedSmartTags", "decimalSymbol",
    "listSeparator",
)


def _fld_char(kind: str, *, dirty: bool = False) -> Any:
    el = _element("w:fldChar", fldCharType=kind)
    if dirty:
        el.set(qn("w:dirty"), "true")
    return el


def add_field(
    paragraph: Any, instruction: str, placeholder: str = "", *, dirty: bool = False
) -> Any:
    """Append a complex field (``PAGE``, ``NUMPAGES``, ``TOC \\o "1-3"`` ...) to a paragraph.

    ``placeholder`` is the text shown until the field is updated; ``dirty`` asks Word to
    update this field when the document opens. Returns the run holding the placeholder text.
    """
    begin = paragraph.add_run()
    begin._r.append(_fld_char("begin", dirty=dirty))
    instr_run = paragraph.add_run()
    instr = _element("w:instrText")
    instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    instr.text = f" {instruction.strip()} "
    instr_run._r.append(instr)
    separate = paragraph.add_run()
    separate._r.append(_fld_char("separate"))
    shown = paragraph.add_run(placeholder)
    end = paragraph.add_run()
    end._r.append(_fld_char("end"))
    return shown


def add_page_number_fields(paragraph: Any, *, template: str = "Page {page} of {pages}") -> None:
    """Write "Page X of Y" into a paragraph with live PAGE and NUMPAGES fields."""
    before, _, rest = template.partition("{page}")
    middle, _, after = rest.partition("{pages}")
    if before:
        paragraph.add_run(before)
    add_field(paragraph, "PAGE", "1")
    if middle:
        paragraph.add_run(middle)
    add_field(paragraph, "NUMPAGES", "1")
    if after:
        paragraph.add_run(after)


def add_table_of_contents(paragraph: Any, *, levels: str = "1-3", placeholder: str = "") -> Any:
    """Insert a TOC field over heading levels ``levels`` with hyperlinked entries."""
    text = placeholder or "Right-click and choose Update Field to build the table of contents."
    return add_field(paragraph, f'TOC \\o "{levels}" \\h \\z \\u', text, dirty=True)


def add_bookmark(paragraph: Any, name: str, bookmark_id: int) -> None:
    """Wrap a paragraph's content in a bookmark (a target for TOC entries and PAGEREF)."""
    start = _element("w:bookmarkStart", id=str(bookmark_id), name=name)
    end = _element("w:bookmarkEnd", id=str(bookmark_id))
    p = paragraph._p
    p_pr = p.find(qn("w:pPr"))
    p.insert(0 if p_pr is None else list(p).index(p_pr) + 1, start)
    p.append(end)


def _run(text: str | None = None) -> Any:
    r = _element("w:r")
    if text is not None:
        t = _element("w:t")
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        t.text = text
        r.append(t)
    return r


def fill_table_of_contents(
    toc_paragraph: Any, entries: list[tuple[int, str, str]], *, note: str = ""
) -> None:
    """Fill a TOC field's shown result with linked heading entries, readable before an update.

    ``entries`` are (level, text, bookmark) with bookmarks set on the headings by
    :func:`add_bookmark`. Page numbers need a layout, so they appear when the field is
    updated (Word does so on open); ``note``, shown as a last line, says so and disappears
    with the update. The field's end mark goes in the last line, as Word writes it.
    """
    p = toc_paragraph._p
    runs = [child for child in p if child.tag == qn("w:r")]
    end_run, shown = runs[-1], runs[-2]
    p.remove(shown)
    p.remove(end_run)
    last = p
    lines = [(level, text, bookmark) for level, text, bookmark in entries]
    if note:
        lines.append((0, note, ""))
    for index, (level, text, bookmark) in enumerate(lines):
        target = p if index == 0 else _element("w:p")
        if index:
            last.addnext(target)
            last = target
        p_pr = target.find(qn("w:pPr"))
        if p_pr is None:
            p_pr = _element("w:pPr")
            target.insert(0, p_pr)
        for old in list(p_pr):
            p_pr.remove(old)
        if not bookmark:
            run = _run(text)
            r_pr = _element("w:rPr")
            r_pr.append(_element("w:i"))
            r_pr.append(_element("w:color", val="7F7F7F"))
            r_pr.append(_element("w:sz", val="18"))
            run.insert(0, r_pr)
            p_pr.append(_element("w:spacing", before="160"))
            target.append(run)
            continue
        p_pr.append(_element("w:pStyle", val=f"TOC{level}"))
        link = _element("w:hyperlink", anchor=bookmark, history="1")
        link.append(_run(text))
        target.append(link)
    last.append(end_run)


def set_update_fields_on_open(document: Any) -> None:
    """Ask Word and LibreOffice to refresh every field (TOC, page counts) when the file opens."""
    settings = document.settings.element
    existing = settings.find(qn("w:updateFields"))
    if existing is None:
        existing = _element("w:updateFields")
        _insert_before(settings, existing, _SETTINGS_AFTER_UPDATE_FIELDS)
    existing.set(qn("w:val"), "true")
