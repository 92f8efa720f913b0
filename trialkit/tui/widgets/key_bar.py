"""The footer's keys, changed in place when the focus moves.

Textual's footer removes and rebuilds its keys (a dozen widgets, each mounted and styled
three times over) whenever the keys in force change, which is on most moves of the focus from
one kind of field to another: in a walk through the steps, over half the widgets the app
mounted were footer keys. This footer rebuilds only when the shown keys differ from the last
time, and then relabels the keys it already has, mounting or removing only the difference.
"""

from __future__ import annotations

from typing import Any

from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer
from textual.widgets._footer import FooterKey  # the footer's own key widget (textual pinned)

_KEY_CLASSES = ("-disabled", "-grouped")
"""The classes a binding's key is given when built: "-compact" follows the footer."""


class KeyBar(Footer):
    """The footer, rebuilt only when the keys it shows change, and then in place."""

    _shown_keys: tuple[tuple[Any, ...], ...] | None = None

    def bindings_changed(self, screen: Screen[Any]) -> None:
        """Rebuild when the shown keys differ from those of the last rebuild."""
        if screen.app.app_focus and self.is_attached and screen is self.screen:
            shown = tuple(
                (binding.key, binding.action, binding.description, binding.group, enabled,
                 tooltip) for _, binding, enabled, tooltip in screen.active_bindings.values()
                if binding.show or binding.key == self.app.COMMAND_PALETTE_BINDING)
            if self._bindings_ready and shown == self._shown_keys:
                return
            self._shown_keys = shown
        super().bindings_changed(screen)

    async def recompose(self) -> None:
        """Relabel the keys already shown; mount or remove only the difference.

        Grouped keys (a binding group) are left to Textual's own rebuild.
        """
        if not self.is_attached or self._pruning:
            return
        if any(binding.group is not None for _, binding, _, _ in
               self.screen.active_bindings.values()):
            await super().recompose()
            return
        fresh, shown = _plain_keys(list(self.compose())), _plain_keys(list(self.children))
        if fresh is None or shown is None:
            await super().recompose()
            return
        # The command palette's key (last, styled apart) stays itself; the others are reused
        # in order, and keys to add go before the palette's.
        fresh_keys, fresh_palette = _split(fresh)
        shown_keys, shown_palette = _split(shown)
        if len(fresh_palette) != len(shown_palette):
            await super().recompose()
            return
        async with self.batch():
            for old, new in zip(shown_keys, fresh_keys, strict=False):
                _relabel(old, new)
            for old, new in zip(shown_palette, fresh_palette, strict=True):
                _relabel(old, new)
            if len(shown_keys) > len(fresh_keys):
                await self.remove_children(shown_keys[len(fresh_keys):])
            elif len(fresh_keys) > len(shown_keys):
                before = shown_palette[0] if shown_palette else None
                await self.mount_all(fresh_keys[len(shown_keys):], before=before)


def _plain_keys(widgets: list[Widget]) -> list[FooterKey] | None:
    """The widgets as plain footer keys, or None if any is something else."""
    keys = [widget for widget in widgets if type(widget) is FooterKey]
    return keys if len(keys) == len(widgets) else None


def _split(keys: list[FooterKey]) -> tuple[list[FooterKey], list[FooterKey]]:
    """The keys of bindings, and the command palette's key (if shown)."""
    return ([key for key in keys if not key.has_class("-command-palette")],
            [key for key in keys if key.has_class("-command-palette")])


def _relabel(key: FooterKey, like: FooterKey) -> None:
    """Make a shown key show what a freshly built one would."""
    if (key.key, key.key_display, key.description, key.action, key._disabled, key.tooltip) == (
            like.key, like.key_display, like.description, like.action, like._disabled,
            like.tooltip) and all(key.has_class(name) == like.has_class(name)
                                  for name in _KEY_CLASSES):
        return
    key.key, key.key_display, key.description = like.key, like.key_display, like.description
    key.action, key._disabled, key.tooltip = like.action, like._disabled, like.tooltip
    for name in _KEY_CLASSES:
        key.set_class(like.has_class(name), name)
    key.refresh(layout=True)
