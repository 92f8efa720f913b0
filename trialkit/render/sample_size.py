"""The sample-size section: the assessment's numbers in words, each input with its provenance.

Every input of the calculation says where it came from: an evidence record (with the
conversion steps that turned it into the input), the design file, or the method's default.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

from trialkit import __version__
from trialkit.design.assessment import Assessment
from trialkit.design.evidence_link import CONVERSION_ONLY
from trialkit.design.model import Trial
from trialkit.design.sizing import TrialTotals
from trialkit.power import catalogue
from trialkit.power._text import FORMULAS, allocation, pct, plain_method
from trialkit.render.parts import EndpointPart
from trialkit.render.prompts import placeholder
from trialkit.render.provenance import Provenance
from trialkit.render.sources import References, method_references


@dataclass(frozen=True)
class Input:
    """One input of the sample-size calculation: name, label, value (as text), provenance.

    The label and the words for a choice come from the power catalogue; ``name`` is the
    engine's keyword, kept for machine-readable outputs.
    """

    name: str
    value: Any
    text: str
    source: Provenance
    label: str = ""


@dataclass(frozen=True)
class SensitivityRow:
    """One scenario of the sensitivity table, as text: the planning value that varies, its
    value, how it differs from the plan, the sample size it needs and the planned power."""

    label: str
    value: str
    change: str
    analysed: int
    enrolled: int
    power: str


@dataclass(frozen=True)
class BoundaryRow:
    """One look of a group-sequential design."""

    look: str
    information: str
    n: str
    events: str
    critical_z: str
    nominal_p: str
    alpha_spent: str
    futility_z: str


@dataclass(frozen=True)
class Boundaries:
    """The interim-analysis boundary table."""

    k: int
    spending: str
    sides: int
    inflation_factor: str
    has_events: bool
    has_futility: bool
    binding_futility: bool
    rows: tuple[BoundaryRow, ...]
    text: str


@dataclass(frozen=True)
class SampleSize:
    """The sample-size section. Numbers are present only when ``status`` is "computed".

    ``n_*`` are the calculation's (per comparison for a multi-arm trial); ``trial_*`` count
    every arm of the trial, from the assessment's totals.
    """

    status: str
    procedure: str | None
    message: str
    endpoint: str
    result: Any
    evidence: str | None
    evidence_ref: int | None
    target_enrolment: int | None
    justification: str
    evidence_label: str = ""
    """The evidence estimate in words: "Larsen et al., proinsulin-to-insulin (PI/I) ratio"."""
    boundaries: Boundaries | None = None
    multi_arm: bool = False
    trial_arms: int = 0
    trial_analysed: int = 0
    trial_enrolled: int = 0
    trial_per_arm: tuple[int, ...] = ()
    trial_per_arm_enrolled: tuple[int, ...] = ()
    allocation: str = ""
    """The trial's allocation ratio when its arms are unequal (else empty)."""
    trial_scale: float = 0.0
    """Participants in the trial per participant of the comparison sized (multi-arm)."""
    n_per_arm: tuple[int, ...] = ()
    n_total: int = 0
    n_per_arm_enrolled: tuple[int, ...] = ()
    n_total_enrolled: int = 0
    power: float = 0.0
    power_percent: str = ""
    dropout: float = 0.0
    dropout_percent: str = ""
    alpha: float | None = None
    sides: int | None = None
    solved_for: str = ""
    method: str = ""
    method_reference: str = ""
    method_ref: str = ""
    """The reference numbers of the method's works, as cited ("3" or "3, 4")."""
    inputs: tuple[Input, ...] = ()
    arm_names: tuple[str, ...] = ()
    software: str = ""
    """The program and version that computed the numbers ("trialkit 0.1.0")."""
    sensitivity: tuple[SensitivityRow, ...] = ()
    """n and the planned trial's power as the SD, correlation and effect vary (first: as planned)."""
    assurance: float | None = None
    """The probability of success given the evidence the effect came from (assurance)."""
    assurance_percent: str = ""
    assurance_text: str = ""
    """The assurance's paragraph: the prior (estimate, CI-implied SD) and the probability."""


