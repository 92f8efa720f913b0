"""Crash recovery never writes over the wrong file; saving asks before replacing others' changes."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input

from tests.tui.conftest import editor_at, settle, type_into
from tests.tui.test_session import crashed_session
from trialkit.design import load_trial
from trialkit.tui.app import make_app


async def test_recovering_in_another_folder_with_a_same_named_file_saves_to_the_original(
        tmp_path: Path, isolated_state: Path, example: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir(), b.mkdir()
    (a / "design.yaml").write_text(example.read_text(encoding="utf-8"), encoding="utf-8")
    other = example.read_text(encoding="utf-8").replace("ANAKIN-T1D", "OTHER-TRIAL")
    (b / "design.yaml").write_text(other, encoding="utf-8")
    recovered = example.read_text(encoding="utf-8").replace("ANAKIN-T1D", "RECOVERED")
    crashed_session(isolated_state, recovered, "design.yaml", cwd=a)  # typed as a relative name
    monkeypatch.chdir(b)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.screen.id == "recovery"
        await pilot.press("enter")
        await settle(pilot)
        assert app.path == a / "design.yaml"
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert (b / "design.yaml").read_text(encoding="utf-8") == other
    assert load_trial(a / "design.yaml").title_page.acronym == "RECOVERED"


async def test_recovering_when_the_file_was_changed_since_asks_before_saving(
        isolated_state: Path, example: Path) -> None:
    crashed_session(isolated_state, example.read_text(encoding="utf-8").replace(
        "ANAKIN-T1D", "RECOVERED"), example)
    edited_elsewhere = example.read_text(encoding="utf-8") + "# a colleague's note\n"
    example.write_text(edited_elsewhere, encoding="utf-8")
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("enter")  # Recover
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen.id == "replace-file"
        await pilot.press("escape")
        await settle(pilot)
    assert example.read_text(encoding="utf-8") == edited_elsewhere


async def _saving_keeps_the_files_comments_and_order(pilot, editor, example: Path) -> None:
    original = example.read_text(encoding="utf-8")
    assert original.startswith("#")  # the example opens with comments
    await type_into(pilot, editor.query_one("#title-title-page--acronym", Input), "AKT1")
    await pilot.press("ctrl+s")
    await settle(pilot)
    assert not pilot.app.dirty
    assert example.read_text(encoding="utf-8") == original.replace(
        "acronym: ANAKIN-T1D", "acronym: AKT1")


async def _a_change_by_another_program_is_noticed_before_saving(pilot, editor,
                                                                example: Path) -> None:
    app = pilot.app
    await type_into(pilot, editor.query_one("#title-title-page--acronym", Input), "MINE")
    theirs = example.read_text(encoding="utf-8").replace("AKT1", "THEIRS")
    example.write_text(theirs, encoding="utf-8")
    await pilot.press("ctrl+s")
    await settle(pilot)
    assert app.screen.id == "replace-file"
    await pilot.press("escape")  # cancel: their file stays
    await settle(pilot)
    assert example.read_text(encoding="utf-8") == theirs and app.dirty
    await pilot.press("ctrl+s")
    await settle(pilot)
    await pilot.press("enter")  # Save anyway
    await settle(pilot)
    assert not app.dirty
    assert load_trial(example).title_page.acronym == "MINE"


async def _save_as_over_another_existing_file_asks_first(pilot, other: Path) -> None:
    other.write_text("schema_version: 1\n", encoding="utf-8")
    pilot.app.save_to(other)
    await settle(pilot)
    assert pilot.app.screen.id == "replace-file"
    await pilot.press("escape")
    await settle(pilot)
    assert other.read_text(encoding="utf-8") == "schema_version: 1\n"


async def test_saving_keeps_comments_and_never_replaces_another_file_unasked(
        example: Path, tmp_path: Path) -> None:
    """One session: a save keeps the file's comments and order; then a change made by another
    program, and another file saved over, are each asked about first."""
    app = make_app(example, offer_recovery=False)
    async with app.run_test(size=(120, 40)) as pilot:
        editor = await editor_at(pilot, "question")
        await _saving_keeps_the_files_comments_and_order(pilot, editor, example)
        await _a_change_by_another_program_is_noticed_before_saving(pilot, editor, example)
        await _save_as_over_another_existing_file_asks_first(pilot, tmp_path / "other.yaml")


async def test_quitting_leaves_a_crashed_sessions_copy_alone(isolated_state: Path,
                                                            example: Path) -> None:
    crashed_session(isolated_state, "schema_version: 1\n", example)
    app = make_app(example, offer_recovery=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+q")
        await settle(pilot)
    assert len(app.recovery.orphans()) == 1
