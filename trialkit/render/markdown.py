"""The protocol as Markdown, from templates/protocol.md.j2."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from trialkit.design.model import Trial
from trialkit.render.blocks import MARKER
from trialkit.render.context import ProtocolContext, build_context
from trialkit.render.environment import markdown_environment

_BLANK_RUNS = re.compile(r"\n{3,}")


def render_markdown(
    trial: Trial,
    *,
    templates: str | Path | None = None,
    context: ProtocolContext | None = None,
    markers: bool = False,
) -> str:
    """The protocol document in Markdown (``context`` reuses one built by build_context).

    ``markers=True`` keeps the templates' layout markers (where the Word writer puts its
    figures and special tables); a Markdown file for people goes without them. A context
    that kept its rendered Markdown (``ProtocolContext.printed``) is not rendered again.
    """
    ctx = context if context is not None else build_context(trial, templates=templates)
    text = ctx.printed(templates)
    if text is None:
        text = "".join(protocol_chunks(ctx.namespace(), templates))
    return finish_markdown(text, markers=markers)


def protocol_chunks(namespace: dict[str, Any], templates: str | Path | None) -> Iterator[str]:
    """The protocol template's raw output, piece by piece as it is rendered, from the names
    the templates see (``ProtocolContext.namespace``)."""
    return markdown_environment(templates).get_template("protocol.md.j2").generate(namespace)


def finish_markdown(text: str, *, markers: bool = False) -> str:
    """The protocol template's raw output as a document: blank runs closed up, layout markers
    kept only if ``markers``."""
    if not markers:
        text = MARKER.sub("", text)
    return _BLANK_RUNS.sub("\n\n", text).strip() + "\n"
