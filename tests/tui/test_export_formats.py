"""The export step writes the design as data (ClinicalTrials.gov, USDM, WHO TRDS) byte for byte as
``trialkit export`` does, and the open dialog imports a registry or USDM JSON file as a new design."""

from __future__ import annotations

import shutil
from pathlib import Path

from textual.widgets import Input, Select, Static

from tests.tui.conftest import editor_at, settle, type_into
from trialkit.cli import main
from trialkit.design import load_trial
from trialkit.export import import_file
from trialkit.tui.app import make_app
from trialkit.tui.screens.dialogs import SaveAsScreen

FIXTURES = Path(__file__).resolve().parents[1] / "export" / "fixtures"


FORMATS = {"ctgov": ".ctgov.json", "usdm": ".usdm.json", "trds": ".trds.md"}


async def test_exporting_data_formats_writes_what_the_cli_writes(example: Path,
                                                                 tmp_path: Path) -> None:
    """Each data format in turn, in one session: its file name as ``trialkit export`` names it,
    then a short name typed and Enter write it, byte for byte as the CLI does; typing a data
    file's name chooses its format."""
    app = make_app(example, offer_recovery=False)
    async with app.run_test(size=(120, 40)) as pilot:
        step = (await editor_at(pilot, "export")).pane("export")
        chooser, field = step.query_one("#export-format", Select), step.query_one("#export-path", Input)
        for fmt, ending in FORMATS.items():
            chooser.value = fmt
            await settle(pilot)
            assert field.value == f"anakinra-t1d{ending}", f"{fmt}: named as trialkit export names it"
        for fmt, ending in FORMATS.items():
            chooser.value = fmt
            await settle(pilot)
            await type_into(pilot, field, f"tui{ending}")  # a short name, relative to the folder
            assert chooser.value == fmt, f"{fmt}: the typed name keeps the format"
            await pilot.press("enter")
            await settle(pilot)
            target = tmp_path / f"tui{ending}"
            assert str(step.query_one("#export-status", Static).render()) == f"Written: {target}"
        # Typing a data file's name chooses its format; choosing a format renames the file.
        await type_into(pilot, field, "study.usdm.json")
        assert chooser.value == "usdm"
        await type_into(pilot, field, "record.ctgov.json")
        assert chooser.value == "ctgov"
        await type_into(pilot, field, "protocol.docx")
        assert chooser.value == "docx"
        chooser.value = "trds"
        await settle(pilot)
        assert field.value == "protocol.trds.md"
    for fmt, ending in FORMATS.items():
        assert main(["export", str(example), "--to", fmt, "-o", str(tmp_path / f"cli{ending}")]) == 0
        assert (tmp_path / f"tui{ending}").read_bytes() == (tmp_path / f"cli{ending}").read_bytes(), \
            f"{fmt}: the TUI's file differs from the CLI's"


async def _open(pilot, name: str) -> None:
    """Open ``name`` (in the working folder) with the open dialog, as typed by the user."""
    pilot.app.action_open()
    await settle(pilot)
    await type_into(pilot, pilot.app.screen.query_one("#open-path", Input), name)
    await pilot.press("enter")
    await settle(pilot)


async def test_opening_a_json_file_imports_it_as_a_new_design(tmp_path: Path) -> None:
    """A JSON file that is no record is refused in words; a registry record and a USDM file
    each open as a new design that saves as YAML (one session: one after the other)."""
    (tmp_path / "other.json").write_text('{"hello": 1}', encoding="utf-8")
    fixtures = ["ctgov_NCT02513394.json", "usdm_cdisc_pilot.json"]
    for fixture in fixtures:
        shutil.copy(FIXTURES / fixture, tmp_path / fixture)
    app = make_app(offer_recovery=False)
    app.NOTIFICATION_TIMEOUT = 3600
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await _open(pilot, "other.json")
        assert app.trial is None or app.path is None
        assert any("other.json" in n.message for n in app._notifications), "refused in words"
        for fixture in fixtures:
            expected = import_file(str(tmp_path / fixture))
            app._notifications.clear()
            await _open(pilot, fixture)
            assert app.path is None and app.dirty, f"{fixture}: a new design, not yet saved"
            assert app.trial.model_dump() == expected.model_dump(), fixture
            assert any("Imported" in n.message for n in app._notifications), fixture
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert isinstance(app.screen, SaveAsScreen), fixture
            saved = f"imported-{fixture.split('_')[0]}.yaml"
            await type_into(pilot, app.screen.query_one("#save-path", Input), saved)
            await pilot.press("enter")
            await settle(pilot)
            assert app.path is not None and app.path.name == saved and not app.dirty, fixture
            assert load_trial(tmp_path / saved).model_dump() == expected.model_dump(), fixture
