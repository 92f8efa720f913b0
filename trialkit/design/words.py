"""Design fields and their validation errors in words for people (never pydantic's phrasing).

One place for the words: ``trialkit check``, the loader and the review say a field by its
label in the forms (trialkit.design.labels), as "Population, minimum age (years)", and an error
as "'abc' is not a number"; the terminal UI uses the same error words.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from trialkit import validation_words
from trialkit.design.labels import ITEMS, LABELS, STEP_WORDS
from trialkit.design.value_words import value_words
from trialkit.errors import InvalidParameter, NoSolution, TrialkitError, Unknowns, solve_for

if TYPE_CHECKING:
    from trialkit.design.evidence_link import EvidenceLink

FIELD_WORDS: dict[str, str] = {
    "age_min": "minimum age", "age_max": "maximum age", "sd": "SD", "cv": "CV", "icc": "ICC",
    "n": "participants", "n_per_arm": "participants per arm", "p0": "null rate",
    "p1": "expected rate", "p2": "control rate", "id": "identifier", "url": "web address",
    "title_page": "title page", "registry_ids": "registry identifiers",
    "spirit": "SPIRIT", "dsmb": "data monitoring committee", "sae": "serious adverse events",
    "ae": "adverse events", "usdm": "USDM", "ich": "ICH", "eu_ct": "EU CT number",
}
"""Field names whose words are not the name with spaces."""


def field_words(name: str) -> str:
    """One field name in words: 'age_min' -> 'minimum age', 'target_enrolment' -> 'target
    enrolment'."""
    return FIELD_WORDS.get(name, name.replace("_", " "))


def where(loc: Sequence[str | int] | str) -> str:
    """A field as a person finds it, in the words of its form (trialkit.design.labels): its
    step, the heading over it where needed, and its label ('Admin/ethics, EU CT number';
    'Design, blinding, level'); an item of a list by its number ('Objective 2, endpoint 3');
    'Sample size, SD'. ``loc`` is pydantic's location or a dotted path."""
    if isinstance(loc, str) and "|" in loc:  # either of two fields
        return " or ".join(dict.fromkeys(where(one) for one in loc.split("|")))
    if isinstance(loc, str) and "=" in loc:  # a field holding a value: 'Design, intervention
        path, value = loc.split("=", 1)        # model set to single-group'
        return f"{where(path)} set to {value_words(value)}"
    parts: list[str | int] = list(loc.split(".") if isinstance(loc, str) else loc)
    parts = [int(p) if isinstance(p, str) and p.isdigit() else p for p in parts]
    if parts[:2] == ["sample_size", "parameters"] and len(parts) > 2:
        return f"Sample size, {parameter_words(str(parts[2]))}"
    if any(isinstance(p, int) for p in parts):
        return _capital(", ".join(item_words(parts)))
    names = [str(p) for p in parts]
    labelled = next((n for n in range(len(names), 0, -1)
                     if ".".join(names[:n]) in LABELS), 0)
    if not labelled:
        return _capital(", ".join(field_words(n) for n in names)) or "the design as a whole"
    label = LABELS[".".join(names[:labelled])]
    words = [STEP_WORDS[label.step]]
    if label.section:
        words.append(_lower(label.section))
    words += [_lower(LABELS[".".join(names[:n])].words) for n in range(1, labelled)
              if ".".join(names[:n]) in ITEMS and ".".join(names[:n]) in LABELS]
    if _lower(label.words) != _lower(words[0]):
        words.append(_lower(label.words))
    return ", ".join(words + [field_words(n) for n in names[labelled:]])


def item_words(parts: Sequence[str | int]) -> list[str]:
    """A path through list items: each item by its noun and number (an int, counted from 0)
    or id (a '[placebo]' part), then the field in it: ['Objective 2', 'endpoint 3']."""
    words: list[str] = []
    key: list[str] = []
    since: list[str] = []
    for part in parts:
        if isinstance(part, int) or part.startswith("["):
            container = ".".join(key)
            last = field_words(key[-1]) if key else "item"
            noun = ITEMS.get(container) or (last[:-1] if last.endswith("s")
                                            and not last.endswith("ss") else last)
            words.append(f"{noun} {part + 1 if isinstance(part, int) else part[1:-1]}")
            since = []
            continue
        key.append(part)
        since.append(part)
    if since:
        found = LABELS.get(".".join(key))
        words += [_lower(found.words)] if found else [field_words(n) for n in since]
    return words


