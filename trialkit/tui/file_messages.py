"""Why a file could not be opened, imported or saved, in the user's words.

The loaders' messages name the file and line for a terminal ("path:3: population.age_min: ...").
A notification says it as a sentence instead: which file, where in it and what is wrong in the
words of the step that edits it, and what to do next. Never a Python name or pydantic's phrasing.
"""

from __future__ import annotations

import errno
import re
from pathlib import Path
from typing import Any

from trialkit.tui.paths import plain_error
from trialkit.tui.steps import step_for_field, step_info

_LINE = re.compile(r"^(\d+):\s*")
_FILE_REASONS = {
    errno.EACCES: "you do not have permission to use it",
    errno.EPERM: "you do not have permission to use it",
    errno.ENOENT: "the folder does not exist",
    errno.EISDIR: "that is a folder",
    errno.ENOSPC: "the disk is full",
    errno.EROFS: "the disk is read-only",
}
_OPEN_ADVICE = "Correct it in a text editor and open it again, or open another file."
_IMPORT_ADVICE = ("Import a ClinicalTrials.gov record (the v2 JSON of a study) or a USDM v4 "
                  "JSON file.")
_SAVE_ADVICE = "Choose another folder or name with \u201cSave as...\u201d (ctrl+p)."


def field_words(loc: tuple[Any, ...], *, known: bool = True) -> str:
    """A design field as the user meets it: '“age min” (Population step)', '“arm 2: name”'."""
    parts = [str(p) for p in loc if not isinstance(p, int)]
    rows = [p for p in loc if isinstance(p, int)]
    if not parts:
        return "the design as a whole"
    name = parts[-1].replace("_", " ")
    if rows:
        owner = parts[-2].replace("_", " ").rstrip("s") if len(parts) > 1 else "item"
        name = f"{owner} {rows[-1] + 1}: {name}"
    if not known:  # a misspelt field belongs to no step
        return f"\u201c{name}\u201d"
    step = step_info(step_for_field(".".join(parts))).title
    return f"\u201c{name}\u201d ({step} step)"


def _reason(exc: BaseException, path: Path) -> tuple[str, str]:
    """(where in the file, what is wrong) for a loader's error about ``path``."""
    text = str(exc)
    for prefix in (f"{path}:", f"{path.name}:"):
        if text.startswith(prefix):
            text = text[len(prefix):].lstrip()
            break
    match = _LINE.match(text)
    where = f"line {match.group(1)}" if match else ""
    text = text[match.end():] if match else text
    if isinstance(exc, OSError):
        return where, _FILE_REASONS.get(exc.errno or 0, (exc.strerror or str(exc)).lower())
    detail = getattr(exc, "detail", None)
    if not isinstance(detail, dict):
        return where, text.removeprefix("$: ")
    loc = tuple(detail.get("loc", ()))
    kind = detail.get("type")
    if kind == "extra_forbidden":
        return where, (f"{field_words(loc, known=False)} is not something a design file holds: "
                       "check its spelling")
    if kind == "missing":
        return where, f"{field_words(loc)} is missing and must be given"
    problem = plain_error(detail)
    return where, f"{field_words(loc)}: {problem[:1].lower()}{problem[1:]}"


def _advice(problem: str, usual: str) -> str:
    """What to do next, unless the problem already says it (a newer trialkit, a moved file)."""
    if "upgrade trialkit" in problem:
        return "Install a newer trialkit to open it."
    if problem.startswith("no such"):
        return "It may have been moved or deleted; open another file."
    return usual


def _sentence(head: str, where: str, problem: str, advice: str) -> str:
    problem = problem.rstrip(".")
    place = f", {where}" if where else ""
    return f"{head}{place}: {problem}. {advice}"


def cannot_open(exc: BaseException, path: Path) -> str:
    """A design file that cannot be opened: which file, where, what is wrong, what to do."""
    where, problem = _reason(exc, path)
    return _sentence(f"{path.name} could not be opened as a design", where, problem,
                     _advice(problem, _OPEN_ADVICE))


def cannot_import(exc: BaseException, path: Path) -> str:
    """A .json file that cannot be imported as a new design."""
    where, problem = _reason(exc, path)
    return _sentence(f"{path.name} could not be imported", where, problem,
                     _advice(problem, _IMPORT_ADVICE))


def cannot_recover(exc: BaseException, path: Path) -> str:
    """The recovery copy of unsaved changes cannot be read back."""
    where, problem = _reason(exc, path)
    return _sentence("The unsaved changes kept from last time could not be read", where,
                     problem, "They are left where they are; start or open a design.")


def cannot_save(exc: BaseException, path: Path) -> str:
    """A design that cannot be written at ``path``: why, and what to do."""
    if isinstance(exc, OSError):
        problem = _FILE_REASONS.get(exc.errno or 0, (exc.strerror or str(exc)).lower())
    else:
        problem = str(exc).removeprefix(f"cannot write {path}: ")
    return _sentence(f"The design was not saved to {path}", "", problem, _SAVE_ADVICE)
