"""What every step pane shares: reloading from the model and focusing a field."""

from __future__ import annotations

from typing import Any, ClassVar

from textual.containers import VerticalScroll
from textual.widgets import Input, Select, SelectionList, TextArea

from trialkit.tui.widgets.forms import ModelForm, widget_id
from trialkit.tui.widgets.lists import RecordListEditor, StringListEditor


class StepPane(VerticalScroll):
    """A scrollable step; subclasses compose forms and list editors over the trial."""

    STEP: ClassVar[str] = ""
    DEFAULT_CLASSES = "step"
    FIELD_WIDGETS: ClassVar[dict[str, str]] = {}
    """Design fields edited by a widget of the step's own (not a form): path -> selector."""

    @property
    def trial(self) -> Any:
        """The trial the app is editing."""
        return self.app.trial  # type: ignore[attr-defined]

    def reload(self) -> None:
        """Show the model's current values (after edits made elsewhere)."""
        for editor in self.query(RecordListEditor).results():
            editor.load()
        for form in self.query(ModelForm).results():
            if not any(isinstance(a, RecordListEditor) for a in form.ancestors):
                form.load()
        for lst in self.query(StringListEditor).results():
            lst.load()

    def widget_for(self, path: str) -> str | None:
        """The selector of the step's own widget that edits ``path`` (or a field above it)."""
        for field, selector in self.FIELD_WIDGETS.items():
            if path == field or path.startswith(field + "."):
                return selector
        return None

    def show_field(self, path: str) -> None:
        """Bring the editor of ``path`` on screen before it is focused (e.g. choose its item)."""

    def focus_field(self, path: str) -> bool:
        """Focus the editor of a design field (or the closest one); True if found.

        A pane that a jump has only just mounted has no fields yet: it focuses once it has.
        """
        if not self.is_mounted:
            self.call_later(self.focus_field, path)
            return True
        self.show_field(path)
        selector = self.widget_for(path) if path else None
        if selector is not None and self.query(selector):
            widget = self.query_one(selector)
            widget.focus()
            self.call_after_refresh(widget.scroll_visible)
            return True
        for form in self.query(ModelForm).results():
            for spec in form.specs:
                full = form.path_of(spec)
                if full == path or path.startswith(full + ".") or full.startswith(path + "."):
                    self.query_one(f"#{widget_id(form.prefix, spec.name)}").focus()
                    return True
        for lst in self.query(StringListEditor).results():
            if lst.path == path or path.startswith(lst.path + "."):
                lst.query_one(Input).focus()
                return True
        for editor in self.query(RecordListEditor).results():
            if editor.path == path or path.startswith(editor.path):
                editor.query_one(".items").focus()
                return True
        first = self.query(f"{Input.__name__}, {Select.__name__}, {TextArea.__name__}, "
                           f"{SelectionList.__name__}")
        if first:
            first.first().focus()
        return False
