"""Hostile files and machines at the command line: one line on stderr, exit 2, nothing else touched."""

from __future__ import annotations

import errno
import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from trialkit.cli import main

ROOT = Path(__file__).resolve().parents[2]
SMALL = "schema_version: 1\ntitle_page: {acronym: TINY, short_title: A tiny design}\n"


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def one_line(err: str) -> str:
    assert err.count("\n") == 1 and err.startswith("trialkit: "), err
    assert "Traceback" not in err
    return err


@pytest.fixture
def design(tmp_path: Path) -> Path:
    path = tmp_path / "tiny.yaml"
    path.write_text(SMALL, encoding="utf-8")
    return path


def test_render_to_dev_null_with_force_leaves_the_device_alone(design: Path, capsys) -> None:
    before = os.stat("/dev/null")
    code, _, err = run(["render", str(design), "-o", "/dev/null", "--force"], capsys)
    assert code == 2 and "it is a device, not a regular file" in one_line(err)
    after = os.stat("/dev/null")
    assert stat.S_ISCHR(after.st_mode) and after.st_rdev == before.st_rdev


def test_render_into_a_fifo_or_folder_is_refused(design: Path, tmp_path: Path, capsys) -> None:
    fifo = tmp_path / "out.md"
    os.mkfifo(fifo)
    code, _, err = run(["render", str(design), "-o", str(fifo), "--force"], capsys)
    assert code == 2 and "named pipe" in one_line(err)
    code, _, err = run(["render", str(design), "-o", str(tmp_path), "--force"], capsys)
    assert code == 2 and "a folder" in one_line(err)


def test_a_dangling_symlink_does_not_pass_the_no_overwrite_check(design: Path, tmp_path: Path,
                                                                 capsys) -> None:
    link = tmp_path / "out.md"
    link.symlink_to(tmp_path / "planted.md")
    code, _, err = run(["render", str(design), "-o", str(link)], capsys)
    assert code == 2 and "exists; use --force" in one_line(err)
    assert not (tmp_path / "planted.md").exists()


def test_schema_output_needs_force_to_overwrite(tmp_path: Path, capsys) -> None:
    out = tmp_path / "schema.json"
    out.write_text("mine\n")
    code, _, err = run(["schema", "-o", str(out)], capsys)
    assert code == 2 and "exists; use --force" in one_line(err)
    assert out.read_text() == "mine\n"
    assert run(["schema", "-o", str(out), "--force"], capsys)[0] == 0
    assert out.read_text().startswith("{")


