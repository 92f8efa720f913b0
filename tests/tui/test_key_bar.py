"""The footer relabels its keys in place as the focus moves: what it shows is always what a
freshly built Textual footer would show (the keys in force, in order, the command palette's
last and compact), while its key widgets are reused rather than rebuilt on every move."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.widgets._footer import FooterKey

from tests.tui.conftest import editor_at, settle
from trialkit.tui.app import make_app
from trialkit.tui.widgets.key_bar import KeyBar

EXAMPLE = Path(__file__).parents[2] / "examples" / "anakinra-t1d.yaml"


def expected(app: Any) -> list[tuple[str, str, bool, bool]]:
    """The keys Textual's footer would build for the bindings in force now: one per action
    (its first key), then the command palette's."""
    first: dict[str, tuple[str, str, bool, bool]] = {}
    for _, binding, enabled, _ in app.screen.active_bindings.values():
        if binding.show:
            first.setdefault(binding.action, (binding.key, binding.description, not enabled,
                                              False))
    _, palette, enabled, _ = app.screen.active_bindings[app.COMMAND_PALETTE_BINDING]
    return [*first.values(), (palette.key, palette.description, not enabled, True)]


def shown(app: Any) -> list[tuple[str, str, bool, bool]]:
    """The keys the footer shows, with whether each is disabled and compact."""
    return [(key.key, key.description, key.has_class("-disabled"), key.has_class("-compact"))
            for key in app.screen.query_one(KeyBar).query(FooterKey)]


async def test_the_footer_shows_the_keys_in_force_at_every_focus_and_reuses_its_keys() -> None:
    app = make_app(EXAMPLE, offer_recovery=False)
    async with app.run_test(size=(80, 24)) as pilot:
        editor = await editor_at(pilot)
        built = {id(key) for key in editor.query_one(KeyBar).query(FooterKey)}
        seen: set[tuple[str, ...]] = set()
        for step in ("question", "interventions", "schedule", "safety", "question"):
            editor.show_step(step, into=True)
            await settle(pilot)
            for _ in range(6):
                assert shown(app) == expected(app), (step, app.focused)
                seen.add(tuple(key for key, *_ in shown(app)))
                await pilot.press("tab")
                await settle(pilot)
        assert len(seen) >= 3, seen  # the moves changed the keys in force
        reused = built & {id(key) for key in editor.query_one(KeyBar).query(FooterKey)}
        assert len(reused) >= len(built) - 1
