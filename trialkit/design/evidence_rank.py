"""Which evidence records fit a design: same condition, same endpoint, and able to size it.

The sample-size step lists the records that fit first (a type 1 diabetes trial sees its own
condition's records, then related ones such as type 2 diabetes, and a lupus record only on
request) and says, in words, why a record cannot size the chosen procedure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

from trialkit.design.evidence_link import CONVERSION_FIELDS, CONVERSION_FOR, EvidenceLink
from trialkit.errors import TrialkitError
from trialkit.evidence.inputs import SUPPLIES
from trialkit.evidence.models import KIND_LABEL
from trialkit.power import catalogue

SAME, RELATED, OTHER = 2, 1, 0
"""How closely a record's condition matches the trial's."""

_WORD = re.compile(r"[a-z0-9][a-z0-9+\-]*")
_GENERIC = frozenset({
    "a", "an", "and", "the", "of", "in", "on", "to", "for", "with", "without", "by", "at", "or",
    "as", "from", "who", "patients", "adults", "children", "participants", "people", "subjects",
    "disease", "diseases", "disorder", "syndrome", "chronic", "acute", "recent", "onset", "new",
    "newly", "diagnosed", "type", "trial", "study", "week", "weeks", "month", "months", "year",
    "years", "day", "days", "level", "levels", "score", "total", "mean", "change", "baseline",
    "proportion", "rate", "ratio",
})
"""Words too common to tell conditions or outcomes apart."""


@dataclass(frozen=True)
class RankedRecord:
    """One evidence estimate as the picker shows it."""

    id: str
    text: str
    condition: str
    condition_match: int
    endpoint_match: int
    fits: bool
    reason: str = ""
    label: str = ""
    """The record as a person names it: 'Su et al. (2024), clinical remission'."""
    source: str = ""
    """Its study and what it compares: 'Moran et al. (2013), anakinra vs placebo'."""
    outcome: str = ""
    """What it measures: '2-h mixed-meal C-peptide AUC (baseline-adjusted)'."""

    @property
    def first(self) -> bool:
        """Listed among the records that fit: the trial's condition (or a related one) and
        a kind of estimate that can size the procedure."""
        return self.fits and self.condition_match > OTHER


def _words(text: str | None) -> set[str]:
    found = set(_WORD.findall((text or "").lower()))
    return {w for w in found if w not in _GENERIC and not w.isdigit() and len(w) > 1}


def _first_sentence(text: str | None) -> str:
    return (text or "").split(". ")[0]


def trial_condition_text(trial: Any) -> str:
    """Where a design names its condition: the titles, the population, the background's
    first sentence (later sentences often cite other conditions)."""
    page = trial.title_page
    parts = (page.full_title, page.short_title, trial.population.description,
             _first_sentence(trial.background.condition))
    return " ".join(p for p in parts if p).lower()


def condition_match(record_condition: str | None, trial_text: str) -> int:
    """SAME if the trial names the record's condition, RELATED if they share a distinctive
    word (type 1 and type 2 diabetes), else OTHER."""
    phrase = " ".join((record_condition or "").lower().split())
    if not phrase:
        return OTHER
    if re.search(rf"(?<![a-z0-9]){re.escape(phrase)}(?![a-z0-9])", trial_text):
        return SAME
    return RELATED if _words(phrase) & _words(trial_text) else OTHER


def endpoint_match(outcome: str, endpoint: Any) -> int:
    """How many distinctive words the record's outcome shares with the endpoint."""
    if endpoint is None:
        return 0
    text = " ".join(x for x in (endpoint.name, endpoint.description, endpoint.unit) if x)
    return len(_words(outcome) & _words(text))


_CLI_HINT = re.compile(r"\s*\((\w+)=\.\.\. / --[^)]*\)")
"""'(sd=... / --sd)': how a Python or command-line caller supplies a value."""


