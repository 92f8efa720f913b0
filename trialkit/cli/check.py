"""``trialkit check DESIGN.yaml``: SPIRIT coverage (what is addressed, and where) and design problems.

Exit status 0 when every checklist item is addressed and there is no design error; 1 when
something is left to do (warnings count too with --strict); 2 when the file cannot be read.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from typing import Any


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``trialkit check``."""
    parser.add_argument("design", metavar="DESIGN.yaml", help="trial design file")
    parser.add_argument(
        "--spirit", choices=("2025", "2013"), default="2025",
        help="checklist version (default 2025)",
    )
    parser.add_argument("--templates", metavar="DIR", help="folder of overriding templates")
    parser.add_argument(
        "--evidence", metavar="DIR", action="append", default=None,
        help="extra folder of evidence YAML files (repeatable; also $TRIALKIT_EVIDENCE)",
    )
    parser.add_argument("--strict", action="store_true", help="warnings also fail the check")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")


def run(args: argparse.Namespace) -> int:
    """Print the report; 0 when complete, 1 when items or problems remain."""
    from trialkit.design import load_trial
    from trialkit.design.checklist import load_checklist
    from trialkit.design.evidence_link import EvidenceLink
    from trialkit.render.printed import assess_as_printed

    trial = load_trial(args.design)
    assessment = assess_as_printed(trial, EvidenceLink.open(args.evidence), args.templates)
    rows = assessment.coverage(args.spirit)
    open_items = [r for r in rows if r.status != "addressed"]
    failing = [p for p in assessment.problems if p.severity == "error" or args.strict]
    if args.json:
        print(json.dumps({"design": args.design, **assessment.report(args.spirit)}, indent=2))
    else:
        _print_report(args.design, load_checklist(args.spirit).name, rows, assessment)
    return 1 if open_items or failing else 0


def _print_report(design: str, checklist: str, rows: Sequence[Any], assessment: Any) -> None:
    from trialkit.design.words import where

    addressed = [r for r in rows if r.status == "addressed"]
    print(f"{design}: {checklist}: {len(addressed)} of {len(rows)} items and sub-items addressed")
    if addressed:
        print("\nAddressed:")
        for r in addressed:
            print(f"  {r.id:<4} {r.label}  ->  {'; '.join(r.where)}")
    partly = [r for r in rows if r.status == "partial"]
    for heading, listed in (("Partly addressed", partly),
                            ("Not addressed", [r for r in rows if r.status not in
                                               ("addressed", "partial")])):
        if listed:
            print(f"\n{heading}:")
        for r in listed:
            places = f" in {'; '.join(r.where)}" if r.where else ""
            fill = f"; fill in {'; '.join(where(f) for f in r.empty_fields)}" \
                if r.empty_fields else ""
            asks = f"; the document still asks: {'; '.join(r.still_to_write)}" \
                if r.still_to_write else ""
            print(f"  {r.id:<4} {r.label}  [{r.status_words}{places}{fill}{asks}]")
    stated, totals = assessment.stated, assessment.totals
    if stated is not None and totals is not None:
        print(f"\nSample size: {assessment.size.words} ({_procedure_label(stated.procedure)})")
    problems = assessment.problems
    print("\nDesign problems:" if problems else "\nDesign problems: none")
    for p in problems:
        print(f"  {p}")



def _procedure_label(name: str) -> str:
    """The procedure by its catalogue label ('Two proportions'), not its function name."""
    from trialkit.power import catalogue

    found = catalogue.procedure(name)
    return found.label if found is not None else name
