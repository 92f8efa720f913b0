"""The protocol as Markdown, from templates/protocol.md.j2."""

from __future__ import annotations

import re
from pathlib import Path

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
    figures and special tables); a Markdown file for people goes without them.
    """
    ctx = context if context is not None else build_context(trial, templates=templates)
    text = markdown_environment(templates).get_template("protocol.md.j2").render(ctx.namespace())
    if not markers:
        text = MARKER.sub("", text)
    return _BLANK_RUNS.sub("\n\n", text).strip() + "\n"
