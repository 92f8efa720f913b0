"""No field selects its text on focus (issue 12, audit F16): Tab into a field, then one key,
keeps the text there (Ctrl+Z did not restore a path replaced by one key). The Export step's
path and the open / save-as dialogs are checked by keyboard, every step's fields by their
setting."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input

from tests.tui.conftest import burst, editor_at, settle
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


async def _tab_into_the_export_path_then_a_key_keeps_the_path(pilot) -> None:
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


async def _the_save_and_open_dialogs_keep_the_typed_path(pilot) -> None:
    app = pilot.app
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
    burst(app, [*"o.yaml", "tab"])
    await settle(pilot)
    await pilot.press("shift+tab")
    await settle(pilot)
    assert app.focused is field
    await pilot.press("x")
    await settle(pilot)
    assert field.value == "o.yamlx"


async def _no_field_of_any_step_selects_its_text_on_focus(pilot) -> None:
    """Every step's pane is mounted (the same fields as showing each in turn, without a
    layout of the screen per step), then each field's setting is read."""
    editor = await editor_at(pilot)
    for step in STEP_IDS:
        editor.pane(step)
    await settle(pilot)
    fields = {step: list(editor.pane(step).query(Input)) for step in STEP_IDS}
    assert sum(map(len, fields.values())) > len(STEP_IDS)  # the panes were composed
    selecting = [f"{step}: {field.id}" for step in STEP_IDS for field in fields[step]
                 if field.select_on_focus]
    assert not selecting, selecting


async def test_no_field_selects_its_text_on_focus(example: Path):
    """One app on the example: the Export path and the dialogs by keyboard at 80x24, then every
    step's fields at 120x40 (each check a named function above)."""
    app = make_app(example, offer_recovery=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await _tab_into_the_export_path_then_a_key_keeps_the_path(pilot)
        await _the_save_and_open_dialogs_keep_the_typed_path(pilot)
        await pilot.press("escape")  # the open dialog
        await settle(pilot)
        await pilot.resize_terminal(120, 40)
        await _no_field_of_any_step_selects_its_text_on_focus(pilot)
