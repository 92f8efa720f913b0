"""One assessment of a design: its sizing, problems, SPIRIT coverage and evidence links.

``trialkit check``, the protocol renderer and the terminal UI's review all read one
``Assessment``; none of them sizes, checks or scores a design on its own, so they cannot
disagree. The design layer never reads templates: the caller scans them (the render layer
does, in ``trialkit.render.templates``) and passes the SPIRIT blocks they declare.

The parts come in the order a sample-size form needs them: ``state_size`` (the sizing as the
trial states it: fast enough for every keystroke), ``assess_sizing`` (everything but the SPIRIT
coverage, from that stated size) and ``assess`` (all of it). Each builds on the one before, so
there is one derivation of each part.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from trialkit.design.checklist import VERSIONS, Block, ItemCoverage, coverage
from trialkit.design.consistency import (
    at_planned_enrolment,
    background_problems,
    enrolment_problems,
)
from trialkit.design.evidence_link import Cited, EvidenceLink
from trialkit.design.model import Trial
from trialkit.design.sensitivity import Sensitivity, sensitivity
from trialkit.design.sizing import (
    Sizing,
    TrialTotals,
    count_every_arm,
    for_the_trial,
    sample_size_words,
    size_trial,
    trial_totals,
)
from trialkit.design.validate import Problem, check_design
from trialkit.errors import TrialkitError
from trialkit.power import catalogue
from trialkit.power.success import AssuranceResult


@dataclass(frozen=True)
class EvidenceUse:
    """One evidence id the design names: where, how to cite it and what it resolved to.

    ``source`` is the evidence record of the source and ``estimate`` the estimate (for an id
    '<source>.<estimate>'); either is None when it does not resolve, and ``problem`` says why.
    """

    field: str
    id: str
    cited: Cited | None = None
    source: Any = None
    estimate: Any = None
    problem: str | None = None


@dataclass(frozen=True)
class StatedSize:
    """The sample size the trial states: its sizing, the totals counting every arm, and the
    calculation repeated at the planned enrolment (see ``Assessment.planned``)."""

    sizing: Sizing
    totals: TrialTotals | None
    planned: Any = None
    problems: tuple[Problem, ...] = ()
    """What restating the calculation at the planned enrolment found."""

    @property
    def stated(self) -> Any:
        """The calculation the trial states (``Assessment.stated``)."""
        return self.planned if self.planned is not None else self.sizing.result

    @property
    def justification(self) -> str:
        """The stated calculation's paragraph, its totals counting every arm of the trial."""
        stated, totals = self.stated, self.totals
        if stated is None or totals is None:
            return ""
        return count_every_arm(stated.justification, stated, totals)

    @property
    def words(self) -> str:
        """'34 + 34 = 68 analysed, 76 to enrol' (empty when nothing is computed)."""
        stated, totals = self.stated, self.totals
        return "" if stated is None or totals is None else sample_size_words(stated, totals)


@dataclass(frozen=True)
class Assessment:
    """Everything derived from a design, computed once.

    ``totals`` counts every arm of the trial (for k > 2 arms sized by one two-group
    comparison it is k times the per-arm size); ``problems`` include the evidence ids that
    do not resolve; ``spirit`` holds the coverage rows of each checklist version.
    """

    sizing: Sizing
    totals: TrialTotals | None
    problems: tuple[Problem, ...]
    spirit: tuple[tuple[str, tuple[ItemCoverage, ...]], ...]
    evidence: tuple[EvidenceUse, ...]
    planned: Any = None
    """The calculation repeated at the planned enrolment of a single-group design that enrols
    more than it needs (its decision rule and power for the n analysed), else None."""
    sensitivity: Sensitivity | None = None
    """Sample size and planned power as the SD, correlation and effect vary (if computable)."""
    assurance: AssuranceResult | None = None
    """The probability of success given the evidence, when the effect came from an estimate
    with a confidence interval (its prior: the estimate and the SD the CI implies)."""
    assurance_missing: str = ""
    """Why there is no assurance although the effect came from evidence (else empty)."""

    @property
    def size(self) -> StatedSize:
        """The sample size the trial states (its sizing, totals and planned calculation)."""
        return StatedSize(self.sizing, self.totals, self.planned)

    @property
    def stated(self) -> Any:
        """The calculation the trial states: at the planned enrolment when a single-group design
        enrols more than its smallest n (``planned``), else the sizing's result (or None)."""
        return self.size.stated

    @property
    def justification(self) -> str:
        """The stated calculation's paragraph, its totals counting every arm of the trial."""
        return self.size.justification

    def coverage(self, version: str = "2025") -> tuple[ItemCoverage, ...]:
        """The coverage rows of SPIRIT ``version`` ("2025" or "2013")."""
        for name, rows in self.spirit:
            if name == version:
                return rows
        raise ValueError(f"SPIRIT version must be one of {', '.join(VERSIONS)}, not {version!r}")

    def evidence_for(self, evidence_id: str) -> EvidenceUse | None:
        """The link of an evidence id the design names (None if it names no such id)."""
        return next((use for use in self.evidence if use.id == evidence_id), None)

    @property
    def errors(self) -> tuple[Problem, ...]:
        """The problems of severity "error"."""
        return tuple(p for p in self.problems if p.severity == "error")

    def report(self, version: str = "2025") -> dict[str, Any]:
        """A JSON-ready report: checklist rows, problems, the calculation and the trial totals."""
        result, totals = self.stated, self.totals
        return {
            "checklist": f"SPIRIT {version}",
            "items": [row.to_dict() for row in self.coverage(version)],
            "problems": [
                {"severity": p.severity, "field": p.field, "message": p.message}
                for p in self.problems
            ],
            "sample_size": None if result is None or totals is None
            else for_the_trial(result, totals),
            "assurance": self.assurance.to_dict() if self.assurance is not None else None,
            "totals": None if totals is None else {
                "arms": totals.arms, "analysed": totals.analysed, "enrolled": totals.enrolled,
                "multi_arm": totals.multi_arm,
            },
        }


