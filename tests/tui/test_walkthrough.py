"""An investigator walks the main example from the welcome screen to an exported protocol."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from textual.widgets import Input, OptionList

from tests.tui.conftest import settle, type_into, wait_until
from trialkit.tui.app import make_app
from trialkit.tui.screens.editor import EditorScreen
from trialkit.tui.screens.welcome import WelcomeScreen
from trialkit.tui.steps.export import ExportStep
from trialkit.tui.steps.review import ReviewStep
from trialkit.tui.steps.sample_size import SampleSizeStep


@pytest.mark.slow(seconds=5)
async def test_investigator_designs_the_il1_type1_diabetes_trial(example: Path, tmp_path: Path):
    app = make_app(offer_recovery=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, WelcomeScreen)
        # The first scenario offered is the main example; Enter starts from it.
        await pilot.press("enter")
        await settle(pilot)
        editor = app.screen
        assert isinstance(editor, EditorScreen)
        assert app.trial.title_page.acronym == "ANAKIN-T1D"
        assert app.path is None  # a scenario is a template: saving asks for a new file

        # Sample size: a larger effect needs fewer participants.
        editor.show_step("sample_size")
        await settle(pilot)
        step = editor.pane("sample_size")
        assert isinstance(step, SampleSizeStep)
        before = step.sizing.result.n_total
        await type_into(pilot, step.query_one("#ss-p-delta", Input), "0.15")
        assert app.trial.sample_size.parameters["delta"] == 0.15
        after = step.sizing.result.n_total
        assert after < before
        assert f"({after} in total)" in step.sizing.justification
        assert app.dirty

        # Population: add an exclusion criterion by typing it and pressing Enter.
        editor.show_step("population")
        await settle(pilot)
        criterion = "Prior treatment with an IL-1 antagonist"
        await type_into(pilot, editor.pane("population").query_one("#exclusion-input", Input),
                        criterion)
        await pilot.press("enter")
        await settle(pilot)
        assert app.trial.population.exclusion[-1] == criterion

        # Design: a three-part allocation ratio for two arms is an error the review flags.
        editor.show_step("design")
        await settle(pilot)
        await type_into(pilot, editor.query_one("#design-design--allocation-ratio", Input),
                        "1:1:1")
        editor.show_step("review")
        await settle(pilot)
        review = editor.pane("review")
        assert isinstance(review, ReviewStep)
        listing = review.query_one("#review-list", OptionList)
        # The assessment renders the protocol in a worker: wait for the review to list it.
        await wait_until(pilot, lambda: any(field == "design.allocation_ratio"
                                            for _, field in review.targets.values()),
                         "the review lists the allocation ratio")
        key = next(k for k, (_, field) in review.targets.items()
                   if field == "design.allocation_ratio")
        listing.highlighted = listing.get_option_index(key)
        listing.focus()
        await pilot.press("enter")
        await settle(pilot)
        # The jump lands on the design step with the allocation ratio focused; fix it.
        assert editor.current == "design"
        assert app.focused is not None and app.focused.id == "design-design--allocation-ratio"
        await type_into(pilot, app.focused, "1:1")
        assert app.trial.design.allocation_ratio == "1:1"
        # The progress check runs in a worker after a debounce; on a loaded machine its result
        # can land a moment after the edit settles, so wait for it rather than a fixed time.
        await wait_until(pilot, lambda: editor.analysis is not None and not [
            p for p in editor.analysis.problems if p.kind == "error"], "the review's errors clear")

        # Export the Word protocol and check its sample size.
        editor.show_step("export")
        await settle(pilot)
        export = editor.pane("export")
        assert isinstance(export, ExportStep)
        target = tmp_path / "protocol.docx"  # the working folder: a short name is enough
        await type_into(pilot, export.query_one("#export-path", Input), target.name)
        await pilot.press("enter")
        await settle(pilot)
        assert export.last_written == target
        from docx import Document

        text = "\n".join(p.text for p in Document(str(target)).paragraphs)
        total = step.sizing.result.n_total
        assert re.search(rf"\b{total} in total\b", text)
