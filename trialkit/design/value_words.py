"""Words for the design's coded values, for every reader: the protocol prints them as they are
('active comparator', 'single-blind'), a menu shows them as an item ('Active comparator').

One entry per value of the design model's choices (tests/design/test_value_words.py checks
every one); the analysis model and scale are worded in trialkit.design.analysis.
"""

from __future__ import annotations

from typing import Final

VALUE_WORDS: Final[dict[str, str]] = {
    # InterventionModel
    "parallel": "parallel-group", "crossover": "crossover", "factorial": "factorial",
    "single_group": "single-group", "sequential": "sequential",
    # ControlType
    "placebo": "placebo", "active": "active comparator", "standard_of_care": "standard of care",
    "no_treatment": "no treatment", "dose_comparison": "dose comparison",
    "historical": "historical control", "none": "no control",
    # Framework
    "superiority": "superiority", "non_inferiority": "non-inferiority",
    "equivalence": "equivalence", "exploratory": "exploratory",
    # BlindingLevel
    "open": "open-label", "single": "single-blind", "double": "double-blind",
    "triple": "triple-blind", "quadruple": "quadruple-blind",
    # ArmType
    "experimental": "experimental", "placebo_comparator": "placebo comparator",
    "active_comparator": "active comparator", "sham_comparator": "sham comparator",
    "no_intervention": "no intervention", "other": "other",
    # InterventionKind
    "drug": "drug", "biological": "biological", "device": "device", "procedure": "procedure",
    "cell_therapy": "cell therapy", "behavioural": "behavioural", "dietary": "dietary",
    # Strategy (ICH E9(R1) intercurrent-event strategies)
    "treatment_policy": "treatment policy", "hypothetical": "hypothetical",
    "composite": "composite", "while_on_treatment": "while on treatment",
    "principal_stratum": "principal stratum",
    # MaskedRole
    "participant": "participants", "care_provider": "care providers",
    "investigator": "investigators", "outcome_assessor": "outcome assessors",
    "data_analyst": "data analysts", "sponsor": "sponsor staff",
    # EndpointLevel
    "primary": "primary", "secondary": "secondary", "safety": "safety",
    # EndpointType
    "continuous": "continuous", "binary": "binary", "time_to_event": "time to event",
    "count": "count", "ordinal": "ordinal",
    # AssessmentCategory
    "screening": "screening", "efficacy": "efficacy", "pharmacokinetic": "pharmacokinetic",
    "biomarker": "biomarker", "administrative": "administrative",
    # Sex
    "all": "all", "female": "female", "male": "male",
}
"""Each coded value -> the protocol's words for it (the same word wherever a value recurs,
as 'other' or 'safety' do)."""


def value_words(value: str) -> str:
    """The protocol's words for a coded value ('active' -> 'active comparator'); a value no
    table names (an evidence record's own code) reads with spaces for underscores."""
    return VALUE_WORDS.get(value, value.replace("_", " "))


def menu_words(value: str) -> str:
    """The same words as a menu item: 'Active comparator', 'Single-blind', 'No control'."""
    words = value_words(value)
    return words[:1].upper() + words[1:]
