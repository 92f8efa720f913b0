"""The design file's lifecycle in the app: opening or importing a design, saving it (asking
before replacing a file this session did not write), the recovery copy written while it changes,
and leaving a changed design (save, discard or stay)."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import work
from textual.app import App

from trialkit.errors import TrialkitError
from trialkit.tui.session import OnDisk, RecentFiles, Recovery, RecoveryCopy, save_question

if TYPE_CHECKING:
    from trialkit.design import Trial

# The design model (pydantic) and the dialogs load on first use, after the first screen is up.

AUTOSAVE_QUIET = 1.0
"""Seconds without an edit before the autosave timer writes the recovery copy (or the timer's
own interval, if shorter): writing it takes tens of milliseconds of the interpreter, which a
key typed meanwhile would wait for."""
AUTOSAVE_LONGEST = 30.0
"""Seconds of unbroken typing after which the recovery copy is written all the same."""


def design_model() -> Any:
    """trialkit.design, imported on first use."""
    import trialkit.design

    return trialkit.design


def dialog_screens() -> Any:
    """The dialogs (save as, open, replace, leave, recovery), imported on first use."""
    from trialkit.tui.screens import dialogs

    return dialogs


def file_words() -> Any:
    """The wording of file problems (it reads the design model's field names)."""
    from trialkit.tui import file_messages

    return file_messages


class DesignFiles(App[None]):
    """The app's design and the file it lives in (TrialkitApp sets the attributes up)."""

    trial: Trial | None
    path: Path | None
    on_disk: OnDisk
    dirty: bool
    recent: RecentFiles
    recovery: Recovery
    _recovery_stale: bool
    autosave_seconds: float
    _last_edit = 0.0
    """When the last unsaved change was made (time.monotonic)."""
    _stale_since = 0.0
    """When the first change the recovery copy does not hold yet was made."""

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
            dialog_screens().ConfirmQuitScreen("The design has unsaved changes. Save them first?"),
            answer)

    def open_design(self, path: Path) -> bool:
        """Load a design file into the editor; on failure say why and return False."""
        if path.suffix.lower() == ".json":
            return self.import_design(path)
        try:
            on_disk = OnDisk.read(path)
            trial = design_model().load_trial(path)
        except (TrialkitError, OSError) as exc:
            self.notify(file_words().cannot_open(exc, path), title="Cannot open the design",
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
            self.notify(file_words().cannot_import(exc, path), title="Cannot import the file",
                        severity="error", timeout=15)
            return False
        self.edit(trial, None, dirty=True)
        self.notify(f"Imported {path.name} as a new design; save it to keep it (Ctrl+S).",
                    title="Imported")
        return True

    def start_from(self, example: Path) -> None:
        """Start a new design from a copy of an example scenario (saved under a new name)."""
        try:
            trial = design_model().load_trial(example)
        except (TrialkitError, OSError) as exc:
            self.notify(file_words().cannot_open(exc, example), title="Cannot load the scenario",
                        severity="error", timeout=15)
            return
        self.edit(trial, None, dirty=True)

    def start_blank(self) -> None:
        """Start an empty design."""
        self.edit(design_model().Trial(), None, dirty=True)

    def mark_dirty(self) -> None:
        """Record an unsaved change (the autosave timer writes the recovery copy)."""
        self.dirty = True
        self._last_edit = time.monotonic()
        if not self._recovery_stale:
            self._stale_since = self._last_edit
        self._recovery_stale = True
        self._update_title()

    def _update_title(self) -> None:
        name = self.path.name if self.path else "new design (unsaved)"
        self.sub_title = f"{name} *" if self.dirty and self.path else name

    def autosave(self) -> None:
        """Write the recovery copy (in a thread) if there are changes since the last one, once
        typing pauses."""
        if not (self._recovery_stale and self.dirty and self.trial is not None):
            return
        now = time.monotonic()
        if now - self._last_edit < min(AUTOSAVE_QUIET, self.autosave_seconds) \
                and now - self._stale_since < AUTOSAVE_LONGEST:
            return  # the next tick writes it
        self._recovery_stale = False
        self.write_recovery(self.trial.model_copy(deep=True), self.path, self.on_disk)

    @work(thread=True, exclusive=True, group="autosave", description="recovery copy")
    def write_recovery(self, trial: Trial, source: Path | None, on_disk: OnDisk) -> None:
        """Write the recovery copy atomically, off the UI thread."""
        try:
            self.recovery.write(design_model().dump_trial(trial), source, on_disk.stamp)
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

        self.push_screen(dialog_screens().ReplaceFileScreen(question), answer)

    def _write_design(self, path: Path, then: Callable[[], Any] | None) -> None:
        """Write the design (keeping the layout of the file it came from), then run ``then``."""
        if self.trial is None:
            return
        same_file = self.path is not None and path.absolute() == self.path.absolute()
        try:
            written = design_model().save_trial(self.trial, path,
                                 keep_layout_of=self.on_disk.text if same_file else None)
        except (OSError, TrialkitError) as exc:
            self.notify(file_words().cannot_save(exc, path), title="Not saved", severity="error",
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

        self.push_screen(dialog_screens().SaveAsScreen(self.path), chosen)

    def action_open(self) -> None:
        """Open a design file."""

        def chosen(path: Path | None) -> None:
            if path is not None:
                self.leave_design(lambda: self.open_design(path))

        self.push_screen(dialog_screens().OpenFileScreen(), chosen)

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

        self.push_screen(dialog_screens().ConfirmQuitScreen(), answer)

    def _recovery_answer(self, copy: RecoveryCopy) -> Any:
        def answer(choice: str | None) -> None:
            if choice == "recover":
                try:
                    trial = design_model().load_trial(copy.design)
                except (TrialkitError, OSError) as exc:
                    self.notify(file_words().cannot_recover(exc, copy.design),
                                title="The recovery copy is unreadable", severity="error",
                                timeout=15)
                    return
                path, stamp = copy.home()
                on_disk = OnDisk.read(path) if path is not None else OnDisk()
                if stamp is None or not stamp.same_content(on_disk.stamp):
                    on_disk = OnDisk(stamp)  # changed since: saving will ask first
                self.edit(trial, path, dirty=True, on_disk=on_disk)
                with contextlib.suppress(OSError):  # own copy first, then drop the old one
                    self.recovery.write(design_model().dump_trial(trial), path, stamp)
                copy.discard()
                if copy.source is not None and path is None:
                    self.notify(f"{copy.source} is no longer the file these changes were made to; "
                                "press ctrl+s to save them under a name.", timeout=10)
                else:
                    self.notify("Recovered your unsaved changes; press ctrl+s to save them.")
            elif choice == "discard":
                copy.discard()

        return answer
