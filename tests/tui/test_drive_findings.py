"""Findings of the timed drives of the terminal UI as a new investigator (issue 12): each test
failed before its fix.

An app start costs more than most checks, so the checks that need an app share one session per
kind of design (a named function per check, run in turn): the blank design's (the 80-column
survey, then the delete and generated-value checks) and the main example's.
"""

from __future__ import annotations

import pytest
from rich.text import Text
from textual.coordinate import Coordinate
from textual.widgets import Button, Input, Label, Select, Static, TextArea

from tests.tui.conftest import editor_at, settle, type_into
from tests.tui.test_words import PROGRAMMER
from trialkit.evidence import load_library
from trialkit.power import catalogue, two_means
from trialkit.tui.app import make_app
from trialkit.tui.screens.dialogs import ConfirmDeleteScreen
from trialkit.tui.screens.help import help_text
from trialkit.tui.steps import STEP_IDS
from trialkit.tui.steps.question import describe_source
from trialkit.tui.steps.safety import EVENT_SPECS
from trialkit.tui.widgets.lists import RecordListEditor


async def _blank_interventions(pilot):
    pilot.app.start_blank()
    editor = await editor_at(pilot, "interventions")
    editor.query_one("#arms-add", Button).press()
    await settle(pilot)
    pilot.app.trial.arms[0].name = "Anakinra"
    editor.query_one("#interventions-add", Button).press()
    await settle(pilot)
    return editor


async def _a_stray_enter_on_an_arms_delete_asks_first_and_the_arm_stays(pilot):
    app = pilot.app
    editor = await _blank_interventions(pilot)
    editor.query_one("#arms-delete", Button).press()  # a click: Delete is no tab stop
    await settle(pilot)
    assert isinstance(app.screen, ConfirmDeleteScreen)
    question = str(app.screen.query_one(".dialog-question", Static).render())
    assert "arm 'arm1: Anakinra' and its 1 intervention?" in question
    await pilot.press("enter")  # a second stray Enter: "Keep" is focused
    await settle(pilot)
    assert not isinstance(app.screen, ConfirmDeleteScreen)
    assert [a.id for a in app.trial.arms] == ["arm1"]
    assert len(app.trial.arms[0].interventions) == 1
    # Deleting it takes it once confirmed; the list's own Delete key asks too.
    editor.query_one("#arms-items").focus()
    await pilot.press("delete")
    await settle(pilot)
    assert isinstance(app.screen, ConfirmDeleteScreen)
    await pilot.click("#choice-delete")
    await settle(pilot)
    assert app.trial.arms == []


async def _typing_into_a_generated_id_or_name_replaces_it_and_never_prepends(pilot):
    app = pilot.app
    app.start_blank()
    editor = await editor_at(pilot, "interventions")
    editor.query_one("#arms-add", Button).focus()
    await pilot.press("enter")  # the new arm's first field takes the focus
    await settle(pilot)
    await pilot.press(*"anakinra")
    await settle(pilot)
    assert app.trial.arms[0].id == "anakinra"  # not "anakinraarm1"
    editor.query_one("#interventions-add", Button).focus()
    await pilot.press("enter")
    await settle(pilot)
    await pilot.press(*"Anakinra")
    await settle(pilot)
    assert app.trial.arms[0].interventions[0].name == "Anakinra"
    # The user's own text: entering the field again puts the cursor at its end.
    name = editor.query_one("#arms-name", Input)
    name.value = "Anakinra"
    name.focus()
    await pilot.press("tab", "shift+tab")  # left (shown from its start) and entered again
    await settle(pilot)
    assert app.focused is name
    await pilot.press(*" 2 mg/kg")
    await settle(pilot)
    assert app.trial.arms[0].name == "Anakinra 2 mg/kg"  # never " 2 mg/kgAnakinra"
    # A generated value is selected whenever its field is entered again.
    editor = await editor_at(pilot, "schedule")
    editor.query_one("#visits-add", Button).press()
    await settle(pilot)
    field = editor.query_one("#visits-id", Input)
    field.focus()
    await pilot.press("tab", "shift+tab")
    await settle(pilot)
    assert app.focused is field
    await pilot.press(*"Baseline")
    await settle(pilot)
    assert app.trial.visits[0].id == "Baseline"  # not "BaselineV1"


