"""Validation-table rows for the designs of issue 15: binary non-inferiority on the odds-ratio
scale; rpact's values for Farrington-Manning, piecewise-exponential survival, group-sequential
power at other effects and conditional power; count endpoints (two rates); assurance."""

from __future__ import annotations

from trialkit.power._validation_case import Case

OR_SCORE = {"method": "farrington_manning", "scale": "odds_ratio"}
FM = {"method": "farrington_manning", "sides": 1, "alpha": 0.025}
RPACT = "rpact 3.3.4 (Wassmer & Pahlke), run for this table:"
PIECEWISE = {"hazard_breaks": [0, 6, 9], "control_hazards": [0.025, 0.04, 0.015], "sides": 1,
             "alpha": 0.025}
RPACT_PIECEWISE = "piecewiseSurvivalTime = c(0, 6, 9), lambda2 = c(0.025, 0.04, 0.015)"
GS_FIXED = {"delta": 0.5, "sd": 1, "power": 0.8, "sides": 1, "alpha": 0.025}
GS_OBF = {"k": 3, "alpha": 0.025, "power": 0.8, "sides": 1}
GS_OBF_FUT = {**GS_OBF, "futility": "obf"}
RPACT_GS = ("getPowerMeans(getDesignGroupSequential(kMax = 3, alpha = 0.025, sided = 1, "
            "typeOfDesign = 'asOF'), groups = 2, stDev = 1, normalApproximation = TRUE, "
            "maxNumberOfSubjects = 130")
RPACT_GS_FUT = ("getPowerMeans(getDesignGroupSequential(kMax = 3, alpha = 0.025, beta = 0.2, "
                "sided = 1, typeOfDesign = 'asOF', typeBetaSpending = 'bsOF'), groups = 2, "
                "stDev = 1, normalApproximation = TRUE, maxNumberOfSubjects = 142")

PASSED = ("R package PASSED (Li et al.), power_NegativeBinomial (Zhu & Lakkis (2014) Stat Med "
          "33:376-387, approach 3), output pinned in statsmodels' test_rates_poisson.py "
          "(test_power_negbin):")
ZHU_LAKKIS = ("Zhu & Lakkis (2014) Stat Med 33:376-387, control-arm n = (z_a sqrt(V0) + z_b "
              "sqrt(V1))^2 / log(RR)^2, computed for this table in R from the paper's formula "
              "(no printed copy of their tables found):")
DIRECTIONAL = {"power_convention": "directional"}
GSDNB = ("R package gsDesignNB (Anderson), tests of sample_size_nbinom ('matches published "
         "results', one-sided 0.025), attributed there to")
OSC = ("O'Hagan, Stevens & Campbell (2005) Pharm Stat 4:187-201, normal prior and known "
       "variance: assurance = Phi((m sqrt(I) - z) / sqrt(1 + s^2 I)), computed for this table in "
       "R:")
RPACT_CP = ("getConditionalPower(getStageResults(getDesignInverseNormal(kMax = 2, alpha = 0.025, "
            "sided = 1, typeOfDesign = 'noEarlyEfficacy', informationRates = c(0.5, 1)), "
            "dataInput = getDataset(n1 = 50, n2 = 50, means1 = 0.3, means2 = 0, stDevs1 = 1, "
            "stDevs2 = 1), normalApproximation = TRUE), nPlanned = 100, assumedStDev = 1, ")
CP_AT_HALF = {"z_interim": 1.5, "information_fraction": 0.5, "alpha": 0.025, "sides": 1}
# The design power of 100 per arm for an effect of 0.5 SD: Phi(0.5 / sqrt(2 / 100) - z_.975).
CP_DESIGN_POWER = 0.9424375237070283

