"""A drop-down whose menu says in a line what each choice means (the ICH E9(R1) strategies)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from rich.text import Text
from textual.widgets import Select
from textual.widgets._select import SelectOverlay


class ChoiceSelect(Select[str]):
    """A Select whose open menu shows a short help line under each choice.

    The field itself shows only the choice's words ("Treatment policy"); the help is for
    choosing, so it appears in the menu alone.
    """

    DEFAULT_CSS = "ChoiceSelect > SelectOverlay { max-height: 14; }"
    """Room for every choice with its help line (two lines each) without scrolling."""

    def __init__(self, options: Iterable[tuple[str, str]], *, help: Mapping[str, str],
                 **kwargs: Any) -> None:
        self.choice_help = dict(help)
        super().__init__(options, **kwargs)

    def _setup_options_renderables(self) -> None:
        super()._setup_options_renderables()
        menu = self.query_one(SelectOverlay)
        for index, (prompt, value) in enumerate(self._options):
            line = self.choice_help.get(value) if isinstance(value, str) else None
            if line:
                menu.replace_option_prompt_at_index(
                    index, Text.assemble(str(prompt), "\n", (f"  {line}", "dim")))
