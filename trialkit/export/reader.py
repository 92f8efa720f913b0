"""Reading an import file: JSON with errors that name the file and the JSON path of the problem."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from trialkit.errors import DesignError

if TYPE_CHECKING:
    from trialkit.design.model import Trial

MAX_BYTES = 50_000_000
"""Larger files are refused before parsing (a registry record is well under 2 MB)."""


def read_json(path: str) -> Any:
    """The parsed JSON of ``path``; DesignError naming the file (and line) on any problem."""
    p = Path(path)
    try:
        if not p.is_file():
            raise DesignError(f"{p}: no such file" if not p.exists() else f"{p}: not a regular file")
        if p.stat().st_size > MAX_BYTES:
            raise DesignError(f"{p}: the file is larger than {MAX_BYTES // 1_000_000} MB")
        text = p.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise DesignError(f"{p}: cannot read: {exc}") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise DesignError(f"{p}:{exc.lineno}: not valid JSON: {exc.msg}") from None
    except RecursionError:
        raise DesignError(f"{p}: the JSON is nested too deeply") from None
    except ValueError as exc:  # a number of more than 4,300 digits
        raise DesignError(f"{p}: not valid JSON: {exc}") from None


def detect(data: Any, source: str) -> Literal["ctgov", "usdm"]:
    """Which format ``data`` is: a ClinicalTrials.gov v2 study record or a USDM v4 wrapper."""
    root = At(data, "$", source)
    if not isinstance(data, dict):
        root.fail("expected a JSON object (a ClinicalTrials.gov v2 study or a USDM v4 file)")
    if "protocolSection" in data:
        return "ctgov"
    if "usdmVersion" in data or "study" in data:
        version = root.get("usdmVersion").text()
        if version is None or not version.startswith("4"):
            root.get("usdmVersion").fail(f"USDM version {version or '(none)'} is not 4.x")
        return "usdm"
    root.fail("neither a ClinicalTrials.gov v2 study (protocolSection) nor a USDM v4 file "
              "(usdmVersion and study)")
    raise AssertionError  # fail() never returns


@dataclass(frozen=True)
class At:
    """A value inside the file and its JSON path, so a problem names where it is."""

    value: Any
    path: str
    source: str

    def fail(self, problem: str) -> None:
        """Raise the one-line error for this place."""
        raise DesignError(f"{self.source}: {self.path}: {problem}")

    def get(self, key: str) -> At:
        """The member ``key`` of this object (None when absent)."""
        if self.value is None:
            return At(None, f"{self.path}.{key}", self.source)
        if not isinstance(self.value, dict):
            self.fail(f"expected an object, got {_kind(self.value)}")
        return At(self.value.get(key), f"{self.path}.{key}", self.source)

    def items(self) -> list[At]:
        """The elements of this array (none when absent)."""
        if self.value is None:
            return []
        if not isinstance(self.value, list):
            self.fail(f"expected an array, got {_kind(self.value)}")
        return [At(v, f"{self.path}[{i}]", self.source) for i, v in enumerate(self.value)]

    def text(self) -> str | None:
        """This string, stripped (None when absent or empty)."""
        if self.value is None:
            return None
        if not isinstance(self.value, str):
            self.fail(f"expected text, got {_kind(self.value)}")
        return self.value.strip() or None

    def flag(self) -> bool | None:
        """This boolean (None when absent)."""
        if self.value is None or isinstance(self.value, bool):
            return self.value
        self.fail(f"expected true or false, got {_kind(self.value)}")
        return None

    def number(self) -> float | None:
        """This number (None when absent)."""
        if self.value is None:
            return None
        if isinstance(self.value, bool) or not isinstance(self.value, int | float):
            self.fail(f"expected a number, got {_kind(self.value)}")
        return float(self.value)


def _kind(value: Any) -> str:
    names = {dict: "an object", list: "an array", str: "text", bool: "true/false"}
    for cls, name in names.items():
        if isinstance(value, cls):
            return name
    return "a number" if isinstance(value, int | float) else "null"


def build_trial(data: dict[str, Any], source: str) -> Trial:
    """The design from imported fields (None values left out); one line naming the file if invalid."""
    from pydantic import ValidationError

    from trialkit.design.model import Trial

    try:
        return Trial.model_validate(_prune(data))
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        field = ".".join(str(p) for p in first["loc"])
        raise DesignError(f"{source}: cannot make a design: {field}: {first['msg']}") from None


def _prune(value: Any) -> Any:
    """Drop the None values (unset fields stay at their defaults)."""
    if isinstance(value, dict):
        return {k: _prune(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_prune(v) for v in value]
    return value


def slug(text: str, taken: set[str]) -> str:
    """An id for an imported item: its name in lower case with dashes, made unique."""
    base = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "item"
    name, n = base, 1
    while name in taken:
        n += 1
        name = f"{base}-{n}"
    taken.add(name)
    return name
