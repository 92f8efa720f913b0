"""Messages the steps send up to the editor screen."""

from __future__ import annotations

from textual.message import Message


class TrialEdited(Message):
    """A step changed the trial: mark it unsaved, refresh the progress marks."""

    def __init__(self, path: str = "") -> None:
        super().__init__()
        self.path = path


class JumpToStep(Message):
    """Show a step (and optionally focus the widget with this id in it)."""

    def __init__(self, step: str, focus: str | None = None) -> None:
        super().__init__()
        self.step = step
        self.focus = focus
