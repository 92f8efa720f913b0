"""An amendment's changes are named by the document's own section headings and the forms' field
labels (never a second title table or the design file's paths)."""

from __future__ import annotations

from pathlib import Path

import pytest

from trialkit.cli import main
from trialkit.design import load_trial
from trialkit.export.amendments import SECTIONS, compare, section_heading
from trialkit.render.markdown import render_markdown

ROOT = Path(__file__).resolve().parents[2]
ANAKINRA = ROOT / "examples" / "anakinra-t1d.yaml"


@pytest.fixture
def amended(tmp_path: Path) -> Path:
    text = ANAKINRA.read_text(encoding="utf-8")
    for old, new in [("    sd: 0.2\n", "    sd: 0.25\n"),
                     ("  - id: placebo\n    name: Placebo\n", "  - id: placebo\n    name: Saline\n")]:
        assert old in text
        text = text.replace(old, new)
    path = tmp_path / "amended.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_every_section_is_one_of_the_documents_headings():
    text = render_markdown(load_trial(ANAKINRA))
    headings = {line.lstrip("#").strip() for line in text.splitlines() if line.startswith("#")}
    for key in SECTIONS:
        heading = section_heading(key)
        assert heading == "Title page" or heading in headings, (key, heading)


def test_changes_are_worded_by_the_forms_labels(amended: Path, capsys: pytest.CaptureFixture[str]):
    changes = {c.field: c for c in compare(load_trial(ANAKINRA), load_trial(amended)).changes}
    sd, arm = changes["sample_size.parameters.sd"], changes["arms[placebo].name"]
    assert sd.section == "10.7 Sample size determination"
    assert sd.words() == "SD: changed from 0.2 to 0.25"
    assert arm.section == "6.1 Interventions administered"
    assert arm.words() == "Arm placebo, name: changed from 'Placebo' to 'Saline'"
    assert main(["diff", str(ANAKINRA), str(amended)]) == 1
    out = capsys.readouterr().out
    assert "10.7 Sample size determination\n  ~ SD (sample_size.parameters.sd): 0.2 -> 0.25" in out
    assert "~ Arm placebo, name (arms[placebo].name): 'Placebo' -> 'Saline'" in out
