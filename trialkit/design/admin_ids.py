"""The form of the identifiers an investigator types on the title page, checked where typed.

The EU CT number is the one the Clinical Trials Information System (CTIS) assigns under the EU
Clinical Trials Regulation (Regulation (EU) No 536/2014): the year, a six-digit number starting
with 5, then two pairs of digits, e.g. 2023-501234-12-00. Before it is assigned the field holds
a statement instead ("not yet assigned", "not run in the EU"), which is kept as typed.
"""

from __future__ import annotations

import re
from typing import Final

EU_CT_FORM: Final = "YYYY-5NNNNN-NN-NN, e.g. 2023-501234-12-00"
"""The EU CT number's form as the user reads it."""

_EU_CT: Final = re.compile(r"(?:19|20)\d{2}-5\d{5}-\d{2}-\d{2}")
_NUMBER_LIKE: Final = re.compile(r"[\w-]*\d[\w-]*")
_WORDS: Final = re.compile(r"[A-Za-z]{3,}")


def eu_ct_problem(text: str | None) -> str | None:
    """Why ``text`` is not an EU CT number nor a statement in words (None when it is fine).

    Every number-like token typed must be a whole EU CT number; a short number (a year) may
    stand in a sentence ("not assigned before 2026"), never on its own or glued to letters
    ('EU123')."""
    if not text or not text.strip():
        return None
    words = _WORDS.findall(_EU_CT.sub("", text))
    for token in _NUMBER_LIKE.findall(text):
        token = token.strip("-")
        if _EU_CT.fullmatch(token) or (token.isdigit() and len(token) <= 4 and words):
            continue
        return (f"'{token}' is not an EU CT number: type it as {EU_CT_FORM} (the number CTIS "
                "assigns), or say in words why there is none, e.g. 'not yet assigned'")
    return None
