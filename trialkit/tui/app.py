"""The trialkit Textual app: one factory shared by the command line, the tests and the benchmark."""

from __future__ import annotations

import contextlib
import gc
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events, work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.notifications import SeverityLevel
from textual.screen import Screen

from trialkit.errors import TrialkitError
from trialkit.tui.keys import bound_in_key_order
from trialkit.tui.screens.welcome import WelcomeScreen
from trialkit.tui.session import (
    OnDisk,
    RecentFiles,
    Recovery,
    RecoveryCopy,
    save_question,
    state_dir,
)
from trialkit.tui.steps import STEPS
from trialkit.tui.widgets.text import visible

if TYPE_CHECKING:
    from trialkit.design import Trial

# The design model (pydantic), the dialogs and the help load on first use, after the first
# screen is up: launch imports only what the welcome screen needs.


def _design() -> Any:
    import trialkit.design

    return trialkit.design


def _dialogs() -> Any:
    from trialkit.tui.screens import dialogs

    return dialogs


def _words() -> Any:
    """The wording of file problems (it reads the design model's field names)."""
    from trialkit.tui import file_messages

    return file_messages

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


class TrialkitApp(App[None]):
    """Design a trial step by step, from the question to an exported protocol."""

    CSS_PATH = "app.tcss"
    TITLE = "trialkit"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", "Quit", priority=True),
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("f1", "help", "Help"),
        Binding("ctrl+t", "toggle_theme", "Light/dark", show=False),
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
        self.trial: Trial | None = None
        self.path: Path | None = None
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
                self.push_screen(_dialogs().RecoveryScreen(orphans[0]),
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
        _design()
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

    # -- the design being edited -------------------------------------------------------

    def edit(self, trial: Trial, path: Path | None, *, dirty: bool = False,
             on_disk: OnDisk | None = None) -> None:
        """Start editing ``trial`` (saved at ``path``, as ``on_disk`` found it; or new)."""
        self.trial = trial
        self.path = path
        self.on_disk = on_disk or OnDisk()
        self.dirty = dirty
        self._recovery_stale = dirty
        self._update_title()
        from trialkit.tui.screens.editor import EditorScreen  # scipy & co. load only now

        while len(self.screen_stack) > 1:
            self.pop_screen()
        self.push_screen(EditorScreen())

    def leave_design(self, then: Callable[[], Any]) -> None:
        """Run ``then`` (which replaces the design) once unsaved changes are saved or dropped."""
        if not (self.dirty and self.trial is not None):
            then()
            return

        def answer(choice: str | None) -> None:
            if choice == "save":
                self.action_save(then=then)
            elif choice == "discard":
                self.recovery.clear()
                then()

        self.push_screen(
            _dialogs().ConfirmQuitScreen("The design has unsaved changes. Save them first?"),
            answer)

    def open_design(self, path: Path) -> bool:
        """Load a design file into the editor; on failure say why and return False."""
        if path.suffix.lower() == ".json":
            return self.import_design(path)
        try:
            on_disk = OnDisk.read(path)
            trial = _design().load_trial(path)
        except (TrialkitError, OSError) as exc:
            self.notify(_words().cannot_open(exc, path), title="Cannot open the design",
                        severity="error", timeout=15)
            return False
        self.recent.add(path)
        self.edit(trial, path, on_disk=on_disk)
        return True

    def import_design(self, path: Path) -> bool:
        """A new unsaved design from a ClinicalTrials.gov v2 record or a USDM v4 file (the
        same import as ``trialkit import``); the user saves it as YAML."""
        from trialkit.export import import_file

        try:
            trial = import_file(str(path))
        except (TrialkitError, OSError) as exc:
            self.notify(_words().cannot_import(exc, path), title="Cannot import the file",
                        severity="error", timeout=15)
            return False
        self.edit(trial, None, dirty=True)
        self.notify(f"Imported {path.name} as a new design; save it to keep it (Ctrl+S).",
                    title="Imported")
        return True

    def start_from(self, example: Path) -> None:
        """Start a new design from a copy of an example scenario (saved under a new name)."""
        try:
            trial = _design().load_trial(example)
        except (TrialkitError, OSError) as exc:
            self.notify(_words().cannot_open(exc, example), title="Cannot load the scenario",
                        severity="error", timeout=15)
            return
        self.edit(trial, None, dirty=True)

    def start_blank(self) -> None:
        """Start an empty design."""
        self.edit(_design().Trial(), None, dirty=True)

    def mark_dirty(self) -> None:
        """Record an unsaved change (the autosave timer writes the recovery copy)."""
        self.dirty = True
        self._recovery_stale = True
        self._update_title()

    def _update_title(self) -> None:
        name = self.path.name if self.path else "new design (unsaved)"
        self.sub_title = f"{name} *" if self.dirty and self.path else name

    def autosave(self) -> None:
        """Write the recovery copy (in a thread) if there are changes since the last one."""
        if not (self._recovery_stale and self.dirty and self.trial is not None):
            return
        self._recovery_stale = False
        self.write_recovery(self.trial.model_copy(deep=True), self.path, self.on_disk)

    @work(thread=True, exclusive=True, group="autosave")
    def write_recovery(self, trial: Trial, source: Path | None, on_disk: OnDisk) -> None:
        """Write the recovery copy atomically, off the UI thread."""
        try:
            self.recovery.write(_design().dump_trial(trial), source, on_disk.stamp)
        except OSError as exc:
            self.call_from_thread(self.notify, f"Autosave failed: {exc}", severity="warning")
            return
        if not self.dirty:  # saved meanwhile: the copy is not needed
            self.recovery.clear()

    def save_to(self, path: Path, then: Callable[[], Any] | None = None) -> None:
        """Save the design at ``path``, then run ``then``; asks first if that would replace a file
        this session did not write (changed by another program, or another existing file)."""
        question = save_question(path, self.path, self.on_disk)
        if not question:
            self._write_design(path, then)
            return

        def answer(choice: str | None) -> None:
            if choice == "replace":
                self._write_design(path, then)
            elif choice == "save_as":
                self.action_save_as(then=then)

        self.push_screen(_dialogs().ReplaceFileScreen(question), answer)

    def _write_design(self, path: Path, then: Callable[[], Any] | None) -> None:
        """Write the design (keeping the layout of the file it came from), then run ``then``."""
        if self.trial is None:
            return
        same_file = self.path is not None and path.absolute() == self.path.absolute()
        try:
            written = _design().save_trial(self.trial, path,
                                 keep_layout_of=self.on_disk.text if same_file else None)
        except (OSError, TrialkitError) as exc:
            self.notify(_words().cannot_save(exc, path), title="Not saved", severity="error",
                        timeout=15)
            return
        self.path = path
        on_disk = OnDisk.read(path)  # changed again at once by another program: ask next time
        self.on_disk = on_disk if on_disk.text == written else OnDisk()
        self.dirty = False
        self._recovery_stale = False
        self.recovery.clear()
        self.recent.add(path)
        self._update_title()
        self.notify(f"Saved to {path}", title="Saved")
        if then is not None:
            then()

    # -- actions -----------------------------------------------------------------------

    def action_save(self, then: Callable[[], Any] | None = None) -> None:
        """Save (asking for a file name the first time), then run ``then``."""
        if self.trial is None:
            self.notify("Nothing to save yet: start or open a design first.")
            return
        if self.path is not None:
            self.save_to(self.path, then)
        else:
            self.action_save_as(then)

    def action_save_as(self, then: Callable[[], Any] | None = None) -> None:
        """Save under a new file name, then run ``then``."""
        if self.trial is None:
            return

        def chosen(path: Path | None) -> None:
            if path is not None:
                self.save_to(path, then)

        self.push_screen(_dialogs().SaveAsScreen(self.path), chosen)

    def action_open(self) -> None:
        """Open a design file."""

        def chosen(path: Path | None) -> None:
            if path is not None:
                self.leave_design(lambda: self.open_design(path))

        self.push_screen(_dialogs().OpenFileScreen(), chosen)

    def action_welcome(self) -> None:
        """Back to the welcome screen (asks first if there are unsaved changes)."""
        if isinstance(self.screen, WelcomeScreen):
            return
        self.push_screen(WelcomeScreen())

    async def action_quit(self) -> None:
        """Quit, asking first when there are unsaved changes."""
        if not self.dirty or self.trial is None:
            self.recovery.clear()
            self.exit()
            return

        def answer(choice: str | None) -> None:
            if choice == "save":
                self.action_save(then=self.exit)
            elif choice == "discard":
                self.recovery.clear()
                self.exit()

        self.push_screen(_dialogs().ConfirmQuitScreen(), answer)

    def action_help(self) -> None:
        """Show the keys and how the steps work."""
        from trialkit.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

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

    def _recovery_answer(self, copy: RecoveryCopy) -> Any:
        def answer(choice: str | None) -> None:
            if choice == "recover":
                try:
                    trial = _design().load_trial(copy.design)
                except (TrialkitError, OSError) as exc:
                    self.notify(_words().cannot_recover(exc, copy.design),
                                title="The recovery copy is unreadable", severity="error",
                                timeout=15)
                    return
                path, stamp = copy.home()
                on_disk = OnDisk.read(path) if path is not None else OnDisk()
                if stamp is None or not stamp.same_content(on_disk.stamp):
                    on_disk = OnDisk(stamp)  # changed since: saving will ask first
                self.edit(trial, path, dirty=True, on_disk=on_disk)
                with contextlib.suppress(OSError):  # own copy first, then drop the old one
                    self.recovery.write(_design().dump_trial(trial), path, stamp)
                copy.discard()
                if copy.source is not None and path is None:
                    self.notify(f"{copy.source} is no longer the file these changes were made to; "
                                "press ctrl+s to save them under a name.", timeout=10)
                else:
                    self.notify("Recovered your unsaved changes; press ctrl+s to save them.")
            elif choice == "discard":
                copy.discard()

        return answer

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


def make_app(path: Path | str | None = None, **options: Any) -> TrialkitApp:
    """The app, opening ``path`` if given (the CLI, tests and benchmark all start here)."""
    return TrialkitApp(Path(path).expanduser() if path else None, **options)
