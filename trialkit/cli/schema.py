"""``trialkit schema``: the JSON Schema of design files, for editors to complete and check them."""

from __future__ import annotations

import argparse
import json


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``trialkit schema``."""
    parser.add_argument("-o", "--output", metavar="PATH", help="write to a file instead of stdout")


def run(args: argparse.Namespace) -> int:
    """Print (or write) the schema."""
    from trialkit.design.io import atomic_write
    from trialkit.design.model import Trial

    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **Trial.model_json_schema(),
    }
    text = json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
    if args.output:
        atomic_write(args.output, text.encode("utf-8"))
    else:
        print(text, end="")
    return 0
