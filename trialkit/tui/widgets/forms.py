"""A form over part of the trial model: one labelled editor per field, validated as you type.

The editor is chosen from the model's annotation (choices for a Literal, yes/no for a bool, a
checklist for a list of choices, a text area for long text). Values go into the model through
pydantic assignment validation; a refusal is shown in words under the field and the model keeps
its last valid value.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, get_origin

from pydantic import BaseModel, ValidationError
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.geometry import Size
from textual.widget import Widget
from textual.widgets import Input, Label, Select, SelectionList, Static, TextArea

from trialkit.design.labels import field_label
from trialkit.design.value_words import menu_words
from trialkit.tui.messages import TrialEdited
from trialkit.tui.paths import (
    error_text,
    field_info,
    get_path,
    list_item_type,
    literal_choices,
    set_path,
    without_none,
)
from trialkit.tui.widgets.choices import ChoiceSelect
from trialkit.tui.widgets.records_text import (
    as_text as _text,
)
from trialkit.tui.widgets.records_text import (
    humanise,
    mapping_text,
    parse_mapping,
    parse_records,
    records_hint,
    records_text,
)
from trialkit.tui.widgets.text import literal, visible

__all__ = ["TO_FILL", "FieldInput", "FieldSpec", "FieldTextArea", "ModelForm", "humanise", "mapping_text",
           "records_hint", "records_text", "show_error", "widget_id"]
from trialkit.tui.widgets.ticks import TickList


@dataclass(frozen=True)
class FieldSpec:
    """A field of the form: its path below the form's base, label, and how to edit it."""

    name: str
    label: str = ""
    """The words beside the field; blank: the design's one label for it (field_label), as for
    every field named by its full path."""
    multiline: bool = False
    placeholder: str = ""
    choice_help: tuple[tuple[str, str], ...] = ()
    """For a field with fixed choices: (value, what it means), shown under each in the menu."""
    options: Callable[[Any], Sequence[tuple[str, str]] | None] | None = None
    """For a text field chosen from a list the app knows (an evidence record): the form ->
    (words shown, value kept in the file), None while not known yet; blank is "(none)"."""

    def __post_init__(self) -> None:
        if not self.label:
            object.__setattr__(self, "label", field_label(self.name))


TO_FILL = " (to fill)"
"""After the label of a field a SPIRIT item still needs (the step marks it from the design's
check; the form takes it off as soon as the field holds something)."""


def show_error(line: Static, message: str) -> None:
    """Show a message in words on an error line (hidden while there is none).

    The message often quotes what was typed, so it is shown literally, never as markup. An
    unchanged message costs nothing, so callers may repeat it on every keystroke.
    """
    if getattr(line, "_shown_message", None) == message:
        return
    line._shown_message = message  # type: ignore[attr-defined]
    line.update(literal(message))
    line.set_class(bool(message), "-shown")


def widget_id(prefix: str, name: str) -> str:
    """A DOM id for the editor of field ``name``."""
    return f"{prefix}-{name.replace('.', '--').replace('_', '-')}"


class FieldInput(Input):
    """A one-line field that shows control characters in its text as visible symbols.

    Text read from a design file can hold escape sequences; Textual would send them to the
    terminal as they are. The value itself is left as it is.

    Entering it never prepends to its text: the user's own text is never selected (one key
    would replace a long title, with no undo) and the cursor goes to its end; a value trialkit
    generated (a new record's "arm1", "Intervention 1") is selected, so typing replaces it.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+a", "select_all", "Select all", show=False),
    ]

    generated: str | None = None
    """The value trialkit filled in for this field (see ModelForm.generated), if any."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("select_on_focus", False)
        super().__init__(*args, **kwargs)

    def _on_focus(self, event: events.Focus) -> None:
        if self.generated is not None and self.value == self.generated:
            self.select_all()
        else:
            self.cursor_position = len(self.value)

    def _watch_value(self, value: str) -> None:
        """As Input's, without laying out the whole screen again for each key typed.

        Input sets its scrollable width to its text's length, which asks for a new layout of
        the screen; a field whose width the stylesheet fixes needs only a redraw (the length
        bounds how far it scrolls, read when the cursor moves).
        """
        if not self.styles.auto_dimensions:
            self.set_reactive(Input.virtual_size, Size(self.content_width, 1))
            self.refresh()
        super()._watch_value(value)

    @property
    def _value(self) -> Text:
        if self.password:
            return super()._value
        text = Text(visible(self.value), no_wrap=True, overflow="ignore", end="")
        return self.highlighter(text) if self.highlighter is not None else text


