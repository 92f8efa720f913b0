"""Reading and writing design files (YAML), with errors that name file, line and field."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from trialkit.design.model import SCHEMA_VERSION, Trial
from trialkit.errors import DesignError

Loc = tuple[str | int, ...]


def load_trial(path: str | os.PathLike[str]) -> Trial:
    """Read a design file; raise DesignError naming file:line and the field on any problem."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DesignError(f"{p}: no such design file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise DesignError(f"{p}: cannot read: {exc}") from None
    return parse_trial(text, source=str(p))


def parse_trial(text: str, *, source: str = "<design>") -> Trial:
    """Parse design YAML text; errors name ``source``, the line and the field."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{source}:{mark.line + 1}" if mark else source
        problem = exc.problem or exc.context or "invalid YAML"
        raise DesignError(f"{where}: YAML syntax error: {problem}") from None
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        char = chr(exc.character) if isinstance(exc.character, int) else exc.character
        raise DesignError(
            f"{source}:{line}: character {char!r} is not allowed in YAML; "
            "write control characters as escapes in double quotes (e.g. \"\\x07\")"
        ) from None
    except yaml.YAMLError as exc:
        raise DesignError(f"{source}: YAML error: {_one_line(str(exc))}") from None
    if data is None:
        raise DesignError(f"{source}:1: the design file is empty")
    if not isinstance(data, dict):
        raise DesignError(f"{source}:1: a design file must be a mapping of fields")
    lines = dict(_node_lines(root, ()))
    _check_version(data, source, lines)
    try:
        return Trial.model_validate(data)
    except ValidationError as exc:
        raise DesignError(_describe(exc, source, lines)) from None


def _check_version(data: dict[str, Any], source: str, lines: dict[Loc, int]) -> None:
    version = data.get("schema_version")
    if version is None:
        raise DesignError(
            f"{source}:1: schema_version is missing (add 'schema_version: {SCHEMA_VERSION}')"
        )
    if isinstance(version, int) and not isinstance(version, bool) and version > SCHEMA_VERSION:
        line = lines.get(("schema_version",), 1)
        raise DesignError(
            f"{source}:{line}: schema_version {version} is newer than this trialkit reads "
            f"({SCHEMA_VERSION}); upgrade trialkit"
        )


def _node_lines(node: yaml.Node | None, loc: Loc) -> Iterator[tuple[Loc, int]]:
    """(field path, 1-based line) for every mapping key and sequence item under ``node``."""
    if node is None:
        return
    yield loc, node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            child = (*loc, str(key.value))
            yield child, key.start_mark.line + 1
            for sub_loc, line in _node_lines(value, child):
                if sub_loc != child:
                    yield sub_loc, line
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            yield from _node_lines(item, (*loc, index))


def _describe(exc: ValidationError, source: str, lines: dict[Loc, int]) -> str:
    """One line for the first validation error (and a count of the others)."""
    errors = exc.errors(include_url=False)
    first = errors[0]
    loc: Loc = tuple(first["loc"])
    line = _nearest_line(loc, lines)
    field = _dotted(loc) or "(top level)"
    message = first["msg"]
    if first["type"] == "extra_forbidden":
        message = "unknown field (check the spelling; `trialkit schema` lists the fields)"
    elif first["type"] == "missing":
        message = "required field is missing"
    elif "input" in first and not isinstance(first["input"], dict | list):
        message += f" (got {_short(first['input'])})"
    extra = len(errors) - 1
    more = f" (and {extra} more problem{'s' if extra > 1 else ''})" if extra else ""
    return f"{source}:{line}: {field}: {_one_line(message)}{more}"


def _nearest_line(loc: Loc, lines: dict[Loc, int]) -> int:
    """The line of ``loc`` or of its closest ancestor that appears in the file."""
    for end in range(len(loc), -1, -1):
        key = tuple(str(p) if isinstance(p, str) else p for p in loc[:end])
        if key in lines:
            return lines[key]
    return 1


def _dotted(loc: Loc) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _one_line(text: str) -> str:
    return " ".join(text.split())


def dump_trial(trial: Trial) -> str:
    """The design as YAML text: schema_version first, unset fields left out."""
    data = trial.model_dump(mode="python", exclude_defaults=True, exclude_none=True)
    data.pop("schema_version", None)
    body = {"schema_version": SCHEMA_VERSION, **_plain(data)}
    return yaml.safe_dump(body, sort_keys=False, allow_unicode=True, width=100)


def _plain(value: Any) -> Any:
    """Make a model dump safe for yaml.safe_dump (tuples to lists, dates kept)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dt.date | str | int | float | bool) or value is None:
        return value
    return str(value)


def save_trial(trial: Trial, path: str | os.PathLike[str]) -> None:
    """Write the design to ``path`` atomically (temporary file, then os.replace)."""
    atomic_write(path, dump_trial(trial).encode("utf-8"))


def atomic_write(path: str | os.PathLike[str], data: bytes) -> None:
    """Write bytes to ``path`` so readers see the old file or the new one, never half of one."""
    target = Path(path)
    directory = target.parent if str(target.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    try:
        os.fchmod(fd, _file_mode(target))
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _file_mode(target: Path) -> int:
    """The mode to give the new file: the old file's, else what the umask allows (not 0600)."""
    try:
        return target.stat().st_mode & 0o7777
    except FileNotFoundError:
        return 0o666 & ~_current_umask()


def _current_umask() -> int:
    """The process umask, read without changing it where Linux allows (threads save too)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    umask = os.umask(0o022)
    os.umask(umask)
    return umask
