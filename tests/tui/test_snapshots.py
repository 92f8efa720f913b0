"""A few named snapshots of whole screens (textual pinned; cursor frozen by conftest)."""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot

from tests.tui.conftest import settle
from trialkit.tui.app import make_app
from trialkit.tui.steps import STEP_IDS


def test_welcome_at_80x24(snap_compare):
    assert snap_compare(make_app(offer_recovery=False), terminal_size=(80, 24),
                        run_before=settle)


def opening(step: str, *, light: bool = False) -> Callable[[Pilot], Awaitable[None]]:
    """A run_before that shows ``step`` (in the light theme if asked) once all work settled."""
    async def open_step(pilot: Pilot) -> None:
        await settle(pilot)
        if light:
            pilot.app.action_toggle_theme()
        pilot.app.screen.show_step(step)
        await settle(pilot)
        # Give the step its opening focus again once its workers have filled it in: on a
        # loaded machine the first focus can come before a field it would have chosen exists.
        pilot.app.screen.pane(step).focus_field("")
        await settle(pilot)

    return open_step


def test_sample_size_step_at_80x24(snap_compare, example: Path):
    assert snap_compare(make_app(example, offer_recovery=False), terminal_size=(80, 24),
                        run_before=opening("sample_size"))


def test_sample_size_step_light_theme_at_120x40(snap_compare, example: Path):
    assert snap_compare(make_app(example, offer_recovery=False), terminal_size=(120, 40),
                        run_before=opening("sample_size", light=True))


def test_review_lists_an_error_with_its_step_at_120x40(snap_compare, example: Path):
    async def break_and_review(pilot: Pilot) -> None:
        await settle(pilot)
        pilot.app.trial.design.allocation_ratio = "1:1:1"
        pilot.app.screen.show_step("review")
        pilot.app.screen.schedule_analysis(0.01)
        await settle(pilot)

    assert snap_compare(make_app(example, offer_recovery=False), terminal_size=(120, 40),
                        run_before=break_and_review)


OTHER_STEPS = [s for s in STEP_IDS if s not in ("sample_size", "review")]


@pytest.mark.parametrize("step", OTHER_STEPS)
def test_each_step_at_80x24(snap_compare, example: Path, step: str):
    """Every other step of the main example as an investigator first sees it, at 80x24."""
    assert snap_compare(make_app(example, offer_recovery=False), terminal_size=(80, 24),
                        run_before=opening(step))


def test_every_stored_snapshot_belongs_to_a_test():
    """A renamed or removed test leaves its picture behind; syrupy cannot tell under pytest-xdist."""
    tests = {name for name, function in globals().items()
             if name.startswith("test_") and "snap_compare" in inspect.signature(function).parameters}
    expected = (tests - {"test_each_step_at_80x24"}) | {
        f"test_each_step_at_80x24[{step}]" for step in OTHER_STEPS}
    stored = {p.stem for p in (Path(__file__).parent / "__snapshots__" / Path(__file__).stem).iterdir()}
    assert stored == expected
