"""What the procedure catalogue is made of: procedures, parameters, ranges, choices, and the
parameters many procedures share (power, alpha, sides, allocation, dropout ...).

Plain frozen data with no numpy or scipy, so that describing a procedure costs nothing.
"""

from __future__ import annotations

import dataclasses
import importlib
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

Kind = Literal["number", "integer", "sizes", "fractions", "choice", "flag", "text"]
"""How a value is typed: a number, a whole number, one size or a (treatment, control) pair,
a list of fractions, one of fixed choices, a yes/no switch, or free text."""

Role = Literal["effect", "size", "allocation", "power", "alpha", "sides", "dropout", "input"]
"""What a parameter is to the design; ``input`` is everything else (variability, options)."""


@dataclass(frozen=True)
class Range:
    """The values a number may take; an open end excludes its bound."""

    low: float = -math.inf
    high: float = math.inf
    low_open: bool = False
    high_open: bool = False

    def words(self) -> str:
        """The range as a person reads it: 'between 0 and 1', 'greater than 0'."""
        low, high = f"{self.low:g}", f"{self.high:g}"
        if math.isfinite(self.low) and math.isfinite(self.high):
            if self.low_open and self.high_open:
                return f"between {low} and {high}"
            if self.low_open:
                return f"above {low}, up to {high}"
            if self.high_open:
                return f"from {low} up to (not including) {high}"
            return f"from {low} to {high}"
        if math.isfinite(self.low):
            return f"greater than {low}" if self.low_open else f"at least {low}"
        if math.isfinite(self.high):
            return f"less than {high}" if self.high_open else f"at most {high}"
        return "any number"


@dataclass(frozen=True)
class Choice:
    """One value of an option parameter and the words shown for it."""

    value: Any
    label: str


@dataclass(frozen=True)
class Parameter:
    """One keyword argument of a procedure, described for the people who type it."""

    name: str
    """The engine's keyword (and, with dashes, the command-line option)."""
    label: str
    """A short name for a form's label or a message: words, never the keyword."""
    help: str
    """One line saying what it is."""
    unit: str = ""
    kind: Kind = "number"
    role: Role = "input"
    default: Any = None
    """The engine's default; None when the parameter is required or has no default value."""
    required: bool = False
    solvable: bool = False
    """Whether it may be left out for the procedure to solve for it."""
    valid: Range | None = None
    choices: tuple[Choice, ...] = ()
    meaning: str = ""
    """What it stands for across procedures (defaults to the name): switching procedure
    carries a value over only to a parameter of the same meaning."""
    flag: str = ""
    """For a yes/no switch: the command-line flag that sets the opposite of the default."""
    instead_of: str = ""
    """The parameter this one may be given in place of (exactly one of the two is given)."""

    @property
    def key(self) -> str:
        """The meaning, or the name when the name says it."""
        return self.meaning or self.name

    def choice_label(self, value: Any) -> str:
        """The words for one of the choices (the value itself when it is not one)."""
        return next((c.label for c in self.choices if c.value == value), str(value))


@dataclass(frozen=True)
class Procedure:
    """A power procedure: its name, words for people, parameters and reference."""

    name: str
    """The function's name in trialkit.power (and in a design file's sample_size.procedure)."""
    command: str
    """The ``trialkit power`` subcommand."""
    label: str
    help: str
    function_path: str
    """'module:function', imported only when the procedure is run."""
    parameters: tuple[Parameter, ...]
    reference: str
    """The published method (authors, journal, year)."""
    example: Mapping[str, Any]
    """A valid call, for tests and documentation."""
    sizes_design: bool = True
    """Whether it can size a design's sample size (returns the sample size of a trial)."""
    solves: str = "Leave exactly one of the power, the sample size or the effect out to solve for it."
    deprecated: Mapping[str, str] = field(default_factory=dict)
    """Old keyword -> the parameter to use instead (still accepted, with a warning)."""

    def function(self) -> Callable[..., Any]:
        """The engine function (imports the engine)."""
        module, name = self.function_path.split(":")
        function: Callable[..., Any] = getattr(importlib.import_module(module), name)
        return function

    def parameter(self, name: str) -> Parameter | None:
        """The parameter called ``name`` (or that an old keyword ``name`` stands for)."""
        name = self.deprecated.get(name, name)
        return next((p for p in self.parameters if p.name == name), None)

    def names(self) -> tuple[str, ...]:
        """Every keyword, in the order the catalogue lists them."""
        return tuple(p.name for p in self.parameters)

    def with_role(self, role: Role) -> Parameter | None:
        """The parameter playing ``role`` (the effect, the size, the allocation ...)."""
        return next((p for p in self.parameters if p.role == role), None)

    @property
    def effect(self) -> Parameter | None:
        """The effect the design is powered to detect."""
        return self.with_role("effect")

    @property
    def size(self) -> Parameter | None:
        """The sample size: per arm, one group's n, events or per sequence."""
        return self.with_role("size")

    @property
    def allocation(self) -> Parameter | None:
        """The allocation ratio treatment:control, for two-group procedures."""
        return self.with_role("allocation")

    @property
    def solvable(self) -> tuple[str, ...]:
        """The parameters that can be left out to be solved for."""
        return tuple(p.name for p in self.parameters if p.solvable)

    def needs(self) -> tuple[str, ...]:
        """What a user must give to size with it: the required parameters and the effect; of
        two alternatives (``instead_of``) the one the other stands in for."""
        replaced = {p.instead_of for p in self.parameters if p.instead_of}
        return tuple(p.name for p in self.parameters if not p.instead_of and (
            p.required or p.role == "effect" or p.name in replaced))

    def asked_as(self, name: str) -> str:
        """Words asking for ``name`` with its alternatives: 'CV or SD of log(x + 1)'."""
        others = [p.label for p in self.parameters if p.instead_of == name]
        return " or ".join([self.label_of(name), *others])

    def label_of(self, name: str) -> str:
        """Words for the keyword ``name``; an unknown keyword is shown with spaces."""
        found = self.parameter(name)
        if found is not None:
            return found.label
        return fallback_label(name)


