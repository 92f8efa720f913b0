"""Small modal dialogs: unsaved changes, replacing a file, deleting a record, recovery offer,
open and save-as."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, DirectoryTree, Input, Label, Static

from trialkit.tui.session import RecoveryCopy
from trialkit.tui.widgets.forms import FieldInput, show_error


class ChoiceScreen(ModalScreen[str | None]):
    """A question with a row of buttons; dismisses with the chosen button's key (Esc: None)."""

    BINDINGS: ClassVar[list[BindingType]] = [("escape", "cancel", "Cancel")]

    def __init__(self, question: str, choices: list[tuple[str, str]], *, id: str) -> None:
        super().__init__(id=id)
        self.question = question
        self.choices = choices

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.question, classes="dialog-question", markup=False)
            with Horizontal(classes="dialog-buttons"):
                for i, (key, label) in enumerate(self.choices):
                    yield Button(label, id=f"choice-{key}",
                                 variant="primary" if i == 0 else "default")

    def on_mount(self) -> None:
        self.query_one(Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss((event.button.id or "").removeprefix("choice-"))

    def action_cancel(self) -> None:
        """Close without choosing."""
        self.dismiss(None)


class ConfirmQuitScreen(ChoiceScreen):
    """Unsaved changes: save, discard, or stay."""

    def __init__(self, question: str = "The design has unsaved changes. Save before quitting?",
                 ) -> None:
        super().__init__(question, [("save", "Save"), ("discard", "Don't save"),
                                    ("cancel", "Cancel")], id="confirm-quit")


class ReplaceFileScreen(ChoiceScreen):
    """Saving would replace a file this session did not write: save anyway, save elsewhere, or stay."""

    def __init__(self, question: str) -> None:
        super().__init__(question, [("replace", "Save anyway"), ("save_as", "Save as..."),
                                    ("cancel", "Cancel")], id="replace-file")


class RecoveryScreen(ChoiceScreen):
    """Offer back the unsaved work of a session that ended without saving."""

    def __init__(self, copy: RecoveryCopy) -> None:
        super().__init__(
            f"{copy.describe()} were kept when trialkit last stopped without saving. "
            "Recover them?",
            [("recover", "Recover"), ("discard", "Discard"), ("later", "Not now")],
            id="recovery",
        )


def one(title: str) -> str:
    """A list's title as one of its items: 'Expected adverse events' -> 'expected adverse event'."""
    word = title.lower()
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def delete_question(title: str, label: str, nested: tuple[str, int] | None = None) -> str:
    """What deleting a record takes with it, as a question: "Delete the arm 'arm1: Anakinra'
    and its 1 intervention? This cannot be undone." (``nested``: the nested list's title and
    how many items the record has in it)."""
    question = f"Delete the {one(title)} '{label}'"
    if nested is not None and nested[1]:
        title, count = nested
        question += f" and its {count} {one(title) if count == 1 else title.lower()}"
    return question + "? This cannot be undone."


class ConfirmDeleteScreen(ChoiceScreen):
    """Deleting a record (an arm with its interventions, say): delete or keep it.

    "Keep" is focused first, so a stray Enter after a stray Delete loses nothing.
    """

    def __init__(self, question: str) -> None:
        super().__init__(question, [("keep", "Keep"), ("delete", "Delete")],
                         id="confirm-delete")


class YamlTree(DirectoryTree):
    """A directory tree that lists folders, design files and JSON files to import only."""

    def filter_paths(self, paths: Iterable[Path]) -> Iterable[Path]:
        """Folders and .yaml/.yml/.json files, hidden ones left out."""
        return [p for p in paths if not p.name.startswith(".")
                and (p.is_dir() or p.suffix in (".yaml", ".yml", ".json"))]


def path_problem(text: str, *, must_exist: bool) -> str:
    """Why a typed path is unusable, in words (empty when fine)."""
    if not text.strip():
        return "Type a file path."
    path = Path(text.strip()).expanduser()
    if must_exist:
        if path.is_dir():
            return "That is a folder; choose a design file in it."
        if not path.is_file():
            return "No such file."
        return ""
    if path.is_dir():
        return "That is a folder; add a file name ending in .yaml."
    if not path.parent.exists():
        return f"The folder {path.parent} does not exist."
    if path.suffix not in (".yaml", ".yml"):
        return "Design files end in .yaml."
    return ""


class OpenFileScreen(ModalScreen[Path | None]):
    """Type a path or pick a design file from the tree."""

    BINDINGS: ClassVar[list[BindingType]] = [("escape", "cancel", "Cancel")]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog tall"):
            yield Label("Open a design file, or import a ClinicalTrials.gov or USDM .json file "
                        "(type a path and press Enter, or pick one below)")
            yield FieldInput(placeholder="path/to/design.yaml", id="open-path")
            yield Static("", id="open-error", classes="field-error")
            yield YamlTree(Path.cwd(), id="open-tree")

    def on_mount(self) -> None:
        self.query_one("#open-path", Input).focus()

    @on(Input.Changed, "#open-path")
    def _typed(self, event: Input.Changed) -> None:
        problem = path_problem(event.value, must_exist=True) if event.value.strip() else ""
        show_error(self.query_one("#open-error", Static), problem)

    @on(Input.Submitted, "#open-path")
    def _submitted(self, event: Input.Submitted) -> None:
        _dismiss_with_path(self, event.value, self.query_one("#open-error", Static),
                           must_exist=True)

    @on(DirectoryTree.FileSelected)
    def _picked(self, event: DirectoryTree.FileSelected) -> None:
        self.dismiss(event.path)

    def action_cancel(self) -> None:
        """Close without opening."""
        self.dismiss(None)


class SaveAsScreen(ModalScreen[Path | None]):
    """Ask where to save the design."""

    BINDINGS: ClassVar[list[BindingType]] = [("escape", "cancel", "Cancel")]

    def __init__(self, current: Path | None) -> None:
        super().__init__()
        self.current = current

    def compose(self) -> ComposeResult:
        default = str(self.current) if self.current else str(Path.cwd() / "design.yaml")
        with Vertical(classes="dialog"):
            yield Label("Save the design as (Enter saves, Esc cancels)")
            yield FieldInput(default, id="save-path")
            yield Static("", id="save-error", classes="field-error")

    def on_mount(self) -> None:
        self.query_one("#save-path", Input).focus()

    @on(Input.Changed, "#save-path")
    def _typed(self, event: Input.Changed) -> None:
        show_error(self.query_one("#save-error", Static),
                   path_problem(event.value, must_exist=False))

    @on(Input.Submitted, "#save-path")
    def _submitted(self, event: Input.Submitted) -> None:
        _dismiss_with_path(self, event.value, self.query_one("#save-error", Static),
                           must_exist=False)

    def action_cancel(self) -> None:
        """Close without saving."""
        self.dismiss(None)


def _dismiss_with_path(
    screen: ModalScreen[Path | None], typed: str, error: Static, *, must_exist: bool
) -> None:
    """Close the file dialog with the typed path, or say under it why it cannot be used."""
    problem = path_problem(typed, must_exist=must_exist)
    if problem:
        show_error(error, problem)
        return
    screen.dismiss(Path(typed.strip()).expanduser())
