"""``trialkit power <procedure>``: one design's sample size, power or detectable effect.

The option tables live here, not in trialkit.power, so that building the parser imports
nothing heavy; the engine is imported only when a procedure runs.
"""

from __future__ import annotations

import argparse
import importlib
import json
import math
import sys
import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from trialkit.errors import InvalidParameter, TrialkitError


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


@dataclass(frozen=True)
class Opt:
    """One command-line option of a procedure: --name maps to the keyword argument."""

    name: str
    help: str
    type: Callable[[str], Any] = float
    default: Any = None
    choices: tuple[Any, ...] | None = None

    @property
    def flag(self) -> str:
        return "--" + self.name.replace("_", "-")


ALPHA = Opt("alpha", "significance level; with --sides 2 the total two-sided level", float, 0.05)
POWER = Opt("power", "target power (leave out to solve for power)")
SIDES = Opt("sides", "1 for a one-sided test, 2 for two-sided", int, 2, (1, 2))
RATIO = Opt("ratio", "allocation ratio treatment:control", float, 1.0)
DROPOUT = Opt("dropout", "expected fraction lost to follow-up, in [0, 1); inflates enrolment",
              float, 0.0)
N_PER_ARM = Opt("n_per_arm", "participants per arm, or 'treatment,control' "
                "(leave out to solve for it)", sizes)
N = Opt("n", "number of participants (leave out to solve for it)", int)
NORMAL_APPROXIMATION = Opt("approximation", "exact t-test, or the known-variance z formulas of "
                           "Chow/Shao/Wang", str, "exact", ("exact", "normal"))


@dataclass(frozen=True)
class Procedure:
    """A procedure as the command line offers it."""

    function: str
    help: str
    options: tuple[Opt, ...]
    flags: tuple[str, ...] = field(default=())
    solves: str = "Leave exactly one of the power, the sample size or the effect out to solve for it."
    """What the procedure solves for, for its --help."""


