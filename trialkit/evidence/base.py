"""The base every evidence model shares: strict, frozen, and errors that name their field."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field
from pydantic_core import PydanticCustomError

Slug = Field(pattern=r"^[a-z0-9][a-z0-9_\-]*$", min_length=1, max_length=60)
"""An id: lower-case letters, digits, '_' and '-', at most 60 characters."""


class Strict(BaseModel):
    """Base of every evidence model: unknown fields are errors, records are immutable and
    numbers are finite (an estimate of nan is refused as such, not blamed on its CI)."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, str_strip_whitespace=True,
                              allow_inf_nan=False)


def error(field: str, message: str) -> PydanticCustomError:
    """A validation error that names the field it concerns (read by the loader's messages)."""
    return PydanticCustomError(
        "evidence", message.replace("{", "(").replace("}", ")"), {"field": field}
    )
