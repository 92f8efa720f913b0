"""The sample-size step shows the planned analysis it sizes (issue 12: a sample size computed
for a different analysis is named in the sample-size step) -- on screen, not only in the DOM."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static

from tests.tui.conftest import editor_at
from trialkit.tui.app import make_app


async def test_the_planned_analysis_note_is_on_screen(example: Path):
    app = make_app(example, offer_recovery=False)
    async with app.run_test(size=(120, 40)) as pilot:
        editor = await editor_at(pilot, "sample_size")
        note = editor.pane("sample_size").query_one("#ss-analysis", Static)
        assert "analysis" in str(note.render())  # planned, or not yet planned: said either way
        assert note.display and note.region.height > 0, "the note is hidden"
