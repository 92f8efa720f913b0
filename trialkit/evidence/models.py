"""Pydantic models of an evidence record: one source document, its design and its numbers.

Validation is strict: unknown fields are errors, a CI must contain its point estimate, group
sizes are positive, P values lie in (0, 1], proportions in [0, 1]. Records are frozen.
"""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import Field, PositiveInt, PrivateAttr, model_validator

from trialkit.evidence.base import Slug, Strict, error
from trialkit.evidence.citation import Citation as Citation
from trialkit.evidence.citation import Related as Related
from trialkit.evidence.convert import LEVEL_RANGE

Kind = Literal[
    "between_group_difference",
    "between_group_ratio",
    "smd_between",
    "within_group_change",
    "smd_pre_post",
    "single_arm_proportion",
    "adverse_event_rate",
]

KIND_MEANING: dict[str, str] = {
    "between_group_difference": "difference in means, treatment minus control",
    "between_group_ratio": "ratio of (geometric) means or rates, treatment / control",
    "smd_between": "standardised mean difference between arms",
    "within_group_change": "change from baseline within one group, no control arm",
    "smd_pre_post": "standardised before-vs-after change in treated patients, no control arm",
    "single_arm_proportion": "proportion responding in one group (or pooled over treated groups)",
    "adverse_event_rate": "proportion of patients with an adverse event in one group",
}
"""What each kind of estimate measures, in words shown to the user."""

KIND_LABEL: dict[str, str] = {
    "between_group_difference": "difference between arms",
    "between_group_ratio": "ratio between arms",
    "smd_between": "standardised difference between arms",
    "within_group_change": "within-group change",
    "smd_pre_post": "standardised before-vs-after change",
    "single_arm_proportion": "single-group proportion",
    "adverse_event_rate": "adverse-event rate",
}
"""A short noun phrase for each kind, used in sentences."""

PROPORTION_KINDS = frozenset({"single_arm_proportion", "adverse_event_rate"})


class Step(Strict):
    """One link of a provenance chain: an operation, its inputs and result, and its basis."""

    operation: str
    description: str
    inputs: dict[str, float | str] = Field(default_factory=dict)
    result: dict[str, float] = Field(default_factory=dict)
    reference: str | None = None
    assumption: str | None = None

    def sentence(self) -> str:
        """The step as one sentence for a justification paragraph."""
        text = self.description.rstrip(".")
        if self.reference:
            text += f" ({self.reference})"
        if self.assumption:
            text += f", assuming {self.assumption.rstrip('.')}"
        return text + "."


class ConfidenceInterval(Strict):
    """A confidence interval and its level (0.95 for a 95% CI)."""

    lower: float
    upper: float
    level: float = Field(default=0.95, ge=LEVEL_RANGE[0], le=LEVEL_RANGE[1])

    @model_validator(mode="after")
    def _ordered(self) -> ConfidenceInterval:
        if self.lower > self.upper:
            raise error("lower", f"lower limit {self.lower} exceeds upper limit {self.upper}")
        return self

    def __str__(self) -> str:
        return f"{self.level:.0%} CI {self.lower:g} to {self.upper:g}"


class PValue(Strict):
    """A reported P value: exact ("=") or a bound ("<", ">")."""

    value: float = Field(gt=0.0, le=1.0)
    relation: Literal["=", "<", "<=", ">", ">="] = "="

    @model_validator(mode="before")
    @classmethod
    def _from_shorthand(cls, data: Any) -> Any:
        """Accept ``0.011`` or ``"< 0.001"`` as shorthand for the mapping form."""
        if isinstance(data, int | float) and not isinstance(data, bool):
            return {"value": float(data)}
        if isinstance(data, str):
            match = re.fullmatch(r"\s*(<=|>=|<|>|=)?\s*(\d*\.?\d+(?:[eE]-?\d+)?)\s*", data)
            if not match:
                raise error("p", f"cannot read P value {data!r}: write 0.011 or '< 0.001'")
            return {"value": float(match.group(2)), "relation": match.group(1) or "="}
        return data

    @property
    def exact(self) -> bool:
        """True when the P value is reported exactly, not as a bound."""
        return self.relation == "="

    def __str__(self) -> str:
        return f"P {self.relation} {self.value:g}"


class GroupSizes(Strict):
    """Participants (or, for a meta-analysis, trials) behind an estimate."""

    treatment: PositiveInt | None = None
    control: PositiveInt | None = None
    total: PositiveInt | None = None
    studies: PositiveInt | None = None
    note: str | None = None

    @model_validator(mode="after")
    def _consistent(self) -> GroupSizes:
        if (
            self.treatment
            and self.control
            and self.total
            and self.total < self.treatment + self.control
        ):
            both = self.treatment + self.control
            raise error("total", f"total {self.total} is below treatment + control = {both}")
        return self

    def __str__(self) -> str:
        parts = []
        if self.treatment:
            parts.append(f"{self.treatment} treated")
        if self.control:
            parts.append(f"{self.control} control")
        if self.total:
            parts.append(f"{self.total} in total")
        if self.studies:
            parts.append(f"{self.studies} trials")
        return ", ".join(parts) or "not reported"


