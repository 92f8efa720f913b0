"""Group-sequential designs: alpha spending, classical boundaries, futility, sample-size inflation.

Boundary crossing probabilities come from exact recursive numerical integration of the
joint distribution of the z statistics (trialkit.power._gs_integration). Critical values are
accurate to better than 1e-6 on the z scale.

Conventions: information is scaled so that the last look has information fraction 1 and
the drift ``theta`` is the expected z statistic at the last look. A one-sided design rejects
in the upper tail. A two-sided design is symmetric: each tail spends the one-sided
spending function at alpha / 2 (as gsDesign's symmetric designs do).
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy.special import ndtr

from trialkit.errors import InvalidParameter, NoSolution
from trialkit.power import _checks
from trialkit.power._gs_binding import binding_bounds
from trialkit.power._gs_bounds import (
    _binding,
    _efficacy_bounds,
    _expected_fraction,
    _fixed_drift,
    _futility_bounds,
    _gamma,
    _timing,
)
from trialkit.power._gs_integration import (
    Z_CAP,
    _crossings,
    spent,
)
from trialkit.power._gs_operating import SequentialResult
from trialkit.power._gs_text import _applied_text, _describe
from trialkit.power._solve import solve_increasing
from trialkit.power._text import num, pct
from trialkit.power.catalogue_spending import FUTILITY_NAMES, SPENDING_NAMES
from trialkit.power.catalogue_spending import spending as boundary
from trialkit.power.result import Method, PowerResult

# --- the design ------------------------------------------------------------------------------


@dataclass(frozen=True, repr=False)
class GroupSequentialDesign:
    """Boundaries, error spending and sample-size inflation of a group-sequential design.

    ``critical_z`` are the efficacy critical values (|z| for two-sided designs),
    ``alpha_spent`` the cumulative type I error at each look. ``futility_z`` (one-sided
    designs only) are non-binding futility bounds: the efficacy bounds ignore them, so the
    type I error holds whether or not the trial stops for futility. ``inflation_factor`` is
    the maximum information relative to a fixed design with the same alpha and power;
    ``expected_fraction_h0`` and ``expected_fraction_h1`` are the expected information as a
    fraction of the maximum.
    """

    k: int
    alpha: float
    power: float
    sides: int
    spending: str
    gamma: float | None
    timing: tuple[float, ...]
    critical_z: tuple[float, ...]
    nominal_p: tuple[float, ...]
    alpha_spent: tuple[float, ...]
    futility: str | None
    futility_gamma: float | None
    futility_z: tuple[float, ...] | None
    beta_spent: tuple[float, ...] | None
    drift: float
    inflation_factor: float
    expected_fraction_h0: float
    expected_fraction_h1: float
    efficacy_stop_h1: tuple[float, ...]
    method: Method
    justification: str = ""
    power_convention: str = "two_tailed"
    """For two-sided designs: whether power counts both rejection regions or only the
    effect's; the fixed design of the inflation factor counts the same way."""
    binding_futility: bool = False
    """Whether the futility bound binds: the efficacy bounds then count on the trial
    stopping below it (lower bounds, the type I error held only if it is obeyed)."""

    @property
    def expected_inflation_h0(self) -> float:
        """Expected information under H0 relative to the fixed design."""
        return self.inflation_factor * self.expected_fraction_h0

    @property
    def expected_inflation_h1(self) -> float:
        """Expected information under H1 relative to the fixed design."""
        return self.inflation_factor * self.expected_fraction_h1

    def boundary_table(self) -> list[dict[str, Any]]:
        """One row per look: information fraction, critical z, nominal P, cumulative alpha."""
        rows = []
        for i in range(self.k):
            row: dict[str, Any] = {
                "look": i + 1,
                "information_fraction": self.timing[i],
                "critical_z": self.critical_z[i],
                "nominal_p": self.nominal_p[i],
                "alpha_spent": self.alpha_spent[i],
                "efficacy_stop_h1": self.efficacy_stop_h1[i],
            }
            if self.futility_z is not None and self.beta_spent is not None:
                row["futility_z"] = self.futility_z[i]
                row["beta_spent"] = self.beta_spent[i]
            rows.append(row)
        return rows

    def summary_rows(self) -> list[tuple[str, str]]:
        """(label, value) rows for a printed table: the design, then one row per look."""
        rows = [
            ("procedure", "group_sequential"),
            ("looks", str(self.k)),
            ("spending", self.spending if self.gamma is None else f"{self.spending} {self.gamma:g}"),
            ("alpha", f"{self.alpha:g} ({self.sides}-sided)"),
            ("power", f"{self.power:g}"
             + (f" ({self.power_convention.replace('_', '-')})" if self.sides == 2 else "")),
            ("inflation factor", f"{self.inflation_factor:.4f}"),
            ("expected information H0", f"{self.expected_inflation_h0:.4f} x fixed"),
            ("expected information H1", f"{self.expected_inflation_h1:.4f} x fixed"),
        ]
        for row in self.boundary_table():
            text = (
                f"info {row['information_fraction']:.3f}  z {row['critical_z']:.4f}  "
                f"p {row['nominal_p']:.6f}  cum. alpha {row['alpha_spent']:.6f}"
            )
            if "futility_z" in row:
                text += f"  futility z {row['futility_z']:.4f}"
            rows.append((f"look {row['look']}", text))
        rows.append(("method", str(self.method)))
        return rows

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dictionary of the design and its boundary table."""
        return {
            "procedure": "group_sequential",
            "k": self.k, "alpha": self.alpha, "power": self.power, "sides": self.sides,
            "power_convention": self.power_convention,
            "spending": self.spending, "gamma": self.gamma, "timing": list(self.timing),
            "futility": self.futility, "futility_gamma": self.futility_gamma,
            "binding_futility": self.binding_futility,
            "drift": self.drift, "inflation_factor": self.inflation_factor,
            "expected_fraction_h0": self.expected_fraction_h0,
            "expected_fraction_h1": self.expected_fraction_h1,
            "looks": self.boundary_table(),
            "method": {"name": self.method.name, "reference": self.method.reference},
            "justification": self.justification,
        }

    def __repr__(self) -> str:
        head = (
            f"<GroupSequentialDesign {self.k} looks, {self.spending}, alpha = {num(self.alpha)} "
            f"({self.sides}-sided), power = {num(self.power)}, "
            f"inflation factor = {self.inflation_factor:.4f}"
        )
        fut = self.futility_z is not None
        title = "  look  info   critical z  nominal p   cum. alpha" + ("  futility z" * fut)
        lines = [head, title]
        for i in range(self.k):
            line = (
                f"  {i + 1:>4}  {self.timing[i]:.3f}  {self.critical_z[i]:>10.4f}  "
                f"{self.nominal_p[i]:>9.6f}  {self.alpha_spent[i]:>11.6f}"
            )
            if fut:
                assert self.futility_z is not None
                line += f"  {self.futility_z[i]:>10.4f}"
            lines.append(line)
        return "\n".join(lines) + ">"

    def apply_to(self, fixed: PowerResult) -> SequentialResult:
        """Inflate a fixed design solved for n (same alpha and power) to this sequential design.

        Returns a PowerResult whose ``n_per_arm`` is the maximum sample size; the extras give
        the sample size at each look and the expected sample size under H0 and H1 (and the
        events, when the fixed design is event-driven). Its
        ``operating_characteristics(effects=[...])`` gives the power and expected sample size
        at any effect.
        """
        _check_compatible(self, fixed)
        factor = self.inflation_factor
        sizes = tuple(math.ceil(n * factor - 1e-9) for n in continuous_sizes(fixed))
        extras: dict[str, Any] = {
            "inflation_factor": factor,
            "critical_z": self.critical_z,
            "nominal_p": self.nominal_p,
            "alpha_spent": self.alpha_spent,
        }
        if self.futility_z is not None:
            extras["futility_z"] = self.futility_z
        if sizes:
            total = sum(sizes)
            extras.update(
                n_fixed_total=fixed.n_total,
                expected_n_h0=total * self.expected_fraction_h0,
                expected_n_h1=total * self.expected_fraction_h1,
                n_at_looks=tuple(math.ceil(total * t - 1e-9) for t in self.timing),
            )
        events = fixed.extras.get("events_unrounded", fixed.extras.get("events"))
        if isinstance(events, int | float):
            max_events = math.ceil(events * factor - 1e-9)
            extras.update(
                events_fixed=fixed.extras["events"],
                events=max_events,
                events_unrounded=events * factor,
                events_at_looks=tuple(math.ceil(max_events * t - 1e-9) for t in self.timing),
                expected_events_h0=max_events * self.expected_fraction_h0,
                expected_events_h1=max_events * self.expected_fraction_h1,
            )
        result = dataclasses.replace(
            fixed,
            procedure=f"{fixed.procedure}+group_sequential",
            n_per_arm=sizes,
            power=self.power,
            method=Method(f"{fixed.method.name}; {self.method.name}",
                          f"{fixed.method.reference}; {self.method.reference}"),
            extras={**dict(fixed.extras), **extras},
            inputs={**dict(fixed.inputs), "group_sequential": self.to_dict()},
        )
        fields = {f.name: getattr(result, f.name) for f in dataclasses.fields(PowerResult)}
        fields["justification"] = f"{fixed.justification} {_applied_text(self, result)}"
        return SequentialResult(**fields, design=self)


def continuous_sizes(fixed: PowerResult) -> tuple[float, ...]:
    """The fixed design's unrounded arm sizes where it reports them, else its whole sizes."""
    if not fixed.n_per_arm:
        return ()
    total = fixed.extras.get("n_total_unrounded")
    if isinstance(total, int | float) and total > 0:
        return tuple(total * n / fixed.n_total for n in fixed.n_per_arm)
    control = fixed.n_per_arm[-1]
    if math.ceil(fixed.solution - 1e-9) != control:
        return tuple(float(n) for n in fixed.n_per_arm)
    return tuple(fixed.solution * n / control for n in fixed.n_per_arm)


