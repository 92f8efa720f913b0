"""The catalogue of power procedures: what each one asks for, in words for people, as plain data.

The command line's options, the terminal UI's forms, the design layer's list of procedures
and the evidence layer's effect mapping are generated from (or checked against) this one
table, so the knowledge of a procedure lives here once. Importing it loads neither numpy nor
scipy: ``Procedure.function()`` imports the engine only when it is called.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from trialkit.power.catalogue_events import (
    EXACT_TWO_PROPORTIONS,
    LOGRANK,
    ONE_PROPORTION,
    SIMON_TWO_STAGE,
    TWO_PROPORTIONS,
    TWO_RATES,
)
from trialkit.power.catalogue_extra import OTHER_PROCEDURES
from trialkit.power.catalogue_means import (
    CROSSOVER,
    EQUIVALENCE_MEANS,
    ONE_MEAN,
    RATIO_OF_MEANS,
    REPEATED_MEASURES,
    TWO_MEANS,
)
from trialkit.power.catalogue_types import Choice, Parameter, Procedure, fallback_label
from trialkit.power.catalogue_types import Range as Range

DESIGN_PROCEDURES: tuple[Procedure, ...] = (
    TWO_MEANS,
    ONE_MEAN,
    RATIO_OF_MEANS,
    TWO_PROPORTIONS,
    TWO_RATES,
    REPEATED_MEASURES,
    EXACT_TWO_PROPORTIONS,
    ONE_PROPORTION,
    LOGRANK,
    EQUIVALENCE_MEANS,
    CROSSOVER,
    SIMON_TWO_STAGE,
)
"""The procedures that size a design, in the order the command line and the forms list them."""

CATALOGUE: tuple[Procedure, ...] = DESIGN_PROCEDURES + OTHER_PROCEDURES
"""Every procedure trialkit offers."""

_BY_NAME = {p.name: p for p in CATALOGUE}


def procedure(name: str) -> Procedure | None:
    """The procedure called ``name`` (its function's name), or None."""
    return _BY_NAME.get(name)


def design_procedures() -> tuple[Procedure, ...]:
    """The procedures that can size a design, in catalogue order."""
    return tuple(p for p in CATALOGUE if p.sizes_design)


def carry_over(old: Procedure | None, new: Procedure, values: Mapping[str, Any]) -> dict[str, Any]:
    """The values that keep their meaning when switching from ``old`` to ``new``.

    Each value moves to the new procedure's parameter of the same meaning (renamed if the
    name differs); any other value is dropped, so a stale input never reaches the engine.
    """
    by_key = {p.key: p.name for p in new.parameters}
    kept: dict[str, Any] = {}
    for name, value in values.items():
        source = (old or new).parameter(name)
        if source is not None and source.key in by_key:
            kept[by_key[source.key]] = value
    return kept


def label(procedure_name: str | None, name: str) -> str:
    """Words for the keyword ``name`` of a procedure (of any, when none is named)."""
    found = procedure(procedure_name) if procedure_name else None
    if found is not None:
        return found.label_of(name)
    for proc in CATALOGUE:
        param = proc.parameter(name)
        if param is not None:
            return param.label
    return fallback_label(name)


def option(procedure_name: str, parameter: str) -> Parameter:
    """One option with fixed choices (the spending functions, say); KeyError if there is none."""
    param = _BY_NAME[procedure_name].parameter(parameter)
    if param is None or not param.choices:
        raise KeyError(f"{procedure_name} has no option {parameter}")
    return param


def choices(procedure_name: str, parameter: str) -> tuple[Choice, ...]:
    """The choices of one option, with the words shown for each."""
    return option(procedure_name, parameter).choices


def choice_words(procedure_name: str, parameter: str, value: Any) -> str:
    """The catalogue's words for one value of an option."""
    return option(procedure_name, parameter).choice_label(value)
