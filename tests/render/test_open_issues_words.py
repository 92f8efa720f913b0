"""The protocol's list of open issues names each field in the words its form shows, never by
its path in the design file (found by a review: 'sample_size.target_enrolment')."""

from __future__ import annotations

import re
from pathlib import Path

from trialkit.design.io import load_trial
from trialkit.render.markdown import render_markdown

MAIN = Path(__file__).parents[2] / "examples" / "anakinra-t1d.yaml"


def test_open_issues_name_fields_in_words(tmp_path: Path) -> None:
    design = tmp_path / "short.yaml"
    text = MAIN.read_text(encoding="utf-8")
    design.write_text(re.sub(r"target_enrolment: \d+", "target_enrolment: 10", text), encoding="utf-8")
    markdown = render_markdown(load_trial(design))
    issues = markdown.split("12.4 Open issues in this draft", 1)[1].split("\n#", 1)[0]
    assert "Error: Sample size, planned enrolment: planned enrolment 10 is below" in issues
    assert not re.search(r"\b[a-z]+_[a-z_]+\b|\b[a-z_]+\.[a-z_]+\b", issues), issues
