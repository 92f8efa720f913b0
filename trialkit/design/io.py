"""Reading and writing design files (YAML), with errors that name file, line and field."""

from __future__ import annotations

import datetime as dt
import os
from typing import Any

import yaml
from pydantic import ValidationError

from trialkit.design.migrate import STEPS as MIGRATIONS
from trialkit.design.model import SCHEMA_VERSION, Trial
from trialkit.design.words import plain_error, where
from trialkit.errors import DesignError
from trialkit.files import atomic_write
from trialkit.yamlfile import YamlDocument, needs_escapes, parse_yaml_text, read_yaml_file

Loc = tuple[str | int, ...]


def load_trial(path: str | os.PathLike[str]) -> Trial:
    """Read a design file; raise DesignError naming file:line and the field on any problem."""
    return _validate(read_yaml_file(path, error=DesignError, what="design file"))


def parse_trial(text: str, *, source: str = "<design>") -> Trial:
    """Parse design YAML text; errors name ``source``, the line and the field."""
    return _validate(parse_yaml_text(text, source=source, error=DesignError))


def _validate(doc: YamlDocument) -> Trial:
    source, data = doc.source, doc.data
    if data is None:
        raise DesignError(f"{source}:1: the design file is empty")
    if not isinstance(data, dict):
        raise DesignError(f"{source}:1: a design file must be a mapping of fields")
    _check_version(data, doc)
    try:
        return Trial.model_validate(data)
    except ValidationError as exc:
        error = DesignError(_describe(exc, doc))
        error.detail = dict(exc.errors(include_url=False)[0])
        raise error from None


def _check_version(data: dict[str, Any], doc: YamlDocument) -> None:
    version = data.get("schema_version")
    if version is None:
        raise DesignError(
            f"{doc.source}:1: schema_version is missing (add 'schema_version: {SCHEMA_VERSION}')"
        )
    readable = (*sorted(MIGRATIONS), SCHEMA_VERSION)
    versions = ", ".join(map(str, readable[:-1])) + f" and {readable[-1]}"
    if isinstance(version, int) and not isinstance(version, bool) and version > SCHEMA_VERSION:
        raise DesignError(
            f"{doc.source}:{doc.line_of(('schema_version',))}: Schema version {version} is newer "
            f"than this trialkit reads: it opens versions {versions}; upgrade trialkit"
        )
    if not isinstance(version, int) or isinstance(version, bool) or version not in readable:
        shown = version if isinstance(version, int) else f"'{version}'"
        raise DesignError(
            f"{doc.source}:{doc.line_of(('schema_version',))}: Schema version {shown} is not one "
            f"this trialkit opens: it opens versions {versions} (an older one is brought up to "
            f"date as it is read)"
        )


def _describe(exc: ValidationError, doc: YamlDocument) -> str:
    """One line for the first validation error, naming the field by its section and label
    (and a count of the other errors)."""
    errors = exc.errors(include_url=False)
    first = errors[0]
    loc: Loc = tuple(first["loc"])
    line = doc.line_of(loc)
    message = plain_error(first)
    if first["type"] == "extra_forbidden":
        field = f"{where(loc[:-1])}, '{loc[-1]}'" if len(loc) > 1 else f"'{loc[-1]}'"
    else:
        field = where(loc)
    extra = len(errors) - 1
    more = f" (and {extra} more problem{'s' if extra > 1 else ''})" if extra else ""
    text = _one_line(message[:1].lower() + message[1:])
    return f"{doc.source}:{line}: {field}: {text}{more}"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def trial_data(trial: Trial, *, defaults: bool = False) -> dict[str, Any]:
    """The design as plain YAML-ready values: schema_version first, unset (and default) fields left out."""
    data = trial.model_dump(mode="python", exclude_defaults=not defaults, exclude_none=True)
    data.pop("schema_version", None)
    return {"schema_version": SCHEMA_VERSION, **_plain(data)}


def dump_trial(trial: Trial) -> str:
    """The design as YAML text (see ``trial_data``)."""
    return yaml.dump(trial_data(trial), Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)


class _Dumper(yaml.SafeDumper):
    """PyYAML's safe writer, with every text the reader would not keep as written in double quotes.

    Left to itself PyYAML writes NEL, LS and PS raw inside a quoted text, where reading folds
    them into a space or a newline (``yamlfile.needs_escapes``).
    """


def _represent_text(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style='"' if needs_escapes(text) else None)


_Dumper.add_representer(str, _represent_text)


def _plain(value: Any) -> Any:
    """Make a model dump safe for yaml.safe_dump (tuples to lists, dates kept)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dt.date | str | int | float | bool) or value is None:
        return value
    return str(value)


def save_trial(
    trial: Trial, path: str | os.PathLike[str], *, keep_layout_of: str | None = None
) -> str:
    """Write the design to ``path`` atomically and return the text written.

    ``keep_layout_of`` is the file's text as it was opened: its comments, key order and styles
    are kept (``trialkit.design.roundtrip``) whenever that yields exactly this design.
    """
    text = None
    if keep_layout_of is not None:
        from trialkit.design.roundtrip import dump_keeping_layout

        text = dump_keeping_layout(trial, keep_layout_of)
    if text is None:
        text = dump_trial(trial)
    atomic_write(path, text.encode("utf-8"))
    return text
