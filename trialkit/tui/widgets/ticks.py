"""A tick list whose every Space counts, with ticked and unticked boxes that differ in shape.

Textual's SelectionList ticks on Space by posting itself a message and, when that message is
handled, toggling whatever option is highlighted *then*. Keys typed ahead (Space Down Space
Down in one burst from a fast typist or a loaded machine) are all handled first, so every Space
toggled the last option highlighted: an even number of them ticked nothing, an odd number the
wrong one. Here Space ticks the option highlighted when it is pressed, at once.
"""

from __future__ import annotations

from typing import TypeVar

from rich.segment import Segment
from textual.strip import Strip
from textual.widgets import SelectionList
from textual.widgets._toggle_button import ToggleButton
from textual.widgets.option_list import OptionDoesNotExist

T = TypeVar("T")


class TickList(SelectionList[T]):
    """A SelectionList that toggles on the key, not on a message handled after later keys.

    An unticked box is drawn empty (▐ ▌), a ticked one with an X (▐X▌): not by colour alone.
    """

    def action_select(self) -> None:
        """Toggle the highlighted option now (Space, Enter and a click come here)."""
        highlighted = self.highlighted
        if highlighted is not None and not self._options[highlighted].disabled:
            self.toggle(self.get_option_at_index(highlighted))

    def render_line(self, y: int) -> Strip:
        """As SelectionList's, with the X left out of an unticked option's box."""
        strip = super().render_line(y)
        try:
            option = self.get_option_at_index(self.scroll_offset.y + y)
        except OptionDoesNotExist:
            return strip
        segments = list(strip)
        if option.value in self._selected or len(segments) < 2 \
                or segments[1].text != ToggleButton.BUTTON_INNER:
            return strip
        segments[1] = Segment(" " * len(ToggleButton.BUTTON_INNER), segments[1].style)
        return Strip(segments, strip.cell_length)
