"""Recent files and crash-recovery copies on disk (no Textual needed)."""

from __future__ import annotations

import os
from pathlib import Path

from trialkit.tui.session import RecentFiles, Recovery


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


def test_a_dead_process_recovery_copy_is_offered_and_a_live_one_is_not(tmp_path: Path) -> None:
    dead_pid = 2**22 + 12345  # above the default pid_max of 4194304, so no such process
    dead = Recovery(tmp_path, pid=dead_pid)
    dead.write("schema_version: 1\n", tmp_path / "d.yaml")
    live = Recovery(tmp_path, pid=os.getpid())
    live.write("schema_version: 1\n", None)
    orphans = live.orphans()
    assert [o.design for o in orphans] == [dead.design]
    assert orphans[0].source == tmp_path / "d.yaml"
    assert "d.yaml" in orphans[0].describe()
    orphans[0].discard()
    assert live.orphans() == []
    live.clear()
    assert not live.design.exists()