class Estimate(Strict):
    """One quantitative result of a source, with what kind of contrast it is and where it stands."""

    id: str = Slug
    outcome: str = Field(min_length=1)
    kind: Kind
    value: float
    units: str | None = None
    ci: ConfidenceInterval | None = None
    p: PValue | None = None
    n: GroupSizes | None = None
    timepoint: str | None = None
    comparison: str | None = None
    arm: str | None = None
    subgroup: str | None = None
    lower_is_better: bool | None = None
    locator: str = Field(min_length=3)
    notes: list[str] = Field(default_factory=list)
    provenance: list[Step] = Field(default_factory=list)

    _source: Source | None = PrivateAttr(default=None)

    @model_validator(mode="after")
    def _coherent(self) -> Estimate:
        ci = self.ci
        if ci is not None and not ci.lower <= self.value <= ci.upper:
            raise error(
                "ci",
                f"the {ci.level:.0%} CI [{ci.lower:g}, {ci.upper:g}] does not contain the "
                f"estimate {self.value:g}",
            )
        if self.kind in PROPORTION_KINDS:
            limits = [self.value] + ([ci.lower, ci.upper] if ci else [])
            if not all(0.0 <= x <= 1.0 for x in limits):
                raise error("value", f"a {self.kind} must lie in [0, 1] (write 33.1% as 0.331)")
        if self.kind == "between_group_ratio":
            limits = [self.value] + ([ci.lower] if ci else [])
            if min(limits) <= 0.0:
                raise error("value", "a ratio and its CI must be > 0")
        return self

    @property
    def source(self) -> Source:
        """The source document this estimate belongs to (set when the source is validated)."""
        if self._source is None:
            raise LookupError(f"estimate {self.id!r} is not attached to a source")
        return self._source

    @property
    def full_id(self) -> str:
        """'<source id>.<estimate id>', the identifier the CLI and library use."""
        return f"{self._source.id}.{self.id}" if self._source is not None else self.id

    @property
    def meaning(self) -> str:
        """What this kind of estimate measures, in words."""
        return KIND_MEANING[self.kind]

    @property
    def label(self) -> str:
        """A short noun phrase for the kind ('difference between arms')."""
        return KIND_LABEL[self.kind]

    def summary(self) -> str:
        """'-0.07 (95% CI -0.14 to -0.02), P = 0.011' with units where known."""
        text = f"{self.value:g}"
        if self.units:
            text += f" {self.units}"
        extras = [str(x) for x in (self.ci, self.p) if x is not None]
        return f"{text} ({'; '.join(extras)})" if extras else text

    def with_steps(self, *steps: Step) -> Estimate:
        """A copy of this estimate with further steps appended to its provenance chain."""
        copy = self.model_copy(update={"provenance": [*self.provenance, *steps]})
        copy._source = self._source
        return copy


class Finding(Strict):
    """A result reported in words only (no number to record), paraphrased."""

    id: str = Slug
    outcome: str
    result: Literal[
        "improved",
        "worsened",
        "increased",
        "decreased",
        "reduced",
        "no_difference",
        "maintained",
        "not_maintained",
        "uncertain",
    ]
    detail: str
    timepoint: str | None = None
    subgroup: str | None = None
    p: PValue | None = None
    n: GroupSizes | None = None
    locator: str = Field(min_length=3)


class AdverseEvent(Strict):
    """An adverse event a source lists; a numeric rate, if any, is an adverse_event_rate record."""

    id: str = Slug
    event: str
    occurrence: Literal["reported", "none_reported", "suspected"] = "reported"
    frequency: Literal["common", "less_common", "case_reports", "unspecified"] = "unspecified"
    dose_related: bool | None = None
    rate_estimate: str | None = None
    locator: str = Field(min_length=3)


class Arm(Strict):
    """One arm of a trial: intervention with dose, route and frequency, and its size."""

    label: str
    intervention: str
    dose: str | None = None
    route: str | None = None
    frequency: str | None = None
    duration: str | None = None
    n_randomised: PositiveInt | None = None
    n_analysed: PositiveInt | None = None


class StudyDesign(Strict):
    """How the source's evidence was generated, and what that means for using it."""

    type: Literal[
        "randomised_controlled_trial",
        "randomised_trial_follow_up",
        "meta_analysis",
        "narrative_review",
        "conference_abstract",
        "opinion",
        "secondary_analysis",
    ]
    population: str | None = None
    condition: str | None = None
    n_randomised: PositiveInt | None = None
    n_analysed: PositiveInt | None = None
    n_studies: PositiveInt | None = None
    randomisation: str | None = None
    blinding: str | None = None
    duration: str | None = None
    follow_up: str | None = None
    analysis: str | None = None
    primary_outcome: str | None = None
    arms: list[Arm] = Field(default_factory=list)
    cautions: list[str] = Field(default_factory=list)


class Source(Strict):
    """One source document as structured evidence: citation, design, numbers and cautions."""

    id: str = Slug
    citation: Citation
    document: str
    design: StudyDesign
    related: list[Related] = Field(default_factory=list)
    estimates: list[Estimate] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)
    adverse_events: list[AdverseEvent] = Field(default_factory=list)

    @model_validator(mode="after")
    def _link(self) -> Source:
        seen: set[str] = set()
        for section in ("estimates", "findings", "adverse_events"):
            for record in getattr(self, section):
                if record.id in seen:
                    raise error(section, f"record id {record.id!r} is used twice in this source")
                seen.add(record.id)
        estimate_ids = {e.id for e in self.estimates}
        for event in self.adverse_events:
            if event.rate_estimate is not None and event.rate_estimate not in estimate_ids:
                raise error(
                    "adverse_events",
                    f"the rate estimate {event.rate_estimate!r} of {event.id!r} names no estimate",
                )
        for estimate in self.estimates:
            estimate._source = self
        return self

    def estimate(self, estimate_id: str) -> Estimate:
        """The estimate with this id (KeyError if absent)."""
        for estimate in self.estimates:
            if estimate.id == estimate_id:
                return estimate
        raise KeyError(estimate_id)
