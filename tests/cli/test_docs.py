"""Every command and procedure has help text and is documented in the README."""

from __future__ import annotations

import pathlib

from trialkit.cli import COMMANDS
from trialkit.cli.power import PROCEDURES

README = (pathlib.Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")


def test_every_command_has_help_and_is_in_the_readme():
    for name, (_module, help_text) in COMMANDS.items():
        assert help_text.strip(), name
        assert f"trialkit {name}" in README or (name == "tui" and "`trialkit tui`" in README), name


def test_every_power_procedure_is_documented():
    documented = [name for name in PROCEDURES if f"trialkit power {name}" in README]
    core = {"two-means", "two-proportions", "one-proportion", "logrank", "group-sequential",
            "simon"}
    assert core <= set(documented)
    for name, proc in PROCEDURES.items():
        assert proc.help.strip(), name


def test_readme_quick_start_test_command_is_what_ci_runs():
    ci = (pathlib.Path(__file__).resolve().parents[2] / ".ci" / "run").read_text(encoding="utf-8")
    command = ci.strip().splitlines()[-1]
    assert command in README
