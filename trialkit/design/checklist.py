"""SPIRIT 2025 and 2013 checklists as data, and which items a design and its templates address.

Templates declare what they cover with a comment at the start of each block::

    {# block 6.3 | spirit 21a 21b 22 23 #}

The render layer reads those comments (``trialkit.render.templates``, which names each block
by the heading it prints) and hands the blocks to ``coverage``; this layer never reads
templates.

An item is *addressed* when some block declares it, the design fills the fields the item
needs, none of them holding a non-answer ("to be named", "TBD", "-", "[to be written]", a
bracketed prompt: ``unfilled``),
and the sections that address it print no bracketed prompt (the render layer reads the
printed document and passes the prompts of each section as ``printed``); *placeholder*
when a block declares it but no field is filled (the document shows a bracketed prompt);
*partial* (partly addressed) when some fields are missing or unfilled;
*absent* when no block declares it.

A field path may go through a list: ``title_page.investigators.name`` is filled when there
is at least one contributor and every one has a name.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Literal

import yaml

from trialkit.design.model import Trial

Status = Literal["addressed", "partial", "placeholder", "absent"]
STATUS_WORDS: dict[Status, str] = {
    "addressed": "addressed", "partial": "partly addressed",
    "placeholder": "not yet written", "absent": "not in the protocol",
}
"""Each status in the words check, the protocol's checklist appendix and the review print."""
VERSIONS = ("2025", "2013")

_BRACKETED = r"\[[A-Z][^\]]*\s[^\]]*\]"
PROMPT = re.compile(_BRACKETED + r"(?!\()")
"""A bracketed prompt as printed: words in brackets starting with a capital ('[Choose a
strategy]', '[The sample size could not be computed: ... 10,000,000 ...]': numbers in a prompt
keep it a prompt); a citation ('[1]', '[moran2013]') or a link ('[text](address)') is not one."""

UNFILLED = re.compile(
    r"\bto be (?:named|confirmed|determined|decided|defined|agreed|completed|added)\b"
    r"|\b(?:TBD|TBC|TODO|XXX)\b|(?-i:" + _BRACKETED + ")",
    re.IGNORECASE,
)
"""Text that stands in for an answer: 'to be named', 'TBD', '[Give the identifier]' (a bracketed
prompt is capitalised words; a citation such as '[1]' or '[moran2013]' is an answer)."""

_NON_ANSWER = re.compile(
    r"(?:pending|to (?:follow|come)|tb[acd]|todo|n/a|not applicable|placeholder|fill in"
    r"|insert here|lorem ipsum)",
    re.IGNORECASE,
)
_MARKS = frozenset("-\u2010\u2011\u2012\u2013\u2014\u2015?\u00bf.\u2026_*/\\#~'\"`,:;!()[]{}<>= ")
"""Marks that make no answer on their own ('-', '?', '...'); a unit such as '%' is an answer."""
_WRAPPED = re.compile(r"\[(?P<square>.*)\]|<(?P<angle>.*)>|\{(?P<brace>.*)\}", re.DOTALL)
_CITATION = re.compile(r"[\w.:-]*\d[\w.:-]*(?:\s*[,;]\s*[\w.:-]+)*")


def unfilled(text: str) -> bool:
    """Whether ``text`` stands in for an answer rather than giving one.

    Besides ``UNFILLED`` ('to be named', TBD, '[Give the identifier]'): text of marks only
    ('-', '?', '...', but not a unit such as '%'); template code ('{{ missing }}'); a whole
    value that is one bracketed, angled or braced group ('[to be written]', '<fill in>',
    '{missing}'), except a citation ('[1]', '[1, 2]', '[moran2013]'); and a whole value that is
    only a filler word: 'pending', 'to follow', 'TBA', 'n/a', 'not applicable', 'placeholder'
    (not a bare 'NA', which may be sodium or Namibia). SPIRIT asks a protocol to say why an item
    does not apply, so a bare 'n/a' or 'not applicable' is not an answer for any item, while
    'Not applicable: only men are enrolled' is (items that a design can make inapplicable name
    the design field that does so, e.g. 24b's open label).
    """
    flat = " ".join(text.split())
    if not flat:
        return False
    if UNFILLED.search(flat) or "{{" in flat or "{%" in flat:
        return True
    if all(ch in _MARKS for ch in flat):
        return True
    if _NON_ANSWER.fullmatch(flat.strip(" .!;:-")):
        return True
    wrapped = _WRAPPED.fullmatch(flat)
    if wrapped is None:
        return False
    square = wrapped["square"]
    return square is None or not _CITATION.fullmatch(square.strip())


