"""The catalogue of power procedures: what each one asks for, in words for people, as plain data.

The command line's options, the terminal UI's forms, the design layer's list of procedures
and the evidence layer's effect mapping are generated from (or checked against) this one
table, so the knowledge of a procedure lives here once. Importing it loads neither numpy nor
scipy: ``Procedure.function()`` imports the engine only when it is called.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from trialkit.power.catalogue_extra import OTHER_PROCEDURES
from trialkit.power.catalogue_types import (
    ALPHA,
    APPROXIMATION,
    BASELINE_R,
    CORRELATION,
    CV,
    CV_SOURCE,
    DROPOUT,
    INF,
    MEAN_RATIO,
    N_PER_ARM,
    NON_NEGATIVE,
    POSITIVE,
    POWER,
    POWER_CONVENTION,
    PROPORTION,
    RATIO,
    RATIO_UNSET,
    SD,
    SD_SOURCE,
    SIDES,
    TIME_UNIT,
    Choice,
    N,
    Parameter,
    Procedure,
    Range,
    fallback_label,
    two_group,
)

DESIGN_PROCEDURES: tuple[Procedure, ...] = (
    Procedure(
        "two_means", "two-means", "Two means (t-test)",
        "two-sample t-test (superiority, non-inferiority with a margin, ANCOVA with a baseline "
        "correlation)",
        "trialkit.power:two_means",
        (
            Parameter("delta", "Difference", "true difference in means, treatment - control "
                      "(leave out to solve)", unit="outcome units", role="effect",
                      solvable=True, meaning="mean_difference"),
            SD,
            *two_group(),
            SD_SOURCE,
            Parameter("margin", "Non-inferiority margin", "non-inferiority margin (> 0): H0 is "
                      "a difference <= -margin; leave out for a superiority test",
                      unit="outcome units", valid=POSITIVE),
            BASELINE_R,
            APPROXIMATION,
        ),
        "Chow, Shao & Wang (2008) Sample Size Calculations in Clinical Research, 2nd ed., §3.2; "
        "Julious (2004) Stat Med 23:1921-1986; ANCOVA: Borm, Fransen & Lemmens (2007) J Clin "
        "Epidemiol 60:1234-1238",
        {"delta": 0.5, "sd": 1.0, "power": 0.8},
    ),
    Procedure(
        "one_mean", "one-mean", "One mean / paired (t-test)", "one-sample or paired t-test",
        "trialkit.power:one_mean",
        (
            Parameter("delta", "Mean change", "true mean (or mean within-pair difference) to "
                      "detect (leave out to solve)", unit="outcome units", role="effect",
                      solvable=True, meaning="mean_change"),
            dataclasses.replace(SD, label="SD of the changes",
                                help="standard deviation (of the differences, if paired)",
                                meaning="sd_of_changes"),
            N, POWER, ALPHA, SIDES, POWER_CONVENTION, DROPOUT, APPROXIMATION, SD_SOURCE,
        ),
        "Chow, Shao & Wang (2008) Sample Size Calculations in Clinical Research, 2nd ed., §3.1",
        {"delta": 0.5, "sd": 1.0, "power": 0.8},
    ),
    Procedure(
        "ratio_of_means", "ratio-of-means", "Ratio of means (log scale)",
        "t-test on the log scale for a ratio of geometric means (log-normal outcomes)",
        "trialkit.power:ratio_of_means",
        (MEAN_RATIO, CV, N_PER_ARM, POWER, ALPHA, SIDES, POWER_CONVENTION, RATIO_UNSET,
         DROPOUT, CV_SOURCE),
        "Julious (2004) Stat Med 23:1921-1986, §7",
        {"mean_ratio": 1.3, "cv": 0.6, "power": 0.8},
        deprecated={"allocation": "ratio"},
    ),
    Procedure(
        "two_proportions", "two-proportions", "Two proportions",
        "comparison of two independent proportions (z-test)",
        "trialkit.power:two_proportions",
        (
            Parameter("p1", "Treatment rate", "event or response proportion in the treatment "
                      "arm (leave out to solve)", unit="proportion", role="effect",
                      solvable=True, valid=PROPORTION, meaning="treatment_rate"),
            Parameter("p2", "Control rate", "event or response proportion in the control arm",
                      unit="proportion", required=True, valid=PROPORTION,
                      meaning="control_rate"),
            *two_group(),
            Parameter("method", "Variance", "how the variance of the difference is estimated",
                      kind="choice", default="pooled",
                      choices=(Choice("pooled", "pooled (Fleiss; R power.prop.test)"),
                               Choice("unpooled", "unpooled"),
                               Choice("arcsine", "arcsine (Cohen's h)"),
                               Choice("farrington_manning",
                                      "Farrington-Manning (non-inferiority)"))),
            Parameter("continuity", "Continuity correction",
                      "apply the Fleiss-Tytun-Ury continuity correction", kind="flag",
                      default=False, flag="continuity",
                      choices=(Choice(False, "none"), Choice(True, "Fleiss-Tytun-Ury"))),
            Parameter("margin", "Margin", "non-inferiority or equivalence margin (> 0) on the "
                      "difference of proportions (or the smallest acceptable ratio or odds "
                      "ratio with those scales), with the Farrington-Manning test; leave out for "
                      "superiority", unit="proportion", valid=POSITIVE),
            Parameter("scale", "Margin scale", "the scale of the margin: the "
                      "difference p1 - p2, the ratio p1 / p2 (margin the smallest acceptable "
                      "ratio, e.g. 0.8) or the odds ratio (margin the smallest acceptable odds "
                      "ratio; above 1 superiority by a margin)", kind="choice",
                      default="difference",
                      choices=(Choice("difference", "difference"), Choice("ratio", "ratio"),
                               Choice("odds_ratio", "odds ratio"))),
            Parameter("equivalence", "Equivalence", "test equivalence instead of "
                      "non-inferiority: two one-sided Farrington-Manning tests, the difference "
                      "within +-margin (or the ratio or odds ratio between margin and "
                      "1 / margin)", kind="flag", default=False, flag="equivalence",
                      choices=(Choice(False, "non-inferiority"), Choice(True, "equivalence"))),
        ),
        "Fleiss, Levin & Paik (2003) Statistical Methods for Rates and Proportions, 3rd ed., §4.2",
        {"p1": 0.75, "p2": 0.5, "power": 0.9},
    ),
    Procedure(
        "two_rates", "two-rates", "Two event rates (counts)",
        "ratio of two event rates, Poisson or negative binomial counts (Wald test of the log "
        "rate ratio)",
        "trialkit.power:two_rates",
        (
            Parameter("rate1", "Treatment rate", "event rate per participant per time unit in "
                      "the treatment arm (leave out to solve)", unit="events per time unit",
                      role="effect", solvable=True, valid=POSITIVE, meaning="treatment_event_rate"),
            Parameter("rate2", "Control rate", "event rate per participant per time unit in the "
                      "control arm", unit="events per time unit", required=True, valid=POSITIVE,
                      meaning="control_event_rate"),
            Parameter("exposure", "Exposure", "mean follow-up per participant analysed",
                      unit="time units", default=1.0, valid=POSITIVE),
            Parameter("overdispersion", "Overdispersion", "negative binomial k (0: Poisson "
                      "counts)", default=0.0, valid=NON_NEGATIVE),
            *two_group(),
            Parameter("method", "Null variance", "the variance under the null hypothesis",
                      kind="choice", default="pooled",
                      choices=(Choice("pooled", "pooled rate (Zhu & Lakkis 3)"),
                               Choice("true_rates", "assumed rates (Keene)"),
                               Choice("control_rate", "control rate (Zhu & Lakkis 1)"))),
            TIME_UNIT,
        ),
        "Zhu & Lakkis (2014) Stat Med 33:376-387; Keene et al. (2007) Pharm Stat 6:89-97",
        {"rate1": 0.8, "rate2": 1.2, "exposure": 1.0, "overdispersion": 0.4, "power": 0.9},
    ),
    Procedure(
        "repeated_measures", "repeated-measures", "Repeated measures (MMRM, last visit)",
        "mixed model for repeated measures comparing the arms at the last visit, with a "
        "correlation between visits and the fraction still observed at each visit",
        "trialkit.power:repeated_measures",
        (
            Parameter("delta", "Difference", "true difference in means at the last visit, "
                      "treatment - control (leave out to solve)", unit="outcome units",
                      role="effect", solvable=True, meaning="mean_difference"),
            dataclasses.replace(SD, help="standard deviation of the outcome at the last visit"),
            Parameter("retention", "Retention", "fraction of participants still observed at "
                      "each visit, e.g. 1,0.9,0.8,0.7 (never rising)", kind="fractions",
                      required=True, valid=Range(0.0, 1.0, low_open=True)),
            Parameter("retention_control", "Control retention", "the control arm's retention "
                      "when it differs (default: as the treatment arm)", kind="fractions",
                      valid=Range(0.0, 1.0, low_open=True)),
            Parameter("correlation", "Correlation", "how the visits are correlated",
                      kind="choice", default="compound_symmetry",
                      choices=(Choice("compound_symmetry", "compound symmetry"),
                               Choice("ar1", "autoregressive, AR(1)"),
                               Choice("unstructured", "unstructured"))),
            Parameter("rho", "Correlation between visits", "the correlation of two visits "
                      "(AR(1): of adjacent visits)", valid=CORRELATION),
            Parameter("correlations", "Correlations", "unstructured: the correlations below the "
                      "diagonal, row by row (visit 2 with 1; 3 with 1 and 2; ...)",
                      kind="fractions", valid=CORRELATION),
            N_PER_ARM, POWER, ALPHA, SIDES, POWER_CONVENTION, RATIO,
        ),
        "Lu, Luo & Chen (2008) Int J Biostat 4(1):9",
        {"delta": 0.5, "sd": 1.0, "retention": (1.0, 0.9, 0.8, 0.7), "rho": 0.25, "power": 0.8},
    ),
    Procedure(
        "exact_two_proportions", "exact-two-proportions", "Two proportions, exact test",
        "Fisher's or Barnard's exact test of two proportions for small trials, power by "
        "enumerating every 2x2 table",
        "trialkit.power:exact_two_proportions",
        (
            Parameter("p1", "Treatment rate", "event or response proportion in the treatment "
                      "arm", unit="proportion", role="effect", required=True, valid=PROPORTION,
                      meaning="treatment_rate"),
            Parameter("p2", "Control rate", "event or response proportion in the control arm",
                      unit="proportion", required=True, valid=PROPORTION,
                      meaning="control_rate"),
            Parameter("test", "Exact test", "the exact test", kind="choice", default="fisher",
                      choices=(Choice("fisher", "Fisher's exact test"),
                               Choice("barnard", "Barnard's unconditional test"))),
            *two_group(),
        ),
        "Fisher (1935) J R Stat Soc 98:39-82; Barnard (1947) Biometrika 34:123-138",
        {"p1": 0.8, "p2": 0.4, "power": 0.8},
        solves="Leave out the power or the sample size to solve for it.",
    ),
    Procedure(
        "one_proportion", "one-proportion", "One proportion (single arm)",
        "single-arm test of a response rate (exact binomial by default)",
        "trialkit.power:one_proportion",
        (
            Parameter("p0", "Null rate", "response proportion that would not be worth pursuing",
                      unit="proportion", required=True, valid=PROPORTION, meaning="null_rate"),
            Parameter("p1", "Expected rate", "response proportion expected with the treatment "
                      "(leave out to solve)", unit="proportion", role="effect", solvable=True,
                      valid=PROPORTION, meaning="treatment_rate"),
            N, POWER, ALPHA, dataclasses.replace(SIDES, default=1), POWER_CONVENTION, DROPOUT,
            Parameter("exact", "Test", "the exact binomial test, or its normal approximation",
                      kind="flag", default=True, flag="normal",
                      choices=(Choice(True, "exact binomial"),
                               Choice(False, "normal approximation"))),
        ),
        "A'Hern (2001) Stat Med 20:859-866; Chernick & Liu (2002) Am Stat 56:149-155",
        {"p0": 0.2, "p1": 0.4, "power": 0.8},
    ),
    Procedure(
        "logrank", "logrank", "Time to event (log-rank)",
        "log-rank test: events, and patients given survival and timing",
        "trialkit.power:logrank",
        (
            Parameter("hazard_ratio", "Hazard ratio", "hazard ratio treatment / control (leave "
                      "out to solve)", role="effect", solvable=True, valid=POSITIVE),
            Parameter("events", "Events", "number of events (leave out to solve for it)",
                      unit="events", kind="integer", role="size", solvable=True,
                      valid=Range(1.0, INF)),
            POWER, ALPHA, SIDES, POWER_CONVENTION, RATIO,
            dataclasses.replace(
                DROPOUT, help="probability that a participant drops out by the dropout time "
                "(with no accrual and follow-up: the overall fraction lost)"),
            Parameter("method", "Events formula", "the formula for the number of events",
                      kind="choice", default="schoenfeld",
                      choices=(Choice("schoenfeld", "Schoenfeld"), Choice("freedman", "Freedman"))),
            Parameter("median_control", "Control median", "median survival in the control arm; "
                      "with accrual and follow-up times also gives the number of patients",
                      unit="time units", valid=POSITIVE),
            Parameter("accrual_time", "Accrual time", "duration of uniform recruitment",
                      unit="time units", valid=NON_NEGATIVE),
            Parameter("follow_up_time", "Follow-up", "minimum follow-up after accrual ends",
                      unit="time units", valid=NON_NEGATIVE),
            Parameter("dropout_time", "Dropout time", "the time by which the dropout "
                      "probability applies", unit="time units", valid=POSITIVE),
            TIME_UNIT,
            Parameter("hazard_breaks", "Hazard intervals", "start of each interval of the "
                      "control hazards, from 0, e.g. 0,6,12", unit="time units",
                      kind="fractions", valid=NON_NEGATIVE),
            Parameter("control_hazards", "Control hazards", "control-arm hazard in each "
                      "interval (instead of the median), e.g. 0.08,0.05,0.03",
                      unit="events per time unit", kind="fractions", valid=NON_NEGATIVE),
            Parameter("interim_fractions", "Interim looks", "fractions of the events at which "
                      "interim analyses are planned, e.g. 0.5,0.75 (gives their expected times)",
                      kind="fractions", valid=Range(0.0, 1.0, low_open=True, high_open=True)),
        ),
        "Schoenfeld (1983) Biometrics 39:499-503; Freedman (1982) Stat Med 1:121-129",
        {"hazard_ratio": 0.7, "power": 0.8, "median_control": 12.0, "accrual_time": 24.0,
         "follow_up_time": 12.0},
        deprecated={"dropout_rate": "dropout"},
    ),
    Procedure(
        "equivalence_means", "equivalence-means", "Equivalence of two means (TOST)",
        "equivalence of two means by two one-sided tests (TOST), parallel groups",
        "trialkit.power:equivalence_means",
        (
            Parameter("margin", "Equivalence margin", "the difference must lie within "
                      "+-margin (leave out to solve for the narrowest margin)",
                      unit="outcome units", role="effect", solvable=True, valid=POSITIVE),
            SD,
            Parameter("delta", "Assumed difference", "assumed true difference treatment - "
                      "control", unit="outcome units", default=0.0, meaning="mean_difference"),
            N_PER_ARM, POWER,
            dataclasses.replace(ALPHA, help="level of each one-sided test (0.05: a 90% "
                                "confidence interval); below 0.5",
                                valid=Range(0.0, 0.5, low_open=True, high_open=True)),
            RATIO, DROPOUT,
            dataclasses.replace(APPROXIMATION, help="exact TOST power, or the normal formula of "
                                "Chow, Shao & Wang (2008)"),
            SD_SOURCE,
        ),
        "Schuirmann (1987) J Pharmacokinet Biopharm 15:657-680; Phillips (1990) J Pharmacokinet "
        "Biopharm 18:137-144",
        {"margin": 0.2, "sd": 0.3, "power": 0.8},
    ),
    Procedure(
        "crossover", "crossover", "2x2 crossover",
        "2x2 (AB/BA) crossover: equality, non-inferiority or equivalence",
        "trialkit.power:crossover",
        (
            Parameter("delta", "Difference", "true difference treatment - control (leave out "
                      "to solve; not for equivalence)", unit="outcome units", role="effect",
                      solvable=True, meaning="mean_difference"),
            Parameter("sd", "SD of differences", "SD of the within-subject difference between "
                      "treatments", unit="outcome units", required=True, valid=POSITIVE,
                      meaning="sd_within"),
            Parameter("n_per_sequence", "n per sequence", "participants per sequence, or "
                      "'AB,BA' (leave out to solve for it)", unit="participants", kind="sizes",
                      role="size", solvable=True, valid=Range(2.0, INF)),
            POWER, ALPHA,
            Parameter("test", "Hypothesis", "equality, non-inferiority or equivalence",
                      kind="choice", default="equality",
                      choices=(Choice("equality", "equality"),
                               Choice("noninferiority", "non-inferiority"),
                               Choice("equivalence", "equivalence"))),
            Parameter("margin", "Margin", "non-inferiority or equivalence margin (> 0)",
                      unit="outcome units", valid=POSITIVE),
            SIDES, POWER_CONVENTION, DROPOUT, APPROXIMATION, SD_SOURCE,
        ),
        "Chow, Shao & Wang (2008) Sample Size Calculations in Clinical Research, 2nd ed., §3.3; "
        "Phillips (1990) J Pharmacokinet Biopharm 18:137-144",
        {"delta": 0.5, "sd": 1.0, "power": 0.8},
    ),
    Procedure(
        "simon_two_stage", "simon", "Simon two-stage (single arm, phase II)",
        "Simon two-stage single-arm phase II design (exact search)",
        "trialkit.power:simon_two_stage",
        (
            Parameter("p0", "Null rate", "response rate not worth pursuing (H0)",
                      unit="proportion", required=True, valid=PROPORTION, meaning="null_rate"),
            Parameter("p1", "Target rate", "response rate worth detecting (H1)",
                      unit="proportion", role="effect", required=True, valid=PROPORTION,
                      meaning="treatment_rate"),
            dataclasses.replace(ALPHA, help="one-sided significance level"),
            dataclasses.replace(POWER, help="target power", default=0.8, solvable=False),
            Parameter("criterion", "Criterion", "optimal: smallest expected n under H0; "
                      "minimax: smallest maximum n", kind="choice", default="optimal",
                      choices=(Choice("optimal", "optimal"), Choice("minimax", "minimax"))),
            Parameter("n_max", "Largest n searched", "largest total sample size searched "
                      "(default twice the single-stage n)", unit="participants",
                      kind="integer", valid=Range(2.0, INF)),
            DROPOUT,
        ),
        "Simon (1989) Control Clin Trials 10:1-10; Jung, Lee, Kim & George (2004) Stat Med "
        "23:561-569",
        {"p0": 0.1, "p1": 0.3},
        solves="Searches the exact optimal or minimax design for the given alpha and power.",
    ),
)
"""The procedures that size a design, in the order the command line and the forms list them."""

CATALOGUE: tuple[Procedure, ...] = DESIGN_PROCEDURES + OTHER_PROCEDURES
"""Every procedure trialkit offers."""

_BY_NAME = {p.name: p for p in CATALOGUE}


def procedure(name: str) -> Procedure | None:
    """The procedure called ``name`` (its function's name), or None."""
    return _BY_NAME.get(name)


def design_procedures() -> tuple[Procedure, ...]:
    """The procedures that can size a design, in catalogue order."""
    return tuple(p for p in CATALOGUE if p.sizes_design)


def carry_over(old: Procedure | None, new: Procedure, values: Mapping[str, Any]) -> dict[str, Any]:
    """The values that keep their meaning when switching from ``old`` to ``new``.

    Each value moves to the new procedure's parameter of the same meaning (renamed if the
    name differs); any other value is dropped, so a stale input never reaches the engine.
    """
    by_key = {p.key: p.name for p in new.parameters}
    kept: dict[str, Any] = {}
    for name, value in values.items():
        source = (old or new).parameter(name)
        if source is not None and source.key in by_key:
            kept[by_key[source.key]] = value
    return kept


def label(procedure_name: str | None, name: str) -> str:
    """Words for the keyword ``name`` of a procedure (of any, when none is named)."""
    found = procedure(procedure_name) if procedure_name else None
    if found is not None:
        return found.label_of(name)
    for proc in CATALOGUE:
        param = proc.parameter(name)
        if param is not None:
            return param.label
    return fallback_label(name)


def option(procedure_name: str, parameter: str) -> Parameter:
    """One option with fixed choices (the spending functions, say); KeyError if there is none."""
    param = _BY_NAME[procedure_name].parameter(parameter)
    if param is None or not param.choices:
        raise KeyError(f"{procedure_name} has no option {parameter}")
    return param


def choices(procedure_name: str, parameter: str) -> tuple[Choice, ...]:
    """The choices of one option, with the words shown for each."""
    return option(procedure_name, parameter).choices


def choice_words(procedure_name: str, parameter: str, value: Any) -> str:
    """The catalogue's words for one value of an option."""
    return option(procedure_name, parameter).choice_label(value)
