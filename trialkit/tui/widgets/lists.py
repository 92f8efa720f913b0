"""Editors for lists in the trial model: lists of records (arms, visits) beside a form for one;
lists of text (criteria) are in string_list."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from typing import Any, ClassVar

from pydantic import BaseModel, ValidationError
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Label, OptionList, Static
from textual.widgets.option_list import Option

from trialkit.tui.messages import TrialEdited
from trialkit.tui.paths import error_text, get_path, set_path
from trialkit.tui.widgets.forms import FieldSpec, ModelForm, show_error, widget_id
from trialkit.tui.widgets.string_list import ItemInput, ItemList, StringListEditor
from trialkit.tui.widgets.text import literal

__all__ = ["ItemInput", "ItemList", "RecordListEditor", "StringListEditor", "next_id"]

MAX_PASSES = 20
"""Passes up the focused field's widgets before Ctrl+R adds a record anyway (a change climbs
one widget a pass; a few suffice)."""
QUEUE_SECONDS = 2.0
"""The most one widget's queue is waited for (it never takes this long unless it is stuck)."""


class AddButton(Button):
    """Add: Enter adds the record as soon as the app reads it (trialkit.tui.keys), so the keys
    typed right after it go into the new record's fields (Button's own Enter sends a message
    handled later, after the app had already moved the focus on with the next Tab)."""

    def action_press(self) -> None:
        if self.disabled or not self.display or self.has_class("-active"):
            return
        self._start_active_affect()
        next(a for a in self.ancestors if isinstance(a, RecordListEditor)).add_record()


