"""The built-in seed records: every file validates, and each figure matches the document it
was read from (the abstract or page named in each test)."""

from __future__ import annotations

import pytest

from trialkit.evidence import Library, builtin_dir, load_file, load_library
from trialkit.resources import data_dir

SEED_IDS = {
    "larsen2009", "mandrup-poulsen2007", "igf1-review2002", "stemcell-blog2009", "su2024",
    "moran2013", "lachin2011",
}


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library(builtin=True, environ={})


def test_the_builtin_folder_is_the_repository_seeds_folder():
    folder = builtin_dir()
    assert folder == data_dir("seeds")
    assert folder.name == "seeds" and (folder.parent / "trialkit").is_dir()


def test_data_dir_refuses_an_unknown_folder():
    with pytest.raises(FileNotFoundError, match="no-such-folder"):
        data_dir("no-such-folder")


@pytest.mark.parametrize("path", sorted(builtin_dir().glob("*.yaml")), ids=lambda p: p.name)
def test_every_seed_file_validates(path):
    source = load_file(path)
    assert path.stem == source.id
    assert source.citation.year >= 2002


def test_one_seed_per_source_document(library):
    assert set(library.sources) == SEED_IDS


def _figures(library: Library, full_id: str) -> tuple:
    e = library.estimate(full_id)
    ci = (e.ci.lower, e.ci.upper, e.ci.level) if e.ci else None
    p = (e.p.relation, e.p.value) if e.p else None
    return e.kind, e.value, ci, p


# Larsen et al. 2009 Diabetes Care 32:1663-1668, abstract (Results): PI/I ratio -0.07
# (95% CI -0.14 to -0.02), P = 0.011; CRP -3.2 mg/l (-6.2 to -1.1), P = 0.014; IL-6 -1.4
# (-2.6 to -0.3), P = 0.036; 70 randomised, 67 completed; 39 weeks after withdrawal.
LARSEN_2009 = {
    "larsen2009.pi_insulin_ratio": ("between_group_difference", -0.07, (-0.14, -0.02, 0.95),
                                    ("=", 0.011)),
    "larsen2009.crp": ("between_group_difference", -3.2, (-6.2, -1.1, 0.95), ("=", 0.014)),
    "larsen2009.il6": ("between_group_difference", -1.4, (-2.6, -0.3, 0.95), ("=", 0.036)),
}

# Su et al. 2024 Immun Inflamm Dis 12(1):e1165, abstract (Results): remission 54.8%; SRI-4
# 0.819 (0.745-0.894); SLEDAI SMD -2.109 (-3.271, -0.947) p < .001; CD4+ SMD 0.614 (0.250,
# 0.979) p = .001; Treg SMD 1.096 (0.544, 1.649) p < .001; with 0.5 MIU daily x 5 days Th17
# SMD 1.121 (0.709, 1.533) p < .001 and Treg SMD 0.655 (0.273, 1.038) p = .001; injection-site
# reaction 33.1%, fever 14.4%.
SU_2024 = {
    "su2024.clinical_remission": ("single_arm_proportion", 0.548, None, None),
    "su2024.sri4_response": ("single_arm_proportion", 0.819, (0.745, 0.894, 0.95), None),
    "su2024.sledai_smd": ("smd_pre_post", -2.109, (-3.271, -0.947, 0.95), ("<", 0.001)),
    "su2024.cd4_smd": ("smd_pre_post", 0.614, (0.250, 0.979, 0.95), ("=", 0.001)),
    "su2024.treg_smd": ("smd_pre_post", 1.096, (0.544, 1.649, 0.95), ("<", 0.001)),
    "su2024.th17_smd_daily": ("smd_pre_post", 1.121, (0.709, 1.533, 0.95), ("<", 0.001)),
    "su2024.treg_smd_daily": ("smd_pre_post", 0.655, (0.273, 1.038, 0.95), ("=", 0.001)),
    "su2024.injection_site_reaction_rate": ("adverse_event_rate", 0.331, None, None),
    "su2024.fever_rate": ("adverse_event_rate", 0.144, None, None),
}


# Moran et al. 2013 Lancet 381:1905-1915, Summary (Findings), PubMed Central PMC3827771:
# C-peptide AUC difference canakinumab vs placebo at 12 months 0.01 nmol/L (95% CI -0.11 to
# 0.14; p = 0.86); anakinra vs placebo at 9 months 0.02 nmol/L (-0.09 to 0.15; p = 0.71).
MORAN_2013 = {
    "moran2013.canakinumab_cpeptide_auc": ("between_group_difference", 0.01,
                                           (-0.11, 0.14, 0.95), ("=", 0.86)),
    "moran2013.anakinra_cpeptide_auc": ("between_group_difference", 0.02,
                                        (-0.09, 0.15, 0.95), ("=", 0.71)),
}


@pytest.mark.parametrize("full_id, expected",
                         [*LARSEN_2009.items(), *SU_2024.items(), *MORAN_2013.items()])
def test_seed_figures_match_the_documents(library, full_id, expected):
    assert _figures(library, full_id) == expected


def test_no_estimate_is_recorded_that_the_documents_do_not_give(library):
    assert {e.full_id for e in library.estimates()} == (
        set(LARSEN_2009) | set(SU_2024) | set(MORAN_2013))


