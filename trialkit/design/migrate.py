"""Design files of earlier schema versions, brought up to the current one in memory.

A design is migrated every time it is read (``Trial`` calls ``migrate`` before validating),
so a file with ``schema_version: 1`` keeps opening and is written as the current version
only when the user saves it. Each step takes the plain data of one version to the next and
never changes the caller's data.

Version 2 (ICH M11 fields, intercurrent events as a table, endpoints linked to the
assessments that measure them) only adds optional fields; the one change of shape is that
version 1 tolerated intercurrent events typed as free text, which become table rows whose
strategy is still to be chosen.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from typing import Any

from trialkit.design.model import SCHEMA_VERSION

Data = dict[str, Any]


def migrate(data: Any) -> Any:
    """``data`` at the current schema version; anything not a mapping of an earlier plain-number
    version is returned as it is (validation then names what is wrong with it)."""
    if not isinstance(data, dict):
        return data
    version = data.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool):
        return data
    if version not in STEPS and version != SCHEMA_VERSION:
        return data
    while version < SCHEMA_VERSION:
        data = STEPS[version](copy.deepcopy(data))
        version += 1
        data["schema_version"] = version
    return data


def _v1_to_v2(data: Data) -> Data:
    """Version 1 -> 2: free-text intercurrent events become rows with no strategy yet."""
    for objective in _items(data.get("objectives")):
        for endpoint in _items(objective.get("endpoints")):
            estimand = endpoint.get("estimand")
            if isinstance(estimand, dict) and "intercurrent_events" in estimand:
                estimand["intercurrent_events"] = _event_rows(estimand["intercurrent_events"])
    return data


def _event_rows(value: Any) -> Any:
    """Free text (one event a line or separated by ';') and bare strings in the list as rows."""
    if isinstance(value, str):
        return [{"event": part} for part in _split(value)]
    if isinstance(value, list):
        rows: list[Any] = []
        for item in value:
            if isinstance(item, str):
                rows.extend({"event": part} for part in _split(item))
            else:
                rows.append(item)
        return rows
    return value


def _split(text: str) -> list[str]:
    parts = (p.strip(" \t-*•") for p in re.split(r"[\n;]+", text))
    return [p for p in parts if p]


def _items(value: Any) -> list[dict[str, Any]]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


STEPS: dict[int, Callable[[Data], Data]] = {1: _v1_to_v2}
"""The migration from each earlier version to the next."""