def sample_size(
    trial: Trial, assessment: Assessment, endpoint: EndpointPart | None, refs: References
) -> SampleSize:
    """The section of ``trial`` from its assessment, citing sources in ``refs``."""
    sizing = assessment.sizing
    spec = trial.sample_size
    # A linked record that cannot size the design is not cited as the calculation's evidence.
    evidence_ref = None if sizing.evidence_unused else refs.cite(
        assessment.evidence_for(spec.evidence or ""))
    common: dict[str, Any] = {
        "status": sizing.status, "procedure": sizing.procedure, "message": sizing.message,
        "endpoint": endpoint.name if endpoint else placeholder("Name the primary endpoint"),
        "result": sizing.result, "evidence": spec.evidence, "evidence_ref": evidence_ref,
        "target_enrolment": spec.target_enrolment,
    }
    result, totals = assessment.stated, assessment.totals
    if result is None or totals is None:
        if sizing.status == "error":
            why = placeholder(f"The sample size could not be computed: {sizing.message}. "
                              "Correct the sample size inputs (Sample size step)")
        else:
            why = placeholder("Give the sample-size procedure and its inputs (Sample size "
                              "step) or link an evidence estimate")
        return SampleSize(**common, justification=why)
    method_ref = ", ".join(str(n) for n in refs.add_method(result.method.reference))
    proc = catalogue.procedure(result.procedure)
    use = assessment.evidence_for(spec.evidence or "")
    words = _Words(refs, spec.evidence, use.cited if use else None, evidence_ref)
    return SampleSize(
        **common,
        justification=words(_justification(result, assessment.justification, method_ref)),
        boundaries=_boundaries(sizing.sequential, result),
        multi_arm=totals.multi_arm,
        trial_arms=totals.arms,
        trial_analysed=totals.analysed,
        trial_enrolled=totals.enrolled,
        trial_per_arm=totals.per_arm,
        trial_per_arm_enrolled=totals.per_arm_enrolled,
        allocation=totals.allocation,
        trial_scale=totals.scale,
        n_per_arm=tuple(result.n_per_arm),
        n_total=result.n_total,
        n_per_arm_enrolled=tuple(result.n_per_arm_enrolled),
        n_total_enrolled=result.n_total_enrolled,
        power=result.power,
        power_percent=f"{100 * result.power:.1f}%",
        dropout=result.dropout,
        dropout_percent=f"{100 * result.dropout:g}%",
        alpha=result.inputs.get("alpha"),
        sides=result.inputs.get("sides"),
        solved_for=result.solved_for,
        method=f"{proc.label}: {proc.help}" if proc is not None else result.method.name,
        method_reference=result.method.reference,
        method_ref=method_ref,
        inputs=tuple(replace(i, text=words(i.text)) for i in _inputs(trial, assessment, evidence_ref)),
        evidence_label=_evidence_label(use),
        arm_names=_arm_names(trial, len(result.n_per_arm), totals),
        software=SOFTWARE,
        sensitivity=sensitivity_rows(assessment),
        **_assurance(assessment, words),
    )


def _evidence_label(use: Any) -> str:
    """'Larsen et al., proinsulin-to-insulin (PI/I) ratio (difference between arms)'."""
    if use is None or use.cited is None:
        return ""
    author = use.cited.short.split(" (")[0]
    estimate = getattr(use, "estimate", None)
    return f"{author}, {estimate.outcome} ({estimate.label})" if estimate is not None else author


def sensitivity_rows(assessment: Assessment) -> tuple[SensitivityRow, ...]:
    """The assessment's scenarios in words, labels from the power catalogue."""
    found = assessment.sensitivity
    if found is None:
        return ()
    proc = catalogue.procedure(found.procedure)
    rows = []
    for row in found.scenarios:
        planned = row.varies == "design"
        label = "All as planned" if planned else (
            proc.label_of(row.varies) if proc is not None else catalogue.label(None, row.varies))
        rows.append(SensitivityRow(
            label=label,
            value="" if planned else f"{row.value:.4g}",
            change="" if planned else row.note,
            analysed=row.n_total,
            enrolled=row.n_total_enrolled,
            power="-" if row.power_planned != row.power_planned else f"{100 * row.power_planned:.0f}%",
        ))
    return tuple(rows)


def _assurance(assessment: Assessment, words: _Words) -> dict[str, Any]:
    """The assurance fields, when the assessment has one (the effect came from evidence)."""
    success = assessment.assurance
    if success is None:
        return {}
    return {"assurance": success.assurance, "assurance_percent": f"{100 * success.assurance:.1f}%",
            "assurance_text": words(success.justification)}


COCHRANE_HANDBOOK = (
    "Higgins JPT, Thomas J, Chandler J, Cumpston M, Li T, Page MJ, Welch VA, editors. Cochrane "
    "Handbook for Systematic Reviews of Interventions. Version 6.4. Cochrane; 2023."
)
"""The handbook whose rules derive an SD from a confidence interval (named by the evidence layer)."""

_PAREN_REFERENCE = re.compile(r" \(((?:[^()]|\(\d{4}\))*?\(\d{4}\)(?:[^()]|\(\d{4}\))*)\)")
class _Words:
    """The engine's and the evidence layer's sentences as a protocol writes them: each work
    cited by its number in the one (Vancouver) reference list, formulas typeset, hypotheses in
    words."""

    def __init__(self, refs: References, evidence_id: str | None, cited: Any,
                 evidence_ref: int | None) -> None:
        self.refs, self.evidence_id, self.cited, self.evidence_ref = (
            refs, evidence_id, cited, evidence_ref)

    def __call__(self, text: str) -> str:
        if not text:
            return text
        from trialkit.evidence.convert import COCHRANE_CI

        if self.cited is not None and self.evidence_ref is not None:
            named = f"{self.cited.short.split(' (')[0]} [{self.evidence_ref}]"
            text = text.replace(self.cited.short, named)
            if self.evidence_id:
                text = text.replace(self.evidence_id, named)
        if COCHRANE_CI in text:
            number = self.refs.add("cochrane-handbook", COCHRANE_HANDBOOK)
            text = text.replace(COCHRANE_CI, f"Cochrane Handbook, section 6.5.2.3 [{number}]")
        text = _PAREN_REFERENCE.sub(self._cite, text)
        for pattern, words in FORMULAS:
            text = pattern.sub(words, text)
        return text

    def _cite(self, match: re.Match[str]) -> str:
        """' (Author (2005) Journal 4:1-2)' -> ' [7]'."""
        if not all(e != match[1].rstrip(".") + "." for e in method_references(match[1])):
            return match[0]
        return f" [{', '.join(str(n) for n in self.refs.add_method(match[1]))}]"


