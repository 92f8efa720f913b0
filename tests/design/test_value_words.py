"""Every coded value of the design model has its words in one table (design/value_words.py),
which the protocol and the terminal UI's menus both read (audit N7)."""

from __future__ import annotations

import types
from typing import Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel

from trialkit.design.analysis import MODEL_WORDS, SCALE_WORDS
from trialkit.design.model import Trial
from trialkit.design.value_words import VALUE_WORDS, menu_words, value_words
from trialkit.render.prompts import label


def _literals(annotation: Any, seen: set[type]) -> dict[str, set[str]]:
    """Field name -> the string values of every Literal under ``annotation``."""
    found: dict[str, set[str]] = {}
    origin = get_origin(annotation)
    if origin is Literal:
        return {"": {v for v in get_args(annotation) if isinstance(v, str)}}
    if origin in (Union, types.UnionType, list, tuple, dict) or origin is not None:
        for arg in get_args(annotation):
            for k, v in _literals(arg, seen).items():
                found.setdefault(k, set()).update(v)
        return found
    if isinstance(annotation, type) and issubclass(annotation, BaseModel) \
            and annotation not in seen:
        seen.add(annotation)
        for name, info in annotation.model_fields.items():
            for k, v in _literals(info.annotation, seen).items():
                found.setdefault(k or f"{annotation.__name__}.{name}", set()).update(v)
    return found


FIELDS = _literals(Trial, set())
WORDED_ELSEWHERE = {
    "EndpointAnalysis.model": set(MODEL_WORDS),  # the analysis's own words (design.analysis)
    "EndpointAnalysis.scale": set(SCALE_WORDS),
}


def test_the_walk_finds_the_coded_fields() -> None:
    assert FIELDS["Design.control_type"] >= {"placebo", "active", "none"}
    assert FIELDS["Blinding.masked"] >= {"participant", "sponsor"}
    assert FIELDS["IntercurrentEvent.strategy"] >= {"treatment_policy"}


def test_every_coded_value_of_the_design_has_words() -> None:
    missing = {}
    for field, values in FIELDS.items():
        if field in WORDED_ELSEWHERE:
            assert values <= WORDED_ELSEWHERE[field], field
            continue
        if field.endswith(("spending", "futility")) or not values:
            continue  # the power catalogue's choices, worded there
        lacking = values - set(VALUE_WORDS)
        if lacking:
            missing[field] = lacking
    assert not missing


def test_protocol_and_menu_say_the_same_words() -> None:
    for value, words in {"active": "active comparator", "none": "no control",
                         "single": "single-blind", "sponsor": "sponsor staff",
                         "non_inferiority": "non-inferiority"}.items():
        assert label(value) == value_words(value) == words
        assert menu_words(value) == words[:1].upper() + words[1:]
