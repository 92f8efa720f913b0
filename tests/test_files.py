"""The one file writer: only regular files, no symlink followed, "do not overwrite" decided atomically."""

from __future__ import annotations

import errno
import os
import socket
import stat
import threading
from pathlib import Path

import pytest

from trialkit.files import FileStamp, OutputError, OutputExists, atomic_write, output_problem


def test_writes_a_new_file_and_replaces_a_regular_one(tmp_path: Path) -> None:
    target = tmp_path / "out.md"
    atomic_write(target, b"one", replace=False)
    atomic_write(target, b"two")
    assert target.read_bytes() == b"two"
    assert [p.name for p in tmp_path.iterdir()] == ["out.md"]  # no temporary file left


def test_a_device_is_never_replaced_even_with_replace(tmp_path: Path) -> None:
    before = os.stat("/dev/null")
    with pytest.raises(OutputError, match="/dev/null: it is a device, not a regular file"):
        atomic_write("/dev/null", b"x", replace=True)
    after = os.stat("/dev/null")
    assert stat.S_ISCHR(after.st_mode) and after.st_ino == before.st_ino


def test_a_fifo_a_folder_and_a_socket_are_refused_by_name(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(OutputError, match="named pipe"):
        atomic_write(fifo, b"x")  # would block forever if opened for writing
    with pytest.raises(OutputError, match="a folder"):
        atomic_write(tmp_path, b"x")
    sock_path = tmp_path / "s.sock"
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(sock_path))
        with pytest.raises(OutputError, match="a socket"):
            atomic_write(sock_path, b"x")
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


def test_a_dangling_symlink_counts_as_existing(tmp_path: Path) -> None:
    link = tmp_path / "out.md"
    link.symlink_to(tmp_path / "elsewhere.md")
    with pytest.raises(OutputExists):
        atomic_write(link, b"x", replace=False)
    assert not (tmp_path / "elsewhere.md").exists()
    assert output_problem(link, replace=False) == "it already exists"


def test_exclusive_create_is_atomic_even_when_the_early_check_is_passed(tmp_path: Path, monkeypatch) -> None:
    """The name appears after the early check (another process): the link still refuses it."""
    target = tmp_path / "out.md"
    real_lexists = os.path.lexists
    monkeypatch.setattr(os.path, "lexists", lambda p: False if Path(p) == target else real_lexists(p))
    target.symlink_to(tmp_path / "victim")
    with pytest.raises(OutputExists):
        atomic_write(target, b"x", replace=False)
    assert not (tmp_path / "victim").exists() and target.is_symlink()


def test_replacing_a_symlink_replaces_the_link_not_its_target(tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_bytes(b"keep me")
    link = tmp_path / "out.md"
    link.symlink_to(victim)
    atomic_write(link, b"new")
    assert victim.read_bytes() == b"keep me"
    assert not link.is_symlink() and link.read_bytes() == b"new"


def test_concurrent_exclusive_writers_one_wins_the_others_are_refused(tmp_path: Path) -> None:
    target = tmp_path / "out.md"
    outcomes: list[str] = []
    barrier = threading.Barrier(8)

    def write(i: int) -> None:
        barrier.wait()
        try:
            atomic_write(target, f"writer {i}\n".encode() * 1000, replace=False)
            outcomes.append("wrote")
        except OutputExists:
            outcomes.append("exists")

    threads = [threading.Thread(target=write, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert outcomes.count("wrote") == 1 and outcomes.count("exists") == 7
    lines = set(target.read_text().splitlines())
    assert len(lines) == 1  # one writer's complete file, never a mix
    assert [p.name for p in tmp_path.iterdir()] == ["out.md"]


def test_a_full_disk_names_the_path_and_leaves_no_temporary_file(tmp_path: Path, monkeypatch) -> None:
    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    target = tmp_path / "out.md"
    with pytest.raises(OutputError, match=f"cannot write {target}: No space left on device"):
        atomic_write(target, b"x")
    assert list(tmp_path.iterdir()) == []


def test_a_read_only_folder_names_the_path(tmp_path: Path, monkeypatch) -> None:
    import tempfile

    def refused(**kwargs: object) -> tuple[int, str]:
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))

    monkeypatch.setattr(tempfile, "mkstemp", refused)
    with pytest.raises(OutputError, match="Permission denied"):
        atomic_write(tmp_path / "out.md", b"x")


def test_a_missing_folder_is_named(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match=r"the folder .*nowhere does not exist"):
        atomic_write(tmp_path / "nowhere" / "out.md", b"x")


def test_a_stamp_tells_a_changed_or_replaced_file(tmp_path: Path) -> None:
    path = tmp_path / "d.yaml"
    path.write_text("a: 1\n")
    stamp = FileStamp.of(path)
    assert stamp is not None and stamp.path == str(path.resolve())
    assert stamp.same_content(FileStamp.of(path))
    path.write_text("a: 2\n")
    assert not stamp.same_content(FileStamp.of(path))
    assert FileStamp.from_json(stamp.to_json()) == stamp
    assert FileStamp.of(tmp_path / "absent.yaml") is None
    assert FileStamp.of("/dev/null") is None


def test_stamping_a_fifo_does_not_hang(tmp_path: Path) -> None:
    fifo = tmp_path / "design.yaml"
    os.mkfifo(fifo)
    assert FileStamp.of(fifo) is None and FileStamp.read(fifo) is None


def test_a_link_to_a_device_is_not_replaced(tmp_path: Path) -> None:
    """/dev/stdout is a link to the terminal or a pipe; --force must not turn it into a file."""
    link = tmp_path / "stdout"
    link.symlink_to("/dev/null")
    with pytest.raises(OutputError, match="a link to a device"):
        atomic_write(link, b"x")
    assert link.is_symlink()
