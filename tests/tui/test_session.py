"""Recent files and crash-recovery copies on disk (no Textual needed)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from trialkit.files import FileStamp
from trialkit.tui.session import OnDisk, RecentFiles, Recovery, save_question


def test_recent_files_newest_first_without_duplicates(tmp_path: Path) -> None:
    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    a.write_text("x"), b.write_text("y")
    recent = RecentFiles(tmp_path / "state")
    recent.add(a)
    recent.add(b)
    recent.add(a)
    assert recent.paths() == [a.resolve(), b.resolve()]


def test_recent_files_forget_deleted_files_and_survive_a_corrupt_list(tmp_path: Path) -> None:
    a = tmp_path / "a.yaml"
    a.write_text("x")
    recent = RecentFiles(tmp_path / "state")
    recent.add(a)
    a.unlink()
    assert recent.paths() == []
    recent.file.write_text("{not json")
    assert recent.paths() == []


def test_recovery_copy_is_written_into_a_new_state_folder(tmp_path: Path) -> None:
    recovery = Recovery(tmp_path / "state" / "nested")
    recovery.write("schema_version: 1\n", None)
    assert recovery.design.read_text() == "schema_version: 1\n"
    assert not [p for p in recovery.directory.iterdir() if p.name.startswith(".")]


def crashed_session(state: Path, text: str, source: Path | str | None, cwd: Path | None = None) -> None:
    """A session in another process that wrote its recovery copy, then died without cleaning up."""
    code = (
        "import os, sys\n"
        "from pathlib import Path\n"
        "from trialkit.files import FileStamp\n"
        "from trialkit.tui.session import Recovery\n"
        "source = Path(sys.argv[2]) if sys.argv[2] else None\n"
        "Recovery(Path(sys.argv[1])).write(sys.stdin.read(), source,"
        " FileStamp.of(source) if source else None)\n"
        "os._exit(9)\n"
    )
    done = subprocess.run([sys.executable, "-c", code, str(state), str(source or "")], input=text,
                          text=True, cwd=cwd, capture_output=True, timeout=60)
    assert done.returncode == 9, done.stderr


def test_a_running_sessions_copy_is_not_offered_and_a_crashed_ones_is(tmp_path: Path) -> None:
    running = Recovery(tmp_path)
    running.write("schema_version: 1\n", None)
    crashed_session(tmp_path, "schema_version: 1\n", None)
    me = Recovery(tmp_path)
    orphans = me.orphans()
    assert len(orphans) == 1 and orphans[0].design != running.design
    assert running.orphans() == orphans  # a session never offers itself its own copy
    orphans[0].discard()
    assert me.orphans() == [] and running.design.exists()
    running.clear()
    assert list((tmp_path / "recovery").iterdir()) == []


def test_a_new_session_with_the_crashed_ones_pid_is_still_offered_the_copy(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Containers hand the same pid to the next session; the copy must not look alive or be ours."""
    crashed_session(tmp_path, "schema_version: 1\n", None)
    crashed_pid = int(next((tmp_path / "recovery").glob("*.json")).stem.split("-")[1])
    monkeypatch.setattr(os, "getpid", lambda: crashed_pid)
    new = Recovery(tmp_path)
    assert len(new.orphans()) == 1
    new.write("schema_version: 1\n", None)
    new.clear()  # quitting: removes only this session's files
    assert len(new.orphans()) == 1


def test_the_record_holds_the_absolute_path_and_identity_of_the_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a").mkdir()
    design = tmp_path / "a" / "design.yaml"
    design.write_text("schema_version: 1\n")
    crashed_session(tmp_path / "state", "schema_version: 1\n", "design.yaml", cwd=tmp_path / "a")
    meta = json.loads(next((tmp_path / "state" / "recovery").glob("*.json")).read_text())
    assert meta["source"] == str(design)
    assert FileStamp.from_json(meta["stamp"]) == FileStamp.of(design)
    assert "pid" not in meta


def test_recovery_belongs_to_its_own_file_not_a_same_named_one_elsewhere(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir(), b.mkdir()
    (a / "design.yaml").write_text("schema_version: 1\n")
    (b / "design.yaml").write_text("schema_version: 1\n# another trial\n")
    crashed_session(tmp_path / "state", "schema_version: 1\n", "design.yaml", cwd=a)
    monkeypatch.chdir(b)
    (copy,) = Recovery(tmp_path / "state").orphans()
    assert copy.source == a / "design.yaml"
    path, stamp = copy.home()
    assert path == a / "design.yaml" and stamp == FileStamp.of(a / "design.yaml")
    assert str(a / "design.yaml") in copy.describe()


def test_a_file_put_in_the_place_of_the_recorded_one_gets_no_path(tmp_path: Path) -> None:
    design = tmp_path / "design.yaml"
    design.write_text("schema_version: 1\n")
    crashed_session(tmp_path / "state", "schema_version: 1\n", design)
    design.rename(tmp_path / "moved.yaml")
    (tmp_path / "other.yaml").write_text("schema_version: 1\n")
    (tmp_path / "other.yaml").rename(design)  # same name and bytes, another file (inode)
    (copy,) = Recovery(tmp_path / "state").orphans()
    assert copy.home() == (None, None)
    design.unlink()
    assert copy.home() == (design, None)  # gone: written anew at its old place


def test_saving_asks_when_another_program_changed_the_file_or_another_file_is_there(
        tmp_path: Path) -> None:
    design = tmp_path / "design.yaml"
    design.write_text("schema_version: 1\n")
    on_disk = OnDisk.read(design)
    assert on_disk.text == "schema_version: 1\n"
    assert save_question(design, design, on_disk) == ""
    assert save_question(tmp_path / "new.yaml", design, on_disk) == ""
    design.write_text("schema_version: 1\n# edited elsewhere\n")
    assert "changed by another program" in save_question(design, design, on_disk)
    other = tmp_path / "other.yaml"
    other.write_text("x")
    assert "already exists" in save_question(other, design, on_disk)
    assert "already exists" in save_question(other, None, OnDisk())


def test_reading_a_fifo_named_like_a_design_does_not_hang(tmp_path: Path) -> None:
    fifo = tmp_path / "design.yaml"
    os.mkfifo(fifo)
    assert OnDisk.read(fifo) == OnDisk()
