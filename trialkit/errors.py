"""Exceptions every trialkit layer raises, so callers can catch one family."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from string import Formatter
from typing import Any


class TrialkitError(Exception):
    """Base class of all errors trialkit raises on purpose."""


class InvalidParameter(TrialkitError, ValueError):
    """A parameter is outside its valid range; the message names it, its value and the range.

    ``valid`` says what would be right. Another parameter it refers to is written as a field,
    ``{p0}``, never inside the prose: each interface says it in its own words (``words``),
    a form by its label, the command line by its option, without parsing the text.
    """

    def __init__(self, name: str, value: Any, valid: str, *, hint: str = "") -> None:
        self.name = name
        self.value = value
        self.template = valid
        self.refers = _fields(valid)
        """The keywords of the other parameters (or procedures) ``valid`` refers to."""
        self.hint = hint
        self.valid = self.words(lambda key: key)
        """What would be right, with the parameters it refers to by their keywords."""
        message = f"{name}={value!r} is invalid: {self.valid}"
        if hint:
            message += f" ({hint})"
        super().__init__(message)

    def words(self, say: Callable[[str], str]) -> str:
        """What would be right, each parameter it refers to said by ``say(keyword)``."""
        return _said(self.template, self.refers, say)


def _fields(template: str) -> tuple[str, ...]:
    """The ``{keyword}`` fields of a message (none when its braces are not fields)."""
    try:
        fields = [field for _, field, _, _ in Formatter().parse(template) if field is not None]
    except ValueError:
        return ()
    if not all(field.isidentifier() for field in fields):
        return ()
    return tuple(dict.fromkeys(fields))


class Unknowns(InvalidParameter):
    """Not exactly one of the quantities a procedure solves for was left out.

    Carries the quantities (``candidates``) and those left out (``missing``) as keyword names,
    so each interface can say it with its own names (``solve_for``): the CLI with its options,
    the TUI with its field labels. The message uses the keywords, as a Python caller types them.
    """

    def __init__(self, candidates: Sequence[str], missing: Sequence[str]) -> None:
        self.candidates = tuple(candidates)
        self.missing = tuple(missing)
        names = ", ".join(self.candidates)
        words = solve_for(self.candidates, self.missing, lambda n, _: n)
        super().__init__("unknowns", " and ".join(self.missing) or "none of them",
                         f"leave exactly one of {names} unset to solve for it; {words}")


def solve_for(candidates: Sequence[str], missing: Sequence[str],
              name: Callable[[str, bool], str]) -> str:
    """What to give so that exactly one quantity is left to solve for.

    ``name(keyword, given)`` says a quantity in the caller's words: as something to give
    (``given`` True, e.g. "the target power (--power)") or to be found ("the power").
    """
    if len(missing) == 2:
        a, b = missing
        return (f"give {name(a, True)} to find {name(b, False)}, "
                f"or {name(b, True)} to find {name(a, False)}")
    listed = [name(c, True) for c in candidates]
    series = ", ".join(listed[:-1]) + " and " + listed[-1] if len(listed) > 1 else listed[0]
    if not missing:
        return f"{series} are all given: leave out the one to be found"
    return f"give all but one of {series}; the one left out is found"


class NoSolution(TrialkitError):
    """The design has no solution (for example, the target power cannot be reached).

    As in InvalidParameter, an input the message refers to is a field, ``{ratio}``, that each
    interface says in its own words (``words``).
    """

    def __init__(self, message: str) -> None:
        self.template = message
        self.refers = _fields(message)
        super().__init__(self.words(lambda key: key))

    def words(self, say: Callable[[str], str]) -> str:
        """The message, each input it refers to said by ``say(keyword)``."""
        return _said(self.template, self.refers, say)


def _said(template: str, refers: Sequence[str], say: Callable[[str], str]) -> str:
    """``template`` with each of its fields ``refers`` said by ``say``."""
    if not refers:
        return template
    return template.format_map({key: say(key) for key in refers})


class DesignError(TrialkitError):
    """A design file cannot be read (broken YAML, wrong type, unknown field); names the place."""

    detail: dict[str, Any] | None = None
    """The first validation error behind it (pydantic's dict: loc, type, input, ctx), when there
    is one, so an interface can say it in its own words."""


class EvidenceError(TrialkitError):
    """An evidence record is unreadable or cannot stand for what was asked (names file, record, field)."""
