"""The export step writes the design as data (ClinicalTrials.gov, USDM, WHO TRDS) byte for byte as
``trialkit export`` does, and the open dialog imports a registry or USDM JSON file as a new design."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual.widgets import Input, Select, Static

from tests.tui.conftest import editor_at, settle, type_into
from trialkit.cli import main
from trialkit.design import load_trial
from trialkit.export import import_file
from trialkit.tui.app import make_app
from trialkit.tui.screens.dialogs import SaveAsScreen

FIXTURES = Path(__file__).resolve().parents[1] / "export" / "fixtures"


@pytest.mark.parametrize(("fmt", "ending"), [("ctgov", ".ctgov.json"), ("usdm", ".usdm.json"),
                                             ("trds", ".trds.md")])
async def test_exporting_data_formats_writes_what_the_cli_writes(
        example: Path, tmp_path: Path, fmt: str, ending: str) -> None:
    app = make_app(example, offer_recovery=False)
    async with app.run_test(size=(120, 40)) as pilot:
        editor = await editor_at(pilot, "export")
        step = editor.pane("export")
        step.query_one("#export-format", Select).value = fmt
        await settle(pilot)
        field = step.query_one("#export-path", Input)
        assert field.value == f"anakinra-t1d{ending}"  # named as trialkit export names it
        await type_into(pilot, field, f"tui{ending}")  # a short name, relative to the folder
        assert step.query_one("#export-format", Select).value == fmt
        await pilot.press("enter")
        await settle(pilot)
        target = tmp_path / f"tui{ending}"
        assert str(step.query_one("#export-status", Static).render()) == f"Written: {target}"
    assert main(["export", str(example), "--to", fmt, "-o", str(tmp_path / f"cli{ending}")]) == 0
    assert target.read_bytes() == (tmp_path / f"cli{ending}").read_bytes()


async def test_typing_a_data_file_name_chooses_its_format(example: Path) -> None:
    app = make_app(example, offer_recovery=False)
    async with app.run_test(size=(120, 40)) as pilot:
        step = (await editor_at(pilot, "export")).pane("export")
        chooser, field = step.query_one("#export-format", Select), step.query_one("#export-path", Input)
        await type_into(pilot, field, "study.usdm.json")
        assert chooser.value == "usdm"
        await type_into(pilot, field, "record.ctgov.json")
        assert chooser.value == "ctgov"
        await type_into(pilot, field, "protocol.docx")
        assert chooser.value == "docx"
        chooser.value = "trds"
        await settle(pilot)
        assert field.value == "protocol.trds.md"


@pytest.mark.parametrize("fixture", ["ctgov_NCT02513394.json", "usdm_cdisc_pilot.json"])
async def test_opening_a_json_file_imports_it_as_a_new_design(tmp_path: Path, fixture: str) -> None:
    shutil.copy(FIXTURES / fixture, tmp_path / fixture)
    expected = import_file(str(tmp_path / fixture))
    app = make_app(offer_recovery=False)
    app.NOTIFICATION_TIMEOUT = 3600
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.action_open()
        await settle(pilot)
        await type_into(pilot, app.screen.query_one("#open-path", Input), fixture)
        await pilot.press("enter")
        await settle(pilot)
        assert app.path is None and app.dirty  # a new design, not yet saved
        assert app.trial.model_dump() == expected.model_dump()
        assert any("Imported" in n.message for n in app._notifications)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, SaveAsScreen)
        await type_into(pilot, app.screen.query_one("#save-path", Input), "imported.yaml")
        await pilot.press("enter")
        await settle(pilot)
        assert app.path is not None and app.path.name == "imported.yaml" and not app.dirty
    assert load_trial(tmp_path / "imported.yaml").model_dump() == expected.model_dump()


async def test_a_json_file_that_is_no_record_is_refused_in_words(tmp_path: Path) -> None:
    (tmp_path / "other.json").write_text('{"hello": 1}', encoding="utf-8")
    app = make_app(offer_recovery=False)
    app.NOTIFICATION_TIMEOUT = 3600
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.action_open()
        await settle(pilot)
        await type_into(pilot, app.screen.query_one("#open-path", Input), "other.json")
        await pilot.press("enter")
        await settle(pilot)
        assert app.trial is None or app.path is None
        assert any("other.json" in n.message for n in app._notifications)
