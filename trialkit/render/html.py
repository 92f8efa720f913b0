"""The protocol as one standalone HTML file with a print stylesheet.

The Markdown the templates produce is read into blocks by ``trialkit.render.blocks`` (the
same reader the Word writer uses), and each block becomes HTML here: headings with anchors,
paragraphs, nested lists, tables, with ``**strong**`` and ``*emphasis*`` inline. A contents
list links to the numbered sections, and the templates' figure markers become the
participant-timeline table and the power curve as inline SVG (``html_figures``). Every piece
of text is escaped, so no user string can become markup; the wrapper template
(templates/protocol.html.j2) is autoescaped as well.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Callable, Mapping
from pathlib import Path

from markupsafe import Markup

from trialkit.design.model import Trial
from trialkit.render.blocks import (
    ESCAPABLE,
    Heading,
    ListItem,
    Marker,
    Paragraph,
    Table,
    parse_blocks,
)
from trialkit.render.context import ProtocolContext, build_context
from trialkit.render.environment import SHORT, html_environment
from trialkit.render.markdown import render_markdown


def render_html(
    trial: Trial,
    *,
    templates: str | Path | None = None,
    context: ProtocolContext | None = None,
) -> str:
    """The protocol as a standalone HTML document."""
    from trialkit.render.html_figures import figure_html

    ctx = context if context is not None else build_context(trial, templates=templates)
    markdown = render_markdown(trial, templates=templates, context=ctx, markers=True)
    body = markdown_to_html(markdown, figures=figure_html(ctx), contents=True)
    page = html_environment(templates).get_template("protocol.html.j2")
    return page.render({**ctx.namespace(), "body": Markup(body)})


def markdown_to_html(
    text: str,
    *,
    figures: Mapping[str, Callable[[], str]] | None = None,
    contents: bool = False,
) -> str:
    """HTML for the Markdown subset the protocol templates produce (all text escaped).

    ``figures`` gives the HTML of each ``<!-- trialkit:figure NAME -->`` marker, and of each
    ``begin NAME`` ... ``end NAME`` region, whose Markdown it replaces (other markers are
    dropped); ``contents`` puts a linked contents list of the level-2 and
    level-3 headings before the first level-2 heading.
    """
    figures = figures or {}
    out: list[str] = []
    used_ids: set[str] = set()
    items: list[ListItem] = []
    toc: list[tuple[int, str, str]] = []
    region: str | None = None
    for block in [*parse_blocks(text), None]:
        if region is not None:
            if isinstance(block, Marker) and block.kind == "end" and block.name == region:
                region = None
            continue
        if isinstance(block, ListItem):
            items.append(block)
            continue
        if items:
            out.append(_list_html(items))
            items = []
        if isinstance(block, Marker) and block.kind == "begin" and block.name in figures:
            out.append(figures[block.name]())
            region = block.name
        if isinstance(block, Heading):
            anchor = _anchor(_plain(block.text), used_ids)
            if block.level == 2 and contents and not toc:
                out.append(_CONTENTS)
            if block.level in (2, 3):
                toc.append((block.level, anchor, inline_html(block.text)))
            out.append(f'<h{block.level} id="{anchor}">{inline_html(block.text)}</h{block.level}>')
        elif isinstance(block, Paragraph):
            out.append(f"<p>{inline_html(block.text)}</p>")
        elif isinstance(block, Table):
            out.append(_table_html(block))
        elif isinstance(block, Marker) and block.kind == "figure" and block.name in figures:
            out.append(figures[block.name]())
    joined = "\n".join(out) + "\n"
    return joined.replace(_CONTENTS, _contents_html(toc), 1) if toc else joined


_CONTENTS = "<!-- contents -->"


def _contents_html(entries: list[tuple[int, str, str]]) -> str:
    """A nav element listing the sections (level 2) and their subsections (level 3)."""
    parts = ['<nav class="contents" aria-label="Contents"><p class="contents-title">Contents</p><ol>']
    open_sub = False
    for index, (level, anchor, label) in enumerate(entries):
        link = f'<a href="#{anchor}">{label}</a>'
        if level == 3 and index:
            parts.append(("" if open_sub else "<ol>") + f"<li>{link}</li>")
            open_sub = True
            continue
        if open_sub:
            parts.append("</ol>")
            open_sub = False
        parts.append(("</li>" if index else "") + f"<li>{link}")
    parts.append(("</ol>" if open_sub else "") + ("</li>" if entries else "") + "</ol></nav>")
    return "".join(parts)


def _list_html(items: list[ListItem]) -> str:
    """Consecutive list items as (nested) ``ul``/``ol`` elements."""
    html_parts: list[str] = []
    open_tags: list[str] = []  # the list element open at each depth
    for item in items:
        while len(open_tags) > item.depth + 1:
            html_parts.append(f"</li></{open_tags.pop()}>")
        tag = "ol" if item.ordered else "ul"
        if len(open_tags) == item.depth + 1 and open_tags[-1] != tag:
            html_parts.append(f"</li></{open_tags.pop()}>")
        if len(open_tags) == item.depth + 1:
            html_parts.append("</li>")
        while len(open_tags) < item.depth + 1:
            start = f' start="{item.number}"' if item.ordered and item.number != 1 else ""
            html_parts.append(f"<{tag}{start}>")
            open_tags.append(tag)
        html_parts.append(f"<li>{inline_html(item.text)}")
    while open_tags:
        html_parts.append(f"</li></{open_tags.pop()}>")
    return "".join(html_parts)


def _table_html(table: Table) -> str:
    head = "".join(f"<th>{inline_html(c)}</th>" for c in table.header)
    body = "".join(
        "<tr>" + "".join(f"<td>{inline_html(c)}</td>" for c in row) + "</tr>" for row in table.rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


_TOKEN = re.compile(
    r"\\(?P<escaped>[" + re.escape("".join(sorted(ESCAPABLE))) + r"])|(?P<mark>\*\*?)"
    r"|(?P<text>[^\\*]+|\\)"
)


def _tokens(text: str) -> list[tuple[str, str]]:
    """('text', s) and ('mark', '**' or '*') tokens; backslash escapes become text."""
    tokens: list[tuple[str, str]] = []
    buf: list[str] = []
    for match in _TOKEN.finditer(text):
        mark = match["mark"]
        if mark is None:
            buf.append(match["escaped"] or match["text"])
            continue
        if buf:
            tokens.append(("text", "".join(buf)))
            buf = []
        tokens.append(("mark", mark))
    if buf:
        tokens.append(("text", "".join(buf)))
    return tokens


def inline_html(text: str) -> str:
    """Escaped HTML of one Markdown inline run (strong and emphasis only); a short one is
    kept per process, as the same cells and labels recur."""
    return _inline_short(text) if len(text) <= SHORT else _inline_html(text)


@functools.lru_cache(maxsize=8192)
def _inline_short(text: str) -> str:
    return _inline_html(text)


def _inline_html(text: str) -> str:
    tokens = _tokens(text)
    pairs = _pair_marks(tokens)
    tags = {"**": "strong", "*": "em"}
    out = []
    for index, (kind, value) in enumerate(tokens):
        if kind == "text":
            out.append(html.escape(value, quote=False))
        elif index in pairs:
            out.append(f"<{'/' if pairs[index] else ''}{tags[value]}>")
        else:
            out.append(html.escape(value, quote=False))
    return "".join(out)


def _pair_marks(tokens: list[tuple[str, str]]) -> dict[int, bool]:
    """Token index -> True for a closing mark, False for an opening one (unpaired: absent)."""
    open_at: dict[str, int] = {}
    pairs: dict[int, bool] = {}
    for index, (kind, value) in enumerate(tokens):
        if kind != "mark":
            continue
        if value in open_at:
            pairs[open_at.pop(value)] = False
            pairs[index] = True
        else:
            open_at[value] = index
    return pairs


def _plain(text: str) -> str:
    return "".join(v for kind, v in _tokens(text) if kind == "text")


def _anchor(text: str, used: set[str]) -> str:
    base = re.sub(r"[^\w]+", "-", text.lower())[:60].strip("-") or "section"
    anchor, n = base, 2
    while anchor in used:
        anchor, n = f"{base}-{n}", n + 1
    used.add(anchor)
    return anchor
