"""An assessment no visit includes is named in its warning, so that several such warnings
(check, the review and the Schedule step list them) say which assessments to schedule."""

from __future__ import annotations

from trialkit.design import Trial
from trialkit.design.sizing import Sizing
from trialkit.design.validate import check_design


def _trial(visits: list[dict[str, object]]) -> Trial:
    return Trial.model_validate({
        "schema_version": 2,
        "assessments": [{"id": "A1", "name": "HbA1c"}, {"id": "A2", "name": "Body weight"},
                        {"id": "A3"}],
        "visits": visits,
    })


def _unscheduled(trial: Trial) -> list[tuple[str, str, str]]:
    return [(p.severity, p.field, p.message) for p in check_design(trial, Sizing("not_specified"))
            if "not scheduled" in p.message]


def test_each_unscheduled_assessment_is_named_once() -> None:
    trial = _trial([{"id": "V1", "day": 0, "assessments": ["A1"]}])
    assert _unscheduled(trial) == [
        ("warning", "assessments.A2",
         "assessment A2 (Body weight) is not scheduled at any visit"),
        ("warning", "assessments.A3", "assessment A3 is not scheduled at any visit"),
    ]


def test_named_also_when_the_visits_have_no_days() -> None:
    messages = [m for _, _, m in _unscheduled(_trial([{"id": "V1", "assessments": ["A2"]}]))]
    assert messages == ["assessment A1 (HbA1c) is not scheduled at any visit",
                        "assessment A3 is not scheduled at any visit"]
