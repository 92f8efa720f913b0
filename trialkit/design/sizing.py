"""The sample size of a design: its trialkit.power procedure, evidence inputs and result."""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from trialkit import power
from trialkit.design.evidence_link import CONVERSION_ONLY, EvidenceLink
from trialkit.design.model import GroupSequentialPlan, Trial
from trialkit.design.words import engine_words, parameter_words, valid_words
from trialkit.errors import InvalidParameter, TrialkitError, Unknowns
from trialkit.power import PowerResult, catalogue
from trialkit.power.sequential import GroupSequentialDesign

SizingStatus = Literal["computed", "not_specified", "error"]


@dataclass(frozen=True)
class InvalidInput:
    """Which input the engine refused, as data: its keyword, the value and what would be
    right (``valid``), in words for people: the inputs it refers to by their labels.

    A form marks the field and starts the message with the field's label, without parsing
    the message text.
    """

    name: str
    value: Any
    valid: str


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
    invalid: InvalidInput | None = None
    """The input the engine refused, when that is why there is no result."""
    evidence_unused: str = ""
    """Why the linked evidence record could not size the design, when the result comes from
    the typed values instead (a reference never blocks a calculation)."""

    @property
    def justification(self) -> str:
        """The engine's paragraph verbatim, then the evidence and rationale sentences."""
        return self.result.justification if self.result is not None else ""


def procedures() -> list[str]:
    """Names of the trialkit.power procedures a design may use: the catalogue's design ones."""
    return [p.name for p in catalogue.design_procedures()]


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
            # The typed values size the design without the record, if they can.
            typed = size_trial(trial.model_copy(update={"sample_size": spec.model_copy(
                update={"evidence": None})}), evidence)
            if typed.status == "computed":
                return replace(typed, evidence_unused=str(exc))
            return Sizing("error", procedure=name, message=f"evidence {spec.evidence!r}: {exc}")
        kwargs.update(inputs)
        sentences.extend(cited)
    kwargs.update({k: v for k, v in spec.parameters.items() if k not in CONVERSION_ONLY})
    unfit = _unfit_input(name, kwargs)
    if unfit is not None:
        return Sizing("error", procedure=name, kwargs=kwargs,
                      message=_unfit_words(name, unfit), invalid=unfit)
    try:
        result = getattr(power, name)(**kwargs)
    except InvalidParameter as exc:
        return Sizing("error", procedure=name, kwargs=kwargs, message=invalid_words(name, exc),
                      invalid=InvalidInput(exc.name, exc.value, valid_words(exc, name)))
    except TrialkitError as exc:
        return Sizing("error", procedure=name, kwargs=kwargs, message=engine_words(exc, name))
    except (TypeError, ValueError) as exc:
        label = catalogue.procedure(name).label  # type: ignore[union-attr]  # name is listed
        return Sizing("error", procedure=name, kwargs=kwargs, message=f"{label}: {exc}")
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
            words = (invalid_words("group_sequential", exc)
                     if isinstance(exc, InvalidParameter) else engine_words(exc, name))
            return Sizing("error", procedure=name, kwargs=kwargs,
                          message=f"interim looks (group-sequential plan): {words}")
        result = sequential.apply_to(result)
    return Sizing(
        "computed", procedure=name, kwargs=kwargs, result=result,
        evidence_sentences=tuple(sentences), sequential=sequential,
    )


def _unfit_input(name: str, kwargs: dict[str, Any]) -> InvalidInput | None:
    """An input the procedure does not take, or a required one missing (by the catalogue)."""
    proc = catalogue.procedure(name)
    assert proc is not None
    for key, value in kwargs.items():
        if proc.parameter(key) is None:
            inputs = ", ".join(p.label for p in proc.parameters)
            return InvalidInput(key, value,
                                f"is not an input of {proc.label} (its inputs: {inputs})")
    for param in proc.parameters:
        if param.required and param.name not in kwargs:
            return InvalidInput(param.name, None, "must be given")
    return None


def invalid_words(name: str, exc: InvalidParameter) -> str:
    """The engine's refusal with each input by its label: 'SD = -0.2 is invalid: must be
    greater than 0'; which quantity to leave out when not exactly one is."""
    valid = valid_words(exc, name)
    if isinstance(exc, Unknowns):
        return valid
    value = exc.value
    label = parameter_words(exc.name, name)
    if isinstance(value, dict | list | tuple | set):
        kind = "table" if isinstance(value, dict) else "list"
        return f"{label[:1].upper()}{label[1:]} must be one number, not a {kind} of values"
    shown = f"{value:g}" if isinstance(value, float) else repr(value) if isinstance(value, str) \
        else str(value)
    return f"{label[:1].upper()}{label[1:]} = {shown} is invalid: {valid}"


