"""The catalogue's procedures beyond the main design ones: the closed-form log(x + 1) ANCOVA,
which sizes a design, and those that do not size a design's sample size by themselves.

Group-sequential boundaries inflate a fixed design's size (a design plans them as interim
looks); the design effect and the multiplicity adjustment feed other calculations; the
simulated ANCOVA on log(x + 1) gives a simulated power, not a design's sample size.
"""

from __future__ import annotations

import dataclasses

from trialkit.power.catalogue_spending import FUTILITY_CHOICES, SPENDING_CHOICES
from trialkit.power.catalogue_types import (
    ALPHA,
    BASELINE_R,
    CV,
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
    SIDES,
    Choice,
    Parameter,
    Procedure,
    Range,
)

CONTROL_MEAN = Parameter("control_mean", "Control mean", "control-arm mean of the outcome at "
                         "follow-up (e.g. AUC in nmol/L)", unit="outcome units", required=True,
                         valid=POSITIVE)
OUTCOME_CV = dataclasses.replace(CV, help="SD / mean of the outcome, e.g. 0.8")
LOG1P_SD = Parameter("log1p_sd", "SD of log(x + 1)", "SD of log(x + 1) in the control arm, as "
                     "reported for log-transformed outcomes", valid=POSITIVE, instead_of="cv")
"""The spread on the analysis scale, instead of the CV (the CV that gives it is solved for)."""
CV_OR_LOG1P_SD = (
    dataclasses.replace(OUTCOME_CV, required=False, help="SD / mean (or give SD of log(x + 1)), "
                        "e.g. 0.8"),
    LOG1P_SD,
)
"""The outcome's spread both ANCOVA on log(x + 1) procedures take: the CV or the SD of
log(x + 1) in the control arm (exactly one of them)."""
LOG_CORRELATION = dataclasses.replace(BASELINE_R, help="correlation of baseline and follow-up "
                                      "on the log scale", default=None, required=True)
BASELINE_LOGNORMAL = (
    Parameter("baseline_mean", "Baseline mean", "baseline mean of the outcome "
              "(default: the control mean)", unit="outcome units", valid=POSITIVE),
    Parameter("baseline_cv", "Baseline CV", "baseline coefficient of variation "
              "(default: the CV)", valid=POSITIVE),
)
"""The log-normal outcome both ANCOVA on log(x + 1) procedures (closed form, simulated) take."""

ANCOVA_LOG = Procedure(
    "ancova_log", "ancova-log1p", "ANCOVA on log(x + 1), baseline-adjusted",
    "ANCOVA of log(x + 1) adjusted for log(baseline + 1) for a log-normal outcome such as the "
    "C-peptide AUC, in closed form from the mean, the CV (or the SD of log(x + 1)) and the "
    "ratio of means, with the baseline slope treated as known (slightly optimistic at small "
    "sizes)",
    "trialkit.power.ancova_log1p:ancova_log",
    (
        CONTROL_MEAN,
        *CV_OR_LOG1P_SD,
        dataclasses.replace(MEAN_RATIO, help="treatment / control ratio of means to detect",
                            solvable=False, required=True),
        LOG_CORRELATION,
        dataclasses.replace(N_PER_ARM, help="participants per arm, 1:1 (leave out to solve "
                            "for it)"),
        POWER, ALPHA, SIDES, POWER_CONVENTION, DROPOUT,
        *BASELINE_LOGNORMAL,
    ),
    "Lachin et al. (2011) PLoS ONE 6:e26471; Borm, Fransen & Lemmens (2007) J Clin Epidemiol "
    "60:1234-1238",
    {"control_mean": 0.4, "cv": 0.8, "mean_ratio": 1.3, "baseline_correlation": 0.7,
     "power": 0.8},
    solves="Give the power to find the sample size, or the sample size to find the power.",
)
"""The baseline-adjusted log(x + 1) ANCOVA as a design procedure (its simulated check is
ancova_log_power below)."""

CLUSTER = (
    Parameter("cluster_size", "Cluster size", "mean number of participants per cluster",
              unit="participants", required=True, valid=Range(1.0, INF)),
    Parameter("icc", "ICC", "intracluster correlation coefficient", required=True,
              valid=Range(0.0, 1.0)),
    Parameter("cluster_size_cv", "Cluster size CV", "coefficient of variation of cluster size "
              "(0: equal sizes)", default=0.0, valid=NON_NEGATIVE),
)
CLUSTER_REFERENCE = ("Eldridge, Ashby & Kerry (2006) Int J Epidemiol 35:1292-1300; Donner, "
                     "Birkett & Buck (1981) Am J Epidemiol 114:906-914")
