"""Schedule checks a reviewer makes: endpoints measured at their time points, a blood count and
pregnancy tests before the first dose and during treatment, adverse events over treatment."""

from __future__ import annotations

from pathlib import Path

import pytest

from trialkit.cli import main
from trialkit.design import Trial, load_trial
from trialkit.design.schedule_checks import admits_childbearing_potential, timepoint_day
from trialkit.design.sizing import Sizing
from trialkit.design.validate import check_design

HERE = Path(__file__).parent
V1 = HERE / "versions" / "1"
EXAMPLES = sorted((HERE.parents[1] / "examples").glob("*.yaml"))
NOT_SIZED = Sizing("not_specified")


def messages(trial: Trial) -> list[str]:
    return [f"{p.field}: {p.message}" for p in check_design(trial, NOT_SIZED)]


def base() -> Trial:
    """A small two-arm drug trial whose schedule passes every check."""
    return Trial.model_validate({
        "schema_version": 2,
        "objectives": [{"id": "O1", "level": "primary", "endpoints": [
            {"id": "E1", "name": "HbA1c at week 24", "timepoint": "Week 24"},
            {"id": "E2", "name": "Weight at week 12", "level": "secondary",
             "timepoint": "Week 12"}]}],
        "design": {"treatment_weeks": 24},
        "population": {"sex": "all", "age_min": 18, "age_max": 70},
        "arms": [{"id": "a", "interventions": [{"name": "drug", "kind": "drug"}]},
                 {"id": "p", "interventions": [{"name": "placebo", "kind": "drug"}]}],
        "assessments": [
            {"id": "hba1c", "name": "HbA1c"}, {"id": "weight", "name": "Body weight"},
            {"id": "fbc", "name": "Full blood count"},
            {"id": "preg", "name": "Urine pregnancy test"},
            {"id": "ae", "name": "Adverse events"}],
        "visits": [
            {"id": "S", "day": -14, "assessments": ["hba1c", "fbc", "preg", "weight"]},
            {"id": "R", "day": 0, "assessments": ["ae"]},
            {"id": "W12", "day": 84, "window_days": 5,
             "assessments": ["weight", "fbc", "preg", "ae"]},
            {"id": "W24", "day": 168, "window_days": 5,
             "assessments": ["hba1c", "fbc", "preg", "ae"]}],
    })


def test_the_complete_schedule_has_no_problem() -> None:
    assert [m for m in messages(base()) if "visits" in m or "endpoints" in m] == []


def test_an_endpoint_no_visit_measures_at_its_time_point() -> None:
    trial = base()
    trial.visits[2].assessments.remove("weight")  # weight only at screening now
    found = [m for m in messages(trial) if "E2" in m]
    assert found == ["objectives.0.endpoints.1: endpoint E2 (Weight at week 12) is due on day 84 "
                     "(Week 12), but no visit then includes Body weight"]
    assert [p.severity for p in check_design(trial, NOT_SIZED) if "E2" in p.message] == ["warning"]


def test_an_endpoint_no_assessment_measures_and_the_primary_is_an_error() -> None:
    trial = base()
    trial.objectives[0].endpoints[0].name = "Prednisone-equivalent dose at week 24"
    problems = [p for p in check_design(trial, NOT_SIZED) if p.field.startswith("objectives")]
    assert [(p.severity, p.field) for p in problems] == [("error", "objectives.0.endpoints.0")]
    assert "no assessment in the schedule measures endpoint E1" in problems[0].message
    trial.objectives[0].endpoints[0].measured_by = ["hba1c"]  # said explicitly: satisfied
    assert not [m for m in messages(trial) if m.startswith("objectives")]
    trial.objectives[0].endpoints[0].measured_by = ["diary"]
    assert any("'diary', which is not an assessment id" in m for m in messages(trial))


def test_blood_count_before_the_first_dose() -> None:
    trial = base()
    trial.visits[0].assessments.remove("fbc")
    assert any(m.startswith("visits: no blood count before the first dose") for m in messages(trial))


