"""The welcome screen's file groups and the open/save dialogs' Enter share one piece of code
each (duplicates D36, D42); the behaviour a user sees is pinned here."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, OptionList, Static

from tests.tui.conftest import settle, type_into
from trialkit.tui.app import make_app
from trialkit.tui.screens.dialogs import SaveAsScreen
from trialkit.tui.screens.welcome import WelcomeScreen


async def _welcome_lists_scenarios_and_recent_files_under_their_headings(
        pilot, example: Path) -> None:
    app = pilot.app
    app.recent.add(example)
    app.pop_screen()
    app.push_screen(WelcomeScreen())
    await settle(pilot)
    screen = app.screen
    assert isinstance(screen, WelcomeScreen)
    prompts = [str(o.prompt) for o in screen.query_one(OptionList).options]
    assert prompts.index("Start from a scenario") < prompts.index("Start")
    recent = prompts.index("Recent files")
    assert prompts[recent + 1] == f"  {example.resolve().name}  ({example.resolve().parent})"
    assert screen.choices["recent-0"] == example.resolve()
    assert all(screen.choices[k].suffix == ".yaml" for k in screen.choices if k.startswith("example-"))


async def _save_dialog_refuses_a_folder_and_saves_to_a_file(
        pilot, example: Path, tmp_path: Path) -> None:
    app = pilot.app
    assert app.open_design(example)
    await settle(pilot)
    app.action_save_as()
    await settle(pilot)
    assert isinstance(app.screen, SaveAsScreen)
    await type_into(pilot, app.screen.query_one("#save-path", Input), str(tmp_path))
    await pilot.press("enter")
    await settle(pilot)
    assert isinstance(app.screen, SaveAsScreen)
    assert str(app.screen.query_one("#save-error", Static).render()).strip()
    target = tmp_path / "saved.yaml"
    await type_into(pilot, app.screen.query_one("#save-path", Input), str(target))
    await pilot.press("enter")
    await settle(pilot)
    assert not isinstance(app.screen, SaveAsScreen)
    assert target.is_file()


async def test_file_choices_on_the_welcome_screen_and_in_the_save_dialog(example: Path,
                                                                       tmp_path: Path):
    """One app: the welcome screen's groups, then the example opened and saved under a new
    name (each check a named function above)."""
    app = make_app(offer_recovery=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await _welcome_lists_scenarios_and_recent_files_under_their_headings(pilot, example)
        await _save_dialog_refuses_a_folder_and_saves_to_a_file(pilot, example, tmp_path)
