"""How the trial is run: safety reporting, oversight, ethics, open science and references."""

from __future__ import annotations

from pydantic import Field

from trialkit.design.base import Part, Text


class ExpectedAdverseEvent(Part):
    """An adverse event known or expected for an intervention, with its rate where known."""

    term: str
    arm: Text = Field(default=None, description="arm id, or blank for all arms")
    arms: list[str] = Field(default_factory=list, description="several arm ids")
    rate: float | None = Field(default=None, ge=0, le=1, description="proportion of participants")
    evidence: Text = Field(default=None, description="evidence estimate id the rate comes from")
    note: Text = None


class DataMonitoringCommittee(Part):
    """The independent committee that reviews safety (and efficacy) data, or why there is none."""

    required: bool | None = None
    composition: Text = None
    charter: Text = None
    reasons_if_none: Text = None


class Safety(Part):
    """Definition, collection, recording and reporting of harms."""

    definitions: Text = None
    collection: Text = Field(default=None, description="how harms are elicited, systematic or spontaneous")
    reporting_period: Text = None
    sae_reporting: Text = None
    severity_grading: Text = Field(default=None, description="e.g. CTCAE version 5.0")
    expected_adverse_events: list[ExpectedAdverseEvent] = Field(default_factory=list)
    stopping_rules: Text = None
    # ICH M11 safety sections (schema 2)
    reference_safety_information: Text = Field(
        default=None, description="e.g. investigator's brochure section, SmPC section 4.8"
    )
    causality: Text = Field(default=None, description="how relatedness to the intervention is judged")
    pregnancy_reporting: Text = Field(
        default=None, description="reporting and follow-up of pregnancies in participants or partners"
    )
    dmc: DataMonitoringCommittee = Field(default_factory=DataMonitoringCommittee)


class Oversight(Part):
    """Trial committees, data management, monitoring and auditing."""

    committees: Text = Field(default=None, description="steering committee, coordinating centre, ...")
    sponsor_role: Text = Field(default=None, description="role of sponsor and funders in the trial")
    data_collection: Text = None
    data_management: Text = None
    monitoring: Text = None
    auditing: Text = None
    quality_control: Text = None
    # ICH E6(R3) quality management (schema 2)
    protocol_deviations: Text = Field(default=None, description="how deviations are recorded and reported")
    quality_tolerance_limits: Text = Field(
        default=None, description="quality tolerance limits and what happens when one is exceeded"
    )


class Ethics(Part):
    """Ethical approval, consent, confidentiality and care after the trial."""

    approval: Text = None
    consent: Text = None
    consent_ancillary: Text = Field(default=None, description="consent for biobanking or ancillary studies")
    confidentiality: Text = None
    amendments: Text = None
    insurance: Text = Field(default=None, description="compensation for harm")
    post_trial_care: Text = None


class OpenScience(Part):
    """Access to protocol and SAP, data sharing, dissemination, involvement, interests."""

    protocol_access: Text = None
    sap_access: Text = None
    data_sharing: Text = None
    dissemination: Text = None
    patient_involvement: Text = None
    conflicts_of_interest: Text = None
    funding_statement: Text = None


class Reference(Part):
    """A literature reference the user adds by hand (evidence records are cited automatically)."""

    id: str
    citation: str
    doi: Text = None
    pmid: Text = None
    url: Text = None
