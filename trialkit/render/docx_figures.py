"""Figures of the Word protocol: the trial schema and the power curve (the participant
timeline is a table). Each picture carries alternative text for screen readers.

Drawn (``trialkit.render.figures``) when a document is written.
"""

from __future__ import annotations

from trialkit.render.blocks import plain_text
from trialkit.render.docx_styles import SUBTLE, text_width
from trialkit.render.docx_writer import Writer
from trialkit.render.prompts import placeholder
from trialkit.render.sanitize import clean_text


def _figure(w: Writer, png: bytes, caption: str, title: str, alt: str | None = None) -> None:
    """A PNG centred at the text width (shrunk to fit the page), then its numbered caption;
    ``title`` and ``alt`` (the caption when not given) are the picture's alternative text."""
    import io

    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Emu

    from trialkit.render import docx_xml

    w.figures += 1
    holder = w.para()
    holder.alignment = WD_ALIGN_PARAGRAPH.CENTER
    docx_xml.set_keep_with_next(holder)
    section = w.document.sections[-1]
    width = min(text_width(section), Emu(Cm(16)))
    if section.page_width > section.page_height:
        width = text_width(section)
    pixels_w, pixels_h = _png_size(png)
    max_height = int(section.page_height - section.top_margin - section.bottom_margin
                     - Cm(4))
    height = width * pixels_h // pixels_w
    if height > max_height:
        width = max_height * pixels_w // pixels_h
    picture = holder.add_run().add_picture(io.BytesIO(png), width=Emu(width))
    doc_pr = picture._inline.docPr
    doc_pr.set("descr", clean_text(alt or caption))
    doc_pr.set("title", title)
    w.text(w.para("Caption"), f"Figure {w.figures}. {caption}")


def schema_figure(w: Writer) -> None:
    """The trial schema (boxes from screening to the primary endpoint) with its caption, or a
    placeholder while the design has no arms."""
    from trialkit.render import schema

    if not w.context.arms:
        w.text(w.para(), placeholder(schema.NO_ARMS))
        return
    plan = schema.trial_schema(w.context)
    _figure(w, schema.schema_png(plan), schema.schema_caption(plan), "Trial schema",
            plan.description)


def power_figure(w: Writer) -> None:
    """Power of the primary analysis against sample size, or a placeholder."""
    from trialkit.render import figures

    sizing = w.context.sizing
    result = sizing.result
    if result is None:
        w.text(w.para(), placeholder(
            "Compute the sample size of the primary endpoint to draw its power curve"))
        return
    curve = figures.power_curve(result)
    if curve is None:
        w.text(w.para(), figures.NO_CURVE, italic=True, size=9, color=SUBTLE)
        return
    arms = sizing.trial_arms if sizing.multi_arm else None
    _figure(
        w,
        figures.power_curve_png(curve, arms=arms,
                                scale=sizing.trial_scale if sizing.allocation else 0.0),
        figures.power_curve_caption(curve, plain_text(str(sizing.endpoint)), sizing.software,
                                    plain_text(sizing.method), arms, sizing.allocation,
                                    sizing.trial_analysed),
        "Power curve",
    )


def _png_size(png: bytes) -> tuple[int, int]:
    """Width and height in pixels from a PNG's IHDR chunk."""
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
