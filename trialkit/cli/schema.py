"""``trialkit schema``: the JSON Schema of design files, for editors to complete and check them."""

from __future__ import annotations

import argparse
import json
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``trialkit schema``."""
    parser.add_argument("-o", "--output", metavar="PATH", help="write to a file instead of stdout")
    parser.add_argument("--force", action="store_true", help="overwrite an existing file")


def run(args: argparse.Namespace) -> int:
    """Print (or write) the schema; refuse (exit 2) to overwrite a file without --force."""
    from trialkit.cli._output import check_output, writing
    from trialkit.design.model import Trial
    from trialkit.files import atomic_write

    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **Trial.model_json_schema(),
    }
    text = json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
    if args.output:
        output = Path(args.output)
        check_output(output, force=args.force)
        with writing(output):
            atomic_write(output, text.encode("utf-8"), replace=args.force)
    else:
        print(text, end="")
    return 0