def test_concurrent_renders_never_race(design: Path, tmp_path: Path) -> None:
    """Four processes render to one new name: exactly one writes it, the others say it exists."""
    out = tmp_path / "race.md"
    runs = [subprocess.Popen([sys.executable, "-m", "trialkit", "render", str(design), "-o", str(out)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for _ in range(4)]
    results = []
    for process in runs:
        with process:
            _, err = process.communicate(timeout=120)
            results.append((process.returncode, err))
    codes = sorted(code for code, _ in results)
    assert codes == [0, 2, 2, 2], results
    assert all("exists; use --force" in err for code, err in results if code == 2)
    assert out.read_text(encoding="utf-8").startswith("#")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["race.md", "tiny.yaml"]


def test_a_full_disk_is_one_line_naming_the_file(design: Path, tmp_path: Path, capsys,
                                                 monkeypatch) -> None:
    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    out = tmp_path / "out.md"
    code, _, err = run(["render", str(design), "-o", str(out)], capsys)
    assert code == 2 and f"{out}: No space left on device" in one_line(err)


def test_a_read_only_folder_is_one_line_naming_the_file(design: Path, tmp_path: Path, capsys,
                                                         monkeypatch) -> None:
    import tempfile

    def refused(**kwargs: object) -> tuple[int, str]:
        raise OSError(errno.EROFS, os.strerror(errno.EROFS))

    monkeypatch.setattr(tempfile, "mkstemp", refused)
    out = tmp_path / "out.md"
    code, _, err = run(["render", str(design), "-o", str(out)], capsys)
    assert code == 2 and f"{out}: Read-only file system" in one_line(err)


@pytest.mark.parametrize("error", [RecursionError("maximum recursion depth exceeded"), MemoryError(),
                                   OverflowError("int too large to convert to float"),
                                   PermissionError(errno.EACCES, "Permission denied", "/x/y.md")])
def test_machine_limits_are_one_line_and_exit_2(error: BaseException, capsys, monkeypatch) -> None:
    import trialkit.cli.schema as schema

    def boom(args: object) -> int:
        raise error

    monkeypatch.setattr(schema, "run", boom)
    code, _, err = run(["schema"], capsys)
    assert code == 2
    one_line(err)


def test_an_unexpected_bug_is_one_line_asking_for_a_report(capsys, monkeypatch) -> None:
    import trialkit.cli.schema as schema

    def boom(args: object) -> int:
        raise KeyError("x")

    monkeypatch.setattr(schema, "run", boom)
    code, _, err = run(["schema"], capsys)
    assert code == 1 and "internal error" in one_line(err) and "TRIALKIT_DEBUG" in err


def test_an_alias_bomb_design_fails_fast_in_check_and_render(tmp_path: Path, capsys) -> None:
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text("schema_version: 1\na: &a [x,x,x,x,x,x,x,x,x]\n" + "".join(
        f"{b}: &{b} [{', '.join([f'*{a}'] * 9)}]\n" for a, b in zip("abcdefgh", "bcdefghi", strict=True)))
    for command in (["check", str(bomb)], ["render", str(bomb), "-o", str(tmp_path / "o.md")]):
        start = time.perf_counter()
        code, _, err = run(command, capsys)
        assert code == 2 and "MAX_VALUES" in one_line(err)
        assert time.perf_counter() - start < 5.0


def test_a_non_utf8_evidence_file_is_one_line_naming_it(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "ev"
    folder.mkdir()
    (folder / "latin1.yaml").write_bytes("id: x\ncitation: M\u00fcller 2001\n".encode("latin-1"))
    code, _, err = run(["evidence", "list", "--evidence", str(folder)], capsys)
    assert code == 2 and "latin1.yaml:2: the file is not UTF-8 text" in one_line(err)


def test_an_evidence_ci_level_of_1e_300_is_an_error_not_a_division_by_zero(tmp_path: Path,
                                                                             capsys) -> None:
    folder = tmp_path / "ev"
    folder.mkdir()
    seed = (ROOT / "seeds" / "larsen2009.yaml").read_text(encoding="utf-8")
    hostile = seed.replace("level: 0.95", "level: 1.0e-300").replace("id: larsen2009", "id: tiny2009", 1)
    (folder / "tiny.yaml").write_text(hostile, encoding="utf-8")
    code, _, err = run(["evidence", "size", "tiny2009.pi_insulin_ratio", "--evidence", str(folder)],
                       capsys)
    assert code == 2 and "tiny.yaml:81: record 'pi_insulin_ratio' (estimates[0]), field ci.level" in err
    assert "must be at least 0.5 (now 1e-300)" in one_line(err)
    design = tmp_path / "d.yaml"
    example = (ROOT / "examples" / "il1ra-t2d-durability.yaml").read_text(encoding="utf-8")
    design.write_text(example.replace("larsen2009.pi_insulin_ratio", "tiny2009.pi_insulin_ratio"),
                      encoding="utf-8")
    code, out, err = run(["check", str(design), "--evidence", str(folder)], capsys)
    assert "ci.level" in out + err and "Traceback" not in err
    code, out, err = run(["render", str(design), "--evidence", str(folder), "-o", str(tmp_path / "d.md")],
                         capsys)
    assert code == 0 and "Traceback" not in err
    assert "ci.level" in (tmp_path / "d.md").read_text(encoding="utf-8").replace("\\", "")


def test_the_conversion_refuses_a_level_outside_the_range_too() -> None:
    from trialkit.errors import InvalidParameter
    from trialkit.evidence import convert

    for level in (1e-300, 0.3, 0.99999, 1.0):
        with pytest.raises(InvalidParameter, match=r"must lie between 0\.5 and 0\.9999"):
            convert.sd_from_ci(-1.0, 1.0, 20, 20, level=level)


def test_render_never_writes_over_its_own_design(tmp_path: Path, capsys) -> None:
    design = tmp_path / "notes.md"  # a design whose name ends like the output
    design.write_text(SMALL, encoding="utf-8")
    code, _, err = run(["render", str(design), "--force"], capsys)
    assert code == 2 and "is the design file itself" in one_line(err)
    assert design.read_text(encoding="utf-8") == SMALL


def test_a_design_that_is_a_fifo_is_refused_without_hanging(tmp_path: Path, capsys) -> None:
    fifo = tmp_path / "design.yaml"
    os.mkfifo(fifo)
    code, _, err = run(["check", str(fifo)], capsys)
    assert code == 2 and "FIFO" in one_line(err)


def test_a_long_output_name_is_not_made_too_long_by_the_temporary_file(design: Path, tmp_path: Path,
                                                                       capsys) -> None:
    from trialkit.files import atomic_write

    out = tmp_path / ("p" * 240 + ".md")
    atomic_write(out, b"x", replace=False)
    assert out.read_bytes() == b"x"
