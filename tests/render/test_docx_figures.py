"""The SPIRIT timeline's layout (from the schedule) and the power curve's numbers and drawings."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from trialkit.design import Trial, load_trial
from trialkit.power import PowerResult, ratio_of_means, two_means
from trialkit.render import figures
from trialkit.render.context import build_context
from trialkit.render.timeline import Timeline, timeline

MAIN = Path(__file__).resolve().parents[2] / "examples" / "anakinra-t1d.yaml"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def small_trial() -> Trial:
    return Trial.model_validate({
        "design": {"treatment_weeks": 12},
        "arms": [{"id": "a", "name": "Drug"}, {"id": "p", "name": "Placebo"}],
        "assessments": [{"id": "lab", "name": "Laboratory"}, {"id": "ae", "name": "AEs"}],
        "visits": [
            {"id": "v0", "name": "Screening", "day": -14, "assessments": ["lab"]},
            {"id": "v1", "name": "Randomisation", "day": 0},
            {"id": "v2", "name": "Week 12", "day": 84, "assessments": ["lab", "ae"]},
            {"id": "v3", "name": "Follow-up", "day": 168, "assessments": ["ae"]},
        ],
    })


def timeline_of(trial: Trial) -> Timeline:
    context = build_context(trial)
    return timeline(context.schedule, [str(a.name) for a in context.arms],
                    trial.design.treatment_weeks)


def test_visits_fall_into_spirit_periods() -> None:
    timeline = timeline_of(small_trial())
    assert [c.period for c in timeline.columns] == [
        "Enrolment", "Allocation", "Post-allocation", "Close-out",
    ]
    rows = {r.label: r for r in timeline.rows}
    assert rows["Eligibility screen"].marks == (0,)
    assert rows["Allocation"].marks == (1,)
    assert rows["Drug"].span == (1, 2)
    assert rows["Laboratory"].marks == (0, 2)
    assert rows["AEs"].marks == (2, 3)


def test_an_allocation_column_is_added_when_no_visit_is_on_day_zero() -> None:
    trial = small_trial()
    trial.visits = [v for v in trial.visits if v.id != "v1"]
    timeline = timeline_of(trial)
    assert [c.period for c in timeline.columns] == [
        "Enrolment", "Allocation", "Post-allocation", "Close-out",
    ]
    assert timeline.columns[1].visit_id is None


@pytest.mark.parametrize(
    "result",
    [
        ratio_of_means(mean_ratio=1.5, cv=0.6, power=0.8, dropout=0.1),
        two_means(delta=0.5, sd=1.0, power=0.9, ratio=2.0),
        two_means(delta=0.5, sd=1.0, power=0.9, baseline_correlation=0.5),
    ],
    ids=["log-ratio", "unequal-allocation", "ancova"],
)
def test_power_curve_passes_through_the_engines_result(result: PowerResult) -> None:
    curve = figures.power_curve(result)
    assert curve is not None
    index = curve.n_total.index(result.n_total)
    assert curve.power[index] == pytest.approx(result.power, abs=1e-12)
    assert list(curve.power) == sorted(curve.power)
    assert curve.n_total[0] < result.n_total < curve.n_total[-1]
    assert curve.target_power == result.inputs["power"]


def test_power_curve_png() -> None:
    curve = figures.power_curve(ratio_of_means(mean_ratio=1.5, cv=0.6, power=0.8))
    assert curve is not None
    assert figures.power_curve_png(curve).startswith(PNG_SIGNATURE)


def test_power_curve_svg_keeps_its_text_as_text() -> None:
    curve = figures.power_curve(ratio_of_means(mean_ratio=1.5, cv=0.6, power=0.8))
    assert curve is not None
    svg = figures.power_curve_svg(curve, prefix="pc")
    assert svg.startswith("<svg") and svg.rstrip().endswith("</svg>")
    assert f"N = {curve.chosen_total}, power" in svg
    assert re.findall(r'\bid="([^"]+)"', svg) == ["pc"]
    assert "<text" in svg and "target power 80%</text>" in svg


def test_long_names_reach_the_timeline_whole() -> None:
    trial = load_trial(MAIN)
    trial.visits[0].name = "visit " * 200
    trial.assessments[0].name = r"Cost \$\frac{ and $x^{"
    plan = timeline_of(trial)
    assert plan.columns[0].label.startswith("visit visit")
    assert any(r.label == r"Cost \$\frac{ and $x^{" for r in plan.rows)


def test_consent_and_eligibility_in_the_schedule_are_the_enrolment_steps() -> None:
    trial = small_trial()
    trial.assessments.append(trial.assessments[0].model_copy(
        update={"id": "ic", "name": "Written informed consent"}))
    trial.visits[0].assessments.append("ic")
    plan = timeline_of(trial)
    enrolment = [(r.label, r.marks) for r in plan.rows if r.group == "Enrolment"]
    assert enrolment == [("Written informed consent", (0,)), ("Eligibility screen", (0,)),
                         ("Allocation", (1,))]
    assert not any("consent" in r.label for r in plan.rows if r.group == "Assessments")
