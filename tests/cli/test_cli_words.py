"""The CLI's messages and output in words for people: option names, never Python names (issue 12, 13)."""

from __future__ import annotations

import re

import pytest

from trialkit.cli import main
from trialkit.cli.power import PROCEDURES, flag

PYTHON_NAME = re.compile(r"(?<!-)\b[a-z]+_[a-z_]+\b|\bunset\b|\bunknowns\b")
"""A keyword such as n_per_arm (an option such as --n-per-arm is fine)."""


def one_error_line(capsys: pytest.CaptureFixture[str], argv: list[str]) -> str:
    """Run the CLI; it must exit 2 with exactly one line on stderr, which is returned."""
    assert main(argv) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1, lines
    return lines[0]


def _options(example: dict[str, object]) -> list[str]:
    argv: list[str] = []
    for name, value in example.items():
        text = ",".join(str(v) for v in value) if isinstance(value, tuple) else str(value)
        argv += [flag(name), text]
    return argv


SOLVING = [p for p in PROCEDURES.values() if "power" in p.solvable and p.size is not None]


@pytest.mark.parametrize("proc", SOLVING, ids=[p.command for p in SOLVING])
def test_leaving_out_power_and_size_names_both_options(capsys, proc):
    """D1: `power two-means --delta 0.5 --sd 1` said 'leave exactly one of power, n_per_arm,
    delta unset'; each subcommand now names its own options and what each one finds."""
    assert proc.size is not None
    example = {k: v for k, v in proc.example.items() if k not in ("power", proc.size.name)}
    line = one_error_line(capsys, ["power", proc.command, *_options(example)])
    assert "--power" in line and flag(proc.size.name) in line, line
    assert "to find the power" in line and "target power" in line, line
    assert not PYTHON_NAME.search(line), line


def test_giving_everything_says_to_leave_one_out(capsys):
    line = one_error_line(capsys, ["power", "two-means", "--delta", "0.5", "--sd", "1",
                                   "--power", "0.8", "--n-per-arm", "20"])
    assert "--delta" in line and "leave out" in line and not PYTHON_NAME.search(line), line


def test_the_python_api_says_it_in_keywords():
    from trialkit.errors import Unknowns
    from trialkit.power import two_means

    with pytest.raises(Unknowns) as caught:
        two_means(delta=0.5, sd=1)
    assert caught.value.missing == ("power", "n_per_arm")
    assert "give power to find n_per_arm, or n_per_arm to find power" in str(caught.value)
