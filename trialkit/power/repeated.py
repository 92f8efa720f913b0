"""Repeated measures: a mixed model for repeated measures (MMRM) comparing arms at the last visit.

With monotone dropout, a fraction r_j of each arm is still observed at visit j (r_1 >= r_2
>= ... >= r_J > 0). Lu, Luo & Chen (2008) Int J Biostat 4(1):9, formula (3), show that the
variance of the MMRM estimate of an arm's mean at the last visit is sd^2 phi / n, with the
variance inflation factor phi = [I^-1]_JJ, I = sum_j (r_j - r_(j+1)) R_j^-1 (R_j the
correlation of the first j visits, padded with zeros; r_(J+1) = 0). Without dropout phi = 1;
with the last visit alone phi = 1 / r_J; correlated earlier visits recover information in
between. The test is the z-test of the difference at the last visit (their formula (3), as
R's longpower::power.mmrm).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
from scipy import special

from trialkit.errors import InvalidParameter
from trialkit.power import _checks
from trialkit.power._procedure import Design, EffectSearch, Prepared, solved
from trialkit.power._text import num, paragraph, pct
from trialkit.power.catalogue_types import Range
from trialkit.power.proportions import z_power
from trialkit.power.result import Method, PowerResult

REFERENCE = "Lu, Luo & Chen (2008) Int J Biostat 4(1):9, formula (3)"
STRUCTURES = {
    "compound_symmetry": "compound symmetry (the same correlation between any two visits)",
    "ar1": "first-order autoregressive correlation (rho^|i - j| between visits i and j)",
    "unstructured": "an unstructured correlation matrix",
}


def correlation_matrix(
    structure: str, visits: int, rho: float | None = None,
    correlations: Sequence[float] | Sequence[Sequence[float]] | None = None,
) -> np.ndarray:
    """The visits x visits correlation matrix of a structure, checked positive definite.

    ``correlations`` (unstructured only) is the full matrix or its lower triangle row by
    row: r21, r31, r32, r41, r42, r43, ...
    """
    if structure not in STRUCTURES:
        raise InvalidParameter("correlation", structure, f"must be one of {', '.join(STRUCTURES)}")
    if structure == "unstructured":
        matrix = _unstructured(visits, correlations)
    else:
        if correlations is not None:
            raise InvalidParameter("correlations", correlations,
                                   "apply only to the unstructured correlation; give {rho} instead")
        if rho is None:
            raise InvalidParameter("rho", rho, f"must be given for {STRUCTURES[structure]}")
        r = _checks.in_range("rho", rho, -1.0, 1.0, closed_lo=False)
        lag = np.abs(np.subtract.outer(np.arange(visits), np.arange(visits)))
        matrix = np.where(lag == 0, 1.0, r) if structure == "compound_symmetry" else r ** lag
    if np.linalg.eigvalsh(matrix)[0] <= 1e-10:
        name, value = ("correlations", correlations) if structure == "unstructured" else ("rho", rho)
        raise InvalidParameter(name, value, f"must give a positive definite correlation over "
                               f"{visits} visits (with compound symmetry, {{rho}} above "
                               f"{-1.0 / max(visits - 1, 1):.4g})")
    return np.asarray(matrix, dtype=float)


def _unstructured(visits: int, correlations: Any) -> np.ndarray:
    if correlations is None:
        raise InvalidParameter("correlations", None, "must be given for an unstructured "
                               "correlation (the lower triangle, row by row)")
    values = np.asarray(correlations, dtype=float) if _numeric(correlations) else None
    triangle = visits * (visits - 1) // 2
    if values is not None and values.shape == (visits, visits):
        if not np.allclose(values, values.T) or not np.allclose(np.diag(values), 1.0):
            raise InvalidParameter("correlations", correlations,
                                   "must be a symmetric matrix with ones on the diagonal")
        matrix = values
    elif values is not None and values.shape == (triangle,):
        matrix = np.eye(visits)
        rows, cols = np.tril_indices(visits, -1)
        matrix[rows, cols] = values
        matrix[cols, rows] = values
    else:
        raise InvalidParameter("correlations", correlations, f"must be {triangle} correlations "
                               f"(the lower triangle of {visits} visits, row by row) or the "
                               f"{visits} x {visits} matrix")
    off = matrix[~np.eye(visits, dtype=bool)]
    if not np.all(np.isfinite(matrix)) or np.any(np.abs(off) >= 1.0):
        within = Range(-1.0, 1.0, low_open=True, high_open=True).words()
        raise InvalidParameter("correlations", correlations, f"must each be {within}")
    return matrix


def _numeric(value: Any) -> bool:
    try:
        np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        return False
    return True


def retention_profile(name: str, value: Any) -> np.ndarray:
    """Fractions still observed at each visit: in (0, 1], never rising, at least one visit."""
    valid = "must be the fractions still observed at each visit, in (0, 1] and never rising"
    if isinstance(value, str | bytes) or not _numeric(value):
        raise InvalidParameter(name, value, valid)
    r = np.atleast_1d(np.asarray(value, dtype=float))
    if r.ndim != 1 or r.size < 1 or r.size > 100:
        raise InvalidParameter(name, value, valid + ", one to 100 visits")
    if not np.all(np.isfinite(r)) or np.any(r <= 0.0) or np.any(r > 1.0) or np.any(np.diff(r) > 0):
        raise InvalidParameter(name, value, valid)
    return r


def inflation_factor(correlation: np.ndarray, retention: np.ndarray) -> float:
    """phi = [I^-1]_JJ with I = sum_j (r_j - r_(j+1)) R_j^-1 (Lu, Luo & Chen 2008, formula 3)."""
    visits = retention.size
    info = np.zeros((visits, visits))
    leaving = retention - np.append(retention[1:], 0.0)
    for j in range(1, visits + 1):
        if leaving[j - 1] > 0.0:
            info[:j, :j] += leaving[j - 1] * np.linalg.inv(correlation[:j, :j])
    return float(np.linalg.inv(info)[-1, -1])


def prepare_repeated_measures(
    *,
    delta: float | None = None,
    sd: float,
    retention: Sequence[float],
    retention_control: Sequence[float] | None = None,
    correlation: str = "compound_symmetry",
    rho: float | None = None,
    correlations: Sequence[float] | Sequence[Sequence[float]] | None = None,
    n_per_arm: int | tuple[int, int] | None = None,
    power: float | None = None,
    alpha: float = 0.05,
    sides: int = 2,
    ratio: float = 1.0,
    power_convention: str = "two_tailed",
) -> Prepared:
    """Sample size, power or detectable difference of an MMRM comparison at the last visit.

    ``retention`` lists, visit by visit, the fraction of randomised participants still
    observed (e.g. [1, 0.9, 0.8, 0.7]; ``retention_control`` if the control arm differs);
    ``sd`` is the outcome's SD at the last visit and ``delta`` the difference there.
    ``correlation`` is 'compound_symmetry' or 'ar1' (with ``rho``) or 'unstructured' (with
    ``correlations``: the lower triangle row by row, or the matrix). ``n_per_arm`` counts
    participants randomised: the dropout is already in the retention, so enrolment is not
    inflated again.
    """
    directional = _checks.power_convention(power_convention) == "directional"
    a, s, k = _checks.alpha(alpha), _checks.sides(sides), _checks.ratio(ratio)
    sigma = _checks.positive("sd", sd)
    r_t = retention_profile("retention", retention)
    r_c = r_t if retention_control is None else retention_profile("retention_control",
                                                                   retention_control)
    if r_c.size != r_t.size:
        raise InvalidParameter("retention_control", retention_control,
                               f"must have one fraction per visit ({r_t.size}, as {{retention}})")
    matrix = correlation_matrix(correlation, r_t.size, rho, correlations)
    phi_t, phi_c = inflation_factor(matrix, r_t), inflation_factor(matrix, r_c)
    if delta is not None:
        delta = _checks.nonzero("delta", delta)

    def power_at(n_t: Any, n_c: Any, effect: Any) -> Any:
        se = sigma * np.sqrt(phi_t / n_t + phi_c / n_c)
        return z_power(np.abs(effect), se, se, a, s, directional=directional)

    def n_guess(effect: float, power: float) -> float:
        """The control arm's n by formula (3) (one rejection region)."""
        z = special.ndtri(1.0 - a / s) + special.ndtri(power)
        return float((phi_t / k + phi_c) * (z * sigma / effect) ** 2)

    design = Design(
        procedure="repeated_measures",
        method=Method("MMRM comparison at the last visit: z-test with the variance inflated "
                      f"for dropout, {STRUCTURES[correlation]}", REFERENCE),
        groups=2,
        power_at=power_at,
        effect_name="delta",
        effect_search=EffectSearch(lambda u: sigma * u, 1e-9, 1.0, 1e6),
        min_n=2.0,
        n_guess=lambda e, p: 0.98 * n_guess(e, p),
    )
    correlation_words = {
        "compound_symmetry": f"a correlation of {num(rho or 0.0)} between any two visits "
                             "(compound symmetry)",
        "ar1": f"a correlation of {num(rho or 0.0)} between adjacent visits, raised to the "
               "power of the number of visits apart for visits further apart (first-order "
               "autoregressive)",
        "unstructured": "an unstructured correlation between visits",
    }[correlation]
    kept = ", ".join(pct(x) for x in r_t)
    kept_c = "" if retention_control is None else (
        f" in the treatment arm and {', '.join(pct(x) for x in r_c)} in the control arm")

    inflation = (f"variance inflation factor {num(phi_t)}" if phi_t == phi_c else
                 f"variance inflation factors {num(phi_t)} and {num(phi_c)}")

    def describe(res: PowerResult) -> str:
        return paragraph(
            res,
            test=f"a mixed model for repeated measures over {r_t.size} visits comparing the arms "
                 "at the last visit",
            effect=f"a difference of {num(res.inputs['delta'])} at the last visit",
            variability=(f"assuming a standard deviation of {num(sigma)} at the last visit, "
                         f"{correlation_words}, and {kept} of participants still observed at "
                         f"the successive visits{kept_c} ({inflation}); the sample size "
                         "counts everyone randomised, so no further dropout allowance is made"),
            sides=s,
        )

    inputs = {
        "delta": delta, "sd": sigma, "retention": tuple(float(x) for x in r_t),
        "retention_control": None if retention_control is None else tuple(float(x) for x in r_c),
        "correlation": correlation, "rho": rho,
        "correlations": None if correlations is None else np.asarray(correlations).tolist(),
        "sides": s, "ratio": k, "power_convention": power_convention,
    }

    def extras(sizes: tuple[int, ...], effect: float | None) -> dict[str, Any]:
        return {"inflation_treatment": phi_t, "inflation_control": phi_c,
                "expected_completers": tuple(math.floor(n * r) for n, r in zip(sizes, (r_t[-1], r_c[-1]),
                                                                       strict=True))}

    return Prepared(design, delta, k, a, 0.0, inputs, describe, extras,
                    size=n_per_arm, power=power)


repeated_measures = solved(prepare_repeated_measures)
