"""The variability behind a reported estimate (an SD or a CV), derived from its CI or P value.

Each derivation returns the value and the provenance step that states its arithmetic; an
estimate with nothing to derive it from is refused with what to supply instead.
"""

from __future__ import annotations

import math

from trialkit.evidence import convert
from trialkit.evidence.input_steps import derived, refuse
from trialkit.evidence.models import Estimate, Step


def arm_sizes(estimate: Estimate, procedure: str) -> tuple[float, float, str | None]:
    """Per-arm sizes (treatment, control) behind a between-group estimate, and any assumption."""
    n = estimate.n
    if n is not None and n.treatment and n.control:
        return float(n.treatment), float(n.control), None
    total: int | None = n.total if n is not None else None
    whose = "the estimate"
    if total is None:
        design = estimate.source.design if estimate._source is not None else None
        total = design.n_analysed or design.n_randomised if design is not None else None
        whose = "the study design"
    if total is None:
        raise refuse(
            estimate,
            procedure,
            "the source gives no group sizes, so a CI or P value cannot be turned into an SD",
            "Supply the SD (sd=... / --sd) instead.",
        )
    assumption = (
        f"the {total} participants of {whose} were split equally between the arms "
        "(the source does not give the per-arm numbers)"
    )
    return total / 2.0, total / 2.0, assumption


def sd_of_difference(estimate: Estimate, distribution: convert.Distribution) -> tuple[float, Step]:
    """Common SD behind a between-group difference, from its CI or else its exact P value."""
    n1, n2, assumption = arm_sizes(estimate, "two_means")
    df = n1 + n2 - 2.0
    dist = "Student's t" if distribution == "t" else "the standard normal"
    df_text = f" with {df:g} degrees of freedom" if distribution == "t" else ""
    arms = {"n1": n1, "n2": n2, "distribution": distribution}
    ci = estimate.ci
    if ci is not None:
        sd = convert.sd_from_ci(ci.lower, ci.upper, n1, n2, ci.level, distribution=distribution)
        q = convert.quantile((1.0 + ci.level) / 2.0, df, distribution)
        se = (ci.upper - ci.lower) / (2.0 * q)
        skew = convert.ci_asymmetry(estimate.value, ci.lower, ci.upper)
        if skew > 0.05:
            note = (
                f"the CI is not centred on the estimate (midpoint {(ci.lower + ci.upper) / 2:g}), "
                "so it was probably computed on a transformed scale and this SD is approximate"
            )
            assumption = f"{assumption}; {note}" if assumption else note
        return sd, derived(
            "sd_from_ci",
            f"The common standard deviation {sd:.4g} was derived from the {ci.level:.0%} "
            f"confidence interval {ci.lower:g} to {ci.upper:g} of the difference: "
            f"SE = width / (2 x {q:.4f}), the quantile of {dist}{df_text}, giving "
            f"SE = {se:.4g}; SD = SE / sqrt(1/{n1:g} + 1/{n2:g})",
            {"lower": ci.lower, "upper": ci.upper, "level": ci.level, **arms},
            {"se": se, "sd": sd},
            assumption,
        )
    p = estimate.p
    if p is not None and p.exact and p.value < 1.0:
        sd = convert.sd_from_p(estimate.value, p.value, n1, n2, distribution=distribution)
        stat = convert.quantile(1.0 - p.value / 2.0, df, distribution)
        return sd, derived(
            "sd_from_p",
            f"The common standard deviation {sd:.4g} was derived from the difference "
            f"{estimate.value:g} and its two-sided P = {p.value:g}: test statistic "
            f"{stat:.4f} ({dist}{df_text}), "
            f"SE = |difference| / statistic = {abs(estimate.value) / stat:.4g}, "
            f"SD = SE / sqrt(1/{n1:g} + 1/{n2:g})",
            {"difference": estimate.value, "p": p.value, **arms},
            {"se": abs(estimate.value) / stat, "sd": sd},
            assumption,
        )
    reason = (
        f"its P value is reported only as a bound ({p})"
        if p is not None
        else "it has neither a CI nor a P value"
    )
    raise refuse(
        estimate, "two_means", f"no SD can be derived: {reason}", "Supply the SD (sd=... / --sd)."
    )


def sd_of_change(estimate: Estimate, distribution: convert.Distribution) -> tuple[float, Step]:
    """SD of the changes within one group, from the CI of the mean change and its n."""
    ci, n = estimate.ci, estimate.n
    size = (n.total or n.treatment) if n is not None else None
    if ci is None or size is None:
        raise refuse(
            estimate,
            "one_mean",
            "no SD of the change can be derived without a CI and n",
            "Supply the SD of the change (sd=... / --sd).",
        )
    sd = convert.sd_from_ci_one_group(ci.lower, ci.upper, size, ci.level, distribution=distribution)
    return sd, derived(
        "sd_from_ci_one_group",
        f"The SD of the change {sd:.4g} was derived from the {ci.level:.0%} CI "
        f"{ci.lower:g} to {ci.upper:g} of the mean change in {size} participants: "
        f"SD = sqrt(n) x width / (2 x quantile)",
        {"lower": ci.lower, "upper": ci.upper, "n": size, "distribution": distribution},
        {"sd": sd},
    )


def cv_of_ratio(estimate: Estimate, distribution: convert.Distribution) -> tuple[float, Step]:
    """Coefficient of variation behind a ratio of means, from the CI of the ratio."""
    ci = estimate.ci
    if ci is None:
        raise refuse(
            estimate,
            "ratio_of_means",
            "no CI to derive the variability from",
            "Supply the coefficient of variation (cv=... / --cv).",
        )
    n1, n2, assumption = arm_sizes(estimate, "ratio_of_means")
    sd_log = convert.sd_from_ci(
        math.log(ci.lower), math.log(ci.upper), n1, n2, ci.level, distribution=distribution
    )
    cv = convert.cv_from_log_sd(sd_log)
    return cv, derived(
        "cv_from_ratio_ci",
        f"The log-scale SD {sd_log:.4g} was derived from the {ci.level:.0%} CI of the "
        f"ratio on the log scale (ln {ci.lower:g} to ln {ci.upper:g}); "
        f"CV = sqrt(exp(SD^2) - 1) = {cv:.4g}",
        {"lower": ci.lower, "upper": ci.upper, "n1": n1, "n2": n2},
        {"sd_log": sd_log, "cv": cv},
        assumption,
    )
