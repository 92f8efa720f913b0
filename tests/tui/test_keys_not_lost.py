"""Keys typed in a burst (a fast typist, a loaded machine) all count, in order (issue 12,
drive at 120x40: ticks in "Who is masked" and "Evidence cited" were lost and the protocol named
the wrong masked roles; keys right after a step was chosen or the focus moved went astray)."""

from __future__ import annotations

from textual.widgets import SelectionList

from tests.tui.conftest import burst, editor_at, settle
from trialkit.tui.app import make_app

MASKED = "#blind-design--blinding--masked"


async def _every_space_of_a_burst_ticks_the_role_it_was_pressed_on(pilot) -> None:
    app = pilot.app
    app.start_blank()
    editor = await editor_at(pilot, "design")
    editor.query_one(MASKED, SelectionList).focus()
    await settle(pilot)
    burst(app, ["space", "down", "space", "down", "space", "down", "space"])
    await settle(pilot)
    assert app.trial.design.blinding.masked == [
        "participant", "care_provider", "investigator", "outcome_assessor"]
    burst(app, ["up", "space", "up", "space"])  # untick investigator and care provider
    await settle(pilot)
    assert app.trial.design.blinding.masked == ["participant", "outcome_assessor"]


async def _evidence_ticks_typed_in_a_burst_all_arrive(pilot) -> None:
    app = pilot.app
    editor = await editor_at(pilot, "question")
    picker = editor.query_one("#evidence-list", SelectionList)
    picker.focus()
    await settle(pilot)
    burst(app, ["down", "space", "down", "down", "down", "space"])
    await settle(pilot)
    chosen = [picker.get_option_at_index(i).value for i in (1, 4)]
    assert app.trial.background.evidence == chosen


async def _a_ticked_box_differs_from_an_unticked_one_without_colour(pilot) -> None:
    editor = await editor_at(pilot, "design")
    masked = editor.query_one(MASKED, SelectionList)
    assert masked.selected == []
    masked.select("care_provider")
    await settle(pilot)
    boxes = [masked.render_line(y).text[:3] for y in range(2)]
    assert boxes == ["\u2590 \u258c", "\u2590X\u258c"]


async def _enter_on_a_step_in_the_step_list_moves_the_focus_into_the_step(pilot) -> None:
    app = pilot.app
    editor = await editor_at(pilot, "question")
    burst(app, ["f2", "down", "down", "down", "enter", "down", "down"])
    await settle(pilot)
    steps = editor.query_one("#steps")
    assert editor.current == "population"
    assert editor.pane("population") in app.focused.ancestors
    assert steps.highlighted == 3  # the arrows after Enter never moved the step list


async def _keys_after_a_focus_change_go_to_the_new_field_in_order(pilot) -> None:
    app = pilot.app
    editor = await editor_at(pilot, "design")
    randomisation = app.trial.design.randomisation
    randomisation.stratification = ["site", "age group"]
    editor.pane("design").reload()
    editor.query_one("#rand-design--randomisation--concealment").focus()
    await settle(pilot)
    # Two fields back to "Stratified by", clear it, retype, and go on to the next field.
    burst(app, ["shift+tab", "shift+tab", "end", "ctrl+u", "x", "tab", "y"])
    await settle(pilot)
    assert (randomisation.stratification, randomisation.sequence_generation) == (
        ["x"], "y")
    assert app.focused.id == "rand-design--randomisation--sequence-generation"


async def _a_space_followed_by_tab_ticks_before_the_focus_moves_on(pilot) -> None:
    app = pilot.app
    app.start_blank()
    editor = await editor_at(pilot, "design")
    editor.query_one(MASKED, SelectionList).focus()
    await settle(pilot)
    burst(app, ["space", "tab", "x"])
    await settle(pilot)
    blinding = app.trial.design.blinding
    assert (blinding.masked, blinding.method) == (["participant"], "x")


async def test_keys_of_a_burst_all_count_in_order_on_the_field_they_were_typed_on():
    """One app, three blank designs: the checks of the first touch different fields (the
    evidence, the step list, the randomisation, a box ticked by the program); each of the two
    others starts with no masked role ticked (each check a named function above)."""
    app = make_app(offer_recovery=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.start_blank()
        await _evidence_ticks_typed_in_a_burst_all_arrive(pilot)
        await _enter_on_a_step_in_the_step_list_moves_the_focus_into_the_step(pilot)
        await _keys_after_a_focus_change_go_to_the_new_field_in_order(pilot)
        await _a_ticked_box_differs_from_an_unticked_one_without_colour(pilot)
        await _every_space_of_a_burst_ticks_the_role_it_was_pressed_on(pilot)
        await _a_space_followed_by_tab_ticks_before_the_focus_moves_on(pilot)
