"""The sample-size step's evidence picker: records that fit the design first, the others one
choice away, and typed values set aside (not lost) while a record supplies them.

The ranking itself is the design layer's (trialkit.design.evidence_rank); this module only
turns it into the picker's options and lines.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from rich.text import Text

from trialkit.design.evidence_rank import SAME, RankedRecord
from trialkit.tui.widgets.text import literal_text

MORE = "\x00more"
"""The option that lists every other record (never a record id: ids are slugs)."""
FEWER = "\x00fewer"
"""The option that goes back to the records that fit."""


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _condition(record: RankedRecord) -> str:
    """' [type 2 diabetes]' when the record's condition is not the trial's own."""
    if record.condition_match == SAME:
        return ""
    return f" [{record.condition or 'condition not stated'}]"


def _line(mark: str, record: RankedRecord, width: int = 70) -> Text:
    """One option: the mark, the record by its study and what it compares, what it measures
    and its value, shortened so that the condition mark stays visible (never the record's id)."""
    where = _condition(record)
    return literal_text(_short(f"{mark}{record.source or record.label}: {record.text}",
                               width - len(where)) + where)


def options(ranked: Sequence[RankedRecord], show_all: bool,
            picked: str | None) -> list[tuple[Text, str]]:
    """The picker's options: the records that fit, then (when asked for, or when the linked
    record is among them) the others, each marked with why it does not fit."""
    first = [r for r in ranked if r.first]
    others = [r for r in ranked if not r.first]
    listed = [(_line("", r), r.id) for r in first]
    if not others:
        return listed
    if not (show_all or picked in {r.id for r in others}):
        label = (f"▸ {len(others)} more record(s): other conditions, or cannot size this "
                 "procedure")
        return [*listed, (Text(label, style="italic"), MORE)]
    for r in others:
        mark = "✗ " if not r.fits else "~ "
        listed.append((_line(mark, r), r.id))
    if not first:
        return listed
    return [*listed, (Text("▴ only the records that fit", style="italic"), FEWER)]


def control_options(controls: Sequence[RankedRecord]) -> list[tuple[Text, str]]:
    """The control-arm record's options (trialkit.design.evidence_rank.rank_controls): the
    records the picked one sizes the design with first, the others marked ✗."""
    return [(_line("" if r.fits else "✗ ", r), r.id) for r in controls]


def note(ranked: Sequence[RankedRecord], picked: str | None) -> str:
    """The line under the picker: why the linked record cannot size the design, or how many
    records fit."""
    record = next((r for r in ranked if r.id == picked), None)
    if record is not None and not record.fits:
        reason = record.reason.rstrip(". ")
        return (f"{record.label or record.id} {reason}. It is not used: the sample size comes "
                "from the values typed below.")
    if record is not None and not record.condition_match:
        return (f"{record.label or record.id} comes from a trial in "
                f"{record.condition or 'another condition'}, not this trial's condition.")
    if picked or not ranked:
        return ""
    fitting = sum(r.first for r in ranked)
    if not fitting:
        return "No record in the library fits this condition and procedure: type the effect."
    return ""


@dataclass
class SetAside:
    """Typed values a linked record replaces, kept for when the record is unlinked again."""

    values: dict[str, Any] = field(default_factory=dict)

    def pick(self, parameters: Mapping[str, Any], supplied: Sequence[str],
             fits: bool) -> dict[str, Any]:
        """The parameters once a record is linked: the values it supplies are set aside,
        unless it cannot size the design (then nothing is taken away)."""
        if not fits:
            return dict(parameters)
        for name in supplied:
            if name in parameters:
                self.values[name] = parameters[name]
        return {k: v for k, v in parameters.items() if k not in supplied}

    def unpick(self, parameters: Mapping[str, Any]) -> dict[str, Any]:
        """The parameters once no record is linked: the set-aside values come back (a value
        typed meanwhile wins)."""
        restored = {**self.values, **parameters}
        self.values.clear()
        return restored

    def forget(self) -> None:
        """Another procedure: the set-aside values meant something else."""
        self.values.clear()
