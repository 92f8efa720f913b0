"""Step editors change the model the way an investigator expects, by keyboard.

Checks that need no fresh design share an app session, each in a function named for what it
checks: starting the app and opening a step cost more than most checks.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Button, DataTable, Input, Select, SelectionList, Static, TextArea

from tests.tui.conftest import editor_at, settle, type_into, wait_until
from trialkit.tui.app import make_app
from trialkit.tui.screens.help import HelpScreen
from trialkit.tui.screens.welcome import WelcomeScreen
from trialkit.tui.steps import STEP_IDS


async def _schedule_grid_toggles_an_assessment_at_a_visit(pilot: Pilot, app: Any) -> None:
    editor = await editor_at(pilot, "schedule")
    grid = editor.query_one("#schedule-grid", DataTable)
    grid.focus()
    visit, assessment = app.trial.visits[0], app.trial.assessments[0]
    had = assessment.id in visit.assessments
    grid.cursor_coordinate = grid.cursor_coordinate._replace(row=0, column=1)
    await pilot.press("space")
    await settle(pilot)
    assert (assessment.id in app.trial.visits[0].assessments) is not had
    assert str(grid.get_cell_at(grid.cursor_coordinate)) == ("" if had else "X")
    await pilot.press("enter")
    await settle(pilot)
    assert (assessment.id in app.trial.visits[0].assessments) is had
    assert app.dirty


async def _adding_an_arm_gives_it_a_fresh_id_and_a_form(pilot: Pilot, app: Any) -> None:
    editor = await editor_at(pilot, "interventions")
    before = [a.id for a in app.trial.arms]
    await pilot.click("#arms-add")
    await settle(pilot)
    new = app.trial.arms[-1]
    assert new.id not in before and len(app.trial.arms) == len(before) + 1
    await type_into(pilot, editor.query_one("#arms-name", Input), "Low dose")
    assert app.trial.arms[-1].name == "Low dose"


async def _evidence_picker_shows_numbers_and_records_the_choice(pilot: Pilot, app: Any) -> None:
    editor = await editor_at(pilot, "question")
    picker = editor.query_one("#evidence-list", SelectionList)
    index = next(i for i in range(picker.option_count)
                 if picker.get_option_at_index(i).value == "larsen2009")
    picker.focus()
    picker.highlighted = index
    await settle(pilot)
    detail = str(editor.query_one("#evidence-detail", Static).render())
    assert "Larsen" in detail and "-0.07" in detail
    chosen = "larsen2009" in {e.split(".")[0] for e in app.trial.background.evidence}
    await pilot.press("space")
    await settle(pilot)
    now = "larsen2009" in {e.split(".")[0] for e in app.trial.background.evidence}
    assert now is not chosen


async def _duplicate_endpoint_id_is_flagged_by_the_review(pilot: Pilot, app: Any) -> None:
    editor = await editor_at(pilot, "objectives")
    first = app.trial.objectives[0].endpoints[0].id
    # The highlighted objective's endpoints are listed below it; add one and reuse the id.
    await pilot.click("#endpoints-add")
    await settle(pilot)
    ids = [e.id for e in app.trial.endpoints()]
    assert len(set(ids)) == len(ids)  # the new endpoint's id is one no objective uses
    await type_into(pilot, editor.query_one("#endpoints-id", Input), first)
    # The review's assessment renders the protocol in a worker: wait for its result.
    named = f"'{first}' is used 2 times"
    await wait_until(pilot, lambda: any(named in p.message
                                        for p in editor.analysis.problems),
                     "the duplicate id is named")
    problems = [p for p in editor.analysis.problems if named in p.message]
    assert problems[0].field == "endpoints" and problems[0].step == "objectives"


async def _estimand_attributes_are_edited_under_their_endpoint(pilot: Pilot, app: Any) -> None:
    """ICH E9(R1) attributes, including the intercurrent events' rows."""
    editor = await editor_at(pilot, "objectives")
    await pilot.click("#endpoints-add")
    await settle(pilot)
    endpoint = app.trial.objectives[0].endpoints[-1]
    assert endpoint.estimand is None
    await type_into(pilot, editor.query_one("#endpoints-estimand--variable", Input),
                    "HbA1c at week 26")
    endpoint = app.trial.objectives[0].endpoints[-1]
    assert endpoint.estimand is not None and endpoint.estimand.variable == "HbA1c at week 26"

    # Intercurrent events are rows: the event, its strategy chosen in words, the rationale.
    editor.query_one("#intercurrent-events-add", Button).press()
    await settle(pilot)
    await type_into(pilot, editor.query_one("#intercurrent-events-event", Input),
                    "Rescue insulin pump")
    editor.query_one("#intercurrent-events-strategy", Select).value = "composite"
    await settle(pilot)
    stored = app.trial.objectives[0].endpoints[-1].estimand.intercurrent_events
    assert [(e.event, e.strategy) for e in stored] == [("Rescue insulin pump", "composite")]


async def _a_field_left_behind_shows_the_start_of_its_text(pilot: Pilot, app: Any) -> None:
    editor = await editor_at(pilot, "question")
    title = editor.query_one("#title-title-page--full-title", Input)
    title.focus()
    await pilot.press("end")
    assert title.cursor_position == len(title.value)
    await pilot.press("tab")
    await settle(pilot)
    assert title.cursor_position == 0


