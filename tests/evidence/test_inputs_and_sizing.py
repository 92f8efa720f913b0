"""From an estimate to power-engine inputs and a cited sample size; refusals with reasons."""

from __future__ import annotations

import math
import subprocess
import sys
from pathlib import Path

import pytest
from scipy import stats

import trialkit.power as power
from trialkit.errors import EvidenceError
from trialkit.evidence import (
    DEFAULT_PROCEDURE,
    KIND_MEANING,
    Library,
    Source,
    load_library,
    power_inputs,
    size_from_estimate,
)
from trialkit.power.means import log_sd

USER = Path(__file__).parent / "user_evidence"


@pytest.fixture(scope="module")
def library() -> Library:
    """Built-in seeds plus the test user's folder (He 2020 arms, Larsen 2007 HbA1c)."""
    return load_library([USER], environ={})


def larsen_pi_sd() -> float:
    # Larsen et al. 2009 Diabetes Care: PI/I -0.07 (95% CI -0.14 to -0.02), 67 completers
    # split 33.5/33.5; SE = 0.12 / (2 t(0.975, 65)); SD = SE / sqrt(2 / 33.5).
    return 0.12 / (2 * stats.t.ppf(0.975, 65)) / math.sqrt(2 / 33.5)


def test_every_kind_has_a_default_procedure():
    assert set(DEFAULT_PROCEDURE) == set(KIND_MEANING)


def test_two_means_from_a_ci_records_the_conversion(library):
    estimate = library.estimate("larsen2009.pi_insulin_ratio")
    inputs = power_inputs(estimate, "two_means")
    source = inputs.pop("sd_source")  # the justification names where the SD came from
    assert source == "Larsen et al. (2009, Diabetes Care 32:1663-1668), from its confidence interval"
    assert dict(inputs) == pytest.approx({"delta": 0.07, "sd": larsen_pi_sd()})
    operations = [s.operation for s in inputs.steps]
    assert operations == ["take_estimate", "sd_from_ci"]
    sd_step = inputs.steps[1]
    assert sd_step.inputs["n1"] == 33.5 and sd_step.result["se"] == pytest.approx(
        0.12 / (2 * stats.t.ppf(0.975, 65))
    )
    assert "split equally" in sd_step.assumption and "transformed scale" in sd_step.assumption
    # The steps are on the estimate's provenance chain; the library's record is unchanged.
    assert inputs.estimate.provenance[-2:] == list(inputs.steps)
    assert estimate.provenance == []


def test_two_means_with_z_instead_of_t(library):
    estimate = library.estimate("larsen2009.pi_insulin_ratio")
    inputs = power_inputs(estimate, "two_means", distribution="z")
    expected = 0.12 / (2 * stats.norm.ppf(0.975)) / math.sqrt(2 / 33.5)
    assert inputs["sd"] == pytest.approx(expected)


def test_two_means_from_a_p_value(library):
    # Larsen et al. 2007 NEJM: HbA1c -0.46, P = 0.03, 34 vs 36 -> SD from t(0.985, 68).
    inputs = power_inputs(library.estimate("larsen2007.hba1c"), "two_means")
    expected = 0.46 / stats.t.isf(0.015, 68) / math.sqrt(1 / 34 + 1 / 36)
    assert inputs["sd"] == pytest.approx(expected)
    assert inputs.steps[-1].operation == "sd_from_p"
    assert inputs.steps[-1].assumption is None  # per-arm sizes are known


def test_a_user_supplied_sd_wins_and_is_recorded(library):
    inputs = power_inputs(library.estimate("larsen2009.crp"), "two_means", sd=5.0)
    assert dict(inputs) == {"delta": 3.2, "sd": 5.0}
    assert inputs.steps[-1].operation == "user_supplied"


def test_pooled_treated_rate_is_refused_for_two_arms(library):
    sri4 = library.estimate("su2024.sri4_response")
    with pytest.raises(EvidenceError) as info:
        power_inputs(sri4, "two_proportions")
    message = str(info.value)
    assert "su2024.sri4_response" in message and "single_arm_proportion" in message
    assert "not a difference between arms" in message and "pooled" in message
    assert "control_rate" in message
    with pytest.raises(EvidenceError, match="not a difference in means"):
        power_inputs(sri4, "two_means")


def test_pre_post_smd_is_refused_for_two_arms(library):
    with pytest.raises(EvidenceError) as info:
        power_inputs(library.estimate("su2024.sledai_smd"), "two_means")
    assert "smd_pre_post" in str(info.value)
    assert "not a difference between arms" in str(info.value)


