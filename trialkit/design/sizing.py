"""The sample size of a design: its trialkit.power procedure, evidence inputs and result."""

from __future__ import annotations

import functools
import inspect
from dataclasses import dataclass, field
from typing import Any, Literal

from trialkit import power
from trialkit.design.evidence_link import CONVERSION_ONLY, EvidenceLink
from trialkit.design.model import GroupSequentialPlan, Trial
from trialkit.errors import TrialkitError
from trialkit.power import PowerResult
from trialkit.power.sequential import GroupSequentialDesign

SizingStatus = Literal["computed", "not_specified", "error"]
_NOT_PROCEDURES = {"Method", "PowerResult", "PowerCurve", "power_curve"}


@dataclass(frozen=True)
class Sizing:
    """The outcome of sizing a design: a PowerResult, or why there is none."""

    status: SizingStatus
    procedure: str | None = None
    kwargs: dict[str, Any] = field(default_factory=dict)
    result: PowerResult | None = None
    message: str = ""
    evidence_sentences: tuple[str, ...] = ()
    sequential: GroupSequentialDesign | None = None
    """The group-sequential design, when the sample size plans interim looks."""

    @property
    def justification(self) -> str:
        """The engine's paragraph verbatim, then the evidence and rationale sentences."""
        return self.result.justification if self.result is not None else ""


@functools.cache
def _procedure_names() -> tuple[str, ...]:
    return tuple(sorted(
        name for name in getattr(power, "__all__", [])
        if name not in _NOT_PROCEDURES and _returns_power_result(getattr(power, name, None))
    ))


def procedures() -> list[str]:
    """Names of the trialkit.power procedures a design may use (those returning a PowerResult).

    Worked out once per process: sizing runs on every keystroke in the terminal UI.
    """
    return list(_procedure_names())


def _returns_power_result(function: object) -> bool:
    if not inspect.isfunction(function):
        return False
    annotation = inspect.signature(function).return_annotation
    return annotation is PowerResult or annotation == "PowerResult"


def size_trial(trial: Trial, evidence: EvidenceLink | None = None) -> Sizing:
    """Run the design's sample-size procedure, with inputs from its evidence estimate if linked."""
    spec = trial.sample_size
    name = (spec.procedure or "").strip()
    if not name:
        return Sizing("not_specified", message="no sample-size procedure is given")
    if name not in procedures():
        return Sizing(
            "error", procedure=name,
            message=f"unknown procedure {name!r}; choose one of {', '.join(procedures())}",
        )
    kwargs: dict[str, Any] = {}
    sentences: list[str] = []
    if spec.evidence:
        link = evidence or EvidenceLink.open()
        try:
            inputs, cited = link.power_inputs(spec.evidence, name, spec.parameters)
        except TrialkitError as exc:
            return Sizing("error", procedure=name, message=f"evidence {spec.evidence!r}: {exc}")
        kwargs.update(inputs)
        sentences.extend(cited)
    kwargs.update({k: v for k, v in spec.parameters.items() if k not in CONVERSION_ONLY})
    try:
        result = getattr(power, name)(**kwargs)
    except TrialkitError as exc:
        return Sizing("error", procedure=name, kwargs=kwargs, message=str(exc))
    except (TypeError, ValueError) as exc:
        return Sizing("error", procedure=name, kwargs=kwargs, message=f"{name}: {exc}")
    extra = [s for s in sentences if s not in result.justification]
    if spec.rationale:
        extra.append(spec.rationale)
    if extra:
        result = result.with_sentences(*extra)
    sequential = None
    if spec.group_sequential is not None:
        try:
            sequential = _sequential_design(spec.group_sequential, result)
        except TrialkitError as exc:
            return Sizing("error", procedure=name, kwargs=kwargs,
                          message=f"sample_size.group_sequential: {exc}")
        result = sequential.apply_to(result)
    return Sizing(
        "computed", procedure=name, kwargs=kwargs, result=result,
        evidence_sentences=tuple(sentences), sequential=sequential,
    )


def _sequential_design(plan: GroupSequentialPlan, fixed: PowerResult) -> GroupSequentialDesign:
    """The group-sequential design at the fixed design's alpha, power and sidedness."""
    if fixed.solved_for != "n":
        raise TrialkitError(
            "interim looks inflate a sample size, so the fixed design must solve for n "
            "(give power, not n_per_arm)"
        )
    return power.group_sequential(
        k=plan.k, alpha=fixed.inputs["alpha"], power=fixed.inputs["power"],
        sides=fixed.inputs.get("sides", 2), spending=plan.spending, gamma=plan.gamma,
        timing=plan.timing or None, futility=plan.futility, futility_gamma=plan.futility_gamma,
    )


@dataclass(frozen=True)
class TrialTotals:
    """Sample size of the whole trial: more arms than the calculation's two share its numbers."""

    arms: int
    analysed: int
    enrolled: int
    multi_arm: bool


def trial_totals(trial: Trial, result: PowerResult) -> TrialTotals:
    """Totals for the trial: equal allocation over k > 2 arms takes the per-arm size k times."""
    arms = len(trial.arms)
    parts = trial.allocation_parts()
    equal = parts is not None and len(set(parts)) == 1
    if arms > 2 and len(result.n_per_arm) == 2 and equal:
        return TrialTotals(
            arms=arms,
            analysed=max(result.n_per_arm) * arms,
            enrolled=max(result.n_per_arm_enrolled) * arms,
            multi_arm=True,
        )
    return TrialTotals(
        arms=len(result.n_per_arm), analysed=result.n_total,
        enrolled=result.n_total_enrolled, multi_arm=False,
    )
