"""The planned enrolment written into registry and USDM files, from the design's one assessment."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from trialkit.design.evidence_link import EvidenceLink
    from trialkit.design.model import Trial


def planned_enrolment(trial: Trial, evidence: EvidenceLink | None = None) -> int | None:
    """The planned total enrolment: the design's target, else the assessment's total (every arm).

    The totals are those of trialkit.design.assess, the call the checks and the protocol read,
    so a three-arm trial sized by one two-group comparison enrols every arm here too. None when
    the design has neither a target nor a computable size.
    """
    from trialkit.design.assessment import assess
    from trialkit.design.evidence_link import EvidenceLink

    if trial.sample_size.target_enrolment is not None:
        return trial.sample_size.target_enrolment
    totals = assess(trial, evidence or EvidenceLink.open(), ()).totals
    return totals.enrolled if totals is not None else None
