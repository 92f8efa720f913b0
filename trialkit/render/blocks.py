"""Read the rendered protocol Markdown back into blocks and styled spans (for Word and HTML).

The Markdown comes from the same templates as the .md and .html outputs, so every format
shows the same sections. Only what those templates emit is understood: ATX headings,
paragraphs, ``-`` and ``1.`` lists (two-space nesting), pipe tables, ``**bold**``, and
the templates' layout markers (``<!-- trialkit:figure power-curve -->`` on a line of its
own), which tell the Word writer where its figures and special tables go.
Users' text arrives backslash-escaped, so an unescaped ``[...]`` is either a reference
number (``[3]``) or a bracketed placeholder prompt, which Word shows highlighted; the
prompt's own text is escaped as well and is un-escaped here, so Word shows what was typed.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*$")
_BULLET = re.compile(r"^( *)[-*+]\s+(.*)$")
_NUMBERED = re.compile(r"^( *)(\d+)[.)]\s+(.*)$")
_TABLE_RULE = re.compile(r"^\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$")
_REFERENCE = re.compile(r"^\d+(\s*[,\u2013-]\s*\d+)*$")
MARKER = re.compile(r"^<!--\s*trialkit:(?P<kind>[a-z]+)\s+(?P<name>[a-z0-9-]+)\s*-->[ \t]*$",
                    re.MULTILINE)
"""A layout marker line. User text cannot forge one: it reaches Markdown with ``<`` escaped."""
ESCAPABLE = frozenset(string.punctuation)
"""Characters a backslash escapes: all ASCII punctuation, as in CommonMark."""
_ESCAPED = re.compile("\\\\([" + re.escape(string.punctuation) + "])")


@dataclass(frozen=True)
class Heading:
    """A heading; level 1 is the document title, 2 a numbered section, 3 a subsection."""

    level: int
    text: str


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of inline Markdown."""

    text: str


@dataclass(frozen=True)
class ListItem:
    """One list item: bullet or numbered (with its number), at a nesting depth from 0."""

    text: str
    ordered: bool
    depth: int
    number: int = 0


@dataclass(frozen=True)
class Table:
    """A pipe table: header cells, body rows and per-column alignment (left/center/right)."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    align: tuple[str, ...]


@dataclass(frozen=True)
class Marker:
    """A layout marker: ``figure <name>``, or ``begin``/``end <name>`` around a region."""

    kind: str
    name: str


Block = Heading | Paragraph | ListItem | Table | Marker


@dataclass(frozen=True)
class Span:
    """A run of text with its emphasis; ``placeholder`` marks a bracketed prompt."""

    text: str
    bold: bool = False
    italic: bool = False
    placeholder: bool = False


def parse_blocks(markdown: str) -> list[Block]:
    """Split protocol Markdown into headings, paragraphs, list items, tables and markers."""
    lines = markdown.replace("\r\n", "\n").split("\n")
    blocks: list[Block] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if not line.strip():
            i += 1
            continue
        heading = _HEADING.match(line)
        marker = MARKER.match(line)
        if marker:
            blocks.append(Marker(marker["kind"], marker["name"]))
            i += 1
        elif heading:
            blocks.append(Heading(len(heading.group(1)), heading.group(2)))
            i += 1
        elif _is_table_start(lines, i):
            i = _table(lines, i, blocks)
        elif _BULLET.match(line) or _NUMBERED.match(line):
            i = _list(lines, i, blocks)
        else:
            i = _paragraph(lines, i, blocks)
    return blocks


def _is_table_start(lines: list[str], i: int) -> bool:
    return (
        lines[i].lstrip().startswith("|")
        and i + 1 < len(lines)
        and bool(_TABLE_RULE.match(lines[i + 1].strip()))
    )


def _starts_block(line: str) -> bool:
    return bool(
        not line.strip()
        or _HEADING.match(line)
        or _BULLET.match(line)
        or _NUMBERED.match(line)
        or line.lstrip().startswith("|")
        or MARKER.match(line)
    )


def _paragraph(lines: list[str], i: int, blocks: list[Block]) -> int:
    parts = [lines[i].strip()]
    i += 1
    while i < len(lines) and not _starts_block(lines[i]):
        parts.append(lines[i].strip())
        i += 1
    blocks.append(Paragraph(" ".join(parts)))
    return i


def _list(lines: list[str], i: int, blocks: list[Block]) -> int:
    counters: dict[int, int] = {}
    while i < len(lines):
        bullet, numbered = _BULLET.match(lines[i]), _NUMBERED.match(lines[i])
        if not (bullet or numbered):
            break
        indent = len((bullet or numbered).group(1))  # type: ignore[union-attr]
        depth = indent // 2
        for deeper in [d for d in counters if d > depth]:
            del counters[deeper]
        parts = [bullet.group(2) if bullet else numbered.group(3)]  # type: ignore[union-attr]
        i += 1
        while i < len(lines) and lines[i].startswith(" ") and not _starts_block(lines[i]):
            parts.append(lines[i].strip())
            i += 1
        text = " ".join(p.strip() for p in parts)
        if numbered:
            number = counters.get(depth, int(numbered.group(2)) - 1) + 1
            counters[depth] = number
            blocks.append(ListItem(text, True, depth, number))
        else:
            counters.pop(depth, None)
            blocks.append(ListItem(text, False, depth))
    return i


def _table(lines: list[str], i: int, blocks: list[Block]) -> int:
    header = split_cells(lines[i])
    align = tuple(_alignment(cell) for cell in split_cells(lines[i + 1]))
    i += 2
    rows: list[tuple[str, ...]] = []
    while i < len(lines) and lines[i].lstrip().startswith("|"):
        cells = split_cells(lines[i])
        cells += [""] * (len(header) - len(cells))
        rows.append(tuple(cells[: len(header)]))
        i += 1
    align += ("left",) * (len(header) - len(align))
    blocks.append(Table(tuple(header), tuple(rows), align[: len(header)]))
    return i


def _alignment(rule: str) -> str:
    rule = rule.strip()
    if rule.startswith(":") and rule.endswith(":"):
        return "center"
    return "right" if rule.endswith(":") else "left"


_CELL = re.compile(r"(?:\\.|[^\\|]|\\\Z)*", re.DOTALL)
"""A cell's text: up to the next ``|`` that no backslash escapes."""


