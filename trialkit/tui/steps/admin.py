"""Step 10: administrative information, oversight, ethics and open science."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Static

from trialkit.design import Trial
from trialkit.tui.steps.base import StepPane
from trialkit.tui.widgets.forms import FieldSpec, ModelForm

SECTIONS: tuple[tuple[str, str, list[FieldSpec]], ...] = (
    ("Protocol", "protocol", [
        FieldSpec("title_page.protocol_id"),
        FieldSpec("title_page.version"),
        FieldSpec("title_page.version_date", placeholder="YYYY-MM-DD"),
        FieldSpec("title_page.sponsor.name"),
        FieldSpec("title_page.sponsor.address"),
        FieldSpec("title_page.sponsor.contact"),
        FieldSpec("title_page.amendment_status",
                  placeholder="original protocol, or which amendment"),
        FieldSpec("title_page.sponsor_signatory.name"),
        FieldSpec("title_page.sponsor_signatory.title"),
        FieldSpec("title_page.sponsor_approval_date",
                  placeholder="YYYY-MM-DD"),
        FieldSpec("title_page.medical_monitor.name"),
        FieldSpec("title_page.medical_monitor.contact"),
        FieldSpec("title_page.sae_reporting_route",
                  multiline=True),
    ]),
    ("Contributors and funders", "people", [
        FieldSpec("title_page.investigators"),
        FieldSpec("title_page.funders"),
    ]),
    ("Registration", "registration", [
        FieldSpec("title_page.registry_ids"),
        FieldSpec("title_page.eu_ct_number",
                  placeholder="or say that the trial is not run in the EU"),
        FieldSpec("title_page.regulatory_ids",
                  placeholder="comma-separated, e.g. IND numbers"),
    ]),
    ("Oversight", "oversight", [
        FieldSpec("oversight.committees", multiline=True),
        FieldSpec("oversight.sponsor_role", multiline=True),
        FieldSpec("oversight.data_collection", multiline=True,
                  placeholder="forms, systems, training of those who collect"),
        FieldSpec("oversight.data_management", multiline=True),
        FieldSpec("oversight.monitoring", multiline=True),
        FieldSpec("oversight.auditing", multiline=True),
        FieldSpec("oversight.quality_control", multiline=True),
        FieldSpec("oversight.protocol_deviations", multiline=True),
        FieldSpec("oversight.quality_tolerance_limits",
                  multiline=True),
    ]),
    ("Ethics", "ethics", [
        FieldSpec("ethics.approval", multiline=True),
        FieldSpec("ethics.consent", multiline=True),
        FieldSpec("ethics.consent_ancillary",
                  multiline=True),
        FieldSpec("ethics.confidentiality", multiline=True),
        FieldSpec("ethics.amendments", multiline=True),
        FieldSpec("ethics.insurance", multiline=True),
        FieldSpec("ethics.post_trial_care", multiline=True),
    ]),
    ("Open science", "open", [
        FieldSpec("open_science.protocol_access"),
        FieldSpec("open_science.sap_access"),
        FieldSpec("open_science.data_sharing", multiline=True),
        FieldSpec("open_science.dissemination", multiline=True),
        FieldSpec("open_science.patient_involvement", multiline=True),
        FieldSpec("open_science.conflicts_of_interest", multiline=True),
        FieldSpec("open_science.funding_statement", multiline=True),
    ]),
    ("References and abbreviations", "refs", [
        FieldSpec("references",
                  placeholder="one per line: id | citation | DOI | PMID | web address "
                  "(evidence records are cited without this)"),
        FieldSpec("abbreviations",
                  placeholder="one per line, e.g. MMTT = mixed-meal tolerance test"),
    ]),
)


class AdminStep(StepPane):
    """Title-page administration, committees, ethics and open-science statements."""

    STEP = "admin"

    def compose(self) -> ComposeResult:
        yield Static("Administration and ethics", classes="step-title")
        for title, prefix, specs in SECTIONS:
            yield Static(title, classes="section-title")
            yield ModelForm(Trial, specs, prefix=prefix, id=f"{prefix}-form")
