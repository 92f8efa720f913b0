"""Switching the sample-size procedure never leaves stale input (issue 12's first defect).

Ratio of means -> two means once showed the old ratio as the allocation, and each procedure
then complained of the other's parameters ("two_means() got an unexpected keyword argument
'allocation'") until the fields were emptied by hand.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, Select, Static

from tests.tui.conftest import editor_at, settle, type_into
from trialkit.power import catalogue
from trialkit.tui.app import make_app


def _inputs(step) -> set[str]:
    return {w.id[5:] for w in step.query("#ss-inputs Input").results(Input) if w.id}


async def _engine_errors_mark_the_field_named_in_the_error(pilot, step) -> None:
    field = step.query_one("#ss-p-baseline_correlation", Input)
    typed = field.value
    await type_into(pilot, field, "1.5")
    assert field.has_class("-invalid-field")
    assert not step.query_one("#ss-p-sd", Input).has_class("-invalid-field")
    message = str(step.query_one("#ss-message", Static).render())
    assert message == "Baseline correlation must be between -1 and 1 (now 1.5)."
    await type_into(pilot, field, typed)
    assert not field.has_class("-invalid-field")


async def _ratio_of_means_to_two_means_leaves_no_stale_input_and_sizes(pilot, step) -> None:
    app = pilot.app
    ratio = catalogue.procedure("ratio_of_means")
    assert ratio is not None and ratio.effect is not None and ratio.allocation is not None
    step.query_one("#ss-procedure", Select).value = "ratio_of_means"
    await settle(pilot)
    params = app.trial.sample_size.parameters
    assert set(params) <= set(ratio.names())
    assert "delta" not in params and "sd" not in params  # no meaning in a ratio design
    assert params["power"] == 0.8 and params["dropout"] == 0.1  # same meaning: kept
    for name, text in ((ratio.effect.name, "1.3"), ("cv", "0.6"),
                       (ratio.allocation.name, "2")):
        await type_into(pilot, step.query_one(f"#ss-p-{name}", Input), text)
    assert step.sizing.result is not None, step.sizing.message
    n_t, n_c = step.sizing.result.n_per_arm
    assert n_t == 2 * n_c  # the allocation, not the ratio of means

    step.query_one("#ss-procedure", Select).value = "two_means"
    await settle(pilot)
    params = app.trial.sample_size.parameters
    assert "cv" not in params and 1.3 not in params.values()  # the ratio of means is gone
    assert params["ratio"] == 2.0  # the allocation keeps its meaning
    assert _inputs(step) == {p.name for p in catalogue.procedure("two_means").parameters
                             if p.kind in ("number", "integer", "sizes", "text")}
    assert step.query_one("#ss-p-ratio", Input).value == "2"
    message = str(step.query_one("#ss-message", Static).render())
    assert "keyword" not in message and "two_means()" not in message
    assert "SD" in message  # the first missing input, by its label
    for name, text in (("delta", "0.1"), ("sd", "0.2")):
        await type_into(pilot, step.query_one(f"#ss-p-{name}", Input), text)
    assert step.sizing.result is not None, step.sizing.message
    n_t, n_c = step.sizing.result.n_per_arm
    assert n_t == 2 * n_c
    assert set(step.sizing.kwargs) <= set(catalogue.procedure("two_means").names())


async def _a_range_is_said_in_words_and_a_percentage_told_how_to_type_it(pilot, step) -> None:
    # The catalogue's words for a range (Range.words()), not interval notation such as
    # "(0.05, 1)"; a power typed as 85 (meaning 85%) is told how to type it.
    message = step.query_one("#ss-message", Static)
    await type_into(pilot, step.query_one("#ss-p-power", Input), "85")
    assert str(message.render()) == ("Power must be between 0.05 and 1, above the "
                                     "significance level; type 85% as 0.85 (now 85).")
    await type_into(pilot, step.query_one("#ss-p-power", Input), "85%")
    assert step.sizing.result is not None and step.sizing.result.inputs["power"] == 0.85
    await type_into(pilot, step.query_one("#ss-p-sd", Input), "0")
    assert str(message.render()) == "SD must be greater than 0 (now 0)."


@pytest.mark.slow(seconds=10)
async def test_switching_procedures_leaves_no_stale_input_and_errors_are_said_in_words(
        example: Path):
    """One session on the sample-size step: an engine error marks its field (then the value
    typed back), ratio of means and back to two means, ranges said in words, then every
    procedure the catalogue offers for a design filled in and sized."""
    app = make_app(example, offer_recovery=False)
    async with app.run_test(size=(120, 40)) as pilot:
        step = (await editor_at(pilot, "sample_size")).pane("sample_size")
        await _engine_errors_mark_the_field_named_in_the_error(pilot, step)
        await _ratio_of_means_to_two_means_leaves_no_stale_input_and_sizes(pilot, step)
        await _a_range_is_said_in_words_and_a_percentage_told_how_to_type_it(pilot, step)
        await _every_design_procedure_sizes_from_the_form(pilot, step)


async def test_a_stale_parameter_from_a_file_is_named_in_words(example: Path):
    text = example.read_text(encoding="utf-8").replace("    dropout: 0.1\n",
                                                       "    dropout: 0.1\n    allocation: 2\n", 1)
    example.write_text(text, encoding="utf-8")
    app = make_app(example, offer_recovery=False)
    async with app.run_test(size=(120, 40)) as pilot:
        editor = await editor_at(pilot, "sample_size")
        step = editor.pane("sample_size")
        message = str(step.query_one("#ss-message", Static).render())
        assert step.sizing.result is None
        assert message.startswith("Allocation is not an input of Two means (t-test)")
        assert "unexpected keyword" not in message


async def test_a_ratio_of_means_design_in_the_old_names_keeps_its_meaning(example: Path):
    # Before the agreed vocabulary a ratio of means' effect was `ratio` and its allocation
    # `allocation`; issue 12 saw that ratio shown as the allocation.
    text = example.read_text(encoding="utf-8")
    start = text.index("  procedure: two_means\n")
    end = text.index("  rationale:", start)
    old_style = ("  procedure: ratio_of_means\n  parameters:\n    ratio: 1.3\n    cv: 0.6\n"
                 "    allocation: 2\n    power: 0.8\n")
    example.write_text(text[:start] + old_style + text[end:], encoding="utf-8")
    app = make_app(example, offer_recovery=False)
    async with app.run_test(size=(120, 40)) as pilot:
        editor = await editor_at(pilot, "sample_size")
        step = editor.pane("sample_size")
        assert step.query_one("#ss-p-mean_ratio", Input).value == "1.3"
        assert step.query_one("#ss-p-ratio", Input).value == "2"
        assert not app.dirty  # read in today's names; written so only when saved
        n_t, n_c = step.sizing.result.n_per_arm
        assert n_t == 2 * n_c
        step.query_one("#ss-procedure", Select).value = "two_means"
        await settle(pilot)
        assert app.trial.sample_size.parameters == {"ratio": 2, "power": 0.8}


async def _every_design_procedure_sizes_from_the_form(pilot, step) -> None:
    """Each procedure the catalogue offers for a design, filled in through its form, sizes."""
    app = pilot.app
    for proc in catalogue.design_procedures():
        step.query_one("#ss-procedure", Select).value = proc.name
        await settle(pilot)
        for field in step.query("#ss-inputs Input").results(Input):
            field.value = ""
        for name, value in proc.example.items():
            text = ", ".join(map(str, value)) if isinstance(value, tuple) else str(value)
            step.query_one(f"#ss-p-{name}", Input).value = text
        await settle(pilot)
        assert step.sizing.result is not None, (proc.name, step.sizing.message)
        assert set(app.trial.sample_size.parameters) <= set(proc.names()), proc.name
