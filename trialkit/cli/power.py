"""``trialkit power <procedure>``: one design's sample size, power or detectable effect.

The subcommands and their options are generated from the procedure catalogue
(trialkit.power.catalogue), which imports nothing heavy; the engine is imported only when a
procedure runs.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import textwrap
import warnings
from collections.abc import Callable, Collection
from typing import Any

from trialkit.cli.power_interim import assurance_options, assurance_rows
from trialkit.cli.progress import simulation_progress
from trialkit.cli.results import check_printable
from trialkit.errors import InvalidParameter, NoSolution, TrialkitError, Unknowns, solve_for
from trialkit.power._text import typeset
from trialkit.power.catalogue import CATALOGUE, Parameter, Procedure
from trialkit.power.catalogue_extra import ASSURANCE_OPTIONS, INTERIM_PROCEDURES
from trialkit.power.interim_summary import interim_payload


def sizes(text: str) -> int | tuple[int, int]:
    """'40' or '40,20' (treatment,control)."""
    parts = [p.strip() for p in text.split(",")]
    try:
        values = [int(p) for p in parts]
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a whole number or a 'treatment,control' pair"
        ) from None
    if len(values) == 1:
        return values[0]
    if len(values) == 2:
        return values[0], values[1]
    raise argparse.ArgumentTypeError(f"{text!r}: give one number or two separated by a comma")


def fractions(text: str) -> tuple[float, ...]:
    """'0.3,0.6,1' -> (0.3, 0.6, 1.0)."""
    try:
        return tuple(float(p) for p in text.split(","))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a comma-separated list of numbers") from None


PROCEDURES: dict[str, Procedure] = {p.command: p for p in (*CATALOGUE, *INTERIM_PROCEDURES)}
"""CLI name -> procedure, from the catalogue: a procedure added there is offered here."""

_TYPES: dict[str, Callable[[str], Any]] = {
    "number": float, "integer": int, "sizes": sizes, "fractions": fractions, "text": str,
}


def flag(name: str) -> str:
    """The command-line option of a keyword: --n-per-arm for n_per_arm."""
    return "--" + name.replace("_", "-")


def _type(param: Parameter) -> Callable[[str], Any]:
    if param.kind == "choice":
        return type(param.choices[0].value)
    return _TYPES[param.kind]


def _help(param: Parameter) -> str:
    """The option's help: what it is, its unit, its valid values and its default."""
    text = param.help
    if param.unit:
        text += f" [{param.unit}]"
    if param.choices:
        text += "; one of " + ", ".join(
            f"{c.value} ({c.label})" if c.label != str(c.value) else str(c.value)
            for c in param.choices)
    elif param.valid is not None:
        text += f"; {param.valid.words()}"
    if param.default is not None:
        text += f" (default: {param.default})"
    # argparse treats % in help as a format directive ("90% CI" would crash --help).
    return text.replace("%", "%%")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """One subcommand per procedure, each listing every option with meaning and default."""
    sub = parser.add_subparsers(dest="procedure", metavar="PROCEDURE", required=True,
                                parser_class=type(parser))
    for name, proc in PROCEDURES.items():
        p = sub.add_parser(name, help=proc.help, description=f"{proc.help}. {proc.solves} "
                           f"Method: {proc.reference}.".replace("%", "%%"))
        for param in proc.parameters:
            if param.kind == "flag":
                p.add_argument(flag(param.flag), dest=param.name, action="store_true",
                               help=param.help.replace("%", "%%"))
                continue
            choices = [c.value for c in param.choices] or None
            p.add_argument(flag(param.name), dest=param.name, type=_type(param), default=None,
                           choices=choices, help=_help(param), metavar=param.name.upper())
        if proc.sizes_design:
            for param in ASSURANCE_OPTIONS:
                p.add_argument(flag(param.name), dest=param.name, type=float, default=None,
                               help=_help(param), metavar=param.name.upper())
        for old, new in proc.deprecated.items():
            target = proc.parameter(new)
            assert target is not None
            p.add_argument(flag(old), dest=old, type=_type(target), default=None,
                           help=argparse.SUPPRESS)
        p.add_argument("--json", action="store_true", help="print the result as JSON")
        if proc in INTERIM_PROCEDURES:
            continue
        p.add_argument("--sweep", metavar="NAME=START:STOP[:STEP]",
                       help="also print power over a range of one input, e.g. n-per-arm=20:80:10 "
                       "(STEP defaults to a tenth of the range; at most 1000 values)")


