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

    def focus_field(self, path: str) -> bool:
        """Focus the editor of a design field (or the closest one); True if found."""
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
