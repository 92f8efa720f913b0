"""Step 10: administrative information, oversight, ethics and open science."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Static

from trialkit.design import Trial
from trialkit.tui.steps.base import StepPane
from trialkit.tui.widgets.forms import FieldSpec, ModelForm

SECTIONS: tuple[tuple[str, str, list[FieldSpec]], ...] = (
    ("Protocol", "protocol", [
        FieldSpec("title_page.protocol_id", "Protocol id"),
        FieldSpec("title_page.version", "Version"),
        FieldSpec("title_page.version_date", "Version date", placeholder="YYYY-MM-DD"),
        FieldSpec("title_page.sponsor.name", "Sponsor"),
        FieldSpec("title_page.sponsor.address", "Sponsor address"),
        FieldSpec("title_page.sponsor.contact", "Sponsor contact"),
        FieldSpec("title_page.amendment_status", "Amendment status",
                  placeholder="original protocol, or which amendment"),
        FieldSpec("title_page.sponsor_signatory.name", "Sponsor signatory"),
        FieldSpec("title_page.sponsor_signatory.title", "Signatory's position"),
        FieldSpec("title_page.sponsor_approval_date", "Sponsor approval date",
                  placeholder="YYYY-MM-DD"),
        FieldSpec("title_page.medical_monitor.name", "Medical monitor"),
        FieldSpec("title_page.medical_monitor.contact", "Medical monitor contact"),
        FieldSpec("title_page.sae_reporting_route", "Serious adverse event reporting",
                  multiline=True),
    ]),
    ("Contributors and funders", "people", [
        FieldSpec("title_page.investigators", "Contributors and their roles"),
        FieldSpec("title_page.funders", "Funders"),
    ]),
    ("Registration", "registration", [
        FieldSpec("title_page.registry_ids", "Registries"),
        FieldSpec("title_page.eu_ct_number", "EU CT number",
                  placeholder="or say that the trial is not run in the EU"),
        FieldSpec("title_page.regulatory_ids", "Other regulatory ids",
                  placeholder="comma-separated, e.g. IND numbers"),
    ]),
    ("Oversight", "oversight", [
        FieldSpec("oversight.committees", "Committees", multiline=True),
        FieldSpec("oversight.sponsor_role", "Sponsor and funder role", multiline=True),
        FieldSpec("oversight.data_collection", "Data collection", multiline=True,
                  placeholder="forms, systems, training of those who collect"),
        FieldSpec("oversight.data_management", "Data management", multiline=True),
        FieldSpec("oversight.monitoring", "Monitoring", multiline=True),
        FieldSpec("oversight.auditing", "Auditing", multiline=True),
        FieldSpec("oversight.quality_control", "Quality control", multiline=True),
        FieldSpec("oversight.protocol_deviations", "Protocol deviations", multiline=True),
        FieldSpec("oversight.quality_tolerance_limits", "Quality tolerance limits",
                  multiline=True),
    ]),
    ("Ethics", "ethics", [
        FieldSpec("ethics.approval", "Ethical approval", multiline=True),
        FieldSpec("ethics.consent", "Consent", multiline=True),
        FieldSpec("ethics.consent_ancillary", "Consent for samples and ancillary studies",
                  multiline=True),
        FieldSpec("ethics.confidentiality", "Confidentiality", multiline=True),
        FieldSpec("ethics.amendments", "Amendments", multiline=True),
        FieldSpec("ethics.insurance", "Insurance", multiline=True),
        FieldSpec("ethics.post_trial_care", "Post-trial care", multiline=True),
    ]),
    ("Open science", "open", [
        FieldSpec("open_science.protocol_access", "Protocol access"),
        FieldSpec("open_science.sap_access", "Analysis plan access"),
        FieldSpec("open_science.data_sharing", "Data sharing", multiline=True),
        FieldSpec("open_science.dissemination", "Dissemination", multiline=True),
        FieldSpec("open_science.patient_involvement", "Patient involvement", multiline=True),
        FieldSpec("open_science.conflicts_of_interest", "Competing interests", multiline=True),
        FieldSpec("open_science.funding_statement", "Funding", multiline=True),
    ]),
    ("References and abbreviations", "refs", [
        FieldSpec("references", "Other references",
                  placeholder="one per line: id | citation | DOI | PMID | web address "
                  "(evidence records are cited without this)"),
        FieldSpec("abbreviations", "Abbreviations of your own",
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
