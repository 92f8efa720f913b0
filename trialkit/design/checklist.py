"""SPIRIT 2025 and 2013 checklists as data, and which items a design and its templates address.

Templates declare what they cover with a comment at the start of each block::

    {#- block 6.6 Randomisation and blinding | spirit 21a 21b 22 23 24a 24b -#}

The render layer reads those comments (``trialkit.render.templates``) and hands the blocks
to ``coverage``; this layer never reads templates.

An item is *addressed* when some block declares it and the design fills the fields the item
needs; *placeholder* when a block declares it but the fields are empty (the document
shows a bracketed prompt); *partial* when only some fields are filled; *absent* when no
block declares it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Literal

import yaml

from trialkit.design.model import Trial

Status = Literal["addressed", "partial", "placeholder", "absent"]
VERSIONS = ("2025", "2013")


@dataclass(frozen=True)
class Item:
    """One checklist item: id, section of the checklist, short label, and what it needs."""

    id: str
    section: str
    label: str
    fields: tuple[str, ...] = ()
    maps_to: tuple[str, ...] = ()


@dataclass(frozen=True)
class Checklist:
    """A named checklist (SPIRIT 2025 or 2013) with its citation and items in order."""

    name: str
    citation: str
    items: tuple[Item, ...]

    def item(self, item_id: str) -> Item:
        """The item with this id (KeyError if none)."""
        for it in self.items:
            if it.id == item_id:
                return it
        raise KeyError(item_id)


@dataclass(frozen=True)
class Block:
    """A template block: the protocol section it renders and the SPIRIT 2025 items it covers."""

    section: str
    items: tuple[str, ...]
    template: str


@dataclass(frozen=True)
class ItemCoverage:
    """How one checklist item is addressed by a design and a template set."""

    id: str
    section: str
    label: str
    status: Status
    where: tuple[str, ...] = ()
    empty_fields: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dictionary."""
        return {
            "id": self.id, "section": self.section, "label": self.label,
            "status": self.status, "where": list(self.where),
            "empty_fields": list(self.empty_fields),
        }


@cache
def load_checklist(version: str = "2025") -> Checklist:
    """The SPIRIT checklist of that version ("2025" or "2013"), read from the packaged YAML."""
    if version not in VERSIONS:
        raise ValueError(f"SPIRIT version must be one of {', '.join(VERSIONS)}, not {version!r}")
    path = Path(__file__).with_name(f"spirit{version}.yaml")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    items = tuple(
        Item(
            id=str(raw["id"]), section=raw["section"], label=raw["label"],
            fields=tuple(raw.get("fields", ())),
            maps_to=tuple(str(m) for m in raw.get("maps_to", ())),
        )
        for raw in data["items"]
    )
    return Checklist(name=data["name"], citation=data["citation"], items=items)


def is_filled(trial: Trial, path: str) -> bool:
    """Whether a dotted field path holds content.

    Alternatives are separated by "|"; ``path=value`` is satisfied when the field equals
    the value (e.g. ``design.intervention_model=single_group`` makes a ratio unnecessary).
    """
    for alternative in path.split("|"):
        name, _, expected = alternative.strip().partition("=")
        value = _resolve(trial, name)
        if (str(value) == expected) if expected else _has_content(value):
            return True
    return False


def _resolve(obj: Any, dotted: str) -> Any:
    for name in dotted.split("."):
        obj = getattr(obj, name, None)
        if callable(obj):
            obj = obj()
        if obj is None:
            return None
    return obj


def _has_content(value: Any) -> bool:
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, list | tuple | dict):
        return len(value) > 0
    return True


def coverage(
    trial: Trial, blocks: Sequence[Block], version: str = "2025"
) -> list[ItemCoverage]:
    """Each checklist item's status and the protocol sections that address it."""
    items_2025 = {row.id: row for row in _coverage_2025(trial, blocks)}
    if version == "2025":
        return list(items_2025.values())
    rows = []
    for item in load_checklist(version).items:
        mapped = [items_2025[m] for m in item.maps_to]
        where = tuple(dict.fromkeys(w for row in mapped for w in row.where))
        empty = tuple(dict.fromkeys(f for row in mapped for f in row.empty_fields))
        rows.append(ItemCoverage(
            id=item.id, section=item.section, label=item.label,
            status=_combine([row.status for row in mapped]), where=where, empty_fields=empty,
        ))
    return rows


def _coverage_2025(trial: Trial, blocks: Sequence[Block]) -> list[ItemCoverage]:
    rows = []
    for item in load_checklist("2025").items:
        where = tuple(dict.fromkeys(b.section for b in blocks if item.id in b.items))
        empty = tuple(f for f in item.fields if not is_filled(trial, f))
        if not where:
            status: Status = "absent"
        elif not empty:
            status = "addressed"
        elif len(empty) == len(item.fields):
            status = "placeholder"
        else:
            status = "partial"
        rows.append(ItemCoverage(
            id=item.id, section=item.section, label=item.label, status=status,
            where=where, empty_fields=empty,
        ))
    return rows


def _combine(statuses: list[Status]) -> Status:
    if not statuses or "absent" in statuses:
        return "absent"
    if all(s == "addressed" for s in statuses):
        return "addressed"
    if all(s == "placeholder" for s in statuses):
        return "placeholder"
    return "partial"
