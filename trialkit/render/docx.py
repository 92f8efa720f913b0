"""The protocol as a Word document (.docx), written with python-docx.

The body comes from the same Markdown templates as the other formats (so sections, sample
size and SPIRIT coverage agree); Word adds what a sponsor's protocol has on top: a title
page, a signature page, a table of contents field, running header and footer with
"Page X of Y", a landscape schedule of activities with a repeating header row, the SPIRIT
participant-timeline figure and a power curve, placed where the templates' layout markers
say. Each part of the document has its own module: ``docx_front`` (title, signatures,
contents), ``docx_body`` (sections and markers), ``docx_schedule``, ``docx_figures`` and
``docx_header`` (header and footer), all writing through ``docx_writer.Writer`` with the
styles of ``docx_styles``. python-docx and Pillow are imported when a document is
written, so importing this module is cheap.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from trialkit.render import docx_front
from trialkit.render.blocks import parse_blocks
from trialkit.render.docx_body import write_body
from trialkit.render.docx_header import header_footer
from trialkit.render.docx_styles import define_styles, page_setup, set_properties
from trialkit.render.docx_writer import Writer

if TYPE_CHECKING:
    from trialkit.design.model import Trial
    from trialkit.render.context import ProtocolContext


def write_docx(
    trial: Trial,
    path: str | os.PathLike[str],
    *,
    templates_dir: str | Path | None = None,
    evidence: Any = None,
    context: ProtocolContext | None = None,
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
    markdown = render_markdown(trial, templates=templates_dir, context=ctx, markers=True)
    buffer = io.BytesIO()
    build_document(ctx, markdown).save(buffer)
    atomic_write(target, buffer.getvalue(), replace=replace)
    return target


def build_document(context: ProtocolContext, markdown: str) -> Any:
    """The python-docx Document of a protocol from its render context and its Markdown.

    ``markdown`` is rendered with its layout markers (``render_markdown(markers=True)``),
    which say where the figures and the schedule go.
    """
    import docx

    from trialkit.render import docx_fields

    document = docx.Document()
    _clear_body(document)
    define_styles(document)
    page_setup(document.sections[0], landscape=False)
    writer = Writer(document, context)
    docx_front.title_page(writer)
    docx_front.signature_page(writer)
    docx_front.contents_page(writer)
    write_body(writer, parse_blocks(markdown))
    docx_front.fill_contents(writer)
    for index, current in enumerate(document.sections):
        header_footer(writer, current, title_page=index == 0)
    docx_fields.set_update_fields_on_open(document)
    set_properties(document, context)
    return document


def _clear_body(document: Any) -> None:
    body = document.element.body
    for child in list(body):
        if not child.tag.endswith("}sectPr"):
            body.remove(child)
