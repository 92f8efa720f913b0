"""The abbreviations list: those the templates use, known ones found in the design, the user's."""

from __future__ import annotations

import re

from trialkit.design.model import Trial

STANDARD_ABBREVIATIONS: dict[str, str] = {
    "AE": "adverse event", "SAE": "serious adverse event", "DMC": "data monitoring committee",
    "SAP": "statistical analysis plan", "SoA": "schedule of activities",
    "CI": "confidence interval", "SD": "standard deviation",
    "ICH": "International Council for Harmonisation",
    "SPIRIT": "Standard Protocol Items: Recommendations for Interventional Trials",
}
"""Abbreviations the templates themselves use."""

KNOWN_ABBREVIATIONS: dict[str, str] = {
    "AUC": "area under the curve", "BMI": "body mass index", "CRP": "C-reactive protein",
    "CTCAE": "Common Terminology Criteria for Adverse Events", "ECG": "electrocardiogram",
    "eCRF": "electronic case report form", "GCP": "Good Clinical Practice",
    "GMP": "Good Manufacturing Practice", "HbA1c": "glycated haemoglobin",
    "IL-1": "interleukin-1", "IL-1Ra": "interleukin-1 receptor antagonist",
    "IL-2": "interleukin-2", "IL-6": "interleukin-6", "IGF-1": "insulin-like growth factor 1",
    "rhIGF-1": "recombinant human insulin-like growth factor 1", "IU": "international units",
    "ITT": "intention to treat", "MMTT": "mixed-meal tolerance test",
    "MedDRA": "Medical Dictionary for Regulatory Activities", "PK": "pharmacokinetics",
    "SLE": "systemic lupus erythematosus",
    "SLEDAI": "Systemic Lupus Erythematosus Disease Activity Index",
    "SELENA-SLEDAI": "Safety of Estrogens in Lupus Erythematosus National Assessment version "
    "of the SLEDAI",
    "SRI-4": "SLE Responder Index 4", "Treg": "regulatory T cell", "T1D": "type 1 diabetes",
    "T2D": "type 2 diabetes", "CD34": "cluster of differentiation 34",
    "BILAG": "British Isles Lupus Assessment Group index",
    "PGA": "physician's global assessment", "HOMA": "homeostasis model assessment",
    "OGTT": "oral glucose tolerance test", "REC": "research ethics committee",
    "IRB": "institutional review board", "PI/I": "proinsulin-to-insulin",
    "ANCOVA": "analysis of covariance", "CTIS": "Clinical Trials Information System",
    "GDPR": "General Data Protection Regulation", "HIV": "human immunodeficiency virus",
    "TNF": "tumour necrosis factor", "MHRA": "Medicines and Healthcare products Regulatory Agency",
    "SGLT2": "sodium-glucose cotransporter 2", "GLP-1": "glucagon-like peptide 1",
    "DPP-4": "dipeptidyl peptidase 4", "ISRCTN": "International Standard Randomised Controlled "
    "Trial Number registry", "EULAR": "European Alliance of Associations for Rheumatology",
    "ACR": "American College of Rheumatology", "EU CT": "European Union clinical trial number",
    "SmPC": "summary of product characteristics", "SUSAR": "suspected unexpected serious "
    "adverse reaction", "HOMA-IR": "homeostasis model assessment of insulin resistance",
}
"""Domain abbreviations listed when they occur in the design's text."""


def _occurs(term: str, text: str) -> bool:
    """Whether ``term`` occurs in ``text`` as a whole word (the substring test first is cheap)."""
    return term in text and re.search(rf"(?<![\w-]){re.escape(term)}(?![\w-])", text) is not None


def abbreviations(trial: Trial) -> tuple[tuple[str, str], ...]:
    """Template abbreviations, known ones that occur in the design's text, and the user's own."""
    blob = trial.model_dump_json()
    table = dict(STANDARD_ABBREVIATIONS)
    table.update({k: v for k, v in KNOWN_ABBREVIATIONS.items() if _occurs(k, blob)})
    table.update(trial.abbreviations)
    return tuple(sorted(table.items(), key=lambda kv: kv[0].lower()))

