"""Keys handled in the order they were typed, by the field focused when each arrives.

Textual hands a key to the focused widget; a key that widget does not take itself (End,
Ctrl+U, an arrow, Space in a tick list) climbs the widget tree through each ancestor's message
queue and runs its binding only once it is back at the app. By then the app may already have
handled keys typed after it: Tab (a priority binding) has moved the focus, so Ctrl+U cleared the
next field instead of this one, and letters reached a field before the Ctrl+U typed ahead of
them. A burst "Shift+Tab Shift+Tab End Ctrl+U text Tab" appended the text to the old value.

Here such a key runs its binding as soon as the app reads it, from the focused widget up (the
binding Textual would have found): the keys of a burst act one after the other. Keys the
focused widget takes itself (text into a field, Enter in a text area, a key_ handler) still go
to it as before.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from textual import events
    from textual.app import App



async def bound_in_key_order(app: App[Any], event: events.Key) -> bool:
    """Run the binding of a key the focused widget will not take itself; True if one ran."""
    focused = app.focused
    if focused is None or not app.app_focus or app.screen.maximized is not None:
        return False
    if focused.check_consume_key(event.key, event.character):
        return False
    if event.key == "enter" and not focused._bindings.key_to_bindings.get("enter"):
        return False  # a text area's new line, taken in its own key handler
    name = event.name
    if getattr(focused, f"key_{name}", None) or getattr(focused, f"_key_{name}", None):
        return False
    if await app._check_bindings(event.key, priority=True):
        return True
    return await app._check_bindings(event.key)
