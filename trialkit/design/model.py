"""The trial design: one pydantic model from title page to open-science items.

Field order follows ICH M11. Almost every field is optional so that a half-written
design still loads, renders (with bracketed placeholders) and is listed by ``trialkit
check``; structural mistakes (a wrong type, an unknown key) are errors at load time.
Evidence is referenced by record id only; it is resolved lazily by the render layer.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Final, Literal

from pydantic import Field, field_validator, model_validator

from trialkit.design.base import Part as Part
from trialkit.design.base import Text as Text
from trialkit.design.conduct import DataMonitoringCommittee as DataMonitoringCommittee
from trialkit.design.conduct import Ethics, OpenScience, Oversight, Safety
from trialkit.design.conduct import ExpectedAdverseEvent as ExpectedAdverseEvent
from trialkit.design.conduct import Reference as Reference
from trialkit.design.history import ProtocolVersion
from trialkit.design.objectives import AnalysisModel as AnalysisModel
from trialkit.design.objectives import Endpoint as Endpoint
from trialkit.design.objectives import EndpointAnalysis as EndpointAnalysis
from trialkit.design.objectives import EndpointLevel
from trialkit.design.objectives import Estimand as Estimand
from trialkit.design.objectives import Objective as Objective
from trialkit.design.objectives import Scale as Scale
from trialkit.design.title_page import Organisation as Organisation
from trialkit.design.title_page import Person as Person
from trialkit.design.title_page import RegistryId as RegistryId
from trialkit.design.title_page import Signatory as Signatory
from trialkit.design.title_page import TitlePage
from trialkit.power.catalogue_spending import FUTILITY_NAMES, SPENDING_NAMES

if TYPE_CHECKING:
    SpendingName = str
    FutilityName = str
else:
    SpendingName = Literal[SPENDING_NAMES]
    """An efficacy boundary the engine offers (the catalogue's choices)."""
    FutilityName = Literal[FUTILITY_NAMES]
    """A beta-spending futility bound the engine offers (the catalogue's choices)."""

SCHEMA_VERSION: Final = 2
"""The ``schema_version`` this release reads and writes (older files are migrated on reading,
by ``trialkit.design.migrate``)."""

ArmType = Literal[
    "experimental", "placebo_comparator", "active_comparator", "sham_comparator",
    "no_intervention", "other",
]
InterventionKind = Literal[
    "drug", "biological", "device", "procedure", "cell_therapy", "behavioural", "dietary", "other"
]
BlindingLevel = Literal["open", "single", "double", "triple", "quadruple"]
MaskedRole = Literal[
    "participant", "care_provider", "investigator", "outcome_assessor", "data_analyst", "sponsor"
]
InterventionModel = Literal["parallel", "crossover", "factorial", "single_group", "sequential"]
ControlType = Literal[
    "placebo", "active", "standard_of_care", "no_treatment", "dose_comparison", "historical",
    "none",
]
Framework = Literal["superiority", "non_inferiority", "equivalence", "exploratory"]
AssessmentCategory = Literal[
    "screening", "efficacy", "safety", "pharmacokinetic", "biomarker", "administrative", "other"
]
Sex = Literal["all", "female", "male"]

_RATIO = re.compile(r"^\s*\d+(\.\d+)?(\s*:\s*\d+(\.\d+)?)*\s*$")


class Background(Part):
    """Introduction: the condition, the rationale and the evidence behind the question."""

    condition: Text = None
    rationale: Text = None
    comparator_rationale: Text = Field(default=None, description="why this comparator")
    benefit_risk: Text = None
    evidence: list[str] = Field(
        default_factory=list, description="evidence record ids cited in the rationale"
    )


class Blinding(Part):
    """Who is blinded, how, and when unblinding is allowed."""

    level: BlindingLevel | None = None
    masked: list[MaskedRole] = Field(default_factory=list)
    method: Text = Field(default=None, description="how blinding is achieved, e.g. matching placebo")
    emergency_unblinding: Text = None


class Randomisation(Part):
    """Sequence generation, restriction, concealment and implementation."""

    method: Text = Field(default=None, description="e.g. permuted blocks, minimisation")
    block_sizes: list[int] = Field(default_factory=list)
    stratification: list[str] = Field(default_factory=list)
    sequence_generation: Text = Field(default=None, description="who generates the sequence and how")
    concealment: Text = None
    implementation: Text = Field(default=None, description="who enrols and who assigns")


class DesignRationale(Part):
    """ICH M11 rationale for the dose, the duration and the population (schema 2)."""

    dose: Text = Field(default=None, description="why this dose and regimen")
    duration: Text = Field(default=None, description="why this treatment and follow-up duration")
    population: Text = Field(default=None, description="why this population")


class Design(Part):
    """Trial design: model, allocation, control, framework, blinding, randomisation, periods."""

    intervention_model: InterventionModel | None = None
    allocation_ratio: Text = Field(default=None, description="e.g. 1:1 or 2:1, arms in listed order")
    control_type: ControlType | None = None
    framework: Framework | None = None
    description: Text = None
    blinding: Blinding = Field(default_factory=Blinding)
    randomisation: Randomisation = Field(default_factory=Randomisation)
    screening_weeks: float | None = Field(default=None, ge=0)
    treatment_weeks: float | None = Field(default=None, ge=0)
    follow_up_weeks: float | None = Field(default=None, ge=0)
    settings: Text = Field(default=None, description="kind of sites, e.g. university hospitals")
    countries: list[str] = Field(default_factory=list)
    site_count: int | None = Field(default=None, ge=1)
    recruitment_period: Text = None
    rationale: DesignRationale = Field(default_factory=DesignRationale)

    @field_validator("allocation_ratio", mode="before")
    @classmethod
    def _ratio_text(cls, value: Any) -> Any:
        """Accept ``1:1`` style text (or a bare number for one arm)."""
        if isinstance(value, int | float) and not isinstance(value, bool):
            value = str(value)
        if isinstance(value, str) and value.strip():
            if not _RATIO.match(value):
                raise ValueError("must be numbers separated by colons, one for each arm in the "
                                 "order listed, e.g. 1:1 or 2:1:1")
            if any(float(part) <= 0 for part in value.split(":")):
                raise ValueError(f"every part must be above 0, e.g. 1:1 or 2:1:1 (now {value.strip()}): "
                                 "an arm with part 0 would receive no participants")
        return value


class Population(Part):
    """Who may take part."""

    description: Text = None
    age_min: float | None = Field(default=None, ge=0, description="years")
    age_max: float | None = Field(default=None, ge=0, description="years")
    sex: Sex | None = None
    healthy_volunteers: bool | None = None
    inclusion: list[str] = Field(default_factory=list)
    exclusion: list[str] = Field(default_factory=list)
    site_eligibility: Text = Field(default=None, description="criteria for sites and carers")
    recruitment: Text = Field(default=None, description="strategies to reach the target sample size")
    retention: Text = None
    # ICH M11 population sections (schema 2)
    childbearing_potential: bool | None = Field(
        default=None, description="women who can become pregnant may take part; blank: by sex and age"
    )
    contraception: Text = Field(default=None, description="contraception required, by whom and how long")
    lifestyle: Text = Field(default=None, description="diet, alcohol, tobacco, activity restrictions")
    screen_failures: Text = Field(
        default=None, description="what is recorded and whether rescreening is allowed"
    )

    @model_validator(mode="after")
    def _age_order(self) -> Population:
        if self.age_min is not None and self.age_max is not None and self.age_min > self.age_max:
            raise ValueError(f"minimum age ({self.age_min:g}) is above maximum age "
                             f"({self.age_max:g})")
        return self


class Intervention(Part):
    """One product or procedure given in an arm."""

    name: str
    kind: InterventionKind | None = None
    dose: Text = None
    route: Text = None
    frequency: Text = None
    duration: Text = None
    formulation: Text = None
    description: Text = None


class Arm(Part):
    """A treatment arm and what its participants receive."""

    id: str
    name: Text = None
    type: ArmType | None = None
    description: Text = None
    interventions: list[Intervention] = Field(default_factory=list)


class InterventionConduct(Part):
    """How the interventions are handled: adherence, modification, concomitant and rescue care."""

    preparation: Text = Field(default=None, description="supply, storage, preparation, labelling")
    adherence: Text = None
    dose_modification: Text = None
    concomitant_permitted: list[str] = Field(default_factory=list)
    concomitant_prohibited: list[str] = Field(default_factory=list)
    rescue: Text = None
    overdose: Text = Field(default=None, description="ICH M11: definition and management of overdose")


class Discontinuation(Part):
    """Stopping the intervention, withdrawal from the trial, loss to follow-up."""

    intervention_criteria: list[str] = Field(default_factory=list)
    follow_up_after_stopping: Text = Field(
        default=None, description="whether participants who stop the intervention stay in follow-up")
    withdrawal: Text = None
    lost_to_follow_up: Text = None
    trial_stopping: Text = Field(default=None, description="criteria to stop the whole trial")


class Assessment(Part):
    """A procedure or measurement that appears in the schedule of activities."""

    id: str
    name: Text = None
    category: AssessmentCategory | None = None
    description: Text = None


class Visit(Part):
    """A visit on the schedule and the assessments made at it."""

    id: str
    name: Text = None
    day: int | None = Field(default=None, description="days from randomisation (day 0 or 1)")
    window_days: int | None = Field(default=None, ge=0, description="allowed deviation, +/- days")
    assessments: list[str] = Field(default_factory=list, description="assessment ids")


class GroupSequentialPlan(Part):
    """Interim looks for efficacy (and optionally futility) by a group-sequential design.

    The fixed-design sample size is inflated by trialkit.power.group_sequential, and the
    boundary table goes into the protocol's interim-analysis section.
    """

    k: int = Field(ge=2, le=10, description="number of analyses, the final one included")
    spending: SpendingName = Field(
        default="obf", description="Lan-DeMets spending function or classical boundary"
    )
    gamma: float | None = Field(default=None, description="Hwang-Shih-DeCani parameter (hsd)")
    timing: list[float] = Field(
        default_factory=list, description="information fractions of the looks; blank = equal"
    )
    futility: FutilityName | None = Field(
        default=None, description="futility bound by beta spending (one-sided); non-binding "
        "unless stated binding"
    )
    futility_gamma: float | None = None
    binding_futility: bool = Field(
        default=False, description="the futility bound is binding: the trial must stop when "
        "it is crossed, and the efficacy bounds are computed with it (lower)"
    )


class SampleSize(Part):
    """Inputs of the sample-size calculation: a trialkit.power procedure and its arguments.

    ``evidence`` names an evidence estimate whose power inputs fill in what ``parameters``
    leave out; ``parameters`` always win.
    """

    endpoint: Text = Field(default=None, description="id of the endpoint the sample size is for")
    procedure: Text = Field(default=None, description="trialkit.power function, e.g. ratio_of_means")
    parameters: dict[str, Any] = Field(default_factory=dict)
    evidence: Text = Field(default=None, description="evidence estimate id the effect comes from")
    rationale: Text = Field(default=None, description="why these assumptions; appended to the paragraph")
    target_enrolment: int | None = Field(default=None, ge=1, description="planned total enrolment")
    group_sequential: GroupSequentialPlan | None = Field(
        default=None, description="interim looks; inflates the fixed-design sample size"
    )


class InterimAnalysis(Part):
    """A planned look at accumulating data."""

    timing: Text = Field(default=None, description="e.g. after 50% of participants reach week 26")
    information_fraction: float | None = Field(default=None, gt=0, le=1)
    purpose: Text = None
    stopping_rule: Text = None
    decision_maker: Text = None


class StatisticalAnalysis(Part):
    """The analysis plan in outline; the SAP holds the detail."""

    analysis_populations: Text = None
    primary_analysis: Text = None
    secondary_analyses: Text = None
    safety_analyses: Text = None
    missing_data: Text = None
    multiplicity: Text = None
    subgroup_analyses: Text = None
    sensitivity_analyses: Text = None
    software: Text = None


class Trial(Part):
    """A complete (or partial) trial design; the single source of a protocol document."""

    schema_version: Literal[2] = SCHEMA_VERSION
    title_page: TitlePage = Field(default_factory=TitlePage)
    synopsis: Text = Field(default=None, description="a short overview; generated when blank")
    background: Background = Field(default_factory=Background)
    objectives: list[Objective] = Field(default_factory=list)
    design: Design = Field(default_factory=Design)
    population: Population = Field(default_factory=Population)
    arms: list[Arm] = Field(default_factory=list)
    intervention_conduct: InterventionConduct = Field(default_factory=InterventionConduct)
    discontinuation: Discontinuation = Field(default_factory=Discontinuation)
    assessments: list[Assessment] = Field(default_factory=list)
    visits: list[Visit] = Field(default_factory=list)
    safety: Safety = Field(default_factory=Safety)
    sample_size: SampleSize = Field(default_factory=SampleSize)
    interim_analyses: list[InterimAnalysis] = Field(default_factory=list)
    statistics: StatisticalAnalysis = Field(default_factory=StatisticalAnalysis)
    oversight: Oversight = Field(default_factory=Oversight)
    ethics: Ethics = Field(default_factory=Ethics)
    open_science: OpenScience = Field(default_factory=OpenScience)
    abbreviations: dict[str, str] = Field(default_factory=dict)
    references: list[Reference] = Field(default_factory=list)
    version_history: list[ProtocolVersion] = Field(
        default_factory=list, description="the original protocol and each amendment, oldest first")

    @model_validator(mode="before")
    @classmethod
    def _migrate(cls, data: Any) -> Any:
        """Designs of an earlier schema_version are brought up to this one (in memory)."""
        from trialkit.design.migrate import migrate

        return migrate(data)

    def endpoints(self) -> list[Endpoint]:
        """Every endpoint of every objective, in document order."""
        return [e for o in self.objectives for e in o.endpoints]

    def endpoint_level(self, endpoint: Endpoint) -> EndpointLevel:
        """The endpoint's own level, or that of the objective it belongs to."""
        if endpoint.level:
            return endpoint.level
        owner = next((o for o in self.objectives if any(e is endpoint for e in o.endpoints)), None)
        return owner.level if owner else "secondary"

    def primary_endpoints(self) -> list[Endpoint]:
        """The endpoints whose level (own or inherited) is primary."""
        return [e for e in self.endpoints() if self.endpoint_level(e) == "primary"]

    def endpoint(self, endpoint_id: str) -> Endpoint | None:
        """The endpoint with this id, or None."""
        return next((e for e in self.endpoints() if e.id == endpoint_id), None)

    def arm(self, arm_id: str) -> Arm | None:
        """The arm with this id, or None."""
        return next((a for a in self.arms if a.id == arm_id), None)

    def allocation_parts(self) -> list[float] | None:
        """The allocation ratio as numbers (treatment arms in listed order), or None if unset."""
        text = self.design.allocation_ratio
        if not text:
            return None
        return [float(p) for p in text.split(":")]
