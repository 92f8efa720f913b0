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
    def open(cls, folders: list[str | os.PathLike[str]] | None = None) -> EvidenceLink:
        """Open the packaged library (plus any user folders); never raises."""
        try:
            from trialkit.evidence import library as lib
        except ImportError:
            return cls(None, "the evidence library is not installed")
        try:
            loader = getattr(lib, "load_library", None) or lib.Library.load
            paths = [Path(f) for f in folders or []]
            return cls(loader(paths) if paths else loader())
        except Exception as exc:  # any failure in a foreign layer must not stop rendering
            return cls(None, f"the evidence library could not be loaded: {exc}")

    @classmethod
    def empty(cls, reason: str = "no evidence library was given") -> EvidenceLink:
        """A link that resolves nothing (for tests and offline use)."""
        return cls(None, reason)

    @property
    def available(self) -> bool:
        """Whether a library is loaded."""
        return self._library is not None

    def source(self, source_id: str) -> Any:
        """The source record with this id (or that of an estimate id's source)."""
        lib = self._require()
        key = source_id.split(".", 1)[0]
        try:
            return lib.source(key)
        except (KeyError, LookupError):
            raise EvidenceUnavailable(f"no evidence source {key!r}") from None

    def estimate(self, estimate_id: str) -> Any:
        """The estimate '<source>.<estimate>'."""
        if "." not in estimate_id:
            raise EvidenceUnavailable(
                f"{estimate_id!r} names a source; give '<source>.<estimate>' for a number"
            )
        source_id, local = estimate_id.split(".", 1)
        try:
            return self.source(source_id).estimate(local)
        except (KeyError, LookupError):
            raise EvidenceUnavailable(f"source {source_id!r} has no estimate {local!r}") from None

    def cite(self, evidence_id: str) -> Cited | None:
        """How to cite the source behind an id, or None when it cannot be resolved."""
        try:
            source = self.source(evidence_id)
        except TrialkitError:
            return None
        citation = source.citation
        return Cited(id=source.id, short=citation.short(), full=citation.full())

    def power_inputs(
        self, estimate_id: str, procedure: str, supplied: Mapping[str, Any]
    ) -> tuple[dict[str, Any], list[str]]:
        """Power-engine keyword arguments from an estimate, and sentences citing it."""
        estimate = self.estimate(estimate_id)
        inputs = estimate.power_inputs(procedure, **_supplied_for(supplied))
        kwargs = dict(getattr(inputs, "kwargs", inputs))
        sentences = list(_sentences(inputs))
        cited = self.cite(estimate_id)
        if cited and not any(cited.short.split(" (")[0] in s for s in sentences):
            sentences.insert(0, f"The assumptions are taken from {cited.short}.")
        return kwargs, sentences

    def _require(self) -> Any:
        if self._library is None:
            raise EvidenceUnavailable(self.reason)
        return self._library


def _supplied_for(parameters: Mapping[str, Any]) -> dict[str, Any]:
    """Parameters the estimate conversion may need (control rate, SD); the rest go to power."""
    wanted = ("control_rate", "control", "sd", "cv", "baseline")
    return {k: v for k, v in parameters.items() if k in wanted}


def _sentences(inputs: Any) -> list[str]:
    for name in ("sentences", "justification_sentences"):
        value = getattr(inputs, name, None)
        if value:
            return list(value() if callable(value) else value)
    text = getattr(inputs, "justification", None) or getattr(inputs, "provenance_text", None)
    if callable(text):
        text = text()
    return [text] if isinstance(text, str) and text else []
