"""Handing a worker thread's result back to the UI thread, safely."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.dom import DOMNode


def deliver(node: DOMNode, callback: Callable[..., Any], *args: Any) -> None:
    """Run ``callback(*args)`` on the UI thread, unless ``node`` has left the app meanwhile.

    A worker can finish after its screen was closed or while the app shuts down and removes
    widgets; the result is then dropped instead of failing on widgets that no longer exist.
    """
    app = node.app

    def guarded() -> None:
        if app.is_running and node.is_attached:
            callback(*args)

    app.call_from_thread(guarded)
