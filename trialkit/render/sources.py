"""Cited sources: the numbered reference list, evidence summaries and expected adverse events.

Everything about the evidence comes from the assessment's evidence links
(``trialkit.design.assess``): this module only words it and numbers the citations.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from trialkit.design.assessment import Assessment, EvidenceUse
from trialkit.design.model import Reference as UserReference
from trialkit.design.model import Trial
from trialkit.render.prompts import placeholder
from trialkit.render.provenance import Provenance


@dataclass(frozen=True)
class Reference:
    """One entry of the reference list."""

    number: int
    id: str
    text: str


class References:
    """A numbered reference list in order of first citation."""

    def __init__(self) -> None:
        self._rows: dict[str, Reference] = {}

    def add(self, key: str, text: str) -> int:
        """The number of the reference ``key``, adding it at the end if it is new."""
        if key not in self._rows:
            self._rows[key] = Reference(len(self._rows) + 1, key, text)
        return self._rows[key].number

    def cite(self, use: EvidenceUse | None) -> int | None:
        """The number of an evidence link's source (None when it cannot be cited)."""
        if use is None or use.cited is None:
            return None
        citation = getattr(use.source, "citation", None)
        return self.add(use.cited.id, citation.full() if citation else use.cited.full)

    def add_method(self, reference: str) -> tuple[int, ...]:
        """The numbers of a power method's references, one per work cited."""
        return tuple(self.add(f"method:{entry}", entry) for entry in method_references(reference))

    def rows(self) -> tuple[Reference, ...]:
        """The list in order of number."""
        return tuple(self._rows.values())

    def numbers(self) -> dict[str, int]:
        """Reference id -> number, for citing records by id in the design's text."""
        return {key: row.number for key, row in self._rows.items()}


@dataclass(frozen=True)
class Source:
    """An evidence source behind the rationale, summarised."""

    id: str
    ref: int | None
    short: str
    full: str
    design: str
    results: tuple[str, ...]
    events: tuple[str, ...]
    cautions: tuple[str, ...]
    suspected: tuple[str, ...] = ()
    not_reported: tuple[str, ...] = ()
    """Harms the source suspects but does not establish, and harms it reports did not occur."""


@dataclass(frozen=True)
class ExpectedEvent:
    """An adverse event expected in the trial, with its rate and where the rate came from.

    ``ref`` cites the event's evidence; ``rate_source`` is None when no rate is known.
    """

    term: str
    arm: str
    rate: float | None
    rate_text: str
    rate_source: Provenance | None
    ref: int | None
    note: str
    occurrence: str = ""
    """How the cited source puts the harm ("suspected in the source"), empty when reported."""


STUDY_TYPES: dict[str, str] = {
    "randomised_controlled_trial": "Randomised controlled trial",
    "randomised_trial_follow_up": "Follow-up of a randomised trial",
    "meta_analysis": "Meta-analysis",
    "narrative_review": "Narrative review",
    "conference_abstract": "Conference abstract",
    "opinion": "Opinion piece",
    "secondary_analysis": "Secondary analysis of trial data",
}


def sources(trial: Trial, assessment: Assessment, refs: References) -> tuple[Source, ...]:
    """The background evidence, in the order the design lists it."""
    rows = []
    for evidence_id in trial.background.evidence:
        use = assessment.evidence_for(evidence_id)
        if use is None or use.cited is None or use.source is None:
            rows.append(Source(
                evidence_id, None, evidence_id,
                placeholder(f"Evidence {evidence_id!r} not found in the evidence library"),
                "", (), (), (),
            ))
            continue
        rows.append(Source(use.cited.id, refs.cite(use), use.cited.short, use.cited.full,
                           *_summary(use.source)))
    return tuple(rows)


FREQUENCY: dict[str, str] = {
    "common": "common",
    "less_common": "less common",
    "case_reports": "case reports",
    "unspecified": "",
}


