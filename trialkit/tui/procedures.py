"""What the sample-size form asks for each procedure, and the calls it makes.

The forms are generated from the power catalogue (trialkit.power.catalogue): every procedure
that can size a design is offered, with its parameters' labels, help lines and choices.
Every number comes from ``trialkit.power``.
"""

from __future__ import annotations

import math
import re
import warnings
from collections.abc import Mapping
from typing import Any

from trialkit.design.evidence_link import CONVERSION_ONLY
from trialkit.design.sizing import InvalidInput
from trialkit.errors import InvalidParameter
from trialkit.power._vocabulary import mean_ratio_and_allocation
from trialkit.power.catalogue import Parameter, Procedure, carry_over, design_procedures, procedure

TYPED = ("number", "integer", "sizes", "fractions", "text")
"""Kinds of parameter typed into an input; the others (choices, switches) are picked."""


def available_forms() -> tuple[Procedure, ...]:
    """The procedures the form offers: exactly the catalogue's design procedures."""
    return design_procedures()


def form_named(name: str | None) -> Procedure | None:
    """The form of procedure ``name``, or None if it cannot size a design."""
    found = procedure(name) if name else None
    return found if found is not None and found.sizes_design else None


def typed_fields(form: Procedure) -> tuple[Parameter, ...]:
    """The parameters typed into inputs, in catalogue order."""
    return tuple(p for p in form.parameters if p.kind in TYPED)


def picked_fields(form: Procedure) -> tuple[Parameter, ...]:
    """The parameters picked from a list (choices and yes/no switches)."""
    return tuple(p for p in form.parameters if p.kind not in TYPED)


def switched_parameters(
    old: str | None, new: str | None, parameters: Mapping[str, Any]
) -> dict[str, Any]:
    """A design's parameters after switching procedure from ``old`` to ``new``.

    Values carry over only to a parameter of the same meaning (see catalogue.carry_over);
    the evidence-conversion inputs, which no engine call receives, are kept as they are.
    """
    kept = {k: v for k, v in parameters.items() if k in CONVERSION_ONLY}
    target = procedure(new) if new else None
    if target is None:
        return kept
    current = in_current_names(old, parameters)
    return {**kept, **carry_over(procedure(old) if old else None, target, current)}


def in_current_names(name: str | None, parameters: Mapping[str, Any]) -> dict[str, Any]:
    """A design's parameters in today's names, read as the engine reads the old ones.

    Before the agreed vocabulary, a ratio of means' effect was ``ratio`` and its allocation
    ``allocation``; such a design keeps its meaning (the engine's own rule decides), so the
    form never shows the old effect as the allocation.
    """
    proc = procedure(name) if name else None
    values = dict(parameters)
    if proc is None or proc.effect is None or proc.effect.name != "mean_ratio" \
            or "mean_ratio" in values or not {"ratio", "allocation"} & set(values):
        return values
    size = proc.size.name if proc.size is not None else ""
    needed = values.get("power") is None or values.get(size) is None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        try:
            mean_ratio, allocation = mean_ratio_and_allocation(
                proc.name, mean_ratio=None, ratio=values.get("ratio"),
                allocation=values.get("allocation"), effect_needed=needed)
        except InvalidParameter:
            return values  # unclear: the engine names what to change
    values = {k: v for k, v in values.items() if k not in ("ratio", "allocation")}
    if mean_ratio is not None:
        values["mean_ratio"] = mean_ratio
    if allocation != 1.0 or "allocation" in parameters:
        values["ratio"] = allocation
    return values


HINT_WIDTH = 24
"""The most of an input's help its placeholder shows (a field is about 26 cells wide at 80)."""


def short_hint(help_text: str) -> str:
    """What fits in a field of a help line: "blank: solved for" for the quantity left out to
    solve, else its example ("e.g. 0.1"), else nothing; the whole line shows under the inputs
    while the field is focused (a field is too narrow for it at 80 columns)."""
    if "leave out to solve" in help_text:
        return "blank: solved for"
    match = re.search(r"e\.g\. ((?:[^,;()]|,(?=\S))+)", help_text)  # "1,0.9,0.8", not "1, and"
    if match is None:
        return ""
    example = f"e.g. {match.group(1).strip()}"
    return example if len(example) <= HINT_WIDTH else ""


def parse(param: Parameter, text: str) -> Any:
    """A typed value of ``param``; raises ValueError with the reason in words."""
    cleaned = text.strip()
    if param.kind == "text":
        return cleaned
    if param.kind in ("integer", "sizes"):
        parts = [p.strip() for p in cleaned.replace(";", ",").split(",")]
        if len(parts) > (2 if param.kind == "sizes" else 1) or not all(p.isdigit() for p in parts):
            whole = "a whole number" + (" or two (treatment, control)" if param.kind == "sizes"
                                        else "")
            raise ValueError(f"'{text.strip()}' is not {whole}")
        values = [int(p) for p in parts]
        return values[0] if len(values) == 1 else (values[0], values[1])
    if param.kind == "fractions":
        # '1, 0.9, 0.8' or, with decimal commas, '1; 0,9; 0,8'
        parts = cleaned.split(";") if ";" in cleaned else cleaned.replace(",", " ").split()
        try:
            return tuple(parse_number(p) for p in parts)
        except ValueError:
            raise ValueError(f"'{cleaned}' is not a list of numbers such as 1, 0.9, 0.8") from None
    try:
        return parse_number(cleaned)
    except ValueError:
        raise ValueError(f"'{cleaned}' is not a number") from None


def parse_number(text: str) -> float:
    """A typed number; accepts a decimal comma and a trailing percent sign (80% -> 0.8)."""
    cleaned = text.strip().replace(",", ".")
    scale = 1.0
    if cleaned.endswith("%"):
        cleaned, scale = cleaned[:-1].strip(), 0.01
    value = float(cleaned) * scale
    if not math.isfinite(value):
        raise ValueError(text)
    return value


def explain(procedure_name: str | None, error: InvalidInput) -> str:
    """The engine's complaint in the form's words: the field's label, then what would be right
    (worded once, in the design layer, with every input it refers to by its label)."""
    form = procedure(procedure_name) if procedure_name else None
    valid = error.valid
    if error.name == "unknowns":
        return valid[:1].upper() + valid[1:] + "."
    if form is None:
        return f"{error.name.replace('_', ' ')} {valid}"
    label = form.label_of(error.name)
    if form.parameter(error.name) is None:
        return (f"{label} is not an input of {form.label}: remove it from the design's "
                "sample-size parameters.")
    if error.value is None:
        return f"{label} {valid}: type it" + (", or pick an evidence record that supplies it."
                                               if valid == "must be given" else ".")
    value = error.value
    shown = f"{value:g}" if isinstance(value, float) else str(value)
    return f"{label} {valid} (now {shown})."
