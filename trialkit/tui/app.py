"""The trialkit Textual app: one factory shared by the command line, the tests and the benchmark."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Any, ClassVar

from textual import events, work
from textual.app import SystemCommand
from textual.binding import Binding, BindingType
from textual.notifications import SeverityLevel
from textual.screen import Screen

from trialkit.errors import TrialkitError
from trialkit.tui.design_files import DesignFiles, design_model, dialog_screens
from trialkit.tui.keys import bound_in_key_order
from trialkit.tui.screens.welcome import WelcomeScreen
from trialkit.tui.session import OnDisk, RecentFiles, Recovery, state_dir
from trialkit.tui.steps import STEPS
from trialkit.tui.widgets.text import visible

# The design model (pydantic), the dialogs and the help load on first use, after the first
# screen is up: launch imports only what the welcome screen needs.

WARM_UP_DELAY = 1.0
"""Seconds after launch before the editor's modules start loading in a thread: the welcome screen
is drawn first, even on a loaded machine (a choice made sooner loads them itself)."""
GC_YOUNG_THRESHOLD = 10_000
"""Allocations between collections of the youngest generation while the app runs (Python's
default is 700). The editor's screens hold hundreds of thousands of long-lived objects (widgets,
styles, cached lines), and every tenth young collection or so the default rate also walks all of
them: a third of the CPU spent opening steps went to collections that found nothing to free."""
LIGHT_THEME = "textual-light"
DARK_THEME = "textual-dark"


class TrialkitApp(DesignFiles):
    """Design a trial step by step, from the question to an exported protocol."""

    CSS_PATH = "app.tcss"
    TITLE = "trialkit"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", "Quit", priority=True),
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("f1", "help", "Help"),
        Binding("ctrl+t", "toggle_theme", "Light/dark", show=False),
        Binding("f5", "calculators", "Calculators", show=False),
        # Moving the focus first, before the next key is handed to a widget: keys typed
        # right after Tab go to the new field, never the one being left.
        Binding("tab", "focus_next", "Next field", show=False, priority=True),
        Binding("shift+tab", "focus_previous", "Previous field", show=False, priority=True),
    ]

    def __init__(
        self,
        path: Path | None = None,
        *,
        state_directory: Path | None = None,
        autosave_seconds: float = 5.0,
        offer_recovery: bool = True,
    ) -> None:
        super().__init__()
        self.trial = None
        self.path = None
        self.on_disk = OnDisk()
        self.dirty = False
        self.start_path = path
        self.state_directory = state_directory or state_dir()
        self.recent = RecentFiles(self.state_directory)
        self.recovery = Recovery(self.state_directory)
        self.autosave_seconds = autosave_seconds
        self.offer_recovery = offer_recovery
        self._recovery_stale = False
        self._library: Any = None
        self._library_error = ""
        self._library_lock = threading.Lock()
        self._gc_threshold: tuple[int, int, int] | None = None

    async def on_event(self, event: events.Event) -> None:
        """Keys run their bindings in the order typed (see trialkit.tui.keys)."""
        if isinstance(event, events.Key) and not event.is_forwarded \
                and await bound_in_key_order(self, event):
            return
        await super().on_event(event)

    def on_resize(self, event: events.Resize) -> None:
        """Single-column layouts below 100 columns."""
        self.set_class(event.size.width < 100, "narrow")

    def notify(self, message: str, *, title: str = "", severity: SeverityLevel = "information",
               timeout: float | None = None, markup: bool = False) -> None:
        """Show a notification as plain text, whoever asks (widgets pass ``markup=True``).

        Notifications quote paths, error messages and the user's words, never markup.
        """
        super().notify(visible(message), title=visible(title), severity=severity,
                       timeout=timeout, markup=False)

    def on_mount(self) -> None:
        self._gc_threshold = gc.get_threshold()
        first, *older = self._gc_threshold
        gc.set_threshold(max(first, GC_YOUNG_THRESHOLD), *older)
        self.theme = DARK_THEME
        opened = False
        if self.start_path is not None:
            opened = self.open_design(self.start_path)
        if not opened:
            self.push_screen(WelcomeScreen())
        if self.offer_recovery:
            orphans = self.recovery.orphans()
            if orphans:
                self.push_screen(dialog_screens().RecoveryScreen(orphans[0]),
                                 self._recovery_answer(orphans[0]))
        self.set_interval(self.autosave_seconds, self.autosave)
        if not opened:
            # Once the welcome screen is drawn and idle: its first paint never waits for this.
            self.set_timer(WARM_UP_DELAY, self.warm_up)

    def on_unmount(self) -> None:
        """Give the process back its garbage collector's rate (tests run many apps in one)."""
        if self._gc_threshold is not None:
            gc.set_threshold(*self._gc_threshold)

    @work(thread=True, exclusive=True, group="warm-up")
    def warm_up(self) -> None:
        """Load the editor's modules (the design model, the power engine) while the welcome
        screen waits for a choice, so starting a design does not wait for them."""
        design_model()
        import trialkit.tui.screens.editor  # noqa: F401

    # -- evidence ----------------------------------------------------------------------

    def evidence_library(self) -> Any:
        """The evidence library, loaded once (call from a worker thread); None if unavailable."""
        with self._library_lock:
            if self._library is None and not self._library_error:
                try:
                    from trialkit.evidence import load_library

                    self._library = load_library()
                except (TrialkitError, OSError, ImportError) as exc:
                    self._library_error = str(exc) or type(exc).__name__
            return self._library

    def evidence_link(self) -> Any:
        """An EvidenceLink over the loaded library (an empty one if it is unavailable)."""
        from trialkit.design.evidence_link import EvidenceLink

        library = self.evidence_library()
        if library is None:
            return EvidenceLink.empty(f"the evidence library is unavailable: {self._library_error}")
        return EvidenceLink(library)

    # -- actions -----------------------------------------------------------------------

    def action_welcome(self) -> None:
        """Back to the welcome screen (asks first if there are unsaved changes)."""
        if isinstance(self.screen, WelcomeScreen):
            return
        self.push_screen(WelcomeScreen())

    def action_help(self) -> None:
        """Show the keys and how the steps work."""
        from trialkit.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_calculators(self) -> None:
        """The calculators: the procedures that do not size a design (screens.calculator)."""
        from trialkit.tui.screens.calculator import open_calculators

        open_calculators(self)

    def action_toggle_theme(self) -> None:
        """Switch between the light and the dark theme."""
        self.theme = LIGHT_THEME if self.theme == DARK_THEME else DARK_THEME

    def action_goto_step(self, step: str) -> None:
        """Show a step of the editor."""
        from trialkit.tui.screens.editor import EditorScreen

        editors = [s for s in self.screen_stack if isinstance(s, EditorScreen)]
        if not editors:
            self.notify("Start or open a design first.")
            return
        editor: EditorScreen = editors[-1]
        while self.screen is not editor:
            self.pop_screen()
        editor.show_step(step)

    # -- command palette ---------------------------------------------------------------

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Every step and action, for the command palette (ctrl+p)."""
        yield from super().get_system_commands(screen)
        if self.trial is not None:
            for number, step in enumerate(STEPS, start=1):
                yield SystemCommand(
                    f"Go to step {number}: {step.title}", step.help,
                    lambda s=step.id: self.action_goto_step(s),
                )
            yield SystemCommand("Save", "Save the design as YAML (ctrl+s)", self.action_save)
            yield SystemCommand("Save as...", "Save the design under a new name",
                                self.action_save_as)
            yield SystemCommand("Export protocol", "Write the protocol as docx, md or html",
                                lambda: self.action_goto_step("export"))
        yield SystemCommand("Open design...", "Open a design YAML file", self.action_open)
        yield SystemCommand("Welcome screen", "Start from a scenario, blank, or a recent file",
                            self.action_welcome)
        yield SystemCommand("Toggle light/dark theme", "Switch themes (ctrl+t)",
                            self.action_toggle_theme)
        yield SystemCommand("Help", "Keys and how the steps work (f1)", self.action_help)
        from trialkit.tui.screens.calculator import calculator_commands

        yield from calculator_commands(self)


def make_app(path: Path | str | None = None, **options: Any) -> TrialkitApp:
    """The app, opening ``path`` if given (the CLI, tests and benchmark all start here)."""
    return TrialkitApp(Path(path).expanduser() if path else None, **options)
