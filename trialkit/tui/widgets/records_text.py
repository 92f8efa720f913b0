"""Small records and mappings as text, and coded values in words: the text a form shows for
them and reads back ("event | strategy | rationale", "abbreviation = meaning")."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel

from trialkit.design.value_words import value_words
from trialkit.tui.paths import literal_choices


def humanise(value: str) -> str:
    """'placebo_comparator' -> 'Placebo comparator'."""
    text = value.replace("_", " ")
    return text[:1].upper() + text[1:]


def as_text(value: Any) -> str:
    """A value as the text a field shows (4.0 as "4", a list comma-separated, a date ISO)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _choice_words(model: type[BaseModel]) -> dict[str, dict[str, str]]:
    """For each field with a fixed set of values: its words ('treatment policy') -> value."""
    words = {}
    for name, info in model.model_fields.items():
        choices = literal_choices(info.annotation)
        if choices:
            words[name] = {value_words(c): c for c in choices}
    return words


def records_text(records: Any, model: type[BaseModel]) -> str:
    """A list of small records as text: one per line, fields in model order, split by " | "."""
    names = list(model.model_fields)
    shown = {name: {v: w for w, v in words.items()}
             for name, words in _choice_words(model).items()}
    lines = []
    for record in records or []:
        cells = [shown.get(name, {}).get(as_text(getattr(record, name)),
                                          as_text(getattr(record, name))) for name in names]
        while cells and not cells[-1]:
            cells.pop()
        lines.append(" | ".join(cells))
    return "\n".join(lines)


def records_hint(model: type[BaseModel]) -> str:
    """What a records field expects, e.g. "one per line: event | strategy | rationale"."""
    hint = "one per line: " + " | ".join(humanise(n).lower() for n in model.model_fields)
    for name, words in _choice_words(model).items():
        hint += f"; {humanise(name).lower()} one of {', '.join(words)}"
    return hint


def mapping_text(mapping: dict[str, str] | None) -> str:
    """A small mapping as text, one "key = value" per line (the user's abbreviations)."""
    return "\n".join(f"{key} = {value}" for key, value in (mapping or {}).items())


def parse_mapping(text: str) -> dict[str, str]:
    """The inverse of mapping_text; a line without "=" is a key with an empty value."""
    pairs = (line.split("=", 1) for line in text.splitlines() if line.strip())
    return {p[0].strip(): (p[1].strip() if len(p) > 1 else "") for p in pairs}


NONE_WORDS = frozenset({"none", "none planned", "no", "nil", "n/a", "not applicable"})
"""What an investigator types for an empty list ('None planned'): no records, not one record."""


def parse_records(text: str, model: type[BaseModel]) -> list[dict[str, str | None]]:
    """The inverse of records_text; the model validates each record when it is assigned.
    Blank, or only one of NONE_WORDS (any case, a full stop after it), is no records."""
    if " ".join(text.lower().split()).rstrip(".") in NONE_WORDS:
        return []
    names = list(model.model_fields)
    words = _choice_words(model)
    records = []
    for line in text.splitlines():
        if not line.strip():
            continue
        cells = [c.strip() or None for c in line.split("|", len(names) - 1)]
        record = dict(zip(names, cells, strict=False))
        for name, choices in words.items():
            typed = record.get(name)
            if typed:  # 'Treatment policy', 'treatment-policy' or 'treatment_policy'
                key = " ".join(typed.lower().replace("_", " ").replace("-", " ").split())
                record[name] = choices.get(key, typed)
        records.append(record)
    return records
