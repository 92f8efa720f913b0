"""What changed between two versions of a design, by protocol section, with the sample-size consequence.

Items with ids (objectives, endpoints, arms, visits, assessments, references) are matched by
id, lists of texts (criteria, countries, ...) by their text, everything else field by field.
The planned enrolment of each version comes from the design's one assessment.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from trialkit.design.model import Trial

if TYPE_CHECKING:
    from trialkit.design.evidence_link import EvidenceLink
    from trialkit.design.history import ProtocolVersion

Kind = Literal["added", "removed", "changed"]
SECTIONS = {
    "title_page": "", "synopsis": "1.1", "background": "2", "objectives": "3", "design": "4",
    "population": "5", "arms": "6.1", "intervention_conduct": "6", "discontinuation": "7",
    "assessments": "8", "visits": "1.3", "safety": "9", "sample_size": "10.7",
    "interim_analyses": "10.6", "statistics": "10", "oversight": "11", "ethics": "11.1",
    "open_science": "11.7", "abbreviations": "12.2", "references": "12.3", "version_history": "",
}
"""Where each part of the design is printed: the number of the document's section (its heading
is the template's, ``section_heading``); blank for the title page."""
_PLACE = re.compile(r"[^.\[\]]+|\[[^\]]*\]")


def section_heading(key: str) -> str:
    """The document's heading for a part of the design: '10.7 Sample size determination'."""
    from trialkit.render.templates import headings

    number = SECTIONS.get(key)
    return headings().get(number, key) if number else "Title page"


def field_words(field: str) -> str:
    """A changed field in the forms' words (trialkit.design.labels): 'SD', 'Exclusion criteria',
    'Arm placebo, name' (an item by its noun and id). The section names the step's part."""
    from trialkit.design.labels import STEP_WORDS
    from trialkit.design.words import item_words, where

    parts = _PLACE.findall(field)
    if not any(p.startswith("[") for p in parts):
        words = where(field).split(", ")
        if len(words) > 1 and words[0] in STEP_WORDS.values():
            words = words[1:]
        text = ", ".join(words)
        return text[:1].upper() + text[1:]
    text = ", ".join(item_words(parts))
    return text[:1].upper() + text[1:]


@dataclass(frozen=True)
class Change:
    """One difference: the protocol section, the field's place in the design file, old and new."""

    section: str
    field: str
    kind: Kind
    old: Any = None
    new: Any = None

    def to_dict(self) -> dict[str, Any]:
        """The change as JSON-ready data."""
        return {"section": self.section, "field": self.field, "change": self.kind,
                "old": self.old, "new": self.new}

    def line(self) -> str:
        """The change in one line of words."""
        sign = {"added": "+", "removed": "-", "changed": "~"}[self.kind]
        return f"{sign} {field_words(self.field)} ({self.field}): {self._what('{old} -> {new}')}"

    def words(self) -> str:
        """The change in a sentence, for the protocol's summary of changes."""
        return f"{field_words(self.field)}: {self._what('changed from {old} to {new}')}"

    def _what(self, changed: str) -> str:
        """What happened to the value; ``changed`` words a change from {old} to {new}."""
        if self.kind == "added":
            return f"added {_show(self.new)}"
        if self.kind == "removed":
            return f"removed {_show(self.old)}"
        return changed.format(old=_show(self.old), new=_show(self.new))


@dataclass(frozen=True)
class Amendment:
    """Every change from one design to the next, and the planned enrolment of each."""

    changes: tuple[Change, ...]
    required: tuple[int | None, int | None]
    """Participants the calculation requires (every arm), old and new."""
    planned: tuple[int | None, int | None]
    """Planned enrolment (the target, else the required number), old and new."""

    def to_dict(self) -> dict[str, Any]:
        """The comparison as JSON-ready data."""
        return {"changes": [c.to_dict() for c in self.changes],
                "sample_size": {"required": {"old": self.required[0], "new": self.required[1]},
                                "planned": {"old": self.planned[0], "new": self.planned[1]}}}

    def _counts(self) -> tuple[tuple[str, tuple[int | None, int | None]], ...]:
        """The two numbers an amendment can move, named: required, then planned."""
        return (("required by the calculation", self.required), ("planned enrolment", self.planned))

    def consequence(self) -> str | None:
        """The consequence for the sample size in a sentence, or None if the numbers stay."""
        moved = [f"{name} from {_people(old)} to {_people(new)}"
                 for name, (old, new) in self._counts() if old != new]
        return "Sample size: " + "; ".join(moved) if moved else None

    def text(self) -> str:
        """The changes grouped by protocol section, then the consequence for the sample size."""
        if not self.changes:
            return "No changes.\n"
        lines: list[str] = []
        for section in dict.fromkeys(c.section for c in self.changes):
            lines.append(section)
            lines += [f"  {c.line()}" for c in self.changes if c.section == section]
        moved = any(old != new for _, (old, new) in self._counts())
        if moved or any(c.section == section_heading("sample_size") for c in self.changes):
            lines.append("Consequence for the sample size:")
            for name, (old, new) in self._counts():
                change = f"{_people(old)} -> {_people(new)}" if old != new else f"unchanged ({_people(new)})"
                lines.append(f"  {name}: {change}")
        return "\n".join(lines) + "\n"