def fallback_label(name: str) -> str:
    """Words for a name no procedure describes: a known one, else the name with spaces."""
    return OTHER_LABELS.get(name, name.replace("_", " ").capitalize())


OTHER_LABELS: dict[str, str] = {
    "unknowns": "The inputs left blank",
    "procedure": "Procedure",
    "values": "Values",
    "level": "Confidence level",
}
"""Words for names an error may carry that are no procedure's parameter."""


# Parameters many procedures share.

INF = math.inf
POSITIVE = Range(0.0, INF, low_open=True)
PROPORTION = Range(0.0, 1.0, low_open=True, high_open=True)
FRACTION = Range(0.0, 1.0, high_open=True)
CORRELATION = Range(-1.0, 1.0, low_open=True, high_open=True)
NON_NEGATIVE = Range(0.0, INF)

POWER = Parameter("power", "Power", "target power, e.g. 0.8 or 0.9 (leave out to solve for it)",
                  role="power", solvable=True, valid=PROPORTION)
ALPHA = Parameter("alpha", "Significance level",
                  "significance level; with two sides the total two-sided level", default=0.05,
                  role="alpha", valid=PROPORTION)
SIDES = Parameter("sides", "Sides", "1 for a one-sided test, 2 for two-sided", kind="choice",
                  role="sides", default=2, choices=(Choice(2, "two-sided"), Choice(1, "one-sided")))
POWER_CONVENTION = Parameter(
    "power_convention", "Power convention",
    "what a two-sided power counts: both rejection regions, or only the one in the effect's "
    "direction (as rpact and nQuery report)",
    kind="choice", default="two_tailed",
    choices=(Choice("two_tailed", "both tails"), Choice("directional", "effect's direction")),
)
RATIO = Parameter("ratio", "Allocation", "allocation ratio treatment:control, e.g. 1 or 2",
                  role="allocation", default=1.0, valid=POSITIVE, meaning="allocation")
RATIO_UNSET = dataclasses.replace(
    RATIO, default=None, help="allocation ratio treatment:control, e.g. 1 or 2 (default 1)")
"""The allocation where a leftover ratio= may still mean the effect (deprecated; see the engine)."""
DROPOUT = Parameter("dropout", "Dropout",
                    "expected fraction lost to follow-up, e.g. 0.1; inflates enrolment",
                    role="dropout", default=0.0, valid=FRACTION)
N_PER_ARM = Parameter("n_per_arm", "n per arm",
                      "participants per arm, or 'treatment,control' (leave out to solve for it)",
                      unit="participants", kind="sizes", role="size", solvable=True,
                      valid=Range(2.0, INF))
N = Parameter("n", "Participants", "number of participants (leave out to solve for it)",
              unit="participants", kind="integer", role="size", solvable=True,
              valid=Range(1.0, INF))
APPROXIMATION = Parameter(
    "approximation", "Approximation",
    "exact t-based power, or the known-variance normal formulas of Chow, Shao & Wang (2008)",
    kind="choice", default="exact",
    choices=(Choice("exact", "exact"), Choice("normal", "normal approximation")),
)
SD = Parameter("sd", "SD", "common standard deviation of the outcome", unit="outcome units",
               required=True, valid=POSITIVE)
CV = Parameter("cv", "CV", "coefficient of variation on the original scale", required=True,
               valid=POSITIVE)
MEAN_RATIO = Parameter("mean_ratio", "Ratio of means",
                       "ratio of geometric means, treatment / control (leave out to solve)",
                       role="effect", solvable=True, valid=POSITIVE)
SD_SOURCE = Parameter("sd_source", "Source of the SD",
                      "where the SD comes from, in one line (a citation, a pilot study); "
                      "named in the justification", kind="text")
CV_SOURCE = Parameter("cv_source", "Source of the CV",
                      "where the CV comes from, in one line (a citation, a pilot study); "
                      "named in the justification", kind="text")
BASELINE_R = Parameter("baseline_correlation", "Baseline correlation",
                       "correlation of baseline and outcome, for an ANCOVA (0: none)",
                       default=0.0, valid=CORRELATION)


def two_group(*params: Parameter) -> tuple[Parameter, ...]:
    """A two-group procedure's parameters: its own, then size, power, alpha, sides, ratio ..."""
    return (*params, N_PER_ARM, POWER, ALPHA, SIDES, POWER_CONVENTION, RATIO, DROPOUT)
TIME_UNIT = Parameter("time_unit", "Time unit", "the unit of every time and rate, e.g. months",
                      kind="text", default="")
