"""The protocol's version history: each version's number, date and summary, and for an amendment
why each change was made and whether it is substantial (ICH M11 summary of changes).

The changes themselves are not typed here: ``trialkit diff`` computes them from the two designs.
A version's ``changes`` give each one its rationale, matched by where the change is in the
design file (``population.inclusion`` covers every change to the inclusion criteria,
``population`` every change to the population).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import Field, field_validator

from trialkit.design.base import Part, Text


class ChangeRationale(Part):
    """Why one change (or every change under one place in the design file) was made."""

    field: str = Field(description="where the change is, as trialkit diff names it, "
                                   "e.g. population.inclusion or arms[placebo]")
    rationale: Text = Field(default=None, description="why the change was made")
    substantial: bool | None = Field(
        default=None, description="whether it is a substantial modification (EU CTR, ICH M11)")


class ProtocolVersion(Part):
    """One version of the protocol: the original or an amendment."""

    version: str = Field(description="protocol version, e.g. 1.0 or 2.0")
    date: dt.date | None = None
    summary: Text = Field(default=None, description="what this version is; for an amendment, "
                                                    "the overall rationale")
    changes: list[ChangeRationale] = Field(default_factory=list)

    @field_validator("version", mode="before")
    @classmethod
    def _number_as_text(cls, value: Any) -> Any:
        """YAML reads ``version: 2.0`` as a number; keep it as text."""
        is_number = isinstance(value, int | float) and not isinstance(value, bool)
        return str(value) if is_number else value

    def rationale_for(self, field: str) -> ChangeRationale | None:
        """The most specific rationale whose place covers ``field`` (itself, or an enclosing part)."""
        covering = [c for c in self.changes if _covers(c.field, field)]
        return max(covering, key=lambda c: len(c.field), default=None)


def _covers(place: str, field: str) -> bool:
    place = place.strip()
    return field == place or field.startswith((place + ".", place + "["))
