"""The evidence picker's lines (issue 12, audit F11/F15): a record of a related condition is
marked among the records that fit, and a record that cannot size the design is named by its
citation, in one sentence."""

from __future__ import annotations

import pytest

from trialkit.design import load_trial
from trialkit.design.evidence_link import EvidenceLink
from trialkit.design.evidence_rank import SAME, rank_evidence
from trialkit.evidence import load_library
from trialkit.power import catalogue
from trialkit.resources import data_dir
from trialkit.tui.widgets.evidence_picker import MORE, note, options


@pytest.fixture(scope="module")
def ranked():
    trial = load_trial(data_dir("examples") / "anakinra-t1d.yaml")  # type 1 diabetes
    return rank_evidence(trial, EvidenceLink(load_library()), catalogue.procedure("two_means"),
                         "E1")


def test_records_of_a_related_condition_are_marked_among_those_that_fit(ranked):
    lines = {value: str(text) for text, value in options(ranked, False, None) if value != MORE}
    related = [r for r in ranked if r.first and r.condition_match != SAME]
    assert related, "the type 2 diabetes records fit a type 1 diabetes trial's procedure"
    for record in related:
        assert lines[record.id].endswith(f"[{record.condition}]"), lines[record.id]
    for record in ranked:
        if record.first and record.condition_match == SAME:
            assert "[" not in lines[record.id].split(": ", 1)[1][-30:], lines[record.id]


def test_a_record_that_cannot_size_the_design_is_named_by_its_citation(ranked):
    text = note(ranked, "su2024.clinical_remission")
    assert text.startswith("Su et al. (2024), "), text
    assert "su2024" not in text and ".." not in text
    assert "cannot size Two means (t-test)" in text
    assert text.endswith("It is not used: the sample size comes from the values typed below.")


def test_a_record_of_another_condition_is_named_by_its_citation(ranked):
    larsen = next(r for r in ranked if r.id == "larsen2009.crp")
    assert note(ranked, larsen.id) == ""  # a related condition that fits: nothing to say
    lupus = next(r for r in ranked if r.id.startswith("su2024.") and not r.fits)
    assert "su2024." not in note(ranked, lupus.id)