def _check_compatible(design: GroupSequentialDesign, fixed: PowerResult) -> None:
    if (fixed.inputs.get("equivalence") or fixed.procedure == "equivalence_means"
            or fixed.inputs.get("test") == "equivalence"):
        raise InvalidParameter(
            "fixed", fixed.procedure, "must not be an equivalence design: its two one-sided "
            "tests need boundaries of their own, which group_sequential does not compute")
    if fixed.solved_for != "n":
        raise InvalidParameter(
            "fixed", fixed.procedure, "must be a fixed design solved for the sample size"
        )
    f_alpha = float(fixed.inputs.get("alpha", math.nan))
    f_sides = int(fixed.inputs.get("sides", design.sides))
    f_power = float(fixed.inputs.get("power", math.nan))
    if not math.isclose(f_alpha / f_sides, design.alpha / design.sides, rel_tol=1e-9):
        raise InvalidParameter(
            "fixed", f"alpha={f_alpha:g}, sides={f_sides}",
            f"must test at the design's level (alpha={design.alpha:g}, sides={design.sides})",
        )
    if not math.isclose(f_power, design.power, rel_tol=1e-9):
        raise InvalidParameter(
            "fixed", f"power={f_power:g}", f"must target the design's power ({design.power:g})"
        )
    f_convention = fixed.inputs.get("power_convention", "two_tailed")
    if design.sides == 2 and f_sides == 2 and f_convention != design.power_convention:
        raise InvalidParameter(
            "fixed", f"power_convention={f_convention}",
            f"must count power as the design does ({design.power_convention})",
        )


