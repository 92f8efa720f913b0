"""Design fields and their validation errors in words for people (never pydantic's phrasing).

One place for the words: ``trialkit check`` and the loader say a field as "Population, minimum
age" and an error as "'abc' is not a number"; the terminal UI uses the same error words.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

FIELD_WORDS: dict[str, str] = {
    "age_min": "minimum age", "age_max": "maximum age", "sd": "SD", "cv": "CV", "icc": "ICC",
    "n": "participants", "n_per_arm": "participants per arm", "p0": "null rate",
    "p1": "expected rate", "p2": "control rate", "id": "identifier", "url": "web address",
    "title_page": "title page", "registry_ids": "registry identifiers",
    "spirit": "SPIRIT", "dsmb": "data monitoring committee", "sae": "serious adverse events",
    "ae": "adverse events", "usdm": "USDM", "ich": "ICH", "eu_ct": "EU CT number",
}
"""Field names whose words are not the name with spaces."""


def field_words(name: str) -> str:
    """One field name in words: 'age_min' -> 'minimum age', 'target_enrolment' -> 'target
    enrolment'."""
    return FIELD_WORDS.get(name, name.replace("_", " "))


def where(loc: Sequence[str | int] | str) -> str:
    """A field by its section and label: 'Population, minimum age'; 'Objective 2, endpoint 3';
    'Sample size, parameters, SD'. ``loc`` is pydantic's location or a dotted path."""
    if isinstance(loc, str) and "|" in loc:  # either of two fields
        return " or ".join(where(one) for one in loc.split("|"))
    parts: list[str | int] = list(loc.split(".") if isinstance(loc, str) else loc)
    parts = [int(p) if isinstance(p, str) and p.isdigit() else p for p in parts]
    if parts[:2] == ["sample_size", "parameters"] and len(parts) > 2:
        return f"Sample size, {parameter_words(str(parts[2]))}"
    words: list[str] = []
    for i, part in enumerate(parts):
        if isinstance(part, int):
            if words:
                owner = words.pop()
                one = owner[:-1] if owner.endswith("s") and not owner.endswith("ss") else owner
                words.append(f"{one} {part + 1}")
            continue
        words.append(field_words(part))
        if i == 0 and words:
            words[-1] = words[-1][:1].upper() + words[-1][1:]
    return ", ".join(words) if words else "the design as a whole"


def parameter_words(name: str, procedure: str | None = None) -> str:
    """A sample-size input by the power catalogue's label, as in a sentence: 'SD', 'difference'."""
    from trialkit.power import catalogue

    label = catalogue.label(procedure, name)
    return label if label[1:2].isupper() else label[:1].lower() + label[1:]


def in_parameter_words(text: str, names: Sequence[str], procedure: str | None = None) -> str:
    """``text`` with each of the keywords ``names`` said by its label ('p2' -> 'control rate')."""
    from trialkit.power._text import rename

    return rename(text, names, lambda name: parameter_words(name, procedure))


def _shown(value: Any) -> str:
    text = str(value)
    return f"'{text[:40]}…'" if len(text) > 40 else f"'{text}'"


def _number(value: Any) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


_BOUNDS = {"greater_than_equal": ("at least", "ge"), "greater_than": ("more than", "gt"),
           "less_than_equal": ("at most", "le"), "less_than": ("less than", "lt")}

_KINDS = {
    "string_type": "is not text: write it as text",
    "list_type": "is not a list: give one item per line, each starting with '- '",
    "dict_type": "is not a set of fields: give them as 'name: value' lines indented below",
    "model_type": "is not a set of fields: give them as 'name: value' lines indented below",
    "model_attributes_type": "is not a set of fields: give them as 'name: value' lines "
                             "indented below",
    "finite_number": "is not a finite number",
    "enum": "is not one of the choices",
    "union_tag_invalid": "is not one of the choices",
    "url_parsing": "is not a web address",
    "url_scheme": "is not a web address (start it with https://)",
}
"""Error kinds whose words need only the value typed before them."""


def plain_error(error: Any) -> str:
    """One pydantic error (its dict: type, input, ctx, msg) in the user's words: what was
    typed and what is allowed. Validators of trialkit's own already speak in words."""
    kind, ctx, typed = error["type"], error.get("ctx") or {}, error.get("input")
    if kind in ("float_parsing", "float_type", "decimal_parsing", "decimal_type"):
        return f"{_shown(typed)} is not a number: type a number such as 12.5"
    if kind in ("int_parsing", "int_type", "int_from_float", "int_parsing_size"):
        return f"{_shown(typed)} is not a whole number: type one such as 12"
    if kind.startswith(("date", "datetime", "time")):
        return f"{_shown(typed)} is not a date: type it as YYYY-MM-DD, e.g. 2026-03-31"
    if kind.startswith("bool"):
        return f"{_shown(typed)} is not a choice here: choose yes or no"
    if kind in _BOUNDS:
        bound, key = _BOUNDS[kind]
        return f"Must be {bound} {_number(ctx[key])} (now {_number(typed)})"
    if kind == "literal_error":
        return f"{_shown(typed)} is not one of the choices: {ctx.get('expected', '')}"
    if kind == "string_too_short":
        return "Cannot be left empty" if ctx.get("min_length") == 1 else \
            f"Needs at least {ctx.get('min_length')} characters"
    if kind == "string_too_long":
        return f"Must be at most {ctx.get('max_length')} characters"
    if kind == "too_short":
        return f"Needs at least {ctx.get('min_length')} items"
    if kind == "too_long":
        return f"Must have at most {ctx.get('max_length')} items"
    if kind == "missing":
        return "Must be given"
    if kind == "extra_forbidden":
        return "Is not a field a design file holds: check its spelling (trialkit schema lists them)"
    if kind == "string_pattern_mismatch":
        return f"{_shown(typed)} is not in the expected form"
    if kind in _KINDS:
        return f"{_shown(typed)} {_KINDS[kind]}"
    message = str(error["msg"])  # a validator of our own: already in words
    for prefix in ("Value error, ", "Assertion failed, "):
        message = message.removeprefix(prefix)
    if message.startswith(("Input should", "Value should")):
        return f"{_shown(typed)} is not allowed here"
    return _SNAKE.sub(lambda m: field_words(m.group(0)), message)


_SNAKE = re.compile(r"(?<![\w'-])[a-z][a-z0-9]*_[a-z0-9_]+\b")
"""A field name a validator's message may quote (age_min), said in words instead."""
