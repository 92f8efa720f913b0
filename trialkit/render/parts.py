"""What the protocol shows of the design itself: title page, design, arms, objectives, schedule.

Each part is a frozen dataclass with the text already chosen: the user's words, a readable
label for a coded value, or a bracketed prompt where the design is still empty.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from trialkit.design.analysis import analysed_endpoint
from trialkit.design.model import Arm, Endpoint, Trial
from trialkit.render.prompts import PRINTED, FieldText, label, placeholder
from trialkit.render.sanitize import one_line


@dataclass(frozen=True)
class Registration:
    """A registry entry: registry name, identifier (None until registered) and date."""

    registry: str
    identifier: str | None
    date: str | None


def registration_text(registrations: tuple[Registration, ...]) -> tuple[str, ...]:
    """The trial's registration as one line, in pieces (the user's words, and prompts where
    something is missing): 'ClinicalTrials.gov NCT05212857, registered 2022-01-13; ISRCTN: not
    yet registered [Give the identifier once registered]'. The title page (Markdown and Word)
    and section 11 all print this, so they cannot disagree."""
    if not registrations:
        return (placeholder(PRINTED["title_page.registry_ids.registry"]),)
    parts: list[str] = []
    for reg in registrations:
        if parts:
            parts.append("; ")
        registry = one_line(reg.registry)
        if reg.identifier:
            parts.append(f"{registry} {one_line(reg.identifier)}")
            if reg.date:
                parts.append(f", registered {reg.date}")
        else:
            parts += [f"{registry}: not yet registered ",
                      placeholder(PRINTED["title_page.registry_ids.identifier"])]
    return tuple(parts)


def _identifier(text: str | None) -> str | None:
    """A registry's trial identifier, or None while there is none: every registry's identifier
    holds a number (NCT05212857, ISRCTN12345678, 2023-501234-12-00), so 'pending' or 'to follow'
    is not one and the protocol asks for it."""
    return text if text and any(c.isdigit() for c in text) else None


@dataclass(frozen=True)
class Contributor:
    """A protocol contributor (SPIRIT item 3a)."""

    name: str
    role: str
    affiliation: str
    contact: str


@dataclass(frozen=True)
class TitlePage:
    """The ICH M11 title-page fields, each text or a prompt."""

    full_title: str
    short_title: str
    acronym: str
    protocol_id: str
    version: str
    version_date: str
    phase: str
    indication: str
    sponsor: str
    sponsor_address: str
    sponsor_contact: str
    funders: tuple[str, ...]
    registry_ids: tuple[Registration, ...]
    registration: tuple[str, ...]
    """The registration line, in pieces (``registration_text``)."""
    investigators: tuple[Contributor, ...]
    investigational_products: tuple[str, ...]
    regulatory_ids: tuple[str, ...]
    generated: str


@dataclass(frozen=True)
class Period:
    """A period of participation (screening, treatment, follow-up) and its length."""

    name: str
    weeks: str | None
    duration: str | None


@dataclass(frozen=True)
class DesignSummary:
    """The overall design in words."""

    intervention_model: str
    allocation_ratio: str
    randomised: bool
    controlled: bool
    control_type: str
    framework: str
    blinding: str
    masked: tuple[str, ...]
    block_sizes: str
    stratification: tuple[str, ...]
    periods: tuple[Period, ...]
    countries: str
    site_count: int | None
    total_weeks: str | None


@dataclass(frozen=True)
class Intervention:
    """One intervention of an arm."""

    name: str
    kind: str
    dose: str
    route: str
    frequency: str
    duration: str
    formulation: str | None
    description: str | None


@dataclass(frozen=True)
class ArmPart:
    """An arm and what it receives."""

    id: str
    name: str
    type: str
    description: str
    interventions: tuple[Intervention, ...]


@dataclass(frozen=True)
class IntercurrentEvent:
    """An intercurrent event and the strategy that handles it."""

    event: str
    strategy: str
    rationale: str


@dataclass(frozen=True)
class Estimand:
    """The estimand attributes of an endpoint (ICH E9(R1))."""

    population: str
    variable: str
    treatment_condition: str
    intercurrent_events: tuple[IntercurrentEvent, ...]
    summary_measure: str


@dataclass(frozen=True)
class EndpointPart:
    """An endpoint, its level (primary, secondary, ...) and its estimand if given."""

    id: str
    name: str
    level: str
    type: str
    description: str
    unit: str
    timepoint: str
    transformation: str
    estimand: Estimand | None


@dataclass(frozen=True)
class Objective:
    """An objective with its endpoints."""

    id: str
    level: str
    description: str
    hypothesis: str
    endpoints: tuple[EndpointPart, ...]


@dataclass(frozen=True)
class Visit:
    """A visit column of the schedule."""

    id: str
    name: str
    day: int | None
    window: int | None
    timing: str


@dataclass(frozen=True)
class ScheduleRow:
    """An assessment row of the schedule: X marks, one per visit."""

    id: str
    assessment: str
    category: str
    marks: tuple[bool, ...]


@dataclass(frozen=True)
class Schedule:
    """The schedule of activities: visits across, assessments down."""

    visits: tuple[Visit, ...]
    rows: tuple[ScheduleRow, ...]


def title_page(trial: Trial, today: dt.date | None) -> TitlePage:
    """The title page of ``trial``; ``generated`` is today's date unless one is given."""
    page = trial.title_page
    text = FieldText(trial)
    registrations = tuple(
        Registration(r.registry, _identifier(r.identifier), r.date.isoformat() if r.date else None)
        for r in page.registrations()
    )
    return TitlePage(
        full_title=text["title_page.full_title"],
        short_title=text["title_page.short_title"],
        acronym=text["title_page.acronym"],
        protocol_id=text["title_page.protocol_id"],
        version=text["title_page.version"],
        version_date=text["title_page.version_date"],
        phase=text["title_page.phase"],
        indication=text["title_page.indication"],
        sponsor=text["title_page.sponsor.name"],
        sponsor_address=text["title_page.sponsor.address"],
        sponsor_contact=text["title_page.sponsor.contact"],
        funders=tuple(f.name or placeholder("Name the funder") for f in page.funders),
        registry_ids=registrations,
        registration=registration_text(registrations),
        investigators=tuple(
            Contributor(
                name=p.name or placeholder("Name"),
                role=p.role or placeholder("Role"),
                affiliation=p.affiliation or placeholder("Affiliation"),
                contact=p.contact or "",
            )
            for p in page.investigators
        ),
        investigational_products=tuple(page.investigational_products)
        or tuple(sorted({i.name for a in trial.arms for i in a.interventions
                         if a.type not in ("placebo_comparator", "sham_comparator")})),
        regulatory_ids=tuple(page.regulatory_ids),
        generated=(today or dt.date.today()).isoformat(),
    )


