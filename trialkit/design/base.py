"""The base of every design part: unknown keys are errors, assignments are validated."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

Text = str | None
"""A free-text field; None (blank) renders as a prompt."""


class Part(BaseModel):
    """Base of every design part: unknown keys are errors, assignments are validated, numbers
    are finite (inf or nan in an age or a duration is refused)."""

    model_config = ConfigDict(
        extra="forbid", validate_assignment=True, str_strip_whitespace=True,
        allow_inf_nan=False,
    )
