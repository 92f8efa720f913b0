"""``trialkit selftest``: the installation check, reproducing the validation table."""

from __future__ import annotations

import argparse
import json
import sys


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of the selftest command."""
    parser.add_argument("--json", action="store_true", help="print the report as JSON")


def run(args: argparse.Namespace) -> int:
    """Run every case; exit 0 when all agree, 1 otherwise."""
    from trialkit import __version__
    from trialkit.power.validation import run_cases

    outcomes = run_cases()
    failed = [o for o in outcomes if not o.agrees]
    if args.json:
        json.dump(
            {
                "version": __version__,
                "cases": [
                    {"case": o.case.id, "procedure": o.case.procedure, "output": o.case.output,
                     "source": o.case.source, "status": o.case.status,
                     "expected": o.case.expected, "obtained": o.obtained,
                     "agrees": o.agrees, "error": o.error}
                    for o in outcomes
                ],
                "passed": len(outcomes) - len(failed),
                "failed": len(failed),
            },
            sys.stdout, indent=2,
        )
        print()
        return 1 if failed else 0
    print(f"trialkit {__version__} selftest: {len(outcomes)} reference cases (published values "
          "and independent computations)\n")
    header = ("case", "procedure", "output", "expected", "obtained", "agreement")
    rows = [header] + [
        (o.case.id, o.case.procedure, o.case.output, _show(o.case.expected),
         _show(o.obtained) if not o.error else "error", "ok" if o.agrees else "DIFFERS")
        for o in outcomes
    ]
    widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
    for row in rows:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
    print("\nSources:")
    for o in outcomes:
        print(f"  {o.case.id} [{o.case.status}] {o.case.source}")
        if o.error:
            print(f"      error: {o.error}")
    print(f"\n{len(outcomes) - len(failed)} of {len(outcomes)} cases agree"
          + ("." if not failed else f"; {len(failed)} differ: "
             + ", ".join(o.case.id for o in failed)))
    return 1 if failed else 0


def _show(value: object) -> str:
    if isinstance(value, float):
        return f"{value:.7g}"
    if isinstance(value, tuple):
        return " + ".join(str(v) for v in value)
    return str(value)