def split_cells(line: str) -> list[str]:
    """The cells of a pipe-table row, splitting on unescaped ``|`` only."""
    text = line.strip()
    if text.startswith("|"):
        text = text[1:]
    cells: list[str] = []
    start = 0
    while True:
        cell = _CELL.match(text, start)
        assert cell is not None  # the pattern matches the empty string
        if cell.end() == len(text):
            tail = cell.group().strip()
            if tail or not text.endswith("|"):
                cells.append(tail)
            return cells
        cells.append(cell.group().strip())
        start = cell.end() + 1


def parse_inline(text: str) -> list[Span]:
    """Styled spans of one block's inline Markdown (escapes, bold, italic, placeholders)."""
    spans: list[Span] = []
    buffer: list[str] = []
    bold = italic = False

    def flush() -> None:
        if buffer:
            spans.append(Span("".join(buffer), bold, italic))
            buffer.clear()

    i = 0
    while i < len(text):
        char = text[i]
        if char == "\\" and i + 1 < len(text) and text[i + 1] in ESCAPABLE:
            buffer.append(text[i + 1])
            i += 2
        elif text.startswith("**", i):
            flush()
            bold = not bold
            i += 2
        elif char == "*":
            flush()
            italic = not italic
            i += 1
        elif char == "[":
            end = _closing_bracket(text, i)
            if end < 0:
                buffer.append(char)
                i += 1
                continue
            inner = text[i + 1 : end]
            if _REFERENCE.match(inner.strip()):
                buffer.append(f"[{inner}]")
            else:
                flush()
                spans.append(Span(f"[{unescape(inner)}]", bold, True, placeholder=True))
            i = end + 1
        else:  # plain text up to the next character that may start markup
            special = _SPECIAL.search(text, i + 1)
            stop = special.start() if special else len(text)
            buffer.append(text[i:stop])
            i = stop
    flush()
    return [s for s in spans if s.text]


_SPECIAL = re.compile(r"[\\*\[]")


def unescape(text: str) -> str:
    """The text with its backslash escapes resolved (``\\*`` -> ``*``)."""
    return _ESCAPED.sub(r"\1", text)


def _closing_bracket(text: str, start: int) -> int:
    depth = 0
    i = start
    while i < len(text):
        char = text[i]
        if char == "\\":
            i += 2
            continue
        if char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return -1


def plain_text(text: str) -> str:
    """The text of inline Markdown without markup (for widths, tests and captions)."""
    return "".join(span.text for span in parse_inline(text))