def group_sequential(
    *,
    k: int,
    alpha: float = 0.025,
    power: float = 0.9,
    sides: int = 1,
    spending: str = "obf",
    gamma: float | None = None,
    timing: Sequence[float] | None = None,
    futility: str | None = None,
    futility_gamma: float | None = None,
    power_convention: str = "two_tailed",
    binding_futility: bool = False,
) -> GroupSequentialDesign:
    """Boundaries and sample-size inflation of a group-sequential design with k looks.

    ``spending`` is a Lan-DeMets spending function ('obf' O'Brien-Fleming-type, 'pocock'
    Pocock-type, 'hsd' Hwang-Shih-DeCani with ``gamma``) or a classical boundary
    ('classical_obf', 'classical_pocock'). ``timing`` lists the information fractions of
    the looks (default equally spaced). ``futility`` adds non-binding futility bounds by beta
    spending (one-sided designs only; 'hsd' needs ``futility_gamma``). For two-sided designs,
    ``power_convention`` 'two_tailed' counts both rejection regions and 'directional' only
    the effect's (rpact's twoSidedPower = TRUE and FALSE); the fixed design the inflation
    factor is relative to counts the same way. ``binding_futility=True`` makes the futility
    bound binding: the efficacy bounds are computed with it (rpact's bindingFutility = TRUE).
    """
    if isinstance(k, bool) or not isinstance(k, int) or not 1 <= k <= 25:
        raise InvalidParameter("k", k, "must be a whole number of looks from 1 to 25")
    a_ = _checks.alpha(alpha)
    s_ = _checks.sides(sides)
    p_ = _checks.power(power, a_ / s_)
    if spending not in SPENDING_NAMES:
        raise InvalidParameter("spending", spending,
                               f"must be one of {', '.join(SPENDING_NAMES)}")
    g_ = _gamma("gamma", spending, gamma)
    t = _timing(timing, k)
    if futility is not None:
        if futility not in FUTILITY_NAMES:
            raise InvalidParameter("futility", futility,
                                   f"must be None or one of {', '.join(FUTILITY_NAMES)}")
        if s_ == 2:
            raise InvalidParameter("futility", futility, "needs a one-sided design (sides=1)")
    fg_ = _gamma("futility_gamma", futility, futility_gamma)
    binding = _binding(binding_futility, futility, spending)

    b = _efficacy_bounds(spending, g_, a_, s_, t)
    tt = np.asarray(t)
    if spending.startswith("classical"):
        lower = -b if s_ == 2 else np.full(k, -Z_CAP)
        up, low = _crossings(0.0, t, b, lower)
        alpha_cum = np.cumsum(up + (low if s_ == 2 else 0.0))
    else:
        alpha_cum = s_ * spent(spending, a_ / s_, tt, g_)
    both_tails = s_ == 2 and _checks.power_convention(power_convention) == "two_tailed"
    fixed_drift = _fixed_drift(a_, s_, p_, both_tails)
    no_futility = np.full(k, -Z_CAP) if s_ == 1 else -b

    beta_cum = None if futility is None else spent(futility, 1.0 - p_, tt, fg_)
    runs: dict[float, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}
    efficacy: dict[float, np.ndarray] = {}

    def power_at(theta: float) -> float:
        if beta_cum is None:
            up, low = _crossings(theta, t, b, no_futility)
            runs[theta] = (no_futility, up, low)
        elif binding:
            efficacy[theta], a_, up_, low_ = binding_bounds(theta, t, alpha_cum, beta_cum)
            runs[theta] = (a_, up_, low_)
            up, low = runs[theta][1], np.zeros(k)
        else:
            runs[theta] = _futility_bounds(theta, t, b, beta_cum)
            up, low = runs[theta][1], np.zeros(k)
        return float(up.sum() + (low.sum() if both_tails else 0.0))

    try:
        theta = solve_increasing(
            power_at, p_, fixed_drift, 1.25 * fixed_drift, limit=100.0, what="the drift"
        )
    except NoSolution:
        raise NoSolution(
            f"no maximum information reaches {pct(p_)} power with these {k} looks at alpha "
            f"{num(a_)}; a lower power or a higher alpha is needed"
        ) from None
    if theta not in runs:
        power_at(theta)
    a, eff_up, low_h1 = runs[theta]
    if binding:
        b = efficacy[theta]
    fraction_h1 = _expected_fraction(eff_up + low_h1, t)
    if beta_cum is None:
        fraction_h0 = _expected_fraction(np.diff(alpha_cum, prepend=0.0), t)
    else:
        up0, low0 = _crossings(0.0, t, b, a)
        fraction_h0 = _expected_fraction(up0 + low0, t)
    nominal = s_ * ndtr(-b)
    method = Method(
        f"Group-sequential design, {boundary(spending).phrase.format(gamma=num(g_ or 0.0))}, "
        "exact recursive numerical integration",
        f"{boundary(spending).reference}; Jennison & Turnbull (2000) Group Sequential Methods with "
        "Applications to Clinical Trials, ch. 2, 7, 19",
    )
    design = GroupSequentialDesign(
        k=k, alpha=a_, power=p_, sides=s_, spending=spending, gamma=g_, timing=t,
        critical_z=tuple(float(x) for x in b),
        nominal_p=tuple(float(x) for x in nominal),
        alpha_spent=tuple(float(x) for x in alpha_cum),
        futility=futility, futility_gamma=fg_,
        futility_z=None if futility is None else tuple(float(x) for x in a),
        beta_spent=None if beta_cum is None else tuple(float(x) for x in beta_cum),
        drift=theta,
        inflation_factor=(theta / fixed_drift) ** 2,
        expected_fraction_h0=fraction_h0,
        expected_fraction_h1=fraction_h1,
        efficacy_stop_h1=tuple(float(x) for x in np.cumsum(eff_up)),
        method=method,
        power_convention=power_convention,
        binding_futility=binding,
    )
    return dataclasses.replace(design, justification=_describe(design))
