"""NCI Thesaurus codes (C-codes) for the coded values of a USDM v4 file, and back.

Codes and decodes are those of CDISC Controlled Terminology 2026-03-27: the SDTM package
(trial phase TPHASE C66737, intervention model INTMODEL C99076, blinding TBLIND C66735,
epoch EPOCH C99079, sex of participants SEXPOP C66732, inclusion/exclusion IECAT C66797,
intervention type INTTYPE C99078, study type STYPE C99077, unit C71620) and the DDF package
that USDM v4.0 names in its CT workbook (DDF-RA v4.0.0 ``USDM_CT.xlsx``: arm type C174222,
objective and endpoint level C188725 / C188726, study intervention role C207417, study role
C215480, title type C207419, organisation type C188724, design characteristics C207416,
data origin C188727, encounter type C188728, timing C201264 / C201265, dates C207413,
geographic scope C207412).
"""

from __future__ import annotations

from typing import Final

CODE_SYSTEM: Final = "http://www.cdisc.org"
CODE_SYSTEM_VERSION: Final = "2026-03-27"

Term = tuple[str, str]
"""(C-code, decode)."""

PHASE: dict[str, Term] = {
    "EARLY_PHASE1": ("C54721", "Early Phase 1 Trial"), "PHASE1": ("C15600", "Phase I Trial"),
    "PHASE1/PHASE2": ("C15693", "Phase I/II Trial"), "PHASE2": ("C15601", "Phase II Trial"),
    "PHASE2/PHASE3": ("C15694", "Phase II/III Trial"), "PHASE3": ("C15602", "Phase III Trial"),
    "PHASE4": ("C15603", "Phase IV Trial"), "NA": ("C48660", "Not Applicable"),
}
"""Keyed by the ClinicalTrials.gov phases joined with '/', so both exports read one phase."""
PHASE_TEXT: dict[str, str] = {
    "C54721": "0", "C15600": "1", "C15693": "1/2", "C15601": "2", "C15694": "2/3", "C15602": "3",
    "C15603": "4", "C48660": "not applicable", "C199990": "1", "C199989": "1", "C49686": "2",
    "C49688": "2", "C49687": "3", "C49689": "3",
}
MODEL: dict[str, Term] = {
    "parallel": ("C82639", "Parallel Study"), "crossover": ("C82637", "Crossover Study"),
    "factorial": ("C82638", "Factorial Study"), "single_group": ("C82640", "Single Group Study"),
    "sequential": ("C142568", "Group Sequential Design"),
}
BLINDING: dict[str, Term] = {
    "open": ("C49659", "Open Label Study"), "single": ("C28233", "Single Blind Study"),
    "double": ("C15228", "Double Blind Study"), "triple": ("C15228", "Double Blind Study"),
    "quadruple": ("C15228", "Double Blind Study"),
}
"""TBLIND has no triple or quadruple term: those are double blind with more masked roles."""
ARM_TYPE: dict[str, Term] = {
    "experimental": ("C174266", "Experimental Arm"),
    "placebo_comparator": ("C174268", "Placebo Comparator Arm"),
    "active_comparator": ("C174267", "Active Comparator Arm"),
    "sham_comparator": ("C174269", "Sham Comparator Arm"),
    "no_intervention": ("C174270", "No Intervention Arm"), "other": ("C15538", "Treatment Arm"),
}
EPOCH: dict[str, Term] = {
    "screening": ("C202487", "Screening Epoch"), "treatment": ("C101526", "Treatment Epoch"),
    "follow_up": ("C202578", "Follow-Up Epoch"),
}
SEX: dict[str, Term] = {
    "female": ("C16576", "Female"), "male": ("C20197", "Male"),
}
"""USDM conformance rule DDF00188 wants one of female or male, or both as two entries (not "Both")."""
BOTH_SEXES: Final = "C49636"
CRITERION: dict[str, Term] = {
    "inclusion": ("C25532", "Inclusion Criteria"), "exclusion": ("C25370", "Exclusion Criteria"),
}
INTERVENTION_TYPE: dict[str, Term] = {
    "drug": ("C1909", "Pharmacologic Substance"), "biological": ("C307", "Biological Agent"),
    "device": ("C16830", "Medical Device"), "procedure": ("C98769", "Physical Medical Procedure"),
    "cell_therapy": ("C307", "Biological Agent"), "behavioural": ("C15184", "Behavioral Intervention"),
    "dietary": ("C1505", "Dietary Supplement"), "other": ("C17649", "Other"),
}
INTERVENTION_ROLE: dict[str, Term] = {
    "experimental": ("C41161", "Experimental Intervention"),
    "placebo_comparator": ("C753", "Placebo"), "sham_comparator": ("C753", "Placebo"),
    "active_comparator": ("C68609", "Active Comparator"),
    "no_intervention": ("C207614", "Additional Required Treatment"),
    "other": ("C207614", "Additional Required Treatment"),
}
OBJECTIVE_LEVEL: dict[str, Term] = {
    "primary": ("C85826", "Primary Objective"), "secondary": ("C85827", "Secondary Objective"),
    "safety": ("C85827", "Secondary Objective"),
    "exploratory": ("C163559", "Exploratory Objective"),
}
"""USDM has no safety level: safety objectives are secondary (trialkit keeps the level in an extension)."""
ENDPOINT_LEVEL: dict[str, Term] = {
    "primary": ("C94496", "Primary Endpoint"), "secondary": ("C139173", "Secondary Endpoint"),
    "safety": ("C139173", "Secondary Endpoint"),
    "exploratory": ("C170559", "Exploratory Endpoint"),
}
MASKED_ROLE: dict[str, Term] = {
    "participant": ("C41189", "Study Subject"), "care_provider": ("C17445", "Care Provider"),
    "investigator": ("C25936", "Investigator"), "outcome_assessor": ("C207599", "Outcomes Assessor"),
    "data_analyst": ("C51877", "Statistician"), "sponsor": ("C70793", "Sponsor"),
}
TITLE: dict[str, Term] = {
    "full_title": ("C207616", "Official Study Title"), "short_title": ("C207615", "Brief Study Title"),
    "acronym": ("C207646", "Study Acronym"),
}
INTERVENTIONAL: Final[Term] = ("C98388", "Interventional Study")
SPONSOR_ROLE: Final[Term] = ("C70793", "Sponsor")
OTHER_ORGANISATION: Final[Term] = ("C17649", "Other")
"""The sponsor's organisation type: the design does not say what kind of body it is, and the
organisation type codelist (C188724) is extensible."""
REGISTRY_ORGANISATION: Final[Term] = ("C93453", "Clinical Study Registry")
RANDOMISED: Final[Term] = ("C46079", "Randomized")
STRATIFIED: Final[Term] = ("C147145", "Stratified Randomisation")
SINGLE_CENTRE: Final[Term] = ("C217004", "Single-Centre")
MULTICENTRE: Final[Term] = ("C217005", "Multicentre")
WITHIN_STUDY: Final[Term] = ("C188866", "Data Generated Within Study")
VISIT: Final[Term] = ("C25716", "Visit")
FIXED_REFERENCE: Final[Term] = ("C201358", "Fixed Reference")
AFTER: Final[Term] = ("C201356", "After")
BEFORE: Final[Term] = ("C201357", "Before")
START_TO_START: Final[Term] = ("C201355", "Start to Start")
ISSUED_DATE: Final[Term] = ("C215664", "Issued Date")
GLOBAL: Final[Term] = ("C68846", "Global")
YEARS: Final[Term] = ("C29848", "Year")
WEEKS: Final[Term] = ("C29844", "Week")


def reverse(table: dict[str, Term]) -> dict[str, str]:
    """C-code -> the first trialkit value that uses it."""
    out: dict[str, str] = {}
    for value, (code, _) in table.items():
        out.setdefault(code, value)
    return out
