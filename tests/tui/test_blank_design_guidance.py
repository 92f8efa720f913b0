"""A blank design guides its user (tmux drive at 120 columns): the words of the design,
population and safety steps, and what is asked only when it applies."""

from __future__ import annotations

from textual.widgets import Label, Select

from tests.tui.conftest import editor_at, settle
from trialkit.tui.app import make_app


def _labels(pane) -> list[str]:
    return [str(label.render()) for label in pane.query(Label).results(Label)]


async def test_blank_design_words_and_the_committee_reason_only_without_a_committee():
    app = make_app(offer_recovery=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.start_blank()
        editor = await editor_at(pilot, "design")
        design = editor.pane("design")
        assert _labels(design).count("Blinding") <= 1  # a heading, not a heading and a label
        framework = design.query_one("#design-design--framework", Select)
        words = [str(prompt) for prompt, _ in framework._options]
        assert "Non-inferiority" in words, words

        editor = await editor_at(pilot, "population")
        labels = _labels(editor.pane("population"))
        assert "Women of childbearing potential may enrol" in labels, labels

        editor = await editor_at(pilot, "safety")
        safety = editor.pane("safety")
        why = safety.query_one("#dmc-safety--dmc--reasons-if-none")
        assert why.parent is not None and why.parent.display  # not set yet: asked
        safety.query_one("#dmc-safety--dmc--required", Select).value = "yes"
        await settle(pilot)
        assert app.trial.safety.dmc.required is True
        assert not why.parent.display  # a committee is planned: no reason for none
        safety.query_one("#dmc-safety--dmc--required", Select).value = "no"
        await settle(pilot)
        assert why.parent.display
