"""Text from a design, an evidence file or a path is shown literally everywhere in the TUI.

Textual reads plain strings as markup: ``[/]`` in a name crashed the app and
``[@click=app.quit]X[/]`` became a live link that quit it. Each test puts such text where a
user or an evidence file can, opens the step that shows it, and reads back what is drawn.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from textual.geometry import Region
from textual.widget import Widget
from textual.widgets import DataTable, Input, OptionList, SelectionList, Static
from textual.widgets._toast import Toast

from tests.tui.conftest import editor_at, settle, type_into, wait_until
from trialkit.tui.app import make_app
from trialkit.tui.widgets.text import literal, visible

CLOSE = "Anakinra [/]"
CLICK = "[@click=app.quit]X[/]"
STYLE = "[b]not bold[/b] [red]"
NARROW = (90, 40)
"""A single-column layout: lists span the width, so whole names fit on one line."""
USER_EVIDENCE = Path(__file__).resolve().parents[1] / "evidence" / "user_evidence"


def drawn(widget: Widget) -> str:
    """The characters a widget draws on the screen, line by line."""
    width, height = widget.outer_size
    return "\n".join(strip.text for strip in widget.render_lines(Region(0, 0, width, height)))


def rewrite(path: Path, change) -> Path:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _name_arms(data: dict) -> None:
    data["arms"][0]["name"] = CLOSE
    data["arms"][1]["name"] = CLICK


async def test_arm_names_with_markup_show_literally_and_clicking_them_is_no_action(
        example: Path):
    app = make_app(rewrite(example, _name_arms), offer_recovery=False)
    async with app.run_test(size=NARROW) as pilot:
        editor = await editor_at(pilot, "interventions")
        items = editor.query_one("#arms-items", OptionList)
        shown = drawn(items)
        assert CLOSE in shown and CLICK in shown
        assert editor.query_one("#arms-name", Input).value == CLOSE
        assert app.is_running
        # Clicking the drawn text of a hostile name must not run ``app.quit``.
        lines = drawn(items).splitlines()
        row = next(i for i, line in enumerate(lines) if CLICK in line)
        column = lines[row].index(CLICK) + CLICK.index("X")
        await pilot.click(items, offset=(column, row))
        await settle(pilot)
        assert app.is_running and app.return_code is None
        assert items.get_option_at_index(1).prompt.plain.endswith(CLICK)


async def _typing_markup_into_a_name_and_a_list_item_shows_it_literally(pilot) -> None:
    app = pilot.app
    editor = await editor_at(pilot, "interventions")
    await type_into(pilot, editor.query_one("#arms-name", Input), "[/]")
    assert app.trial.arms[0].name == "[/]"
    assert f"{app.trial.arms[0].id}: [/]" in drawn(editor.query_one("#arms-items", OptionList))
    editor = await editor_at(pilot, "population")
    await type_into(pilot, editor.query_one("#inclusion-input", Input), CLICK)
    await pilot.press("enter")
    await settle(pilot)
    assert app.trial.population.inclusion[-1] == CLICK
    items = editor.query_one("#inclusion-items", OptionList)
    items.highlighted = items.option_count - 1
    await settle(pilot)
    assert CLICK in drawn(items)


async def _an_error_line_quotes_typed_markup_literally(pilot) -> None:
    step = (await editor_at(pilot, "sample_size")).pane("sample_size")
    await type_into(pilot, step.query_one("#ss-p-sd", Input), "[/]")
    assert "'[/]'" in drawn(step.query_one("#ss-p-sd-error", Static))


async def _notifications_quote_a_typed_path_literally(pilot) -> None:
    app = pilot.app
    editor = await editor_at(pilot, "export")
    await type_into(pilot, editor.query_one("#export-path", Input), "no [/]/p.md")
    assert "no [/]" in drawn(editor.query_one("#export-path-error", Static))
    await pilot.press("enter")
    await settle(pilot)
    await wait_until(pilot, lambda: bool(app.screen.query(Toast)), "a notification shows")
    assert any("no [/]" in drawn(t) for t in app.screen.query(Toast))


async def test_markup_typed_into_names_fields_and_paths_shows_literally(example: Path):
    """One session: a number field's error line and a notification quoting a path (at 120x40),
    then a name and a list item (in the narrow layout), each typed with markup and read back
    as drawn."""
    app = make_app(example, offer_recovery=False)
    app.NOTIFICATION_TIMEOUT = 3600  # still shown when the test looks, however loaded the machine
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await _an_error_line_quotes_typed_markup_literally(pilot)
        await _notifications_quote_a_typed_path_literally(pilot)
        await pilot.resize_terminal(*NARROW)
        await settle(pilot)
        await _typing_markup_into_a_name_and_a_list_item_shows_it_literally(pilot)


def _hostile_names(data: dict) -> None:
    data["visits"][0]["name"] = CLOSE
    data["assessments"][0]["name"] = CLICK
    data["objectives"][0]["endpoints"][0]["id"] = STYLE
    data["objectives"][0]["endpoints"].append({"id": STYLE, "name": STYLE})


def _escape_sequences(data: dict) -> None:
    data["title_page"]["short_title"] = "Short \x1b[2J\x1b]0;owned\x07 title"
    data["background"]["rationale"] = "Why \x1b[31mred\x1b[0m\nnext line"
    data["arms"][0]["name"] = "Arm \x1b[5m"


async def _escape_sequences_from_a_design_are_drawn_as_symbols(pilot) -> None:
    """A design file's escape sequences never reach the terminal; the design keeps them."""
    app = pilot.app
    editor = await editor_at(pilot, "question")
    title = drawn(editor.query_one("#title-title-page--short-title", Input))
    rationale = drawn(editor.query_one("#bg-background--rationale"))
    assert "\x1b" not in title + rationale and "\x07" not in title
    assert "␛[2J␛]0;owned␇" in title and "␛[31mred" in rationale
    editor = await editor_at(pilot, "interventions")
    assert "Arm ␛[5m" in drawn(editor.query_one("#arms-items", OptionList))
    assert app.trial.title_page.short_title == "Short \x1b[2J\x1b]0;owned\x07 title"
    assert not app.dirty


