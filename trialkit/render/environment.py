"""The jinja2 environments: Markdown (user text escaped) and the HTML wrapper (autoescaped).

Users' strings only ever reach a template as values; they are printed, never compiled, so
``{{ 7*7 }}`` in a title stays literal. In Markdown every printed string is escaped so that
it cannot open a heading, list, table cell, link or emphasis; the bracketed placeholders the
context creates are trusted and printed as they are.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Any

import jinja2

from trialkit.render.context import Placeholder, label, placeholder
from trialkit.render.templates import template_folders

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u2028\u2029]")
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~])")
_LINE_START = re.compile(r"^(\s*)([-+=]|\d+[.)])(?=\s|$)", re.MULTILINE)


def clean_text(value: str) -> str:
    """Text without control characters (tabs and newlines kept), newlines normalised."""
    text = value.replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub("", text)
    return unicodedata.normalize("NFC", text)


def md_escape(value: Any) -> str:
    """A value as literal Markdown text: specials backslash-escaped, control characters gone."""
    if value is None:
        return ""
    if isinstance(value, Placeholder):
        return str(value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    text = clean_text(str(value))
    text = _INLINE_SPECIAL.sub(r"\\\1", text)
    return _LINE_START.sub(_escape_marker, text)


def _escape_marker(match: re.Match[str]) -> str:
    indent, marker = match.group(1), match.group(2)
    if marker[0].isdigit():
        return f"{indent}{marker[:-1]}\\{marker[-1]}"
    return f"{indent}\\{marker}"


def inline(value: Any) -> Any:
    """Collapse whitespace so the value fits one table cell or list item (keeps placeholders)."""
    if value is None:
        return ""
    if isinstance(value, Placeholder):
        return value
    return " ".join(str(value).split())


def sentence(value: Any) -> Any:
    """The text ending in a full stop (unless it already ends in punctuation or is empty)."""
    if value is None or isinstance(value, Placeholder):
        return value if value is not None else ""
    text = str(value).rstrip()
    if not text or text[-1] in ".!?:;)]":
        return text
    return text + "."


def capitalize_first(value: Any) -> Any:
    """The text with its first letter in upper case (the rest unchanged)."""
    if not value or isinstance(value, Placeholder):
        return value
    text = str(value)
    return text[:1].upper() + text[1:]


def or_placeholder(value: Any, prompt: str) -> Any:
    """The value, or a bracketed prompt when it is empty."""
    if value is None or (isinstance(value, str | list | tuple | dict) and not value):
        return placeholder(prompt)
    if isinstance(value, str) and not value.strip():
        return placeholder(prompt)
    return value


def percent(value: float | None, digits: int = 1) -> str:
    """0.331 -> '33.1%'."""
    return "not known" if value is None else f"{100 * value:.{digits}f}%"


def markdown_environment(user_folder: str | Path | None = None) -> jinja2.Environment:
    """The environment that renders templates/protocol.md.j2 and its sections."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(p) for p in template_folders(user_folder)]),
        autoescape=False,
        undefined=jinja2.StrictUndefined,
        finalize=md_escape,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    _add_helpers(env)
    return env


def html_environment(user_folder: str | Path | None = None) -> jinja2.Environment:
    """The autoescaping environment of the HTML wrapper (templates/protocol.html.j2)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(p) for p in template_folders(user_folder)]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    _add_helpers(env)
    return env


def _add_helpers(env: jinja2.Environment) -> None:
    env.filters["inline"] = inline
    env.filters["sentence"] = sentence
    env.filters["capitalize_first"] = capitalize_first
    env.filters["ph"] = or_placeholder
    env.filters["label"] = label
    env.filters["percent"] = percent
    env.globals["placeholder"] = placeholder
