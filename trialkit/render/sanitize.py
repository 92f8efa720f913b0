"""Clean user text at the one boundary where it enters a Word document.

XML 1.0 forbids most C0 control characters; python-docx raises ``ValueError`` on them and
leaves an empty paragraph behind. Text pasted from Word or PDFs often carries them (vertical
tab for a soft line break, form feed for a page break), so they are dropped or mapped here.
"""

from __future__ import annotations

import re

_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_BREAKS = str.maketrans({"\x0b": "\n", "\x0c": "\n", "\r": "\n"})


def clean_text(value: object) -> str:
    """``value`` as a string that XML 1.0 accepts: control characters removed.

    A vertical tab or form feed (a soft line or page break in Word) becomes a newline,
    carriage returns become newlines; every other XML-invalid character is dropped, as are
    lone surrogates and the non-characters U+FFFE and U+FFFF.
    """
    text = "" if value is None else str(value)
    text = text.replace("\r\n", "\n").translate(_BREAKS)
    return _INVALID.sub("", text)
