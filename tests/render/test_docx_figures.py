"""Figures for the Word protocol: SPIRIT timeline layout and the power curve's numbers."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from trialkit.design import Trial, load_trial
from trialkit.power import PowerResult, ratio_of_means, two_means
from trialkit.render import figures

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


def test_visits_fall_into_spirit_periods() -> None:
    timeline = figures.timeline_from_trial(small_trial())
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
    timeline = figures.timeline_from_trial(trial)
    assert [c.period for c in timeline.columns] == [
        "Enrolment", "Allocation", "Post-allocation", "Close-out",
    ]
    assert timeline.columns[1].visit_id is None


def test_timeline_png_is_drawn_at_200_dpi() -> None:
    png = figures.participant_timeline_png(figures.timeline_from_trial(load_trial(MAIN)))
    assert png.startswith(PNG_SIGNATURE)
    image = Image.open(io.BytesIO(png))
    assert round(image.info["dpi"][0]) == figures.DPI
    assert image.width == pytest.approx(6.5 * figures.DPI, abs=2)


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


def test_dollar_signs_in_labels_are_text_not_mathtext() -> None:
    trial = load_trial(MAIN)
    trial.assessments[0].name = r"Cost \$\frac{ and $x^{"
    trial.visits[0].name = r"Visit $\alpha"
    png = figures.participant_timeline_png(figures.timeline_from_trial(trial))
    assert png.startswith(PNG_SIGNATURE)


def test_very_long_names_are_shortened_so_the_figure_stays_page_sized() -> None:
    trial = load_trial(MAIN)
    trial.visits[0].name = "visit " * 20_000
    trial.assessments[0].name = "assessment " * 20_000
    timeline = figures.timeline_from_trial(trial)
    assert max(len(c.label) for c in timeline.columns) < 80
    image = Image.open(io.BytesIO(figures.participant_timeline_png(timeline)))
    assert image.height < 12 * figures.DPI
