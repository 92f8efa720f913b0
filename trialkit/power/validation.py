"""The validation table: published reference values the engine must reproduce.

``trialkit selftest`` and the test suite run the same cases. Status follows the reference
sheet: P = published value read in the named source; P* = standard published value quoted
from a well-known reference; C = computed independently (a regression oracle).
Conventions: trialkit's two-sided tests count both rejection regions; R's power.t.test and
power.prop.test (strict = FALSE) count only one, a difference below 2e-6 in these cases.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from trialkit.errors import TrialkitError
from trialkit.power._validation_case import POWER_TOL, PROCEDURES, Case
from trialkit.power._validation_more import MORE_CASES

__all__ = ["CASES", "POWER_TOL", "PROCEDURES", "Case", "Outcome", "run_cases"]

R_TTEST = "R stats::power.t.test help examples (R Core Team)"
PWR = "R package pwr (Champely), as pinned in statsmodels' test_power.py"
R_PROP = "R stats::power.prop.test (R Core Team)"
PWR_PINGOUIN = "R package pwr (Champely), as pinned in pingouin's tests/test_power.py (Vallat)"
ENVSTATS = "R package EnvStats (Millard), help examples"
AHERN = "A'Hern (2001) Stat Med 20:859-866, Table 1 (exact single-stage phase II designs)"
CSW = "Chow, Shao & Wang (2008) Sample Size Calculations in Clinical Research, 2nd ed.,"
PWRSS = ("R package pwrss (Bulus & Polat 2023), power.exact.twoprops help example, validated "
         "against G*Power and PASS")
LLC = ("Lu, Luo & Chen (2008) Int J Biostat 4(1):9, as reproduced by R package longpower's "
       "tests (Donohue)")

# p1 with Cohen's h = 0.1 against p2 = 0.5: sin^2(asin(sqrt(0.5)) + 0.05).
_P1_H01 = math.sin(math.asin(math.sqrt(0.5)) + 0.05) ** 2

_CASES: tuple[Case, ...] = (
    # Two-sample and one-sample t-tests.
    Case("O1", "two_means", {"delta": 1, "sd": 1, "n_per_arm": 20}, "power", 0.8689528,
         R_TTEST + ": power.t.test(n = 20, delta = 1)", "P*", POWER_TOL),
    Case("O2", "two_means", {"delta": 1, "sd": 1, "power": 0.90}, "n_per_arm", (23, 23),
         R_TTEST + ": power.t.test(power = .90, delta = 1) gives n = 22.02110", "P*"),
    Case("O2u", "two_means", {"delta": 1, "sd": 1, "power": 0.90}, "solution", 22.02110,
         R_TTEST + ": unrounded n = 22.02110", "P*", 5e-5),
    Case("O3", "two_means", {"delta": 1, "sd": 1, "power": 0.90, "sides": 1}, "solution",
         17.84713, R_TTEST + ": alternative = 'one.sided' gives n = 17.84713", "P*", 5e-5),
    Case("O4", "two_means", {"delta": 0.5, "sd": 1, "power": 0.80}, "n_per_arm", (64, 64),
         "Cohen (1988) Statistical Power Analysis, Table 2.4.1; G*Power 3 (Faul et al. 2007)",
         "P*"),
    Case("O4p", "two_means", {"delta": 0.5, "sd": 1, "n_per_arm": 64}, "power", 0.80146,
         "G*Power 3 (Faul et al. 2007): actual power 0.8015 at 64 per group", "P*", POWER_TOL),
    Case("O5", "two_means", {"delta": 0.5, "sd": 1, "power": 0.95, "sides": 1}, "n_per_arm",
         (88, 88), "G*Power 3 manual, t-test handling example (d = 0.5, one-tailed, power .95)",
         "C"),
    Case("O6", "one_mean", {"delta": 1 / 3, "sd": 1, "n": 25}, "power", 0.360,
         "G*Power t-tests handout: post hoc power of a one-sample t-test, d = 1/3, n = 25",
         "P", 5e-4, "published to 3 decimals"),
    Case("O7", "two_means", {"delta": 1, "sd": 1, "n_per_arm": 30}, "power", 0.967708258242517,
         PWR + ": pwr.t.test(d = 1, n = 30)", "P", POWER_TOL),
    Case("O8", "one_mean", {"delta": 0.2, "sd": 1, "n": 20}, "power", 0.1359562887679666,
         PWR + ": pwr.t.test(d = 0.2, n = 20, type = 'one.sample')", "P", POWER_TOL),
    Case("O9", "one_mean", {"delta": 1, "sd": 1, "n": 30, "sides": 1}, "power",
         0.999892010204909, PWR + ": one-sample, alternative = 'greater'", "P", POWER_TOL),
    Case("O10a", "two_means", {"delta": 0.1, "sd": 1, "n_per_arm": (20, 30)}, "power",
         0.0633081832564667, PWR + ": pwr.t2n.test(n1 = 20, n2 = 30, d = 0.1)", "P", POWER_TOL),
    Case("O10b", "two_means", {"delta": 0.1, "sd": 1, "n_per_arm": (20, 30), "sides": 1},
         "power", 0.09623589080917805, PWR + ": pwr.t2n.test(..., alternative = 'greater')", "P",
         POWER_TOL),
    Case("PG1", "one_mean", {"delta": 0.5, "sd": 1, "power": 0.80}, "solution", 33.36713,
         PWR_PINGOUIN + ": pwr.t.test(d = 0.5, power = .80, type = 'one.sample') gives "
         "n = 33.36713", "P", 5e-5),
    Case("PG2", "one_mean", {"delta": 0.5, "sd": 1, "power": 0.80, "sides": 1}, "solution",
         26.13753, PWR_PINGOUIN + ": one-sample, alternative = 'greater': n = 26.13753", "P",
         5e-5),
    Case("PG3", "one_mean", {"sd": 1, "n": 20, "power": 0.80}, "solution", 0.6604413,
         PWR_PINGOUIN + ": one-sample, n = 20, power .80: d = 0.6604413", "P", 5e-6,
         "R's uniroot stops at about 1e-6 in d"),
    Case("PG4", "one_mean", {"delta": 0.5, "sd": 1, "n": 20}, "power", 0.5645044,
         PWR_PINGOUIN + ": one-sample, d = 0.5, n = 20: power 0.5645044", "P", POWER_TOL),
    Case("OM1", "one_mean", {"delta": 8, "sd": 40, "n": 150}, "power", 0.682,
         "SAS/STAT PROC POWER, Getting Started: computing power for a one-sample t-test (mean 8, "
         "SD 40, N 150): 0.682", "P", 5e-4, "published to 3 decimals"),
    Case("OM2", "one_mean", {"delta": 0.625, "sd": 1, "power": 0.95, "sides": 1}, "n", 30,
         "G*Power 3 user guide, 'Means: difference from constant' (mean 15 vs 10, SD 8, "
         "one-tailed, power .95): N = 30, df 29, noncentrality 3.423266", "P"),
    Case("OM3", "one_mean", {"delta": 2, "sd": 1, "n": 4, "alpha": 0.01, "sides": 1}, "power",
         0.4865800, ENVSTATS + ", tTestPower(n.or.n1 = 4, delta.over.sigma = 2, alpha = .01, "
         "'greater'): 0.4865800", "P", POWER_TOL),
    Case("OM4", "one_mean", {"delta": 2, "sd": 1, "n": 8, "alpha": 0.01, "sides": 1}, "power",
         0.9835401, ENVSTATS + ", tTestPower, the same with n = 8: 0.9835401", "P", POWER_TOL),
    # The known-variance z formulas of Chow, Shao & Wang (2008), approximation='normal'.
    Case("O19", "two_means", {"delta": 0.05, "sd": 0.1, "power": 0.80,
                              "approximation": "normal"}, "n_per_arm", (63, 63),
         CSW + " Example 3.2.4, TrialSize TwoSampleMean.Equality(0.05, 0.2, 0.1, 1, 0.05): 63 "
         "(the exact t-test needs 64)", "P"),
    Case("O20", "two_means", {"delta": 0.0, "sd": 0.1, "margin": 0.05, "sides": 1,
                              "power": 0.80, "approximation": "normal"}, "n_per_arm", (50, 50),
         CSW + " §3.2.4, TrialSize TwoSampleMean.NIS, non-inferiority margin 0.05: 50 "
         "(the exact t-test needs 51)", "P"),
    Case("O22", "one_mean", {"delta": 0.5, "sd": 1, "power": 0.80, "approximation": "normal"},
         "n", 32, CSW + " §3.1, TrialSize OneSampleMean.Equality: 32 (the exact t-test needs "
         "34)", "P"),
    # Two proportions.
    Case("O11", "two_proportions", {"p1": 0.50, "p2": 0.75, "n_per_arm": 50}, "power", 0.7401659,
         R_PROP + " help example: power.prop.test(n = 50, p1 = .50, p2 = .75)", "P*", POWER_TOL),
    Case("O12", "two_proportions", {"p1": 0.75, "p2": 0.50, "power": 0.90}, "solution", 76.70692,
         R_PROP + ": power.prop.test(p1 = .50, p2 = .75, power = .90) gives n = 76.7", "P", 5e-4),
    Case("O12n", "two_proportions", {"p1": 0.75, "p2": 0.50, "power": 0.90}, "n_per_arm",
         (77, 77), R_PROP + ": n = 76.7, so 77 per group", "P"),
    Case("O13", "two_proportions", {"p1": 0.03, "p2": 0.02, "power": 0.80}, "n_per_arm",
         (3826, 3826), R_PROP + " output quoted in statsmodels PR #8676: n = 3825.15", "P"),
    Case("O14", "two_proportions", {"p1": 0.105, "p2": 0.10, "power": 0.80}, "n_per_arm",
         (57763, 57763), R_PROP + " output quoted in statsmodels PR #4091: n = 57763", "P"),
    Case("O15", "two_proportions", {"p1": 0.1, "p2": 0.2, "n_per_arm": (154, 308)}, "power",
         0.79956592, "Stata power twoproportions (chi-squared test), statsmodels issue #8049",
         "P", POWER_TOL),
    Case("O16", "two_proportions", {"p1": 0.001, "p2": 0.015, "n_per_arm": 550}, "power",
         0.7415600, "Stata power twoproportions example, in statsmodels' test_power.py", "P",
         POWER_TOL),
    Case("O17a", "two_proportions",
         {"p1": 0.022, "p2": 0.001, "power": 0.80, "sides": 1, "method": "arcsine"},
         "solution", 224.8784, "R pwr::pwr.2p.test (pwr issue #31): n = 224.8784", "P", 5e-4),
    Case("O17b", "two_proportions", {"p1": 0.022, "p2": 0.001, "power": 0.80, "sides": 1},
         "solution", 317.6901, "R power.prop.test and G*Power z-test (pwr issue #31): "
         "n = 317.6901", "P", 5e-4),
    Case("O18", "two_proportions",
         {"p1": _P1_H01, "p2": 0.5, "power": 0.55, "alpha": 0.04, "sides": 1,
          "method": "arcsine"},
         "solution", 704.1359, "R pwr::pwr.2p.test(h = 0.1, sig.level = .04, power = .55, "
         "alternative = 'greater') (pwr issue #24): n = 704.1359", "P", 5e-4),
    Case("O28", "two_proportions",
         {"p1": 0.65, "p2": 0.85, "power": 0.80, "method": "unpooled"}, "n_per_arm", (70, 70),
         "Chow, Shao & Wang (2008) §4.2.4 via R TrialSize::TwoSampleProportion.Equality", "C"),
    # One proportion, exact binomial (the sawtooth).
    Case("O47n", "one_proportion", {"p0": 0.2, "p1": 0.4, "power": 0.80}, "n", 35,
         "Julious & Campbell (2012) Stat Med 31:2904-2936 on exact single-arm sizes; "
         "statsmodels issue #2731: smallest n = 35", "C"),
    Case("O47r", "one_proportion", {"p0": 0.2, "p1": 0.4, "power": 0.80}, "reject_at", 12,
         "statsmodels issue #2731: reject H0 with 12 or more responses of 35", "C"),
    Case("O47s", "one_proportion", {"p0": 0.2, "p1": 0.4, "power": 0.80}, "n_stable", 38,
         "statsmodels issue #2731: n = 37 fails (power .778); every n >= 38 meets .80", "C"),
    Case("AH1", "one_proportion", {"p0": 0.05, "p1": 0.20, "power": 0.80}, "n,reject_at",
         (27, 4), AHERN + ": p0 .05, p1 .20, alpha .05, power .80: n 27, reject with 4 or more",
         "P"),
    Case("AH2", "one_proportion", {"p0": 0.10, "p1": 0.30, "power": 0.80}, "n,reject_at",
         (25, 6), AHERN + ": p0 .10, p1 .30, alpha .05, power .80: n 25, reject with 6 or more",
         "P"),
    Case("AH3", "one_proportion", {"p0": 0.30, "p1": 0.50, "power": 0.80}, "n,reject_at",
         (39, 17), AHERN + ": p0 .30, p1 .50, alpha .05, power .80: n 39, reject with 17 or "
         "more", "P"),
    Case("AH4", "one_proportion", {"p0": 0.50, "p1": 0.70, "power": 0.90, "alpha": 0.01},
         "n,reject_at", (80, 51), AHERN + ": p0 .50, p1 .70, alpha .01, power .90: n 80, reject "
         "with 51 or more", "P"),
    Case("GB1", "one_proportion", {"p0": 0.65, "p1": 0.80, "n": 20}, "power,size",
         (0.41144886, 0.044375603), "G*Power 3 manual, exact binomial test example 4.3 "
         "(p0 .65, p1 .80, n 20, one-sided): power 0.411449, actual alpha 0.044376, as pinned in "
         "the R package pwrss's tests (Bulus)", "P", 5e-8),
    Case("O47p", "one_proportion", {"p0": 0.2, "p1": 0.4, "n": 37}, "power", 0.778,
         "statsmodels issue #2731: exact power .778 at n = 37", "C", 5e-4),
    # Log-rank.
    Case("O30", "logrank", {"hazard_ratio": math.log(0.37) / math.log(0.75), "power": 0.80},
         "events", 21, "MRC CBU statswiki FAQ/powsurv (Schoenfeld 1983): 20.39 events with "
         "z rounded to 1.96 and 0.84; 20.41 with exact quantiles, so 21", "P"),
    Case("O31", "logrank", {"hazard_ratio": 0.7, "power": 0.80}, "events", 247,
         "Schoenfeld (1983) formula, as in the clinicaltrials-tools log-rank calculator: 247",
         "P"),
    Case("O32a", "logrank", {"hazard_ratio": 0.75, "power": 0.90}, "events", 508,
         "Schoenfeld (1983): 4(z_a + z_b)^2 / ln^2(HR)", "C"),
    Case("O32b", "logrank", {"hazard_ratio": 0.5, "power": 0.90, "method": "freedman"},
         "events", 95, "Freedman (1982): (z_a + z_b)^2 (1 + HR)^2 / (1 - HR)^2", "C"),
    Case("O34e", "logrank", {"hazard_ratio": 0.5, "power": 0.90, "alpha": 0.025, "sides": 1,
                              "median_control": 20, "accrual_time": 24, "follow_up_time": 12},
         "events_unrounded", 87.4793, "SAS 9.4 PROC SEQDESIGN benchmark, in gsDesign's "
         "test-independent-test-nSurv.R: 87.4793 events", "P", 5e-4),
    Case("O34n", "logrank", {"hazard_ratio": 0.5, "power": 0.90, "alpha": 0.025, "sides": 1,
                              "median_control": 20, "accrual_time": 24, "follow_up_time": 12},
         "n_total", 198, "SAS 9.4 PROC SEQDESIGN benchmark, in gsDesign's "
         "test-independent-test-nSurv.R: N = 197.1152, so 99 per arm", "P"),
    # Log-normal ratio: the t-test on the log scale equals two_means with sd = sqrt(ln(1+cv^2)).
    Case("LN1", "ratio_of_means", {"mean_ratio": math.exp(0.5 * math.sqrt(math.log(2.0))),
                                   "cv": 1.0, "power": 0.80}, "n_per_arm", (64, 64),
         "Julious (2004) Stat Med 23:1921-1986 §7: log-scale effect 0.5 SD gives Cohen's "
         "d = 0.5, hence G*Power's 64 per group", "C"),
    Case("LN2", "ratio_of_means", {"mean_ratio": 1.5, "cv": 1.0, "power": 0.95}, "n_per_arm",
         (111, 111), ENVSTATS + ", tTestLnormAltN(ratio.of.means = 1.5, cv = 1, power = .95): "
         "111", "P"),
    Case("LN3", "ratio_of_means", {"mean_ratio": 2.0, "cv": 1.0, "power": 0.95}, "n_per_arm",
         (39, 39), ENVSTATS + ", tTestLnormAltN, ratio 2.0: 39", "P"),
    Case("LN4", "ratio_of_means", {"mean_ratio": 1.5, "cv": 1.0, "power": 0.95, "alpha": 0.001},
         "n_per_arm", (209, 209), ENVSTATS + ", tTestLnormAltN, ratio 1.5, alpha .001: 209", "P"),
    Case("LN5", "ratio_of_means", {"mean_ratio": 2.0, "cv": 1.0, "n_per_arm": 20}, "power", 0.73,
         ENVSTATS + ", tTestLnormAltPower(n.or.n1 = 20, ratio.of.means = 2, cv = 1): 0.73", "P",
         5e-3, "published to 2 decimals"),
    Case("VB1", "ratio_of_means", {"mean_ratio": 1.10, "cv": 0.3, "power": 0.80}, "n_per_arm",
         (150, 150), "van Belle & Martin (1993) Am Stat 47:165-167, Table 2 (ratio 1.10, "
         "CV 0.3, power .80): 150 per group, as reproduced in EnvStats' tTestLnormAltN examples",
         "P"),
    Case("VB2", "ratio_of_means", {"mean_ratio": 1.10, "cv": 0.8, "power": 0.80}, "n_per_arm",
         (856, 856), "van Belle & Martin (1993) Table 2 (ratio 1.10, CV 0.8, power .80): 856 per "
         "group", "P"),
    # Equivalence and crossover (TOST), Chow, Shao & Wang (2008) via R TrialSize's examples.
    Case("O21", "equivalence_means", {"sd": 0.1, "margin": 0.05, "delta": 0.01, "power": 0.80,
                                      "approximation": "normal"}, "solution", 107.05,
         "Chow, Shao & Wang (2008) §3.2.4, TrialSize TwoSampleMean.Equivalence: 107 with "
         "z rounded to 2 decimals; 107.05 (so 108) with exact quantiles", "P", 0.01),
    Case("O25", "crossover", {"delta": -0.1, "sd": 0.2, "power": 0.80, "test": "equivalence",
                              "margin": 0.25, "approximation": "normal"}, "n_per_arm", (8, 8),
         "Chow, Shao & Wang (2008) §3.3, TrialSize Crossover equivalence example: 8", "P"),
    Case("O26", "crossover", {"delta": -0.1, "sd": 0.2, "power": 0.80,
                              "test": "noninferiority", "margin": 0.2,
                              "approximation": "normal"}, "n_per_arm", (13, 13),
         "Chow, Shao & Wang (2008) §3.3.4, TrialSize Crossover non-inferiority example: 13",
         "P"),
    # Group-sequential boundaries.
    Case("O35", "group_sequential", {"k": 5, "alpha": 0.05, "sides": 2,
                                     "spending": "classical_pocock"}, "critical_z",
         (2.413,) * 5, "Jennison & Turnbull (2000) Table 2.1 (Pocock 1977): C_P(5) = 2.413",
         "P*", 5e-4),
    Case("O36", "group_sequential", {"k": 4, "alpha": 0.05, "sides": 2,
                                     "spending": "classical_obf"}, "critical_z",
         tuple(2.024 * math.sqrt(4 / j) for j in range(1, 5)),
         "Jennison & Turnbull (2000) Table 2.3: O'Brien-Fleming C_B(4) = 2.024, bounds "
         "C_B sqrt(K/k)", "P*", 1e-3, "C_B is published to 3 decimals; sqrt(K/k) <= 2 scales its "
         "rounding to at most 1e-3"),
    Case("O37", "group_sequential", {"k": 3, "alpha": 0.025, "sides": 1,
                                     "spending": "classical_obf"}, "critical_z",
         (3.4710914, 2.4544323, 2.0040356),
         "rpact tests/testthat/test-pkgname.R, getDesignGroupSequential() default", "P", 5e-7),
    Case("O37a", "group_sequential", {"k": 3, "alpha": 0.025, "sides": 1,
                                      "spending": "classical_obf"}, "alpha_spent",
         (0.00025917, 0.00716006, 0.025),
         "rpact tests/testthat/test-pkgname.R: cumulative alpha spent", "P", 5e-9),
    Case("O38", "group_sequential", {"k": 3, "alpha": 0.025, "spending": "obf"}, "critical_z",
         (3.7103, 2.5114, 1.9930), "Lan-DeMets O'Brien-Fleming spending, independent "
         "computation (compare gsDesign sfLDOF)", "C", 5e-5),
    # Simon two-stage designs: (r1, n1, r, n). Simon (1989) Control Clin Trials 10:1-10, Table 1
    # as quoted in the tests of the Julia package BinaryTwoStageDesigns (Kunzmann), and the R
    # package clinfun's ph2simon output as printed in two package documents.
    Case("O40", "simon_two_stage", {"p0": 0.05, "p1": 0.25, "power": 0.80},
         "r1,n1,r,n", (0, 9, 2, 17), "Simon (1989) Table 1, optimal design (p0 .05, p1 .25, "
         "alpha .05, power .80)", "P*", note="quoted, not re-read in the paper"),
    Case("O41", "simon_two_stage", {"p0": 0.10, "p1": 0.30, "power": 0.80,
                                    "criterion": "minimax"},
         "r1,n1,r,n", (1, 15, 5, 25), "Simon (1989) Table 1, minimax design (p0 .10, p1 .30)",
         "P*", note="quoted, not re-read in the paper"),
    Case("SM1", "simon_two_stage", {"p0": 0.10, "p1": 0.30, "power": 0.80},
         "r1,n1,r,n", (1, 10, 5, 29), "Simon (1989) p. 4, optimal design, as quoted in "
         "BinaryTwoStageDesigns' tests and in Koyama & Chen (2008) Stat Med 27:3145-3154's "
         "example code", "P"),
    Case("O43", "simon_two_stage", {"p0": 0.30, "p1": 0.50, "power": 0.80},
         "r1,n1,r,n", (5, 15, 18, 46), "Simon (1989) Table 1, optimal design (p0 .30, p1 .50), "
         "as quoted in BinaryTwoStageDesigns' tests", "P"),
    Case("SM2", "simon_two_stage", {"p0": 0.20, "p1": 0.40, "power": 0.80},
         "r1,n1,r,n,expected_n0,pet0", (3, 13, 12, 43, 20.58, 0.7473),
         "R clinfun ph2simon(0.2, 0.4, 0.05, 0.2) output as printed in the SeqSGPV README "
         "(Chipman): optimal 3/13, 12/43, EN 20.58, PET 0.7473", "P", 5e-3),
    Case("SM3", "simon_two_stage", {"p0": 0.20, "p1": 0.40, "power": 0.90},
         "r1,n1,r,n,expected_n0,pet0", (4, 19, 15, 54, 30.43, 0.6733),
         "R clinfun ph2simon(pu = .2, pa = .4, ep1 = .05, ep2 = .1), as printed in the "
         "VisualizeSimon2Stage vignette: optimal 4/19, 15/54, EN 30.43, PET 0.6733", "P", 5e-3),
    Case("SM4", "simon_two_stage", {"p0": 0.20, "p1": 0.40, "power": 0.90,
                                    "criterion": "minimax"},
         "r1,n1,r,n,expected_n0,pet0", (5, 24, 13, 45, 31.23, 0.6559),
         "R clinfun ph2simon, the same call: minimax 5/24, 13/45, EN 31.23, PET 0.6559", "P",
         5e-3),
    Case("O44", "simon_two_stage", {"p0": 0.10, "p1": 0.30, "power": 0.90},
         "r1,n1,r,n", (2, 18, 6, 35), "Simon (1989) Table 1, optimal design (p0 .10, p1 .30, "
         "power .90)", "P*", note="recalled; no printed copy found"),
    # Issue 10: the edges of the domain.
    Case("E1", "two_proportions", {"p1": 0.02, "p2": 0.01, "power": 0.8, "continuity": True},
         "n_per_arm", (2515, 2515),
         "Fleiss, Tytun & Ury (1980) Biometrics 36:343-346: n = n'/4 (1 + sqrt(1 + 4 / (n' "
         "|p1 - p2|)))^2 = 2514.97 from the uncorrected n' = 2318.9 (R power.prop.test)", "C"),
    Case("E2", "two_proportions", {"p1": 0.3, "p2": 0.2, "power": 0.9, "continuity": True,
                                   "ratio": 2},
         "solution", 311.0861,
         "Fleiss, Tytun & Ury (1980) Biometrics 36:343-346 with r = 2: n = n'/4 (1 + sqrt(1 + "
         "2 (r + 1) / (n' r |p1 - p2|)))^2 = 311.0861 for the control arm", "C", 5e-4),
    Case("E3", "one_mean", {"delta": 6.7286, "sd": 1, "n": 2, "alpha": 0.001}, "power",
         0.0119257, "exact noncentral t at df = 1 (Owen (1965) Technometrics 7:78-90), "
         "integrated independently over the normal numerator", "C", 1e-6),
    Case("E4", "two_means", {"delta": 8.41, "sd": 1, "n_per_arm": 2, "alpha": 0.001}, "power",
         0.0691836, "exact noncentral t at df = 2 (Owen (1965) Technometrics 7:78-90), "
         "integrated independently over the normal numerator", "C", 1e-6),
    Case("E5", "group_sequential", {"k": 3, "sides": 2, "alpha": 0.1, "power": 0.5,
                                    "spending": "pocock"},
         "inflation_factor", 1.218773,
         "rpact 3.3.4 (Wassmer & Pahlke): getDesignGroupSequential(kMax = 3, alpha = 0.1, "
         "beta = 0.5, sided = 2, typeOfDesign = 'asP', twoSidedPower = TRUE)", "C", 2e-6),
    Case("E6", "group_sequential", {"k": 3, "sides": 2, "alpha": 0.1, "power": 0.5,
                                    "spending": "pocock", "power_convention": "directional"},
         "inflation_factor", 1.221773,
         "rpact 3.3.4 (Wassmer & Pahlke): the same design with twoSidedPower = FALSE", "C",
         2e-6),
    # Exact tests of two proportions by enumeration.
    Case("X1", "exact_two_proportions", {"p1": 0.7, "p2": 0.6, "n_per_arm": 500, "sides": 1},
         "power", 0.947, PWRSS + ": Fisher's exact test, 500 per arm, one-sided 0.05", "P",
         5e-4, "published to 3 decimals"),
    Case("X2", "exact_two_proportions", {"p1": 0.7, "p2": 0.6, "n_per_arm": 302, "sides": 1},
         "power", 0.801, PWRSS + ": the 302 per arm it finds for 80% power", "P", 5e-4,
         "published to 3 decimals"),
    # Repeated measures (MMRM at the last visit).
    Case("M1", "repeated_measures", {"delta": 0.5, "sd": 1, "retention": (1.0, 1.0), "rho": 0.0,
                                     "power": 0.9, "power_convention": "directional"},
         "solution", 168.11876898305 / 2, LLC + ", Table 1 (z-test, phi = 1, lambda = 1): "
         "N = 168.1188 in total", "P", 1e-6),
    Case("M2", "repeated_measures", {"delta": 1, "sd": 1, "retention": (1.0, 13 / 15, 11 / 15, 0.6),
                                     "correlation": "ar1", "rho": 0.9 ** (1 / 3),
                                     "n_per_arm": 50},
         "inflation_treatment", 1.07728040119987, LLC + ", Table 2 (AR(1), J = 4, a_J = 0.4, "
         "rho^3 = 0.9): phi = 1.0773", "P", 1e-9),
)
CASES: tuple[Case, ...] = _CASES + MORE_CASES


@dataclass(frozen=True)
class Outcome:
    """A case with what the installed engine obtained."""

    case: Case
    obtained: Any
    agrees: bool
    error: str = ""


def run_cases(cases: tuple[Case, ...] = CASES) -> list[Outcome]:
    """Run every case; an exception is recorded as a disagreement, never raised."""
    outcomes = []
    for case in cases:
        try:
            obtained = case.obtain()
        except TrialkitError as exc:
            outcomes.append(Outcome(case, None, False, str(exc)))
            continue
        outcomes.append(Outcome(case, obtained, case.agrees(obtained)))
    return outcomes
