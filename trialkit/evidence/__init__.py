"""The evidence library: published results as cited, typed records that feed the power engine.

Each source document is one YAML record (citation, design, estimates, findings, adverse
events). An estimate knows its kind, so a within-group change or a pooled single-arm rate is
never used as if it were a difference between arms; conversions are recorded as provenance.
This layer imports trialkit.power, pydantic and PyYAML, nothing above them.
"""

from trialkit.evidence.inputs import DEFAULT_PROCEDURE, PROCEDURES, PowerInputs, power_inputs
from trialkit.evidence.library import ENV_VAR, Library, builtin_dir, load_file, load_library
from trialkit.evidence.models import (
    KIND_MEANING,
    AdverseEvent,
    Citation,
    ConfidenceInterval,
    Estimate,
    Finding,
    GroupSizes,
    PValue,
    Source,
    Step,
    StudyDesign,
)
from trialkit.evidence.sizing import evidence_sentences, size_from_estimate

__all__ = [
    "DEFAULT_PROCEDURE",
    "ENV_VAR",
    "KIND_MEANING",
    "PROCEDURES",
    "AdverseEvent",
    "Citation",
    "ConfidenceInterval",
    "Estimate",
    "Finding",
    "GroupSizes",
    "Library",
    "PValue",
    "PowerInputs",
    "Source",
    "Step",
    "StudyDesign",
    "builtin_dir",
    "evidence_sentences",
    "load_file",
    "load_library",
    "power_inputs",
    "size_from_estimate",
]