CLUSTER_SOLVES = "Give the power: the sample size is found in whole clusters per arm."
CLUSTER_DESIGNS = (
    Procedure(
        "cluster_two_means", "cluster-two-means", "Two means, cluster-randomised",
        "comparison of two means with randomisation by cluster (t-test sample size times the "
        "design effect, in whole clusters)",
        "trialkit.power.cluster_designs:cluster_two_means",
        (
            Parameter("delta", "Difference", "true difference in means to detect",
                      unit="outcome units", role="effect", required=True,
                      meaning="mean_difference"),
            SD,
            dataclasses.replace(POWER, required=True, help="target power, e.g. 0.8 or 0.9"),
            *CLUSTER, ALPHA, SIDES, POWER_CONVENTION, RATIO, DROPOUT,
        ),
        CLUSTER_REFERENCE,
        {"delta": 0.5, "sd": 1.0, "power": 0.8, "cluster_size": 20, "icc": 0.05},
        solves=CLUSTER_SOLVES,
    ),
    Procedure(
        "cluster_two_proportions", "cluster-two-proportions",
        "Two proportions, cluster-randomised",
        "comparison of two proportions with randomisation by cluster (z-test sample size "
        "times the design effect, in whole clusters)",
        "trialkit.power.cluster_designs:cluster_two_proportions",
        (
            Parameter("p1", "Treatment rate", "event or response proportion in the treatment "
                      "arm", unit="proportion", role="effect", required=True,
                      valid=PROPORTION, meaning="treatment_rate"),
            Parameter("p2", "Control rate", "event or response proportion in the control arm",
                      unit="proportion", required=True, valid=PROPORTION,
                      meaning="control_rate"),
            dataclasses.replace(POWER, required=True, help="target power, e.g. 0.8 or 0.9"),
            *CLUSTER, ALPHA, SIDES, POWER_CONVENTION, RATIO, DROPOUT,
        ),
        CLUSTER_REFERENCE,
        {"p1": 0.3, "p2": 0.2, "power": 0.8, "cluster_size": 20, "icc": 0.05},
        solves=CLUSTER_SOLVES,
    ),
)
"""Cluster-randomised design procedures (the design effect applied to a two-group design)."""

