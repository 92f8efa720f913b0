"""Step 12: write the protocol (Word, Markdown or HTML) or the design as data (a ClinicalTrials.gov
record, a CDISC USDM file, the WHO registration data set), and preview the protocol in the app.

The preview is one widget drawing the Markdown (a protocol is hundreds of blocks: as one widget
per block, every keystroke in the path field re-laid them all out, about a quarter of a second).
A file that exists is replaced only after asking, unless this step wrote it and it is unchanged.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Select, Static

from trialkit.errors import TrialkitError
from trialkit.files import FileStamp, output_problem
from trialkit.tui.steps.base import StepPane
from trialkit.tui.threads import deliver
from trialkit.tui.widgets.forms import FieldInput, show_error
from trialkit.tui.widgets.text import literal

FORMATS = (("Word (.docx)", "docx"), ("Markdown (.md)", "md"), ("HTML (.html)", "html"),
           ("ClinicalTrials.gov record (.json)", "ctgov"), ("CDISC USDM v4 (.json)", "usdm"),
           ("WHO registration data set (.md)", "trds"))
ENDINGS = {"docx": "-protocol.docx", "md": "-protocol.md", "html": "-protocol.html",
           "ctgov": ".ctgov.json", "usdm": ".usdm.json", "trds": ".trds.md"}
"""How a file of each format is named after the design (the data formats as trialkit export
names them)."""
DATA = ("ctgov", "usdm", "trds")
"""Formats written by trialkit.export (the design as data), the others by the renderer."""


def write_protocol(trial: Any, path: Path, fmt: str) -> None:
    """Write ``trial`` into ``path`` in format ``fmt`` (atomically): the protocol through the
    renderer, a data format through the export functions ``trialkit export`` uses."""
    if fmt in DATA:
        from trialkit.export import export_text
        from trialkit.files import atomic_write as write

        write(path, export_text(trial, fmt).encode("utf-8"))  # type: ignore[arg-type]
        return
    if fmt == "docx":
        from trialkit.render.docx import write_docx

        write_docx(trial, path)
        return
    from trialkit.design.io import atomic_write

    if fmt == "md":
        from trialkit.render.markdown import render_markdown

        text = render_markdown(trial)
    else:
        from trialkit.render.html import render_html

        text = render_html(trial)
    atomic_write(path, text.encode("utf-8"))


def renamed(text: str, fmt: str) -> str:
    """The typed file name made a file of format ``fmt``: its format's ending swapped."""
    ending = next((e for e in ENDINGS.values() if text.lower().endswith(e)), Path(text).suffix)
    return text[:len(text) - len(ending)] + ENDINGS[fmt] if ending else text + ENDINGS[fmt]


def format_of(text: str, current: str) -> str:
    """The format a typed file name asks for (``current`` if the name fits it or says nothing)."""
    name = text.lower()
    if name.endswith(ENDINGS[current]):
        return current
    data = next((f for f in DATA if name.endswith(ENDINGS[f])), None)
    suffix = Path(name).suffix
    if data or suffix == Path(ENDINGS[current]).suffix:
        return data or current
    return next((f for f in ("docx", "md", "html") if suffix == f".{f}"), current)