def compare(old: Trial, new: Trial, evidence: EvidenceLink | None = None) -> Amendment:
    """The amendment that turns ``old`` into ``new``."""
    from trialkit.export.enrolment import planned_given, required_enrolment

    before = old.model_dump(mode="json", exclude={"schema_version"})
    after = new.model_dump(mode="json", exclude={"schema_version"})
    changes: list[Change] = []
    for key in before:
        _walk(section_heading(key), key, before[key], after[key], changes)
    required = (required_enrolment(old, evidence), required_enrolment(new, evidence))
    planned = (planned_given(old, required[0]), planned_given(new, required[1]))
    return Amendment(tuple(changes), required, planned)


def _walk(section: str, field: str, old: Any, new: Any, out: list[Change]) -> None:
    if old == new:
        return
    if isinstance(old, dict) and isinstance(new, dict):
        for key in dict.fromkeys([*old, *new]):
            _walk(section, f"{field}.{key}", old.get(key), new.get(key), out)
    elif isinstance(old, list) and isinstance(new, list) and _keyed(old + new):
        _items(section, field, old, new, out)
    elif isinstance(old, list) and isinstance(new, list) and not any(
            isinstance(v, dict | list) for v in old + new):
        out += [Change(section, field, "removed", old=v) for v in old if v not in new]
        out += [Change(section, field, "added", new=v) for v in new if v not in old]
        if not any(c.field == field for c in out) and old != new:
            out.append(Change(section, field, "changed", old=old, new=new))  # reordered
    elif old is None or old == [] or old == {}:
        out.append(Change(section, field, "added", new=new))
    elif new is None or new == [] or new == {}:
        out.append(Change(section, field, "removed", old=old))
    else:
        out.append(Change(section, field, "changed", old=old, new=new))


def _keyed(items: list[Any]) -> bool:
    return bool(items) and all(isinstance(v, dict) and "id" in v for v in items)


def _items(section: str, field: str, old: list[dict[str, Any]], new: list[dict[str, Any]],
           out: list[Change]) -> None:
    """Items matched by id: removed, added, or changed field by field."""
    before = {v["id"]: v for v in old}
    after = {v["id"]: v for v in new}
    for key, item in before.items():
        if key not in after:
            out.append(Change(section, f"{field}[{key}]", "removed", old=_label(item)))
    for key, item in after.items():
        if key not in before:
            out.append(Change(section, f"{field}[{key}]", "added", new=_label(item)))
        else:
            _walk(section, f"{field}[{key}]", before[key], item, out)


def _label(item: dict[str, Any]) -> str:
    return str(item.get("name") or item.get("description") or item.get("citation") or item["id"])


def _show(value: Any) -> str:
    if isinstance(value, str):
        text = " ".join(value.split())
        return repr(text if len(text) <= 80 else text[:77] + "...")
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_show(v)}" for k, v in value.items() if v not in (None, [], {})) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_show(v) for v in value) + "]"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return "blank" if value is None else str(value)


def _people(count: int | None) -> str:
    return "not computable" if count is None else f"{count} participants"


RECORDS = ("version_history", "title_page.version", "title_page.version_date",
           "title_page.amendment_status")
"""Where the amendment records itself (not a change to the trial): left out of its summary."""


@dataclass(frozen=True)
class SummaryRow:
    """One row of the ICH M11 summary of changes; ``field`` is None for the sample-size row."""

    section: str
    change: str
    rationale: str | None
    substantial: bool | None
    field: str | None


@dataclass(frozen=True)
class SummaryOfChanges:
    """An amendment as ICH M11 tabulates it: versions, the overall rationale and each change."""

    old_version: str | None
    new_version: str | None
    date: str | None
    overall: str | None
    rows: tuple[SummaryRow, ...]

    def substantial(self) -> bool | None:
        """True if any change is substantial, False if every one is declared not, else None."""
        flags = [r.substantial for r in self.rows]
        if any(flags):
            return True
        return False if flags and all(f is False for f in flags) else None


def summary_of_changes(old: Trial, new: Trial, evidence: EvidenceLink | None = None,
                       amendment: Amendment | None = None) -> SummaryOfChanges:
    """The summary of changes from ``old`` to ``new``: the changes ``compare`` finds (and its
    sample-size consequence), each with the rationale ``new``'s version history gives it."""
    amendment = amendment if amendment is not None else compare(old, new, evidence)
    version = current_version(new)
    rows: list[SummaryRow] = []
    for change in amendment.changes:
        if change.field.startswith(RECORDS):
            continue
        given = version.rationale_for(change.field) if version else None
        rows.append(SummaryRow(change.section, change.words(), given.rationale if given else None,
                               given.substantial if given else None, change.field))
    consequence = amendment.consequence()
    if consequence:
        given = version.rationale_for("sample_size") if version else None
        rows.append(SummaryRow(section_heading("sample_size"), consequence,
                               given.rationale if given else None,
                               given.substantial if given else None, None))
    return SummaryOfChanges(
        old_version=old.title_page.version, new_version=new.title_page.version,
        date=str(version.date) if version and version.date else None,
        overall=version.summary if version else None, rows=tuple(rows))


def current_version(trial: Trial) -> ProtocolVersion | None:
    """The version history's entry for the design's own version, else its last entry."""
    history = trial.version_history
    same = [v for v in history if v.version == trial.title_page.version]
    return same[-1] if same else (history[-1] if history else None)

