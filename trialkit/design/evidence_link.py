"""Lazy, tolerant access to the evidence library from a design.

A design names evidence by id: a source (``larsen2009``) for citations, or an estimate
(``larsen2009.pi_ratio_week39``) for power inputs and adverse-event rates. The library is
opened only when an id must be resolved; when it is missing or an id is unknown, callers get
an EvidenceError (sizing) or None (citations) and the document shows a placeholder.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from trialkit.errors import TrialkitError


class EvidenceUnavailable(TrialkitError):
    """An evidence id cannot be resolved (library absent, or no such record)."""


@dataclass(frozen=True)
class Cited:
    """A source as the protocol cites it."""

    id: str
    short: str
    full: str


class EvidenceLink:
    """Look-ups of sources and estimates in an evidence library that may not be there."""

    def __init__(self, library: Any | None, reason: str = "") -> None:
        self._library = library
        self.reason = reason or "the evidence library is not available"

    @classmethod
    def open(
        cls, folders: list[str | os.PathLike[str]] | None = None, *, builtin: bool = True
    ) -> EvidenceLink:
        """Open the packaged library, TRIALKIT_EVIDENCE and ``folders``; never raises.

        ``builtin=False`` reads ``folders`` only (ignoring the seeds and the environment),
        which pins a test to fixed records.
        """
        try:
            from trialkit.evidence import load_library
        except ImportError:
            return cls(None, "the evidence library is not installed")
        paths = [Path(f) for f in folders or []]
        try:
            if builtin:
                return cls(load_library(paths))
            return cls(load_library(paths, builtin=False, environ={}))
        except TrialkitError as exc:
            return cls(None, f"the evidence library could not be loaded: {exc}")

    @classmethod
    def empty(cls, reason: str = "no evidence library was given") -> EvidenceLink:
        """A link that resolves nothing (for tests and offline use)."""
        return cls(None, reason)

    @property
    def available(self) -> bool:
        """Whether a library is loaded."""
        return self._library is not None

    def source(self, evidence_id: str) -> Any:
        """The source record named by a source id or by an estimate id '<source>.<estimate>'."""
        return self._require().source(evidence_id.split(".", 1)[0])

    def estimate(self, estimate_id: str) -> Any:
        """The estimate '<source>.<estimate>'."""
        return self._require().estimate(estimate_id)

    def estimates(self) -> list[Any]:
        """Every estimate of the library, in library order (none when it is unavailable)."""
        return list(self._library.estimates()) if self._library is not None else []

    def resolves(self, evidence_id: str) -> str | None:
        """None when the id resolves, else the reason it does not."""
        try:
            if "." in evidence_id:
                self.estimate(evidence_id)
            else:
                self.source(evidence_id)
        except TrialkitError as exc:
            return str(exc)
        return None

    def cite(self, evidence_id: str) -> Cited | None:
        """How to cite the source behind an id, or None when it cannot be resolved."""
        try:
            source = self.source(evidence_id)
        except TrialkitError:
            return None
        citation = source.citation
        return Cited(id=source.id, short=citation.short(), full=citation.full())

    def power_inputs(
        self, estimate_id: str, procedure: str, parameters: Mapping[str, Any]
    ) -> tuple[dict[str, Any], list[str]]:
        """Power-engine keyword arguments from an estimate, and the sentences that cite it."""
        estimate = self.estimate(estimate_id)
        supplied = {k: v for k, v in parameters.items() if k in CONVERSION_KEYS}
        if isinstance(supplied.get("control"), str):
            supplied["control"] = self.estimate(supplied["control"])
        from trialkit.evidence.inputs import power_inputs

        inputs = power_inputs(estimate, procedure, **supplied)
        return dict(inputs), list(inputs.sentences())

    def _require(self) -> Any:
        if self._library is None:
            raise EvidenceUnavailable(self.reason)
        return self._library


CONVERSION_KEYS = frozenset({"sd", "cv", "control_rate", "null_rate", "control", "distribution"})
"""Sample-size parameters that help turn an estimate into power inputs."""

CONVERSION_ONLY = frozenset({"control_rate", "null_rate", "control", "distribution"})
"""Of those, the ones the power procedures themselves do not take."""

CONVERSION_FIELDS: dict[str, str] = {
    "control_rate": "Control arm's rate", "null_rate": "Rate to beat",
    "control": "Control-arm record",
}
"""What a record may lack that the user supplies, by the label of the field it is typed in."""

CONVERSION_FOR: dict[str, tuple[str, ...]] = {
    "two_proportions": ("control_rate", "control"), "one_proportion": ("null_rate",),
    "two_means": ("control",),
}
"""The conversion-only inputs each procedure's conversion can use (trialkit.evidence.inputs)."""
