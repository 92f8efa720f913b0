"""``trialkit import FILE.json -o design.yaml``: a design from a ClinicalTrials.gov record or USDM file.

What the file does not carry stays blank (it renders as a prompt and ``trialkit check`` lists
it). The design is written atomically; an existing file is kept unless --force is given.
"""

from __future__ import annotations

import argparse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``trialkit import``."""
    parser.add_argument(
        "file", metavar="FILE.json",
        help="a ClinicalTrials.gov API v2 study record or a CDISC USDM v4 file",
    )
    parser.add_argument(
        "-o", "--output", metavar="PATH",
        help="design file to write (default: the input's name with .yaml)",
    )
    parser.add_argument("--force", action="store_true", help="overwrite an existing file")


def run(args: argparse.Namespace) -> int:
    """Read the file, write the design, and say how to see what is left to fill."""
    from trialkit.cli._output import writing
    from trialkit.cli.export import output_path
    from trialkit.design.io import dump_trial
    from trialkit.export import import_file
    from trialkit.files import atomic_write

    output = output_path(args, ".yaml")
    trial = import_file(args.file)
    with writing(output):
        atomic_write(output, dump_trial(trial).encode("utf-8"), replace=args.force)
    print(f"wrote {output}; `trialkit check {output}` lists what is still to fill")
    return 0
