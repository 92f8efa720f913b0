"""User and evidence text as the TUI shows it: literally, never as Textual markup.

Textual reads a plain ``str`` given to a Static, Label, Option, Select, SelectionList,
DataTable cell or notification as content markup: ``Anakinra [/]`` crashes the app and
``[@click=app.quit]X[/]`` becomes a live action link. Every piece of text that comes from a
design, an evidence file or the file system goes through :func:`literal` (or
:func:`literal_text` where a Rich renderable is needed) before a widget sees it. Control
characters, which would drive the terminal itself, are shown as visible symbols.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from rich.text import Text
from textual.content import Content

if TYPE_CHECKING:
    from textual.widgets import Static

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _picture(match: re.Match[str]) -> str:
    """The Unicode control picture of a C0 control or DEL (U+2400 block); C1 as U+FFFD."""
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)
    return "\u2421" if code == 0x7F else "\ufffd"


def visible(text: object) -> str:
    """The text with control characters (but tab and newline) made visible."""
    return _CONTROL.sub(_picture, "" if text is None else str(text))


def literal(text: object) -> Content:
    """Text shown exactly as written: no markup, no actions, control characters visible."""
    return Content(visible(text))


def literal_text(text: object, **options: object) -> Text:
    """:func:`literal` as a Rich Text (for DataTable cells and column labels)."""
    return Text(visible(text), **options)  # type: ignore[arg-type]


def rewrite(box: Static, text: str) -> None:
    """Show ``text`` literally in ``box``, with a new layout only when its height may change.

    A layout rearranges every widget of the screen (tens of milliseconds in the editor); a
    text that keeps its number of wrapped lines at the box's current width needs none. A box
    not laid out yet (width 0) gets one, and is measured once it has its width.
    """
    shape = _shape(box, text)
    relayout = not shape[0] or shape != getattr(box, "_shape", None)
    box._shape = shape  # type: ignore[attr-defined]
    box.update(literal(text), layout=relayout)
    if not shape[0]:
        box.call_after_refresh(_measured, box, text)


def _shape(box: Static, text: str) -> tuple[int, int]:
    """The box's width and the number of lines ``text`` wraps to in it."""
    width = box.content_size.width
    return width, len(Text(visible(text)).wrap(box.app.console, width)) if text and width else 0


def _measured(box: Static, text: str) -> None:
    """Remember the shape of a text first shown before its box had a width."""
    if getattr(box, "_shape", (1, 0))[0] == 0:
        box._shape = _shape(box, text)  # type: ignore[attr-defined]