SOFTWARE = f"trialkit {__version__}"


def _justification(result: Any, text: str, method_ref: str = "") -> str:
    """The assessment's paragraph (totals counting every arm, the rule for the n enrolled) with
    the method named in words, its numbered references and the program that sized it."""
    method = result.method
    cited = f" [{method_ref}]" if method_ref else ""
    text = text.replace(
        f"Method: {method.name} ({method.reference})", f"Method: {plain_method(method.name)}{cited}"
    )
    return f"{text} The sample size was computed with {SOFTWARE}."


def _inputs(trial: Trial, assessment: Assessment, evidence_ref: int | None) -> tuple[Input, ...]:
    """The calculation's inputs, each traced to the design, the evidence or the default."""
    sizing = assessment.sizing
    assert sizing.result is not None
    spec = trial.sample_size
    typed = {k for k in spec.parameters if k not in CONVERSION_ONLY}
    use = assessment.evidence_for(spec.evidence or "")
    from_evidence = Provenance(
        "evidence", spec.evidence, use.cited.short if use and use.cited else None, evidence_ref,
        tuple(sizing.evidence_sentences[1:]),
    )
    proc = catalogue.procedure(sizing.result.procedure)
    rows = []
    one_sided = sizing.result.inputs.get("sides") == 1
    for name, value in sizing.result.inputs.items():
        if value is None or (one_sided and name == "power_convention"):
            continue  # which tails count matters only for a two-sided test
        if name in typed:
            source = Provenance("design")
        elif name in sizing.kwargs and spec.evidence:
            source = from_evidence
        else:
            source = Provenance("default")
        param = proc.parameter(name) if proc is not None else None
        label = proc.label_of(name) if proc is not None else catalogue.label(None, name)
        text = param.choice_label(value) if param is not None and param.choices \
            else _said(label, name, value)
        rows.append(Input(name, value, text, source, label))
    return tuple(rows)


def _said(label: str, name: str, value: Any) -> str:
    """An input as the paragraph says it: allocation '1:1', dropout and power '10%', '90%'."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        if label == "Allocation":
            return allocation(value)
        if name in ("dropout", "power"):
            return pct(value)
    return _format_input(value)


def _format_input(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.6g}"
    if isinstance(value, list | tuple):
        return ", ".join(_format_input(v) for v in value)
    return str(value)


def _boundaries(design: Any, result: Any) -> Boundaries | None:
    """The interim-analysis boundary table, when the design plans group-sequential looks."""
    if design is None:
        return None
    n_at = result.extras.get("n_at_looks") or ()
    events_at = result.extras.get("events_at_looks") or ()
    rows = []
    for i, row in enumerate(design.boundary_table()):
        rows.append(BoundaryRow(
            look="final" if i == design.k - 1 else str(row["look"]),
            information=f"{100 * row['information_fraction']:.0f}%",
            n=str(n_at[i]) if i < len(n_at) else "",
            events=str(events_at[i]) if i < len(events_at) else "",
            critical_z=f"{row['critical_z']:.3f}",
            nominal_p=f"{row['nominal_p']:.4g}",
            alpha_spent=f"{row['alpha_spent']:.4g}",
            futility_z=f"{row['futility_z']:.3f}" if "futility_z" in row else "",
        ))
    return Boundaries(
        k=design.k,
        spending=catalogue.choice_words("group_sequential", "spending", design.spending)
        + (f" with gamma = {design.gamma:g}" if design.gamma is not None else ""),
        sides=design.sides,
        inflation_factor=f"{design.inflation_factor:.4f}",
        has_events=bool(events_at),
        has_futility=design.futility_z is not None,
        binding_futility=bool(design.binding_futility),
        rows=tuple(rows),
        text=design.justification,
    )


def _arm_names(trial: Trial, count: int, totals: TrialTotals) -> tuple[str, ...]:
    if totals.compared is not None:
        return (totals.compared[0], f"{totals.compared[1]} (control)")
    if totals.multi_arm:
        return ("Each experimental arm", f"{totals.control} (control)")
    names = [a.name or a.id for a in trial.arms][:count]
    if len(names) == count:
        return tuple(names)
    if count <= 2:
        return ("Treatment", "Control")[:count]
    return tuple(f"Arm {i + 1}" for i in range(count))
