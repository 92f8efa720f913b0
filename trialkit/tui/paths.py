"""Dotted paths into the trial model ("population.inclusion", "arms.0.name").

Setting goes through pydantic assignment validation, so the model's own rules reject bad values.
"""

from __future__ import annotations

import types
import typing
from typing import Any, Literal, get_args, get_origin

from pydantic import BaseModel, ValidationError

from trialkit.design.words import plain_error


def _step(node: Any, part: str) -> Any:
    if isinstance(node, list):
        return node[int(part)]
    if isinstance(node, dict):
        return node.get(part)
    return getattr(node, part)


def get_path(root: Any, path: str) -> Any:
    """The value at ``path`` (None when an index is out of range)."""
    node = root
    for part in path.split("."):
        try:
            node = _step(node, part)
        except (IndexError, ValueError, AttributeError):
            return None
        if node is None:
            return None
    return node


def _owner(root: Any, parts: list[str]) -> Any:
    """The object holding the field at the end of a path, creating empty optional parts.

    An endpoint without an estimand gets ``Estimand()`` when its first attribute is typed.
    """
    node = root
    for part in parts:
        child = _step(node, part)
        if child is None and isinstance(node, BaseModel):
            cls = without_none(type(node).model_fields[part].annotation)
            if isinstance(cls, type) and issubclass(cls, BaseModel):
                child = cls()
                setattr(node, part, child)
        node = child
    return node


def set_path(root: Any, path: str, value: Any) -> None:
    """Assign ``value`` at ``path``; raises pydantic's ValidationError if the model refuses it."""
    *head, last = path.split(".")
    owner = _owner(root, head)
    if isinstance(owner, list):
        owner[int(last)] = value
    elif isinstance(owner, dict):
        owner[last] = value
    else:
        previous = getattr(owner, last)
        try:
            setattr(owner, last, value)
        except ValidationError:
            # pydantic assigns before running "after" model validators; undo a refused value.
            owner.__dict__[last] = previous
            raise


def field_info(model: type[BaseModel], path: str) -> tuple[Any, str]:
    """(annotation, description) of the field at ``path`` of model class ``model``.

    Numeric parts index into lists, so "arms.0.name" resolves to Arm.name.
    """
    cls: Any = model
    annotation: Any = model
    description = ""
    for part in path.split("."):
        if part.isdigit():
            annotation = list_item_type(annotation)
        else:
            info = cls.model_fields[part]
            annotation, description = info.annotation, info.description or ""
        inner = without_none(annotation)
        cls = inner if isinstance(inner, type) and issubclass(inner, BaseModel) else None
    return annotation, description


def without_none(annotation: Any) -> Any:
    """``X | None`` -> ``X``."""
    if get_origin(annotation) in (typing.Union, types.UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        return args[0] if len(args) == 1 else annotation
    return annotation


def literal_choices(annotation: Any) -> tuple[str, ...] | None:
    """The allowed values of a ``Literal[...]`` (or ``Literal[...] | None``) annotation."""
    inner = without_none(annotation)
    if get_origin(inner) is Literal:
        return tuple(str(a) for a in get_args(inner))
    return None


def list_item_type(annotation: Any) -> Any:
    """``list[X]`` -> X (None if not a list)."""
    inner = without_none(annotation)
    if get_origin(inner) is list:
        args = get_args(inner)
        return args[0] if args else Any
    return None


def error_text(exc: ValidationError) -> str:
    """The first validation problem in plain words (never pydantic's phrasing)."""
    first = exc.errors(include_url=False)[0]
    message = plain_error(first)
    message = message[:1].upper() + message[1:]
    rows = [part for part in first["loc"] if isinstance(part, int)]
    if rows:  # a record in a list, e.g. the second intercurrent event: say which and what
        last = first["loc"][-1]
        where = f"Line {rows[-1] + 1}" + ("" if isinstance(last, int) else
                                          f", {str(last).replace('_', ' ')}")
        message = f"{where}: {message[:1].lower()}{message[1:]}"
    return message