def test_pregnancy_tests_before_and_during_treatment() -> None:
    trial = base()
    trial.visits[0].assessments.remove("preg")
    assert any("no pregnancy test is scheduled before the first dose" in m for m in messages(trial))
    trial = base()
    for visit in trial.visits[2:]:
        visit.assessments.remove("preg")
    assert any("no pregnancy test is scheduled during treatment (day 0 to 168)" in m
               for m in messages(trial))


@pytest.mark.parametrize(("change", "admits"), [
    ({}, True),
    ({"sex": "male"}, False),
    ({"age_min": 60, "age_max": 80}, False),
    ({"exclusion": ["Women of childbearing potential"]}, False),
    ({"exclusion": ["Women of childbearing potential not using contraception"]}, True),
    ({"childbearing_potential": False}, False),
    ({"sex": "female", "age_min": 60, "childbearing_potential": True}, True),
])
def test_who_can_become_pregnant(change: dict[str, object], admits: bool) -> None:
    trial = base()
    population = trial.population.model_copy(update=change)
    assert admits_childbearing_potential(population) is admits
    trial.population = population
    trial.visits[0].assessments.remove("preg")
    assert any("pregnancy test" in m for m in messages(trial)) is admits


def test_adverse_events_collected_over_the_treatment_period() -> None:
    trial = base()
    trial.visits[3].assessments.remove("ae")
    assert any("adverse events are collected up to day 84, but treatment lasts until day 168" in m
               for m in messages(trial))
    for visit in trial.visits:
        if "ae" in visit.assessments:
            visit.assessments.remove("ae")
    assert "visits: adverse events are not collected at any visit" in messages(trial)


def test_time_points_in_words() -> None:
    trial = base()
    endpoint = trial.objectives[0].endpoints[0]
    for text, day in [("Week 39 (end of treatment)", 273), ("Month 12", 365.25),
                      ("Mean of the 3 days before the week-39 visit", 273),
                      ("Randomisation to week 52", 364), ("End of treatment", 168),
                      ("At relapse", None)]:
        endpoint.timepoint = text
        assert timepoint_day(endpoint, trial) == day, text


@pytest.mark.parametrize(("name", "expected"), [
    ("ld-il2-sle.yaml", ["E4 (Prednisone-equivalent dose at week 24)",
                         "no pregnancy test is scheduled before the first dose",
                         "no pregnancy test is scheduled during treatment"]),
    ("rhigf1-t2d-insulin.yaml", ["no blood count before the first dose",
                                 "no pregnancy test is scheduled before the first dose"]),
    ("bm-stemcell-t2d-pilot.yaml", ["no pregnancy test is scheduled before the first dose"]),
    ("il1ra-t2d-durability.yaml", ["no pregnancy test is scheduled before the first dose"]),
])
def test_the_gaps_reviewers_found_in_the_version_1_examples(name: str, expected: list[str]) -> None:
    found = " | ".join(messages(load_trial(V1 / name)))
    for text in expected:
        assert text in found


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_the_examples_schedules_have_no_gap(example: Path) -> None:
    found = [m for m in messages(load_trial(example))
             if m.startswith(("visits:", "objectives."))]
    assert found == []


def test_check_names_the_gap_in_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["check", str(V1 / "ld-il2-sle.yaml")])
    out = capsys.readouterr().out
    assert code == 1
    assert ("warning: Objective 2, endpoint 3: no assessment in the schedule measures endpoint "
            "E4 (Prednisone-equivalent dose at week 24)") in out


def test_the_review_step_lists_each_gap_at_the_step_that_edits_it() -> None:
    from trialkit.design.evidence_link import EvidenceLink
    from trialkit.tui.analysis import analyse

    findings = analyse(load_trial(V1 / "ld-il2-sle.yaml"), EvidenceLink.open()).problems
    steps = {(f.step, f.field) for f in findings if "pregnan" in f.message or "E4" in f.message}
    assert steps == {("objectives", "objectives.1.endpoints.2"), ("schedule", "visits")}