OTHER_PROCEDURES: tuple[Procedure, ...] = (
    ANCOVA_LOG,
    *CLUSTER_DESIGNS,
    Procedure(
        "ancova_log_power", "ancova-log", "ANCOVA on log(x + 1), baseline-adjusted (simulated)",
        "simulated power or sample size of ANCOVA on log(x + 1) for a log-normal outcome "
        "such as the C-peptide AUC",
        "trialkit.power:ancova_log_power",
        (
            CONTROL_MEAN,
            *CV_OR_LOG1P_SD,
            dataclasses.replace(MEAN_RATIO, help="treatment / control ratio of means to detect",
                                solvable=False),
            LOG_CORRELATION,
            N_PER_ARM,
            dataclasses.replace(POWER, help="target power: give it instead of the sample size "
                                "to find the sample size by simulation"),
            ALPHA, SIDES, RATIO_UNSET,
            *BASELINE_LOGNORMAL,
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
        "binding or non-binding futility) and the sample-size inflation factor",
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
                      choices=SPENDING_CHOICES),
            Parameter("gamma", "Gamma", "Hwang-Shih-DeCani parameter (with hsd spending), "
                      "e.g. -4", valid=Range(-40.0, 40.0, high_open=True)),
            Parameter("timing", "Timing", "information fractions of the looks, e.g. 0.3,0.6,1 "
                      "(default equally spaced)", kind="fractions"),
            Parameter("futility", "Futility bound", "futility bound by beta spending (one-sided "
                      "only); non-binding unless Binding futility is set", kind="choice",
                      choices=FUTILITY_CHOICES),
            Parameter("futility_gamma", "Futility gamma", "Hwang-Shih-DeCani parameter of the "
                      "futility bound", valid=Range(-40.0, 40.0, high_open=True)),
            Parameter("binding_futility", "Binding futility", "make the futility bound "
                      "binding: the efficacy bounds count on the trial stopping below it",
                      kind="flag", default=False, flag="binding_futility",
                      choices=(Choice(False, "non-binding"), Choice(True, "binding"))),
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


ASSURANCE_OPTIONS: tuple[Parameter, ...] = (
    Parameter("prior_mean", "Prior mean", "assurance: the most likely effect, on the effect's "
              "own scale (a ratio for ratios); gives the probability of success besides the "
              "power"),
    Parameter("prior_sd", "Prior SD", "assurance: the uncertainty of the effect, a standard "
              "deviation (of the log ratio for ratios); 0 gives the power at the prior mean",
              valid=NON_NEGATIVE),
    Parameter("target_assurance", "Target assurance", "assurance: solve for the sample size "
              "that reaches this probability of success", valid=Range(0.0, 1.0, True, True)),
)
"""Options every sizing command takes for the assurance (O'Hagan, Stevens & Campbell 2005);
``target_assurance`` is the assurance function's ``target``."""

Z_INTERIM = Parameter("z_interim", "Interim z", "z statistic at the interim look (positive "
                      "favours treatment)", required=True, valid=Range(-40.0, 40.0))
DESIGN_POWER = Parameter("design_power", "Design power", "the power the trial was sized "
                         "for", valid=Range(0.0, 1.0, True, True))

INTERIM_PROCEDURES: tuple[Procedure, ...] = (
    Procedure(
        "conditional_power", "conditional-power", "Conditional power at an interim look",
        "conditional power of the final test given the interim z statistic",
        "trialkit.power.adaptive:conditional_power",
        (
            Z_INTERIM,
            Parameter("information_fraction", "Information fraction", "share of the planned "
                      "information (or events) at the interim look", required=True,
                      valid=Range(0.0, 1.0, True, True)),
            dataclasses.replace(ALPHA, default=0.025,
                                help="significance level of the final test (one-sided unless "
                                "two-sided)"),
            dataclasses.replace(SIDES, default=1),
            Parameter("under", "Assumed effect", "the effect assumed for the rest of the "
                      "trial", kind="choice", default="trend",
                      choices=(Choice("trend", "the current trend"),
                               Choice("design", "the design effect"),
                               Choice("null", "no effect"))),
            dataclasses.replace(DESIGN_POWER, help="the power the trial was sized for (with "
                                "the design effect)"),
            POWER_CONVENTION,
        ),
        "Lan & Wittes (1988) Biometrics 44:579-585; Jennison & Turnbull (2000) Group "
        "Sequential Methods with Applications to Clinical Trials, ch. 10",
        {"z_interim": 1.2, "information_fraction": 0.5},
        sizes_design=False, solves="Computes the conditional power from the interim z statistic.",
    ),
    Procedure(
        "promising_zone", "promising-zone", "Promising-zone sample-size re-estimation",
        "promising-zone sample-size re-estimation with the Cui-Hung-Wang weighted final test",
        "trialkit.power.adaptive:promising_zone",
        (
            Parameter("n_interim", "Interim size", "participants (or events) at the interim "
                      "look", kind="integer", required=True, valid=Range(1.0, INF)),
            Parameter("n_planned", "Planned size", "planned total without re-estimation",
                      kind="integer", required=True, valid=Range(2.0, INF)),
            Parameter("n_max", "Largest size", "the most the total may grow to",
                      kind="integer", required=True, valid=Range(2.0, INF)),
            dataclasses.replace(ALPHA, default=0.025, help="one-sided significance level"),
            Parameter("cp_min", "Lowest promising conditional power", "conditional power "
                      "(under the trend) from which the zone is promising", default=0.365,
                      valid=Range(0.0, 1.0, True, True)),
            Parameter("cp_target", "Target conditional power", "conditional power the "
                      "increased sample size aims for; from it the zone is favourable",
                      default=0.8, valid=Range(0.0, 1.0, True, True)),
            dataclasses.replace(Z_INTERIM, required=False, help="observed interim z: apply "
                                "the rule to it (positive favours treatment)"),
            dataclasses.replace(DESIGN_POWER, help="the power at the planned size: report the "
                                "power and expected size with re-estimation"),
        ),
        "Mehta & Pocock (2011) Stat Med 30:3267-3284; Cui, Hung & Wang (1999) Biometrics "
        "55:853-857",
        {"n_interim": 208, "n_planned": 442, "n_max": 884},
        sizes_design=False, solves="Give the interim z to apply the rule, and the design power "
        "for the operating characteristics.",
    ),
)
"""Interim-adaptation procedures: not sizes but decisions at an interim look, offered on the
command line beside the catalogue (their results are not power results)."""

RULE_ONLY = {"promising_zone": ("z_interim", "design_power")}
"""Inputs of an interim procedure that go to the decision (reestimate, describe), not to the
function that builds the design."""
