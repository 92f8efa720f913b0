"""Building blocks of a USDM v4 file: instance ids, coded values and trialkit's extension attributes."""

from __future__ import annotations

import itertools
from collections import Counter
from typing import Any

from trialkit.export import usdm_codes as ct

EXTENSION = "urn:trialkit:usdm:"
"""Prefix of the extension attributes that keep trialkit fields USDM has no place for
(an endpoint's time point, unit and type; the safety level; the triple/quadruple blinding level)."""


class Builder:
    """Hands out ids unique within the file ("Code_1", "StudyArm_2", ...), as USDM requires."""

    def __init__(self) -> None:
        self._counts: Counter[str] = Counter()

    def id(self, kind: str) -> str:
        """A new id for an instance of class ``kind``."""
        self._counts[kind] += 1
        return f"{kind}_{self._counts[kind]}"

    def obj(self, kind: str, **fields: Any) -> dict[str, Any]:
        """An instance of class ``kind`` with a new id and no extension attributes."""
        return {"id": self.id(kind), "extensionAttributes": [], **fields, "instanceType": kind}

    def code(self, term: ct.Term) -> dict[str, Any]:
        """A Code in CDISC CT (code system and version named)."""
        code, decode = term
        return self.obj("Code", code=code, codeSystem=ct.CODE_SYSTEM,
                        codeSystemVersion=ct.CODE_SYSTEM_VERSION, decode=decode)

    def alias(self, term: ct.Term) -> dict[str, Any]:
        """An AliasCode whose standard code is ``term``."""
        return self.obj("AliasCode", standardCode=self.code(term), standardCodeAliases=[])

    def quantity(self, value: float, unit: ct.Term | None = None) -> dict[str, Any]:
        """A Quantity, with its unit as an AliasCode when given."""
        return self.obj("Quantity", value=value, unit=self.alias(unit) if unit else None)

    def extension(self, name: str, value: str) -> dict[str, Any]:
        """A string extension attribute named ``urn:trialkit:usdm:<name>``."""
        return {"id": self.id("ExtensionAttribute"), "url": EXTENSION + name, "valueString": value,
                "extensionAttributes": [], "instanceType": "ExtensionAttribute"}

    def extensions(self, **values: str | None) -> list[dict[str, Any]]:
        """Extension attributes for the values that are set."""
        return [self.extension(name, value) for name, value in values.items() if value]


def chain(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Link items in order through previousId and nextId (as USDM orders epochs, visits, ...)."""
    for before, after in itertools.pairwise(items):
        before["nextId"] = after["id"]
        after["previousId"] = before["id"]
    for item in items:
        item.setdefault("previousId", None)
        item.setdefault("nextId", None)
    return items