def assess(trial: Trial, evidence: EvidenceLink, templates: Sequence[Block]) -> Assessment:
    """Size, check and score ``trial`` against the SPIRIT blocks its ``templates`` declare."""
    return replace(assess_sizing(trial, evidence),
                   spirit=tuple((version, tuple(coverage(trial, templates, version)))
                                for version in VERSIONS))


def state_size(trial: Trial, evidence: EvidenceLink) -> StatedSize:
    """The sample size ``trial`` states: the first part of its assessment."""
    sizing = size_trial(trial, evidence)
    totals = trial_totals(trial, sizing.result) if sizing.result is not None else None
    planned, problems = at_planned_enrolment(trial, sizing, totals)
    if planned is not None and trial.sample_size.target_enrolment is not None:
        totals = TrialTotals(arms=1, analysed=planned.n_total,
                             enrolled=trial.sample_size.target_enrolment, multi_arm=False)
    return StatedSize(sizing, totals, planned, tuple(problems))


def assess_sizing(
    trial: Trial, evidence: EvidenceLink, size: StatedSize | None = None
) -> Assessment:
    """The assessment without its SPIRIT coverage (``spirit`` is empty): the sizing, the
    problems, the sensitivity, the assurance and the evidence links, from ``size`` (the
    trial's ``state_size``, computed here when not given)."""
    size = size if size is not None else state_size(trial, evidence)
    sizing, totals = size.sizing, size.totals
    success, missing = assurance_of(trial, sizing, evidence)
    uses = _evidence_uses(trial, evidence)
    link = next((u for u in uses if u.id == trial.sample_size.evidence), None)
    arms = 2 * totals.scale if totals is not None and totals.multi_arm else 0
    estimate = link.estimate if link is not None and not sizing.evidence_unused else None
    scenarios = sensitivity(sizing, estimate, arms)
    problems = [
        *check_design(trial, sizing, evidence), *enrolment_problems(trial, totals),
        *size.problems, *background_problems(trial), *_unused_record(sizing, link),
    ]
    return Assessment(
        sizing=sizing,
        totals=totals,
        planned=size.planned,
        sensitivity=scenarios,
        problems=tuple(sorted(problems, key=lambda p: p.severity != "error")),
        spirit=(),
        evidence=uses,
        assurance=success,
        assurance_missing=missing,
    )


def assurance_of(
    trial: Trial, sizing: Sizing, link: EvidenceLink
) -> tuple[AssuranceResult | None, str]:
    """(assurance, why not) of a sized design whose effect came from an evidence estimate.

    (None, "") when the effect did not come from evidence (no estimate, or the effect typed
    over it); (None, reason) when the estimate gives no prior or the design no assurance.
    """
    spec = trial.sample_size
    result = sizing.result
    if result is None or not spec.evidence or "." not in spec.evidence or sizing.evidence_unused:
        return None, ""
    proc = catalogue.procedure(result.procedure)
    effect = proc.effect if proc is not None else None
    if effect is None or effect.name in spec.parameters:
        return None, ""
    from trialkit.evidence.prior import assurance_from_estimate

    try:
        estimate = link.estimate(spec.evidence)
        return assurance_from_estimate(estimate, result,
                                       distribution=spec.parameters.get("distribution", "t")), ""
    except TrialkitError as exc:
        return None, str(exc)


def _unused_record(sizing: Sizing, use: EvidenceUse | None) -> list[Problem]:
    """A warning when the linked record cannot size the design and the size comes from the
    typed values (the record blocks nothing, but the protocol must not seem to rest on it)."""
    if not sizing.evidence_unused or use is None:
        return []
    from trialkit.design.evidence_rank import cannot_size

    named = use.id
    if use.source is not None:
        named = f"{use.source.citation.author_text()} ({use.source.citation.year})"
    if use.estimate is not None:
        named = f"{named}, {use.estimate.outcome}"
    reason = cannot_size(sizing.evidence_unused, catalogue.procedure(sizing.procedure or ""))
    reason = reason.rstrip(". ").removesuffix("; type the effect")
    return [Problem("warning", "sample_size.evidence",
                    f"{named} is not used for the sample size: it {reason}; the size comes "
                    "from the typed values")]


def _evidence_uses(trial: Trial, link: EvidenceLink) -> tuple[EvidenceUse, ...]:
    named = [("background.evidence", e) for e in trial.background.evidence]
    if trial.sample_size.evidence:
        named.append(("sample_size.evidence", trial.sample_size.evidence))
    named += [
        ("safety.expected_adverse_events", ae.evidence)
        for ae in trial.safety.expected_adverse_events if ae.evidence
    ]
    uses: dict[str, EvidenceUse] = {}
    for where, evidence_id in named:
        if evidence_id not in uses:
            uses[evidence_id] = _resolve(where, evidence_id, link)
    return tuple(uses.values())


def _resolve(where: str, evidence_id: str, link: EvidenceLink) -> EvidenceUse:
    source = estimate = None
    try:
        source = link.source(evidence_id)
        if "." in evidence_id:
            estimate = link.estimate(evidence_id)
    except TrialkitError as exc:
        return EvidenceUse(where, evidence_id, link.cite(evidence_id), source, problem=str(exc))
    return EvidenceUse(where, evidence_id, link.cite(evidence_id), source, estimate)
