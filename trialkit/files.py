"""Writing files safely, and telling whether a file changed since it was read.

Every file trialkit writes (designs, protocols, exports, the schema, the TUI's own state) goes
through ``atomic_write``: the data goes to a temporary file in the target's folder, is flushed to
disk, then moved into place, so readers see the old file or the new one, never half of one. Only
regular files are replaced: a device, folder, FIFO or socket is refused by name before anything
is written (``-o /dev/null --force`` as root would otherwise replace /dev/null). A final symbolic
link is replaced itself, never written through. "Do not overwrite" is decided by the kernel
(``os.link`` of the finished temporary file fails if the name exists, even as a dangling link),
so two writers racing for one name cannot both win.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path

from trialkit.errors import TrialkitError


class OutputError(TrialkitError):
    """A file cannot be written; the message names the path and the reason."""


class OutputExists(OutputError):
    """The file exists and replacing it was not asked for."""


def _kind(mode: int) -> str:
    """What a non-regular file is, in words."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a special file"


def output_problem(path: str | os.PathLike[str], *, replace: bool) -> str:
    """Why ``path`` cannot be written, in words (empty when it can). Advice only: the write decides."""
    target = Path(path)
    try:
        info = os.lstat(target)
    except FileNotFoundError:
        parent = target.parent
        if not parent.is_dir():
            return f"the folder {parent} does not exist"
        return ""
    except OSError as exc:
        return f"it cannot be checked: {exc.strerror or exc}"
    if stat.S_ISLNK(info.st_mode):
        with contextlib.suppress(OSError):  # a dangling link has nothing behind it
            pointed = os.stat(target).st_mode
            if not stat.S_ISREG(pointed):  # /dev/stdout and the like: never replace such a link
                return f"it is a link to {_kind(pointed)}, not to a regular file"
        return "" if replace else "it already exists"
    if stat.S_ISREG(info.st_mode):
        return "" if replace else "it already exists"
    return f"it is {_kind(info.st_mode)}, not a regular file"


def atomic_write(path: str | os.PathLike[str], data: bytes, *, replace: bool = True) -> None:
    """Write ``data`` to ``path`` atomically; OutputError (OutputExists) names the path and why not.

    ``replace=False`` never overwrites anything, a dangling symbolic link included.
    """
    target = Path(path)
    problem = output_problem(target, replace=True)
    if problem:
        raise OutputError(f"cannot write {target}: {problem}")
    if not replace and os.path.lexists(target):  # early and friendly; _link_new decides atomically
        raise OutputExists(f"cannot write {target}: it already exists")
    directory = target.parent if str(target.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name[:64]}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise OutputError(f"cannot write {target}: {exc.strerror or exc}") from None
    try:
        os.fchmod(fd, _file_mode(target))
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if replace:
            _replace(tmp, target)
        else:
            _link_new(tmp, target)
        _sync_folder(directory)
    except OSError as exc:
        raise OutputError(f"cannot write {target}: {exc.strerror or exc}") from None
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)


def _replace(tmp: str, target: Path) -> None:
    """Move the finished file into place, re-checking the kind just before (narrows the window)."""
    problem = output_problem(target, replace=True)
    if problem:
        raise OutputError(f"cannot write {target}: {problem}")
    os.replace(tmp, target)


def _link_new(tmp: str, target: Path) -> None:
    """Give the finished file its name only if the name is free (atomic, no symlink followed)."""
    try:
        os.link(tmp, target)
        return
    except FileExistsError:
        raise OutputExists(f"cannot write {target}: it already exists") from None
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.ENOSYS, errno.EMLINK):
            raise
    # A file system without hard links: claim the name exclusively, then move the data over it.
    try:
        os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0),
                         0o600))
    except FileExistsError:
        raise OutputExists(f"cannot write {target}: it already exists") from None
    os.replace(tmp, target)


def _sync_folder(directory: Path) -> None:
    """Flush the folder entry too, so the new name survives a power cut (best effort)."""
    with contextlib.suppress(OSError, AttributeError):
        fd = os.open(directory, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _file_mode(target: Path) -> int:
    """The mode to give the new file: the old file's, else what the umask allows (not 0600)."""
    try:
        return os.stat(target).st_mode & 0o7777
    except OSError:
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


@dataclass(frozen=True)
class FileStamp:
    """Who a file is and what it held: absolute path, device and inode, size, mtime, SHA-256."""

    path: str
    device: int
    inode: int
    size: int
    mtime_ns: int
    sha256: str

    @classmethod
    def of(cls, path: str | os.PathLike[str]) -> FileStamp | None:
        """The stamp of the regular file at ``path`` now (None if there is none or it is unreadable)."""
        found = cls.read(path)
        return found[0] if found else None

    @classmethod
    def read(cls, path: str | os.PathLike[str]) -> tuple[FileStamp, bytes] | None:
        """The stamp and the bytes of the regular file at ``path``, from one read.

        Opened without blocking and checked before reading, so a FIFO or device named like a
        design never hangs the caller.
        """
        absolute = os.path.abspath(path)
        try:
            fd = os.open(absolute, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        except OSError:
            return None
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):
                return None
            with os.fdopen(os.dup(fd), "rb") as handle:
                data = handle.read()
        except OSError:
            return None
        finally:
            os.close(fd)
        digest = hashlib.sha256(data).hexdigest()
        return cls(absolute, info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, digest), data

    def same_content(self, other: FileStamp | None) -> bool:
        """True when ``other`` is this file (same device and inode) holding the same bytes."""
        return (other is not None and (other.device, other.inode) == (self.device, self.inode)
                and other.sha256 == self.sha256)

    def to_json(self) -> dict[str, object]:
        """A plain dict for a JSON record."""
        return dict(self.__dict__)

    @classmethod
    def from_json(cls, data: object) -> FileStamp | None:
        """The stamp in a JSON record (None if the record is not one)."""
        if not isinstance(data, dict):
            return None
        try:
            return cls(str(data["path"]), int(data["device"]), int(data["inode"]), int(data["size"]),
                       int(data["mtime_ns"]), str(data["sha256"]))
        except (KeyError, TypeError, ValueError):
            return None