class FieldTextArea(TextArea):
    """A soft-wrapped multi-line field that re-wraps whenever textual gives it a new size.

    Textual 8.2 can size a widget during a scroll-only reflow without sending it a Resize
    event; a text area then stayed wrapped for width 0 (one cut-off line) until the next edit.
    Control characters in its text are drawn as visible symbols (see FieldInput). Ctrl+A selects
    all the text, as in other editors (Textual's own key for it is F7; Home goes to the line's
    start); entering the field selects nothing.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+a", "select_all", "Select all", show=False),
    ]

    def get_line(self, line_index: int) -> Text:
        """The line as drawn: control characters as symbols, one for one."""
        return Text(visible(self.document.get_line(line_index)), end="", no_wrap=True)

    def _size_updated(self, size: Size, virtual_size: Size, container_size: Size,
                      layout: bool = True) -> bool:
        changed = super()._size_updated(size, virtual_size, container_size, layout)
        if changed:
            self.call_later(self._rewrap_and_refresh_virtual_size)
        return changed


class ModelForm(Vertical):
    """Labelled editors for ``specs``, bound to the model object at ``base`` (dotted path)."""

    DEFAULT_CLASSES = "model-form"
    BOOL_OPTIONS: ClassVar[list[tuple[str, str]]] = [("Yes", "yes"), ("No", "no")]

    def __init__(
        self,
        model: type[BaseModel],
        specs: list[FieldSpec],
        *,
        base: str = "",
        prefix: str = "f",
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.model = model
        self.specs = specs
        self.base = base
        self.prefix = prefix
        self._by_id: dict[str, FieldSpec] = {}
        self._editors: dict[str, Widget] = {}
        self._errors: dict[str, Static] = {}
        """Editors and error lines by id (a query per field walks the whole form)."""
        self.generated: dict[str, str] = {}
        """Values trialkit filled in (a new record's id), by full path: typing replaces them."""

    @property
    def trial(self) -> Any:
        """The trial the app is editing."""
        return self.app.trial  # type: ignore[attr-defined]

    def path_of(self, spec: FieldSpec) -> str:
        """The full dotted path of a field."""
        return f"{self.base}.{spec.name}" if self.base else spec.name

    def _kind(self, spec: FieldSpec) -> tuple[str, Any]:
        if spec.options is not None:
            return "picked", spec.options
        annotation, _ = field_info(self.model, self.path_of(spec))
        choices = literal_choices(annotation)
        item = list_item_type(annotation)
        inner = without_none(annotation)
        if choices:
            return "choice", choices
        if get_origin(inner) is dict:
            return "mapping", None
        if inner is bool:
            return "bool", None
        if isinstance(item, type) and issubclass(item, BaseModel):
            return "records", item
        if item is not None:
            item_choices = literal_choices(item)
            if item_choices:
                return "multi", item_choices
            return "csv", item
        if spec.multiline:
            return "multiline", None
        return "text", None

    def compose(self) -> ComposeResult:
        for spec in self.specs:
            kind, extra = self._kind(spec)
            wid = widget_id(self.prefix, spec.name)
            self._by_id[wid] = spec
            _, description = field_info(self.model, self.path_of(spec))
            value = get_path(self.trial, self.path_of(spec)) if self.trial is not None else None
            if kind == "records":
                value, description = records_text(value, extra), records_hint(extra)
            elif kind == "mapping":
                value = mapping_text(value)
                description = description or "one per line: abbreviation = meaning"
            with Vertical(classes=f"field field-{kind}"):
                yield Label(spec.label, classes="field-label")
                editor = self._editors[wid] = self._editor(kind, extra, wid, value,
                                                            spec.placeholder or description,
                                                            dict(spec.choice_help))
                yield editor

    def _editor(self, kind: str, extra: Any, wid: str, value: Any, hint: str,
                choice_help: dict[str, str]) -> Widget:
        if kind == "choice":
            options = [(menu_words(c), c) for c in extra]
            current = value if value in extra else Select.NULL
            if choice_help:
                return ChoiceSelect(options, help=choice_help, id=wid, compact=True,
                                    value=current, prompt="(not set)")
            return Select(options, id=wid, compact=True, value=current, prompt="(not set)")
        if kind == "picked":
            options = self._picked_options(extra, value)
            return Select(options, id=wid, compact=True, value=value or Select.NULL,
                          prompt="(none)")
        if kind == "bool":
            current = Select.NULL if value is None else ("yes" if value else "no")
            return Select(self.BOOL_OPTIONS, id=wid, value=current, compact=True, prompt="(not set)")
        if kind == "multi":
            chosen = set(value or [])
            return TickList[str](
                *[(menu_words(c), c, c in chosen) for c in extra], id=wid, compact=True
            )
        if kind in ("multiline", "records", "mapping"):
            area = FieldTextArea(_text(value), id=wid, soft_wrap=True, show_line_numbers=False,
                            compact=True)
            area.placeholder = hint
            return area
        return FieldInput(_text(value), id=wid, placeholder=hint, compact=True)

    def on_mount(self) -> None:
        self._show_beginnings()

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        """A field the user leaves shows the start of its text again."""
        if isinstance(event.widget, Input):
            event.widget.cursor_position = 0

    def _show_beginnings(self) -> None:
        """Scroll one-line editors to the start of their text, which reads better than its end."""
        for editor in self.query(Input).results(Input):
            if not editor.has_focus:
                editor.cursor_position = 0

    def rebind(self, base: str) -> None:
        """Point the form at another model object (same class) and reload the editors."""
        self.base = base
        self.load()

    def load(self) -> None:
        """Show the model's current values in every editor."""
        if self.trial is None:
            return
        with self.prevent(Input.Changed, Select.Changed, TextArea.Changed,
                          SelectionList.SelectedChanged):
            for wid, spec in self._by_id.items():
                value = get_path(self.trial, self.path_of(spec))
                kind, extra = self._kind(spec)
                if kind == "records":
                    value = records_text(value, extra)
                elif kind == "mapping":
                    value = mapping_text(value)
                editor = self._editors[wid]
                if isinstance(editor, FieldInput):
                    editor.generated = self.generated.get(self.path_of(spec))
                if isinstance(editor, Input):
                    editor.value = _text(value)
                elif isinstance(editor, TextArea):
                    if editor.text != _text(value):
                        editor.text = _text(value)
                elif isinstance(editor, Select):
                    if kind == "picked":
                        editor.set_options(self._picked_options(extra, value))
                    self._load_select(editor, value)
                elif isinstance(editor, SelectionList):
                    editor.deselect_all()
                    for choice in value or []:
                        editor.select(choice)
                self._show_error(wid, "")
        self._show_beginnings()

    def _picked_options(self, options: Callable[[Any], Sequence[tuple[str, str]] | None],
                        value: Any) -> list[tuple[str, str]]:
        """The choices of a picked field; a value the file holds that is not among them stays
        one, named as such (never dropped unseen)."""
        known = options(self)
        shown = list(known or [])
        if value and value not in {v for _, v in shown}:
            shown.append((f"'{value}'" + (" (not found)" if known is not None else ""), value))
        return shown

    @staticmethod
    def _load_select(editor: Select[Any], value: Any) -> None:
        if isinstance(value, bool):
            editor.value = "yes" if value else "no"
        elif value is None:
            editor.clear()
        else:
            editor.value = value

    def _show_error(self, wid: str, message: str) -> None:
        """Show a message under a field; the line is created on the first message (fewer widgets)."""
        editor = self._editors[wid]
        editor.set_class(bool(message), "-invalid-field")
        found = self._errors.get(wid)
        if found is not None:
            show_error(found, message)
        elif message and isinstance(editor.parent, Widget):
            line = self._errors[wid] = Static("", classes="field-error", id=f"{wid}-error")
            editor.parent.mount(line, after=editor)
            show_error(line, message)

    def _commit(self, wid: str | None, raw: Any) -> None:
        if wid is None or wid not in self._by_id or self.trial is None:
            return
        spec = self._by_id[wid]
        kind, extra = self._kind(spec)
        value: Any = raw
        if kind == "records":
            value = parse_records(str(raw), extra)
        elif kind == "mapping":
            value = parse_mapping(str(raw))
        elif kind in ("text", "multiline"):
            value = raw if str(raw).strip() else None
        elif kind == "csv":
            value = [p.strip() for p in str(raw).split(",") if p.strip()]
        elif kind == "bool":
            value = None if raw is Select.NULL else raw == "yes"
        elif kind in ("choice", "picked") and raw is Select.NULL:
            value = None
        self._mark_filled(wid, value not in (None, "", [], {}))
        path = self.path_of(spec)
        current = get_path(self.trial, path)
        if value == current or (value is None and _text(current) == ""):
            self._show_error(wid, "")
            return
        try:
            set_path(self.trial, path, value)
        except ValidationError as exc:
            self._show_error(wid, error_text(exc))
            return
        self._show_error(wid, "")
        if get_path(self.trial, path) != current:  # "4" for 4 or a date's text is no edit
            self.post_message(TrialEdited(path))

    def _mark_filled(self, wid: str, filled: bool) -> None:
        """Take a field's "(to fill)" off while it holds something, and put it back if it is
        emptied before the next check of the design (which marks the fields itself)."""
        box = self._editors[wid].parent
        found = box.query(Label) if isinstance(box, Widget) else None
        if not found:
            return
        label = found.first(Label)
        if filled and label.has_class("-to-fill"):
            label.update(self._by_id[wid].label)
            label.set_class(False, "-to-fill").set_class(True, "-filled-since")
        elif not filled and label.has_class("-filled-since"):
            label.update(self._by_id[wid].label + TO_FILL)
            label.set_class(True, "-to-fill").set_class(False, "-filled-since")

    @on(Input.Changed)
    def _input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._commit(event.input.id, event.value)

    @on(TextArea.Changed)
    def _area_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        self._commit(event.text_area.id, event.text_area.text)

    @on(Select.Changed)
    def _select_changed(self, event: Select.Changed) -> None:
        event.stop()
        self._commit(event.select.id, event.value)

    @on(SelectionList.SelectedChanged)
    def _selection_changed(self, event: SelectionList.SelectedChanged[Any]) -> None:
        event.stop()
        self._commit(event.selection_list.id, list(event.selection_list.selected))