@dataclass(frozen=True)
class Item:
    """One checklist item: id, section of the checklist, short label, and what it needs."""

    id: str
    section: str
    label: str
    fields: tuple[str, ...] = ()
    maps_to: tuple[str, ...] = ()
    optional: tuple[str, ...] = ()
    """Fields the item does not need but that must hold no non-answer when given (the strata,
    the expected adverse events): the document prints them."""


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
    unfilled: tuple[str, ...] = field(default=())
    """What still stands in for an answer: 'field: "text"' for a field holding an unfilled marker
    (also among ``empty_fields``), 'section: [prompt]' for a prompt the document prints."""

    @property
    def status_words(self) -> str:
        """The status in words ('partly addressed'), as every output prints it."""
        return STATUS_WORDS[self.status]

    @property
    def still_to_write(self) -> tuple[str, ...]:
        """What the document still asks for, in its own words: each printed prompt without its
        brackets ('Describe insurance and compensation for harm') and each unfilled text
        ('Chief investigator (to be named)')."""
        words = []
        for entry in self.unfilled:
            text = entry.split(": ", 1)[-1]
            words.append(text[1:-1] if text[:1] in "[\"" and text[-1:] in "]\"" else text)
        return tuple(dict.fromkeys(words))

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dictionary."""
        return {
            "id": self.id, "section": self.section, "label": self.label,
            "status": self.status, "status_words": self.status_words, "where": list(self.where),
            "empty_fields": list(self.empty_fields), "unfilled": list(self.unfilled),
            "still_to_write": list(self.still_to_write),
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
            optional=tuple(raw.get("optional", ())),
        )
        for raw in data["items"]
    )
    return Checklist(name=data["name"], citation=data["citation"], items=items)


def _check(trial: Trial, path: str) -> bool | str:
    """True when filled; False when empty; else the unfilled text found (first alternative).

    Any one alternative filled is enough, but a non-answer in another one is printed too, so
    it leaves the field unfilled ('[to be written]' among the permitted medicines although the
    prohibited ones are listed).
    """
    filled = False
    for alternative in path.split("|"):
        name, _, expected = alternative.strip().partition("=")
        value = _resolve(trial, name)
        if expected:
            filled = filled or str(value) == expected
            continue
        if not _has_content(value):
            continue
        found = _marker(value)
        if found is not None:
            return found
        filled = True
    return filled


def _resolve(obj: Any, dotted: str) -> Any:
    names = dotted.split(".")
    for i, name in enumerate(names):
        if isinstance(obj, list | tuple):
            rest = ".".join(names[i:])
            return [_resolve(element, rest) for element in obj] if obj else None
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
    if isinstance(value, list | tuple):
        return len(value) > 0 and all(_has_content(v) for v in value)
    if isinstance(value, dict):
        return len(value) > 0
    return True


def _marker(value: Any) -> str | None:
    """The first text in ``value`` (strings, lists, nested models) that holds an unfilled marker."""
    if isinstance(value, str):
        return value if unfilled(value) else None
    if isinstance(value, list | tuple):
        return next((m for m in map(_marker, value) if m is not None), None)
    if isinstance(value, dict):
        return _marker(list(value.values()))
    fields = getattr(type(value), "model_fields", None)
    if fields is not None:
        return _marker([getattr(value, name) for name in fields])
    return None


def coverage(
    trial: Trial, blocks: Sequence[Block], version: str = "2025",
    printed: Mapping[str, Sequence[str]] | None = None,
) -> list[ItemCoverage]:
    """Each checklist item's status and the protocol sections that address it.

    ``printed`` maps a SPIRIT 2025 item to the bracketed prompts the document prints for it
    ('section: [prompt]'); an item with one is at most partly addressed, whatever its fields
    hold.
    """
    items_2025 = {row.id: row for row in _coverage_2025(trial, blocks, printed or {})}
    if version == "2025":
        return list(items_2025.values())
    rows = []
    for item in load_checklist(version).items:
        mapped = [items_2025[m] for m in item.maps_to]
        where = tuple(dict.fromkeys(w for row in mapped for w in row.where))
        empty = tuple(dict.fromkeys(f for row in mapped for f in row.empty_fields))
        unfilled = tuple(dict.fromkeys(u for row in mapped for u in row.unfilled))
        rows.append(ItemCoverage(
            id=item.id, section=item.section, label=item.label,
            status=_combine([row.status for row in mapped]), where=where, empty_fields=empty,
            unfilled=unfilled,
        ))
    return rows


def _coverage_2025(
    trial: Trial, blocks: Sequence[Block], printed: Mapping[str, Sequence[str]]
) -> list[ItemCoverage]:
    rows = []
    for item in load_checklist("2025").items:
        where = tuple(dict.fromkeys(b.section for b in blocks if item.id in b.items))
        checked = {f: _check(trial, f) for f in item.fields}
        checked.update((f, found) for f in item.optional
                       if isinstance(found := _check(trial, f), str))
        empty = tuple(f for f, ok in checked.items() if ok is not True)
        unfilled = tuple(f'{f}: "{_short(ok)}"' for f, ok in checked.items()
                         if isinstance(ok, str))
        prompts = tuple(printed.get(item.id, ()))
        if not where:
            status: Status = "absent"
        elif not empty and not prompts:
            status = "addressed"
        elif empty and not unfilled and len(empty) == len(item.fields):
            status = "placeholder"
        else:
            status = "partial"
        rows.append(ItemCoverage(
            id=item.id, section=item.section, label=item.label, status=status,
            where=where, empty_fields=empty, unfilled=(*unfilled, *prompts),
        ))
    return rows


def _short(text: str, limit: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "\u2026"


def _combine(statuses: list[Status]) -> Status:
    if not statuses or "absent" in statuses:
        return "absent"
    if all(s == "addressed" for s in statuses):
        return "addressed"
    if all(s == "placeholder" for s in statuses):
        return "placeholder"
    return "partial"
