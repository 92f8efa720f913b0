"""Design checks: each contradiction is found, and a complete design has none."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from trialkit.design import Trial, load_trial
from trialkit.design.evidence_link import EvidenceLink
from trialkit.design.sizing import size_trial
from trialkit.design.validate import Problem, check_design

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "anakinra-t1d.yaml"


def problems_of(trial: Trial) -> list[Problem]:
    return check_design(trial, size_trial(trial, EvidenceLink.empty()))


def changed(**updates: Any) -> Trial:
    """The main example with top-level sections partly replaced."""
    data = load_trial(EXAMPLE).model_dump()
    for dotted, value in updates.items():
        target = data
        *parents, last = dotted.split("__")
        for name in parents:
            target = target[name]
        target[last] = value
    return Trial.model_validate(data)


def fields(problems: list[Problem], severity: str = "error") -> list[str]:
    return [p.field for p in problems if p.severity == severity]


def test_main_example_has_no_problem() -> None:
    assert problems_of(load_trial(EXAMPLE)) == []


def test_allocation_ratio_must_match_the_arms() -> None:
    problems = problems_of(changed(design__allocation_ratio="2:1:1"))
    assert "design.allocation_ratio" in fields(problems)
    assert any("3 parts but there are 2 arms" in p.message for p in problems)


def test_sample_size_allocation_must_match_the_design() -> None:
    problems = problems_of(changed(design__allocation_ratio="2:1", design__randomisation__block_sizes=[3, 6]))
    assert "sample_size.parameters" in fields(problems)


def test_block_sizes_must_be_multiples_of_the_ratio_sum() -> None:
    problems = problems_of(changed(design__randomisation__block_sizes=[3]))
    assert "design.randomisation.block_sizes" in fields(problems)


def test_primary_endpoint_needs_a_sample_size_method() -> None:
    problems = problems_of(changed(sample_size={}))
    assert "sample_size.procedure" in fields(problems)
    assert any("E1" in p.message for p in problems)


def test_unknown_procedure_and_bad_inputs_are_errors() -> None:
    problems = problems_of(changed(sample_size__procedure="three_means"))
    assert any("unknown procedure 'three_means'" in p.message for p in problems)
    problems = problems_of(changed(sample_size__parameters={"delta": 0.1, "sd": -1, "power": 0.8}))
    assert any(p.field == "sample_size" and p.message == "SD = -1 is invalid: must be greater than 0"
               for p in problems)


def test_visit_schedule_shorter_than_treatment() -> None:
    problems = problems_of(changed(design__treatment_weeks=60))
    assert any(p.field == "visits" and "treatment lasts 60 weeks" in p.message for p in problems)


def test_visits_must_name_known_assessments() -> None:
    trial = changed()
    trial.visits[0].assessments.append("ecg")
    assert "visits.V0.assessments" in fields(problems_of(trial))


def test_placebo_control_needs_a_placebo_arm() -> None:
    trial = changed()
    trial.arms[1].type = "active_comparator"
    assert "arms" in fields(problems_of(trial))


def test_open_label_cannot_list_blinded_roles() -> None:
    problems = problems_of(changed(design__blinding__level="open"))
    assert "design.blinding.masked" in fields(problems)


def test_duplicate_ids_are_errors() -> None:
    trial = changed()
    trial.arms[1].id = trial.arms[0].id
    assert "arms" in fields(problems_of(trial))


def test_enrolment_below_the_calculation_is_an_error() -> None:
    problems = problems_of(changed(sample_size__target_enrolment=50))
    assert "sample_size.target_enrolment" in fields(problems)


def test_empty_design_lists_its_gaps_without_raising() -> None:
    assert set(fields(problems_of(Trial()))) == {"arms", "objectives"}


def test_unresolvable_evidence_is_reported() -> None:
    trial = changed(background__evidence=["no-such-source"])
    link = EvidenceLink.open()
    problems = check_design(trial, size_trial(trial, link), link)
    assert "background.evidence" in fields(problems)
    offline = check_design(trial, size_trial(trial, EvidenceLink.empty()), EvidenceLink.empty())
    assert "evidence" in fields(offline, "warning")
