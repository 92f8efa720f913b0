"""The export step asks before replacing a file, and says in words why a file cannot be written."""

from __future__ import annotations

import os
from pathlib import Path

from textual.widgets import Input, Static

from tests.tui.conftest import editor_at, settle, type_into
from trialkit.tui.app import make_app
from trialkit.tui.screens.dialogs import ChoiceScreen

PYTHON_PHRASING = ("Errno", "Error:", "Exception", "Traceback", "PosixPath", "errno")


def _status(step) -> str:
    return str(step.query_one("#export-status", Static).render())


def _field_error(step) -> str:
    line = step.query_one("#export-path-error", Static)
    return str(line.render()) if line.has_class("-shown") else ""


async def _the_preview_shows_the_protocol_of_the_design_as_edited(pilot, editor) -> None:
    preview = editor.pane("export").query_one("#export-markdown", Static)
    assert "ANAKIN-T1D" in preview.content.markup
    editor.show_step("question")
    await settle(pilot)
    await type_into(pilot, editor.query_one("#title-title-page--acronym", Input), "AKT1")
    editor.show_step("export")
    await settle(pilot)
    assert "AKT1" in preview.content.markup and "ANAKIN-T1D" not in preview.content.markup


async def _exporting_over_an_existing_file_asks_before_replacing_it(pilot, step,
                                                                    target: Path) -> None:
    app = pilot.app
    target.write_text("the investigator's own notes", encoding="utf-8")
    await type_into(pilot, step.query_one("#export-path", Input), target.name)
    await pilot.press("enter")
    await settle(pilot)
    assert isinstance(app.screen, ChoiceScreen)  # asked, nothing written yet
    assert target.name in str(app.screen.query_one(".dialog-question", Static).render())
    assert target.read_text(encoding="utf-8") == "the investigator's own notes"
    await pilot.press("escape")  # changed their mind
    await settle(pilot)
    assert target.read_text(encoding="utf-8") == "the investigator's own notes"
    assert "Not written" in _status(step)
    await pilot.press("enter")  # the path field has the focus again: ask again
    await settle(pilot)
    assert isinstance(app.screen, ChoiceScreen)
    await pilot.click("#choice-replace")
    await settle(pilot)
    assert _status(step) == f"Written: {target}"
    assert "AKT1" in target.read_text(encoding="utf-8")
    await pilot.press("enter")  # the file this step just wrote: replaced without asking
    await settle(pilot)
    assert not isinstance(app.screen, ChoiceScreen)
    assert _status(step) == f"Written: {target}"


async def _a_file_that_cannot_be_written_is_named_in_words_without_crashing(pilot,
                                                                            step) -> None:
    app = pilot.app
    field = step.query_one("#export-path", Input)
    await type_into(pilot, field, "pipe.md")
    assert "pipe.md cannot be written: it is a named pipe (FIFO)" in _field_error(step)
    app._notifications.clear()
    await pilot.press("enter")
    await settle(pilot)
    assert not isinstance(app.screen, ChoiceScreen)
    said = [_field_error(step), _status(step), *(n.message for n in app._notifications)]
    assert any("named pipe" in text for text in said[2:])
    assert not any(p in text for text in said for p in PYTHON_PHRASING), said
    await type_into(pilot, field, "loop.md")  # a name that is taken (the link is replaced)
    await pilot.press("enter")
    await settle(pilot)
    assert app.is_running and isinstance(app.screen, ChoiceScreen)
    await pilot.press("escape")
    await settle(pilot)


async def test_the_export_step_previews_asks_before_replacing_and_names_unwritable_files(
        example: Path, tmp_path: Path):
    """One session: the preview follows an edit, a taken name is asked about, and a file that
    cannot be written (a named pipe, a link to itself) is named in words, never a crash."""
    os.mkfifo(tmp_path / "pipe.md")
    os.symlink("loop.md", tmp_path / "loop.md")  # a link to itself
    app = make_app(example, offer_recovery=False)
    app.NOTIFICATION_TIMEOUT = 3600
    async with app.run_test(size=(120, 40)) as pilot:
        editor = await editor_at(pilot, "export")
        step = editor.pane("export")
        await _the_preview_shows_the_protocol_of_the_design_as_edited(pilot, editor)
        await _exporting_over_an_existing_file_asks_before_replacing_it(pilot, step,
                                                                        tmp_path / "p.md")
        await _a_file_that_cannot_be_written_is_named_in_words_without_crashing(pilot, step)
    assert (tmp_path / "loop.md").is_symlink() and (tmp_path / "pipe.md").is_fifo()