def _unfit_words(name: str, unfit: InvalidInput) -> str:
    """An input the procedure does not take, or a required one left out, in words."""
    proc = catalogue.procedure(name)
    procedure = proc.label if proc is not None else name
    if unfit.value is None and unfit.valid == "must be given":
        return f"{parameter_words(unfit.name, name)} must be given for {procedure}"
    return (f"'{unfit.name}' is not an input of {procedure}: remove it from the sample-size "
            "parameters")


def _sequential_design(plan: GroupSequentialPlan, fixed: PowerResult) -> GroupSequentialDesign:
    """The group-sequential design at the fixed design's alpha, power and sidedness."""
    if fixed.solved_for != "n":
        raise TrialkitError(
            "interim looks inflate a sample size, so the calculation must find the sample size "
            "(give the target power, not the sample size)"
        )
    return power.group_sequential(
        k=plan.k, alpha=fixed.inputs["alpha"], power=fixed.inputs["power"],
        sides=fixed.inputs.get("sides", 2), spending=plan.spending, gamma=plan.gamma,
        timing=plan.timing or None, futility=plan.futility, futility_gamma=plan.futility_gamma,
        binding_futility=plan.binding_futility,
    )


@dataclass(frozen=True)
class TrialTotals:
    """Sample size of the whole trial: more arms than the calculation's two share its numbers.

    ``per_arm`` (and ``per_arm_enrolled``) count each arm of a multi-arm trial in listed order;
    ``allocation`` is its ratio when unequal ("" when every arm is the same size), and
    ``compared`` names the two arms the calculation sized (experimental, control).
    """

    arms: int
    analysed: int
    enrolled: int
    multi_arm: bool
    per_arm: tuple[int, ...] = ()
    per_arm_enrolled: tuple[int, ...] = ()
    allocation: str = ""
    compared: tuple[str, str] | None = None
    scale: float = 0.0
    """Participants in the trial per participant of the sized comparison (0: two arms)."""
    control: str = ""
    """The control arm's name, in a multi-arm trial (``sized_pair``)."""


COMPARATORS = ("placebo_comparator", "active_comparator", "sham_comparator", "no_intervention")
"""Arm types that make an arm the control of a many-to-one comparison."""


def sized_pair(trial: Trial, parts: list[float]) -> tuple[int, int]:
    """The arms (experimental, control) a two-group calculation sizes, as indices into the
    allocation ``parts``. Two arms: as listed. More: the control is the first comparator arm
    (placebo, active, sham or no intervention; the last arm if none is), the experimental arm
    the other one with the smallest part (the first of equals), so that every other
    comparison with the control has at least as many participants, hence at least the power
    stated."""
    if len(parts) <= 2:
        return 0, len(parts) - 1
    arms = trial.arms[:len(parts)]
    control = next((i for i, a in enumerate(arms) if a.type in COMPARATORS), len(parts) - 1)
    others = [i for i in range(len(parts)) if i != control]
    return min(others, key=lambda i: parts[i]), control


def trial_totals(trial: Trial, result: PowerResult) -> TrialTotals:
    """Totals for the trial, every arm counted with its part of the allocation.

    A k > 2 arm trial sized by one two-group calculation: the calculation is the pairwise
    comparison of ``sized_pair`` at that pair's allocation, and every other arm is scaled from
    the control arm by its part of the allocation, rounded up to whole participants (the
    many-to-one convention of nQuery and PASS). Equal allocation takes the per-arm size k times.
    """
    arms = len(trial.arms)
    parts = trial.allocation_parts()
    if arms > 2 and len(result.n_per_arm) == 2 and parts is not None and (
            len(set(parts)) == 1 or len(parts) == arms):
        if len(set(parts)) == 1:
            per = (max(result.n_per_arm),) * arms
            enrolled = (max(result.n_per_arm_enrolled),) * arms
            allocation, compared, scale = "", None, arms / 2
            control = _arm_name(trial, sized_pair(trial, [1.0] * arms)[1])
        else:
            per, enrolled = _scaled_arms(sized_pair(trial, parts), parts, result)
            allocation = trial.design.allocation_ratio or ""
            t, c = sized_pair(trial, parts)
            compared = (_arm_name(trial, t), _arm_name(trial, c))
            control = compared[1]
            scale = sum(parts) / (parts[t] + parts[c])
        return TrialTotals(
            arms=arms, analysed=sum(per), enrolled=sum(enrolled), multi_arm=True,
            per_arm=per, per_arm_enrolled=enrolled, allocation=allocation, compared=compared,
            scale=scale, control=control,
        )
    return TrialTotals(
        arms=len(result.n_per_arm), analysed=result.n_total,
        enrolled=result.n_total_enrolled, multi_arm=False,
        per_arm=tuple(result.n_per_arm), per_arm_enrolled=tuple(result.n_per_arm_enrolled),
    )


