"""The WHO Trial Registration Data Set (version 1.3.1, 24 items) from a design, as a table.

Each item shows the design's value, or says what is missing and which field holds it. Items a
design cannot know before the trial (registration date given by the registry, first enrolment,
completion, summary results) say so. The status of a design is "pending" (not yet recruiting),
as in the ClinicalTrials.gov export.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from trialkit.design.model import Intervention, Trial
from trialkit.export.ctgov import age_text, arm_labels, intervention_text
from trialkit.render.environment import inline, md_escape

VERSION = "1.3.1"


@dataclass(frozen=True)
class Item:
    """One TRDS item: its number and name, the design's value, or what to fill in."""

    number: int
    name: str
    value: str | None
    missing: str

    def to_dict(self) -> dict[str, object]:
        """The item as JSON-ready data."""
        return {"number": self.number, "item": self.name, "value": self.value,
                "missing": None if self.value else self.missing}


def _join(parts: Sequence[str | None], sep: str = "; ") -> str | None:
    return sep.join(p for p in parts if p) or None


def _fill(field: str) -> str:
    return f"Missing: fill in {field}"


def trds_items(trial: Trial, enrolment: int | None) -> list[Item]:
    """The 24 items in WHO order."""
    page = trial.title_page
    registered = [r for r in page.registry_ids if r.identifier]
    primary = registered[0] if registered else None
    pop = trial.population
    officials = [p for p in page.investigators if "investigator" in (p.role or "").lower()
                 and ("chief" in (p.role or "").lower() or "principal" in (p.role or "").lower())]
    labels = arm_labels(trial)
    ages = _join([f"minimum age {age_text(pop.age_min)}" if pop.age_min is not None else None,
                  f"maximum age {age_text(pop.age_max)}" if pop.age_max is not None else None,
                  f"sex: {pop.sex}" if pop.sex else None])
    primary_outcomes = [_outcome(e.name, e.timepoint) for e in trial.primary_endpoints()]
    secondary_outcomes = [_outcome(e.name, e.timepoint) for e in trial.endpoints()
                          if trial.endpoint_level(e) == "secondary"]
    design = trial.design
    model = (design.intervention_model or "").replace("_", " ")
    blinding = {"open": "open label"}.get(design.blinding.level or "", design.blinding.level)
    study_type = _join(["Interventional", model and f"{model} assignment",
                        blinding and f"{blinding} blinding", page.phase and f"phase {page.phase}"])
    return [
        Item(1, "Primary registry and trial identifying number",
             f"{primary.registry}: {primary.identifier}" if primary else None,
             "Missing: register the trial and record it in title_page.registry_ids"),
        Item(2, "Date of registration in primary registry",
             primary.date.isoformat() if primary and primary.date else None,
             "Missing: record the registration date in title_page.registry_ids"),
        Item(3, "Secondary identifying numbers",
             _join([page.protocol_id and f"sponsor's protocol number {page.protocol_id}",
                    *[f"{r.registry}: {r.identifier}" for r in registered[1:]], *page.regulatory_ids]),
             _fill("title_page.protocol_id")),
        Item(4, "Source(s) of monetary or material support",
             _join([f.name for f in page.funders]), _fill("title_page.funders")),
        Item(5, "Primary sponsor", page.sponsor.name, _fill("title_page.sponsor.name")),
        Item(6, "Secondary sponsor(s)", None, "Not in a design: give it to the registry"),
        Item(7, "Contact for public queries", _join([page.sponsor.name, page.sponsor.contact], ", ")
             if page.sponsor.contact else None, _fill("title_page.sponsor.contact")),
        Item(8, "Contact for scientific queries",
             _join([_join([p.name, p.affiliation, p.contact], ", ") for p in officials]),
             "Missing: name the chief or principal investigator in title_page.investigators"),
        Item(9, "Public title", page.short_title, _fill("title_page.short_title")),
        Item(10, "Scientific title", _join([page.full_title, page.acronym and f"acronym {page.acronym}"]),
             _fill("title_page.full_title")),
        Item(11, "Countries of recruitment", _join(design.countries, ", "), _fill("design.countries")),
        Item(12, "Health condition(s) or problem(s) studied", page.indication,
             _fill("title_page.indication")),
        Item(13, "Intervention(s)",
             _join([f"{labels[a.id]}: " + (_join([_join([i.name, _regimen(i)], " ")
                                                 for i in a.interventions], ", ") or "no intervention")
                    for a in trial.arms]), _fill("arms")),
        Item(14, "Key inclusion and exclusion criteria",
             _join([ages, "inclusion: " + "; ".join(pop.inclusion) if pop.inclusion else None,
                    "exclusion: " + "; ".join(pop.exclusion) if pop.exclusion else None]),
             _fill("population.inclusion and population.exclusion")),
        Item(15, "Study type", study_type, _fill("design.intervention_model")),
        Item(16, "Date of first enrolment", None, "Not known before the trial: give it to the registry"),
        Item(17, "Sample size", f"{enrolment} participants (planned)" if enrolment else None,
             _fill("sample_size")),
        Item(18, "Recruitment status", "Pending (not yet recruiting)", ""),
        Item(19, "Primary outcome(s)", _join(primary_outcomes), _fill("a primary endpoint")),
        Item(20, "Key secondary outcomes", _join(secondary_outcomes), _fill("secondary endpoints")),
        Item(21, "Ethics review", trial.ethics.approval, _fill("ethics.approval")),
        Item(22, "Completion date", None, "Not known before the trial: give it to the registry"),
        Item(23, "Summary results", None, "After the trial"),
        Item(24, "IPD sharing statement", trial.open_science.data_sharing,
             _fill("open_science.data_sharing")),
    ]


def _outcome(name: str | None, timepoint: str | None) -> str:
    return _join([name or "(unnamed endpoint)", timepoint and f"({timepoint})"], " ") or ""


def _regimen(intervention: Intervention) -> str | None:
    text = intervention_text(intervention)
    return text.rstrip(".") if text else None


def trds_markdown(trial: Trial, enrolment: int | None) -> str:
    """The items as a Markdown table; user text is escaped so it stays text."""
    title = md_escape(inline(trial.title_page.short_title or trial.title_page.full_title or "the trial"))
    lines = [f"# WHO Trial Registration Data Set (version {VERSION}): {title}", "",
             "| # | Item | From the design |", "| --- | --- | --- |"]
    for item in trds_items(trial, enrolment):
        cell = md_escape(inline(item.value)) if item.value else f"*{md_escape(item.missing)}*"
        lines.append(f"| {item.number} | {item.name} | {cell} |")
    filled = sum(1 for i in trds_items(trial, enrolment) if i.value)
    return "\n".join([*lines, "", f"{filled} of 24 items filled from the design.", ""])
