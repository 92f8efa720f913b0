"""Saving over a design file the user wrote: keep its comments, key order and scalar styles.

The bounded reader (``trialkit.yamlfile``) stays the only reader of designs. This module only
writes: it loads the text the file held when it was opened with ruamel.yaml's round-trip
loader (which keeps comments, order, quoting and block styles), merges the design's current
values into that document, and checks that the result reads back as exactly the design. When
it does not (an anchor shared by two fields that now differ, say) the caller writes the plain
dump instead: a comment is worth keeping, never at the price of a wrong value.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
from io import StringIO
from typing import Any

import yaml
from yaml.nodes import ScalarNode

from trialkit.design.model import Trial
from trialkit.errors import DesignError
from trialkit.yamlfile import needs_escapes


def dump_keeping_layout(trial: Trial, original: str) -> str | None:
    """``trial`` as YAML laid out like ``original`` (None when that cannot be done faithfully)."""
    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap
    from ruamel.yaml.error import YAMLError

    from trialkit.design.io import parse_trial, trial_data

    crlf, bom = "\r\n" in original, original.startswith("\ufeff")
    original = original.removeprefix("\ufeff").replace("\r\n", "\n")
    try:
        document, indent, offset = _read(original)
    except (YAMLError, ValueError):
        return None
    if not isinstance(document, CommentedMap):
        return None
    document = copy.deepcopy(document)  # merged into below; the cached one stays as read
    yaml = YAML(typ="rt")
    yaml.width = 4096  # never re-wrap the user's long lines
    sequence, offset = indent or 2, offset or 0  # "  - x" under a key: sequence 4, offset 2
    yaml.indent(mapping=max(sequence - offset, 2), sequence=sequence, offset=offset)
    out = StringIO()
    try:
        _merge(document, trial_data(trial, defaults=True), trial_data(trial))
        yaml.dump(document, out)
        text = out.getvalue()
        same = _canonical(parse_trial(text)) == _canonical(trial)
    except (YAMLError, DesignError, ValueError, TypeError, KeyError, IndexError, AttributeError):
        return None  # the plain dump is always right; keeping the layout is only a courtesy
    if not same:
        return None
    return ("\ufeff" if bom else "") + (text.replace("\n", "\r\n") if crlf else text)


@functools.lru_cache(maxsize=4)
def _read(original: str) -> tuple[Any, int | None, int | None]:
    """The round-trip document of a file's text, with its guessed indents (kept for the next
    save: the terminal UI saves over the text it opened again and again, and reading it is
    most of a save's time)."""
    from ruamel.yaml import YAML
    from ruamel.yaml.util import load_yaml_guess_indent

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    document, indent, offset = load_yaml_guess_indent(original, yaml=yaml)
    return document, indent, offset


def _canonical(trial: Trial) -> str:
    """The design's values as text, to compare two designs kind by kind (1 is not 1.0, True is
    not 1); libyaml's writer, where available, as nobody reads it."""
    from trialkit.design.io import trial_data

    dumper: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return yaml.dump(trial_data(trial), Dumper=dumper, sort_keys=False, allow_unicode=True)


def _merge(old: Any, full: Any, sparse: Any) -> Any:
    """The new value ``full``, reusing ``old``'s containers and scalars (with their comments).

    ``sparse`` is the same value without defaults: a key the file lacks is added only when it
    is there, and a key the file has stays (a default the user wrote out is kept).
    """
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if isinstance(old, CommentedMap) and isinstance(full, dict):
        sparse = sparse if isinstance(sparse, dict) else {}
        for key in [k for k in old if k not in full]:
            del old[key]
        previous = -1
        for key, value in full.items():
            if key in old:
                old[key] = _merge(old[key], value, sparse.get(key, value))
                previous = list(old).index(key)
            elif key in sparse:
                previous += 1
                old.insert(previous, key, _fresh(sparse[key]))
        return old
    if isinstance(old, CommentedSeq) and isinstance(full, list):
        sparse = sparse if isinstance(sparse, list) and len(sparse) == len(full) else full
        del old[len(full):]
        for index, value in enumerate(full):
            if index < len(old):
                old[index] = _merge(old[index], value, sparse[index])
            else:
                old.append(_fresh(sparse[index]))
        return old
    if _same_scalar(old, full):
        return old
    return _styled_like(old, sparse)


def _same_scalar(old: Any, new: Any) -> bool:
    """Equal values of the same kind (True is not 1, a date is not its text)."""
    return _kind(old) == _kind(new) and _kind(new) != "collection" and old == new


def _kind(value: Any) -> str:
    for kind, types in (("bool", bool), ("date", dt.date), ("text", str), ("number", int | float),
                        ("collection", dict | list)):
        if isinstance(value, types):
            return kind
    return type(value).__name__


def _styled_like(old: Any, new: Any) -> Any:
    """A changed text keeps the block style (| or >) it had; a new multi-line text gets |."""
    from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString

    if isinstance(new, str) and not needs_escapes(new):
        if isinstance(old, FoldedScalarString):
            return FoldedScalarString(new)
        if isinstance(old, LiteralScalarString) or "\n" in new:
            return LiteralScalarString(new)
    return _fresh(new)


def _fresh(value: Any) -> Any:
    """A new value for the document: multi-line texts as | blocks, texts YAML 1.1 would read as
    something else (``yes``, ``on``: ruamel writes YAML 1.2, trialkit reads 1.1) in quotes, and
    texts holding a character 1.1 does not keep as written (NEL, LS, PS, controls) escaped in
    double quotes (YAML 1.2, which ruamel writes, reads NEL as text, 1.1 as a line break)."""
    from ruamel.yaml.scalarstring import (
        DoubleQuotedScalarString,
        LiteralScalarString,
        SingleQuotedScalarString,
    )

    if isinstance(value, dict):
        return {k: _fresh(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_fresh(v) for v in value]
    if isinstance(value, str) and needs_escapes(value):
        return DoubleQuotedScalarString(value)
    if isinstance(value, str) and "\n" in value:
        return LiteralScalarString(value)
    if isinstance(value, str) and _RESOLVER.resolve(ScalarNode, value, (True, False)) != _STR:
        return SingleQuotedScalarString(value)
    return value


_RESOLVER = yaml.resolver.Resolver()
_STR = "tag:yaml.org,2002:str"
