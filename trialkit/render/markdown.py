"""The protocol as Markdown, from templates/protocol.md.j2."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from trialkit.design.model import Trial
from trialkit.render.context import build_context
from trialkit.render.environment import markdown_environment

_BLANK_RUNS = re.compile(r"\n{3,}")


def render_markdown(
    trial: Trial,
    *,
    templates: str | Path | None = None,
    context: dict[str, Any] | None = None,
) -> str:
    """The protocol document in Markdown (``context`` reuses one built by build_context)."""
    ctx = context if context is not None else build_context(trial, templates=templates)
    text = markdown_environment(templates).get_template("protocol.md.j2").render(ctx)
    return _BLANK_RUNS.sub("\n\n", text).strip() + "\n"
