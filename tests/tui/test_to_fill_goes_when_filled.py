"""A field's "(to fill)" goes as soon as something is typed or chosen in it, not at the next
check of the design (the timed drive at 80x24: "Full title (to fill)" above a typed title,
"Intervention model (to fill)" after Parallel was chosen), and comes back if it is emptied."""

from __future__ import annotations

from typing import Any

import pytest
from textual.widgets import Input, Label, Select

from tests.tui.conftest import burst, editor_at, settle
from trialkit.tui.app import make_app


def _label(field: Any) -> str:
    return str(field.parent.query(Label).first(Label).content)


async def test_to_fill_goes_as_a_title_is_typed_and_a_model_chosen(monkeypatch: pytest.MonkeyPatch):
    app = make_app(offer_recovery=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.start_blank()
        editor = await editor_at(pilot, "design")
        await editor_at(pilot, "question")
        title = editor.pane("question").query_one("#title-title-page--full-title", Input)
        model = editor.pane("design").query_one("#design-design--intervention-model", Select)
        assert _label(title).endswith(" (to fill)") and _label(model).endswith(" (to fill)")
        monkeypatch.setattr(editor, "run_analysis", lambda trial: None)  # no new check
        title.focus()
        await settle(pilot)
        burst(app, [*"Anakinra in new-onset type 1 diabetes"])
        await settle(pilot)
        assert _label(title) == "Full title"
        assert "-to-fill" not in title.parent.query(Label).first(Label).classes
        burst(app, ["ctrl+u"])
        await settle(pilot)
        assert _label(title) == "Full title (to fill)"
        model.value = "parallel"
        await settle(pilot)
        assert not _label(model).endswith(" (to fill)")
