"""The ``trialkit`` command: a thin shell over the Python API.

Each subcommand lives in its own module, imported only when that command runs, so
``trialkit power ...`` does not pay for pydantic, jinja2 or Textual.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence
from typing import NoReturn

from trialkit import __version__
from trialkit.errors import TrialkitError

COMMANDS: dict[str, tuple[str, str]] = {
    "power": ("trialkit.cli.power", "sample size, power or detectable effect of a design"),
    "selftest": ("trialkit.cli.selftest", "run the validation table against published values"),
    "evidence": ("trialkit.cli.evidence", "browse the evidence library and size from a record"),
    "check": ("trialkit.cli.check", "SPIRIT coverage and design problems of a design file"),
    "render": ("trialkit.cli.render", "write the protocol as Markdown, HTML or Word"),
    "schema": ("trialkit.cli.schema", "print the JSON Schema of design files"),
    "export": ("trialkit.cli.export", "write a design as a ClinicalTrials.gov record or CDISC USDM file"),
    "import": ("trialkit.cli.import_", "make a design from a ClinicalTrials.gov record or USDM file"),
    "diff": ("trialkit.cli.diff", "list what an amended design changes, by protocol section"),
    "open": ("trialkit.cli.open", "open a design file in the terminal UI"),
    "tui": ("trialkit.cli.tui", "the terminal UI (also what `trialkit` alone starts)"),
}
"""Subcommand name -> (module with add_arguments(parser) and run(args), one-line help)."""


class Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line on stderr and exit status 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message}\n")


def build_parser(command: str | None) -> argparse.ArgumentParser:
    """The top-level parser; only ``command``'s module is imported to fill in its options."""
    parser = Parser(
        prog="trialkit",
        description="Clinical-trial protocol design: sample size, evidence, protocol documents. "
        "With no command, opens the terminal UI.",
    )
    parser.add_argument("--version", action="version", version=f"trialkit {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    for name, (module_name, help_text) in COMMANDS.items():
        cmd = sub.add_parser(name, help=help_text, description=help_text)
        if name == command:
            importlib.import_module(module_name).add_arguments(cmd)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    command = next((a for a in args_list if not a.startswith("-")), None)
    if command not in COMMANDS:
        command = None
    parser = build_parser(command)
    args = parser.parse_args(args_list)
    if args.command is None:
        if "tui" in COMMANDS:
            return _run("tui", args)
        parser.print_help()
        return 0
    return _run(args.command, args)


DEBUG_ENV = "TRIALKIT_DEBUG"
"""Set to 1 to get Python's traceback instead of the one-line message (for bug reports)."""


def _run(command: str, args: argparse.Namespace) -> int:
    module = importlib.import_module(COMMANDS[command][0])
    try:
        return int(module.run(args) or 0)
    except KeyboardInterrupt:
        print("trialkit: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader (say, `head`) went away; stop quietly as other shell tools do.
        sys.stderr.close()
        return 0
    except Exception as exc:
        if os.environ.get(DEBUG_ENV) and not isinstance(exc, TrialkitError):
            raise
        from trialkit.cli.terminal import printable

        code, message = describe_error(exc)
        print(f"trialkit: {printable(message)}", file=sys.stderr)  # may quote a file's text
        return code


def describe_error(exc: BaseException) -> tuple[int, str]:
    """(exit status, one line) for an error: 2 for what the input or the machine caused, else 1."""
    if isinstance(exc, TrialkitError):
        return 2, "error: " + " ".join(str(exc).split())
    if isinstance(exc, OSError):
        where = f"{exc.filename}: " if exc.filename is not None else ""
        return 2, f"error: {where}{exc.strerror or exc}"
    if isinstance(exc, RecursionError):
        return 2, "error: the input is nested too deeply to process"
    if isinstance(exc, MemoryError):
        return 2, "error: out of memory; the input asks for more than this machine has"
    if isinstance(exc, OverflowError):
        return 2, "error: a number is too large to compute with; use a smaller value"
    first = (str(exc).splitlines() or [""])[0]
    return 1, (f"internal error ({type(exc).__name__}: {first}); please report it, "
               f"with {DEBUG_ENV}=1 set for the details")
