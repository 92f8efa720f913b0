"""``result.operating_characteristics(effects=[...])`` on the result a user holds (issue 15):
a fixed design's power at other effects, and a design with interim looks (sized from a design
file or by ``apply_to``) reporting power and expected size at any effect, against rpact."""

from __future__ import annotations

import pytest

from trialkit import power
from trialkit.design import Trial
from trialkit.design.evidence_link import EvidenceLink
from trialkit.design.sizing import size_trial
from trialkit.errors import InvalidParameter

FIXED = {"delta": 0.5, "sd": 1.0, "power": 0.8, "alpha": 0.025, "sides": 1}

# rpact 3.3.4 (Wassmer & Pahlke), run for this test: getPowerMeans(getDesignGroupSequential(
# kMax = 1, alpha = 0.025, sided = 1), groups = 2, stDev = 1, normalApproximation = FALSE,
# maxNumberOfSubjects = 130, alternative = c(0.2, 0.3, 0.7))$overallReject (the exact t-test
# at 65 per arm; R's power.t.test(n = 65, delta = 0.2, sig.level = 0.025, 'one.sided') agrees).
RPACT_FIXED_65 = {0.2: 0.203741575777, 0.3: 0.396455339641, 0.7: 0.977278778652}
# rpact 3.3.4: getPowerMeans(getDesignGroupSequential(kMax = 3, alpha = 0.025, sided = 1,
# typeOfDesign = 'asOF'), groups = 2, stDev = 1, normalApproximation = TRUE,
# maxNumberOfSubjects = 130, alternative = e): overallReject and expectedNumberOfSubjects
# (validation table cases GS1-GS3).
RPACT_OBF_130 = {0.2: (0.2032773329, 127.4737093), 0.3: (0.396219485, 124.1100924),
                 0.7: (0.9777716508, 93.05944641)}


def test_a_fixed_design_reports_its_power_at_other_effects():
    res = power.two_means(**{**FIXED, "power": None, "n_per_arm": 65})
    points = res.operating_characteristics(effects=list(RPACT_FIXED_65))
    for point, (effect, want) in zip(points, RPACT_FIXED_65.items(), strict=True):
        assert point.effect == effect
        assert point.power == pytest.approx(want, abs=1e-9)
        assert point.expected_n == 130 and point.expected_fraction == 1.0


def test_a_fixed_design_solved_for_n_is_run_again_at_its_own_size():
    res = power.two_means(**FIXED)
    (point,) = res.operating_characteristics(effects=[0.5])
    assert point.power == pytest.approx(res.power, abs=1e-12)
    (other,) = res.operating_characteristics(effects=[0.3])
    again = power.two_means(**{**FIXED, "power": None, "delta": 0.3, "n_per_arm": res.n_per_arm})
    assert other.power == pytest.approx(again.power, abs=1e-12)
    # Event-driven designs keep their events.
    lr = power.logrank(hazard_ratio=0.7, power=0.8)
    (at,) = lr.operating_characteristics(effects=[0.8])
    assert at.expected_events == lr.extras["events"]
    assert at.power == pytest.approx(
        power.logrank(hazard_ratio=0.8, events=lr.extras["events"]).power, abs=1e-12)


def test_a_design_files_interim_looks_report_rpacts_power_and_expected_size():
    trial = Trial.model_validate({"schema_version": 1, "sample_size": {
        "procedure": "two_means", "parameters": FIXED,
        "group_sequential": {"k": 3, "spending": "obf"}}})
    sizing = size_trial(trial, EvidenceLink.empty())
    assert sizing.status == "computed" and sizing.result is not None
    result = sizing.result
    assert result.n_total == 130
    points = result.operating_characteristics(effects=list(RPACT_OBF_130))
    existing = power.group_sequential(k=3, alpha=0.025, power=0.8, sides=1).apply_to(
        power.two_means(**FIXED)).operating_characteristics(list(RPACT_OBF_130))
    assert points == existing
    for point, (want_power, want_n) in zip(points, RPACT_OBF_130.values(), strict=True):
        assert point.power == pytest.approx(want_power, abs=1e-6)
        assert point.expected_n == pytest.approx(want_n, abs=1e-6)


@pytest.mark.parametrize("effects", [[], "0.3"])
def test_no_effects_names_the_parameter(effects):
    with pytest.raises(InvalidParameter) as err:
        power.two_means(**FIXED).operating_characteristics(effects=effects)
    assert err.value.name == "effects"


def test_a_design_without_one_effect_is_refused_in_words():
    simon = power.simon_two_stage(p0=0.1, p1=0.3)
    with pytest.raises(InvalidParameter) as err:
        simon.operating_characteristics(effects=[0.2])
    assert err.value.name == "effects" and "one effect" in str(err.value)
