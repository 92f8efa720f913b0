"""The ICH M11 title page: identifiers, sponsor, registrations, contributors and signatory.

Registry identifiers are recognised wherever they are typed (a registry entry, the regulatory
ids, the EU CT number), so the title page's registration line shows every one of them.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Final

from pydantic import Field, field_validator

from trialkit.design.admin_ids import eu_ct_problem
from trialkit.design.base import Part, Text


class Person(Part):
    """A named contributor, investigator or contact."""

    name: Text = None
    role: Text = Field(default=None, description="e.g. chief investigator, trial statistician")
    affiliation: Text = None
    contact: Text = Field(default=None, description="e-mail or postal address")


class Organisation(Part):
    """A sponsor or funder with its contact details."""

    name: Text = None
    address: Text = None
    contact: Text = None


class RegistryId(Part):
    """A trial registration: registry name and identifier."""

    registry: str = Field(description="e.g. ClinicalTrials.gov, EU CT, ISRCTN")
    identifier: Text = Field(default=None, description="blank if not yet registered")
    date: dt.date | None = None


class Signatory(Part):
    """The sponsor's signatory who approves the protocol (ICH M11 title page)."""

    name: Text = None
    title: Text = Field(default=None, description="position, e.g. head of clinical research")


# Registries whose identifiers are recognised wherever they are typed (ICH M11 title page,
# WHO Trial Registration Data Set item 2): an identifier's shape -> the registry's name.
_REGISTRIES: Final = (
    (re.compile(r"\bNCT\d{8}\b", re.I), "ClinicalTrials.gov"),
    (re.compile(r"\bISRCTN\d{8}\b", re.I), "ISRCTN"),
    (re.compile(r"\b\d{4}-\d{6}-\d{2}-\d{2}\b"), "EU CT"),
    (re.compile(r"\b\d{4}-\d{6}-\d{2}\b(?!-\d)"), "EudraCT"),
    (re.compile(r"\bACTRN\d{14}\b", re.I), "ANZCTR"),
    (re.compile(r"\bDRKS\d{8}\b", re.I), "DRKS"),
    (re.compile(r"\bChiCTR[-\w]+\b", re.I), "ChiCTR"),
    (re.compile(r"\bCTRI/\d{4}/\d+/\d+\b", re.I), "CTRI"),
    (re.compile(r"\bjRCT\w+\b"), "jRCT"),
)


def registry_of(identifier: str) -> tuple[str, str] | None:
    """(registry, identifier) when ``identifier`` holds a known registry's trial number."""
    for pattern, registry in _REGISTRIES:
        found = pattern.search(identifier)
        if found:
            return registry, found.group(0)
    return None


class TitlePage(Part):
    """The ICH M11 title-page fields."""

    full_title: Text = None
    short_title: Text = None
    acronym: Text = None
    protocol_id: Text = Field(default=None, description="sponsor protocol identifier")
    version: Text = Field(default=None, description="protocol version, e.g. 1.0")
    version_date: dt.date | None = None
    phase: Text = Field(default=None, description="e.g. 1, 2, 2/3, 3, 4, not applicable")
    sponsor: Organisation = Field(default_factory=Organisation)
    funders: list[Organisation] = Field(default_factory=list)
    registry_ids: list[RegistryId] = Field(default_factory=list)
    investigators: list[Person] = Field(default_factory=list)
    indication: Text = Field(default=None, description="the condition or disease studied")
    investigational_products: list[str] = Field(default_factory=list)
    regulatory_ids: list[str] = Field(
        default_factory=list, description="e.g. IND or EU CT numbers"
    )
    # ICH M11 title page (schema 2)
    amendment_status: Text = Field(
        default=None, description="original protocol, or the amendment number and its scope"
    )
    eu_ct_number: Text = Field(default=None, description="EU CT number, e.g. 2024-512345-12-00")
    manufacturer: Text = Field(
        default=None, description="manufacturer of the investigational product(s), with address"
    )
    sponsor_signatory: Signatory = Field(default_factory=Signatory)
    sponsor_approval_date: dt.date | None = None
    medical_monitor: Person = Field(
        default_factory=Person, description="the sponsor's medical expert for the trial"
    )
    sae_reporting_route: Text = Field(
        default=None, description="how and to whom investigators report serious adverse events"
    )

    @field_validator("phase", "version", mode="before")
    @classmethod
    def _number_as_text(cls, value: Any) -> Any:
        """YAML reads ``phase: 2`` or ``version: 1.0`` as numbers; keep them as text."""
        is_number = isinstance(value, int | float) and not isinstance(value, bool)
        return str(value) if is_number else value

    @field_validator("eu_ct_number")
    @classmethod
    def _eu_ct_form(cls, value: str | None) -> str | None:
        """A malformed EU CT number is refused where typed (file, check, form), in words."""
        problem = eu_ct_problem(value)
        if problem:
            raise ValueError(problem)
        return value

    def registrations(self) -> list[RegistryId]:
        """Every registration: the registry entries, completed by identifiers of a known registry
        typed among the regulatory ids or as the EU CT number (one entry per registry)."""
        entries = [entry.model_copy() for entry in self.registry_ids]
        typed = [self.eu_ct_number or "", *self.regulatory_ids]
        for registry, identifier in filter(None, map(registry_of, typed)):
            if any(identifier == e.identifier for e in entries):
                continue
            same = [e for e in entries if _same_registry(e.registry, registry)]
            blank = next((e for e in same if not e.identifier), None)
            if blank is not None:
                blank.identifier = identifier
            elif not same:
                entries.append(RegistryId(registry=registry, identifier=identifier))
        return entries


def _same_registry(name: str, registry: str) -> bool:
    """Whether a registry as the user named it is ``registry`` (e.g. 'ClinicalTrials.gov (US)')."""
    words = "".join(ch for ch in name.lower() if ch.isalnum())
    return "".join(ch for ch in registry.lower() if ch.isalnum()) in words
