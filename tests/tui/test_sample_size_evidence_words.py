"""The sample-size step's evidence records in words, and a record that cannot size the design
never blocks the typed values (a timed drive: 'moran2013.anakinra_cpeptide_auc' on screen, and
"No sample size yet." with every value typed until the record was set back to "(none)")."""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from textual.widgets import Select, Static

from tests.tui.conftest import editor_at, settle
from trialkit.design import load_trial
from trialkit.design.assessment import assess_sizing
from trialkit.design.evidence_link import EvidenceLink
from trialkit.render.markdown import render_markdown
from trialkit.tui.app import make_app
from trialkit.tui.widgets.evidence_picker import MORE

MORAN = "moran2013.anakinra_cpeptide_auc"
_ID = re.compile(r"\b[a-z]+\d{4}\.\w+")
"""A record's id in the library ('su2024.fever_rate'): never the words on screen."""


def _ancova(example: Path, evidence: str | None) -> Path:
    """The example sized by ANCOVA on log(x + 1) with every value typed, as in the drive."""
    design = yaml.safe_load(example.read_text(encoding="utf-8"))
    design["sample_size"].update(procedure="ancova_log", evidence=evidence, parameters={
        "control_mean": 0.3, "log1p_sd": 0.2, "mean_ratio": 1.2, "baseline_correlation": 0.7,
        "power": 0.8, "alpha": 0.05, "dropout": 0.1})
    example.write_text(yaml.safe_dump(design, sort_keys=False), encoding="utf-8")
    return example


def _texts(select: Select) -> list[str]:
    return [str(text) for text, value in select._options
            if value is not Select.NULL]


async def test_a_record_that_cannot_size_the_design_does_not_block_the_typed_values(
        example: Path) -> None:
    app = make_app(_ancova(example, None), offer_recovery=False)
    async with app.run_test(size=(120, 40)) as pilot:
        step = (await editor_at(pilot, "sample_size")).pane("sample_size")
        assert step.sizing is not None and step.sizing.result is not None
        typed = step.sizing.result.n_total
        picker = step.query_one("#ss-evidence", Select)
        picker.value = MORE
        await settle(pilot)
        line = next(t for t, v in picker._options if v == MORAN)
        assert str(line).startswith("✗ Moran et al. (2013), anakinra vs placebo: 2-h"), line
        assert not any(_ID.search(t) for t in _texts(picker)), _texts(picker)
        picker.value = MORAN
        await settle(pilot)
        assert app.trial.sample_size.evidence == MORAN
        assert step.sizing is not None and step.sizing.result is not None, step.sizing
        assert step.sizing.result.n_total == typed
        note = str(step.query_one("#ss-evidence-note", Static).render())
        assert note.startswith("Moran et al. (2013), ") and "cannot size ANCOVA" in note, note
        assert "It is not used: the sample size comes from the values typed below." in note
    # check and the protocol read the one assessment: the same size, and the same words
    trial = load_trial(_ancova(example, MORAN))
    assessment = assess_sizing(trial, EvidenceLink.open())
    assert assessment.totals is not None and assessment.totals.analysed == typed
    assert assessment.assurance is None
    warning = next(p for p in assessment.problems if p.field == "sample_size.evidence")
    assert warning.severity == "warning"
    assert warning.message.startswith("Moran et al. (2013), 2-h mixed-meal C-peptide AUC")
    assert "is not used for the sample size" in warning.message
    protocol = render_markdown(trial)
    assert f"{typed} in total" in protocol and "\n| Evidence |" not in protocol


async def test_the_control_arm_record_menu_names_records_in_words_those_that_fit_first(
        example: Path) -> None:
    app = make_app(example, offer_recovery=False)
    async with app.run_test(size=(120, 40)) as pilot:
        step = (await editor_at(pilot, "sample_size")).pane("sample_size")
        step.query_one("#ss-procedure", Select).value = "two_proportions"
        await settle(pilot)
        picker = step.query_one("#ss-evidence", Select)
        picker.value = MORE
        await settle(pilot)
        picker.value = "su2024.fever_rate"
        await settle(pilot)
        control = step.query_one("#ss-x-control", Select)
        assert control.parent is not None and control.parent.display
        texts = _texts(control)
        assert texts and not any(_ID.search(t) for t in texts), texts
        assert all(re.match(r"(✗ )?[A-Z][a-z]+ et al\. \(\d{4}\)", t) for t in texts), texts
        marks = [t.startswith("✗") for t in texts]
        assert marks == sorted(marks), texts  # those it sizes the design with first
        picker.clear()
