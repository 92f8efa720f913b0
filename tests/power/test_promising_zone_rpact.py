"""The promising-zone design of Mehta & Pocock (2011) Stat Med 30:3267-3284 (their
schizophrenia example: 442 planned, interim at 208, at most 884, zone 0.365 <= CP < 0.8,
sigma 7.5, delta 2) against an independent engine.

The paper's tables were not reachable as text here, so its operating characteristics are not
quoted. Instead rpact 3.3.4 (Wassmer & Pahlke) simulated the same design with its own trial
simulator and inverse-normal combination test (which is the Cui-Hung-Wang weighted test with
weights sqrt(208/442), sqrt(234/442)), the re-estimation rule written from the paper's
conditional-power formula:

    d <- getDesignInverseNormal(kMax = 2, alpha = 0.025, informationRates = c(208/442, 1),
                                typeOfDesign = "asUser", userAlphaSpending = c(0, 0.025))
    pz <- function(..., stage, conditionalCriticalValue, thetaH1, stDevH1, plannedSubjects) {
      n2 <- plannedSubjects[2] - plannedSubjects[1]
      cp <- 1 - pnorm(conditionalCriticalValue - thetaH1 / stDevH1 * sqrt(n2) / 2)
      if (is.na(cp) || thetaH1 <= 0 || cp < 0.365 || cp >= 0.8) return(n2)
      need <- 4 * (conditionalCriticalValue + qnorm(0.8))^2 / (thetaH1 / stDevH1)^2
      min(max(ceiling(need - 1e-9), n2), 884 - 208)
    }
    getSimulationMeans(d, groups = 2, normalApproximation = TRUE, stDev = 7.5,
      alternative = delta, plannedSubjects = c(208, 442),
      minNumberOfSubjectsPerStage = c(208, 234), maxNumberOfSubjectsPerStage = c(208, 676),
      conditionalPower = 0.8, stDevH1 = 7.5, calcSubjectsFunction = pz,
      maxNumberOfIterations = 200000, seed = 20111210)
"""

from __future__ import annotations

import math

import pytest
from scipy import special

from trialkit.power import promising_zone, reestimate

TRIALS = 200_000
# delta: (rpact overallReject, rpact expectedNumberOfSubjects)
RPACT = {
    0.0: (0.02506, 463.948145),
    1.6: (0.657785, 495.14503),
    1.8: (0.753315, 492.104115),
    2.0: (0.83255, 487.768455),
}


@pytest.mark.parametrize("delta", sorted(RPACT))
def test_operating_characteristics_agree_with_rpacts_simulation(delta):
    design = promising_zone(n_interim=208, n_planned=442, n_max=884)
    drift = delta / (7.5 * math.sqrt(4 / 442))  # z at 442 in all, 221 per arm
    power, expected_n = design.operating_characteristics(drift)
    simulated_power, simulated_n = RPACT[delta]
    assert abs(power - simulated_power) < 3 * math.sqrt(power * (1 - power) / TRIALS)
    # The final size lies in [442, 884]: its SD is below 221, so 3 SE < 1.5 participants.
    assert abs(expected_n - simulated_n) < 3 * 221 / math.sqrt(TRIALS)


def test_the_fixed_design_has_80_percent_power_and_adaptation_adds_to_it():
    drift = 2.0 / (7.5 * math.sqrt(4 / 442))
    fixed = special.ndtr(drift - special.ndtri(0.975))
    assert fixed == pytest.approx(0.80, abs=0.002)  # the paper's 80% at delta = 2
    power, _ = promising_zone(n_interim=208, n_planned=442, n_max=884).operating_characteristics(
        drift)
    assert power > fixed + 0.02


def test_the_zone_in_terms_of_the_interim_z():
    # CP under the trend at the planned 442: Phi((z1 / sqrt(t) - c) / sqrt(1 - t)), t = 208/442;
    # it equals 0.365 at z1 = 1.1723 and 0.8 at z1 = 1.7646 (closed form, written out here).
    t, c = 208 / 442, special.ndtri(0.975)
    edges = [math.sqrt(t) * (c + math.sqrt(1 - t) * special.ndtri(p)) for p in (0.365, 0.8)]
    assert edges == pytest.approx([1.17226, 1.76461], abs=1e-5)
    design = promising_zone(n_interim=208, n_planned=442, n_max=884)
    below, inside = reestimate(design, z_interim=edges[0] - 1e-3), reestimate(
        design, z_interim=edges[0] + 1e-3)
    assert below.zone == "unfavourable" and inside.zone == "promising"
    assert inside.n_final == 884  # just inside the zone the increase is capped
    top, above = reestimate(design, z_interim=edges[1] - 1e-3), reestimate(
        design, z_interim=edges[1] + 1e-3)
    assert top.zone == "promising" and 442 < top.n_final < 884
    assert above.zone == "favourable" and above.n_final == 442
