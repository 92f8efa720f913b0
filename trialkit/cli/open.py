"""``trialkit open DESIGN.yaml``: open a design in the terminal UI."""

from __future__ import annotations

import argparse
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The design file to open."""
    parser.add_argument("design", type=Path, help="design YAML file to edit")


def run(args: argparse.Namespace) -> int:
    """Check the file loads (a one-line error if not), then run the app on it."""
    from trialkit.design import load_trial

    path: Path = args.design
    load_trial(path)
    from trialkit.tui.app import make_app

    make_app(path).run()
    return 0

