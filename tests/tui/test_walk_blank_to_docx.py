"""From a blank design to a complete Word protocol, through the editor's fields only (issue 12).

An investigator starts from "Blank design" and fills every step with the main scenario (IL-1
blockade with anakinra in recent-onset type 1 diabetes, the values of the main example, with
the people named and the trial registered), moving on with Ctrl+N. Short values are typed key
by key, long texts are pasted, Tab moves from one text field to the next; choices are made
with the keyboard in the drop-down, evidence records are ticked in the picker, list items are
added with their Add button, the schedule is ticked in its grid. The walk ends with SPIRIT 2025
at 51 of 51 and no design problem in the review, and an exported .docx, read back, with no
bracketed prompt in any paragraph or table cell, whose primary-analysis paragraph (ANCOVA on
log(x + 1) adjusted for baseline) says the sample size is computed for it, and whose
sample-size paragraph and table give the numbers the sample-size step showed.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from textual import events
from textual.widgets import (
    DataTable,
    Input,
    OptionList,
    Select,
    SelectionList,
    Static,
    TabbedContent,
    TextArea,
)

from tests.tui.conftest import key_event, settle, type_into, wait_until
from trialkit.design import Trial, load_trial
from trialkit.design.model import RegistryId
from trialkit.resources import data_dir
from trialkit.tui.app import make_app
from trialkit.tui.paths import get_path
from trialkit.tui.screens import editor as editor_screen
from trialkit.tui.screens.welcome import WelcomeScreen
from trialkit.tui.widgets.forms import ModelForm, mapping_text, records_text, widget_id
from trialkit.tui.widgets.forms import _text as shown_text
from trialkit.tui.widgets.lists import RecordListEditor, StringListEditor

SHORT = 4
"""Values up to this many characters (ids, numbers, yes and no: about 200 keys) are typed key
by key; longer ones are pasted (typing all of those up to 12 characters, 1,100 keys, was
about a third of the walk's CPU; key-by-key typing is the keys and type-ahead tests' own)."""


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


async def keys(pilot: Any, *names: str | events.Paste) -> None:
    """Press keys (and paste) as a quick typist does: they arrive together, then the app
    handles them.

    Pilot's ``press`` lets the app handle and redraw after every key, which a terminal never
    waits for; the app must take fast typing in order and into the focused field.
    """
    for name in names:
        pilot.app.post_message(key_event(name) if isinstance(name, str) else name)
    await pilot.pause()


def typing(widget: Input | TextArea, text: str) -> list[str | events.Paste]:
    """The keys that replace a field's text: a short value typed, a long one pasted (as a
    terminal delivers a paste of a prepared paragraph)."""
    select: list[str | events.Paste] = ["home", "shift+end"] if isinstance(widget, Input) else []
    if len(text) <= SHORT and "\n" not in text:
        return [*select, *(text or ["backspace"])]
    return [*select, events.Paste(text)]


async def enter_text(pilot: Any, widget: Input | TextArea, text: str) -> None:
    """Replace the text of one field."""
    widget.focus()  # the keys below reach it: the focus moves before they are handled
    await keys(pilot, *typing(widget, text))


async def choose(pilot: Any, select: Select[Any], value: Any) -> None:
    """Open the drop-down with Enter, move to the option with the arrow keys, Enter."""
    select.focus()
    await keys(pilot, "enter")
    overlay = select.query_one(OptionList)
    values = [value_ for _, value_ in select._options]
    target = values.index(value)
    current = overlay.highlighted or 0
    key = "down" if target > current else "up"
    await keys(pilot, *[key] * abs(target - current), "enter")
    assert select.value == value, (select.id, value, select.value)


async def tick(pilot: Any, chooser: SelectionList[Any], values: list[Any]) -> None:
    """Move to each wanted choice with the arrow keys and tick it with the space bar."""
    chooser.focus()
    await pilot.pause()
    offered = [chooser.get_option_at_index(i).value for i in range(chooser.option_count)]
    for value in values:
        if value in chooser.selected:
            continue
        step = offered.index(value) - (chooser.highlighted or 0)
        await keys(pilot, *["down" if step > 0 else "up"] * abs(step), "space")
    assert [v for v in chooser.selected if v in values] == values, chooser.selected


async def fill_form(pilot: Any, form: ModelForm, source: Trial) -> None:
    """Every field of the form from the scenario, through its editor.

    Text fields one after another are filled in one go, Tab from each to the next, as a quick
    typist does; a choice is made in its drop-down or checklist.
    """
    run: list[str | events.Paste] = []
    first: Any = None

    async def type_run() -> None:
        nonlocal run, first
        if first is not None:
            first.focus()
            await keys(pilot, *run)
        run, first = [], None

    for spec in form.specs:
        value = get_path(source, form.path_of(spec))
        kind, extra = form._kind(spec)
        widget: Any = form.query_one(f"#{widget_id(form.prefix, spec.name)}")
        if isinstance(widget, Select | SelectionList):
            await type_run()
        if isinstance(widget, SelectionList):
            if not _empty(value):
                await tick(pilot, widget, list(value))
        elif isinstance(widget, Select):
            if not _empty(value):
                await choose(pilot, widget, ("yes" if value else "no") if kind == "bool"
                             else value)
        elif first is not None or not _empty(value):
            first = first or widget
            if not _empty(value):
                run += typing(widget, records_text(value, extra) if kind == "records" else
                              mapping_text(value) if kind == "mapping" else shown_text(value))
            run.append("tab")
    await type_run()
    wanted = {s.name: get_path(source, form.path_of(s)) for s in form.specs}
    wanted = {name: value for name, value in wanted.items() if not _empty(value)}
    filled = {s.name: get_path(pilot.app.trial, form.path_of(s)) for s in form.specs}
    assert {name: filled[name] for name in wanted} == wanted


async def press_button(pilot: Any, selector: str) -> None:
    """Focus a button (as Tab would) and press Enter on it once the focus is there.

    Textual ignores a button's Enter while it still shows its previous press (0.2 s): a person
    filling a record in between never meets that; this walk types faster than that, so its
    buttons show no press (instead of the walk waiting 0.2 s, looking every 10 ms, per record).
    """
    button = pilot.app.screen.query_one(selector)
    button.active_effect_duration = 0
    button.focus()
    await wait_until(pilot, lambda: pilot.app.focused is button and not button.has_class("-active"),
                     f"{selector} has the focus and shows no earlier press")
    await keys(pilot, "enter")


async def fill_records(pilot: Any, editor: RecordListEditor, source: Trial) -> None:
    """Add each record of the scenario with Add, fill its form and its nested list."""
    for index, _ in enumerate(get_path(source, editor.path) or []):
        await press_button(pilot, f"#{editor.id}-add")
        form = editor.query_one(f"#{editor.id}-form", ModelForm)
        wanted = f"{editor.path}.{index}"
        await wait_until(pilot, lambda: form.base == wanted,  # noqa: B023
                         f"Add shows the new record {wanted} (the form shows {form.base}, "
                         f"{len(get_path(pilot.app.trial, editor.path) or [])} records)")
        await fill_form(pilot, form, source)
        if editor.nested is not None:  # its own nested list (which fills its own)
            await fill_records(pilot, editor.nested, source)


async def fill_strings(pilot: Any, editor: StringListEditor, source: Trial) -> None:
    for item in get_path(source, editor.path) or []:
        field = editor.query_one(Input)
        await enter_text(pilot, field, item)
        await keys(pilot, "enter")
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


async def next_step(pilot: Any, step: str) -> Any:
    """Ctrl+N to the next step, once its fields are shown; the step's pane."""
    await keys(pilot, "ctrl+n")
    await settle(pilot)
    editor = pilot.app.screen
    assert editor.current == step
    return editor.pane(step)


