"""Evidence that fits first (issue 12): condition, endpoint and the procedure's effect kind."""

from __future__ import annotations

import re

import pytest

from trialkit.design import load_trial
from trialkit.design.evidence_link import EvidenceLink
from trialkit.design.evidence_rank import (
    OTHER,
    RELATED,
    SAME,
    condition_match,
    rank_evidence,
    trial_condition_text,
)
from trialkit.evidence import load_library
from trialkit.power import catalogue
from trialkit.resources import data_dir

PROGRAMMER_WORDS = re.compile(r"\w+=\.\.\.|--[a-z]|\b(two_means|one_proportion|two_proportions|"
                              r"ratio_of_means|smd_pre_post|null_rate|control_rate)\b")


@pytest.fixture(scope="module")
def link() -> EvidenceLink:
    return EvidenceLink(load_library())


def _trial(name: str):
    return load_trial(data_dir("examples") / f"{name}.yaml")


def test_condition_match_tells_the_same_a_related_and_another_condition():
    text = "anakinra in adults with recent-onset type 1 diabetes"
    assert condition_match("type 1 diabetes", text) == SAME
    assert condition_match("Type 2 diabetes", text) == RELATED  # shares "diabetes" only
    assert condition_match("systemic lupus erythematosus", text) == OTHER
    assert condition_match("type 1 diabetes", "type 11 diabetes-like") != SAME  # whole words
    assert condition_match(None, text) == OTHER


def test_a_type_1_diabetes_trial_sees_diabetes_records_first_and_lupus_ones_after(link):
    trial = _trial("anakinra-t1d")
    assert "type 1 diabetes" in trial_condition_text(trial)
    ranked = rank_evidence(trial, link, catalogue.procedure("two_means"), "E1")
    assert len(ranked) == len(link.estimates())
    first = [r for r in ranked if r.first]
    assert first and all(r.condition.endswith("diabetes") and r.fits for r in first)
    # the same condition (Moran et al. 2013, type 1) leads the related one (type 2)
    assert [r.id.split(".")[0] for r in first[:2]] == ["moran2013", "moran2013"]
    assert ranked[: len(first)] == first  # the records that fit lead the list
    lupus = [r for r in ranked if "lupus" in r.condition]
    assert lupus and all(not r.first for r in lupus)
    assert all(ranked.index(r) >= len(first) for r in lupus)


def test_a_record_that_cannot_size_the_procedure_says_why_in_the_forms_words(link):
    trial = _trial("anakinra-t1d")
    for proc in catalogue.design_procedures():
        for record in rank_evidence(trial, link, proc, "E1"):
            if record.fits:
                continue
            assert record.reason.startswith(f"cannot size {proc.label}: "), record.reason
            assert not PROGRAMMER_WORDS.search(record.reason), record.reason
    remission = next(r for r in rank_evidence(trial, link, catalogue.procedure("two_means"), "E1")
                     if r.id == "su2024.clinical_remission")
    assert not remission.fits
    assert "not a difference in means" in remission.reason and "Two proportions" in remission.reason


def test_a_lupus_trial_sees_its_own_records_that_fit_the_effect_kind_first(link):
    trial = _trial("ld-il2-sle")
    trial.sample_size.procedure = "one_proportion"
    trial.sample_size.parameters = {"null_rate": 0.3, "power": 0.8}
    ranked = rank_evidence(trial, link, catalogue.procedure("one_proportion"), "E1")
    first = [r for r in ranked if r.first]
    assert {r.id for r in first} == {"su2024.clinical_remission", "su2024.sri4_response",
                                     "su2024.injection_site_reaction_rate", "su2024.fever_rate"}
    assert ranked[0].id == "su2024.sri4_response"  # the endpoint is the SRI-4 response
    assert all(r.condition_match == SAME for r in first)
    assert all(not r.first for r in ranked if r.condition == "type 2 diabetes")


def test_the_endpoint_orders_records_of_the_same_condition(link):
    trial = _trial("il1ra-t2d-durability")
    two_means = catalogue.procedure("two_means")
    by_endpoint = {e: rank_evidence(trial, link, two_means, e)[0].id for e in ("E1", "E2")}
    assert by_endpoint == {"E1": "larsen2009.pi_insulin_ratio", "E2": "larsen2009.crp"}


def test_without_a_library_nothing_is_listed():
    trial = _trial("anakinra-t1d")
    assert rank_evidence(trial, EvidenceLink.empty(), None, "E1") == []


def test_a_record_whose_outcome_is_the_endpoint_leads_one_whose_outcome_is_not(link):
    # A type 2 diabetes trial whose endpoint is the C-peptide AUC: the type 1 records measure
    # it (a related condition), the type 2 ones measure other outcomes (the same condition).
    trial = _trial("il1ra-t2d-durability")
    endpoint = trial.endpoint("E1")
    endpoint.name, endpoint.description = "C-peptide AUC", "stimulated C-peptide AUC"
    ranked = rank_evidence(trial, link, catalogue.procedure("two_means"), "E1")
    first = [r for r in ranked if r.first]
    matching = [r for r in first if r.endpoint_match]
    assert {r.id.split(".")[0] for r in matching} == {"moran2013"}
    assert first[: len(matching)] == matching, [r.id for r in first]
    assert all(r.label.startswith(("Moran et al. (2013), ", "Larsen et al. (2009), "))
               for r in first), [r.label for r in first]