def test_pooled_rate_with_a_control_rate(library):
    inputs = power_inputs(library.estimate("su2024.sri4_response"), "two_proportions",
                          control_rate=0.3667)
    assert dict(inputs) == {"p1": 0.819, "p2": 0.3667}
    assert inputs.steps[-1].operation == "user_supplied"


def test_pooled_rate_with_a_control_record_from_another_source(library):
    control = library.estimate("he2020.sri4_w24_placebo")
    inputs = power_inputs(library.estimate("su2024.sri4_response"), "two_proportions",
                          control=control)
    assert dict(inputs) == {"p1": 0.819, "p2": 0.3667}
    step = inputs.steps[-1]
    assert step.operation == "control_rate_from_record"
    assert "He et al. (2020, Ann Rheum Dis" in step.description


def test_control_record_must_be_a_proportion(library):
    with pytest.raises(EvidenceError, match="not a proportion"):
        power_inputs(library.estimate("su2024.sri4_response"), "two_proportions",
                     control=library.estimate("larsen2009.crp"))


def test_pre_post_smds_of_two_arms_give_a_difference(library):
    treated = library.estimate("su2024.treg_smd")
    control = library.estimate("su2024.treg_smd_daily")  # stands in for a control-arm record
    inputs = power_inputs(treated, "two_means", control=control)
    assert inputs["delta"] == pytest.approx(1.096 - 0.655)
    assert inputs["sd"] == 1.0
    assert "same SD" in inputs.steps[-1].assumption


def test_one_mean_from_a_pre_post_smd_states_its_assumption(library):
    inputs = power_inputs(library.estimate("su2024.sledai_smd"), "one_mean")
    assert dict(inputs) == {"delta": 2.109, "sd": 1.0}
    assert "SD of the changes" in inputs.steps[-1].assumption


def test_one_proportion_needs_a_null_rate(library):
    sri4 = library.estimate("su2024.sri4_response")
    with pytest.raises(EvidenceError, match="null_rate"):
        power_inputs(sri4, "one_proportion")
    assert dict(power_inputs(sri4, "one_proportion", null_rate=0.6)) == {"p0": 0.6, "p1": 0.819}


def _ratio_estimate():
    return Source.model_validate({
        "id": "ratio-demo", "document": "test", "design": {"type": "randomised_controlled_trial"},
        "citation": {"authors": ["Doe, Jane"], "title": "t", "journal": "J", "year": 2021,
                     "publication_type": "journal_article"},
        "estimates": [{"id": "auc", "outcome": "AUC", "kind": "between_group_ratio",
                       "value": 0.8, "ci": {"lower": 0.64, "upper": 1.0},
                       "n": {"treatment": 25, "control": 25}, "locator": "Table 3."}],
    }).estimates[0]


def test_ratio_of_means_from_a_ratio_ci():
    # Log-scale CI ln 0.64 to ln 1.0 with 25 per arm: SD_log = width / (2 t(0.975, 48)) /
    # sqrt(2/25); CV = sqrt(exp(SD_log^2) - 1).
    sd_log = -math.log(0.64) / (2 * stats.t.ppf(0.975, 48)) / math.sqrt(2 / 25)
    inputs = power_inputs(_ratio_estimate(), "ratio_of_means")
    assert inputs["mean_ratio"] == 0.8
    assert inputs["cv"] == pytest.approx(math.sqrt(math.exp(sd_log**2) - 1))
    assert log_sd(inputs["cv"]) == pytest.approx(sd_log)


def test_unknown_procedure_and_bad_supplied_values(library):
    estimate = library.estimate("larsen2009.crp")
    with pytest.raises(EvidenceError, match="unknown: choose one of two_means"):
        power_inputs(estimate, "anova")
    with pytest.raises(EvidenceError, match="sd=-1"):
        power_inputs(estimate, "two_means", sd=-1)
    with pytest.raises(EvidenceError, match="must be 't' or 'z'"):
        power_inputs(estimate, "two_means", distribution="normal")


def test_size_from_estimate_matches_the_engine_and_cites_the_source(library):
    estimate = library.estimate("larsen2009.pi_insulin_ratio")
    result = size_from_estimate(estimate, power=0.9, dropout=0.1)
    direct = power.two_means(delta=0.07, sd=larsen_pi_sd(), power=0.9, dropout=0.1,
                             sd_source="Larsen et al. (2009, Diabetes Care 32:1663-1668), from "
                             "its confidence interval")
    assert result.n_per_arm == direct.n_per_arm
    assert result.justification.startswith(direct.justification)
    text = result.justification
    assert "Larsen et al. (2009, Diabetes Care 32:1663-1668)" in text
    assert "proinsulin-to-insulin (PI/I) ratio" in text
    assert "derived from the 95% confidence interval -0.14 to -0.02" in text
    assert "Student's t with 65 degrees of freedom" in text
    assert "Cochrane Handbook" in text and "split equally" in text


