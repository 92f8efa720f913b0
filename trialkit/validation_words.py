"""Validation errors in words for people, for every file trialkit reads (designs, evidence):
what was typed and what is allowed, never pydantic's phrasing.

Works on pydantic's error dicts without importing pydantic, below the layers that validate
(the design and evidence layers each name the field their own way).
"""

from __future__ import annotations

from typing import Any


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
    typed and what is allowed. Validators of trialkit's own already speak in words (a field
    by its label), so their message is shown as it is, never re-parsed."""
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
        return "Is not a field here: check its spelling"
    if kind == "string_pattern_mismatch":
        return f"{_shown(typed)} is not in the expected form"
    if kind in _KINDS:
        return f"{_shown(typed)} {_KINDS[kind]}"
    message = str(error["msg"])  # a validator of our own: already in words
    for prefix in ("Value error, ", "Assertion failed, "):
        message = message.removeprefix(prefix)
    if message.startswith(("Input should", "Value should")):
        return f"{_shown(typed)} is not allowed here"
    return message