RATE_CASES: tuple[Case, ...] = (
    # Count endpoints: rate1 with the first size, rate2 with the second (R's mu1/n1, mu2/n2).
    Case("NB1", "two_rates", {"rate1": 0.5, "rate2": 0.3, "n_per_arm": (100, 50), "exposure": 2,
                              "overdispersion": 0.5, **DIRECTIONAL},
         "power", 0.6207448, PASSED + " power_NegativeBinomial(n1 = 100, n2 = 50, mu1 = 0.5, "
         "mu2 = 0.3, theta = 2, duration = 2, approach = 3): 0.6207448", "P", 5e-8),
    Case("NB2", "two_rates", {"rate1": 0.5, "rate2": 0.3, "n_per_arm": (50, 100), "exposure": 2,
                              "overdispersion": 0.5, **DIRECTIONAL},
         "power", 0.5825763, PASSED + " the same with n1 = 50, n2 = 100: 0.5825763", "P", 5e-8),
    Case("NB3", "two_rates", {"rate1": 0.5, "rate2": 0.3, "n_per_arm": (50, 100), "exposure": 2,
                              "overdispersion": 1 / 200000, **DIRECTIONAL},
         "power", 0.7248956, PASSED + " the Poisson limit, theta = 200000: 0.7248956", "P", 5e-8),
    Case("NB4", "two_rates", {"rate1": 0.3, "rate2": 0.5, "power": 0.8, "alpha": 0.025,
                              "sides": 1, "method": "true_rates"},
         "n_per_arm", (161, 161), "R package gsDesignNB (Anderson), tests of "
         "sample_size_nbinom: Poisson rates 0.5 and 0.3, one-sided 0.025, 80% power: "
         "ceiling((z_.975 + z_.8)^2 (1/0.5 + 1/0.3) / log(0.5/0.3)^2) = 161 per arm", "C"),
    # gsDesignNB's sample_size_nbinom(method 'zhu') uses the variance at the assumed rates.
    *(Case(f"GN{i}", "two_rates", {"rate1": r_t, "rate2": r_c, "overdispersion": k,
                                   "power": power, "alpha": 0.025, "sides": 1,
                                   "method": "true_rates"},
           "n_per_arm", (n, n), GSDNB + f" {paper}: control rate {r_c}, treatment rate {r_t}, "
           f"k {k}, power {power}, exposure 1: n = {n} per arm", "P")
      for i, (r_c, r_t, k, power, n, paper) in enumerate((
          (0.5, 0.3, 0.1, 0.8, 167, "Zhu & Lakkis (2014) example 1"),
          (1.0, 0.5, 0.5, 0.9, 88, "Zhu & Lakkis (2014) example 2"),
          (0.6, 0.3, 0.4, 0.8, 95, "Friede & Schmidli (2010) Methods Inf Med 49:623-631 "
           "example 1"),
          (1.0, 0.5, 0.5, 0.8, 66, "Friede & Schmidli (2010) example 2")), start=1)),
    *(Case(f"ZL{a}", "two_rates", {"rate1": 0.8 * 0.85, "rate2": 0.8, "exposure": 0.75,
                                   "overdispersion": 0.4, "power": 0.8, "method": method,
                                   **DIRECTIONAL},
           "solution", n, ZHU_LAKKIS + f" their Table I setting (r0 0.8, RR 0.85, k 0.4, "
           f"mu_t 0.75, power .8), approach {a}: n = {n}", "C", 1e-6)
      for a, method, n in ((1, "control_rate", 1254.22864849), (2, "true_rates", 1315.68986756),
                           (3, "pooled", 1310.73010648))),
    Case("ZL4", "two_rates", {"rate1": 10.0, "rate2": 5.0, "overdispersion": 0.5, "power": 0.8,
                              "method": "pooled", **DIRECTIONAL},
         "solution", 20.8556357581, ZHU_LAKKIS + " their Table III setting (r0 5, RR 2, k 0.5, "
         "mu_t 1, power .8), approach 3: n = 20.8556357581 (the example R package MKmisc's "
         "power.nb.test help runs)", "C", 1e-8),
)

