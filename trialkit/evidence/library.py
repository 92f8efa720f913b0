"""Load evidence records: the built-in seeds plus the user's folders.

Folders are read in order: the built-in ``seeds/`` folder, each folder in the environment
variable TRIALKIT_EVIDENCE (separated by os.pathsep), then folders given explicitly (the
CLI's ``--evidence DIR``). Every *.yaml / *.yml file holds one source. A bad file raises
EvidenceError naming the file, the record and the field; nothing is skipped silently.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, get_args

from pydantic import BaseModel, ValidationError

from trialkit.errors import EvidenceError
from trialkit.evidence.models import Estimate, Source
from trialkit.resources import data_dir
from trialkit.validation_words import plain_error
from trialkit.yamlfile import YamlDocument, read_yaml_file

ENV_VAR = "TRIALKIT_EVIDENCE"
"""Environment variable listing extra evidence folders (os.pathsep-separated)."""

_SECTIONS = ("estimates", "findings", "adverse_events", "related")


def builtin_dir() -> Path:
    """The folder of the seed evidence shipped with trialkit."""
    try:
        return data_dir("seeds")
    except FileNotFoundError as exc:
        raise EvidenceError(str(exc)) from exc


def _record_name(data: Any, loc: tuple[int | str, ...]) -> tuple[str, tuple[int | str, ...]]:
    """'record 'pi_ratio' (estimates[0])' for a validation error location, and the rest of loc."""
    if len(loc) >= 2 and loc[0] in _SECTIONS and isinstance(loc[1], int):
        section, index = str(loc[0]), loc[1]
        try:
            record_id = data[section][index].get("id")
        except (AttributeError, IndexError, KeyError, TypeError):
            record_id = None
        label = f"{section}[{index}]"
        name = f"record {record_id!r} ({label})" if record_id else f"record {label}"
        return name, loc[2:]
    source_id = data.get("id") if isinstance(data, Mapping) else None
    return (f"source {source_id!r}" if source_id else "source"), loc


def _allowed_fields(loc: Sequence[int | str]) -> list[str]:
    """Field names of the model that holds the last element of ``loc``."""
    model: Any = Source
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        field_info = model.model_fields.get(part)
        if field_info is None:
            return []
        model = _model_in(field_info.annotation)
        if model is None:
            return []
    return list(model.model_fields)


def _model_in(annotation: Any) -> Any:
    """The pydantic model inside an annotation such as list[Estimate] or Citation | None."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def _field_path(loc: Sequence[int | str]) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def describe_validation_error(path: Path, doc: YamlDocument, error: ValidationError) -> str:
    """One line for the first problem, in the same words as a design's errors, and a count of
    the others: '<file>:<line>: record 'x' (estimates[0]), field ci: ...'."""
    problems = error.errors(include_url=False)
    item = problems[0]
    ctx = item.get("ctx") or {}
    line = doc.line_of((*item["loc"], *([ctx["field"]] if "field" in ctx else [])))
    record, rest = _record_name(doc.data, tuple(item["loc"]))
    field_name = _field_path(rest)
    extra = ctx.get("field")
    if extra and not field_name.endswith(str(extra)):
        field_name = f"{field_name}.{extra}" if field_name else str(extra)
    if item["type"] == "extra_forbidden":
        allowed = ", ".join(_allowed_fields(item["loc"]))
        message = f"unknown field (allowed here: {allowed})" if allowed else "unknown field"
    else:
        message = plain_error(item)
        message = message[:1].lower() + message[1:]
    where = f", field {field_name}" if field_name else ""
    others = len(problems) - 1
    more = f" (and {others} more problem{'s' if others > 1 else ''})" if others else ""
    return f"{path}:{line}: {record}{where}: {' '.join(message.split())}{more}"


def load_file(path: Path | str) -> Source:
    """Read and validate one evidence file."""
    path = Path(path)
    doc = read_yaml_file(path, error=EvidenceError, what="evidence file")
    data = doc.data
    if not isinstance(data, Mapping):
        raise EvidenceError(
            f"{path}: expected a mapping with id, citation, design, ...; got {type(data).__name__}"
        )
    try:
        return Source.model_validate(data)
    except ValidationError as exc:
        raise EvidenceError(describe_validation_error(path, doc, exc)) from None


@dataclass(frozen=True)
class Library:
    """Validated sources by id, and where each came from."""

    sources: Mapping[str, Source]
    files: Mapping[str, Path] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.sources)

    def estimates(self) -> Iterator[Estimate]:
        """Every estimate of every source, in load order."""
        for source in self.sources.values():
            yield from source.estimates

    def source(self, source_id: str) -> Source:
        """The source with this id (EvidenceError listing the ids if absent)."""
        try:
            return self.sources[source_id]
        except KeyError:
            raise EvidenceError(
                f"no evidence source {source_id!r}; known: {', '.join(self.sources) or 'none'}"
            ) from None

    def estimate(self, full_id: str) -> Estimate:
        """The estimate '<source>.<estimate>' (EvidenceError saying what is missing)."""
        source_id, _, estimate_id = full_id.partition(".")
        source = self.source(source_id)
        if not estimate_id:
            raise EvidenceError(
                f"{full_id!r} names a source; give '<source>.<estimate>', one of: "
                f"{', '.join(e.full_id for e in source.estimates) or 'none'}"
            )
        try:
            return source.estimate(estimate_id)
        except KeyError:
            known = ", ".join(e.id for e in source.estimates) or "none"
            raise EvidenceError(
                f"source {source_id!r} has no estimate {estimate_id!r}; its estimates: {known}"
            ) from None


def folder_files(folder: Path) -> list[Path]:
    """The evidence files of a folder, sorted by name (EvidenceError if it is not a folder)."""
    if not folder.is_dir():
        raise EvidenceError(f"evidence folder {folder} does not exist or is not a folder")
    return sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())


def env_dirs(environ: Mapping[str, str] | None = None) -> list[Path]:
    """Folders named in TRIALKIT_EVIDENCE (empty entries ignored)."""
    value = (os.environ if environ is None else environ).get(ENV_VAR, "")
    return [Path(part) for part in value.split(os.pathsep) if part.strip()]


def load_library(
    extra_dirs: Sequence[Path | str] = (),
    *,
    builtin: bool = True,
    environ: Mapping[str, str] | None = None,
) -> Library:
    """Load the built-in seeds, TRIALKIT_EVIDENCE folders and ``extra_dirs``; ids must be unique."""
    folders = (
        ([builtin_dir()] if builtin else []) + env_dirs(environ) + [Path(d) for d in extra_dirs]
    )
    sources: dict[str, Source] = {}
    files: dict[str, Path] = {}
    for folder in folders:
        for path in folder_files(folder):
            source = load_file(path)
            if source.id in sources:
                raise EvidenceError(
                    f"{path}: source id {source.id!r} is already used by {files[source.id]}; "
                    "give each source its own id"
                )
            sources[source.id] = source
            files[source.id] = path
    return Library(sources=sources, files=files)
