"""The catalogue's procedures for continuous outcomes: two means, one mean, ratio of means,
repeated measures, equivalence of means and the 2x2 crossover."""

from __future__ import annotations

import dataclasses

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
    POSITIVE,
    POWER,
    POWER_CONVENTION,
    RATIO,
    RATIO_UNSET,
    SD,
    SD_SOURCE,
    SIDES,
    Choice,
    N,
    Parameter,
    Procedure,
    Range,
    two_group,
)

TWO_MEANS = Procedure(
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
        Parameter("margin", "Non-inferiority margin", "non-inferiority margin, greater than 0: "
                  "the null hypothesis is a difference of minus the margin or less; leave out "
                  "for a superiority test",
                  unit="outcome units", valid=POSITIVE),
        BASELINE_R,
        APPROXIMATION,
    ),
    "Chow, Shao & Wang (2008) Sample Size Calculations in Clinical Research, 2nd ed., §3.2; "
    "Julious (2004) Stat Med 23:1921-1986; ANCOVA: Borm, Fransen & Lemmens (2007) J Clin "
    "Epidemiol 60:1234-1238",
    {"delta": 0.5, "sd": 1.0, "power": 0.8},
)


ONE_MEAN = Procedure(
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
)


RATIO_OF_MEANS = Procedure(
    "ratio_of_means", "ratio-of-means", "Ratio of means (log scale)",
    "t-test on the log scale for a ratio of geometric means (log-normal outcomes)",
    "trialkit.power:ratio_of_means",
    (MEAN_RATIO, CV, N_PER_ARM, POWER, ALPHA, SIDES, POWER_CONVENTION, RATIO_UNSET,
     DROPOUT, CV_SOURCE),
    "Julious (2004) Stat Med 23:1921-1986, §7",
    {"mean_ratio": 1.3, "cv": 0.6, "power": 0.8},
    deprecated={"allocation": "ratio"},
)


REPEATED_MEASURES = Procedure(
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
)


EQUIVALENCE_MEANS = Procedure(
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
)


CROSSOVER = Procedure(
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
        Parameter("margin", "Margin", "non-inferiority or equivalence margin, greater than 0",
                  unit="outcome units", valid=POSITIVE),
        SIDES, POWER_CONVENTION, DROPOUT, APPROXIMATION, SD_SOURCE,
    ),
    "Chow, Shao & Wang (2008) Sample Size Calculations in Clinical Research, 2nd ed., §3.3; "
    "Phillips (1990) J Pharmacokinet Biopharm 18:137-144",
    {"delta": 0.5, "sd": 1.0, "power": 0.8},
)