def _scaled_arms(pair: tuple[int, int], parts: list[float],
                 result: PowerResult) -> tuple[tuple[int, ...], ...]:
    """(analysed, enrolled) of each arm: the sized ``pair`` as computed, the others scaled
    from the control arm by their part of the allocation and rounded up."""
    from trialkit.power.result import enrolled_for

    t, c = pair
    (n_t, n_c), (e_t, e_c) = result.n_per_arm, result.n_per_arm_enrolled
    per, enrolled = [], []
    for i, part in enumerate(parts):
        n = n_t if i == t else n_c if i == c else math.ceil(n_c * part / parts[c] - 1e-9)
        per.append(n)
        enrolled.append(e_t if i == t else e_c if i == c else enrolled_for(n, result.dropout))
    return tuple(per), tuple(enrolled)


def _arm_name(trial: Trial, index: int) -> str:
    arm = trial.arms[index]
    return arm.name or arm.id


def count_every_arm(text: str, result: PowerResult, totals: TrialTotals) -> str:
    """The calculation's paragraph with the trial's totals, counting every arm.

    A k-arm trial sized by one two-arm comparison speaks of that comparison: the totals the
    engine states are renamed "per comparison of two arms" and the trial's totals follow.
    """
    if not totals.multi_arm:
        return text
    for total in (result.n_total, result.n_total_enrolled):
        text = text.replace(f"({total} in total)", f"({total} per comparison of two arms)")
    if totals.compared is None:
        return text + (
            f" The trial has {totals.arms} arms of equal size: {max(result.n_per_arm)} "
            f"participants in each, {totals.analysed} analysed in total; "
            f"{max(result.n_per_arm_enrolled)} in each, {totals.enrolled} enrolled in total."
        )
    treated, control = totals.compared
    return text + (
        f" The trial has {totals.arms} arms allocated {totals.allocation}: the calculation is "
        f"the comparison of {treated} with {control} (the control) at the allocation between "
        "those two arms, the experimental arm with the smallest part, so that every other "
        "comparison with the control has at least as many participants; each other arm is "
        "scaled from the control arm by its part of the allocation and rounded up to whole "
        "participants, as for many-to-one comparisons in nQuery and PASS. In the arms as "
        f"listed: {' + '.join(map(str, totals.per_arm))} = {totals.analysed} analysed in total; "
        f"{' + '.join(map(str, totals.per_arm_enrolled))} = {totals.enrolled} enrolled in total."
    )


def sample_size_words(result: PowerResult, totals: TrialTotals) -> str:
    """'34 + 34 = 68 analysed, 76 to enrol', counting every arm of a k-arm trial ('51 in each of
    3 arms = 153 analysed, 171 to enrol'): how check and the terminal UI state the size."""
    if totals.multi_arm and totals.compared is None:
        return (
            f"{max(result.n_per_arm)} in each of {totals.arms} arms = {totals.analysed} "
            f"analysed, {totals.enrolled} to enrol"
        )
    if totals.multi_arm:
        return (f"{' + '.join(map(str, totals.per_arm))} = {totals.analysed} analysed, "
                f"{totals.enrolled} to enrol")
    arms = " + ".join(str(n) for n in result.n_per_arm)
    split = f"{arms} = " if len(result.n_per_arm) > 1 else ""
    return f"{split}{totals.analysed} analysed, {totals.enrolled} to enrol"


def for_the_trial(result: PowerResult, totals: TrialTotals) -> dict[str, Any]:
    """The calculation as JSON, its totals counting every arm of the trial.

    For a k-arm trial sized by one two-arm comparison, n_per_arm lists every arm and the
    comparison's own totals are kept as ``n_total_per_comparison`` (and enrolled)."""
    data = result.to_dict()
    data["justification"] = count_every_arm(result.justification, result, totals)
    if totals.multi_arm:
        data.update(
            n_per_arm=list(totals.per_arm),
            n_per_arm_enrolled=list(totals.per_arm_enrolled),
            n_total_per_comparison=result.n_total,
            n_total_enrolled_per_comparison=result.n_total_enrolled,
        )
    data.update(n_total=totals.analysed, n_total_enrolled=totals.enrolled)
    return data

