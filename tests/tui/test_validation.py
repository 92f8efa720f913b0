"""Every step checks what is typed, says in words what is wrong, and never crashes.

Checks of one step share an app session (each in its own function, named for the behaviour
it checks): starting the app and opening a step costs more than most checks do.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Select, Static

from tests.tui.conftest import editor_at, settle, type_into, wait_until
from trialkit.design import load_trial
from trialkit.tui.app import TrialkitApp, make_app


def _error(screen, widget_id: str) -> str:
    line = screen.query_one(f"#{widget_id}-error", Static)
    return str(line.render()) if line.has_class("-shown") else ""


async def _text_and_out_of_range_values_are_refused_in_words(pilot: Pilot, step: Any) -> None:
    app = pilot.app
    await type_into(pilot, step.query_one("#ss-p-sd", Input), "abc")
    assert "'abc' is not a number" in _error(step, "ss-p-sd")
    assert app.trial.sample_size.parameters["sd"] == 0.2  # the model keeps its last value
    await type_into(pilot, step.query_one("#ss-p-sd", Input), "-1")
    message = str(step.query_one("#ss-message", Static).render())
    assert message == "SD must be greater than 0 (now -1)."  # the label and words, not the keyword
    assert step.sizing.result is None
    await type_into(pilot, step.query_one("#ss-p-power", Input), "80%")
    await type_into(pilot, step.query_one("#ss-p-sd", Input), "0.2")
    assert app.trial.sample_size.parameters["power"] == 0.8
    assert step.sizing.result is not None


async def _a_blank_effect_says_what_is_missing(pilot: Pilot, step: Any) -> None:
    app = pilot.app
    field = step.query_one("#ss-p-delta", Input)
    typed = field.value
    await type_into(pilot, field, "")
    assert "delta" not in app.trial.sample_size.parameters
    assert str(step.query_one("#ss-message", Static).render())
    assert step.sizing.result is None
    await type_into(pilot, field, typed)
    assert step.sizing.result is not None, "the effect typed back sizes the design again"


async def _interim_looks_inflate_n_and_refuse_out_of_range_counts(pilot: Pilot,
                                                                   step: Any) -> None:
    app = pilot.app
    fixed = step.sizing.result.n_total
    spending = step.query_one("#ss-gs-spending", Select)
    chosen = spending.value
    spending.value = "pocock"
    await type_into(pilot, step.query_one("#ss-gs-k", Input), "3")
    assert app.trial.sample_size.group_sequential.k == 3
    assert app.trial.sample_size.group_sequential.spending == "pocock"
    assert step.sizing.sequential is not None
    assert step.sizing.result.n_total > fixed  # Pocock bounds cost about 10% more
    assert "boundaries" in str(step.query_one("#ss-sequential", Static).render())
    await type_into(pilot, step.query_one("#ss-gs-k", Input), "30")
    assert "Must be at most 10 (now 30)" in _error(step, "ss-gs-k")
    assert app.trial.sample_size.group_sequential.k == 3
    await type_into(pilot, step.query_one("#ss-gs-k", Input), "")
    assert app.trial.sample_size.group_sequential is None
    assert step.sizing.result.n_total == fixed
    spending.value = chosen
    await settle(pilot)


async def _interim_looks_stop_for_futility_with_a_binding_bound(pilot: Pilot, step: Any) -> None:
    """The futility bound and whether it binds are chosen beside the looks, as design files
    allow; a two-sided test is told in words that a futility bound needs a one-sided one."""
    app = pilot.app
    step.query_one("#ss-gs-futility", Select).value = "obf"
    step.query_one("#ss-gs-binding", Select).value = "binding"
    await type_into(pilot, step.query_one("#ss-gs-k", Input), "2")
    plan = app.trial.sample_size.group_sequential
    assert (plan.k, plan.futility, plan.binding_futility) == (2, "obf", True)
    message = str(step.query_one("#ss-message", Static).render())
    assert "Futility bound" in message and "one-sided" in message
    step.query_one("#ss-c-sides", Select).value = 1
    await wait_until(pilot, lambda: step.sizing.sequential is not None,
                     "the one-sided design has its interim looks")
    assert step.sizing.sequential.binding_futility
    assert "binding" in str(step.query_one("#ss-sequential", Static).render())
    step.query_one("#ss-gs-futility", Select).value = "none"
    await wait_until(pilot, lambda: app.trial.sample_size.group_sequential.futility is None,
                     "the futility bound is removed")


async def test_sample_size_refuses_bad_values_and_sizes_interim_looks(example: Path):
    app = make_app(example, offer_recovery=False)
    async with app.run_test(size=(120, 40)) as pilot:
        step = (await editor_at(pilot, "sample_size")).pane("sample_size")
        await _text_and_out_of_range_values_are_refused_in_words(pilot, step)
        await _a_blank_effect_says_what_is_missing(pilot, step)
        await _interim_looks_inflate_n_and_refuse_out_of_range_counts(pilot, step)
        await _interim_looks_stop_for_futility_with_a_binding_bound(pilot, step)


async def _population_refuses_an_impossible_age_and_an_empty_criterion(pilot: Pilot,
                                                                        app: TrialkitApp) -> None:
    editor = await editor_at(pilot, "population")
    step = editor.pane("population")
    # A minimum age above the maximum, then one that is no number.
    await type_into(pilot, step.query_one("#pop-population--age-min", Input), "90")
    assert "above maximum age" in _error(step, "pop-population--age-min")
    assert app.trial.population.age_min == 9  # the last valid value typed ("9" of "90")
    await type_into(pilot, step.query_one("#pop-population--age-min", Input), "twelve")
    assert "number" in _error(step, "pop-population--age-min")
    # An empty criterion is not added.
    before = list(app.trial.population.inclusion)
    await type_into(pilot, editor.query_one("#inclusion-input", Input), "   ")
    await pilot.press("enter")
    await settle(pilot)
    assert app.trial.population.inclusion == before
    assert "Type the item" in _error(editor, "inclusion")


async def _design_refuses_a_malformed_allocation_ratio(pilot: Pilot, app: TrialkitApp) -> None:
    editor = await editor_at(pilot, "design")
    field = editor.query_one("#design-design--allocation-ratio", Input)
    await type_into(pilot, field, "one to one")
    assert "1:1" in _error(editor, "design-design--allocation-ratio")
    assert app.trial.design.allocation_ratio == "1:1"


async def _safety_rate_must_be_a_proportion(pilot: Pilot, app: TrialkitApp) -> None:
    step = (await editor_at(pilot, "safety")).pane("safety")
    await type_into(pilot, step.query_one("#adverse-events-rate", Input), "33")
    assert "Must be at most 1 (now 33)" in _error(step, "adverse-events-rate")


async def _admin_refuses_an_impossible_version_date(pilot: Pilot, app: TrialkitApp) -> None:
    step = (await editor_at(pilot, "admin")).pane("admin")
    before = app.trial.title_page.version_date
    await type_into(pilot, step.query_one("#protocol-title-page--version-date", Input),
                    "2026-13-45")
    assert "date" in _error(step, "protocol-title-page--version-date").lower()
    assert app.trial.title_page.version_date == before
    await type_into(pilot, step.query_one("#protocol-title-page--version-date", Input),
                    "2027-01-31")
    assert str(app.trial.title_page.version_date) == "2027-01-31"
    assert not _error(step, "protocol-title-page--version-date")


async def test_steps_refuse_malformed_values_in_words_and_quit_asks_about_them(
        example: Path):
    """One session, a step each, then the palette and quitting with those changes unsaved
    (each check a named function above)."""
    app = make_app(example, offer_recovery=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await _population_refuses_an_impossible_age_and_an_empty_criterion(pilot, app)
        await _design_refuses_a_malformed_allocation_ratio(pilot, app)
        await _safety_rate_must_be_a_proportion(pilot, app)
        await _admin_refuses_an_impossible_version_date(pilot, app)
        await _the_palette_lists_every_step_and_quit_asks_about_unsaved_changes(pilot, app)


@pytest.mark.slow
async def test_export_names_path_problems_then_writes_markdown_and_notifies(example: Path,
                                                                          tmp_path: Path):
    app = make_app(example, offer_recovery=False)
    app.NOTIFICATION_TIMEOUT = 3600  # still listed when the test looks, however loaded the machine
    async with app.run_test(size=(120, 40)) as pilot:
        editor = await editor_at(pilot, "export")
        step = editor.pane("export")
        # Path problems are named. The working folder is tmp_path: short relative names do.
        (tmp_path / "out").mkdir()
        await type_into(pilot, step.query_one("#export-path", Input), "out")
        assert "folder" in _error(step, "export-path")
        await type_into(pilot, step.query_one("#export-path", Input), "missing/p.md")
        assert "does not exist" in _error(step, "export-path")
        # A good name writes the Markdown protocol and says so.
        target = tmp_path / "protocol.md"
        await type_into(pilot, step.query_one("#export-path", Input), target.name)
        await pilot.press("enter")
        await settle(pilot)
        assert str(step.query_one("#export-status", Static).render()) == f"Written: {target}"
        assert step.last_written == target
        assert "ANAKIN-T1D" in target.read_text(encoding="utf-8")
        assert any(str(target) in n.message for n in app._notifications)


async def test_ctrl_s_saves_yaml_and_clears_the_recovery_copy(example: Path):
    app = make_app(example, offer_recovery=False, autosave_seconds=0.1)
    async with app.run_test(size=(120, 40)) as pilot:
        editor = await editor_at(pilot, "question")
        await type_into(pilot, editor.query_one("#title-title-page--acronym", Input), "AKT1")
        await wait_until(pilot, app.recovery.design.is_file, "the autosave timer wrote a copy")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not app.dirty
        assert load_trial(example).title_page.acronym == "AKT1"
        assert not app.recovery.design.exists()


async def _the_palette_lists_every_step_and_quit_asks_about_unsaved_changes(
        pilot: Pilot, app: TrialkitApp) -> None:
    editor = await editor_at(pilot)
    # The command palette lists every step, saving and opening.
    titles = [c.title for c in app.get_system_commands(app.screen)]
    for step in ("Question", "Sample size", "Schedule", "Review", "Export"):
        assert any(step.lower() in t.lower() for t in titles), step
    assert "Save" in titles and "Open design..." in titles
    # Quitting with unsaved changes asks first; Escape keeps editing.
    await type_into(pilot, editor.query_one("#title-title-page--acronym", Input), "X")
    await pilot.press("ctrl+q")
    await settle(pilot)
    assert app.screen.id == "confirm-quit"
    await pilot.press("escape")
    await settle(pilot)
    assert app.screen is editor and app.is_running


async def test_recovery_copy_is_offered_after_a_crash(example: Path, isolated_state: Path):
    from tests.tui.test_session import crashed_session

    text = example.read_text(encoding="utf-8").replace("ANAKIN-T1D", "RECOVERED")
    crashed_session(isolated_state, text, example)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.screen.id == "recovery"
        await pilot.press("enter")
        await settle(pilot)
        assert app.trial.title_page.acronym == "RECOVERED"
        assert app.path == example and app.dirty
        assert app.recovery.orphans() == []  # the crashed session's copy is now this one's
