"""Clean user text at the one boundary where it enters a Word document.

XML 1.0 forbids most C0 control characters; python-docx raises ``ValueError`` on them and
leaves an empty paragraph behind. Text pasted from Word or PDFs often carries them (vertical
tab for a soft line break, form feed for a page break); they are dropped here, as the
Markdown and HTML outputs drop them, so every format shows the same text.
"""

from __future__ import annotations

import re

_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
NOT_SHOWN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u2028\u2029]")
"""Characters no output format shows: C0 controls but tab and line ends, DEL, the Unicode
line and paragraph separators."""


def clean_text(value: object) -> str:
    """``value`` as a string that XML 1.0 accepts: control characters removed.

    Carriage returns become newlines; every XML-invalid character is dropped, as are lone
    surrogates and the non-characters U+FFFE and U+FFFF. Tabs and newlines are kept.
    """
    text = "" if value is None else str(value)
    return _INVALID.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def one_line(value: object) -> str:
    """``value`` on one line: characters no format shows dropped, then whitespace collapsed.

    The order matters: Python counts the separators U+001C-U+001F as whitespace, and a space
    the user never typed must not appear where one of them was.
    """
    return " ".join(NOT_SHOWN.sub("", "" if value is None else str(value)).split())