def keyword_arguments(proc: Procedure, args: argparse.Namespace) -> dict[str, Any]:
    """The options the user gave, as the engine's keywords (the engine supplies defaults)."""
    kwargs: dict[str, Any] = {}
    for param in proc.parameters:
        value = getattr(args, param.name)
        if param.kind == "flag":
            if value:
                kwargs[param.name] = not param.default
        elif value is not None:
            kwargs[param.name] = value
    for old in proc.deprecated:
        if getattr(args, old) is not None:
            kwargs[old] = getattr(args, old)
    return kwargs


def run(args: argparse.Namespace) -> int:
    """Solve the design and print a table and the justification paragraph (or JSON)."""
    proc = PROCEDURES[args.procedure]
    kwargs = keyword_arguments(proc, args)
    _require(proc, kwargs)
    if proc in INTERIM_PROCEDURES:
        return _run_interim(proc, kwargs, args.json)
    prior = assurance_options(args)
    with warnings.catch_warnings(record=True) as caught, simulation_progress():
        warnings.simplefilter("always", DeprecationWarning)
        try:
            result = proc.function()(**kwargs)
            curve = _sweep(proc, args.sweep, kwargs) if args.sweep else None
            success = _assurance(result, prior) if prior is not None else None
        except InvalidParameter as exc:
            raise TrialkitError(in_words(proc, exc, kwargs)) from None
        except NoSolution as exc:
            raise NoSolution(options_in(proc, exc)) from None
    check_printable(result, curve)  # never NaN, infinity or a size beyond the engine's range
    if success is not None:
        check_printable(success)
    for warning in caught:
        if issubclass(warning.category, DeprecationWarning):
            print(f"trialkit: note: {warning.message}", file=sys.stderr)
    if args.json:
        payload = result.to_dict()
        if curve is not None:
            payload["sweep"] = curve.to_dict()
        if success is not None:
            payload["assurance"] = success.to_dict()
        json.dump(payload, sys.stdout, indent=2)
        print()
        return 0
    print_table(result.summary_rows() + (assurance_rows(success) if success else []))
    if curve is not None:
        print()
        print_table([(f"{proc.label_of(curve.parameter)} = {v:g}", f"power {p:.4f}")
                     for v, p in curve.rows()])
    print()
    print(textwrap.fill(typeset(result.justification), width=88))
    if success is not None:
        print()
        print(textwrap.fill(typeset(success.justification), width=88))
    return 0


def _assurance(result: Any, prior: dict[str, Any]) -> Any:
    from trialkit.power import assurance

    try:
        return assurance(result, **prior)
    except InvalidParameter as exc:
        if exc.name in ("prior_mean", "prior_sd", "target"):
            name = "target_assurance" if exc.name == "target" else exc.name
            label = next(p.label for p in ASSURANCE_OPTIONS if p.name == name)
            raise TrialkitError(f"{label} ({flag(name)}) = {exc.value!r} is invalid: "
                                f"{exc.valid}") from None
        if exc.name == "result":
            raise TrialkitError(f"the assurance is not available for this procedure: "
                                f"{exc.valid}") from None
        raise


def _run_interim(proc: Procedure, kwargs: dict[str, Any], as_json: bool) -> int:
    try:
        rows, text, payload = interim_payload(proc, kwargs)
    except InvalidParameter as exc:
        if exc.name == "design_power" and exc.value is None:
            raise TrialkitError("Design power (--design-power) is required with --under design: "
                                "the power the trial was sized for") from None
        raise TrialkitError(in_words(proc, exc, kwargs)) from None
    check_printable(_Payload(payload))
    if as_json:
        json.dump(payload, sys.stdout, indent=2)
        print()
        return 0
    print_table(rows)
    print()
    print(textwrap.fill(text, width=88))
    return 0


