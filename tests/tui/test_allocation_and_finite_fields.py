"""The Design and Population steps refuse an allocation part of 0 and inf/nan numbers: the field
is marked in words and the app carries on to size the design (audit N1: '1:0' crashed the
Sample size step's worker; N3: 'inf' weeks and years were taken)."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Static

from tests.tui.conftest import editor_at, settle, type_into
from trialkit.tui.app import make_app


def _error(screen, widget_id: str) -> str:
    line = screen.query_one(f"#{widget_id}-error", Static)
    return str(line.render()) if line.has_class("-shown") else ""


async def test_zero_parts_and_non_finite_numbers_are_marked_and_the_app_carries_on(
    example: Path,
) -> None:
    app = make_app(example, offer_recovery=False)
    async with app.run_test(size=(80, 24)) as pilot:
        editor = await editor_at(pilot, "design")
        ratio = "design-design--allocation-ratio"
        for typed in ("1:0", "0:0", "0:1"):
            await type_into(pilot, editor.query_one(f"#{ratio}", Input), typed)
            assert "above 0" in _error(editor, ratio), typed
            assert app.trial.design.allocation_ratio != typed
        weeks = "design-design--screening-weeks"
        before = app.trial.design.screening_weeks
        for typed in ("inf", "nan"):
            await type_into(pilot, editor.query_one(f"#{weeks}", Input), typed)
            assert "finite" in _error(editor, weeks), typed
            assert app.trial.design.screening_weeks == before
        editor = await editor_at(pilot, "population")
        age = "pop-population--age-max"
        await type_into(pilot, editor.query_one(f"#{age}", Input), "inf")
        assert "finite" in _error(editor, age)
        assert app.trial.population.age_max != float("inf")
        editor = await editor_at(pilot, "sample_size")
        await settle(pilot)
        assert app.is_running
        result = str(editor.query_one("#ss-result", Static).render())
        assert "analysed" in result, result
