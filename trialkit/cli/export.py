"""``trialkit export DESIGN.yaml --to ctgov|usdm|trds -o PATH``: the design as a registry record or USDM file.

The file is written atomically; an existing file is kept unless --force is given.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from trialkit.cli._output import check_output, writing
from trialkit.errors import TrialkitError

SUFFIX = {"ctgov": ".ctgov.json", "usdm": ".usdm.json", "trds": ".trds.md"}
NAMES = {"ctgov": "ClinicalTrials.gov study record", "usdm": "CDISC USDM v4.0 file",
         "trds": "WHO Trial Registration Data Set table"}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``trialkit export``."""
    parser.add_argument("design", metavar="DESIGN.yaml", help="trial design file")
    parser.add_argument(
        "--to", choices=tuple(SUFFIX), required=True,
        help="ctgov: ClinicalTrials.gov API v2 study record; usdm: CDISC USDM v4.0 JSON; "
        "trds: the WHO Trial Registration Data Set (24 items) as a Markdown table",
    )
    parser.add_argument(
        "-o", "--output", metavar="PATH",
        help="output file (default: the design's name with .ctgov.json, .usdm.json or .trds.md)",
    )
    parser.add_argument("--force", action="store_true", help="overwrite an existing file")
    parser.add_argument(
        "--evidence", metavar="DIR", action="append", default=None,
        help="extra folder of evidence YAML files (repeatable; also $TRIALKIT_EVIDENCE)",
    )


def output_path(args: argparse.Namespace, suffix: str) -> Path:
    """Where to write: -o, else beside the input; refuses what cannot or should not be replaced."""
    source = Path(args.design if hasattr(args, "design") else args.file)
    output = Path(args.output) if args.output else source.with_name(source.stem + suffix)
    if output.resolve() == source.resolve():
        raise TrialkitError(f"{output} is the input file; give another name with -o")
    check_output(output, force=args.force)
    return output


def run(args: argparse.Namespace) -> int:
    """Export the design; refuse (exit 2) to overwrite without --force."""
    from trialkit.design import load_trial
    from trialkit.design.evidence_link import EvidenceLink
    from trialkit.export import export_text
    from trialkit.files import atomic_write

    output = output_path(args, SUFFIX[args.to])
    trial = load_trial(args.design)
    text = export_text(trial, args.to, evidence=EvidenceLink.open(args.evidence))
    with writing(output):
        atomic_write(output, text.encode("utf-8"), replace=args.force)
    print(f"wrote {output} ({NAMES[args.to]})")
    return 0
