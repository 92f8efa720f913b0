"""Lists of text in the trial model (criteria), edited by keyboard, and the list widget that
record lists share."""

from __future__ import annotations

from typing import Any, ClassVar

from pydantic import ValidationError
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.geometry import Size
from textual.widgets import Button, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from trialkit.tui.messages import TrialEdited
from trialkit.tui.paths import error_text, get_path, set_path
from trialkit.tui.widgets.forms import FieldInput, show_error
from trialkit.tui.widgets.text import literal


class ItemList(OptionList):
    """An option list with keys to delete and reorder the highlighted item."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("delete", "remove", "Delete item"),
        Binding("ctrl+up", "move(-1)", "Move up", show=False),
        Binding("ctrl+down", "move(1)", "Move down", show=False),
    ]

    def _size_updated(self, size: Size, virtual_size: Size, container_size: Size,
                      layout: bool = True) -> bool:
        """Measure the wrapped options at the new width as soon as the layout gives it.

        OptionList measures them only when it next paints (or handles the Resize event), after
        the layout has already decided on its scroll bar: a list that overflows drew its first
        frame without one, and the bar came in a frame later, or not before a screenshot.
        """
        resized = super()._size_updated(size, virtual_size, container_size, layout)
        if resized:
            self._clear_caches()
            self._update_lines()  # sets the virtual size, and so whether the bar shows
        return resized

    def _owner(self) -> Any:
        """The list editor (of text or of records) the list belongs to."""
        return next((a for a in self.ancestors if hasattr(a, "remove_highlighted")), None)

    def action_remove(self) -> None:
        """Ask the owning editor to delete the highlighted item."""
        owner = self._owner()
        if owner is not None:
            owner.remove_highlighted()

    def action_move(self, offset: int) -> None:
        """Ask the owning editor to move the highlighted item."""
        owner = self._owner()
        if owner is not None:
            owner.move_highlighted(offset)


class ItemInput(FieldInput):
    """The new-item field of a list: Enter takes exactly the text typed before it.

    Input's own Enter is an app-level binding, run only after the key has bubbled up, when keys
    typed after it (the next item, typed fast) are already in the field. Here the field empties
    itself in its own queue, in key order, and hands the text over; if the list refuses the
    item, the text is put back.
    """

    async def key_enter(self, event: events.Key) -> None:
        """Hand over the text typed so far and start the next item."""
        event.stop()
        event.prevent_default()
        text, self.value = self.value, ""
        self.post_message(self.Submitted(self, text, None))

    async def key_escape(self, event: events.Key) -> None:
        """Leave an item being changed as it was (the field empties for a new item)."""
        owner = next((a for a in self.ancestors if isinstance(a, StringListEditor)), None)
        if owner is not None and owner.editing is not None:
            event.stop()
            self.value = ""
            owner.change(None)


class StringListEditor(Vertical):
    """Edit a list of text items: type and press Enter to add; Enter on an item puts it in the
    field to change it, Enter there keeps the change.

    The buttons are for the mouse, not tab stops: their keys do the same (Enter adds or
    replaces, Delete and Ctrl+Up/Down on the list delete and move), and Tab goes from one
    list's field to the next list in two keys, not seven. An empty list is no stop either.
    """

    DEFAULT_CLASSES = "list-editor"

    def __init__(self, path: str, title: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.path = path
        self.title = title
        self.editing: int | None = None

    @property
    def items(self) -> list[str]:
        """The list's current items in the model."""
        return list(get_path(self.app.trial, self.path) or [])  # type: ignore[attr-defined]

    def compose(self) -> ComposeResult:
        yield Label(self.title, classes="list-title", id=f"{self.id}-title")
        with Vertical(classes="list-body"):
            yield ItemList(id=f"{self.id}-items", classes="items")
        yield ItemInput(
            placeholder="Type a new item and press Enter", id=f"{self.id}-input", compact=True
        )
        yield Static("", classes="field-error", id=f"{self.id}-error")
        with Horizontal(classes="list-buttons"):
            for name in ("Add", "Replace", "Delete", "Up", "Down"):
                button = Button(name, id=f"{self.id}-{name.lower()}", compact=True)
                button.can_focus = False
                yield button

    def on_mount(self) -> None:
        self.load()

    def load(self) -> None:
        """Show the model's items."""
        items = self.query_one(ItemList)
        highlighted = items.highlighted
        items.clear_options()
        items.add_options([Option(literal(f"{i + 1}. {text}"))
                           for i, text in enumerate(self.items)])
        if self.items:
            items.highlighted = min(highlighted or 0, len(self.items) - 1)
        items.can_focus = bool(self.items)
        if items.has_focus and not self.items:  # its last item deleted
            self.screen.set_focus(self.query_one(ItemInput))
        if self.editing is not None and self.editing >= len(self.items):
            self.change(None)

    def change(self, index: int | None) -> None:
        """Start changing item ``index`` in the field (None: the field adds a new item)."""
        self.editing = index
        title = self.title if index is None else (
            f"{self.title}: changing item {index + 1} (Enter keeps it, Esc leaves it)")
        self.query_one(f"#{self.id}-title", Label).update(title)

    def _store(self, new: list[str]) -> bool:
        try:
            set_path(self.app.trial, self.path, new)  # type: ignore[attr-defined]
        except ValidationError as exc:
            show_error(self.query_one(f"#{self.id}-error", Static), error_text(exc))
            return False
        show_error(self.query_one(f"#{self.id}-error", Static), "")
        self.load()
        self.post_message(TrialEdited(self.path))
        return True

    def _typed(self) -> str | None:
        field = self.query_one(f"#{self.id}-input", Input)
        text = field.value.strip()
        if not text:
            show_error(self.query_one(f"#{self.id}-error", Static), "Type the item's text first.")
            return None
        return text

    def add(self, text: str) -> bool:
        """Append an item (returns False if the model refused it)."""
        if self._store([*self.items, text]):
            self.query_one(ItemList).highlighted = len(self.items) - 1
            return True
        return False

    def replace(self, index: int, text: str) -> bool:
        """Put ``text`` in place of item ``index`` (False if the model refused it)."""
        items = self.items
        if index >= len(items):
            return False
        items[index] = text
        if self._store(items):
            self.change(None)
            return True
        return False

    def remove_highlighted(self) -> None:
        """Delete the highlighted item."""
        index = self.query_one(ItemList).highlighted
        if index is not None and index < len(self.items):
            items = self.items
            del items[index]
            self._store(items)

    def move_highlighted(self, offset: int) -> None:
        """Move the highlighted item up (-1) or down (+1)."""
        index = self.query_one(ItemList).highlighted
        items = self.items
        if index is None or not 0 <= index + offset < len(items):
            return
        items[index], items[index + offset] = items[index + offset], items[index]
        if self._store(items):
            self.query_one(ItemList).highlighted = index + offset

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        text = event.value.strip()
        if not text:
            show_error(self.query_one(f"#{self.id}-error", Static), "Type the item's text first.")
        elif not (self.replace(self.editing, text) if self.editing is not None
                  else self.add(text)):
            # refused: the text goes back in front of anything typed since
            event.input.value = event.value + event.input.value

    @on(Input.Changed)
    def _typing(self, event: Input.Changed) -> None:
        event.stop()

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        index = event.option_index
        if index < len(self.items):
            field = self.query_one(f"#{self.id}-input", Input)
            field.value = self.items[index]
            self.change(index)
            field.focus()

    @on(Button.Pressed)
    def _button(self, event: Button.Pressed) -> None:
        event.stop()
        action = (event.button.id or "").rsplit("-", 1)[-1]
        field = self.query_one(f"#{self.id}-input", Input)
        if action == "add":
            text = self._typed()
            if text and self.add(text):
                field.value = ""
        elif action == "replace":
            index = self.editing if self.editing is not None else \
                self.query_one(ItemList).highlighted
            text = self._typed()
            if text and index is not None and self.replace(index, text):
                field.value = ""
        elif action == "delete":
            self.remove_highlighted()
        elif action in ("up", "down"):
            self.move_highlighted(-1 if action == "up" else 1)
