"""The Admin step's EU CT number field refuses a malformed number in words naming the form
CTIS assigns (YYYY-5NNNNN-NN-NN), and keeps a well-formed one or a statement."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Static

from tests.tui.conftest import editor_at, type_into
from trialkit.tui.app import make_app

FIELD = "#registration-title-page--eu-ct-number"


async def test_a_malformed_eu_ct_number_is_refused_at_the_field(example: Path) -> None:
    app = make_app(example, offer_recovery=False)
    async with app.run_test(size=(120, 40)) as pilot:
        step = (await editor_at(pilot, "admin")).pane("admin")
        field = step.query_one(FIELD, Input)
        await type_into(pilot, field, "EU123")
        await pilot.pause()  # the error line is mounted under the field with the first message
        error = step.query_one(f"{FIELD}-error", Static)
        shown = str(error.render())
        assert "'EU123' is not an EU CT number" in shown, shown
        assert "YYYY-5NNNNN-NN-NN, e.g. 2023-501234-12-00" in shown
        assert app.trial.title_page.eu_ct_number != "EU123"
        assert field.has_class("-invalid-field")
        await type_into(pilot, field, "2023-501234-12-00")
        assert not str(error.render()).strip() and not field.has_class("-invalid-field")
        assert app.trial.title_page.eu_ct_number == "2023-501234-12-00"
