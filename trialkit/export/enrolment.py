"""The planned enrolment written into registry and USDM files, from the design's sample size."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from trialkit.design.evidence_link import EvidenceLink
    from trialkit.design.model import Trial


def planned_enrolment(trial: Trial, evidence: EvidenceLink | None = None) -> int | None:
    """The planned total enrolment: the design's target, else the calculation's total (every arm).

    The totals come from trialkit.design.sizing (size_trial and trial_totals), the same call
    the checks and the protocol use; when the design layer's single assessment lands, read
    them from it instead. None when the design has neither a target nor a computable size.
    """
    from trialkit.design.sizing import size_trial, trial_totals

    if trial.sample_size.target_enrolment is not None:
        return trial.sample_size.target_enrolment
    sizing = size_trial(trial, evidence)
    if sizing.result is None:
        return None
    return trial_totals(trial, sizing.result).enrolled
