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
import uuid
from dataclasses import dataclass
from pathlib import Path

from trialkit.files import FileStamp, atomic_write

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]

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
class OnDisk:
    """The design file as this session last read or wrote it: who it is and the YAML it held."""

    stamp: FileStamp | None = None
    text: str | None = None

    @classmethod
    def read(cls, path: Path) -> OnDisk:
        """The file at ``path`` now (its text only when it is UTF-8)."""
        found = FileStamp.read(path)
        if found is None:
            return cls()
        stamp, raw = found
        try:
            return cls(stamp, raw.decode("utf-8"))
        except UnicodeDecodeError:
            return cls(stamp)

    def replaced_by_another(self, path: Path) -> bool:
        """True when the file now at ``path`` is not the one this session read or wrote."""
        now = FileStamp.of(path)
        return not (self.stamp is not None and self.stamp.same_content(now))


def save_question(target: Path, current: Path | None, on_disk: OnDisk) -> str:
    """What to ask before saving to ``target`` (empty when nothing would be lost)."""
    if not os.path.lexists(target):
        return ""
    if current is not None and os.path.abspath(target) == os.path.abspath(current):
        if on_disk.replaced_by_another(target):
            return (f"{target} was changed by another program since it was opened here. "
                    "Saving replaces those changes.")
        return ""
    return f"{target} already exists. Saving replaces it."


@dataclass(frozen=True)
class RecoveryCopy:
    """Unsaved work left behind by a session that ended without saving."""

    design: Path
    meta: Path
    source: Path | None
    stamp: FileStamp | None
    saved_at: float

    def describe(self) -> str:
        """'Unsaved changes to /x/design.yaml from 2026-01-01 10:00'."""
        when = time.strftime("%Y-%m-%d %H:%M", time.localtime(self.saved_at))
        what = str(self.source) if self.source else "a new design"
        return f"Unsaved changes to {what} from {when}"

    def home(self) -> tuple[Path | None, FileStamp | None]:
        """Where the recovered design may be saved, and the file as the session last knew it.

        The file at the recorded absolute path must still be the one the session edited (same
        device and inode); a different file there (another machine's, or one put in its place)
        gets no path, so saving asks for a name instead of overwriting it. A missing file is
        written anew at its old place.
        """
        if self.source is None or self.stamp is None:
            return None, None
        if not self.source.exists():
            return self.source, None
        now = FileStamp.of(self.source)
        if now is None or (now.device, now.inode) != (self.stamp.device, self.stamp.inode):
            return None, None
        return self.source, self.stamp

    def discard(self) -> None:
        """Delete its files."""
        for file in (self.design, self.meta, self.meta.with_suffix(".lock")):
            with contextlib.suppress(FileNotFoundError):
                file.unlink()


class Recovery:
    """This session's recovery copy: written atomically while work is unsaved, removed on save.

    Each session names its files with its own random id and holds an advisory lock on its lock
    file while it runs; the kernel drops the lock when the process ends, however it ends. So a
    copy is an orphan exactly when its lock is free, never judged by process id (a container's
    new session often gets the crashed one's id), and a session only ever deletes its own files.
    """

    def __init__(self, directory: Path) -> None:
        self.directory = directory / "recovery"
        self.session = f"{os.getpid()}-{uuid.uuid4().hex[:12]}"
        self.design = self.directory / f"recovery-{self.session}.yaml"
        self.meta = self.design.with_suffix(".json")
        self.lock = self.design.with_suffix(".lock")
        self._lock_fd: int | None = None

    def write(self, design_yaml: str, source: Path | None, stamp: FileStamp | None = None) -> None:
        """Write the design's YAML, then what it belongs to: the absolute path and file identity."""
        self.directory.mkdir(parents=True, exist_ok=True)
        self._hold_lock()
        _write(self.design, design_yaml.encode("utf-8"))
        _write_json(self.meta, {
            "session": self.session,
            "source": os.path.abspath(source) if source else None,
            "stamp": stamp.to_json() if stamp else None,
            "saved_at": time.time(),
        })

    def clear(self) -> None:
        """Forget this session's copy (after a save, or a deliberate discard)."""
        RecoveryCopy(self.design, self.meta, None, None, 0.0).discard()
        if self._lock_fd is not None:
            os.close(self._lock_fd)
            self._lock_fd = None

    def _hold_lock(self) -> None:
        if self._lock_fd is None:
            fd = os.open(self.lock, os.O_RDWR | os.O_CREAT, 0o600)
            if fcntl is not None:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    os.close(fd)
                    raise
                except OSError:  # a file system without locks: the copy is still worth writing
                    pass
            self._lock_fd = fd

    def orphans(self) -> list[RecoveryCopy]:
        """Copies of sessions that are no longer running, newest first."""
        found: list[RecoveryCopy] = []
        for meta in self.directory.glob("recovery-*.json"):
            design = meta.with_suffix(".yaml")
            if meta == self.meta or not design.is_file() or _in_use(meta.with_suffix(".lock")):
                continue
            try:
                data = json.loads(meta.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue
            if not isinstance(data, dict):
                continue
            source = data.get("source")
            found.append(RecoveryCopy(
                design, meta, Path(source) if isinstance(source, str) and os.path.isabs(source) else None,
                FileStamp.from_json(data.get("stamp")), float(data.get("saved_at", 0)),
            ))
        return sorted(found, key=lambda c: c.saved_at, reverse=True)


def _in_use(lock: Path) -> bool:
    """True while the session owning ``lock`` runs (it holds the lock); False once it has ended."""
    if fcntl is None:  # no advisory locks here: a copy is offered once its session has written it
        return False
    try:
        fd = os.open(lock, os.O_RDWR)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    except OSError:  # locks unsupported here: the owner cannot be told apart; offer the copy
        return False
    finally:
        os.close(fd)
    return False
