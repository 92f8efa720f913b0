"""Validation-table rows for the designs of issue 15: binary non-inferiority on the odds-ratio
scale, and rpact's values for Farrington-Manning, piecewise-exponential survival and
group-sequential power at other effects."""

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
)