class RecordListEditor(Vertical):
    """A list of records (arms, visits, ...) beside a form for the highlighted one.

    Tab goes from Add to the list (when it has records) and the record's fields; Delete is a
    button for the mouse (the list's Delete key does it), and Ctrl+R in a record adds the next
    one (the footer: "^r Add"), so filling records in a row needs no walk back to Add.
    """

    DEFAULT_CLASSES = "record-editor"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("ctrl+r", "add_record", "Add")]

    def __init__(
        self,
        root: type[BaseModel],
        path: str,
        item: type[BaseModel],
        specs: list[FieldSpec],
        *,
        title: str,
        new_item: Callable[[list[Any]], dict[str, Any]],
        label: Callable[[Any], str],
        id: str,
        nested: Callable[[], RecordListEditor] | None = None,
        stacked: bool = False,
    ) -> None:
        super().__init__(id=id)
        self.root = root
        self.path = path
        self.item = item
        self.specs = specs
        self.title = title
        self.new_item = new_item
        self.label = label
        self.nested_factory = nested
        self.nested: RecordListEditor | None = None
        self.relative = ""
        """The list's path below the record holding it ("estimand.intercurrent_events")."""
        self.stacked = stacked
        """The list above the record's form, not beside it (a list inside a narrow form)."""

    @property
    def records(self) -> list[Any]:
        """The records currently in the model."""
        return list(get_path(self.app.trial, self.path) or [])  # type: ignore[attr-defined]

    def compose(self) -> ComposeResult:
        with Horizontal(classes="record-head"):
            yield Label(self.title, classes="list-title")
            yield AddButton("Add", id=f"{self.id}-add", compact=True)
            delete = Button("Delete", id=f"{self.id}-delete", compact=True)
            delete.can_focus = False
            yield delete
        with (Vertical if self.stacked else Horizontal)(classes="record-body"):
            yield ItemList(id=f"{self.id}-items", classes="items record-items")
            with Vertical(classes="record-detail"):
                yield ModelForm(
                    self.root, self.specs, base=f"{self.path}.0", prefix=self.id or "r",
                    id=f"{self.id}-form",
                )
                if self.nested_factory:
                    self.nested = self.nested_factory()
                    # "objectives.0.endpoints" below "objectives": "endpoints"
                    self.nested.relative = self.nested.path[len(self.path) + 1:].split(".", 1)[1]
                    yield self.nested
        yield Static("", classes="field-error", id=f"{self.id}-error")

    def on_mount(self) -> None:
        self.load()

    def rebind(self, path: str) -> None:
        """Edit the list at another path (the nested list of another parent record)."""
        self.path = path
        self.load()

    def load(self, select: int | None = None) -> None:
        """Show the records; keep (or move to) a highlighted one and load its form."""
        items = self.query_one(f"#{self.id}-items", ItemList)
        previous = items.highlighted
        items.clear_options()
        records = self.records
        items.add_options([Option(literal(self.label(r))) for r in records])
        index = select if select is not None else previous or 0
        detail = self.query_one(".record-detail")
        detail.display = bool(records)
        items.can_focus = bool(records)
        if items.has_focus and not records:  # its last record deleted: Add is next to use
            self.screen.set_focus(self.query_one(f"#{self.id}-add"))
        if records:
            index = min(max(index, 0), len(records) - 1)
            items.highlighted = index
            self._show(index)

    def _show(self, index: int) -> None:
        base = f"{self.path}.{index}"
        self.query_one(f"#{self.id}-form", ModelForm).rebind(base)
        if self.nested is not None:
            self.nested.rebind(f"{base}.{self.nested.relative}")

    def refresh_labels(self) -> None:
        """Update the list's labels after a record's fields changed."""
        items = self.query_one(f"#{self.id}-items", ItemList)
        for index, record in enumerate(self.records):
            items.replace_option_prompt_at_index(index, literal(self.label(record)))

    def _store(self, records: list[Any], select: int | None) -> None:
        try:
            set_path(self.app.trial, self.path, records)  # type: ignore[attr-defined]
        except ValidationError as exc:
            show_error(self.query_one(f"#{self.id}-error", Static), error_text(exc))
            return
        show_error(self.query_one(f"#{self.id}-error", Static), "")
        self.load(select)
        self.post_message(TrialEdited(self.path))

    async def action_add_record(self) -> None:
        """Add another record (Ctrl+R in a record of this list), once the keys typed before it
        are in the record being left.

        The app runs Ctrl+R as soon as it reads it (trialkit.tui.keys), while the text typed
        just before it may still wait in the field's queue, and its change in the form's: the
        form then moved to the new record first, and that text went into the new record. The
        app handles no further key until this returns, so the keys after Ctrl+R go to the new
        record.
        """
        await self._earlier_keys_handled()
        self.add_record()

    async def _earlier_keys_handled(self) -> None:
        """Until the focused field and the widgets between it and this list have handled what
        was queued for them. A change goes up one widget at a time (the field, its box, the
        form), so each pass waits for them from the field up, until a pass finds none queued."""
        focused = self.screen.focused
        if focused is None or self not in focused.ancestors:
            return
        chain = [focused, *focused.ancestors[:focused.ancestors.index(self) + 1]]
        loop = asyncio.get_running_loop()
        for _ in range(MAX_PASSES):
            queued = any(node.message_queue_size for node in chain)
            for node in chain:
                done = loop.create_future()
                if node.call_later(lambda done=done: done.done() or done.set_result(None)):
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(done, QUEUE_SECONDS)
            if not queued and not any(node.message_queue_size for node in chain):
                return

    def add_record(self) -> None:
        """Append a new record with a fresh id, select it and focus its first field, scrolled
        into view once laid out; the values trialkit filled in are selected there, so typing
        replaces them (never prepends)."""
        records = self.records
        new = self.new_item(records)
        records.append(self.item.model_validate(new))
        form = self.query_one(f"#{self.id}-form", ModelForm)
        base = f"{self.path}.{len(records) - 1}"
        form.generated.update({f"{base}.{k}": v for k, v in new.items() if isinstance(v, str)})
        self._store(records, len(records) - 1)
        if form.base == base:  # stored
            first = form.query_one(f"#{widget_id(form.prefix, form.specs[0].name)}")
            self.screen.set_focus(first, scroll_visible=False)
            self.call_after_refresh(first.scroll_visible, animate=False)

    def remove_highlighted(self) -> None:
        """Delete the highlighted record once the user confirms: a stray Delete or Enter never
        loses an arm and its interventions."""
        from trialkit.tui.screens.dialogs import ConfirmDeleteScreen, delete_question

        index = self.query_one(f"#{self.id}-items", ItemList).highlighted
        records = self.records
        if index is None or index >= len(records):
            return
        nested = None
        if self.nested is not None:
            count = len(get_path(records[index], self.nested.relative) or [])
            nested = (self.nested.title, count)
        question = delete_question(self.title, self.label(records[index]), nested)

        def answered(choice: str | None) -> None:
            if choice == "delete" and self.records[index:index + 1] == records[index:index + 1]:
                del records[index]
                self._store(records, index)

        self.app.push_screen(ConfirmDeleteScreen(question), answered)

    def move_highlighted(self, offset: int) -> None:
        """Move the highlighted record up or down."""
        index = self.query_one(f"#{self.id}-items", ItemList).highlighted
        records = self.records
        if index is None or not 0 <= index + offset < len(records):
            return
        records[index], records[index + offset] = records[index + offset], records[index]
        self._store(records, index + offset)

    @on(OptionList.OptionHighlighted)
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_list.id != f"{self.id}-items":
            return
        event.stop()
        if event.option_index < len(self.records):
            self._show(event.option_index)

    @on(TrialEdited)
    def _edited(self, event: TrialEdited) -> None:
        if event.path.startswith(self.path + "."):
            self.refresh_labels()

    @on(Button.Pressed)
    def _button(self, event: Button.Pressed) -> None:
        if event.button.id == f"{self.id}-add":
            event.stop()
            self.add_record()
        elif event.button.id == f"{self.id}-delete":
            event.stop()
            self.remove_highlighted()


def next_id(prefix: str, records: list[Any], attribute: str = "id") -> str:
    """The first of prefix1, prefix2, ... not used by any record."""
    used = {getattr(r, attribute, None) for r in records}
    n = len(records) + 1
    while f"{prefix}{n}" in used:
        n += 1
    return f"{prefix}{n}"