def why_not(message: str, target: Any) -> str:
    """The conversion's refusal in the form's words: procedures by their catalogue labels,
    the field to fill by its label (never a keyword or an option)."""
    reason = message
    if message.startswith("cannot size ") and ": " in message:
        reason = message.split(": ", 1)[1]

    def field(match: re.Match[str]) -> str:
        name = match.group(1)
        found = target.parameter(name)
        if found is not None:
            return f" (the {found.label} field)"
        if name in CONVERSION_FOR.get(target.name, ()):
            return f" (the {CONVERSION_FIELDS[name]} field)"
        return ""

    reason = _CLI_HINT.sub(field, reason)
    for other in catalogue.design_procedures():
        reason = re.sub(rf"\b{other.name}\b", other.label, reason)
    for kind, words in KIND_LABEL.items():
        reason = re.sub(rf"\b{kind}\b", words, reason)
    return f"cannot size {target.label}: {reason}"


def cannot_size(message: str, procedure: Any) -> str:
    """Why no record, or this one, can size ``procedure``, in the form's words (from the
    conversion's refusal ``message``)."""
    if procedure.name not in SUPPLIES:
        return (f"cannot size {procedure.label}: no evidence record converts to its inputs; "
                "type the effect")
    return why_not(message, procedure)


def rank_evidence(
    trial: Any, link: EvidenceLink, procedure: Any | None, endpoint_id: str | None
) -> list[RankedRecord]:
    """Every estimate of the library, those that fit this design first.

    Order: records that can size ``procedure`` (a catalogue Procedure, or None when none is
    chosen yet) and come from the trial's or a related condition; among them, those whose
    outcome matches the endpoint before those whose outcome does not; then by condition
    match and by how well the outcome matches the endpoint; library order breaks ties.
    """
    if not link.available:
        return []
    trial_text = trial_condition_text(trial)
    endpoint = trial.endpoint(endpoint_id) if endpoint_id else None
    parameters = dict(trial.sample_size.parameters)
    ranked = []
    for estimate in link.estimates():
        fits, reason = True, ""
        if procedure is not None:
            try:
                link.power_inputs(estimate.full_id, procedure.name, parameters)
            except (TrialkitError, ValueError) as exc:
                fits, reason = False, cannot_size(str(exc), procedure)
        condition = estimate.source.design.condition or ""
        citation = estimate.source.citation
        ranked.append(RankedRecord(
            id=estimate.full_id, text=f"{estimate.outcome}, {estimate.summary()}",
            condition=condition,
            condition_match=condition_match(condition, trial_text),
            endpoint_match=endpoint_match(estimate.outcome, endpoint), fits=fits, reason=reason,
            label=f"{citation.author_text()} ({citation.year}), {estimate.outcome}",
            source=", ".join(x for x in (f"{citation.author_text()} ({citation.year})",
                                         estimate.comparison) if x),
            outcome=estimate.outcome,
        ))
    order = {r.id: i for i, r in enumerate(ranked)}
    return sorted(ranked, key=lambda r: (not r.first, not r.endpoint_match, -r.condition_match,
                                         not r.fits, -r.endpoint_match, order[r.id]))


def rank_controls(
    ranked: list[RankedRecord], link: EvidenceLink, procedure: Any | None, picked: str,
    parameters: dict[str, Any],
) -> list[RankedRecord]:
    """The records that may serve as the control arm of the picked record ``picked``: those
    with which it sizes ``procedure`` first, then those of the picked record's outcome; each
    that cannot serve says why (``fits`` and ``reason`` as for the effect)."""
    chosen = next((r for r in ranked if r.id == picked), None)
    outcome = chosen.outcome if chosen is not None else ""
    controls = []
    for record in ranked:
        if record.id == picked:
            continue
        fits, reason = True, ""
        if procedure is not None:
            try:
                link.power_inputs(picked, procedure.name, {**parameters, "control": record.id})
            except (TrialkitError, ValueError) as exc:
                fits, reason = False, why_not(str(exc), procedure)
        controls.append(replace(record, fits=fits, reason=reason))
    order = {r.id: i for i, r in enumerate(controls)}
    return sorted(controls, key=lambda r: (not r.fits, -len(_words(r.outcome) & _words(outcome)),
                                           order[r.id]))
