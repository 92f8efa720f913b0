"""The TUI's own state on disk: the recent-files list and crash-recovery copies of unsaved work.

Nothing here imports Textual, so it is tested directly. Files live in ``$TRIALKIT_STATE_DIR``
(tests point it at a temporary folder), else ``$XDG_STATE_HOME/trialkit``, else
``~/.local/state/trialkit``.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from dataclasses import dataclass
from pathlib import Path

from trialkit.design.io import atomic_write

STATE_ENV = "TRIALKIT_STATE_DIR"
RECENT_LIMIT = 8


def state_dir() -> Path:
    """The folder for recent files and recovery copies (not created here)."""
    explicit = os.environ.get(STATE_ENV)
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_STATE_HOME")
    base = Path(xdg) if xdg else Path.home() / ".local" / "state"
    return base / "trialkit"


def _write(path: Path, data: bytes) -> None:
    """Write atomically, creating the state folder on first use."""
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, data)


def _write_json(path: Path, data: object) -> None:
    _write(path, json.dumps(data).encode("utf-8"))


class RecentFiles:
    """Most-recently opened or saved design files, newest first."""

    def __init__(self, directory: Path) -> None:
        self.file = directory / "recent.json"

    def paths(self) -> list[Path]:
        """The remembered files that still exist."""
        try:
            names = json.loads(self.file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return []
        if not isinstance(names, list):
            return []
        return [Path(n) for n in names if isinstance(n, str) and Path(n).is_file()]

    def add(self, path: Path) -> None:
        """Put ``path`` first in the list."""
        resolved = path.resolve()
        others = [p for p in self.paths() if p.resolve() != resolved]
        names = [str(p) for p in [resolved, *others][:RECENT_LIMIT]]
        with contextlib.suppress(OSError):
            _write_json(self.file, names)


@dataclass(frozen=True)
class RecoveryCopy:
    """Unsaved work left behind by a session that ended without saving."""

    design: Path
    meta: Path
    source: Path | None
    saved_at: float

    def describe(self) -> str:
        """'Unsaved changes to /x/design.yaml from 2026-01-01 10:00'."""
        when = time.strftime("%Y-%m-%d %H:%M", time.localtime(self.saved_at))
        what = str(self.source) if self.source else "a new design"
        return f"Unsaved changes to {what} from {when}"

    def discard(self) -> None:
        """Delete both files."""
        for file in (self.design, self.meta):
            with contextlib.suppress(FileNotFoundError):
                file.unlink()


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class Recovery:
    """This process's recovery copy: written atomically while work is unsaved, removed on save."""

    def __init__(self, directory: Path, pid: int | None = None) -> None:
        self.directory = directory / "recovery"
        self.pid = os.getpid() if pid is None else pid
        self.design = self.directory / f"recovery-{self.pid}.yaml"
        self.meta = self.directory / f"recovery-{self.pid}.json"

    def write(self, design_yaml: str, source: Path | None) -> None:
        """Write the design's YAML into the recovery file, then its metadata (both atomically)."""
        _write(self.design, design_yaml.encode("utf-8"))
        _write_json(self.meta, {"source": str(source) if source else None, "saved_at": time.time()})

    def clear(self) -> None:
        """Forget this process's copy (after a save, or a deliberate discard)."""
        RecoveryCopy(self.design, self.meta, None, 0.0).discard()

    def orphans(self) -> list[RecoveryCopy]:
        """Copies left by processes that are no longer running, newest first."""
        found: list[RecoveryCopy] = []
        for meta in self.directory.glob("recovery-*.json"):
            try:
                pid = int(meta.stem.split("-", 1)[1])
                data = json.loads(meta.read_text(encoding="utf-8"))
            except (OSError, ValueError, IndexError):
                continue
            design = meta.with_suffix(".yaml")
            if _pid_alive(pid) or not design.is_file() or not isinstance(data, dict):
                continue
            source = data.get("source")
            found.append(
                RecoveryCopy(
                    design, meta, Path(source) if source else None, float(data.get("saved_at", 0))
                )
            )
        return sorted(found, key=lambda c: c.saved_at, reverse=True)
