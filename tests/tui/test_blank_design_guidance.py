"""A blank design guides its user (tmux drive at 120 columns): the words of the design,
population and safety steps, and what is asked only when it applies."""

from __future__ import annotations

from textual.widgets import Label, Select

from tests.tui.conftest import editor_at, settle
from trialkit.tui.app import make_app


def _labels(pane) -> list[str]:
    return [str(label.render()) for label in pane.query(Label).results(Label)]


async def _blank_design_words_and_the_committee_reason_only_without_a_committee(pilot):
    app = pilot.app
    editor = await editor_at(pilot, "design")
    design = editor.pane("design")
    # The heading says "Blinding"; its first field is the level (still to fill here).
    labels = [label.removesuffix(" (to fill)") for label in _labels(design)]
    assert "Blinding" not in labels and "Level" in labels, labels
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


def _one_primary_endpoint(trial, **analysis) -> None:
    """The drive's objective: E1, log(AUC + 1) of the C-peptide, analysed as planned."""
    from trialkit.design.objectives import Endpoint, EndpointAnalysis, Objective

    trial.objectives = [Objective(id="O1", level="primary", endpoints=[Endpoint(
        id="E1", name="C-peptide AUC", type="continuous", transformation="log(AUC + 1)",
        analysis=EndpointAnalysis(**analysis) if analysis else None)])]


async def test_a_blank_designs_words_and_its_sample_size_proposed_by_the_planned_analysis():
    """One blank design: the words of its design, population and safety steps (the sample
    size not yet opened), then the procedure the planned analysis proposes."""
    app = make_app(offer_recovery=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.start_blank()
        await _blank_design_words_and_the_committee_reason_only_without_a_committee(pilot)
        assert app.trial.sample_size.procedure is None
        _one_primary_endpoint(app.trial, model="ancova", scale="log1p",
                              covariates=["baseline value"])
        editor = await editor_at(pilot, "sample_size")
        step = editor.pane("sample_size")
        assert (app.trial.sample_size.endpoint, app.trial.sample_size.procedure) == (
            "E1", "ancova_log")
        assert step.query_one("#ss-endpoint", Select).value == "E1"
        assert step.query_one("#ss-procedure", Select).value == "ancova_log"
        said = str(step.query_one("#ss-proposed").render())
        assert "Chosen from the planned analysis: E1" in said, said
        assert "F5 checks this sample size by simulation" in said, said  # the calculators
        assert step.query("#ss-p-control_mean")  # its inputs are there to fill

        # The user's own choice stands, also after leaving the step and coming back.
        step.query_one("#ss-procedure", Select).value = "two_means"
        await settle(pilot)
        assert not step.query_one("#ss-proposed").display
        step.query_one("#ss-procedure", Select).clear()
        await settle(pilot)
        await editor_at(pilot, "analysis")
        await editor_at(pilot, "sample_size")
        assert app.trial.sample_size.procedure is None


def test_the_scale_an_endpoint_transformation_names():
    from trialkit.design.analysis import scale_of

    assert [scale_of(t) for t in ("log(AUC + 1)", "Log (AUC+1)", "log1p", "ln(x)",
                                  "log10(viral load)", "log-transformed", "AUC", None)] == [
        "log1p", "log1p", "log1p", "log", "log", "log", None, None]


async def test_the_analysis_scale_comes_from_the_endpoint_transformation_when_unset():
    app = make_app(offer_recovery=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.start_blank()
        await editor_at(pilot)
        _one_primary_endpoint(app.trial)
        editor = await editor_at(pilot, "analysis")
        pane = editor.pane("analysis")
        assert app.trial.endpoint("E1").analysis is None  # nothing written by looking
        pane.query_one("#an-analysis--model", Select).value = "ancova"
        await settle(pilot)
        analysis = app.trial.endpoint("E1").analysis
        assert (analysis.model, analysis.scale) == ("ancova", "log1p")
        assert pane.query_one("#an-analysis--scale", Select).value == "log1p"
        said = str(pane.query_one("#an-sizing").render())
        assert "the log(x + 1) scale, as the endpoint's transformation (log(AUC + 1))" in said

        # A scale the user chose stays when the model changes.
        pane.query_one("#an-analysis--scale", Select).value = "identity"
        await settle(pilot)
        pane.query_one("#an-analysis--model", Select).value = "t_test"
        await settle(pilot)
        assert app.trial.endpoint("E1").analysis.scale == "identity"


async def test_a_step_mark_counts_what_the_step_shows_still_to_fill(example):
    """The drive's marks: Design '1 to fill' with nothing pointing at the design summary;
    Safety ✓ with no expected adverse events; Schedule ✓ with an empty grid."""
    from trialkit.design.io import dump_trial, load_trial

    trial = load_trial(example)
    trial.design.description = None
    trial.safety.expected_adverse_events = []
    for visit in trial.visits:
        visit.assessments = []
    example.write_text(dump_trial(trial), encoding="utf-8")
    app = make_app(example, offer_recovery=False)
    async with app.run_test(size=(120, 40)) as pilot:
        editor = await editor_at(pilot, "design")
        await settle(pilot)
        marks = {step: label.split()[0] for step, label in editor._labels.items()}
        assert marks["design"] == "1" and marks["safety"] == "1", marks
        assert marks["schedule"] == "?", marks  # warnings only: something to check, not ✓

        design = editor.pane("design")
        assert "Design summary (to fill)" in _labels(design)
        assert "SPIRIT 12" in str(design.query_one("#step-todo").render())
        assert sum(label.endswith("(to fill)") for label in _labels(design)) == 1

        editor = await editor_at(pilot, "safety")
        todo = str(editor.pane("safety").query_one("#step-todo").render())
        assert "SPIRIT 17" in todo, todo

        editor = await editor_at(pilot, "schedule")
        todo = str(editor.pane("schedule").query_one("#step-todo").render())
        assert "To check:" in todo and "not scheduled at any visit" in todo, todo
