"""The jinja2 environments: Markdown (user text escaped) and the HTML wrapper (autoescaped).

Users' strings only ever reach a template as values; they are printed, never compiled, so
``{{ 7*7 }}`` in a title stays literal. In Markdown every printed string is escaped (the
environment's ``finalize``, the one boundary where user text enters Markdown) so that it
cannot open a heading (ATX or a setext ``===``/``---`` underline), list, quote, code block,
table cell, HTML tag or entity, link, image or emphasis. A bracketed placeholder keeps its
brackets (the Word writer highlights it) but the prompt inside is escaped too, because
prompts name ids and values the user typed.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from trialkit.render.context import Placeholder, label, placeholder
from trialkit.render.sanitize import NOT_SHOWN, one_line
from trialkit.render.templates import template_folders

_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~]|&(?=#?\w+;))")
# Markers that change structure at the start of a line: list bullets and numbers, and runs
# of ``-`` or ``=`` (a setext underline turns the line above into a heading).
_LINE_START = re.compile(r"^([-+]|-+|=+|\d+[.)])(?=[ \t]|$)", re.MULTILINE)
# Leading blanks: four of them (or a tab) start a code block, where escapes show literally.
_INDENT = re.compile(r"^[ \t]+", re.MULTILINE)
_BREAKS = re.compile(r"[\t\n]")
_CSS_SAFE = frozenset(" .,-_:/'()+")


def clean_text(value: str) -> str:
    """Text without control characters (tabs and newlines kept), newlines normalised."""
    text = value.replace("\r\n", "\n").replace("\r", "\n")
    text = NOT_SHOWN.sub("", text)
    return unicodedata.normalize("NFC", text)


def md_escape(value: Any) -> str:
    """A value as literal Markdown text: specials backslash-escaped, control characters gone."""
    if value is None:
        return ""
    if isinstance(value, Placeholder):
        return f"[{_escape_text(str(value)[1:-1])}]"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return _escape_text(str(value))


_POWER_OF_TEN = re.compile(r"(?<![\w.^])10\^(-?\d{1,3})(?=\s*/)")
_TIMES = re.compile(r"(?<=\d) ?[x*] ?(?=10\^-?\d{1,3}\s*/)")
_SUPERSCRIPT = str.maketrans(
    "-0123456789", "\u207b\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079"
)


def typeset_units(value: str) -> str:
    """Powers of ten in a unit typeset: '1.5 x 10^9/L' -> '1.5 \u00d7 10\u2079/L' (before a '/')."""
    value = _TIMES.sub(" \u00d7 ", value)
    return _POWER_OF_TEN.sub(lambda m: "10" + m[1].translate(_SUPERSCRIPT), value)


def _escape_text(value: str) -> str:
    """``value`` escaped; a short one is kept per process (a protocol prints the same labels,
    numbers and prompts many times, and the terminal UI renders the design on each edit)."""
    return _escape_short(value) if len(value) <= SHORT else _escape(value)


SHORT = 300
"""Texts up to this long are kept once escaped (a few megabytes at most)."""


@functools.lru_cache(maxsize=8192)
def _escape_short(value: str) -> str:
    return _escape(value)


def _escape(value: str) -> str:
    text = _INDENT.sub("", typeset_units(clean_text(value)))
    text = _INLINE_SPECIAL.sub(r"\\\1", text)
    return _LINE_START.sub(_escape_marker, text)


def _escape_marker(match: re.Match[str]) -> str:
    marker = match.group(1)
    if marker[0].isdigit():
        return f"{marker[:-1]}\\{marker[-1]}"
    return f"\\{marker}"


def inline(value: Any) -> Any:
    """Collapse whitespace so the value fits one table cell or list item (keeps placeholders)."""
    if value is None:
        return ""
    if isinstance(value, Placeholder):
        return value
    return one_line(value)


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


def css_string(value: Any) -> Markup:
    """The value as a quoted CSS string, safe inside a ``<style>`` element.

    Every character but letters, digits and a few harmless marks is hex-escaped, so no
    quote, newline, brace or ``</style>`` can end the string; each escape ends in the one
    space CSS consumes after it, so the spaces of the text survive.
    """
    text = clean_text(_BREAKS.sub(" ", "" if value is None else str(value)))
    body = "".join(ch if ch.isalnum() or ch in _CSS_SAFE else f"\\{ord(ch):x} " for ch in text)
    return Markup(f'"{body}"')


def percent(value: float | None, digits: int = 1) -> str:
    """0.331 -> '33.1%'."""
    return "not known" if value is None else f"{100 * value:.{digits}f}%"


def markdown_environment(user_folder: str | Path | None = None) -> jinja2.Environment:
    """The environment that renders templates/protocol.md.j2 and its sections (one per folder
    and process, see ``_shared``)."""
    return _shared("md", _folder_key(user_folder))


def html_environment(user_folder: str | Path | None = None) -> jinja2.Environment:
    """The autoescaping environment of the HTML wrapper (templates/protocol.html.j2)."""
    return _shared("html", _folder_key(user_folder))


def _folder_key(user_folder: str | Path | None) -> str | None:
    return str(Path(user_folder).resolve()) if user_folder else None


@functools.lru_cache(maxsize=16)
def _shared(kind: str, user_folder: str | None) -> jinja2.Environment:
    """One environment per kind and template folder in a process, so each template is parsed
    and compiled once (compiling the protocol's templates cost more than rendering them).
    Jinja's loader still checks each file's modification time, so an edited template in the
    user's folder is compiled again."""
    if kind == "md":
        return _environment(
            user_folder, autoescape=False, finalize=md_escape, keep_trailing_newline=True
        )
    env = _environment(user_folder, autoescape=True)
    env.filters["css_string"] = css_string
    return env


def _environment(user_folder: str | Path | None, **options: Any) -> jinja2.Environment:
    """A strict environment over the template folders, with the protocol's filters."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(p) for p in template_folders(user_folder)]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        **options,
    )
    env.filters["inline"] = inline
    env.filters["sentence"] = sentence
    env.filters["capitalize_first"] = capitalize_first
    env.filters["ph"] = or_placeholder
    env.filters["label"] = label
    env.filters["percent"] = percent
    env.globals["placeholder"] = placeholder
    return env
