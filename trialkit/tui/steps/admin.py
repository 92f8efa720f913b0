"""Step 9: administrative information, oversight, ethics and open science."""

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
        FieldSpec("title_page.regulatory_ids", "Regulatory ids", placeholder="comma-separated"),
    ]),
    ("Oversight", "oversight", [
        FieldSpec("oversight.committees", "Committees", multiline=True),
        FieldSpec("oversight.sponsor_role", "Sponsor and funder role", multiline=True),
        FieldSpec("oversight.data_management", "Data management", multiline=True),
        FieldSpec("oversight.monitoring", "Monitoring", multiline=True),
        FieldSpec("oversight.auditing", "Auditing", multiline=True),
    ]),
    ("Ethics", "ethics", [
        FieldSpec("ethics.approval", "Ethical approval", multiline=True),
        FieldSpec("ethics.consent", "Consent", multiline=True),
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
)


class AdminStep(StepPane):
    """Title-page administration, committees, ethics and open-science statements."""

    STEP = "admin"

    def compose(self) -> ComposeResult:
        yield Static("Administration and ethics", classes="step-title")
        for title, prefix, specs in SECTIONS:
            yield Static(title, classes="section-title")
            yield ModelForm(Trial, specs, prefix=prefix, id=f"{prefix}-form")
