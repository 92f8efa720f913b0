"""One set of numbers: the three-arm SLE trial is 153 analysed and 171 enrolled everywhere.

The trial is sized by one two-arm comparison (51 per arm, two-sample z-test of proportions,
Fleiss, Levin & Paik 2003) and has three equal arms, so every total counts 3 x 51 and 3 x 57.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.render import examples
from trialkit import __version__
from trialkit.cli import main
from trialkit.render import figures

ROOT = Path(__file__).resolve().parents[2]
SLE = ROOT / "examples" / "ld-il2-sle.yaml"


@pytest.fixture(scope="module")
def context():  # type: ignore[no-untyped-def]
    return examples.context(SLE.stem)


@pytest.fixture(scope="module")
def text() -> str:
    return examples.markdown(SLE.stem)


def test_sample_size_paragraph_counts_every_arm(text: str) -> None:
    section = text[text.index("### 10.7"):text.index("| Quantity")]
    assert "153 analysed in total" in section and "171 enrolled in total" in section
    assert "(102 in total)" not in section and "(114 in total)" not in section
    assert f"computed with trialkit {__version__}" in section


def test_synopsis_counts_every_arm(text: str) -> None:
    assert re.search(r"\| Sample size \| 153 analysed \(51 in each of 3 arms\); 171 to enrol", text)


def test_power_curve_counts_every_arm(context) -> None:  # type: ignore[no-untyped-def]
    curve = figures.power_curve(context.sizing.result)
    assert curve is not None
    caption = figures.power_curve_caption(curve, "SRI-4", "trialkit", "Two proportions", 3)
    assert "N = 153, 51 in each of 3 arms" in caption and "102" not in caption
    assert figures.power_curve_png(curve, arms=3).startswith(b"\x89PNG")


def test_check_and_json_count_every_arm(capsys: pytest.CaptureFixture[str]) -> None:
    main(["check", str(SLE)])
    out = capsys.readouterr().out
    assert "153 analysed, 171 to enrol" in out and "102" not in out.split("Sample size:")[1]
    main(["check", "--json", str(SLE)])
    report = json.loads(capsys.readouterr().out)
    assert report["totals"]["analysed"] == 153 and report["totals"]["enrolled"] == 171
    size = report["sample_size"]
    assert (size["n_total"], size["n_total_enrolled"]) == (153, 171)
    assert size["n_per_arm"] == [51, 51, 51] and size["n_total_per_comparison"] == 102
    assert "153 analysed in total" in size["justification"]
    assert "(102 in total)" not in size["justification"]
    assert "(114 in total)" not in size["justification"]


def test_no_engine_names_in_the_sample_size_section(text: str) -> None:
    section = text[text.index("### 10.7"):text.index("\n## ", text.index("### 10.7"))]
    for code in ("trialkit.power.", "Input:", "sqrt", "| Procedure |"):
        assert code not in section


def test_information_fraction_is_defined_on_the_primary_endpoint(text: str) -> None:
    interim = text[text.index("### 10.6"):text.index("### 10.7")]
    assert re.search(r"information fraction 0\.5: 50% of the participants analysed for the "
                     r"primary endpoint have reached its time point, [Ww]eek 24", interim)
