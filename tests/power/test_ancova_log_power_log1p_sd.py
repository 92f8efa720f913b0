"""The simulated ANCOVA on log(x + 1) takes the SD of log(x + 1) in the control arm, as the
closed form does (Lachin et al. (2011) PLoS ONE 6:e26471 report the spread on that scale):
the same catalogue input, the same conversion to the log-normal's CV, checked by simulation."""

from __future__ import annotations

import math
import subprocess
import sys

import numpy as np
import pytest

from trialkit.errors import InvalidParameter
from trialkit.power import ancova_log_power, catalogue  # not trialkit.power.simulate: see below
from trialkit.power.ancova_log1p import ancova_log, cv_for_log1p_sd

# Importing the module trialkit.power.simulate before the package's simulate() is first asked
# for binds the package's name 'simulate' to the module (the package loads its names lazily).

SETTING = {"control_mean": 0.4, "mean_ratio": 1.3, "baseline_correlation": 0.7}


def test_the_input_is_the_closed_forms_own():
    closed = catalogue.procedure("ancova_log")
    simulated = catalogue.procedure("ancova_log_power")
    assert closed is not None and simulated is not None
    assert simulated.parameter("log1p_sd") == closed.parameter("log1p_sd")
    assert simulated.parameter("cv") == closed.parameter("cv")
    assert not simulated.parameter("cv").required  # one of the two spreads


def test_the_sd_becomes_the_closed_forms_cv_and_says_so():
    sim = ancova_log_power(log1p_sd=0.25, n_per_arm=30, n_sims=200, **SETTING)
    closed = ancova_log(log1p_sd=0.25, n_per_arm=30, **SETTING)
    assert sim.inputs["cv"] == closed.extras["cv"] == cv_for_log1p_sd(0.4, 0.25)
    assert sim.justification.startswith("An SD of log(x + 1) of 0.25 in the control arm")
    # Given the CV it becomes, the very same simulated trials (same seed) are drawn.
    by_cv = ancova_log_power(cv=sim.inputs["cv"], n_per_arm=30, n_sims=200, **SETTING)
    assert by_cv.rejections == sim.rejections
    assert "SD of log(x + 1)" not in by_cv.justification


def test_log_normal_draws_with_that_cv_have_that_sd_of_log1p():
    # Independent of the quadrature: 400,000 log-normal draws with mean 0.4 and the CV found;
    # the SD of log(x + 1) has a Monte Carlo SE of about 0.25 / sqrt(2 * 400,000) * (kurtosis
    # term) < 0.001, so 0.003 is over 3 SEs.
    cv = cv_for_log1p_sd(0.4, 0.25)
    s = math.sqrt(math.log1p(cv * cv))
    x = np.random.default_rng(7).lognormal(math.log(0.4) - s * s / 2, s, 400_000)
    assert x.mean() == pytest.approx(0.4, rel=0.01)
    assert np.log1p(x).std() == pytest.approx(0.25, abs=0.003)


def test_simulated_power_from_the_sd_agrees_with_the_closed_form():
    # The closed form treats the slope as known (slightly optimistic at small sizes; Shieh
    # 2020): at 60 per arm the difference is far below 3 Monte Carlo SEs of 20,000 trials.
    closed = ancova_log(log1p_sd=0.3, n_per_arm=60, **SETTING)
    sim = ancova_log_power(log1p_sd=0.3, n_per_arm=60, n_sims=20_000, seed=3, **SETTING)
    assert abs(closed.power - sim.power) < 3 * sim.mc_se, (closed.power, sim.power)


@pytest.mark.parametrize(("spread", "name"), [
    ({"cv": 0.8, "log1p_sd": 0.25}, "cv"),
    ({}, "cv"),
    ({"log1p_sd": 5.0}, "log1p_sd"),
    ({"log1p_sd": -0.1}, "log1p_sd"),
])
def test_one_spread_that_a_log_normal_outcome_reaches_is_needed(spread, name):
    with pytest.raises(InvalidParameter) as err:
        ancova_log_power(n_per_arm=30, n_sims=100, **SETTING, **spread)
    assert err.value.name == name



def test_asking_for_the_simulated_ancova_first_leaves_simulate_the_function():
    # A fresh interpreter: the package's names load lazily, and the first asked decides.
    code = ("from trialkit.power import ancova_log_power, catalogue\n"
            "catalogue.procedure('ancova_log_power').function()\n"
            "from trialkit.power import simulate\n"
            "print(callable(simulate))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=60)
    assert out.stdout.strip() == "True", out.stderr