@pytest.mark.slow(seconds=45)
async def test_blank_design_to_a_complete_word_protocol(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The progress check (the whole protocol rendered, 0.6 s of CPU) runs once, when the walk
    # reaches the review, not whenever a loaded machine leaves 0.3 s between two keys.
    monkeypatch.setattr(editor_screen, "ANALYSIS_DELAY", 3600.0)
    source = scenario()
    app: Any = make_app(offer_recovery=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, WelcomeScreen)
        welcome = app.screen.query_one(OptionList)
        while welcome.highlighted != welcome.get_option_index("blank"):
            await keys(pilot, "down")  # past the headings, which the arrows skip
        await keys(pilot, "enter")
        await settle(pilot)
        editor: Any = app.screen
        assert editor.current == "question" and app.trial.title_page.full_title is None

        question = editor.pane("question")
        await fill_step(pilot, question, source)
        # The evidence behind the question, ticked in the picker (SPIRIT 9a).
        await tick(pilot, question.query_one("#evidence-list", SelectionList),
                   source.background.evidence)
        assert app.trial.background.evidence == source.background.evidence

        for step in ("objectives", "design", "population", "interventions"):
            await fill_step(pilot, await next_step(pilot, step), source)

        analysis = await next_step(pilot, "analysis")
        await fill_step(pilot, analysis, source)
        for i, objective in enumerate(source.objectives):
            for j, endpoint in enumerate(objective.endpoints):
                if endpoint.analysis is None:
                    continue
                await choose(pilot, analysis.query_one("#an-endpoint", Select),
                             f"objectives.{i}.endpoints.{j}")
                await fill_form(pilot, analysis.query_one("#an-form", ModelForm), source)

        sizing = await next_step(pilot, "sample_size")
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
        result = sizing.sizing.result

        schedule = await next_step(pilot, "schedule")
        tabs = schedule.query_one("#schedule-tabs", TabbedContent)
        for tab in ("tab-assessments", "tab-visits"):
            tabs.active = tab
            await settle(pilot)
            editor_id = tab.removeprefix("tab-")
            await fill_records(pilot, schedule.query_one(f"#{editor_id}", RecordListEditor),
                               source)
        tabs.active = "tab-grid"
        await settle(pilot)
        grid = schedule.query_one("#schedule-grid", DataTable)
        grid.focus()
        order = [a.id for a in source.assessments]
        moves, (row, column) = [], grid.cursor_coordinate
        for to_column, visit in enumerate(source.visits, start=1):
            for to_row in sorted(order.index(a) for a in visit.assessments):
                moves += ["down" if to_row > row else "up"] * abs(to_row - row)
                moves += ["right" if to_column > column else "left"] * abs(to_column - column)
                moves.append("space")
                row, column = to_row, to_column
        await keys(pilot, *moves)
        assert [set(v.assessments) for v in app.trial.visits] == [
            set(v.assessments) for v in source.visits]

        for step in ("safety", "admin"):
            await fill_step(pilot, await next_step(pilot, step), source)

        before = editor.analysis
        review = await next_step(pilot, "review")
        editor.schedule_analysis(0.01)  # the progress check the last edit scheduled, due now
        await wait_until(pilot, lambda: editor.analysis is not before, "the progress check",
                         timeout=60)
        await settle(pilot)
        checked = editor.analysis
        assert (checked.addressed, checked.total, [g.message for g in checked.gaps],
                [p.message for p in checked.problems]) == (51, 51, [], [])
        assert str(editor.query_one("#progress-summary", Static).content).startswith(
            "SPIRIT 51/51")
        assert "SPIRIT 2025: 51 of 51 items addressed, 0 to fill" in str(
            review.query_one("#review-summary", Static).content)

        export = await next_step(pilot, "export")
        target = tmp_path / "anakinra-t1d.docx"
        await type_into(pilot, export.query_one("#export-path", Input), target.name)
        await keys(pilot, "enter")
        await settle(pilot)
        assert export.last_written == target

    from docx import Document

    document = Document(str(target))
    paragraphs = [p.text for p in document.paragraphs]
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    # Every paragraph and table cell: no bracket but a numbered citation, no highlighted prompt.
    bracketed = [b for t in paragraphs + cells for b in re.findall(r"\[[^\]]*\]", t)
                 if not re.fullmatch(r"\[\d+(\s*[,\u2013-]\s*\d+)*\]", b)]
    assert bracketed == []
    assert "w:highlight" not in document.element.xml
    # The primary analysis is the ANCOVA on log(x + 1) adjusted for baseline, and the paragraph
    # says the sample size is computed for it; the sample-size paragraph and its table give the
    # numbers the sample-size step showed.
    analysis_text = next(t for t in paragraphs if t.startswith("The primary endpoint, "))
    assert "analysis of covariance (ANCOVA) on the log(x + 1) scale adjusted for baseline" \
        in analysis_text
    assert "The sample size (section 10.7) is computed for this analysis, with a correlation " \
        f"of {spec.parameters['baseline_correlation']:g} between baseline" in analysis_text
    sizing_text = next(t for t in paragraphs if t.startswith("The sample size was calculated"))
    assert "ANCOVA adjusting for baseline" in sizing_text
    per_arm, = set(result.n_per_arm)  # 1:1
    assert f"This requires {per_arm} participants per arm ({result.n_total} in total)" \
        in sizing_text
    analysed = cells[cells.index("Analysed in total") + 1]
    assert analysed == str(result.n_total)
