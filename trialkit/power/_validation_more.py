"""Validation-table rows for the designs of issue 15: binary non-inferiority on the odds-ratio
scale, and rpact's values for Farrington-Manning, piecewise-exponential survival and
group-sequential power at other effects."""

from __future__ import annotations

from trialkit.power._validation_case import Case

OR_SCORE = {"method": "farrington_manning", "scale": "odds_ratio"}

MORE_CASES: tuple[Case, ...] = (
    # The odds-ratio score test (Miettinen & Nurminen 1985) at a margin of 1 is the pooled
    # z-test, so it must give R's one-sided power.prop.test answer.
    Case("OR1", "two_proportions", {"p1": 0.022, "p2": 0.001, "power": 0.80, "sides": 1,
                                    "margin": 1.0, **OR_SCORE},
         "solution", 317.6901, "R power.prop.test and G*Power z-test (pwr issue #31): "
         "n = 317.6901, reached by the odds-ratio score test at margin 1 (Miettinen & Nurminen "
         "(1985) Stat Med 4:213-226: restricted rates = pooled rate)", "P", 5e-4),
)
