"""Where a number in the protocol came from: an evidence record, the design file, or a default."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Origin = Literal["evidence", "design", "default"]


@dataclass(frozen=True)
class Provenance:
    """Where a number came from.

    ``evidence`` is the evidence id and ``ref`` its reference number; ``steps`` are the
    conversions that turned the record's value into this number, in words.
    """

    origin: Origin
    evidence: str | None = None
    citation: str | None = None
    ref: int | None = None
    steps: tuple[str, ...] = ()

    def describe(self) -> str:
        """A short phrase for the text, without the reference number: "from Larsen et al.".

        The justification paragraph above the sample-size table states conversion steps in full.
        """
        if self.origin == "design":
            return "given in the design"
        if self.origin == "default":
            return "the method's default"
        if self.citation:
            return f"from {self.citation.split(' (')[0]}"
        return f"from evidence {self.evidence}"
