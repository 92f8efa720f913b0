"""Word styles and page set-up of the protocol: fonts, headings, captions, contents, margins.

Styles are defined in code (no reference document), so every protocol looks the same.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from trialkit.render.sanitize import clean_text

if TYPE_CHECKING:
    from trialkit.render.context import ProtocolContext

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


def set_font(element: Any, name: str) -> None:
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


def define_styles(document: Any) -> None:
    """Body, heading, title, caption, list and contents styles."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.shared import Pt, RGBColor

    from trialkit.render import docx_xml

    styles = document.styles
    normal = styles["Normal"]
    set_font(normal.element, FONT)
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
        set_font(style.element, FONT)
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.italic = italic
        style.font.color.rgb = RGBColor.from_string(color)
        style.paragraph_format.space_before = Pt(before)
        style.paragraph_format.space_after = Pt(after)
        style.paragraph_format.keep_with_next = True
    title = styles["Title"]
    set_font(title.element, FONT)
    title.font.size = Pt(19)
    title.font.bold = True
    title.font.color.rgb = RGBColor.from_string(INK)
    remove_paragraph_border(title.element)
    caption = styles["Caption"]
    set_font(caption.element, FONT)
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


def remove_paragraph_border(style_element: Any) -> None:
    """Drop the border a built-in style draws under its paragraphs."""
    from docx.oxml.ns import qn

    p_pr = style_element.find(qn("w:pPr"))
    if p_pr is not None:
        for border in p_pr.findall(qn("w:pBdr")):
            p_pr.remove(border)


def page_setup(section: Any, *, landscape: bool) -> None:
    """A4 in either orientation, with the protocol's margins."""
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


def text_width(section: Any) -> int:
    """The width between the margins, in EMU."""
    return int(section.page_width - section.left_margin - section.right_margin)


def set_properties(document: Any, context: ProtocolContext) -> None:
    """The file's properties: title, subject, author, dates and the application that wrote it.

    The author is the protocol's contributors (else its sponsor); created and modified are now;
    the application (docProps/app.xml) is this trialkit, not the template python-docx starts
    from. A field still holding a prompt or "to be named" is left out rather than filed.
    """
    import datetime as dt

    title = context.title
    contributors = [str(p.name) for p in title.investigators if _given(p.name)]
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    props = document.core_properties
    props.title = _property(title.full_title)
    props.subject = _property(title.short_title)
    props.author = _property("; ".join(contributors) or title.sponsor)
    props.last_modified_by = props.author
    props.keywords = "clinical trial protocol; SPIRIT 2025; ICH M11"
    props.category = "Clinical trial protocol"
    props.comments = "Drafted with trialkit"
    props.revision = 1
    props.created = props.modified = now
    _set_application(document, _property(title.sponsor))


def _given(value: Any) -> bool:
    """Whether a title-page value is an answer (not a prompt nor a "to be named" marker)."""
    from trialkit.design.checklist import unfilled
    from trialkit.render.prompts import Placeholder

    return bool(value) and not isinstance(value, Placeholder) and not unfilled(str(value))


def _property(value: Any) -> str:
    """A property's text: cleaned, at most 255 characters, empty for a prompt."""
    return clean_text(value)[:255] if _given(value) else ""


APP_XML = (
    "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"'
    ' xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    "<Template>Normal.dotm</Template><TotalTime>0</TotalTime>"
    "<Application>{application}</Application><DocSecurity>0</DocSecurity>"
    "<ScaleCrop>false</ScaleCrop><Company>{company}</Company>"
    "<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>"
    "<HyperlinksChanged>false</HyperlinksChanged></Properties>"
)


def _set_application(document: Any, company: str) -> None:
    """Rewrite docProps/app.xml: application "trialkit <version>" and the sponsor as company."""
    from html import escape  # xml.sax.saxutils would import urllib and ssl

    from trialkit import __version__

    xml = APP_XML.format(application=escape(f"trialkit {__version__}", quote=False),
                         company=escape(company, quote=False))
    for part in document.part.package.parts:
        if str(part.partname) == "/docProps/app.xml":
            part._blob = xml.encode("utf-8")


def bottom_rule(paragraph: Any, *, color: str = BORDER, size: int = 4) -> None:
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