SUCCESS_CASES: tuple[Case, ...] = (
    # Assurance: the design's power averaged over a normal prior for its effect.
    Case("AS1", "two_means", {"delta": 0.5, "sd": 1, "n_per_arm": 64, "approximation": "normal"},
         "assurance", 0.691957793325, OSC + " z-test, 64 per arm, I = 32, prior N(0.5, 0.25^2): "
         "0.691957793325", "C", 1e-10, prior=(0.5, 0.25)),
    Case("AS2", "logrank", {"hazard_ratio": 0.7, "events": 331}, "assurance", 0.829008493939,
         OSC + " Schoenfeld's log-rank z-test, 331 events (I = 331/4), prior N(-log 0.7, 0.1^2) "
         "for the log hazard ratio: 0.829008493939", "C", 1e-10, prior=(0.7, 0.1)),
    Case("AS3", "two_means", {"delta": 0.5, "sd": 1, "n_per_arm": 20}, "assurance",
         0.370027034754, "O'Hagan, Stevens & Campbell (2005) Pharm Stat 4:187-201, t-test: the "
         "exact power integrated over the prior, computed for this table in R with "
         "integrate(function(th) pt(qt(.975, 38), 38, ncp = th / sqrt(2/20), lower.tail = FALSE) "
         "* dnorm(th, 0.5, 0.25), ...): 0.370027034754", "C", 1e-9, prior=(0.5, 0.25)),
    Case("AS4", "two_means", {"delta": 0.5, "sd": 1, "n_per_arm": 64}, "assurance", 0.80146,
         "G*Power 3 (Faul et al. 2007): actual power 0.8015 at 64 per group; a prior SD of 0 "
         "reduces assurance to the power (O'Hagan, Stevens & Campbell 2005)", "P*", 5e-5,
         prior=(0.5, 0.0)),
    # Conditional power on the B-value scale (Lan & Wittes 1988): rpact's stage-1 z is
    # 0.3 / sqrt(2/50) = 1.5 at half the information.
    Case("CP1", "conditional_power", {**CP_AT_HALF, "under": "trend"}, "conditional_power",
         0.590251646314, RPACT + " " + RPACT_CP + "thetaH1 = 0.3) (the observed effect): "
         "0.590251646314", "C", 1e-10),
    Case("CP2", "conditional_power", {**CP_AT_HALF, "under": "design",
                                      "design_power": CP_DESIGN_POWER},
         "conditional_power", 0.890312615357, RPACT + " " + RPACT_CP + "thetaH1 = 0.5) (the "
         "design effect, 94.24% power at 100 per arm): 0.890312615357", "C", 1e-10),
    Case("CP3", "conditional_power", {**CP_AT_HALF, "under": "null"}, "conditional_power",
         0.101720735346, RPACT + " " + RPACT_CP + "thetaH1 = 0): 0.101720735346", "C", 1e-10),
)

