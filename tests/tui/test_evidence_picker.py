"""The evidence picker (issue 12): typed values survive picking and un-picking a record, and
the records that fit the trial come first, the others one choice away with the reason."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Select, Static

from tests.tui.conftest import editor_at, settle, type_into
from trialkit.tui.app import make_app
from trialkit.tui.widgets.evidence_picker import MORE


def _listed(select: Select) -> list[str]:
    return [str(value) for _, value in select._options if value is not Select.NULL]


async def _typed_effect(pilot, step) -> None:
    await type_into(pilot, step.query_one("#ss-p-delta", Input), "0.25")
    await type_into(pilot, step.query_one("#ss-p-sd", Input), "0.4")


def _shown(step, name: str) -> str:
    return step.query_one(f"#ss-p-{name}", Input).value


async def _a_record_that_cannot_size_the_design_keeps_the_typed_effect_and_says_why(
        pilot, step) -> None:
    app = pilot.app
    await _typed_effect(pilot, step)
    picker = step.query_one("#ss-evidence", Select)
    if MORE in _listed(picker):  # the other records are one choice away, until first shown
        picker.value = MORE
        await settle(pilot)
    picker.value = "su2024.clinical_remission"  # a single-group proportion in lupus
    await settle(pilot)
    params = app.trial.sample_size.parameters
    assert params["delta"] == 0.25 and params["sd"] == 0.4
    assert (_shown(step, "delta"), _shown(step, "sd")) == ("0.25", "0.4")
    note = str(step.query_one("#ss-evidence-note", Static).render())
    assert "cannot size Two means (t-test)" in note and "two_means" not in note
    assert "It is not used: the sample size comes from the values typed below." in note
    assert step.sizing.result is not None  # the typed effect sizes the design meanwhile
    picker.clear()
    await settle(pilot)
    assert app.trial.sample_size.evidence is None
    assert (_shown(step, "delta"), _shown(step, "sd")) == ("0.25", "0.4")
    assert step.sizing.result is not None


async def _none_brings_back_the_values_a_fitting_record_replaced(pilot, step) -> None:
    app = pilot.app
    await _typed_effect(pilot, step)
    picker = step.query_one("#ss-evidence", Select)
    picker.value = "larsen2009.crp"  # a difference in means: it supplies the effect
    await settle(pilot)
    params = app.trial.sample_size.parameters
    assert "delta" not in params and "sd" not in params
    assert _shown(step, "delta") == ""
    assert step.sizing.result is not None, step.sizing.message
    picker.clear()  # "(none: type the effect)"
    await settle(pilot)
    params = app.trial.sample_size.parameters
    assert params["delta"] == 0.25 and params["sd"] == 0.4
    assert (_shown(step, "delta"), _shown(step, "sd")) == ("0.25", "0.4")


async def _the_picker_lists_records_that_fit_first_and_the_others_one_choice_away(
        pilot, step) -> None:
    app = pilot.app
    picker = step.query_one("#ss-evidence", Select)
    listed = _listed(picker)
    assert listed[-1] == MORE
    sources = [v.split(".")[0] for v in listed[:-1]]
    # type 1 diabetes (Moran et al. 2013) first, then the related type 2 (Larsen et al. 2009)
    assert sources == sorted(sources, key=["moran2013", "larsen2009"].index), sources
    assert set(sources) == {"moran2013", "larsen2009"}
    assert not any(v.startswith("su2024.") for v in listed)  # lupus is not type 1 diabetes
    picker.value = MORE
    await settle(pilot)
    assert picker.expanded and picker.value is Select.NULL
    listed = _listed(picker)
    assert any(v.startswith("su2024.") for v in listed)
    assert listed.index("larsen2009.crp") < listed.index("su2024.clinical_remission")
    assert app.trial.sample_size.evidence is None


async def test_the_evidence_picker_orders_records_and_keeps_typed_values(example: Path):
    """One session, in order: the list as first shown, then picking and un-picking a record
    that fits and one that does not, each leaving the typed effect as it was."""
    app = make_app(example, offer_recovery=False)
    async with app.run_test(size=(120, 40)) as pilot:
        step = (await editor_at(pilot, "sample_size")).pane("sample_size")
        await _the_picker_lists_records_that_fit_first_and_the_others_one_choice_away(pilot, step)
        await pilot.press("escape")  # close the expanded list
        await settle(pilot)
        await _none_brings_back_the_values_a_fitting_record_replaced(pilot, step)
        await _a_record_that_cannot_size_the_design_keeps_the_typed_effect_and_says_why(pilot, step)