class _Payload:
    """A JSON payload seen as a result, for the printable check."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data

    def to_dict(self) -> dict[str, Any]:
        """The payload."""
        return self.data


def in_words(proc: Procedure, exc: InvalidParameter, given: Collection[str] = ()) -> str:
    """The engine's complaint naming the option as typed (and its label), not the keyword;
    ``given`` are the keywords the user gave."""
    if exc.name == "unknowns" or (exc.value is None and exc.name in proc.solvable):
        return solve_for_options(proc, exc, given)
    param = proc.parameter(exc.name)
    if param is None:
        return f"{exc.name.replace('_', ' ')}: {options_in(proc, exc)}"
    typed = exc.name if exc.name in proc.deprecated else param.name
    option = flag(param.flag if param.kind == "flag" else typed)
    shown = exc.value if isinstance(exc.value, str) else repr(exc.value)
    return f"{param.label} ({option}) = {shown} is invalid: {options_in(proc, exc)}"


def options_in(proc: Procedure, exc: InvalidParameter | NoSolution) -> str:
    """An engine message with the inputs it refers to as the options typed (hazard_breaks ->
    --hazard-breaks) and other procedures by their subcommands (two_proportions ->
    two-proportions): the engine names them as data, never inside its prose."""
    commands = {p.name: p.command for p in PROCEDURES.values()}
    return exc.words(lambda key: commands.get(key) or flag(key))


def solve_for_options(proc: Procedure, exc: InvalidParameter, given: Collection[str]) -> str:
    """What to give so that one quantity is left to solve for, in the options' words."""
    if isinstance(exc, Unknowns):
        candidates, missing = exc.candidates, exc.missing
    else:  # a procedure that words it itself: derive from what the user gave
        candidates = tuple(sorted(proc.solvable, key=lambda c: c != "power"))
        missing = tuple(c for c in candidates if c not in given)
    return solve_for(candidates, missing, lambda name, given: _quantity(proc, name, given))


def _quantity(proc: Procedure, name: str, given: bool) -> str:
    """'the target power (--power)' to give, 'the power' to find; likewise the size and effect."""
    param = proc.parameter(name)
    role = param.role if param is not None else None
    if role == "power":
        words = "the target power" if given else "the power"
    elif role == "size":
        words = "the number of events" if name == "events" else "the sample size"
    else:
        words = "the " + (param.label.lower() if param is not None else name.replace("_", " "))
    return f"{words} ({flag(name)})" if given else words


def _require(proc: Procedure, kwargs: dict[str, Any]) -> None:
    """Name a missing required option instead of letting Python raise a TypeError."""
    for param in proc.parameters:
        if param.required and param.name not in kwargs:
            raise TrialkitError(f"{flag(param.name)} ({param.label}) is required by this "
                                "procedure")


def print_table(rows: list[tuple[str, str]]) -> None:
    """Two aligned columns."""
    width = max(len(label) for label, _ in rows)
    for label, value in rows:
        print(f"  {label.ljust(width)}  {value}")


MAX_SWEEP = 1000


def _sweep(proc: Procedure, spec: str, kwargs: dict[str, Any]) -> Any:
    from trialkit.power import power_curve

    typed, _, bounds = spec.partition("=")
    name = typed.strip().removeprefix("--").replace("-", "_")
    inputs = [p.name for p in proc.parameters if p.role != "power" and p.kind != "text"]
    if name not in inputs:
        raise TrialkitError(f"--sweep {spec}: must vary one of "
                            + ", ".join(flag(n)[2:] for n in inputs))
    try:
        parts = [float(x) for x in bounds.split(":")]
        start, stop = parts[0], parts[1]
        step = parts[2] if len(parts) > 2 else (stop - start) / 10.0
    except (ValueError, IndexError):
        raise TrialkitError(f"--sweep {spec}: must look like NAME=START:STOP[:STEP]") from None
    if not all(math.isfinite(x) for x in (start, stop, step)) or step <= 0 or stop < start:
        raise TrialkitError(f"--sweep {spec}: needs finite START <= STOP and STEP > 0")
    count = int((stop - start) / step + 1e-9) + 1
    if count > MAX_SWEEP:
        raise TrialkitError(f"--sweep {spec}: gives {count} values; at most {MAX_SWEEP}")
    values = [start + i * step for i in range(count)]
    fixed = {k: v for k, v in kwargs.items() if k not in {"power", name}}
    return power_curve(proc.name, vary=name, values=values, **fixed)
