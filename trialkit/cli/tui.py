"""``trialkit`` with no command: open the terminal UI on the welcome screen."""

from __future__ import annotations

import argparse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """No options: the welcome screen offers scenarios, a blank design, files and recent files."""


def run(args: argparse.Namespace) -> int:
    """Run the app until the user quits."""
    from trialkit.tui.app import make_app

    make_app().run()
    return 0
