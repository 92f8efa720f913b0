"""Binding futility and the operating characteristics of a group-sequential design applied to
a fixed design, checked against scipy's multivariate normal and a simulation written here."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from trialkit.errors import InvalidParameter
from trialkit.power import group_sequential, logrank, two_means, two_proportions


def _cov(t) -> np.ndarray:
    t = np.asarray(t)
    return np.sqrt(np.minimum.outer(t, t) / np.maximum.outer(t, t))


def _mvn(t, drift: float, lower, upper) -> float:
    """P(lower_j < Z_j < upper_j for every j) for the canonical joint distribution."""
    k = len(t)
    mean = drift * np.sqrt(np.asarray(t))
    if k == 1:
        return float(stats.norm.cdf(upper[0] - mean[0]) - stats.norm.cdf(lower[0] - mean[0]))
    dist = stats.multivariate_normal(mean, _cov(t), seed=15, abseps=1e-8, releps=0,
                                     maxpts=4_000_000)
    return float(dist.cdf(np.asarray(upper), lower_limit=np.asarray(lower)))


def _crossings(t, drift, b, a) -> tuple[list[float], list[float]]:
    """First crossing of the upper (b) and lower (a) bounds at each look, by scipy's mvn."""
    up, low = [], []
    for k in range(len(t)):
        inside_lo, inside_hi = list(a[:k]), list(b[:k])
        up.append(_mvn(t[: k + 1], drift, [*inside_lo, b[k]], [*inside_hi, np.inf]))
        low.append(_mvn(t[: k + 1], drift, [*inside_lo, -40.0], [*inside_hi, a[k]]))
    return up, low


DESIGNS = [
    {"k": 3, "futility": "obf"},
    {"k": 3, "spending": "hsd", "gamma": -4, "futility": "hsd", "futility_gamma": -2},
    {"k": 4, "spending": "pocock", "futility": "pocock", "timing": [0.3, 0.5, 0.8, 1.0],
     "power": 0.8},
]


@pytest.mark.parametrize("spec", DESIGNS)
def test_binding_futility_spends_exactly_alpha_when_the_bound_is_obeyed(spec):
    d = group_sequential(alpha=0.025, **{"power": 0.9, **spec}, binding_futility=True)
    assert d.binding_futility and d.futility_z is not None
    a, b = list(d.futility_z), list(d.critical_z)
    up0, _ = _crossings(d.timing, 0.0, b, a)
    assert np.cumsum(up0) == pytest.approx(d.alpha_spent, abs=2e-6)
    assert sum(up0) == pytest.approx(0.025, abs=2e-6)
    up1, low1 = _crossings(d.timing, d.drift, b, a)
    assert sum(up1) == pytest.approx(d.power, abs=2e-6)
    assert np.cumsum(low1)[:-1] == pytest.approx(d.beta_spent[:-1], abs=2e-6)


@pytest.mark.parametrize("spec", DESIGNS)
def test_binding_bounds_lie_below_the_non_binding_ones(spec):
    # Obeying the futility bound removes paths that could have rejected later, so the same
    # alpha allows lower efficacy bounds (and a smaller maximum information).
    kw = {"alpha": 0.025, "power": 0.9, **spec}
    free, bound = group_sequential(**kw), group_sequential(**kw, binding_futility=True)
    assert bound.critical_z[0] == pytest.approx(free.critical_z[0], abs=1e-6)
    assert all(x < y for x, y in zip(bound.critical_z[1:], free.critical_z[1:], strict=True))
    assert bound.inflation_factor < free.inflation_factor
    up0, _ = _crossings(free.timing, 0.0, list(free.critical_z), list(free.futility_z))
    assert sum(up0) < 0.025  # non-binding bounds with futility obeyed: conservative
    assert "binding futility boundary" in bound.justification
    assert "non-binding" not in bound.justification


def test_binding_futility_is_simulated_at_its_level():
    d = group_sequential(k=3, alpha=0.025, power=0.9, futility="obf", binding_futility=True)
    rng = np.random.default_rng(20261130)
    t = np.asarray(d.timing)
    paths = 400_000
    steps = rng.standard_normal((paths, 3)) * np.sqrt(np.diff(t, prepend=0.0))
    for drift, expected in ((0.0, 0.025), (d.drift, d.power)):
        z = np.cumsum(steps + drift * np.diff(t, prepend=0.0), axis=1) / np.sqrt(t)
        alive = np.ones(paths, bool)
        rejected = np.zeros(paths, bool)
        for k in range(3):
            rejected |= alive & (z[:, k] >= d.critical_z[k])
            alive &= (z[:, k] < d.critical_z[k]) & (z[:, k] > d.futility_z[k])
        se = math.sqrt(expected * (1 - expected) / paths)
        assert abs(rejected.mean() - expected) < 3 * se


