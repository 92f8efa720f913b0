"""From a blank design to a complete Word protocol, through the editor's fields only (issue 12).

An investigator starts from "Blank design" and fills every step with the main scenario (IL-1
blockade with anakinra in recent-onset type 1 diabetes, the values of the main example, with
the people named and the trial registered). Short values are typed key by key, long texts are
pasted into the field, choices are made with the keyboard in the drop-down, list items are
added with their Add button. The walk ends with SPIRIT 2025 at 51 of 51, a .docx with no
bracketed prompt left, and the sample size the step shows printed in its paragraph.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest
from textual import events
from textual.widgets import Input, OptionList, Select, SelectionList, TextArea

from tests.tui.conftest import settle, type_into, wait_until
from trialkit.design import Trial, load_trial
from trialkit.design.model import RegistryId
from trialkit.resources import data_dir
from trialkit.tui.app import make_app
from trialkit.tui.paths import get_path
from trialkit.tui.screens.welcome import WelcomeScreen
from trialkit.tui.widgets.forms import ModelForm, mapping_text, records_text, widget_id
from trialkit.tui.widgets.forms import _text as shown_text
from trialkit.tui.widgets.lists import RecordListEditor, StringListEditor

SHORT = 12
"""Values up to this many characters are typed key by key; longer ones are pasted."""


def scenario() -> Trial:
    """The main example, with its people named and its registration made (as a sponsor would
    before submission; the names and the identifier are illustrative)."""
    trial = load_trial(data_dir("examples") / "anakinra-t1d.yaml")
    page = trial.title_page
    for person, name in zip(page.investigators, ("Dr Ana Lindqvist", "Dr Tomas Berg"),
                            strict=False):
        person.name = name
    page.sponsor_signatory.name = "Prof. Eva Holm"
    page.medical_monitor.name = "Dr Karin Sund, endocrinologist with no role at the sites"
    page.registry_ids = [RegistryId(registry="ClinicalTrials.gov", identifier="NCT07123456")]
    return trial


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


async def enter_text(pilot: Any, widget: Input | TextArea, text: str) -> None:
    """Type a short value; paste a long one (a person pastes a prepared paragraph)."""
    widget.focus()  # the keys below reach it: the focus moves before they are handled
    if isinstance(widget, Input):
        await pilot.press("home", "shift+end")
    if len(text) <= SHORT and "\n" not in text:
        await pilot.press(*text) if text else await pilot.press("backspace")
    else:
        pilot.app.post_message(events.Paste(text))  # as the terminal delivers a paste
    await pilot.pause()


async def choose(pilot: Any, select: Select[Any], value: Any) -> None:
    """Open the drop-down with Enter, move to the option with the arrow keys, Enter."""
    select.focus()
    await pilot.press("enter")
    await pilot.pause()
    overlay = select.query_one(OptionList)
    values = [value_ for _, value_ in select._options]
    target = values.index(value)
    current = overlay.highlighted or 0
    key = "down" if target > current else "up"
    await pilot.press(*[key] * abs(target - current), "enter")
    await pilot.pause()
    assert select.value == value, (select.id, value, select.value)


async def tick(pilot: Any, chooser: SelectionList[Any], values: list[Any]) -> None:
    """Tick each wanted choice with the space bar."""
    chooser.focus()
    await pilot.pause()
    offered = [chooser.get_option_at_index(i).value for i in range(chooser.option_count)]
    for value in values:
        if value in chooser.selected:
            continue
        chooser.highlighted = offered.index(value)
        await pilot.press("space")
    await pilot.pause()


async def fill_form(pilot: Any, form: ModelForm, source: Trial) -> None:
    """Every field of the form from the scenario, through its editor."""
    for spec in form.specs:
        path = form.path_of(spec)
        value = get_path(source, path)
        if _empty(value):
            continue
        kind, extra = form._kind(spec)
        widget = form.query_one(f"#{widget_id(form.prefix, spec.name)}")
        if isinstance(widget, Select):
            await choose(pilot, widget, ("yes" if value else "no") if kind == "bool" else value)
        elif isinstance(widget, SelectionList):
            await tick(pilot, widget, list(value))
        else:
            text = (records_text(value, extra) if kind == "records" else
                    mapping_text(value) if kind == "mapping" else shown_text(value))
            await enter_text(pilot, widget, text)
        assert get_path(pilot.app.trial, path) == value, (path, get_path(pilot.app.trial, path))


async def press_button(pilot: Any, selector: str) -> None:
    pilot.app.screen.query_one(selector).focus()
    await pilot.press("enter")
    await pilot.pause()


async def fill_records(pilot: Any, editor: RecordListEditor, source: Trial) -> None:
    """Add each record of the scenario with Add, fill its form and its nested list."""
    for index, _ in enumerate(get_path(source, editor.path) or []):
        await press_button(pilot, f"#{editor.id}-add")
        form = editor.query_one(f"#{editor.id}-form", ModelForm)
        assert form.base == f"{editor.path}.{index}"
        await fill_form(pilot, form, source)
        for nested in editor.query(RecordListEditor):
            await fill_records(pilot, nested, source)


async def fill_strings(pilot: Any, editor: StringListEditor, source: Trial) -> None:
    for item in get_path(source, editor.path) or []:
        field = editor.query_one(Input)
        await enter_text(pilot, field, item)
        await pilot.press("enter")
        await pilot.pause()
    assert get_path(pilot.app.trial, editor.path) == get_path(source, editor.path)


async def fill_step(pilot: Any, pane: Any, source: Trial) -> None:
    """The step's lists and forms, top to bottom (forms inside a list are the list's own)."""
    for widget in pane.query("RecordListEditor, StringListEditor, ModelForm"):
        if any(isinstance(a, RecordListEditor) for a in widget.ancestors):
            continue
        if isinstance(widget, RecordListEditor):
            await fill_records(pilot, widget, source)
        elif isinstance(widget, StringListEditor):
            await fill_strings(pilot, widget, source)
        elif pane.STEP != "analysis" or widget.id != "an-form":
            await fill_form(pilot, widget, source)


@pytest.mark.slow
@pytest.mark.skipif(not os.environ.get("TRIALKIT_WALK"), reason="about 400 s on a loaded "
                    "machine: run with TRIALKIT_WALK=1 (reaches 50 of 51; the walk does not yet "
                    "tick the background's evidence records in the question step)")
@pytest.mark.xfail(strict=True, reason="the walk does not yet tick the background's evidence")
async def test_blank_design_to_a_complete_word_protocol(tmp_path: Path) -> None:
    source = scenario()
    app = make_app(offer_recovery=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, WelcomeScreen)
        welcome = app.screen.query_one(OptionList)
        welcome.highlighted = welcome.get_option_index("blank")
        await pilot.press("enter")
        await settle(pilot)
        editor = app.screen
        assert app.trial.title_page.full_title is None

        for step in ("question", "objectives", "design", "population", "interventions"):
            editor.show_step(step)
            await settle(pilot)
            await fill_step(pilot, editor.pane(step), source)

        editor.show_step("sample_size")
        await settle(pilot)
        sizing = editor.pane("sample_size")
        spec = source.sample_size
        await choose(pilot, sizing.query_one("#ss-endpoint", Select), spec.endpoint)
        await choose(pilot, sizing.query_one("#ss-procedure", Select), spec.procedure)
        await settle(pilot)
        for name, value in spec.parameters.items():
            found = sizing.query(f"#ss-p-{name}")
            if found:
                await enter_text(pilot, found.first(Input), shown_text(value))
            else:
                await choose(pilot, sizing.query_one(f"#ss-c-{name}", Select), value)
        await fill_form(pilot, sizing.query_one("#ss-rationale-form", ModelForm), source)
        await settle(pilot)
        assert app.trial.sample_size.parameters == spec.parameters

        editor.show_step("analysis")
        await settle(pilot)
        analysis = editor.pane("analysis")
        await fill_step(pilot, analysis, source)
        for i, objective in enumerate(source.objectives):
            for j, endpoint in enumerate(objective.endpoints):
                if endpoint.analysis is None:
                    continue
                await choose(pilot, analysis.query_one("#an-endpoint", Select),
                             f"objectives.{i}.endpoints.{j}")
                await fill_form(pilot, analysis.query_one("#an-form", ModelForm), source)

        editor.show_step("schedule")
        await settle(pilot)
        schedule = editor.pane("schedule")
        for tab in ("tab-assessments", "tab-visits"):
            schedule.query_one("#schedule-tabs").active = tab
            await settle(pilot)
            editor_id = tab.removeprefix("tab-")
            await fill_records(pilot, schedule.query_one(f"#{editor_id}", RecordListEditor),
                               source)
        schedule.query_one("#schedule-tabs").active = "tab-grid"
        await settle(pilot)
        grid = schedule.query_one("#schedule-grid")
        grid.focus()
        order = [a.id for a in source.assessments]
        for column, visit in enumerate(source.visits, start=1):
            for assessment in visit.assessments:
                grid.move_cursor(row=order.index(assessment), column=column)
                await pilot.press("space")
        await pilot.pause()
        assert [set(v.assessments) for v in app.trial.visits] == [
            set(v.assessments) for v in source.visits]

        for step in ("safety", "admin"):
            editor.show_step(step)
            await settle(pilot)
            await fill_step(pilot, editor.pane(step), source)

        await settle(pilot)
        await wait_until(pilot, lambda: editor.analysis is not None, "the progress check")
        gaps = [g.message for g in editor.analysis.gaps]
        assert (editor.analysis.addressed, editor.analysis.total, gaps) == (51, 51, [])

        editor.show_step("export")
        await settle(pilot)
        export = editor.pane("export")
        target = tmp_path / "anakin-t1d.docx"
        await type_into(pilot, export.query_one("#export-path", Input), target.name)
        await pilot.press("enter")
        await settle(pilot)
        assert export.last_written == target
        total = sizing.sizing.result.n_total

    from docx import Document

    document = Document(str(target))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    text = "\n".join([p.text for p in document.paragraphs] + cells)
    assert re.findall(r"\[[A-Z][^\]]{3,}\]", text) == []
    paragraph = next(p.text for p in document.paragraphs if f"{total} in total" in p.text)
    assert re.search(rf"\b{total} in total\b", paragraph)
