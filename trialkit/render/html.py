"""The protocol as one standalone HTML file with a print stylesheet.

The Markdown the templates produce uses a small subset: ATX headings, paragraphs, bullet and
numbered lists, pipe tables, ``**strong**``, ``*emphasis*`` and backslash escapes. This module
converts exactly that subset, escaping every piece of text, so no user string can become
markup; the wrapper template (templates/protocol.html.j2) is autoescaped as well.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

from markupsafe import Markup

from trialkit.design.model import Trial
from trialkit.render.context import build_context
from trialkit.render.environment import html_environment
from trialkit.render.markdown import render_markdown

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_BULLET = re.compile(r"^\s*[-*]\s+(.*)$")
_NUMBERED = re.compile(r"^\s*\d+[.)]\s+(.*)$")
_TABLE_RULE = re.compile(r"^\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$")
_ESCAPABLE = set("\\`*_{}[]()#+-.!|<>~=")


def render_html(
    trial: Trial,
    *,
    templates: str | Path | None = None,
    context: dict[str, Any] | None = None,
) -> str:
    """The protocol as a standalone HTML document."""
    ctx = context if context is not None else build_context(trial, templates=templates)
    body = markdown_to_html(render_markdown(trial, templates=templates, context=ctx))
    page = html_environment(templates).get_template("protocol.html.j2")
    return page.render({**ctx, "body": Markup(body)})


def markdown_to_html(text: str) -> str:
    """HTML for the Markdown subset the protocol templates produce (all text escaped)."""
    out: list[str] = []
    lines = text.split("\n")
    i = 0
    used_ids: set[str] = set()
    while i < len(lines):
        line = lines[i]
        if not line.strip():
            i += 1
            continue
        heading = _HEADING.match(line)
        if heading:
            level = len(heading.group(1))
            content = heading.group(2)
            anchor = _anchor(_plain(content), used_ids)
            out.append(f'<h{level} id="{anchor}">{inline_html(content)}</h{level}>')
            i += 1
        elif line.lstrip().startswith("|") and i + 1 < len(lines) and _TABLE_RULE.match(
            lines[i + 1].strip()
        ):
            i = _table(lines, i, out)
        elif _BULLET.match(line) or _NUMBERED.match(line):
            i = _list(lines, i, out)
        elif line.strip() in ("---", "***"):
            out.append("<hr>")
            i += 1
        else:
            i = _paragraph(lines, i, out)
    return "\n".join(out) + "\n"


def _paragraph(lines: list[str], i: int, out: list[str]) -> int:
    chunk: list[str] = []
    while i < len(lines) and lines[i].strip() and not _starts_block(lines, i):
        chunk.append(lines[i].strip())
        i += 1
    if not chunk:
        chunk.append(lines[i].strip())
        i += 1
    out.append(f"<p>{inline_html(' '.join(chunk))}</p>")
    return i


def _starts_block(lines: list[str], i: int) -> bool:
    line = lines[i]
    if _HEADING.match(line) or _BULLET.match(line) or _NUMBERED.match(line):
        return True
    return line.lstrip().startswith("|") and i + 1 < len(lines) and bool(
        _TABLE_RULE.match(lines[i + 1].strip())
    )


def _list(lines: list[str], i: int, out: list[str]) -> int:
    ordered = bool(_NUMBERED.match(lines[i])) and not _BULLET.match(lines[i])
    pattern = _NUMBERED if ordered else _BULLET
    tag = "ol" if ordered else "ul"
    items: list[str] = []
    while i < len(lines):
        match = pattern.match(lines[i])
        if match:
            items.append(match.group(1).strip())
        elif lines[i].startswith("  ") and lines[i].strip() and items:
            items[-1] += " " + lines[i].strip()
        else:
            break
        i += 1
    body = "".join(f"<li>{inline_html(item)}</li>" for item in items)
    out.append(f"<{tag}>{body}</{tag}>")
    return i


def _table(lines: list[str], i: int, out: list[str]) -> int:
    header = _cells(lines[i])
    i += 2
    rows: list[list[str]] = []
    while i < len(lines) and lines[i].lstrip().startswith("|"):
        rows.append(_cells(lines[i]))
        i += 1
    head = "".join(f"<th>{inline_html(c)}</th>" for c in header)
    body = "".join(
        "<tr>" + "".join(f"<td>{inline_html(c)}</td>" for c in row) + "</tr>" for row in rows
    )
    out.append(f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")
    return i


def _cells(line: str) -> list[str]:
    """Split a table row on unescaped pipes."""
    text = line.strip()
    if text.startswith("|"):
        text = text[1:]
    cells, current, k = [], "", 0
    while k < len(text):
        ch = text[k]
        if ch == "\\" and k + 1 < len(text):
            current += text[k : k + 2]
            k += 2
            continue
        if ch == "|":
            cells.append(current.strip())
            current = ""
        else:
            current += ch
        k += 1
    if current.strip():
        cells.append(current.strip())
    return cells


def _tokens(text: str) -> list[tuple[str, str]]:
    """('text', s) and ('mark', '**' or '*') tokens; backslash escapes become text."""
    tokens: list[tuple[str, str]] = []
    buf = ""
    k = 0
    while k < len(text):
        ch = text[k]
        if ch == "\\" and k + 1 < len(text) and text[k + 1] in _ESCAPABLE:
            buf += text[k + 1]
            k += 2
            continue
        if ch == "*":
            mark = "**" if text.startswith("**", k) else "*"
            if buf:
                tokens.append(("text", buf))
                buf = ""
            tokens.append(("mark", mark))
            k += len(mark)
            continue
        buf += ch
        k += 1
    if buf:
        tokens.append(("text", buf))
    return tokens


def inline_html(text: str) -> str:
    """Escaped HTML of one Markdown inline run (strong and emphasis only)."""
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
