"""The catalogue's procedures for proportions, counts and time to event: two proportions
(and their exact test), one proportion, Simon's two-stage design, two event rates and the
log-rank test."""

from __future__ import annotations

import dataclasses

from trialkit.power.catalogue_types import (
    ALPHA,
    DROPOUT,
    INF,
    NON_NEGATIVE,
    POSITIVE,
    POWER,
    POWER_CONVENTION,
    PROPORTION,
    RATIO,
    SIDES,
    TIME_UNIT,
    Choice,
    N,
    Parameter,
    Procedure,
    Range,
    two_group,
)

TWO_PROPORTIONS = Procedure(
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
        Parameter("margin", "Margin", "non-inferiority or equivalence margin, greater than 0, on the "
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
)


TWO_RATES = Procedure(
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
)


EXACT_TWO_PROPORTIONS = Procedure(
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
)


ONE_PROPORTION = Procedure(
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
)


LOGRANK = Procedure(
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
)


SIMON_TWO_STAGE = Procedure(
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
)