def test_larsen_2009_design_and_citation(library):
    source = library.source("larsen2009")
    assert (source.design.n_randomised, source.design.n_analysed) == (70, 67)
    assert source.design.follow_up.startswith("39 weeks")
    assert source.citation.short() == "Larsen et al. (2009, Diabetes Care 32:1663-1668)"
    assert source.citation.authors[0] == "Larsen, Claus M." and len(source.citation.authors) == 6
    assert {e.n.total for e in source.estimates} == {67}
    assert {f.result for f in source.findings} == {"not_maintained", "maintained"}


def test_su_2024_design_and_citation(library):
    source = library.source("su2024")
    assert source.design.n_studies == 8
    assert source.citation.pmid == "38270322"  # MEDLINE id printed on the abstract page
    assert (source.citation.volume, source.citation.issue, source.citation.pages) == (
        "12", "1", "e1165"
    )
    assert {f.id for f in source.findings if f.result == "no_difference"} >= {
        "cd8_no_difference", "th1_no_difference", "th2_no_difference", "th17_no_difference"
    }
    serious = next(a for a in source.adverse_events if a.id == "serious_adverse_events")
    assert serious.occurrence == "none_reported"


def test_igf1_review_is_qualitative_with_its_adverse_events(library):
    # Treat Endocrinol 2002;1(6):399-410, doi 10.2165/00024677-200201060-00005: common,
    # dose-related oedema, jaw pain, arthralgia, myalgia, hypotension, injection-site pain;
    # less commonly Bell's palsy and raised intracranial pressure.
    source = library.source("igf1-review2002")
    assert source.estimates == []
    assert source.citation.doi == "10.2165/00024677-200201060-00005"
    assert source.citation.authors == [] and source.citation.note
    common = {a.event for a in source.adverse_events if a.frequency == "common"}
    rarer = {a.event for a in source.adverse_events if a.frequency == "less_common"}
    assert common == {"oedema", "jaw pain", "arthralgia", "myalgia", "hypotension",
                      "injection-site pain"}
    assert rarer == {"Bell's palsy", "raised intracranial pressure"}
    assert all(a.dose_related for a in source.adverse_events)
    assert source.design.cautions


def test_stem_cell_letter_is_qualitative(library):
    # Blog post of 1 December 2009: mentions a recent trial with 25 patients; no estimates.
    source = library.source("stemcell-blog2009")
    assert source.estimates == []
    assert source.citation.year == 2009 and source.citation.publication_type == "blog_post"
    assert [f.n.total for f in source.findings if f.n] == [25]
    assert len(source.design.cautions) >= 5
    assert {a.frequency for a in source.adverse_events} == {"case_reports"}


def test_mandrup_poulsen_abstract_is_qualitative(library):
    # Endocrine Abstracts (2007) 14 S6.2: 13-week anakinra study; fasting glucose lower after
    # 1 week, largest HbA1c effect at 4 weeks; no figures.
    source = library.source("mandrup-poulsen2007")
    assert source.estimates == []
    assert (source.citation.volume, source.citation.pages) == ("14", "S6.2")
    assert {f.timepoint for f in source.findings} >= {"week 1", "week 4"}
    assert source.related[0].citation.journal == "N Engl J Med"


def test_every_estimate_has_a_locator_and_its_source_attached(library):
    for e in library.estimates():
        assert len(e.locator) > 10
        assert e.source.id == e.full_id.split(".")[0]


def test_moran_2013_two_trials_their_arms_and_registrations(library):
    # Summary (Methods, Findings): canakinumab 2 mg/kg (max 300 mg) monthly for 12 months, 69
    # randomised (47 vs 22), 45 and 21 analysed; anakinra 100 mg daily for 9 months, 69
    # randomised (35 vs 34), 25 and 26 analysed; NCT00947427, NCT00711503, 2007-007146-34.
    source = library.source("moran2013")
    arms = {a.label: (a.n_randomised, a.n_analysed) for a in source.design.arms}
    assert arms == {"canakinumab (TrialNet)": (47, 45), "placebo (TrialNet)": (22, 21),
                    "anakinra (AIDA)": (35, 25), "placebo (AIDA)": (34, 26)}
    assert source.design.n_randomised == 69 + 69
    assert (source.citation.volume, source.citation.pages) == ("381", "1905-1915")
    assert source.citation.doi == "10.1016/S0140-6736(13)60023-9"
    for registration in ("NCT00947427", "NCT00711503", "2007-007146-34", "PMC3827771"):
        assert registration in source.citation.note
    ae = {f.id: f for f in source.findings}
    assert ae["anakinra_adverse_event_grades"].p.value == 0.018
    assert ae["canakinumab_adverse_events"].result == "no_difference"
    estimates = {e.id: e for e in source.estimates}
    assert (estimates["anakinra_cpeptide_auc"].n.treatment,
            estimates["anakinra_cpeptide_auc"].n.control) == (25, 26)
    assert estimates["canakinumab_cpeptide_auc"].timepoint.startswith("12 months")


def test_lachin_2011_says_which_planning_values_were_not_found_printed(library):
    # Abstract: repeated 2-h MMTTs for up to 24 months from 156 subjects with up to 3 months'
    # duration of type 1 diabetes; log(x), log(x+1) and square-root transformations assessed.
    source = library.source("lachin2011")
    assert source.design.n_analysed == 156
    assert source.citation.doi == "10.1371/journal.pone.0026471"
    assert source.estimates == []  # no SD or correlation was found printed in public text
    assert any("not found in public text" in c for c in source.design.cautions)