async def _schedule_grid_and_review_show_names_and_ids_literally(pilot) -> None:
    editor = await editor_at(pilot, "schedule")
    grid = editor.query_one("#schedule-grid", DataTable)
    shown = drawn(grid)
    assert CLICK in shown and "Anakinra [/]" in shown.replace("\n", "")
    editor = await editor_at(pilot, "review")
    review = editor.query_one("#review-list", OptionList)
    prompts = [str(review.get_option_at_index(i).prompt)
               for i in range(review.option_count)]
    assert any(STYLE in p for p in prompts)
    row = next(i for i, p in enumerate(prompts) if STYLE in p)
    review.highlighted = row
    await settle(pilot)
    assert "[b]not bold[/b]" in drawn(review)


async def test_a_designs_markup_and_escape_sequences_are_drawn_literally(example: Path):
    """One design with hostile names (schedule, review) and escape sequences (title,
    rationale, an arm), each step read back as drawn."""
    def change(data: dict) -> None:
        _hostile_names(data)
        _escape_sequences(data)

    app = make_app(rewrite(example, change), offer_recovery=False)
    async with app.run_test(size=(160, 50)) as pilot:
        await _escape_sequences_from_a_design_are_drawn_as_symbols(pilot)
        await _schedule_grid_and_review_show_names_and_ids_literally(pilot)


def _hostile_evidence(folder: Path) -> Path:
    folder.mkdir()
    target = folder / "he2020.yaml"
    shutil.copy(USER_EVIDENCE / "he2020.yaml", target)

    def change(data: dict) -> None:
        data["id"] = "hostile2020"
        data["citation"]["authors"] = [f"He {CLOSE}, Jing"]
        data["citation"]["title"] = f"IL-2 {CLICK} in lupus \x1b[31mred\x1b[0m"
        data["estimates"][0]["outcome"] = f"SRI-4 {STYLE}"

    rewrite(target, change)
    return folder


async def test_evidence_text_with_markup_is_shown_not_stuck_loading(
        example: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("TRIALKIT_EVIDENCE", str(_hostile_evidence(tmp_path / "evidence")))
    app = make_app(example, offer_recovery=False)
    async with app.run_test(size=(120, 40)) as pilot:
        editor = await editor_at(pilot, "question")
        detail = editor.query_one("#evidence-detail", Static)
        await wait_until(pilot, lambda: "Loading" not in drawn(detail), "the evidence loaded")
        picker = editor.query_one("#evidence-list", SelectionList)
        index = next(i for i in range(picker.option_count)
                     if picker.get_option_at_index(i).value == "hostile2020")
        picker.focus()
        picker.highlighted = index
        await settle(pilot)
        text = drawn(detail).replace("\n", " ")
        assert CLOSE in text and CLICK in text and "[b]not bold[/b]" in text
        assert "\x1b" not in text and "␛[31mred" in text
        assert f"He {CLOSE}" in str(picker.get_option_at_index(index).prompt)


def test_literal_shows_control_characters_as_symbols() -> None:
    assert visible("a\x1b[31mb\x07\x7f\x9b\tc\nd") == "a␛[31mb␇␡\ufffd\tc\nd"
    assert literal(CLICK).plain == CLICK and not literal(CLICK).spans
