"""Text for a terminal: control characters from records and designs shown, never obeyed.

An evidence file or a design can hold escape sequences (``ESC [ 2 J`` clears the screen,
others retitle the window or rewrite what was printed before) and bidirectional overrides
that make printed text read differently from what it is. Everything the CLI prints from such
files goes through :func:`printable` (or :func:`printable_json`), which replaces those
characters by visible escapes.
"""

from __future__ import annotations

import re

_TEXT_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_JSON_CONTROLS = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """The text with control and direction-override characters as ``\\x1b``-style escapes.

    Newlines and tabs are kept; they lay out what the CLI prints.
    """
    return _TEXT_CONTROLS.sub(_escape, text)


def printable_json(text: str) -> str:
    """JSON text (from ``json.dumps``) with the controls it leaves raw as ``\\u`` escapes.

    ``json.dumps`` already escapes U+0000 to U+001F; DEL, the C1 controls and the direction
    overrides pass through with ``ensure_ascii=False``. They can only occur inside strings,
    where ``\\uXXXX`` means the same character, so the JSON still reads back identically.
    """
    return _JSON_CONTROLS.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