def _cut_at_80(app, step: str) -> list[str]:
    """The labels and input hints of a step drawn narrower than their text."""
    pane = app.screen.pane(step)
    cut = []
    for label in pane.query(Label):
        text = label.render()
        width = text.cell_len if isinstance(text, Text) else len(str(text))
        shown = label.region.intersection(pane.scrollable_content_region).intersection(
            label.parent.region).width
        if label.display and label.region.width and width > shown:
            cut.append(f"{step}: {text}")
    for field in pane.query(Input):
        if field.display and field.region.width and not field.value and \
                len(field.placeholder) > field.content_region.width:
            cut.append(f"{step}: {field.id} hint '{field.placeholder}'")
    return cut


async def _no_label_or_hint_is_cut_at_80_columns(pilot):
    app = pilot.app
    app.start_blank()
    cut = []
    for step in STEP_IDS:
        await editor_at(pilot, step)
        if step == "sample_size":
            assert app.screen.pane(step).sizing.status == "not_specified"
            app.screen.pane(step).query_one("#ss-procedure", Select).value = "two_means"
            await settle(pilot)
            # The field shows what fits of its help; the whole line shows while it is focused.
            app.screen.pane(step).query_one("#ss-p-n_per_arm", Input).focus()
            await settle(pilot)
            help_line = str(app.screen.pane(step).query_one("#ss-help", Static).render())
            assert help_line.startswith("n per arm: participants per arm, or"), help_line
        cut += _cut_at_80(app, step)
    assert not cut, cut


async def _a_blank_design_with_every_step_opened_sizes_once_typed(pilot):
    """Every step of a blank design opened (the survey above, which chose two means): the
    sample size sizes once its inputs are typed; new objectives are primary, then secondary."""
    app = pilot.app
    editor = await editor_at(pilot, "sample_size")
    step = editor.pane("sample_size")
    for name, text in (("delta", "0.5"), ("sd", "1"), ("power", "0.8")):
        await type_into(pilot, step.query_one(f"#ss-p-{name}", Input), text)
    # Cohen (1988) Table 2.4.1: d = 0.5, two-sided alpha 0.05, power 0.80 -> 64 per group.
    assert step.sizing.result.n_per_arm == (64, 64)
    assert editor.analysis is not None and editor.analysis.problems
    # A blank design's first objective is its primary one, the next a secondary one.
    objectives = editor.pane("objectives").query_one("#objectives", RecordListEditor)
    objectives.add_record()
    objectives.add_record()
    await settle(pilot)
    assert [o.level for o in app.trial.objectives] == ["primary", "secondary"]