MORE_CASES: tuple[Case, ...] = (
    # The odds-ratio score test (Miettinen & Nurminen 1985) at a margin of 1 is the pooled
    # z-test, so it must give R's one-sided power.prop.test answer.
    Case("OR1", "two_proportions", {"p1": 0.022, "p2": 0.001, "power": 0.80, "sides": 1,
                                    "margin": 1.0, **OR_SCORE},
         "solution", 317.6901, "R power.prop.test and G*Power z-test (pwr issue #31): "
         "n = 317.6901, reached by the odds-ratio score test at margin 1 (Miettinen & Nurminen "
         "(1985) Stat Med 4:213-226: restricted rates = pooled rate)", "P", 5e-4),
    # Farrington-Manning (1990) non-inferiority, rpact's getSampleSizeRates / getPowerRates
    # (thetaH0 = -margin on the difference; riskRatio = TRUE, thetaH0 = margin on the ratio).
    Case("FM1", "two_proportions", {"p1": 0.8, "p2": 0.8, "margin": 0.1, "power": 0.8, **FM},
         "solution", 254.2177046, RPACT + " getSampleSizeRates(pi1 = 0.8, pi2 = 0.8, thetaH0 = "
         "-0.1, alpha = 0.025, beta = 0.2, sided = 1): nFixed1 = 254.2177046", "C", 1e-6),
    Case("FM2", "two_proportions", {"p1": 0.6, "p2": 0.65, "margin": 0.15, "power": 0.9,
                                    "ratio": 2, **FM},
         "solution", 352.6111999, RPACT + " getSampleSizeRates(pi1 = 0.6, pi2 = 0.65, thetaH0 = "
         "-0.15, alpha = 0.025, beta = 0.1, sided = 1, allocationRatioPlanned = 2): nFixed2 = "
         "352.6111999 (control arm)", "C", 1e-6),
    Case("FM3", "two_proportions", {"p1": 0.8, "p2": 0.8, "margin": 0.1, "n_per_arm": 200, **FM},
         "power", 0.6995327721, RPACT + " getPowerRates(pi1 = 0.8, pi2 = 0.8, thetaH0 = -0.1, "
         "alpha = 0.025, sided = 1, maxNumberOfSubjects = 400): 0.6995327721", "C", 1e-8),
    Case("FM4", "two_proportions", {"p1": 0.8, "p2": 0.8, "margin": 0.9, "scale": "ratio",
                                    "power": 0.8, **FM},
         "solution", 364.0610502, RPACT + " getSampleSizeRates(pi1 = 0.8, pi2 = 0.8, thetaH0 = "
         "0.9, riskRatio = TRUE, alpha = 0.025, beta = 0.2, sided = 1): nFixed1 = 364.0610502",
         "C", 1e-6),
    Case("FM5", "two_proportions", {"p1": 0.5, "p2": 0.45, "margin": 0.8, "scale": "ratio",
                                    "n_per_arm": 150, **FM},
         "power", 0.7694393784, RPACT + " getPowerRates(pi1 = 0.5, pi2 = 0.45, thetaH0 = 0.8, "
         "riskRatio = TRUE, alpha = 0.025, sided = 1, maxNumberOfSubjects = 300): 0.7694393784",
         "C", 1e-8),
    # Piecewise-exponential control survival: events (Schoenfeld) and participants.
    Case("PW1", "logrank", {"hazard_ratio": 0.8, "power": 0.8, "accrual_time": 12,
                            "follow_up_time": 18, **PIECEWISE},
         "events_unrounded,n_total_unrounded", (630.5201712, 1761.186448),
         RPACT + " getSampleSizeSurvival(" + RPACT_PIECEWISE + ", hazardRatio = 0.8, accrualTime "
         "= c(0, 12), followUpTime = 18, alpha = 0.025, beta = 0.2, sided = 1): "
         "maxNumberOfEvents 630.5201712, maxNumberOfSubjects 1761.186448", "C", 1e-5),
    Case("PW2", "logrank", {"hazard_ratio": 0.7, "power": 0.9, "accrual_time": 24,
                            "follow_up_time": 12, "dropout": 0.05, "dropout_time": 12,
                            **PIECEWISE},
         "events_unrounded,n_total_unrounded", (330.377914, 1015.964697),
         RPACT + " getSampleSizeSurvival(" + RPACT_PIECEWISE + ", hazardRatio = 0.7, accrualTime "
         "= c(0, 24), followUpTime = 12, dropoutRate1 = 0.05, dropoutRate2 = 0.05, dropoutTime "
         "= 12, alpha = 0.025, beta = 0.1, sided = 1): 330.377914 events, 1015.964697 "
         "participants", "C", 1e-5),
    # A group-sequential design applied to a fixed design (two_means, delta 0.5: 65 per arm,
    # 130 in all; 71 per arm with futility), at other effects: power and expected size.
    *(Case(f"GS{i}", "group_sequential", GS_OBF, "power,expected_n", (power, asn),
           RPACT + " " + RPACT_GS + f", alternative = {e}): overallReject {power}, "
           f"expectedNumberOfSubjects {asn}", "C", 1e-6, applied_to=("two_means", GS_FIXED),
           at_effect=e)
      for i, (e, power, asn) in enumerate(((0.2, 0.2032773329, 127.4737093),
                                           (0.3, 0.396219485, 124.1100924),
                                           (0.7, 0.9777716508, 93.05944641)), start=1)),
    *(Case(f"GSF{i}", "group_sequential", GS_OBF_FUT, "power,expected_n", (power, asn),
           RPACT + " " + RPACT_GS_FUT + f", alternative = {e}): overallReject {power}, "
           f"expectedNumberOfSubjects {asn} (non-binding futility bounds obeyed)", "C", 1e-6,
           applied_to=("two_means", GS_FIXED), at_effect=e)
      for i, (e, power, asn) in enumerate(((0.3, 0.3927232155, 111.2410748),
                                           (0.5, 0.8092005924, 112.2630653)), start=1)),
    # Binding futility (rpact's bindingFutility = TRUE): the efficacy bounds are computed
    # with the futility bounds obeyed, so they fall below the non-binding ones.
    Case("BF1", "group_sequential", {**GS_OBF_FUT, "binding_futility": True},
         "critical_z,futility_z,inflation_factor",
         (3.710302873, 2.511108436, 1.930915721, -0.2700055638, 1.122484607, 1.930915721,
          1.060773931),
         RPACT + " getDesignGroupSequential(kMax = 3, alpha = 0.025, beta = 0.2, sided = 1, "
         "typeOfDesign = 'asOF', typeBetaSpending = 'bsOF', bindingFutility = TRUE): "
         "criticalValues, futilityBounds (the last look's futility bound is its critical "
         "value) and getDesignCharacteristics()$inflationFactor", "C", 1e-6),
    Case("BF2", "group_sequential", {"k": 4, "alpha": 0.025, "power": 0.9, "sides": 1,
                                     "spending": "pocock", "futility": "pocock",
                                     "binding_futility": True, "timing": [0.3, 0.5, 0.8, 1]},
         "critical_z,futility_z,inflation_factor",
         (2.311835304, 2.396056376, 2.288841091, 2.208879061,
          0.3160545633, 0.8742544171, 1.713019117, 2.208879061, 1.331579398),
         RPACT + " getDesignGroupSequential(kMax = 4, alpha = 0.025, beta = 0.1, sided = 1, "
         "typeOfDesign = 'asP', typeBetaSpending = 'bsP', bindingFutility = TRUE, "
         "informationRates = c(0.3, 0.5, 0.8, 1)) and its inflationFactor", "C", 1e-6),
    *RATE_CASES,
    *SUCCESS_CASES,
)