class ExportStep(StepPane):
    """Format and path, an Export button, and a Markdown preview of the protocol."""

    STEP = "export"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.last_written: Path | None = None
        self._wrote: dict[Path, FileStamp | None] = {}
        """What each file this step wrote held just after, so writing it again needs no question."""

    def compose(self) -> ComposeResult:
        yield Static("Export", classes="step-title")
        with Horizontal(classes="row"):
            with Vertical(classes="field format"):
                yield Label("Format", classes="field-label")
                yield Select(FORMATS, id="export-format", value="docx", allow_blank=False,
                             compact=True)
            with Vertical(classes="field wide"):
                yield Label("File", classes="field-label")
                yield FieldInput(self.default_path("docx"), id="export-path", compact=True)
        yield Static("", id="export-path-error", classes="field-error")
        with Horizontal(classes="row buttons"):
            yield Button("Export", id="export-go", variant="primary", compact=True)
            yield Button("Refresh preview", id="export-preview", compact=True)
        yield Static("", id="export-status")
        yield Label("Preview (Markdown)", classes="section-title")
        yield Static("", id="export-markdown")

    def default_path(self, fmt: str) -> str:
        """Next to the design file (or in the working folder), named after it.

        Shown relative to the working folder when it lies inside it (short enough to read
        at 80 columns); the export resolves it against the same folder.
        """
        design = getattr(self.app, "path", None)
        trial = self.trial
        stem = design.stem if design else (
            (trial.title_page.acronym or trial.title_page.short_title or "protocol")
            if trial is not None else "protocol"
        )
        stem = "".join(c if c.isalnum() or c in "-_" else "_" for c in stem).strip("_")
        folder = design.parent.resolve() if design else Path.cwd()
        path = folder / f"{stem or 'protocol'}{ENDINGS[fmt]}"
        return str(path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path)

    def on_mount(self) -> None:
        self.preview()

    def reload(self) -> None:
        """Refresh the preview when the step is shown."""
        self.preview()

    @on(Select.Changed, "#export-format")
    def _format(self, event: Select.Changed) -> None:
        event.stop()
        field = self.query_one("#export-path", Input)
        field.value = renamed(field.value.strip() or self.default_path(str(event.value)),
                              str(event.value))

    @on(Input.Changed, "#export-path")
    def _path_changed(self, event: Input.Changed) -> None:
        event.stop()
        show_error(self.query_one("#export-path-error", Static), self.path_problem(event.value))
        chooser = self.query_one("#export-format", Select)
        fmt = format_of(event.value.strip(), str(chooser.value))
        if chooser.value != fmt:
            with self.prevent(Select.Changed):
                chooser.value = fmt

    def path_problem(self, text: str) -> str:
        """Why the typed path cannot be written, in words (empty if it can)."""
        if not text.strip():
            return "Type where to write the protocol."
        path = self.target(text)
        if path.is_dir():
            return "That is a folder; add a file name."
        if not path.parent.exists():
            return f"The folder {path.parent} does not exist."
        problem = output_problem(path, replace=True)
        return f"{path.name} cannot be written: {problem}." if problem else ""

    @staticmethod
    def target(text: str) -> Path:
        """The file a typed path names, absolute (a final link is replaced, not followed)."""
        return Path(os.path.abspath(Path(text.strip()).expanduser()))

    @on(Button.Pressed, "#export-go")
    @on(Input.Submitted, "#export-path")
    def _export(self, event: Any) -> None:
        event.stop()
        self.export()

    def export(self) -> None:
        """Check the path, ask before replacing a file, then write the protocol in a worker."""
        text = self.query_one("#export-path", Input).value
        problem = self.path_problem(text)
        if problem:
            show_error(self.query_one("#export-path-error", Static), problem)
            self.notify(problem, severity="error")
            return
        fmt = str(self.query_one("#export-format", Select).value)
        path = self.target(text)
        if not os.path.lexists(path) or (path in self._wrote
                                         and FileStamp.of(path) == self._wrote[path]):
            self._start_writing(path, fmt)
            return
        from trialkit.tui.screens.dialogs import ChoiceScreen

        def answer(choice: str | None) -> None:
            if choice == "replace":
                self._start_writing(path, fmt)
            else:
                self.query_one("#export-status", Static).update(
                    literal(f"Not written: {path} was kept as it was."))

        self.app.push_screen(ChoiceScreen(f"{path} already exists. Replace it?",
                                          [("replace", "Replace"), ("cancel", "Cancel")],
                                          id="replace-export"), answer)

    def _start_writing(self, path: Path, fmt: str) -> None:
        self.query_one("#export-status", Static).update(literal(f"Writing {path} ..."))
        self.write(self.trial.model_copy(deep=True), path, fmt)

    @work(thread=True, exclusive=True, group="export", description="protocol file")
    def write(self, trial: Any, path: Path, fmt: str) -> None:
        """Render and write the file off the UI thread."""
        try:
            write_protocol(trial, path, fmt)
        except TrialkitError as exc:  # its message names the file and the reason in words
            deliver(self, self._failed, path, str(exc).removeprefix(f"cannot write {path}: "))
        except OSError as exc:
            deliver(self, self._failed, path, (exc.strerror or "the system refused").lower())
        except ValueError:
            deliver(self, self._failed, path,
                    "the design could not be written in this format (please report this, "
                    "with the design file)")
        else:
            deliver(self, self._written, path, FileStamp.of(path))

    def _written(self, path: Path, stamp: FileStamp | None) -> None:
        self.last_written = path
        self._wrote[path] = stamp
        self.query_one("#export-status", Static).update(literal(f"Written: {path}"))
        self.notify(f"Written to {path}", title="Exported")

    def _failed(self, path: Path, reason: str) -> None:
        self.query_one("#export-status", Static).update(literal(f"Not written: {reason}"))
        self.notify(f"Could not write {path}: {reason}", title="Export failed",
                    severity="error", timeout=10)

    @on(Button.Pressed, "#export-preview")
    def _refresh(self, event: Button.Pressed) -> None:
        event.stop()
        self.preview(again=True)

    _previewed = ""
    """The design (as JSON) the preview shows, or is being rendered for."""

    def preview(self, *, again: bool = False) -> None:
        """Render the Markdown preview in a worker, unless it shows this very design already
        (showing the step again redraws nothing then; the Refresh button always does)."""
        if self.trial is None:
            return
        design = self.trial.model_dump_json()
        if design != self._previewed or again:
            self._previewed = design
            self.render_preview(self.trial.model_copy(deep=True))

    @work(thread=True, exclusive=True, group="preview", description="protocol preview")
    def render_preview(self, trial: Any) -> None:
        """Render the protocol's Markdown and parse it off the UI thread."""
        from rich.markdown import Markdown

        from trialkit.render.environment import md_escape
        from trialkit.render.markdown import render_markdown

        try:
            text = render_markdown(trial)
        except TrialkitError as exc:
            text = f"*The preview could not be rendered: {md_escape(str(exc))}*"
        deliver(self, self._show_preview, Markdown(text))

    def _show_preview(self, document: Any) -> None:
        self.query_one("#export-markdown", Static).update(document)
