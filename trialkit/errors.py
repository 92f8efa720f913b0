"""Exceptions every trialkit layer raises, so callers can catch one family."""

from __future__ import annotations

from typing import Any


class TrialkitError(Exception):
    """Base class of all errors trialkit raises on purpose."""


class InvalidParameter(TrialkitError, ValueError):
    """A parameter is outside its valid range; the message names it, its value and the range."""

    def __init__(self, name: str, value: Any, valid: str, *, hint: str = "") -> None:
        self.name = name
        self.value = value
        self.valid = valid
        message = f"{name}={value!r} is invalid: {valid}"
        if hint:
            message += f" ({hint})"
        super().__init__(message)


class NoSolution(TrialkitError):
    """The design has no solution (for example, the target power cannot be reached)."""


class DesignError(TrialkitError):
    """A design file cannot be read (broken YAML, wrong type, unknown field); names the place."""

    detail: dict[str, Any] | None = None
    """The first validation error behind it (pydantic's dict: loc, type, input, ctx), when there
    is one, so an interface can say it in its own words."""


class EvidenceError(TrialkitError):
    """An evidence record is unreadable or cannot stand for what was asked (names file, record, field)."""
