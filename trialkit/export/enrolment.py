"""The enrolment written into registry and USDM files, from the design's one assessment."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from trialkit.design.evidence_link import EvidenceLink
    from trialkit.design.model import Trial


def required_enrolment(trial: Trial, evidence: EvidenceLink | None = None) -> int | None:
    """The total the sample-size calculation requires, every arm counted (None if not computable).

    The totals are those of trialkit.design.assess, the call the checks and the protocol read,
    so a three-arm trial sized by one two-group comparison enrols every arm here too.
    """
    from trialkit.design.assessment import assess
    from trialkit.design.evidence_link import EvidenceLink

    totals = assess(trial, evidence or EvidenceLink.open(), ()).totals
    return totals.enrolled if totals is not None else None


def planned_enrolment(trial: Trial, evidence: EvidenceLink | None = None) -> int | None:
    """The planned total enrolment: the design's target, else the total the calculation requires."""
    if trial.sample_size.target_enrolment is not None:
        return trial.sample_size.target_enrolment
    return required_enrolment(trial, evidence)


def planned_given(trial: Trial, required: int | None) -> int | None:
    """planned_enrolment when the required total is already known."""
    target = trial.sample_size.target_enrolment
    return target if target is not None else required
