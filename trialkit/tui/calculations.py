"""What the calculators screen offers and computes, without any widget.

The calculators are the catalogue's procedures that do not size a design: the simulated ANCOVA
on log(x + 1), the design effect of cluster randomisation, the significance levels for several
primary endpoints, the conditional power at an interim look and the promising-zone
re-estimation (``trialkit power ancova-log|design-effect|adjusted-alpha|conditional-power|
promising-zone``). Each result is the table and paragraph the command line prints.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from trialkit.design.words import engine_words, valid_words
from trialkit.errors import InvalidParameter, TrialkitError
from trialkit.power._text import num, pct
from trialkit.power.catalogue import CATALOGUE, Procedure, carry_over, procedure
from trialkit.power.catalogue_extra import INTERIM_PROCEDURES

if TYPE_CHECKING:
    from trialkit.design import Trial

PLANNED_IN_THE_DESIGN = frozenset({"group_sequential"})
"""Procedures that do not size a design by themselves but are planned in the sample-size step
(the group-sequential boundaries are its interim looks)."""

CALCULATORS: tuple[Procedure, ...] = tuple(
    p for p in (*CATALOGUE, *INTERIM_PROCEDURES)
    if not p.sizes_design and p.name not in PLANNED_IN_THE_DESIGN)
"""The procedures the calculators screen offers, in the command line's order."""

CLOSED_FORM, SIMULATED_CHECK = "ancova_log", "ancova_log_power"
"""The design procedure whose sample size the simulated one checks."""


def calculator(name: str) -> Procedure:
    """The calculator called ``name`` (KeyError if there is none)."""
    found = next((p for p in CALCULATORS if p.name == name), None)
    if found is None:
        raise KeyError(name)
    return found


def simulated(proc: Procedure) -> bool:
    """Whether the procedure simulates trials (it runs only when asked, with a seed)."""
    return proc.parameter("seed") is not None


@dataclass(frozen=True)
class Calculation:
    """A calculator's answer: the table the command line prints and its paragraph."""

    rows: list[tuple[str, str]]
    text: str


def calculate(proc: Procedure, values: Mapping[str, Any]) -> Calculation:
    """Run the procedure on ``values`` (the engine's keywords); TrialkitError on bad input."""
    from trialkit.power._text import typeset
    from trialkit.power.interim_summary import interim_payload

    if proc in INTERIM_PROCEDURES:
        rows, text, _ = interim_payload(proc, dict(values))
        return Calculation(rows, text)
    result = proc.function()(**values)
    return Calculation(result.summary_rows(), typeset(result.justification))


def complaint(proc: Procedure, exc: TrialkitError) -> tuple[str | None, str]:
    """The engine's complaint in the form's words, and the field it names (None: no field)."""
    if not isinstance(exc, InvalidParameter):
        return None, engine_words(exc, proc.name)
    valid = valid_words(exc, proc.name)
    param = proc.parameter(exc.name)
    if param is None:
        return None, valid[:1].upper() + valid[1:]
    if exc.value is None:
        return param.name, f"{param.label} {valid}"
    shown = f"{exc.value:g}" if isinstance(exc.value, float) else str(exc.value)
    return param.name, f"{param.label} {valid} (now {shown})"


@dataclass(frozen=True)
class FromDesign:
    """The simulated check's inputs taken from a design sized by the closed form."""

    values: dict[str, Any]
    note: str


def simulation_hint(procedure_name: str | None) -> str:
    """For a design sized by the closed-form log(x + 1) ANCOVA: that F5 checks it by simulation."""
    if procedure_name != CLOSED_FORM:
        return ""
    return ("F5 checks this sample size by simulation: the closed form treats the baseline "
            "slope as known, slightly optimistic at small sizes.")


def sized_by_closed_form(trial: Trial | None) -> bool:
    """Whether the design's sample size is the closed-form log(x + 1) ANCOVA's."""
    return trial is not None and trial.sample_size.procedure == CLOSED_FORM


def from_design(trial: Trial | None) -> FromDesign | None:
    """The design's log(x + 1) ANCOVA inputs for the simulated check, at the sample size the
    closed form gives (None when the design is not sized by the closed form)."""
    if trial is None or not sized_by_closed_form(trial):
        return None
    spec = trial.sample_size
    closed, check = procedure(CLOSED_FORM), procedure(SIMULATED_CHECK)
    assert closed is not None and check is not None
    values = {k: v for k, v in carry_over(closed, check, spec.parameters).items()
              if k != "power" and v is not None}
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            result = closed.function()(**spec.parameters)
    except (TrialkitError, TypeError):
        return FromDesign(values, "From the design's sample size (ANCOVA on log(x + 1)): its "
                          "inputs are not complete yet, so give the n per arm to simulate.")
    n = result.n_per_arm[0]
    values["n_per_arm"] = n
    return FromDesign(values, (
        f"From the design's sample size: the closed form gives a power of {pct(result.power)} "
        f"at {n} per arm (ratio of means {num(values.get('mean_ratio', 0.0))}), treating the "
        "baseline slope as known. Simulate to check it with the slope estimated, as the "
        "analysis will: at small sizes the closed form is slightly optimistic (Shieh (2020) "
        "Psychometrika 85:101-120)."))
