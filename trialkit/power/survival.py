"""Log-rank test: required events (Schoenfeld or Freedman) and, with timing, the patients.

The events formula is Schoenfeld (1983) Biometrics 39:499-503 or Freedman (1982) Stat Med
1:121-129. Patients follow from the probability of an event under exponential survival,
uniform accrual over ``accrual_time``, at least ``follow_up_time`` of further follow-up and
exponential loss to follow-up, a fraction ``dropout`` lost by ``dropout_time`` (Lachin &
Foulkes (1986) Biometrics 42:507-519, eq. for the event probability), as rpact's
getSampleSizeSurvival and SAS PROC SEQDESIGN do; gsDesign's nSurvival instead uses the
Lachin-Foulkes variance and so gives slightly larger numbers.
"""

from __future__ import annotations

import dataclasses
import math
from typing import Any

import numpy as np

from trialkit.errors import InvalidParameter, NoSolution
from trialkit.power import _checks
from trialkit.power._procedure import Design, EffectSearch, Prepared, run
from trialkit.power._text import num, paragraph, pct
from trialkit.power._vocabulary import deprecated, dropout_hazard
from trialkit.power.piecewise import (
    Piecewise,
    checked_fractions,
    hazards_words,
    interims,
    interims_words,
    piecewise_hazards,
)
from trialkit.power.proportions import z_power
from trialkit.power.result import Method, PowerResult

METHODS = {
    "schoenfeld": Method(
        "Log-rank test, events by Schoenfeld's formula",
        "Schoenfeld (1983) Biometrics 39:499-503",
    ),
    "freedman": Method(
        "Log-rank test, events by Freedman's formula",
        "Freedman (1982) Stat Med 1:121-129",
    ),
}


def logrank_power(events: Any, hazard_ratio: Any, alpha: Any, sides: int,
                  ratio: Any, method: str, directional: bool = False) -> Any:
    """Power of the log-rank test given the number of events (vectorised)."""
    share = ratio / (1.0 + ratio)
    if method == "schoenfeld":
        signal = np.sqrt(events * share * (1.0 - share)) * np.abs(np.log(hazard_ratio))
    else:
        signal = np.sqrt(events * ratio) * np.abs(1.0 - hazard_ratio) / (1.0 + ratio * hazard_ratio)
    return z_power(signal, 1.0, 1.0, alpha, sides, directional=directional)


def event_probability(hazard: float, dropout_hazard: float, accrual: float, follow_up: float) -> float:
    """P(event observed) with exponential event and loss hazards, uniform accrual over
    ``accrual`` and ``follow_up`` more time after accrual ends.

    Written with expm1 so that tiny hazards (a very long median) lose no precision:
    P = share * (1 - exp(-t F) g(t R)) with g(b) = (1 - exp(-b)) / b.
    """
    total = hazard + dropout_hazard
    share = hazard / total
    a, b = total * follow_up, total * accrual
    if b == 0.0:
        return share * -math.expm1(-a)
    g = -math.expm1(-b) / b
    one_minus_g = b / 2.0 - b * b / 6.0 + b**3 / 24.0 if b < 1e-4 else 1.0 - g
    return share * (one_minus_g + g * -math.expm1(-a))


N_PATIENTS_LIMIT = 1e7


def prepare_logrank(
    *, hazard_ratio: float | None = None, alpha: float = 0.05, sides: int = 2,
    ratio: float = 1.0, dropout: float = 0.0, method: str = "schoenfeld",
    power_convention: str = "two_tailed",
) -> Prepared:
    """Validate logrank's event-level inputs and build its power function and text."""
    directional = _checks.power_convention(power_convention) == "directional"
    a = _checks.alpha(alpha)
    s = _checks.sides(sides)
    k = _checks.ratio(ratio)
    loss = _checks.dropout(dropout)
    if method not in METHODS:
        raise InvalidParameter("method", method, f"must be one of {', '.join(METHODS)}")
    if hazard_ratio is not None:
        hazard_ratio = _checks.positive("hazard_ratio", hazard_ratio)
        if hazard_ratio == 1.0:
            raise InvalidParameter("hazard_ratio", hazard_ratio, "must differ from 1")
        if s == 1 and hazard_ratio > 1.0:
            raise InvalidParameter(
                "hazard_ratio", hazard_ratio,
                "must be below 1 for a one-sided test (its alternative: treatment lowers the "
                "hazard)",
                hint="for an event that treatment should make more likely, give control/treatment",
            )

    def power_at(events: Any, _e: Any, hr: Any) -> Any:
        return logrank_power(events, hr, a, s, k, method, directional)

    design = Design(
        procedure="logrank",
        method=METHODS[method],
        groups=1,
        power_at=power_at,
        effect_name="hazard_ratio",
        effect_search=EffectSearch(lambda u: math.exp(-u), 1e-9, 0.5, 50.0),
        min_n=1.0,
        size_name="events",
    )
    inputs = {"hazard_ratio": hazard_ratio, "sides": s, "ratio": k, "dropout": loss,
              "method": method, "power_convention": power_convention}
    return Prepared(design, hazard_ratio, k, a, loss, inputs, lambda r: "")