@pytest.mark.slow(seconds=10)
async def test_blank_design_at_80_columns_no_hint_cut_deletes_asked_generated_values_replaced():
    """One blank-design session: at 80 x 24 the delete and generated-value checks, then every
    step drawn at 80 columns (tall enough to lay out all of it), each from a blank design,
    which then sizes once typed."""
    app = make_app(offer_recovery=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await _a_stray_enter_on_an_arms_delete_asks_first_and_the_arm_stays(pilot)
        await _typing_into_a_generated_id_or_name_replaces_it_and_never_prepends(pilot)
        await pilot.resize_terminal(80, 200)
        await _no_label_or_hint_is_cut_at_80_columns(pilot)
        await _a_blank_design_with_every_step_opened_sizes_once_typed(pilot)


async def _ctrl_a_selects_all_of_a_text_area_so_typing_replaces_it(pilot):
    app = pilot.app
    editor = await editor_at(pilot, "population")
    area = editor.query_one("#pop2-population--recruitment", TextArea)
    before = area.text
    area.focus()
    await pilot.press("tab", "shift+tab")  # entering it selects nothing
    await settle(pilot)
    assert app.focused is area and area.selected_text == ""
    await pilot.press("ctrl+a")
    assert area.selected_text == before
    await pilot.press(*"Clinics")
    await settle(pilot)
    assert app.trial.population.recruitment == "Clinics"
    await pilot.press("ctrl+z", "ctrl+z")  # and undo brings the text back
    await settle(pilot)
    assert area.text == before


async def _the_analysis_step_comes_before_the_sample_size_it_proposes(pilot):
    editor = await editor_at(pilot, "interventions")
    await pilot.press("ctrl+n")
    await settle(pilot)
    assert editor.current == "analysis"
    await pilot.press("ctrl+n")
    await settle(pilot)
    assert editor.current == "sample_size"
    # The sample size is met with the planned analysis and the procedure that sizes it.
    note = str(editor.pane("sample_size").query_one("#ss-analysis", Static).render())
    assert "Planned analysis of E1" in note and "Proposed sample-size procedure" in note
    assert "6. **Statistical analysis**" in help_text()
    assert "7. **Sample size**" in help_text()


async def _none_planned_in_interim_analyses_is_no_interim_analysis(pilot):
    """'None planned' was read as one interim analysis with three parts missing."""
    app = pilot.app
    editor = await editor_at(pilot, "analysis")
    area = editor.query_one("#stats-interim-analyses", TextArea)
    assert area.placeholder.startswith("none, or one look per line: timing |"), area.placeholder
    for said in ("None planned", "none.", "NO"):
        area.focus()
        await pilot.press("ctrl+a", *said)
        await settle(pilot)
        assert area.text == said and app.trial.interim_analyses == [], said
    await pilot.press("ctrl+a", *"None yet | 0.5")  # a look whose timing starts with "None"
    await settle(pilot)
    assert [(a.timing, a.information_fraction) for a in app.trial.interim_analyses] == [
        ("None yet", 0.5)]


async def _moving_right_in_the_schedule_grid_keeps_the_visit_on_screen_at_80_columns(pilot):
    app = pilot.app
    editor = await editor_at(pilot, "schedule")
    grid = editor.query_one("#schedule-grid")
    grid.focus()
    await settle(pilot)
    fixed = grid._get_cell_region(Coordinate(0, 0)).right
    for column in range(1, len(app.trial.visits) + 1):
        grid.cursor_coordinate = Coordinate(0, column - 1)
        await pilot.press("right")
        await settle(pilot)
        assert grid.cursor_coordinate.column == column
        cell = grid._get_cell_region(grid.cursor_coordinate)
        shown = (cell.x - int(grid.scroll_x), cell.right - int(grid.scroll_x))
        assert fixed <= shown[0] and shown[1] <= grid.scrollable_content_region.width, (
            column, shown, fixed, grid.scrollable_content_region.width)


async def test_main_example_at_80_columns_select_all_step_order_interim_none_schedule_grid(
        example):
    """One session of the main example at 80 x 24: select-all in a text area, the analysis
    step before the sample size, 'none' for interim analyses, moving right in the grid."""
    app = make_app(example, offer_recovery=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await _ctrl_a_selects_all_of_a_text_area_so_typing_replaces_it(pilot)
        await _the_analysis_step_comes_before_the_sample_size_it_proposes(pilot)
        await _none_planned_in_interim_analyses_is_no_interim_analysis(pilot)
        await _moving_right_in_the_schedule_grid_keeps_the_visit_on_screen_at_80_columns(pilot)


async def test_a_file_of_an_unknown_schema_version_says_which_versions_open(tmp_path):
    design = tmp_path / "old.yaml"
    design.write_text("schema_version: 0\ntitle_page: {}\n", encoding="utf-8")
    app = make_app(offer_recovery=False)
    app.NOTIFICATION_TIMEOUT = 3600
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert not app.open_design(design)
        await settle(pilot)
        said = " ".join(n.message for n in app._notifications)
    assert "old.yaml could not be opened" in said and "line 1" in said
    assert "Schema version 0" in said and "versions 1 and 2" in said
    assert not PROGRAMMER.search(said.replace(str(design), "FILE")), said


def test_a_results_summary_rows_name_everything_by_the_catalogues_labels():
    proc = catalogue.procedure("two_means")
    rows = dict(two_means(delta=0.5, sd=1.0, power=0.8).summary_rows())
    assert rows["Procedure"] == proc.label and rows["Solved for"] == "the sample size"
    assert rows[proc.label_of("delta")] == "0.5" and rows[proc.label_of("sd")] == "1"
    assert rows[proc.label_of("power_convention")] == "both tails"
    for label, value in rows.items():
        assert not PROGRAMMER.search(f"{label} {value}"), (label, value)
        assert label not in {p.name for p in proc.parameters}, label
    one_sided = dict(two_means(delta=0.5, sd=1.0, power=0.8, sides=1).summary_rows())
    assert proc.label_of("power_convention") not in one_sided


def test_a_records_adverse_events_are_described_in_words_and_rates_by_the_id_safety_asks_for():
    """The evidence details named a record's adverse events by code ('jaw_pain'); the safety
    step's evidence field asked for an 'evidence estimate id' found nowhere on screen."""
    library = load_library()
    review = describe_source(library.source("igf1-review2002"))
    assert "jaw pain (common, dose-related)" in review and "Bell's palsy" in review
    for source in library.sources.values():
        shown = describe_source(source)
        for event in source.adverse_events:
            assert f": {event.event}" in shown and f": {event.id}" not in shown.replace(
                f": {event.event}", ""), (source.id, event.id)
        for estimate in source.estimates:  # the [id] the safety step's hint points to
            assert f"[{estimate.full_id}]" in shown
    fields = {s.name: s for s in EVENT_SPECS}
    assert fields["evidence"].options is not None  # chosen by citation: test_ae_evidence_choice