def _lower(words: str) -> str:
    """Words as in a sentence: 'Minimum age' -> 'minimum age'; 'EU CT number' is kept."""
    return words if words[1:2].isupper() else words[:1].lower() + words[1:]


def _capital(words: str) -> str:
    return words[:1].upper() + words[1:]


def parameter_words(name: str, procedure: str | None = None) -> str:
    """A sample-size input by the power catalogue's label, as in a sentence: 'SD', 'difference'."""
    from trialkit.power import catalogue

    label = catalogue.label(procedure, name)
    return label if label[1:2].isupper() else label[:1].lower() + label[1:]


def reference_words(key: str, procedure: str | None = None) -> str:
    """A keyword an engine message refers to, in words: another procedure by its catalogue
    label ('Two proportions'), an input by its label as the form shows it ('Control rate')."""
    from trialkit.power import catalogue

    other = catalogue.procedure(key)
    return other.label if other is not None else catalogue.label(procedure, key)


def valid_words(exc: InvalidParameter, procedure: str | None = None) -> str:
    """What the engine says would be right, in words for people: each input it refers to by
    the catalogue's label, a quantity left to solve for as what to give ('give the target
    power to find the sample size'). The one wording of CLI, check and the terminal UI."""
    if isinstance(exc, Unknowns):
        blank = ", ".join(reference_words(key, procedure) for key in exc.candidates)
        what = solve_for(exc.candidates, exc.missing,
                         lambda key, given: quantity_words(key, given, procedure))
        return f"leave exactly one of {blank} blank to solve for it; {what}"
    return exc.words(lambda key: reference_words(key, procedure))


def engine_words(exc: TrialkitError, procedure: str | None = None) -> str:
    """Why the engine found no answer, in words for people: a design with no solution names
    the inputs it refers to by their labels."""
    if isinstance(exc, NoSolution):
        return exc.words(lambda key: reference_words(key, procedure))
    return str(exc)


def quantity_words(key: str, given: bool, procedure: str | None = None) -> str:
    """A quantity to give (``given``) or to be found: 'the target power', 'the power', 'the
    sample size', 'the number of events', 'the difference'."""
    from trialkit.power import catalogue

    proc = catalogue.procedure(procedure) if procedure else None
    param = proc.parameter(key) if proc is not None else None
    role = param.role if param is not None else None
    if role == "power" or (param is None and key == "power"):
        return "the target power" if given else "the power"
    if role == "size" or (param is None and key in ("n", "n_per_arm")):
        return "the number of events" if key == "events" else "the sample size"
    return "the " + parameter_words(key, procedure)


def plain_error(error: Any) -> str:
    """One validation error of a design in the user's words (fields said as in the forms)."""
    if error["type"] == "extra_forbidden":
        return "Is not a field a design file holds: check its spelling (trialkit schema lists them)"
    return validation_words.plain_error(error)


def adverse_event_rates(link: EvidenceLink) -> tuple[tuple[str, str], ...]:
    """The evidence library's adverse-event rates as (id, words): ('su2024.fever_rate', 'fever,
    14.4%, Su et al. (2024, ...)'), for a list to pick from and for a message naming them."""
    rates = []
    for estimate in link.estimates():
        if estimate.kind == "adverse_event_rate":
            cited = link.cite(estimate.full_id)
            by = f", {cited.short}" if cited is not None else ""
            rates.append((estimate.full_id, f"{estimate.outcome}, {estimate.value:.1%}{by}"))
    return tuple(rates)


def unknown_rate(typed: str, link: EvidenceLink) -> str | None:
    """Why an expected adverse event's evidence id ``typed`` does not resolve, naming the rates
    the library holds by citation (None when it resolves, or no library is open)."""
    if not typed or not link.available or link.resolves(typed) is None:
        return None
    rates = adverse_event_rates(link)
    known = "; ".join(f"{words} [{rate_id}]" for rate_id, words in rates)
    return (f"'{typed}' is not in the evidence library: "
            + (f"its adverse-event rates are {known}" if known
               else "it holds no adverse-event rate; leave the evidence blank"))