@pytest.mark.parametrize(("value", "kw", "name", "words"), [
    (True, {}, "futility", "binding"),
    (True, {"futility": "obf", "spending": "classical_obf"}, "spending", "alpha-spending"),
    ("yes", {"futility": "obf"}, "binding_futility", "True or False"),
])
def test_binding_futility_bad_input(value, kw, name, words):
    with pytest.raises(InvalidParameter, match=words) as info:
        group_sequential(k=3, binding_futility=value, **kw)
    assert info.value.name == name


def test_operating_characteristics_of_two_means_match_the_multivariate_normal():
    fixed = two_means(delta=0.5, sd=1.0, power=0.9, alpha=0.025, sides=1,
                      approximation="normal")
    d = group_sequential(k=3, alpha=0.025, power=0.9)
    result = d.apply_to(fixed)
    n_t, n_c = result.n_per_arm
    for point in result.operating_characteristics(effects=[0.0, 0.2, 0.5, 0.7]):
        drift = point.effect / math.sqrt(1 / n_t + 1 / n_c)  # z of a known-SD difference
        assert point.drift == pytest.approx(drift, rel=1e-12)
        up, _ = _crossings(d.timing, drift, list(d.critical_z), [-40.0] * 3)
        assert point.power == pytest.approx(sum(up), abs=2e-6)
        stops = [*up[:2], 1 - sum(up[:2])]
        expected_n = (n_t + n_c) * float(np.dot(stops, d.timing))
        assert point.expected_n == pytest.approx(expected_n, rel=1e-5)
    null = result.operating_characteristics([0.0])[0]
    assert null.power == pytest.approx(0.025, abs=1e-7)
    assert null.expected_n == pytest.approx(result.extras["expected_n_h0"], rel=1e-6)
    at_design = result.operating_characteristics([0.5])[0]
    assert at_design.power >= 0.9  # the maximum is rounded up from the inflated fixed size


def test_operating_characteristics_with_futility_and_events():
    fixed = logrank(hazard_ratio=0.7, power=0.9, alpha=0.025, sides=1)
    d = group_sequential(k=3, alpha=0.025, power=0.9, futility="obf", binding_futility=True)
    result = d.apply_to(fixed)
    events = result.extras["events"]
    for point in result.operating_characteristics([1.0, 0.8, 0.7]):
        # Schoenfeld: z drift = -log(HR) sqrt(events r / (1 + r)^2), r = 1.
        drift = -math.log(point.effect) * math.sqrt(events / 4)
        assert point.drift == pytest.approx(drift, rel=1e-9)
        up, low = _crossings(d.timing, drift, list(d.critical_z), list(d.futility_z))
        assert point.power == pytest.approx(sum(up), abs=2e-6)
        assert point.stop_futility[:2] == pytest.approx(low[:2], abs=2e-6)
        stops = [u + lo for u, lo in zip(up[:2], low[:2], strict=True)]
        stops.append(1 - sum(stops))
        assert point.expected_events == pytest.approx(events * np.dot(stops, d.timing),
                                                      rel=1e-5)


def test_operating_characteristics_of_proportions_at_the_null_and_the_design_effect():
    fixed = two_proportions(p1=0.4, p2=0.25, power=0.9, alpha=0.025, sides=1)
    result = group_sequential(k=3, alpha=0.025, power=0.9).apply_to(fixed)
    null, design = result.operating_characteristics([0.25, 0.4])
    assert null.power == pytest.approx(0.025, abs=1e-6)
    assert 0.9 <= design.power < 0.91


def test_operating_characteristics_refuse_an_impossible_effect():
    fixed = two_proportions(p1=0.4, p2=0.25, power=0.9, alpha=0.025, sides=1)
    result = group_sequential(k=3, alpha=0.025, power=0.9).apply_to(fixed)
    with pytest.raises(InvalidParameter, match="effects"):
        result.operating_characteristics([1.2])
    with pytest.raises(InvalidParameter, match="effects"):
        result.operating_characteristics([])
