"""The catalogue's procedures that do not size a design's sample size by themselves.

Group-sequential boundaries inflate a fixed design's size (a design plans them as interim
looks); the design effect and the multiplicity adjustment feed other calculations; the
simulated ANCOVA on log(x + 1) gives a simulated power, not a design's sample size.
"""

from __future__ import annotations

import dataclasses

from trialkit.power.catalogue_types import (
    ALPHA,
    BASELINE_R,
    CV,
    INF,
    MEAN_RATIO,
    N_PER_ARM,
    NON_NEGATIVE,
    POSITIVE,
    POWER,
    POWER_CONVENTION,
    RATIO_UNSET,
    SIDES,
    Choice,
    Parameter,
    Procedure,
    Range,
)

OTHER_PROCEDURES: tuple[Procedure, ...] = (
    Procedure(
        "ancova_log_power", "ancova-log", "ANCOVA on log(x + 1), baseline-adjusted (simulated)",
        "simulated power or sample size of ANCOVA on log(x + 1) for a log-normal outcome "
        "such as the C-peptide AUC",
        "trialkit.power.simulate:ancova_log_power",
        (
            Parameter("control_mean", "Control mean", "control-arm mean of the outcome at "
                      "follow-up (e.g. AUC in nmol/L)", unit="outcome units", required=True,
                      valid=POSITIVE),
            dataclasses.replace(CV, help="coefficient of variation of the outcome"),
            dataclasses.replace(MEAN_RATIO, help="treatment / control ratio of means to detect",
                                solvable=False),
            dataclasses.replace(BASELINE_R, help="correlation of baseline and follow-up on the "
                                "log scale", default=None, required=True),
            N_PER_ARM,
            dataclasses.replace(POWER, help="target power: give it instead of the sample size "
                                "to find the sample size by simulation"),
            ALPHA, SIDES, RATIO_UNSET,
            Parameter("baseline_mean", "Baseline mean", "baseline mean of the outcome "
                      "(default: the control mean)", unit="outcome units", valid=POSITIVE),
            Parameter("baseline_cv", "Baseline CV", "baseline coefficient of variation "
                      "(default: the CV)", valid=POSITIVE),
            Parameter("n_sims", "Simulated trials", "number of simulated trials",
                      kind="integer", default=10_000, valid=Range(1.0, INF)),
            Parameter("seed", "Random seed", "random seed", kind="integer", default=1),
        ),
        "Landau & Stahl (2013) Stat Methods Med Res 22:324-345 (sample size by simulation); "
        "log(x + 1) for the C-peptide AUC: Lachin et al. (2011) PLoS One 6:e26471",
        {"control_mean": 0.4, "cv": 0.8, "mean_ratio": 1.3, "baseline_correlation": 0.7,
         "n_per_arm": 40, "n_sims": 2000},
        sizes_design=False,
        solves="Give the power to find the sample size by simulation, or the sample size for "
        "the simulated power.",
    ),
    Procedure(
        "group_sequential", "group-sequential", "Group-sequential boundaries",
        "group-sequential boundaries (alpha spending, classical Pocock/O'Brien-Fleming, "
        "non-binding futility) and the sample-size inflation factor",
        "trialkit.power:group_sequential",
        (
            Parameter("k", "Analyses", "number of analyses including the final one",
                      kind="integer", required=True, valid=Range(1.0, 25.0)),
            dataclasses.replace(ALPHA, help="overall significance level (one-sided unless "
                                "two-sided)", default=0.025),
            dataclasses.replace(POWER, help="target power", default=0.9, solvable=False),
            dataclasses.replace(SIDES, default=1, help="1 for one-sided, 2 for a symmetric "
                                "two-sided design"),
            POWER_CONVENTION,
            Parameter("spending", "Boundary", "efficacy boundary: an alpha-spending function "
                      "or a classical boundary", kind="choice", default="obf",
                      choices=(
                          Choice("obf", "Lan-DeMets O'Brien-Fleming-type alpha spending"),
                          Choice("pocock", "Lan-DeMets Pocock-type alpha spending"),
                          Choice("hsd", "Hwang-Shih-DeCani alpha spending"),
                          Choice("classical_obf", "classical O'Brien-Fleming boundaries"),
                          Choice("classical_pocock", "classical Pocock boundaries"),
                      )),
            Parameter("gamma", "Gamma", "Hwang-Shih-DeCani parameter (with hsd spending), "
                      "e.g. -4", valid=Range(-40.0, 40.0, high_open=True)),
            Parameter("timing", "Timing", "information fractions of the looks, e.g. 0.3,0.6,1 "
                      "(default equally spaced)", kind="fractions"),
            Parameter("futility", "Futility bound", "non-binding futility bound by beta "
                      "spending (one-sided only)", kind="choice",
                      choices=(Choice("obf", "O'Brien-Fleming-type beta spending"),
                               Choice("pocock", "Pocock-type beta spending"),
                               Choice("hsd", "Hwang-Shih-DeCani beta spending"))),
            Parameter("futility_gamma", "Futility gamma", "Hwang-Shih-DeCani parameter of the "
                      "futility bound", valid=Range(-40.0, 40.0, high_open=True)),
        ),
        "Lan & DeMets (1983) Biometrika 70:659-663; Hwang, Shih & DeCani (1990) Stat Med "
        "9:1439-1445; Jennison & Turnbull (2000) Group Sequential Methods with Applications to "
        "Clinical Trials",
        {"k": 3},
        sizes_design=False,
        solves="Computes the boundaries and the sample-size inflation for the given alpha and "
        "power.",
    ),
    Procedure(
        "cluster_design_effect", "design-effect", "Design effect of cluster randomisation",
        "design effect of cluster randomisation (unequal cluster sizes: Eldridge et al. 2006)",
        "trialkit.power.cluster:cluster_design_effect",
        (
            Parameter("cluster_size", "Cluster size", "mean number of participants per "
                      "cluster", unit="participants", required=True, valid=Range(1.0, INF)),
            Parameter("icc", "ICC", "intracluster correlation coefficient", required=True,
                      valid=Range(0.0, 1.0)),
            Parameter("cluster_size_cv", "Cluster size CV", "coefficient of variation of "
                      "cluster size (0: equal sizes)", default=0.0, valid=NON_NEGATIVE),
        ),
        "Eldridge, Ashby & Kerry (2006) Int J Epidemiol 35:1292-1300",
        {"cluster_size": 20, "icc": 0.05},
        sizes_design=False, solves="",
    ),
    Procedure(
        "adjusted_alpha", "adjusted-alpha", "Several primary endpoints",
        "significance levels for several primary endpoints (Bonferroni, Holm)",
        "trialkit.power:adjusted_alpha",
        (
            dataclasses.replace(ALPHA, label="Familywise significance level",
                                help="familywise significance level"),
            Parameter("endpoints", "Primary endpoints", "number of primary endpoints",
                      kind="integer", required=True, valid=Range(1.0, INF)),
            Parameter("method", "Multiplicity procedure", "how the level is shared",
                      kind="choice", default="holm",
                      choices=(Choice("holm", "Holm step-down"), Choice("bonferroni",
                                                                        "Bonferroni"))),
        ),
        "Holm (1979) Scand J Stat 6:65-70; Dunn (1961) J Am Stat Assoc 56:52-64",
        {"endpoints": 2},
        sizes_design=False, solves="",
    ),
)
"""Procedures offered on the command line only."""