async def _help_and_theme_keys(pilot: Pilot, app: Any) -> None:
    await editor_at(pilot)
    await pilot.press("f1")
    await settle(pilot)
    assert isinstance(app.screen, HelpScreen)
    await pilot.press("escape")
    await settle(pilot)
    assert not isinstance(app.screen, HelpScreen)
    dark = app.theme
    await pilot.press("ctrl+t")
    assert app.theme != dark


async def _welcome_from_the_palette_and_back(pilot: Pilot, app: Any) -> None:
    editor = await editor_at(pilot)
    app.action_welcome()
    await settle(pilot)
    assert isinstance(app.screen, WelcomeScreen)
    await pilot.press("escape")
    await settle(pilot)
    assert app.screen is editor


async def _starting_another_design_asks_about_unsaved_changes(pilot: Pilot, app: Any) -> None:
    editor = await editor_at(pilot)
    await type_into(pilot, editor.query_one("#title-title-page--acronym", Input), "CHANGED")
    app.action_welcome()
    await settle(pilot)
    app.screen.query_one("#welcome-options").focus()
    blank = app.screen.query_one("#welcome-options").get_option_index("blank")
    app.screen.query_one("#welcome-options").highlighted = blank
    await pilot.press("enter")
    await settle(pilot)
    assert app.screen.id == "confirm-quit"
    await pilot.press("escape")
    await settle(pilot)
    assert app.trial.title_page.acronym == "CHANGED"
    await pilot.press("enter")  # the welcome list again: choose blank, then discard
    await settle(pilot)
    await pilot.click("#choice-discard")
    await settle(pilot)
    assert app.trial.title_page.acronym is None and app.path is None


async def test_the_schedule_grid_arms_and_evidence_picker_edit_the_design(example: Path):
    """One session, a step each: the schedule grid, a new arm, the evidence picker."""
    app = make_app(example, offer_recovery=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await _schedule_grid_toggles_an_assessment_at_a_visit(pilot, app)
        await _adding_an_arm_gives_it_a_fresh_id_and_a_form(pilot, app)
        await _evidence_picker_shows_numbers_and_records_the_choice(pilot, app)


async def test_endpoints_get_fresh_ids_duplicates_are_flagged_and_estimands_edited(example: Path):
    """One session on the objectives step: each check adds its own endpoint."""
    app = make_app(example, offer_recovery=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await _duplicate_endpoint_id_is_flagged_by_the_review(pilot, app)
        await _estimand_attributes_are_edited_under_their_endpoint(pilot, app)


async def test_keys_help_theme_welcome_and_leaving_a_changed_design(example: Path):
    """One session at 80x24: a field left behind, F1 and Ctrl+T, the welcome screen and back,
    then starting another design with unsaved changes (which ends this design)."""
    app = make_app(example, offer_recovery=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await _a_field_left_behind_shows_the_start_of_its_text(pilot, app)
        await _help_and_theme_keys(pilot, app)
        await _welcome_from_the_palette_and_back(pilot, app)
        await _starting_another_design_asks_about_unsaved_changes(pilot, app)


async def test_open_dialog_names_a_missing_file_and_opens_a_real_one(example: Path):
    app = make_app(offer_recovery=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, WelcomeScreen)
        app.action_open()
        await settle(pilot)
        field = app.screen.query_one("#open-path", Input)
        await type_into(pilot, field, "nope.yaml")
        await pilot.press("enter")
        await settle(pilot)
        assert "No such file" in str(app.screen.query_one("#open-error", Static).render())
        # The example lies in the working folder, so its name is its path.
        await type_into(pilot, app.screen.query_one("#open-path", Input), example.name)
        await pilot.press("enter")
        await settle(pilot)
        assert app.path is not None and app.path.resolve() == example
        assert app.trial.title_page.acronym == "ANAKIN-T1D"
        assert example.resolve() in app.recent.paths()


@pytest.mark.slow(seconds=6)
async def test_step_keys_move_through_every_step_and_looking_changes_nothing(example: Path):
    """F4 and F3 move through the steps at 80x24; opening a step fills its editors from the
    design, and that alone is not an edit (one walk checks both: each walk mounts every step)."""
    app = make_app(example, offer_recovery=False)
    before = example.read_text(encoding="utf-8")
    async with app.run_test(size=(80, 24)) as pilot:
        editor = await editor_at(pilot)
        seen: list[str] = []
        for press in range(len(STEP_IDS)):
            if press:
                await pilot.press("f4")
                await settle(pilot)
            step = editor.current
            seen.append(step)
            assert not app.dirty, f"opening the {step} step marked the design as changed"
            for area in editor.pane(step).query(TextArea):
                if not area.wrap_width:
                    continue  # not displayed (another tab or record)
                # wrapped at its real width, not left as one cut-off line
                letters = len(area.text.replace("\n", ""))
                assert area.wrapped_document.height >= math.ceil(letters / area.wrap_width)
        assert seen[-1] == "export" and len(set(seen)) == len(STEP_IDS)
        await pilot.press("f3")
        assert editor.current == "review"
        assert not app.dirty
    assert example.read_text(encoding="utf-8") == before