def design_summary(trial: Trial) -> DesignSummary:
    """The overall design: model, allocation, control, blinding and periods in words."""
    d = trial.design
    weeks = [
        ("Screening", d.screening_weeks), ("Treatment", d.treatment_weeks),
        ("Follow-up", d.follow_up_weeks),
    ]
    known = [w for w in (d.treatment_weeks, d.follow_up_weeks) if w is not None]
    return DesignSummary(
        intervention_model=label(d.intervention_model, "Choose the intervention model"),
        allocation_ratio=d.allocation_ratio or placeholder("Give the allocation ratio"),
        randomised=d.intervention_model != "single_group",
        controlled=d.control_type != "none",
        control_type=label(d.control_type, "Choose the control type"),
        framework=label(d.framework, "Choose the framework (e.g. superiority)"),
        blinding=label(d.blinding.level, "State the blinding"),
        masked=tuple(label(m) for m in d.blinding.masked),
        block_sizes=", ".join(str(b) for b in d.randomisation.block_sizes),
        stratification=tuple(d.randomisation.stratification),
        periods=tuple(
            Period(name, f"{value:g}", _weeks(value)) if value is not None
            else Period(name, None, None)
            for name, value in weeks
        ),
        countries=", ".join(d.countries) or placeholder("List the countries"),
        site_count=d.site_count,
        total_weeks=f"{sum(known):g}" if known else None,
    )


