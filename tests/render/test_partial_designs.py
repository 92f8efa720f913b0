"""Any partial design renders: fields removed at random leave placeholders, never errors or 'None'."""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trialkit.design import Trial, load_trial
from trialkit.design.evidence_link import EvidenceLink
from trialkit.render.context import build_context
from trialkit.render.html import render_html
from trialkit.render.markdown import render_markdown

MAIN = Path(__file__).resolve().parents[2] / "examples" / "anakinra-t1d.yaml"
FULL = load_trial(MAIN).model_dump(exclude_none=True)
REQUIRED = {"id", "name", "event", "term", "registry", "citation", "schema_version"}


def removable_paths(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every key (and list item) that may be removed without breaking the model's identities."""
    paths: list[tuple[Any, ...]] = []
    if isinstance(data, dict):
        for key, value in data.items():
            if key not in REQUIRED:
                paths.append((*prefix, key))
            paths.extend(removable_paths(value, (*prefix, key)))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            paths.append((*prefix, index))
            paths.extend(removable_paths(value, (*prefix, index)))
    return paths


PATHS = removable_paths(FULL)


def without(data: Any, paths: list[tuple[Any, ...]]) -> Any:
    """A deep copy of data with the given paths removed (deepest first, so indices hold)."""
    result = copy.deepcopy(data)
    for path in sorted(paths, key=lambda p: (len(p), p), reverse=True):
        target = result
        try:
            for step in path[:-1]:
                target = target[step]
            del target[path[-1]]
        except (KeyError, IndexError, TypeError):
            continue
    return result


@pytest.mark.slow
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PATHS), min_size=1, max_size=25, unique=True))
def test_partial_design_renders_with_placeholders(paths: list[tuple[Any, ...]]) -> None:
    trial = Trial.model_validate(without(FULL, paths))
    context = build_context(trial, evidence=EvidenceLink.empty())
    text = render_markdown(trial, context=context)
    html = render_html(trial, context=context)
    assert not re.search(r"\bNone\b", text), [line for line in text.splitlines() if "None" in line]
    assert "</html>" in html
    assert "[" in text
