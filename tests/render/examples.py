"""The examples rendered once per test process, for the tests that only read them.

A protocol takes a tenth of a second (Markdown) to most of a second (Word) to render, and
many tests read the same example's render context, Markdown, HTML or Word file; each is made
on first use and kept. Tests must not change what they get here (a test that edits a design
loads its own copy with ``load_trial``).
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from functools import cache
from pathlib import Path

from trialkit.design import load_trial
from trialkit.render.context import ProtocolContext, build_context

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
MAIN = "anakinra-t1d"


@cache
def context(stem: str) -> ProtocolContext:
    """The render context of ``examples/<stem>.yaml`` (packaged evidence and templates)."""
    return build_context(load_trial(ROOT / "examples" / f"{stem}.yaml"))


@cache
def markdown(stem: str, *, markers: bool = False) -> str:
    """The example's protocol in Markdown."""
    from trialkit.render.markdown import render_markdown

    ctx = context(stem)
    return render_markdown(ctx.trial, context=ctx, markers=markers)


@cache
def html(stem: str) -> str:
    """The example's protocol in HTML."""
    from trialkit.render.html import render_html

    ctx = context(stem)
    return render_html(ctx.trial, context=ctx)


@cache
def word_file(stem: str) -> Path:
    """The example's Word protocol, written to a folder removed when the tests end."""
    from trialkit.render.docx import write_docx

    ctx = context(stem)
    return write_docx(ctx.trial, _folder() / f"{stem}.docx", context=ctx)


@cache
def _folder() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="trialkit-tests-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder
