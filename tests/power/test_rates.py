"""Two event rates, Poisson and negative binomial (Zhu & Lakkis 2014 Stat Med 33:376-387;
Keene et al. 2007 Pharm Stat 6:89-97): closed forms, a peer's value, simulation, properties."""

from __future__ import annotations

import math
from statistics import NormalDist

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trialkit.errors import InvalidParameter
from trialkit.power import two_rates

Z = NormalDist().inv_cdf
PHI = NormalDist().cdf


def zhu_lakkis_n(mu0, rr, k, t, power, alpha=0.05, sides=2, r=1.0, approach=3):
    """Zhu & Lakkis (2014): control n = (z_a sqrt(V0) + z_b sqrt(V1))^2 / log(rr)^2 with
    V1 = (1/t)(1/mu0 + 1/(r mu1)) + (1 + r) k / r and V0 by approach (1: control rate,
    2: V1, 3: the weighted average rate (mu0 + r mu1) / (1 + r)); written out here."""
    mu1 = mu0 * rr
    v1 = (1 / mu0 + 1 / (r * mu1)) / t + (1 + r) * k / r
    v0 = {1: (1 + r) / (t * r * mu0) + (1 + r) * k / r,
          2: v1,
          3: (1 + r) ** 2 / (t * r * (mu0 + r * mu1)) + (1 + r) * k / r}[approach]
    za, zb = Z(1 - alpha / sides), Z(power)
    return ((za * math.sqrt(v0) + zb * math.sqrt(v1)) / math.log(rr)) ** 2


METHOD_OF = {1: "control_rate", 2: "true_rates", 3: "pooled"}


@pytest.mark.parametrize("approach", [1, 2, 3])
@pytest.mark.parametrize(("mu0", "rr", "k", "t", "power", "r"), [
    (0.8, 0.85, 0.4, 0.75, 0.8, 1.0),   # the setting of Zhu & Lakkis (2014) Table I
    (1.4, 1.15, 1.5, 0.75, 0.8, 1.0),   # Table I
    (10.0, 1.5, 5.0, 1.0, 0.8, 1.5),    # Table II, 3:2 allocation
    (5.9 / 3, 0.4, 1 / 0.49, 3.0, 0.9, 1.0),  # Table IV
])
def test_sample_size_is_zhu_and_lakkis_closed_form(approach, mu0, rr, k, t, power, r):
    kw = {"rate1": mu0 * rr, "rate2": mu0, "exposure": t, "overdispersion": k, "power": power,
          "ratio": r, "method": METHOD_OF[approach]}
    want = zhu_lakkis_n(mu0, rr, k, t, power, r=r, approach=approach)
    # Zhu & Lakkis count the rejection region in the effect's direction only.
    res = two_rates(power_convention="directional", **kw)
    assert res.solution == pytest.approx(want, rel=1e-9)
    assert res.n_per_arm[1] == math.ceil(want - 1e-9)
    # Counting the far region too (the default) needs a hair fewer.
    both = two_rates(**kw)
    assert want * (1 - 2e-5) < both.solution <= want


def test_poisson_reproduces_the_gsdesignnb_hand_calculation():
    # gsDesignNB's test of sample_size_nbinom (Zhu & Lakkis method, dispersion 0): rates 0.5
    # (control) and 0.3, exposure 1, one-sided 0.025, 80% power:
    # ceiling((z_.975 + z_.8)^2 (1/0.5 + 1/0.3) / log(0.5/0.3)^2) = ceiling(160.4) = 161.
    res = two_rates(rate1=0.3, rate2=0.5, power=0.8, alpha=0.025, sides=1, method="true_rates")
    assert res.n_per_arm == (161, 161)
    # and with 2:1 allocation the treatment arm is twice the control arm
    res2 = two_rates(rate1=0.3, rate2=0.5, power=0.8, ratio=2.0)
    assert res2.n_per_arm[0] == 2 * res2.n_per_arm[1]


def _simulated_power(n, r1, r2, t, k, method, reps, rng, alpha=0.05):
    """Trials of n per arm: each arm's total count is NB with size n/k (gamma-Poisson), or
    Poisson; the Wald statistic uses the estimated rates and the known k."""
    m1, m2 = n * r1 * t, n * r2 * t
    if k:
        size = n / k
        y1 = rng.negative_binomial(size, size / (size + m1), reps)
        y2 = rng.negative_binomial(size, size / (size + m2), reps)
    else:
        y1, y2 = rng.poisson(m1, reps), rng.poisson(m2, reps)
    mu1, mu2 = y1 / n, y2 / n  # mean counts per participant, rate * exposure
    if method == "true_rates":
        se = np.sqrt((1 / mu1 + k) / n + (1 / mu2 + k) / n)
    else:
        se = np.sqrt(2 / n * (2 / (mu1 + mu2) + k))
    return np.mean(np.abs(np.log(y1 / y2)) / se > Z(1 - alpha / 2))


@pytest.mark.parametrize("method", ["true_rates", "pooled"])
@pytest.mark.parametrize(("r1", "r2", "t", "k"), [(0.68, 0.8, 0.75, 0.4), (0.3, 0.36, 1.0, 0.0),
                                                  (1.7, 2.0, 1.0, 1.0)])
def test_power_agrees_with_simulated_trials(method, r1, r2, t, k):
    rng = np.random.default_rng(2014)
    res = two_rates(rate1=r1, rate2=r2, exposure=t, overdispersion=k, power=0.8, method=method)
    reps = 400_000
    hits = _simulated_power(res.n_per_arm[0], r1, r2, t, k, method, reps, rng)
    assert abs(hits - res.power) < 3 * math.sqrt(res.power * (1 - res.power) / reps)


def test_the_solvers_are_inverses():
    base = {"rate2": 1.2, "exposure": 1.0, "overdispersion": 0.7}
    res = two_rates(rate1=0.9, power=0.9, **base)
    assert res.power >= 0.9
    below = two_rates(rate1=0.9, n_per_arm=res.n_per_arm[1] - 1, **base)
    assert below.power < 0.9
    detect = two_rates(n_per_arm=res.n_per_arm[1], power=res.power, **base)
    assert detect.inputs["rate1"] == pytest.approx(0.9, rel=1e-6)
    assert detect.rate_ratio == pytest.approx(0.75, rel=1e-6)
    power = two_rates(rate1=0.9, n_per_arm=res.n_per_arm[1], **base).power
    assert power == pytest.approx(res.power, abs=1e-12)


def test_text_names_the_model_the_exposure_and_the_dropout():
    res = two_rates(rate1=1.5, rate2=2.0, exposure=1.0, overdispersion=0.5, power=0.8,
                    dropout=0.1, time_unit="year")
    text = res.justification
    assert "negative binomial" in text
    assert "1.5 events per year with treatment" in text and "0.5" in text
    assert "Allowing for 10% dropout" in text
    assert res.n_total_enrolled == 2 * math.ceil(res.n_per_arm[0] / 0.9 - 1e-9)
    assert "Poisson" in two_rates(rate1=1.5, rate2=2.0, power=0.8).justification


@pytest.mark.parametrize(("kwargs", "name"), [
    ({"rate1": 1.0, "rate2": 0.0}, "rate2"),
    ({"rate1": -1.0, "rate2": 2.0}, "rate1"),
    ({"rate1": 2.0, "rate2": 2.0}, "rate1"),
    ({"rate1": 1.0, "rate2": 2.0, "exposure": 0}, "exposure"),
    ({"rate1": 1.0, "rate2": 2.0, "overdispersion": -0.1}, "overdispersion"),
    ({"rate1": 1.0, "rate2": 2.0, "overdispersion": math.inf}, "overdispersion"),
    ({"rate1": 1.0, "rate2": 2.0, "method": "score"}, "method"),
    ({"rate1": 1.0, "rate2": 2.0, "time_unit": 3}, "time_unit"),
    ({"rate1": 1.0, "rate2": 2.0, "dropout": 1.0}, "dropout"),
    ({"rate1": 1.0, "rate2": 2.0, "power_convention": "one"}, "power_convention"),
])
def test_bad_input_names_the_parameter(kwargs, name):
    with pytest.raises(InvalidParameter) as err:
        two_rates(power=0.8, **kwargs)
    assert err.value.name == name


SETTINGS = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(rr=st.floats(0.2, 0.95), r2=st.floats(0.05, 20), t=st.floats(0.1, 5), k=st.floats(0, 3),
       n=st.integers(2, 3000), method=st.sampled_from(["pooled", "true_rates", "control_rate"]))
def test_power_rises_with_n_and_falls_with_overdispersion(rr, r2, t, k, n, method):
    kw = {"rate1": r2 * rr, "rate2": r2, "exposure": t, "method": method}
    p = two_rates(n_per_arm=n, overdispersion=k, **kw).power
    assert 0.0 <= p <= 1.0 and not math.isnan(p)
    assert two_rates(n_per_arm=n + 10, overdispersion=k, **kw).power >= p - 1e-12
    assert two_rates(n_per_arm=n, overdispersion=k + 0.5, **kw).power <= p + 1e-12
