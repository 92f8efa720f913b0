"""What the sample-size form asks for each power-engine procedure, and the calls it makes.

This describes the engine's keyword arguments in words for the form; every number comes
from ``trialkit.power``. Procedures the installed engine does not have are not offered.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from trialkit import power as engine
from trialkit.errors import InvalidParameter, TrialkitError
from trialkit.power._checks import APPROXIMATIONS
from trialkit.power.result import PowerResult


@dataclass(frozen=True)
class Field:
    """One number the user types: the engine's keyword, a label, and a line of help."""

    param: str
    label: str
    help: str


@dataclass(frozen=True)
class ProcedureForm:
    """The fields of one procedure, in the order the form shows them."""

    name: str
    label: str
    effect: Field
    variability: tuple[Field, ...] = ()
    options: tuple[Field, ...] = ()
    size_param: str = "n_per_arm"
    allocation_param: str | None = "ratio"
    choices: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def groups(self) -> int:
        """1 for one-group procedures, else 2."""
        return 1 if self.allocation_param is None else 2

    @property
    def fields(self) -> tuple[Field, ...]:
        """Effect, variability and option fields."""
        return (self.effect, *self.variability, *self.options)


FORMS: tuple[ProcedureForm, ...] = (
    ProcedureForm(
        "two_means",
        "Two means (t-test)",
        Field("delta", "Difference", "true difference in means, treatment - control"),
        (Field("sd", "SD", "common standard deviation of the outcome"),),
        (
            Field("margin", "NI margin", "non-inferiority margin (> 0); blank for superiority"),
            Field("baseline_correlation", "Baseline r",
                  "baseline-outcome correlation for an ANCOVA; blank or 0 for none"),
        ),
        choices={"approximation": APPROXIMATIONS},
    ),
    ProcedureForm(
        "ratio_of_means",
        "Ratio of means (log scale)",
        Field("ratio", "Ratio", "ratio of geometric means, treatment / control"),
        (Field("cv", "CV", "coefficient of variation on the original scale"),),
        allocation_param="allocation",
    ),
    ProcedureForm(
        "one_mean",
        "One mean / paired (t-test)",
        Field("delta", "Mean difference", "mean (or mean within-pair difference) to detect"),
        (Field("sd", "SD", "standard deviation (of the differences, if paired)"),),
        size_param="n",
        allocation_param=None,
        choices={"approximation": APPROXIMATIONS},
    ),
    ProcedureForm(
        "two_proportions",
        "Two proportions",
        Field("p1", "Treatment rate", "event or response proportion in the treatment arm"),
        (Field("p2", "Control rate", "event or response proportion in the control arm"),),
        choices={"method": ("pooled", "unpooled", "arcsine")},
    ),
    ProcedureForm(
        "one_proportion",
        "One proportion (single arm)",
        Field("p1", "Expected rate", "response proportion expected with the treatment"),
        (Field("p0", "Null rate", "response proportion that would not be worth pursuing"),),
        size_param="n",
        allocation_param=None,
    ),
    ProcedureForm(
        "logrank",
        "Time to event (log-rank)",
        Field("hazard_ratio", "Hazard ratio", "hazard ratio treatment / control"),
        (),
        (
            Field("dropout_rate", "Loss hazard", "exponential loss-to-follow-up hazard per unit"),
            Field("median_control", "Control median", "median survival time in the control arm"),
            Field("accrual_time", "Accrual time", "duration of uniform recruitment"),
            Field("follow_up_time", "Follow-up", "additional follow-up after accrual ends"),
        ),
        size_param="events",
        choices={"method": ("schoenfeld", "freedman")},
    ),
)




def available_forms() -> tuple[ProcedureForm, ...]:
    """The forms whose procedure the installed power engine provides."""
    return tuple(f for f in FORMS if callable(getattr(engine, f.name, None)))


def form_named(name: str | None) -> ProcedureForm | None:
    """The form of procedure ``name``, or None if there is none."""
    return next((f for f in FORMS if f.name == name), None)


def design_size(result: PowerResult) -> int | None:
    """The size a power curve varies: the control arm's n, the single group's n, or events."""
    events = result.extras.get("events")
    if events is not None and result.procedure == "logrank":
        return int(events)
    return result.n_per_arm[-1] if result.n_per_arm else None


def curve(procedure: str, kwargs: Mapping[str, Any], result: PowerResult) -> engine.PowerCurve | None:
    """Power from a quarter to twice the design's size, the other inputs as in ``kwargs``."""
    form = form_named(procedure)
    size = design_size(result)
    if form is None or size is None:
        return None
    effect = result.inputs.get(form.effect.param, kwargs.get(form.effect.param))
    fixed = {k: v for k, v in kwargs.items() if k not in ("power", form.size_param)}
    fixed[form.effect.param] = effect
    for key in ("median_control", "accrual_time", "follow_up_time", "dropout_rate"):
        fixed.pop(key, None)
    lo, hi = max(2, size // 4), max(size * 2, 8)
    step = max(1, (hi - lo) // 60)
    try:
        return engine.power_curve(procedure, vary=form.size_param,
                                  values=range(lo, hi + 1, step), **fixed)
    except TrialkitError:
        return None


@dataclass(frozen=True)
class SensitivityRow:
    """The design evaluated at one plausible effect."""

    label: str
    effect: float | None
    needed: tuple[int, ...] | None
    power_at_design: float | None
    note: str = ""


def evaluate_effect(
    procedure: str, kwargs: Mapping[str, Any], result: PowerResult, label: str,
    effect: float | None,
) -> SensitivityRow:
    """The n needed at the design's target power, and this design's power, at ``effect``."""
    form = form_named(procedure)
    if form is None or effect is None:
        return SensitivityRow(label, effect, None, None, "no effect")
    function = getattr(engine, procedure)
    base = {k: v for k, v in kwargs.items() if k != form.size_param}
    base[form.effect.param] = effect
    target = kwargs.get("power") or result.inputs.get("power") or result.power
    needed: tuple[int, ...] | None = None
    achieved: float | None = None
    note = ""
    try:
        needed = function(**{**base, "power": target}).n_per_arm or None
    except (TrialkitError, ValueError) as exc:
        note = _short(exc)
    size = design_size(result)
    if size is not None:
        sizes: Any = result.n_per_arm if len(result.n_per_arm) == 2 else size
        if procedure == "logrank":
            sizes = size
        try:
            achieved = function(**{**base, "power": None, form.size_param: sizes}).power
        except (TrialkitError, ValueError) as exc:
            note = note or _short(exc)
    return SensitivityRow(label, effect, needed, achieved, note)


def _short(exc: Exception) -> str:
    if isinstance(exc, InvalidParameter):
        return exc.valid
    return str(exc)
