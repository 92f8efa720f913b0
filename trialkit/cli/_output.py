"""The one rule for files a command writes (render, export, schema): new, or replaced with --force.

The early check only spares the work of rendering when the answer is already known; the write
itself (``trialkit.files.atomic_write``) decides atomically, so a race cannot slip past it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from trialkit.errors import TrialkitError
from trialkit.files import OutputExists, output_problem


def _exists(path: Path) -> TrialkitError:
    return TrialkitError(f"{path} exists; use --force to overwrite it")


def check_output(path: Path, *, force: bool, source: Path | None = None) -> None:
    """Refuse a path that is not a regular file (or a new name), exists without --force, or is
    the ``source`` file itself (``render notes.md`` would otherwise write over its own design)."""
    problem = output_problem(path, replace=True)
    if problem:
        raise TrialkitError(f"cannot write {path}: {problem}; give another name with -o")
    if source is not None and os.path.exists(path) and os.path.samefile(path, source):
        raise TrialkitError(f"{path} is the design file itself; give another name with -o")
    if not force and os.path.lexists(path):
        raise _exists(path)


@contextmanager
def writing(path: Path) -> Iterator[None]:
    """Around the write: a name taken meanwhile (a concurrent run) gets the same words as above."""
    try:
        yield
    except OutputExists:
        raise _exists(path) from None
