"""What every step pane shares: reloading from the model and focusing a field."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from textual.containers import VerticalScroll
from textual.widget import Widget
from textual.widgets import Input, Label, Select, SelectionList, Static, TextArea

from trialkit.tui.widgets.forms import TO_FILL, ModelForm, show_error, widget_id
from trialkit.tui.widgets.lists import RecordListEditor, StringListEditor
from trialkit.tui.widgets.text import rewrite


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

    def on_mount(self) -> None:
        """Once built, say what the step's mark counts (the editor has the assessment)."""
        todo_of = getattr(self.screen, "todo_of", None)
        if todo_of is not None:
            self.call_after_refresh(todo_of, self)

    TO_FILL = TO_FILL
    """After the label of a field a SPIRIT item still needs."""
    _todo: tuple[tuple[str, ...], tuple[str, ...]] = ((), ())

    def show_todo(self, fields: Sequence[str], lines: Sequence[str]) -> bool:
        """Say on the step what its mark in the step list counts: under the title, the SPIRIT
        items and design problems of this step (``lines``); on each field still to fill
        (``fields``), "(to fill)" after its label. False while the step is still being built."""
        todo = (tuple(fields), tuple(lines))
        if todo == self._todo:
            return True
        if not self.is_mounted:
            return False
        found = self.query("#step-todo")
        if found:
            line = found.first(Static)
        else:
            line = Static("", id="step-todo", classes="step-todo", markup=False)
            titles = self.query(".step-title")
            self.mount(line, after=titles.first()) if titles else self.mount(line, before=0)
        shown = list(lines[:4]) + ([f"... and {len(lines) - 4} more (see the Review)"]
                                   if len(lines) > 4 else [])
        text = "\n".join(f"• {text}" for text in shown)
        if bool(text) != line.has_class("-shown"):
            show_error(line, text)  # shown or hidden
        else:
            rewrite(line, text)  # a layout only if its height changes: the analysis runs per pause
        focused = self.screen.focused
        if focused is not None and self in focused.ancestors:  # the lines moved it down
            self.call_after_refresh(focused.scroll_visible, animate=False)
        for form in self.query(ModelForm).results(ModelForm):
            for spec in form.specs:
                path = form.path_of(spec)
                wanted = any(f == path or f.startswith(path + ".") for f in fields)
                editor = form.query(f"#{widget_id(form.prefix, spec.name)}")
                box = editor.first().parent if editor else None
                labels = box.query(Label) if box is not None else None
                if not labels:
                    return False  # the form is not composed yet: marked on the next call
                label, text = labels.first(Label), spec.label + (self.TO_FILL if wanted else "")
                if str(label.content) != text:
                    label.update(text)
                    label.set_class(wanted, "-to-fill")
        self._todo = todo
        return True

    def widget_for(self, path: str) -> str | None:
        """The selector of the step's own widget that edits ``path`` (or a field above it)."""
        for field, selector in self.FIELD_WIDGETS.items():
            if path == field or path.startswith(field + "."):
                return selector
        return None

    def show_field(self, path: str) -> bool:
        """Bring the editor of ``path`` on screen before it is focused (choose its item, open
        its tab); True when that takes a refresh before the editor can take the focus."""
        return False

    def _shown(self, widget: Widget) -> bool:
        """Is ``widget`` displayed (no hidden container between it and the step)?"""
        node: Any = widget
        while node is not None and node is not self:
            if not node.display:
                return False
            node = node.parent
        return True

    def _focus(self, widget: Widget) -> bool:
        """Focus ``widget`` and scroll it into view once the step is laid out.

        The focus moves now, not on the next idle (as ``Widget.focus`` does), so the editor's
        check that the focus is in the shown step sees it there.
        """
        self.screen.set_focus(widget, scroll_visible=False)
        self.call_after_refresh(widget.scroll_visible, animate=False)
        return True

    def focus_field(self, path: str) -> bool:
        """Focus the editor of a design field (or the closest one); True if found.

        A pane that a jump has only just mounted has no fields yet: it focuses once it has.
        """
        if not self.is_mounted:
            self.call_later(self.focus_field, path)
            return True
        if self.show_field(path):
            self.call_after_refresh(self._focus_field, path)
            return True
        return self._focus_field(path)

    def _focus_field(self, path: str) -> bool:
        """Focus the field's editor now (its tab or item is shown)."""
        selector = self.widget_for(path) if path else None
        if selector is not None and self.query(selector):
            return self._focus(self.query_one(selector))
        for form in self.query(ModelForm).results():
            if not self._shown(form):  # the form of a list with no record: it takes no keys
                continue
            for spec in form.specs:
                full = form.path_of(spec)
                if full == path or path.startswith(full + ".") or full.startswith(path + "."):
                    return self._focus(self.query_one(f"#{widget_id(form.prefix, spec.name)}"))
        for lst in self.query(StringListEditor).results():
            if lst.path == path or path.startswith(lst.path + "."):
                return self._focus(lst.query_one(Input))
        lists = [e for e in self.query(RecordListEditor).results(RecordListEditor)
                 if path.startswith(e.path) and self._shown(e)]
        if lists:  # the innermost list: its records, or its Add while it has none
            editor = max(lists, key=lambda e: len(e.path))
            items = editor.query_one(".items")
            return self._focus(items if items.can_focus else editor.query_one(f"#{editor.id}-add"))
        # No such field: the first editor the user can see, else the first button (a step with
        # nothing to fill yet shows only "Add"; its hidden record form must not take keys).
        # In page order (the focus chain is not complete while a step is still being built).
        stops = [w for w in self.query("*").results(Widget) if w.can_focus and self._shown(w)]
        editors = (Input, Select, TextArea, SelectionList)
        first = next((w for w in stops if isinstance(w, editors)), stops[0] if stops else None)
        if first is not None:
            self._focus(first)
        return False
