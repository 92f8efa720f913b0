"""``trialkit diff OLD.yaml NEW.yaml``: what an amendment changes, by protocol section.

Exits 1 when the designs differ and 0 when they do not (as ``diff`` does); ``--json`` prints
the same as data.
"""

from __future__ import annotations

import argparse
import json


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``trialkit diff``."""
    parser.add_argument("old", metavar="OLD.yaml", help="the earlier design")
    parser.add_argument("new", metavar="NEW.yaml", help="the amended design")
    parser.add_argument("--json", action="store_true", help="print the changes as JSON")
    parser.add_argument(
        "--evidence", metavar="DIR", action="append", default=None,
        help="extra folder of evidence YAML files (repeatable; also $TRIALKIT_EVIDENCE)",
    )


def run(args: argparse.Namespace) -> int:
    """Print the changes; 1 if there are any."""
    from trialkit.cli.terminal import printable, printable_json
    from trialkit.design import load_trial
    from trialkit.design.evidence_link import EvidenceLink
    from trialkit.export.amendments import compare

    amendment = compare(load_trial(args.old), load_trial(args.new), EvidenceLink.open(args.evidence))
    if args.json:
        print(printable_json(json.dumps(amendment.to_dict(), indent=2, ensure_ascii=False)))
    else:  # ids and names come from the designs: their control characters are shown, not sent
        print(printable(amendment.text()), end="")
    return 1 if amendment.changes else 0
