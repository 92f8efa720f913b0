"""The help screen: keys, steps, and how saving and recovery work."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown

from trialkit.tui.steps import STEPS

KEYS = """\
| Key | What it does |
|---|---|
| F1 | this help |
| ctrl+p | command palette: every step and action by name |
| F2 | go to the step list (then up/down and Enter) |
| ctrl+n / F4 | next step |
| F3 | previous step |
| Tab / shift+Tab | next / previous field |
| ctrl+s | save the design (YAML) |
| ctrl+t | light / dark theme |
| F5 | calculators: simulated ANCOVA on log(x + 1), design effect, several primary endpoints, \
conditional power, promising zone |
| ctrl+q | quit (asks first if there are unsaved changes) |
| ctrl+a | select all the text of a field (typing then replaces it) |
| ctrl+z | undo in a text area |
| Delete | delete the highlighted list item (a record asks first) |
| ctrl+up / ctrl+down | move the highlighted list item |
| Enter on a list item | change it in the field below (Enter keeps it, Esc leaves it) |
| ctrl+r | in a record (an arm, a visit, ...): add another, its first field focused |
| Space / Enter | toggle a cell of the schedule grid |
| F6 | in the Schedule step: the next tab (Grid, Visits, Assessments); on the tab bar, left / right |
| Esc | close this help |
"""


def help_text() -> str:
    """The help page as Markdown."""
    steps = "\n".join(f"{i}. **{s.title}**: {s.help}." for i, s in enumerate(STEPS, start=1))
    return (
        "# trialkit help\n\n"
        "Work through the steps in any order; the step list marks each with what is still "
        "to do (a number of SPIRIT items to fill, ! for an error, ? for warnings to check) or "
        "a tick when it is complete; the step itself lists them and marks its fields "
        "\"(to fill)\".\n\n"
        f"## Steps\n\n{steps}\n\n## Keys\n\n{KEYS}\n"
        "## Saving and recovery\n\n"
        "Unsaved changes are copied to a recovery file every few seconds. If trialkit stops "
        "without saving, it offers the copy back the next time it starts. ctrl+s writes the "
        "design YAML; a design started from a scenario asks for a new file name.\n\n"
        "## Numbers\n\n"
        "Every field checks what you type and says what is wrong. The sample size is "
        "recomputed as you type; the paragraph under it is the one the protocol will print.\n"
    )


class HelpScreen(ModalScreen[None]):
    """Keys and steps; Esc, F1 or q closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [("escape,f1,q", "dismiss", "Close")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Markdown(help_text())