def logrank(
    *,
    hazard_ratio: float | None = None,
    events: int | None = None,
    power: float | None = None,
    alpha: float = 0.05,
    sides: int = 2,
    ratio: float = 1.0,
    dropout: float = 0.0,
    method: str = "schoenfeld",
    median_control: float | None = None,
    accrual_time: float | None = None,
    follow_up_time: float | None = None,
    dropout_time: float | None = None,
    time_unit: str = "",
    power_convention: str = "two_tailed",
    dropout_rate: float | None = None,
    hazard_breaks: list[float] | None = None,
    control_hazards: list[float] | None = None,
    interim_fractions: list[float] | None = None,
) -> PowerResult:
    """Required events, power or detectable hazard ratio (treatment/control) of a log-rank test.

    The sample size here is ``events``. Given ``median_control``, ``accrual_time`` and
    ``follow_up_time`` (all in ``time_unit``, e.g. "months"), the patients follow too
    (``n_per_arm``), and ``dropout`` is the probability that a participant drops out by
    ``dropout_time`` (exponential loss, as rpact's dropoutRate and dropoutTime); otherwise
    ``n_per_arm`` is empty and ``dropout`` the overall fraction lost. ``dropout_rate`` (an
    exponential loss hazard per time unit) is deprecated: it still works, with a warning.
    Instead of ``median_control``, ``control_hazards`` gives a piecewise-exponential control
    hazard, each from the matching start in ``hazard_breaks`` (e.g. [0, 6, 12]), as rpact's
    lambda2 and piecewiseSurvivalTime. ``interim_fractions`` (of the events, e.g. [0.5, 0.75])
    adds the expected events and calendar time of each interim look.
    """
    control = _control_hazards(median_control, hazard_breaks, control_hazards)
    timing = _timing(median_control, accrual_time, follow_up_time, dropout, dropout_time,
                     dropout_rate, piecewise=control is not None)
    fractions = None if interim_fractions is None else checked_fractions(interim_fractions)
    if fractions is not None and timing is None:
        raise InvalidParameter("interim_fractions", interim_fractions, "needs the control "
                               "survival, {accrual_time} and {follow_up_time}")
    if time_unit is None or not isinstance(time_unit, str) or len(time_unit) > 40:
        raise InvalidParameter("time_unit", time_unit, "must be a short text such as 'months'")
    prepared = prepare_logrank(
        hazard_ratio=hazard_ratio, alpha=alpha, sides=sides, ratio=ratio,
        dropout=0.0 if timing is not None else dropout, method=method,
        power_convention=power_convention,
    )
    result = run(prepared, n_per_arm=events, power=power)
    n_events = result.n_per_arm[0]
    hr = result.inputs["hazard_ratio"]
    extras: dict[str, Any] = {"events": n_events, "events_unrounded": (
        result.solution if result.solved_for == "n" else float(n_events))}
    sizes: tuple[int, ...] = ()
    if timing is not None:
        median, accrual, follow_up, loss_hazard = timing
        if control is None:
            lam_c = math.log(2.0) / median
            p_c = event_probability(lam_c, loss_hazard, accrual, follow_up)
            p_t = event_probability(lam_c * hr, loss_hazard, accrual, follow_up)
            control = Piecewise((0.0,), (lam_c,))
        else:
            p_c = control.share_with_event(accrual + follow_up, accrual, loss_hazard)
            p_t = control.scaled(hr).share_with_event(accrual + follow_up, accrual, loss_hazard)
        k = prepared.ratio
        p_bar = (k * p_t + p_c) / (1.0 + k)
        n_unrounded = extras["events_unrounded"] / p_bar
        if not n_unrounded <= N_PATIENTS_LIMIT:
            raise NoSolution(
                f"only {p_bar:.3g} of participants would have an event, so more than "
                f"{N_PATIENTS_LIMIT:,.0f} would be needed; lengthen {{follow_up_time}} or "
                "{accrual_time}, or check {median_control}"
            )
        n_c = math.ceil(n_unrounded / (1.0 + k) - 1e-9)
        sizes = (math.ceil(k * n_c - 1e-9), n_c)
        extras.update(event_probability=p_bar, n_total_unrounded=n_unrounded,
                      dropout_hazard=loss_hazard, study_duration=accrual + follow_up)
        if fractions:
            extras["interims"] = interims(fractions, n_events, sizes[0], sizes[1], control, hr,
                                          accrual, loss_hazard, accrual + follow_up)
    result = dataclasses.replace(
        result,
        n_per_arm=sizes,
        extras=extras,
        inputs={**result.inputs, "events": events, "dropout": float(dropout),
                "median_control": median_control, "accrual_time": accrual_time,
                "follow_up_time": follow_up_time, "dropout_time": dropout_time,
                "time_unit": time_unit, "dropout_rate": dropout_rate,
                "hazard_breaks": hazard_breaks, "control_hazards": control_hazards,
                "interim_fractions": interim_fractions},
    )
    return dataclasses.replace(result, justification=_describe(result))


