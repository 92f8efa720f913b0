"""No field selects its text on focus (issue 12, audit F16): Tab into a field, then one key,
keeps the text there (Ctrl+Z did not restore a path replaced by one key). The Export step's
path and the open / save-as dialogs are checked by keyboard, every step's fields by their
setting."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input

from tests.tui.conftest import editor_at, settle
from trialkit.tui.app import make_app
from trialkit.tui.steps import STEP_IDS


async def _tab_to(pilot, field: Input, limit: int = 12) -> None:
    """Tab until ``field`` has the focus (as a user reaches it)."""
    for _ in range(limit):
        if pilot.app.focused is field:
            return
        await pilot.press("tab")
        await settle(pilot)
    assert pilot.app.focused is field, pilot.app.focused


async def test_tab_into_the_export_path_then_a_key_keeps_the_path(example: Path):
    app = make_app(example, offer_recovery=False)
    async with app.run_test(size=(80, 24)) as pilot:
        editor = await editor_at(pilot, "export")
        field = editor.pane("export").query_one("#export-path", Input)
        before = field.value
        assert before
        editor.pane("export").query_one("#export-format").focus()
        await settle(pilot)
        await _tab_to(pilot, field)
        await pilot.press("x")
        await settle(pilot)
        assert field.value == before + "x"


async def test_the_save_and_open_dialogs_keep_the_typed_path(example: Path):
    app = make_app(example, offer_recovery=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await editor_at(pilot, "question")
        app.action_save_as()
        await settle(pilot)
        field = app.screen.query_one("#save-path", Input)
        before = field.value
        assert before and app.focused is field
        await pilot.press("x")
        await settle(pilot)
        assert field.value == before + "x"
        await pilot.press("escape")
        await settle(pilot)
        app.action_open()
        await settle(pilot)
        field = app.screen.query_one("#open-path", Input)
        await pilot.press(*"old.yaml")
        await pilot.press("tab")
        await settle(pilot)
        await pilot.press("shift+tab")
        await settle(pilot)
        assert app.focused is field
        await pilot.press("x")
        await settle(pilot)
        assert field.value == "old.yamlx"


async def test_no_field_of_any_step_selects_its_text_on_focus(example: Path):
    app = make_app(example, offer_recovery=False)
    async with app.run_test(size=(120, 40)) as pilot:
        editor = await editor_at(pilot)
        selecting = []
        for step in STEP_IDS:
            editor.show_step(step)
            await settle(pilot)
            selecting += [f"{step}: {field.id}" for field in editor.pane(step).query(Input)
                          if field.select_on_focus]
        assert not selecting, selecting