PROCEDURES: dict[str, Procedure] = {
    "two-means": Procedure(
        "trialkit.power:two_means",
        "two-sample t-test (superiority, non-inferiority with --margin, ANCOVA with "
        "--baseline-correlation)",
        (
            Opt("delta", "true difference in means, treatment - control (leave out to solve)"),
            Opt("sd", "common standard deviation"),
            N_PER_ARM, POWER, ALPHA, SIDES, RATIO, DROPOUT,
            Opt("margin", "non-inferiority margin > 0 (H0: difference <= -margin); leave out for "
                "a superiority test"),
            Opt("baseline_correlation", "baseline-outcome correlation r for an ANCOVA", float, 0.0),
            NORMAL_APPROXIMATION,
        ),
    ),
    "one-mean": Procedure(
        "trialkit.power:one_mean",
        "one-sample or paired t-test",
        (
            Opt("delta", "true mean (difference) to detect (leave out to solve)"),
            Opt("sd", "standard deviation (of the differences, if paired)"),
            N, POWER, ALPHA, SIDES, DROPOUT, NORMAL_APPROXIMATION,
        ),
    ),
    "ratio-of-means": Procedure(
        "trialkit.power:ratio_of_means",
        "t-test on the log scale for a ratio of geometric means (log-normal outcomes)",
        (
            Opt("ratio", "ratio of means treatment/control to detect (leave out to solve)"),
            Opt("cv", "coefficient of variation on the original scale"),
            N_PER_ARM, POWER, ALPHA, SIDES,
            Opt("allocation", "allocation ratio treatment:control", float, 1.0),
            DROPOUT,
        ),
    ),
    "two-proportions": Procedure(
        "trialkit.power:two_proportions",
        "comparison of two independent proportions (z-test)",
        (
            Opt("p1", "treatment-arm proportion (leave out to solve)"),
            Opt("p2", "control-arm proportion"),
            N_PER_ARM, POWER, ALPHA, SIDES, RATIO, DROPOUT,
            Opt("method", "variance: pooled (Fleiss; R power.prop.test), unpooled, or arcsine "
                "(Cohen's h)", str, "pooled", ("pooled", "unpooled", "arcsine")),
        ),
        flags=("continuity",),
    ),
    "one-proportion": Procedure(
        "trialkit.power:one_proportion",
        "single-arm test of a response rate (exact binomial by default)",
        (
            Opt("p0", "null (uninteresting) response rate"),
            Opt("p1", "response rate to detect (leave out to solve)"),
            N, POWER, ALPHA, Opt("sides", "1 for one-sided, 2 for two-sided", int, 1, (1, 2)),
            DROPOUT,
        ),
        flags=("normal",),
    ),
    "logrank": Procedure(
        "trialkit.power:logrank",
        "log-rank test: events, and patients given survival and timing",
        (
            Opt("hazard_ratio", "hazard ratio treatment/control (leave out to solve)"),
            Opt("events", "number of events (leave out to solve for it)", int),
            POWER, ALPHA, SIDES, RATIO, DROPOUT,
            Opt("method", "events formula", str, "schoenfeld", ("schoenfeld", "freedman")),
            Opt("median_control", "median survival in the control arm (time units); with "
                "--accrual-time and --follow-up-time, also gives the number of patients"),
            Opt("accrual_time", "uniform accrual period (time units)"),
            Opt("follow_up_time", "minimum follow-up after accrual ends (time units)"),
            Opt("dropout_rate", "exponential loss-to-follow-up hazard per time unit (default: "
                "no loss)"),
        ),
    ),
    "group-sequential": Procedure(
        "trialkit.power:group_sequential",
        "group-sequential boundaries (alpha spending, classical Pocock/O'Brien-Fleming, "
        "non-binding futility) and the sample-size inflation factor",
        (
            Opt("k", "number of analyses including the final one", int),
            Opt("alpha", "overall significance level (one-sided unless --sides 2)", float, 0.025),
            Opt("power", "target power", float, 0.9),
            Opt("sides", "1 for one-sided, 2 for a symmetric two-sided design", int, 1, (1, 2)),
            Opt("spending", "efficacy boundary: Lan-DeMets obf or pocock, Hwang-Shih-DeCani hsd, "
                "or classical_obf / classical_pocock", str, "obf",
                ("obf", "pocock", "hsd", "classical_obf", "classical_pocock")),
            Opt("gamma", "Hwang-Shih-DeCani parameter (with --spending hsd), e.g. -4"),
            Opt("timing", "information fractions of the looks, e.g. 0.3,0.6,1 "
                "(default equally spaced)", fractions),
            Opt("futility", "non-binding futility bound by beta spending (one-sided only)", str,
                None, ("obf", "pocock", "hsd")),
            Opt("futility_gamma", "Hwang-Shih-DeCani parameter of the futility bound"),
        ),
        solves="Computes the boundaries and the sample-size inflation for the given alpha and "
        "power.",
    ),
    "simon": Procedure(
        "trialkit.power:simon_two_stage",
        "Simon two-stage single-arm phase II design (exact search)",
        (
            Opt("p0", "response rate not worth pursuing (H0)"),
            Opt("p1", "response rate worth detecting (H1)"),
            Opt("alpha", "one-sided significance level", float, 0.05),
            Opt("power", "target power", float, 0.8),
            Opt("criterion", "optimal (smallest expected n under p0) or minimax (smallest "
                "maximum n)", str, "optimal", ("optimal", "minimax")),
            Opt("n_max", "largest total sample size searched (default twice the single-stage n)",
                int),
            DROPOUT,
        ),
        solves="Searches the exact optimal or minimax design for the given alpha and power.",
    ),
    "equivalence-means": Procedure(
        "trialkit.power:equivalence_means",
        "equivalence of two means by two one-sided tests (TOST), parallel groups",
        (
            Opt("margin", "equivalence margin > 0, difference within +-margin (leave out to "
                "solve for the narrowest margin)"),
            Opt("sd", "common standard deviation"),
            Opt("delta", "assumed true difference treatment - control", float, 0.0),
            N_PER_ARM, POWER,
            Opt("alpha", "level of each one-sided test (0.05: a 90% confidence interval)",
                float, 0.05),
            RATIO, DROPOUT,
            Opt("approximation", "exact TOST power, or Chow/Shao/Wang's normal formula", str,
                "exact", ("exact", "normal")),
        ),
    ),
    "crossover": Procedure(
        "trialkit.power:crossover",
        "2x2 (AB/BA) crossover: equality, non-inferiority or equivalence",
        (
            Opt("delta", "true difference treatment - control (leave out to solve; not for "
                "equivalence)"),
            Opt("sd", "SD of the within-subject difference between treatments"),
            Opt("n_per_sequence", "participants per sequence, or 'AB,BA' (leave out to solve "
                "for it)", sizes),
            POWER, ALPHA,
            Opt("test", "hypothesis", str, "equality", ("equality", "noninferiority",
                                                         "equivalence")),
            Opt("margin", "non-inferiority or equivalence margin > 0"),
            SIDES, DROPOUT,
            Opt("approximation", "exact t-based power, or the normal formulas of Chow/Shao/Wang",
                str, "exact", ("exact", "normal")),
        ),
    ),
    "design-effect": Procedure(
        "trialkit.power.cluster:cluster_design_effect",
        "design effect of cluster randomisation (unequal cluster sizes: Eldridge et al. 2006)",
        (
            Opt("cluster_size", "mean number of participants per cluster"),
            Opt("icc", "intracluster correlation coefficient"),
            Opt("cluster_size_cv", "coefficient of variation of cluster size (0: equal sizes)",
                float, 0.0),
        ),
        solves="",
    ),
    "adjusted-alpha": Procedure(
        "trialkit.power:adjusted_alpha",
        "significance levels for several primary endpoints (Bonferroni, Holm)",
        (
            Opt("alpha", "familywise significance level", float, 0.05),
            Opt("endpoints", "number of primary endpoints", int),
            Opt("method", "multiplicity procedure", str, "holm", ("holm", "bonferroni")),
        ),
        solves="",
    ),
    "ancova-log": Procedure(
        "trialkit.power.simulate:ancova_log_power",
        "simulated power or sample size of ANCOVA on log(x + 1) for a log-normal outcome "
        "such as the C-peptide AUC (Lachin et al. 2011)",
        (
            Opt("control_mean", "control-arm mean of the outcome (e.g. AUC in nmol/L)"),
            Opt("cv", "coefficient of variation of the outcome"),
            Opt("ratio", "treatment/control ratio of means to detect"),
            Opt("baseline_correlation", "correlation of baseline and follow-up (log scale)"),
            N_PER_ARM,
            Opt("power", "target power: give it instead of --n-per-arm to find the sample size "
                "by simulation"),
            ALPHA, SIDES,
            Opt("baseline_mean", "baseline mean of the outcome (default: --control-mean)"),
            Opt("baseline_cv", "baseline coefficient of variation (default: --cv)"),
            Opt("n_sims", "number of simulated trials", int, 10_000),
            Opt("seed", "random seed", int, 1),
        ),
        solves="Give --power to find the sample size by simulation, or --n-per-arm for the "
        "simulated power.",
    ),
}
"""CLI name -> procedure; add an entry to offer a new procedure on the command line."""

