"""The baseline-adjusted ANCOVA on log(x + 1) as a design procedure (audit D9, issue 12):
exact moments checked by independent quadrature, the power by simulated trials, the large-mean
limit by the log-scale ANCOVA, and a design file that sizes and renders with it."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from scipy import integrate, stats

from trialkit import power
from trialkit.design import load_trial
from trialkit.design.evidence_link import EvidenceLink
from trialkit.design.sizing import size_trial
from trialkit.errors import InvalidParameter
from trialkit.power.ancova_log1p import ancova_log, log1p_moments
from trialkit.render.markdown import render_markdown

ROOT = Path(__file__).resolve().parents[2]
AUC = {"control_mean": 0.4, "cv": 0.8, "mean_ratio": 1.3, "baseline_correlation": 0.7}


def _log1p_mean_var(mean: float, cv: float) -> tuple[float, float]:
    """Independent: E and Var of log(X + 1) for log-normal X, by scipy quad over its density."""
    s = math.sqrt(math.log1p(cv * cv))
    dist = stats.lognorm(s, scale=mean / math.exp(s * s / 2))
    m1 = integrate.quad(lambda x: math.log1p(x) * dist.pdf(x), 0, math.inf, epsabs=1e-13)[0]
    m2 = integrate.quad(lambda x: math.log1p(x) ** 2 * dist.pdf(x), 0, math.inf,
                        epsabs=1e-13)[0]
    return m1, m2 - m1 * m1


@pytest.mark.parametrize(("mean", "cv"), [(0.4, 0.8), (2.5, 0.3), (0.05, 1.5)])
def test_log1p_moments_agree_with_independent_quadrature(mean, cv):
    ey, vy, cov, vb = log1p_moments(mean, cv, mean, cv, 0.6)
    want_e, want_v = _log1p_mean_var(mean, cv)
    assert ey == pytest.approx(want_e, abs=1e-10)
    assert vy == pytest.approx(want_v, abs=1e-10) and vb == pytest.approx(want_v, abs=1e-10)
    # Perfectly correlated logs: the covariance is the variance.
    assert log1p_moments(mean, cv, mean, cv, 0.999999)[2] == pytest.approx(want_v, rel=1e-4)
    assert 0 < cov < vy


@pytest.mark.parametrize(("setting", "n"), [
    (AUC, 70),
    ({"control_mean": 1.2, "cv": 0.5, "mean_ratio": 0.8, "baseline_correlation": 0.5}, 60),
    ({**AUC, "baseline_mean": 0.6, "baseline_cv": 0.6}, (45, 45)),
])
def test_power_agrees_with_simulated_trials_within_three_monte_carlo_se(setting, n):
    closed = ancova_log(n_per_arm=n, **setting)
    sim = power.ancova_log_power(n_per_arm=n, n_sims=20_000, seed=11, **setting)
    assert abs(closed.power - sim.power) < 3 * sim.mc_se, (closed.power, sim.power, sim.mc_se)


def test_unequal_arms_are_refused_in_words():
    # Unequal arms with unequal variances on the log(x + 1) scale are not a noncentral t
    # (simulated 0.738 against 0.718 to 0.762 by either pooling at 90 + 45): simulate them.
    with pytest.raises(InvalidParameter) as err:
        ancova_log(n_per_arm=(90, 45), **AUC)
    assert err.value.name == "n_per_arm" and "1:1" in str(err.value)


def test_a_large_mean_gives_the_log_scale_ancova():
    # log(x + 1) ~ log(x) when x is large: difference log(1.3), SD sqrt(log(1 + CV^2)), r.
    big = ancova_log(control_mean=1e6, cv=0.8, mean_ratio=1.3, baseline_correlation=0.7,
                     power=0.8)
    log_scale = power.two_means(delta=math.log(1.3), sd=math.sqrt(math.log1p(0.64)),
                                baseline_correlation=0.7, power=0.8)
    assert big.n_per_arm == log_scale.n_per_arm
    assert big.solution == pytest.approx(log_scale.solution, rel=1e-4)


def test_the_sample_size_is_the_smallest_reaching_the_power_and_states_its_scale():
    res = ancova_log(power=0.8, **AUC)
    assert res.procedure == "ancova_log" and res.power >= 0.8
    assert ancova_log(n_per_arm=res.n_per_arm[0] - 1, **AUC).power < 0.8
    assert "on the log(x + 1) scale of the analysis" in res.justification
    assert res.inputs["mean_ratio"] == 1.3 and res.inputs["power"] == 0.8


def test_a_design_file_with_the_log1p_ancova_sizes_and_renders(tmp_path):
    text = (ROOT / "examples" / "anakinra-t1d.yaml").read_text(encoding="utf-8")
    start = text.index("sample_size:")
    end = text.index("  rationale:", start)
    block = ("sample_size:\n  endpoint: E1\n  procedure: ancova_log\n  parameters:\n"
             "    control_mean: 0.4\n    cv: 0.8\n    mean_ratio: 1.3\n"
             "    baseline_correlation: 0.7\n    power: 0.8\n    dropout: 0.1\n")
    path = tmp_path / "design.yaml"
    path.write_text(text[:start] + block + text[end:], encoding="utf-8")
    trial = load_trial(path)
    sizing = size_trial(trial, EvidenceLink.empty())
    assert sizing.status == "computed" and sizing.result is not None, sizing.message
    assert sizing.result.n_per_arm == ancova_log(power=0.8, dropout=0.1, **AUC).n_per_arm
    document = render_markdown(trial)
    assert "ANCOVA on log(x + 1), baseline-adjusted" in document
    assert f"{sizing.result.n_per_arm[0]} participants per arm" in document
