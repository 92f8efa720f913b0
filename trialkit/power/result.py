"""The frozen result every power procedure returns."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Literal

Unknown = Literal["power", "n", "effect"]


@dataclass(frozen=True)
class Method:
    """A procedure's name and the literature it follows."""

    name: str
    reference: str

    def __str__(self) -> str:
        return f"{self.name} ({self.reference})"


def _frozen(mapping: Mapping[str, Any] | None) -> Mapping[str, Any]:
    return MappingProxyType(dict(mapping or {}))


SOLVED_FOR = {"n": "the sample size", "power": "the power", "effect": "the effect"}
"""What a result was solved for, in words."""


def _input_words(param: Any, value: Any) -> str:
    """One input as a reader sees it: a choice by its label, a switch as yes or no."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if param is not None and param.choices:
        return str(param.choice_label(value))
    return f"{value:.6g}" if isinstance(value, float) else str(value)


@dataclass(frozen=True, repr=False)
class PowerResult:
    """Sample size and power of one design, with the paragraph a protocol needs.

    ``n_per_arm`` lists the treatment arm first; one-group designs have a single entry.
    ``solution`` is the unrounded value of the quantity that was solved for: the control
    arm's (or the single group's) sample size, the power, or the effect. ``power`` is the
    power achieved at the rounded sample sizes.
    """

    procedure: str
    solved_for: Unknown
    inputs: Mapping[str, Any]
    n_per_arm: tuple[int, ...]
    solution: float
    power: float
    method: Method
    justification: str
    dropout: float = 0.0
    extras: Mapping[str, Any] = field(default_factory=dict)
    arms: tuple[str, ...] = ("treatment", "control")
    """What the entries of n_per_arm are (a crossover's are its two sequences)."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "inputs", _frozen(self.inputs))
        object.__setattr__(self, "extras", _frozen(self.extras))

    @property
    def n_total(self) -> int:
        """Participants to analyse, all arms together."""
        return sum(self.n_per_arm)

    @property
    def n(self) -> int:
        """The sample size of a one-group design (the total for several arms)."""
        return self.n_total

    @property
    def n_per_arm_enrolled(self) -> tuple[int, ...]:
        """Participants to enrol per arm so that ``n_per_arm`` remain after dropout."""
        return tuple(enrolled_for(n, self.dropout) for n in self.n_per_arm)

    @property
    def n_total_enrolled(self) -> int:
        """Participants to enrol, all arms together, allowing for dropout."""
        return sum(self.n_per_arm_enrolled)

    def __getattr__(self, name: str) -> Any:
        """Expose procedure-specific outputs (``events``, ``reject_at``, ...) as attributes."""
        extras = self.__dict__.get("extras", {})
        if name in extras:
            return extras[name]
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    def operating_characteristics(self, effects: Iterable[float]) -> tuple[Any, ...]:
        """Power and expected sample size at each effect (on the effect's own scale), one
        OperatingPoint each. A fixed design is run again at its own sizes; a design inflated to
        a group-sequential one (``group_sequential(...).apply_to(result)``) integrates over its
        looks instead."""
        from trialkit.power._fixed_operating import fixed_points

        return fixed_points(self, effects)

    def with_sentences(self, *sentences: str) -> PowerResult:
        """Return a copy whose justification ends with further sentences (a cited source, say)."""
        parts = [self.justification.strip(), *(s.strip() for s in sentences)]
        text = " ".join(part for part in parts if part)
        return dataclasses.replace(self, justification=text)

    def summary_rows(self) -> list[tuple[str, str]]:
        """(label, value) rows for a printed table of the result, in the catalogue's words: the
        procedure and each input or output by its label, choices and switches in words (a
        one-sided test shows no power convention), the method's formulas typeset."""
        from trialkit.power import catalogue
        from trialkit.power._text import typeset

        proc = catalogue.procedure(self.procedure)
        rows = [("Procedure", proc.label if proc is not None else self.procedure),
                ("Solved for", SOLVED_FOR.get(self.solved_for, self.solved_for))]
        if len(self.n_per_arm) == 2:
            rows.append(("n per arm", " + ".join(
                f"{n} {label}" for n, label in zip(self.n_per_arm, self.arms, strict=False))))
        if self.n_per_arm:
            rows.append(("n total", str(self.n_total)))
        if self.dropout:
            rows.append((f"Enrol ({100 * self.dropout:.4g}% dropout)",
                         f"{' + '.join(map(str, self.n_per_arm_enrolled))} "
                         f"(total {self.n_total_enrolled})"))
        rows.append(("Power achieved", f"{self.power:.4f}"))
        target = self.inputs.get("power")
        if target is not None:
            rows.append(("Target power", f"{target:g}"))
        if self.solved_for != "power":
            rows.append(("Unrounded solution", f"{self.solution:.6g}"))
        for key, value in self.extras.items():  # 'n stable' keeps its small n, as 'n total'
            label = key.replace("_", " ") if key.startswith("n_") and (
                proc is None or proc.parameter(key) is None) else catalogue.label(
                    self.procedure, key)
            rows.append((label, _shown(value)))
        one_sided = self.inputs.get("sides") == 1
        for key, value in self.inputs.items():
            if key in {"power", "dropout"} or value is None or value == "" or (
                    one_sided and key == "power_convention"):
                continue
            param = proc.parameter(key) if proc is not None else None
            rows.append((catalogue.label(self.procedure, key), _input_words(param, value)))
        rows.append(("Method (reference)", typeset(str(self.method))))
        return rows

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dictionary of inputs, outputs and method."""
        return {
            "procedure": self.procedure,
            "solved_for": self.solved_for,
            "inputs": _jsonable(dict(self.inputs)),
            "n_per_arm": list(self.n_per_arm),
            "n_total": self.n_total,
            "dropout": self.dropout,
            "n_per_arm_enrolled": list(self.n_per_arm_enrolled),
            "n_total_enrolled": self.n_total_enrolled,
            "solution": self.solution,
            "power": self.power,
            "method": {"name": self.method.name, "reference": self.method.reference},
            "extras": _jsonable(dict(self.extras)),
            "justification": self.justification,
        }

    def __repr__(self) -> str:
        arms = " + ".join(str(n) for n in self.n_per_arm)
        parts = [f"{self.procedure}: n = {arms} (total {self.n_total})" if arms else self.procedure]
        if self.dropout:
            parts.append(f"enrol {self.n_total_enrolled} for {self.dropout:.0%} dropout")
        parts.append(f"power = {self.power:.4f}")
        if self.solved_for == "effect":
            parts.append(f"detectable effect = {self.solution:.6g}")
        for key, value in self.extras.items():
            if isinstance(value, int | float) and not isinstance(value, bool):
                parts.append(f"{key} = {value:.6g}" if isinstance(value, float) else f"{key} = {value}")
        return f"<PowerResult {', '.join(parts)}; solved for {self.solved_for}>"


def _shown(value: Any) -> str:
    """A compact cell: numbers to 6 significant digits, long lists of records counted."""
    if isinstance(value, float):
        return f"{value:.6g}"
    if isinstance(value, list | tuple) and value and isinstance(value[0], Mapping):
        return f"{len(value)} entries (see --json)"
    return str(value)


def enrolled_for(n: int, dropout: float) -> int:
    """Enrolment needed so that n remain when a fraction ``dropout`` is lost."""
    return math.ceil(n / (1.0 - dropout) - 1e-9)


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if hasattr(value, "item"):
        return value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value
