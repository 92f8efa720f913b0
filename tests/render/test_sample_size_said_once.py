"""Section 10.7 and the synopsis say the sizing's numbers as its paragraph does, and the
analysis software is printed with the analysis, not as a second 'Software' under 10.7."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from trialkit.design import load_trial
from trialkit.render.markdown import render_markdown

EXAMPLES = Path(__file__).parents[2] / "examples"


@pytest.fixture(scope="module")
def il1ra() -> str:
    return render_markdown(load_trial(EXAMPLES / "il1ra-t2d-durability.yaml"))


def _section(text: str, start: str, end: str) -> str:
    begin = text.index(start)
    return text[begin:text.index(end, begin)]


def test_the_analysis_software_is_named_with_the_analysis_not_under_the_sample_size(il1ra: str):
    sizing = _section(il1ra, "### 10.7", "\n## ")
    assert "Software: R version" not in sizing
    assert "| Software | trialkit" in sizing          # the sizing's own software, in its table
    analysis = _section(il1ra, "### 10.1", "### 10.6")
    assert "Analysis software: R version 4.4 or later" in analysis


def test_the_sample_size_table_says_allocation_dropout_and_power_as_the_paragraph(il1ra: str):
    sizing = _section(il1ra, "### 10.7", "\n## ")
    assert "1:1 allocation" in sizing and "10% dropout" in sizing   # the paragraph
    rows = dict(re.findall(r"^\| ([^|]+?) \| ([^|]+?) \|$", sizing, re.M))
    assert rows["Allocation"].startswith("1:1 (")
    assert rows["Dropout"].startswith("10% (")
    assert rows["Power"].startswith("90% (")


def test_a_single_arm_synopsis_gives_the_total_once():
    text = render_markdown(load_trial(EXAMPLES / "bm-stemcell-t2d-pilot.yaml"))
    [line] = [r for r in text.splitlines() if r.startswith("| Sample size |")]
    assert "33 analysed; 33 to enrol" in line and "(33)" not in line
    two = render_markdown(load_trial(EXAMPLES / "il1ra-t2d-durability.yaml"))
    [line] = [r for r in two.splitlines() if r.startswith("| Sample size |")]
    assert "132 analysed (66 + 66); 148 to enrol" in line