FLAG_HELP = {
    "continuity": "apply the Fleiss-Tytun-Ury continuity correction",
    "normal": "use the normal approximation instead of the exact binomial test",
}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """One subcommand per procedure, each listing every option with meaning and default."""
    sub = parser.add_subparsers(dest="procedure", metavar="PROCEDURE", required=True,
                                parser_class=type(parser))
    for name, proc in PROCEDURES.items():
        p = sub.add_parser(name, help=proc.help, description=f"{proc.help}. {proc.solves}".strip())
        for opt in proc.options:
            default = "" if opt.default is None else f" (default: {opt.default})"
            if opt.choices:
                default = f"; one of {', '.join(map(str, opt.choices))}{default}"
            # argparse treats % in help as a format directive ("90% CI" would crash --help).
            p.add_argument(opt.flag, dest=opt.name, type=opt.type, default=opt.default,
                           choices=opt.choices, help=(opt.help + default).replace("%", "%%"),
                           metavar=opt.name.upper())
        for flag in proc.flags:
            p.add_argument("--" + flag, action="store_true", help=FLAG_HELP[flag])
        p.add_argument("--json", action="store_true", help="print the result as JSON")
        p.add_argument("--sweep", metavar="NAME=START:STOP[:STEP]",
                       help="also print power over a range of one input, e.g. n_per_arm=20:80:10 "
                       "(STEP defaults to a tenth of the range; at most 1000 values)")