def _summary(source: Any) -> tuple[Any, ...]:
    """Design, results, harms and cautions of an evidence source, with every qualifier kept.

    Each result keeps its arm, subgroup, time point, units and notes; harms are split by
    how the source puts them (reported, suspected, reported not to have occurred).
    """
    design = source.design
    parts = [STUDY_TYPES.get(design.type, design.type.replace("_", " ").capitalize())]
    if design.n_studies:
        parts.append(f"{design.n_studies} trials")
    n = design.n_randomised or design.n_analysed
    if n:
        parts.append(f"{n} participants")
    parts += [text.strip().rstrip(".") for text in (design.population, design.duration) if text]
    results = [_estimate_text(est) for est in source.estimates]
    results += [_finding_text(finding) for finding in source.findings]
    events = source.adverse_events
    return (
        "; ".join(parts),
        tuple(results),
        tuple(_event_text(e) for e in events if e.occurrence == "reported"),
        tuple(design.cautions),
        tuple(_event_text(e) for e in events if e.occurrence == "suspected"),
        tuple(e.event for e in events if e.occurrence == "none_reported"),
    )


def _qualified(outcome: str, subgroup: str | None, timepoint: str | None,
               arm: str | None = None) -> str:
    """'outcome - subgroup ...; in <arm>; <time point>'."""
    qualifiers = [f"subgroup {subgroup}" if subgroup else "", f"in {arm}" if arm else "",
                  timepoint or ""]
    shown = "; ".join(q for q in qualifiers if q)
    return f"{outcome} \u2013 {shown}" if shown else outcome


def _estimate_text(est: Any) -> str:
    """One estimate with its arm, subgroup, time point, units, what it measures and notes."""
    text = f"{_qualified(est.outcome, est.subgroup, est.timepoint, est.arm)}: {est.summary()}"
    text += f"; {est.meaning}"
    if est.comparison:
        text += f" ({est.comparison})"
    return text + "".join(f". Note: {note.rstrip('.')}" for note in est.notes)


def _finding_text(finding: Any) -> str:
    """A result given in words, with its subgroup, time point and P value."""
    text = f"{_qualified(finding.outcome, finding.subgroup, finding.timepoint)}: {finding.detail}"
    return text.rstrip(".") + (f" ({finding.p})" if finding.p is not None else "")


def _event_text(event: Any) -> str:
    """An adverse event with how often the source says it occurs."""
    frequency = FREQUENCY.get(event.frequency, "")
    return f"{event.event} ({frequency})" if frequency else event.event


def expected_events(
    trial: Trial, assessment: Assessment, refs: References
) -> tuple[ExpectedEvent, ...]:
    """The expected adverse events; a rate not given is taken from its linked estimate."""
    arm_names = {a.id: a.name or a.id for a in trial.arms}
    rows = []
    for event in trial.safety.expected_adverse_events:
        use = assessment.evidence_for(event.evidence or "")
        ref = refs.cite(use)
        rate, source = event.rate, Provenance("design") if event.rate is not None else None
        if rate is None and use is not None:
            rate = _estimate_rate(use)
            if rate is not None:
                cited = use.cited.short if use.cited is not None else None
                source = Provenance("evidence", use.id, cited, ref)
        named = [a for a in [event.arm, *event.arms] if a]
        rows.append(ExpectedEvent(
            term=event.term,
            arm="; ".join(arm_names.get(a, a) for a in named) or "All arms",
            rate=rate,
            rate_text=f"{100 * rate:.1f}%" if rate is not None else "not known",
            rate_source=source,
            ref=ref,
            note=event.note or "",
            occurrence=_occurrence(use),
        ))
    return tuple(rows)


def _occurrence(use: EvidenceUse | None) -> str:
    """"suspected in the source" when every harm the linked evidence lists is only suspected."""
    if use is None or use.source is None:
        return ""
    events = list(use.source.adverse_events)
    if use.estimate is not None:
        events = [e for e in events if e.rate_estimate == use.estimate.id]
    if events and all(e.occurrence == "suspected" for e in events):
        return "suspected in the source, not established"
    return ""


def _estimate_rate(use: EvidenceUse) -> float | None:
    """The linked estimate's value as a rate; None (shown as "not known") when it is not one."""
    if use.estimate is None:
        return None
    value = float(use.estimate.value)
    return value if 0.0 <= value <= 1.0 else None


