"""trialkit's own code calls the engine by today's names: checking and rendering every example
raises no deprecation warning from trialkit's code (the deprecated names are for users, for
one release)."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

from trialkit.cli import main

EXAMPLES = sorted((Path(__file__).parents[2] / "examples").glob("*.yaml"))


def test_there_are_examples():
    assert len(EXAMPLES) >= 3


@pytest.mark.parametrize("design", EXAMPLES, ids=lambda p: p.stem)
def test_check_and_render_raise_no_deprecation_warning_from_trialkit(design, tmp_path, capsys):
    with warnings.catch_warnings():
        # "module" is the module the warning is attributed to: trialkit's own calls
        warnings.filterwarnings("error", category=DeprecationWarning, module=r"trialkit(\.|$)")
        assert main(["check", str(design)]) in (0, 1)  # 1: the design has problems to report
        for fmt in ("md", "html"):
            out = tmp_path / f"protocol.{fmt}"
            assert main(["render", str(design), "--to", fmt, "-o", str(out)]) == 0
            assert out.stat().st_size > 0
    capsys.readouterr()
