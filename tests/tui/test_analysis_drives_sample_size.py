"""The planned analysis drives the sample size in the UI: the issue's ratio-of-means case."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, OptionList, Select, Static

from tests.tui.conftest import settle, type_into, wait_until
from trialkit.tui.app import make_app
from trialkit.tui.steps.review import ReviewStep


def _text(widget: Static) -> str:
    return str(widget.render())


async def test_a_sample_size_for_another_analysis_is_named_and_the_review_jumps_to_it(
        example: Path):
    app = make_app(example, offer_recovery=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        editor = app.screen
        # Statistical analysis: E1 is analysed by ANCOVA on log(x + 1), adjusted for baseline.
        editor.show_step("analysis")
        await settle(pilot)
        pane = editor.pane("analysis")
        pane.query_one("#an-analysis--model", Select).value = "ancova"
        pane.query_one("#an-analysis--scale", Select).value = "log1p"
        await settle(pilot)
        await type_into(pilot, pane.query_one("#an-analysis--covariates", Input),
                        "baseline value")
        analysis = app.trial.endpoint("E1").analysis
        assert (analysis.model, analysis.scale, analysis.covariates) == (
            "ancova", "log1p", ["baseline value"])
        sizing = _text(pane.query_one("#an-sizing", Static))
        # A proposal, not the sizing: the example sizes E1 by two means with the correlation.
        assert "Proposed sample-size procedure: ANCOVA on log(x + 1), baseline-adjusted" in sizing
        assert ("The current procedure, Two means (t-test) with baseline correlation 0.7, fits "
                "this analysis.") in sizing
        assert "Baseline correlation" in _text(pane.query_one("#an-sizing", Static))

        # The example sizes it as two means with the baseline correlation: no problem.
        editor.show_step("sample_size")
        await settle(pilot)
        step = editor.pane("sample_size")
        note = step.query_one("#ss-analysis", Static)
        assert "Planned analysis of E1" in _text(note)
        assert "Design problem" not in _text(note)

        # The slip: a ratio of means (an unadjusted test of log(x)).
        step.query_one("#ss-procedure", Select).value = "ratio_of_means"
        await settle(pilot)
        await type_into(pilot, step.query_one("#ss-p-mean_ratio", Input), "1.3")
        await type_into(pilot, step.query_one("#ss-p-cv", Input), "0.6")
        assert "Design problem" in _text(note)
        assert "The current procedure, Ratio of means (log scale), does not fit it." in _text(note)
        assert "size it with ANCOVA on log(x + 1), baseline-adjusted" in _text(note)

        # The review names it, and Enter lands on the procedure.
        editor.show_step("review")
        await settle(pilot)
        review = editor.pane("review")
        assert isinstance(review, ReviewStep)
        await wait_until(pilot, lambda: any(field == "sample_size.procedure"
                                            for _, field in review.targets.values()),
                         "the review lists the procedure")
        key = next(k for k, (_, field) in review.targets.items()
                   if field == "sample_size.procedure")
        listing = review.query_one("#review-list", OptionList)
        listing.highlighted = listing.get_option_index(key)
        listing.focus()
        await pilot.press("enter")
        await settle(pilot)
        assert editor.current == "sample_size"
        assert app.focused is not None and app.focused.id == "ss-procedure"
