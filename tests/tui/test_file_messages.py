"""Opening, importing, recovering and saving files: a failure is told in the user's words
(which file, where, what is wrong, what to do), never the loader's terminal line (issue 12)."""

from __future__ import annotations

from pathlib import Path

from tests.tui.conftest import settle
from tests.tui.test_words import PROGRAMMER
from trialkit.tui.app import make_app


def _said(app, path: Path | None = None) -> str:
    """The notifications shown, the file's own path left out (it may hold underscores)."""
    text = " ".join(n.message for n in app._notifications)
    assert text, "no message shown"
    if path is not None:
        text = text.replace(str(path), "FILE")
    return text


def _people(text: str) -> str:
    assert not PROGRAMMER.search(text), text
    assert "cannot write" not in text and "$:" not in text and "`" not in text, text
    return text


async def _opened(path: Path) -> str:
    app = make_app(offer_recovery=False)
    app.NOTIFICATION_TIMEOUT = 3600
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert not app.open_design(path)
        await settle(pilot)
        return _said(app, path)


async def test_a_value_of_the_wrong_kind_names_the_field_by_step_and_what_to_type(tmp_path: Path):
    design = tmp_path / "ages.yaml"
    design.write_text("schema_version: 2\npopulation:\n  age_min: abc\n", encoding="utf-8")
    said = _people(await _opened(design))
    assert "ages.yaml" in said and "line 3" in said
    assert "age min" in said and "Population step" in said
    assert "'abc' is not a number" in said and "text editor" in said


async def test_an_unknown_field_says_check_the_spelling_without_a_command_line_hint(tmp_path: Path):
    design = tmp_path / "typo.yaml"
    design.write_text("schema_version: 2\npopulaton:\n  age_min: 18\n", encoding="utf-8")
    said = _people(await _opened(design))
    assert "typo.yaml" in said and "line 2" in said and "populaton" in said
    assert "spelling" in said


async def test_broken_yaml_names_the_file_and_line(tmp_path: Path):
    design = tmp_path / "broken.yaml"
    design.write_text("title_page: [unclosed\n", encoding="utf-8")
    said = _people(await _opened(design))
    assert "broken.yaml could not be opened" in said and "line 2" in said


async def test_a_json_file_that_is_no_record_says_what_can_be_imported(tmp_path: Path):
    other = tmp_path / "other.json"
    other.write_text('{"hello": 1}', encoding="utf-8")
    said = _people(await _opened(other))
    assert "other.json could not be imported" in said and "ClinicalTrials.gov" in said


async def test_saving_into_a_missing_folder_says_why_once_and_offers_save_as(tmp_path: Path):
    target = tmp_path / "gone" / "design.yaml"
    app = make_app(offer_recovery=False)
    app.NOTIFICATION_TIMEOUT = 3600
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.start_blank()
        await settle(pilot)
        app.save_to(target)
        await settle(pilot)
        said = _people(_said(app, target))
        assert app.dirty and not target.exists()
        assert said.count("FILE") == 1 and "does not exist" in said and "Save as" in said
