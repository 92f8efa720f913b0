"""``trialkit render DESIGN.yaml --to md|html|docx|pdf -o PATH``: write the protocol document.

PDF is the Word file converted by LibreOffice headless (which must be installed). The file
is written atomically; an existing file is kept unless --force is given, and only a
regular file (or a new name) is ever written: a device, folder, FIFO or socket is refused.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from trialkit.errors import TrialkitError

if TYPE_CHECKING:
    from trialkit.design.model import Trial

SUFFIX = {"md": ".md", "html": ".html", "docx": ".docx", "pdf": ".pdf"}


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
        "--amends", metavar="OLD.yaml",
        help="the version this design amends: adds the amendment status and summary of changes",
    )
    parser.add_argument(
        "--evidence", metavar="DIR", action="append", default=None,
        help="extra folder of evidence YAML files (repeatable; also $TRIALKIT_EVIDENCE)",
    )


def run(args: argparse.Namespace) -> int:
    """Render the design; refuse (exit 2) to overwrite without --force."""
    from trialkit.cli._output import check_output
    from trialkit.design import load_trial

    output = Path(args.output) if args.output else Path(args.design).with_suffix(SUFFIX[args.to])
    check_output(output, force=args.force, source=Path(args.design))
    if args.templates and not Path(args.templates).is_dir():
        raise TrialkitError(f"--templates {args.templates} is not a folder")
    trial = load_trial(args.design)
    old = load_trial(args.amends) if args.amends else None
    problems = _write(trial, output, args, old)
    note = ""
    if problems:
        note = f" ({problems} open issue{'s' if problems != 1 else ''}; see trialkit check)"
    print(f"wrote {output}{note}")
    return 0


def _write(trial: Trial, output: Path, args: argparse.Namespace, old: Trial | None) -> int:
    """Write the document atomically (amending ``old`` if given); returns the number of open
    problems it shows."""
    from trialkit.cli._output import writing
    from trialkit.design.evidence_link import EvidenceLink
    from trialkit.files import atomic_write
    from trialkit.render.context import build_context

    link = EvidenceLink.open(args.evidence)
    if old is None:
        context = build_context(trial, evidence=link, templates=args.templates)
    else:
        from trialkit.render.amendments import amended_context

        trial, context = amended_context(old, trial, evidence=link, templates=args.templates)
    if args.to in ("docx", "pdf"):
        try:
            from trialkit.render.docx import write_docx
            from trialkit.render.docx_pdf import write_pdf
        except ImportError as exc:
            raise TrialkitError(f"Word output is not available in this installation: {exc}") from None
        write = write_pdf if args.to == "pdf" else write_docx
        with writing(output):
            write(trial, output, templates_dir=args.templates, evidence=link, context=context,
                  replace=args.force)
    else:
        from trialkit.render.html import render_html
        from trialkit.render.markdown import render_markdown

        render = render_markdown if args.to == "md" else render_html
        text = render(trial, templates=args.templates, context=context)
        with writing(output):
            atomic_write(output, text.encode("utf-8"), replace=args.force)
    return len(context.problems)