def test_size_from_p_value_states_the_conversion(library):
    result = size_from_estimate(library.estimate("larsen2007.hba1c"))
    assert "Larsen et al. (2007, N Engl J Med 356:1517-1526)" in result.justification
    assert "two-sided P = 0.03" in result.justification


def test_size_two_proportions_cites_both_sources(library):
    result = size_from_estimate(
        library.estimate("su2024.sri4_response"),
        control=library.estimate("he2020.sri4_w24_placebo"),
    )
    direct = power.two_proportions(p1=0.819, p2=0.3667, power=0.8)
    assert result.n_per_arm == direct.n_per_arm
    assert "Su et al. (2024, Immun Inflamm Dis 12(1):e1165)" in result.justification
    assert "He et al. (2020" in result.justification


def test_size_passes_allocation_to_ratio_of_means():
    result = size_from_estimate(_ratio_estimate(), ratio=2.0)
    assert result.inputs["ratio"] == 2.0 and result.inputs["mean_ratio"] == 0.8
    assert result.n_per_arm[0] == pytest.approx(2 * result.n_per_arm[1], abs=2)


def test_size_refuses_ratio_for_one_group_designs(library):
    with pytest.raises(EvidenceError, match="one-group"):
        size_from_estimate(library.estimate("su2024.sledai_smd"), "one_mean", ratio=2.0)


def test_environment_variable_adds_a_folder():
    library = load_library(environ={"TRIALKIT_EVIDENCE": str(USER)})
    assert {"he2020", "larsen2007"} <= set(library.sources)
    assert library.files["he2020"].parent == USER


def test_lookup_errors_say_what_exists(library):
    with pytest.raises(EvidenceError, match=r"known: .*larsen2009"):
        library.estimate("nope.x")
    with pytest.raises(EvidenceError, match="its estimates: pi_insulin_ratio, crp, il6"):
        library.estimate("larsen2009.x")
    with pytest.raises(EvidenceError, match="names a source"):
        library.estimate("larsen2009")


def test_the_evidence_layer_imports_no_upper_layer():
    code = (
        "import sys, trialkit.evidence; "
        "bad = [m for m in ('jinja2', 'docx', 'textual', 'matplotlib') if m in sys.modules]; "
        "print(','.join(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def _change_source(n_control: bool = True) -> Source:
    estimates = [{"id": "treated", "outcome": "weight", "kind": "within_group_change",
                  "value": -4.0, "units": "kg", "ci": {"lower": -5.0, "upper": -3.0},
                  "n": {"total": 40}, "locator": "Table 2."}]
    if n_control:
        estimates.append({"id": "control", "outcome": "weight", "kind": "within_group_change",
                          "value": -1.5, "units": "kg", "locator": "Table 2."})
    return Source.model_validate({
        "id": "change-demo", "document": "test", "design": {"type": "randomised_controlled_trial"},
        "citation": {"authors": ["Doe, Jane"], "title": "t", "journal": "J", "year": 2021,
                     "volume": 7, "publication_type": "journal_article"},
        "estimates": estimates,
    })


def test_within_group_changes_need_a_control_change_and_an_sd():
    source = _change_source()
    treated, control = source.estimate("treated"), source.estimate("control")
    assert source.citation.volume == "7"  # a YAML number is read as text
    with pytest.raises(EvidenceError, match="not a difference between arms"):
        power_inputs(treated, "two_means")
    with pytest.raises(EvidenceError, match="SD of the change"):
        power_inputs(treated, "two_means", control=control)
    inputs = power_inputs(treated, "two_means", control=control, sd=6.0)
    assert dict(inputs) == {"delta": 2.5, "sd": 6.0}
    assert [s.operation for s in inputs.steps] == ["difference_of_changes", "user_supplied"]


def test_one_mean_sd_of_change_from_its_ci():
    # Mean change -4.0 (95% CI -5.0 to -3.0) in 40 people: SD = sqrt(40) x 2 / (2 t(0.975, 39)).
    inputs = power_inputs(_change_source(False).estimate("treated"), "one_mean")
    assert inputs["delta"] == 4.0
    assert inputs["sd"] == pytest.approx(math.sqrt(40) / stats.t.ppf(0.975, 39))