def run(args: argparse.Namespace) -> int:
    """Solve the design and print a table and the justification paragraph (or JSON)."""
    proc = PROCEDURES[args.procedure]
    kwargs = {opt.name: getattr(args, opt.name) for opt in proc.options}
    kwargs = {k: v for k, v in kwargs.items() if v is not None}
    if "continuity" in proc.flags:
        kwargs["continuity"] = args.continuity
    if "normal" in proc.flags:
        kwargs["exact"] = not args.normal
    module_name, func_name = proc.function.split(":")
    function = getattr(importlib.import_module(module_name), func_name)
    _require(function, kwargs)
    result = function(**kwargs)
    curve = _sweep(proc, args.sweep, kwargs) if args.sweep else None
    if args.json:
        payload = result.to_dict()
        if curve is not None:
            payload["sweep"] = curve.to_dict()
        json.dump(payload, sys.stdout, indent=2)
        print()
        return 0
    print_table(result.summary_rows())
    if curve is not None:
        print()
        print_table([(f"{curve.parameter} = {v:g}", f"power {p:.4f}") for v, p in curve.rows()])
    print()
    print(textwrap.fill(result.justification, width=88))
    return 0


def _require(function: Callable[..., Any], kwargs: dict[str, Any]) -> None:
    """Name a missing required option instead of letting Python raise a TypeError."""
    import inspect

    for name, param in inspect.signature(function).parameters.items():
        if param.default is inspect.Parameter.empty and name not in kwargs:
            raise TrialkitError(f"--{name.replace('_', '-')} is required by this procedure")


def print_table(rows: list[tuple[str, str]]) -> None:
    """Two aligned columns."""
    width = max(len(label) for label, _ in rows)
    for label, value in rows:
        print(f"  {label.ljust(width)}  {value}")


MAX_SWEEP = 1000


def _sweep(proc: Procedure, spec: str, kwargs: dict[str, Any]) -> Any:
    from trialkit.power import power_curve

    name, _, bounds = spec.partition("=")
    inputs = [opt.name for opt in proc.options if opt.name != "power"]
    if name not in inputs:
        raise InvalidParameter("sweep", spec, f"must vary one of {', '.join(inputs)}")
    try:
        parts = [float(x) for x in bounds.split(":")]
        start, stop = parts[0], parts[1]
        step = parts[2] if len(parts) > 2 else (stop - start) / 10.0
    except (ValueError, IndexError):
        raise InvalidParameter("sweep", spec, "must look like NAME=START:STOP[:STEP]") from None
    if not all(math.isfinite(x) for x in (start, stop, step)) or step <= 0 or stop < start:
        raise InvalidParameter("sweep", spec, "needs finite START <= STOP and STEP > 0")
    count = int((stop - start) / step + 1e-9) + 1
    if count > MAX_SWEEP:
        raise InvalidParameter("sweep", spec, f"gives {count} values; at most {MAX_SWEEP}")
    values = [start + i * step for i in range(count)]
    fixed = {k: v for k, v in kwargs.items() if k not in {"power", name}}
    procedure = proc.function.split(":")[1]
    return power_curve(procedure, vary=name, values=values, **fixed)
