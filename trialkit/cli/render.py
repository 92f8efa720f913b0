"""``trialkit render DESIGN.yaml --to md|html|docx -o PATH``: write the protocol document.

The file is written atomically; an existing file is kept unless --force is given.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from trialkit.errors import TrialkitError

if TYPE_CHECKING:
    from trialkit.design.model import Trial

SUFFIX = {"md": ".md", "html": ".html", "docx": ".docx"}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``trialkit render``."""
    parser.add_argument("design", metavar="DESIGN.yaml", help="trial design file")
    parser.add_argument(
        "--to", choices=tuple(SUFFIX), default="md", help="output format (default md)"
    )
    parser.add_argument(
        "-o", "--output", metavar="PATH",
        help="output file (default: the design's name with the format's suffix)",
    )
    parser.add_argument("--force", action="store_true", help="overwrite an existing file")
    parser.add_argument("--templates", metavar="DIR", help="folder of overriding templates")
    parser.add_argument(
        "--evidence", metavar="DIR", action="append", default=None,
        help="extra folder of evidence YAML files (repeatable; also $TRIALKIT_EVIDENCE)",
    )


def run(args: argparse.Namespace) -> int:
    """Render the design; refuse (exit 2) to overwrite without --force."""
    from trialkit.design import load_trial

    output = Path(args.output) if args.output else Path(args.design).with_suffix(SUFFIX[args.to])
    if output.exists() and not args.force:
        raise TrialkitError(f"{output} exists; use --force to overwrite it")
    if output.is_dir():
        raise TrialkitError(f"{output} is a folder; give a file name with -o")
    if output.parent and not output.parent.is_dir():
        raise TrialkitError(f"{output.parent} is not a folder")
    if args.templates and not Path(args.templates).is_dir():
        raise TrialkitError(f"--templates {args.templates} is not a folder")
    trial = load_trial(args.design)
    problems = _write(trial, output, args)
    note = ""
    if problems:
        note = f" ({problems} open issue{'s' if problems != 1 else ''}; see trialkit check)"
    print(f"wrote {output}{note}")
    return 0


def _write(trial: Trial, output: Path, args: argparse.Namespace) -> int:
    """Write the document atomically; returns the number of open problems it shows."""
    from trialkit.design.evidence_link import EvidenceLink
    from trialkit.design.io import atomic_write
    from trialkit.render.context import build_context

    link = EvidenceLink.open(args.evidence)
    context = build_context(trial, evidence=link, templates=args.templates)
    if args.to == "docx":
        try:
            from trialkit.render.docx import write_docx
        except ImportError as exc:
            raise TrialkitError(f"Word output is not available in this installation: {exc}") from None
        write_docx(trial, output, templates_dir=args.templates, evidence=link, context=context)
    else:
        from trialkit.render.html import render_html
        from trialkit.render.markdown import render_markdown

        render = render_markdown if args.to == "md" else render_html
        atomic_write(output, render(trial, templates=args.templates, context=context).encode("utf-8"))
    return len(context["problems"])