def _control_hazards(median: Any, breaks: Any, hazards: Any) -> Piecewise | None:
    """The piecewise-exponential control hazards, when given instead of a median."""
    if hazards is None:
        if breaks is not None:
            raise InvalidParameter("hazard_breaks", breaks, "needs {control_hazards}, one per "
                                   "interval")
        return None
    if median is not None:
        raise InvalidParameter("median_control", median, "must be left out when "
                               "{control_hazards} describe the control arm's survival")
    return piecewise_hazards([0.0] if breaks is None else breaks, hazards)


def _timing(
    median: Any, accrual: Any, follow_up: Any, dropout: Any, dropout_time: Any, rate: Any,
    piecewise: bool = False,
) -> tuple[float, float, float, float] | None:
    """(median, accrual, follow-up, loss hazard) when the patients are asked for, else None.

    With piecewise control hazards the median is not used (nan).
    """
    given = {"median_control": True if piecewise else median, "accrual_time": accrual,
             "follow_up_time": follow_up}
    if all(v is None for v in given.values()):
        if rate is not None:
            raise InvalidParameter(
                "dropout_rate", rate, "needs {median_control}, {accrual_time} and {follow_up_time}"
            )
        if dropout_time is not None:
            raise InvalidParameter(
                "dropout_time", dropout_time, "applies only with {median_control}, "
                "{accrual_time} and {follow_up_time} (without them, {dropout} is the overall "
                "fraction lost)",
            )
        return None
    missing = [name for name, v in given.items() if v is None]
    if missing:
        raise InvalidParameter(
            missing[0], None,
            "must be given together with {median_control}, {accrual_time} and {follow_up_time}",
        )
    med = math.nan if piecewise else _checks.positive("median_control", median)
    acc = _checks.in_range("accrual_time", accrual, 0.0, math.inf)
    fu = _checks.in_range("follow_up_time", follow_up, 0.0, math.inf)
    if acc == 0.0 and fu == 0.0:
        raise InvalidParameter("follow_up_time", follow_up, "must be greater than 0 when {accrual_time} is 0")
    loss = _checks.dropout(dropout)
    if rate is not None:
        if loss:
            raise InvalidParameter(
                "dropout_rate", rate, "cannot be combined with {dropout}: give only {dropout} (the "
                "probability of dropping out by {dropout_time})",
            )
        deprecated("dropout_rate", "dropout= (the probability of dropping out by "
                   "dropout_time=, in the same time unit)", "logrank")
        return med, acc, fu, _checks.in_range("dropout_rate", rate, 0.0, math.inf)
    if not loss:
        return med, acc, fu, 0.0
    if dropout_time is None:
        raise InvalidParameter(
            "dropout_time", None, "must be given (greater than 0) with {dropout} when accrual and "
            "follow-up are given: {dropout} is then the probability of dropping out by "
            "{dropout_time}",
        )
    return med, acc, fu, dropout_hazard(loss, _checks.positive("dropout_time", dropout_time))


def _describe(r: PowerResult) -> str:
    inp = r.inputs
    sides, hr = inp["sides"], inp["hazard_ratio"]
    formula = "Schoenfeld's" if inp["method"] == "schoenfeld" else "Freedman's"
    note = ""
    if r.n_per_arm:
        unit = f" {inp['time_unit']}" if inp["time_unit"] else ""
        if inp["dropout_rate"]:
            loss = f", with loss to follow-up at a rate of {num(inp['dropout_rate'])} per " + (
                inp["time_unit"] or "time unit")
        elif inp["dropout"]:
            loss = (f", with {pct(inp['dropout'])} of participants lost to follow-up by "
                    f"{num(inp['dropout_time'])}{unit} (exponential loss)")
        else:
            loss = ""
        survival = (f"exponential survival with a control-arm median of "
                    f"{num(inp['median_control'])}{unit}" if inp["control_hazards"] is None else
                    hazards_words(piecewise_hazards(inp["hazard_breaks"] or [0.0],
                                                    inp["control_hazards"]), inp["time_unit"]))
        note += (
            f" Assuming {survival}, uniform accrual over "
            f"{num(inp['accrual_time'])}{unit} and at least {num(inp['follow_up_time'])}{unit} "
            f"further follow-up{loss}, {pct(r.event_probability)} of participants are expected "
            f"to have an event, so {r.n_total} participants are needed ({r.n_per_arm[0]} "
            f"treatment, {r.n_per_arm[1]} control)."
        )
        note += (f" The study lasts {num(r.study_duration)}{unit} from the first enrolment."
                 + interims_words(r.extras.get("interims", []), inp["time_unit"]))
    further = " or further from 1" if r.solved_for == "effect" else ""
    return paragraph(
        r, test=f"a log-rank test ({formula} formula)", sides=sides, allocated=True,
        effect=f"a hazard ratio of {num(hr)}{further}", sizes=f"{r.events} events", note=note,
    )

