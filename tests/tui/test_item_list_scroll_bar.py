"""A list box whose wrapped items overflow it shows its scroll bar from the layout that sizes it,
not from a later paint: the 80x24 Population snapshot drew the inclusion criteria's bar or not
depending on whether the list had been painted before the screenshot. These tests run unpainted
(the conftest's ``unpainted``), so a bar that waits for a paint never comes."""

from __future__ import annotations

from pathlib import Path

from tests.tui.conftest import editor_at, settle
from trialkit.tui.app import make_app
from trialkit.tui.widgets.string_list import ItemList


def _wrapped_lines(items: ItemList) -> int:
    """The lines the list's items take at its width, measured here option by option."""
    width = items.scrollable_content_region.width
    padding = items.get_component_styles("option-list--option").padding.width
    return sum(items._get_visual(option).get_height(items.styles, width - padding)
               for option in items.options)


async def test_overflowing_criteria_show_their_scroll_bar_and_follow_a_resize(example: Path):
    app = make_app(example, offer_recovery=False)
    async with app.run_test(size=(160, 40)) as pilot:
        editor = await editor_at(pilot, "population")
        items = editor.pane("population").query_one("#inclusion-items", ItemList)
        inner = items.scrollable_content_region.height
        assert items.virtual_size.height == _wrapped_lines(items) <= inner
        assert not items.show_vertical_scrollbar  # wide: the five criteria fit the box

        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        assert items.virtual_size.height == _wrapped_lines(items) > items.scrollable_content_region.height
        assert items.show_vertical_scrollbar  # narrow: they wrap past its 8 inner rows
