"""The protocol as data: a design written as a registry record or a CDISC USDM file, and read back.

Exporters read the design (and its sample size) and return plain JSON-ready dicts; importers
build a design from such a file, leaving blank whatever the format does not carry. They sit
beside the renderer (design, evidence and power below them; never the TUI or the CLI).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from trialkit.design.evidence_link import EvidenceLink
    from trialkit.design.model import Trial

Format = Literal["ctgov", "usdm"]
FORMATS: tuple[Format, ...] = ("ctgov", "usdm")


def export_trial(trial: Trial, to: Format, *, evidence: EvidenceLink | None = None) -> dict[str, Any]:
    """The design in format ``to``, as a JSON-ready dict (sized with ``evidence`` if given)."""
    from trialkit.export.enrolment import planned_enrolment

    enrolment = planned_enrolment(trial, evidence)
    if to == "ctgov":
        from trialkit.export.ctgov import to_ctgov

        return to_ctgov(trial, enrolment)
    from trialkit.export.usdm import to_usdm

    return to_usdm(trial, enrolment)


def export_text(trial: Trial, to: Format | Literal["trds"], *, evidence: EvidenceLink | None = None) -> str:
    """The export as file text: JSON for ctgov and usdm, a Markdown table for trds (WHO TRDS)."""
    import json

    if to == "trds":
        from trialkit.export.enrolment import planned_enrolment
        from trialkit.export.trds import trds_markdown

        return trds_markdown(trial, planned_enrolment(trial, evidence))
    record = export_trial(trial, to, evidence=evidence)
    return json.dumps(record, indent=2, ensure_ascii=False) + "\n"


def import_file(path: str) -> Trial:
    """A design from a ClinicalTrials.gov v2 study record or a USDM v4 JSON file."""
    from trialkit.export.reader import detect, read_json

    data = read_json(path)
    kind = detect(data, path)
    if kind == "ctgov":
        from trialkit.export.ctgov_import import from_ctgov

        return from_ctgov(data, path)
    from trialkit.export.usdm_import import from_usdm

    return from_usdm(data, path)


__all__ = ["FORMATS", "Format", "export_text", "export_trial", "import_file"]