def _weeks(value: float) -> str:
    return f"{value:g} week" + ("" if value == 1 else "s")


def arm_part(arm: Arm) -> ArmPart:
    """An arm with its interventions, prompting for what is missing."""
    return ArmPart(
        id=arm.id,
        name=arm.name or placeholder(f"Name arm {arm.id}"),
        type=label(arm.type, "Choose the arm type"),
        description=arm.description or placeholder("Describe what this arm receives"),
        interventions=tuple(
            Intervention(
                name=i.name,
                kind=label(i.kind, "Choose the kind"),
                dose=i.dose or placeholder("Give the dose"),
                route=i.route or placeholder("Give the route"),
                frequency=i.frequency or placeholder("Give the frequency"),
                duration=i.duration or placeholder("Give the duration"),
                formulation=i.formulation,
                description=i.description,
            )
            for i in arm.interventions
        ),
    )


def endpoint_part(trial: Trial, endpoint: Endpoint) -> EndpointPart:
    """An endpoint with its estimand attributes, prompting for what is missing."""
    est = endpoint.estimand
    estimand = None
    if est is not None:
        estimand = Estimand(
            population=est.population or placeholder("Define the population"),
            variable=est.variable or placeholder("Define the variable"),
            treatment_condition=est.treatment_condition
            or placeholder("Define the treatment condition"),
            intercurrent_events=tuple(
                IntercurrentEvent(
                    ice.event,
                    label(ice.strategy,
                          PRINTED["objectives.endpoints.estimand.intercurrent_events.strategy"]),
                    ice.rationale or "")
                for ice in est.intercurrent_events
            ),
            summary_measure=est.summary_measure
            or placeholder("Give the population-level summary"),
        )
    return EndpointPart(
        id=endpoint.id,
        name=endpoint.name or placeholder(f"Name endpoint {endpoint.id}"),
        level=trial.endpoint_level(endpoint),
        type=label(endpoint.type, "Choose the endpoint type"),
        description=endpoint.description or placeholder("Describe the measurement"),
        unit=endpoint.unit or "",
        timepoint=endpoint.timepoint or placeholder("Give the time point"),
        transformation=endpoint.transformation or "",
        estimand=estimand,
    )


def objectives(trial: Trial) -> tuple[Objective, ...]:
    """The objectives in order, each with its endpoints."""
    return tuple(
        Objective(
            id=o.id,
            level=o.level,
            description=o.description or placeholder(f"State objective {o.id}"),
            hypothesis=o.hypothesis or "",
            endpoints=tuple(endpoint_part(trial, e) for e in o.endpoints),
        )
        for o in trial.objectives
    )


def primary_endpoint(trial: Trial) -> EndpointPart | None:
    """The endpoint the sample size is for (``trialkit.design.analysis.analysed_endpoint``)."""
    endpoint = analysed_endpoint(trial)
    return endpoint_part(trial, endpoint) if endpoint else None


def schedule(trial: Trial) -> Schedule:
    """Visits (with day and window) and the assessments made at each."""
    return Schedule(
        visits=tuple(
            Visit(v.id, v.name or v.id, v.day, v.window_days, _visit_timing(v.day, v.window_days))
            for v in trial.visits
        ),
        rows=tuple(
            ScheduleRow(
                id=a.id,
                assessment=a.name or a.id,
                category=label(a.category, "uncategorised"),
                marks=tuple(a.id in v.assessments for v in trial.visits),
            )
            for a in trial.assessments
        ),
    )


def _visit_timing(day: int | None, window: int | None) -> str:
    if day is None:
        return placeholder("Give the day")
    text = f"Day {day}"
    if window:
        text += f" ±{window}"
    return text
