"""The TUI's command-line entries, and the promise that other commands never load Textual."""

from __future__ import annotations

import subprocess
import sys

import pytest

from trialkit.cli import COMMANDS, main


@pytest.mark.parametrize("command", ["power", "evidence", "check", "render", "schema"])
def test_commands_without_a_ui_do_not_import_textual(command: str) -> None:
    assert command in COMMANDS
    code = (
        "import sys\n"
        "from trialkit.cli import build_parser\n"
        f"build_parser({command!r})\n"
        "print('textual' in sys.modules, 'trialkit.tui' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["False", "False"]


def test_open_and_tui_are_commands_with_help() -> None:
    assert COMMANDS["open"][0] == "trialkit.cli.open" and COMMANDS["open"][1]
    assert COMMANDS["tui"][0] == "trialkit.cli.tui" and COMMANDS["tui"][1]


def test_open_a_missing_design_is_a_one_line_error(tmp_path, capsys) -> None:
    status = main(["open", str(tmp_path / "missing.yaml")])
    err = capsys.readouterr().err
    assert status == 2
    assert err.count("\n") == 1 and "missing.yaml" in err


def test_open_a_broken_design_names_the_line(tmp_path, capsys) -> None:
    design = tmp_path / "broken.yaml"
    design.write_text("schema_version: 1\npopulation:\n  age_min: [\n", encoding="utf-8")
    assert main(["open", str(design)]) == 2
    assert "broken.yaml:" in capsys.readouterr().err