INITIALS: dict[str, str] = {
    "A'Hern": "RP", "Ashby": "D", "Barnard": "GA", "Belle": "G", "Borm": "GF", "Campbell": "MJ",
    "Chen": "H", "Chernick": "MR", "Chow": "SC", "Cohen": "J", "Cui": "L", "DeCani": "JS",
    "DeMets": "DL", "Dunn": "OJ", "Eldridge": "SM", "Farrington": "CP", "Fisher": "RA",
    "Fleiss": "JL", "Fleming": "TR", "Foulkes": "MA", "Fransen": "J", "Freedman": "LS",
    "Gao": "P", "George": "SL", "Guenther": "WC", "Holm": "S", "Hung": "HMJ", "Hwang": "IK",
    "Julious": "SA", "Jung": "SH", "Kerry": "S", "Kim": "K", "Koyama": "T", "Lachin": "JM",
    "Lakkis": "H", "Lan": "KKG", "Landau": "S", "Lee": "T", "Lemmens": "WA", "Levin": "B",
    "Liu": "CY", "Manning": "G", "Martin": "DC", "Mehta": "CR", "Miettinen": "O",
    "Nurminen": "M", "O'Brien": "PC", "O'Hagan": "A", "Owen": "DB", "Paik": "MC",
    "Phillips": "KF", "Pocock": "SJ", "Schoenfeld": "DA", "Schuirmann": "DJ", "Shao": "J",
    "Shih": "WJ", "Shuster": "JJ", "Simon": "R", "Stahl": "D", "Stevens": "JW", "Suissa": "S",
    "Tytun": "A", "Ury": "HK", "Wang 1999": "SJ", "Wang 2008": "H", "Ware": "JH",
    "Wittes": "J", "Zhu": "H",
}
"""Initials of the authors the power engine's method references name by family name only
(two Wangs, told apart by year)."""

_AUTHOR_YEAR = re.compile(r"^(?:[A-Za-z ]+: )?(?P<authors>[^()]+?) \((?P<year>\d{4})\) (?P<rest>.+)$")
_JOURNAL = re.compile(r"^(?P<journal>[A-Z][A-Za-z .]*?) (?P<volume>\d+):(?P<pages>\S+)$")


def method_references(reference: str) -> tuple[str, ...]:
    """A power method's reference text as Vancouver entries, one per work.

    The engine writes 'Borm, Fransen & Lemmens (2007) J Clin Epidemiol 60:1234-1238' (several
    joined by '; '); each becomes 'Borm GF, Fransen J, Lemmens WA. J Clin Epidemiol.
    2007;60:1234-1238.' A book keeps its title, edition and section. Text of another form is
    kept as it is.
    """
    entries = []
    for part in (p.strip() for p in reference.split(";")):
        match = _AUTHOR_YEAR.match(part)
        if match is None:
            if part:
                entries.append(part.rstrip(".") + ".")
            continue
        year = match["year"]
        names, et_al = re.subn(r",?\s+et al\.?$", "", match["authors"])
        families = re.split(r",\s*|\s+&\s+", names)
        authors = ", ".join(
            f"{f} {INITIALS.get(f'{f} {year}', INITIALS.get(f, ''))}".strip() for f in families
        ) + (", et al" if et_al else "")
        journal = _JOURNAL.match(match["rest"])
        if journal:
            entries.append(f"{authors}. {journal['journal']}. {year};{journal['volume']}:"
                           f"{journal['pages']}.")
            continue
        title, *details = [d.strip() for d in match["rest"].split(",")]
        edition = [d for d in details if d.endswith("ed.")]
        where = [d.replace("\u00a7", "Section ") for d in details if d not in edition]
        entries.append(" ".join([f"{authors}. {title}.", *edition, f"{year}.",
                                 *(f"{w.rstrip('.')}." for w in where)]))
    return tuple(entries)


_KEY = re.compile(r"\[([a-z0-9][a-z0-9_\-]*)\]")


def cite_keys(text: str, numbers: Mapping[str, int]) -> str:
    """Design text with each '[record-id]' of a cited record replaced by its number ('[4]')."""
    return _KEY.sub(lambda m: f"[{numbers[m[1]]}]" if m[1] in numbers else m[0], text)


def user_reference(ref: UserReference) -> str:
    """A reference the user typed, with its DOI, PMID and address."""
    text = ref.citation
    if ref.doi:
        text += f" doi:{ref.doi}"
    if ref.pmid:
        text += f" PMID {ref.pmid}"
    if ref.url:
        text += f" {ref.url}"
    return text
