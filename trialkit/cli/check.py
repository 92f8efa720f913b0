"""``trialkit check DESIGN.yaml``: SPIRIT coverage (what is addressed, and where) and design problems.

Exit status 0 when every checklist item is addressed and there is no design error; 1 when
something is left to do (warnings count too with --strict); 2 when the file cannot be read.
"""

from __future__ import annotations

import argparse
import json
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
    from trialkit.design.checklist import (
        coverage,
        default_template_folders,
        load_checklist,
        template_blocks,
    )
    from trialkit.design.evidence_link import EvidenceLink
    from trialkit.design.sizing import size_trial
    from trialkit.design.validate import check_design

    trial = load_trial(args.design)
    link = EvidenceLink.open(args.evidence)
    sizing = size_trial(trial, link)
    rows = coverage(trial, template_blocks(default_template_folders(args.templates)), args.spirit)
    problems = check_design(trial, sizing, link)
    open_items = [r for r in rows if r.status != "addressed"]
    failing = [p for p in problems if p.severity == "error" or args.strict]
    if args.json:
        print(json.dumps(_report(args, rows, problems, sizing), indent=2))
    else:
        _print_report(args.design, load_checklist(args.spirit).name, rows, problems, sizing)
    return 1 if open_items or failing else 0


def _report(args: argparse.Namespace, rows: list[Any], problems: list[Any], sizing: Any) -> dict:
    return {
        "design": args.design,
        "checklist": f"SPIRIT {args.spirit}",
        "items": [r.to_dict() for r in rows],
        "problems": [
            {"severity": p.severity, "field": p.field, "message": p.message} for p in problems
        ],
        "sample_size": sizing.result.to_dict() if sizing.result is not None else None,
    }


def _print_report(
    design: str, checklist: str, rows: list[Any], problems: list[Any], sizing: Any
) -> None:
    addressed = [r for r in rows if r.status == "addressed"]
    print(f"{design}: {checklist}: {len(addressed)} of {len(rows)} items and sub-items addressed")
    if addressed:
        print("\nAddressed:")
        for r in addressed:
            print(f"  {r.id:<4} {r.label}  ->  {'; '.join(r.where)}")
    missing = [r for r in rows if r.status != "addressed"]
    if missing:
        print("\nNot addressed:")
        for r in missing:
            where = "; ".join(r.where) if r.where else "no template section"
            fill = f"; fill {', '.join(r.empty_fields)}" if r.empty_fields else ""
            print(f"  {r.id:<4} {r.label}  [{r.status} in {where}{fill}]")
    if sizing.result is not None:
        res = sizing.result
        arms = " + ".join(str(n) for n in res.n_per_arm)
        split = f"{arms} = " if len(res.n_per_arm) > 1 else ""
        print(
            f"\nSample size: {split}{res.n_total} analysed, {res.n_total_enrolled} to enrol "
            f"({sizing.procedure})"
        )
    print("\nDesign problems:" if problems else "\nDesign problems: none")
    for p in problems:
        print(f"  {p}")
