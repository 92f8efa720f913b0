"""Word figures and the schedule go where the templates' markers say, whatever the headings say."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.enum.section import WD_ORIENT

from trialkit.design import load_trial
from trialkit.design.evidence_link import EvidenceLink
from trialkit.errors import TrialkitError
from trialkit.render.blocks import Marker, parse_blocks
from trialkit.render.context import build_context
from trialkit.render.docx import write_docx
from trialkit.render.markdown import render_markdown
from trialkit.resources import data_dir

ROOT = Path(__file__).resolve().parents[2]
MAIN = ROOT / "examples" / "anakinra-t1d.yaml"
RENAMED = {
    "summary.md.j2": [("### 1.2 Trial schema", "### 1.2 Overview of the trial"),
                      ("### 1.3 Schedule of activities", "### 1.3 Visit plan")],
    "statistics.md.j2": [("### 10.7 Sample size determination",
                          "### 10.7 How many participants")],
}


def override(folder: Path, renames: dict[str, list[tuple[str, str]]],
             extra: str = "") -> Path:
    """Copies of packaged section templates with their headings renamed (markers kept)."""
    sections = folder / "sections"
    sections.mkdir(parents=True)
    for name, pairs in renames.items():
        text = (data_dir("templates") / "sections" / name).read_text(encoding="utf-8")
        for old, new in pairs:
            assert old in text
            text = text.replace(old, new)
        (sections / name).write_text(text + extra, encoding="utf-8")
    return folder


def body_text(document: Any) -> list[str]:
    return [p.text for p in document.paragraphs]


def test_renamed_headings_keep_their_figures_and_schedule(tmp_path: Path) -> None:
    templates = override(tmp_path / "templates", RENAMED)
    path = write_docx(load_trial(MAIN), tmp_path / "renamed.docx", templates_dir=templates,
                      evidence=EvidenceLink.empty())
    document = docx.Document(str(path))
    texts = body_text(document)
    assert "1.3 Visit plan" in texts and "10.7 How many participants" in texts
    assert "1.3 Schedule of activities" not in texts
    assert len(document.inline_shapes) == 2
    captions = [t for t in texts if re.match(r"(Figure|Table) \d+\. ", t)]
    assert captions[0].startswith("Figure 1. Trial schema")
    assert texts.index("1.2 Overview of the trial") < texts.index(captions[0])
    assert captions[1].startswith("Table 1. Participant timeline")
    assert captions[2].startswith("Table 2. Schedule of activities")
    assert captions[3].startswith("Figure 2. Power of the primary analysis")
    schedule = next(t for t in document.tables if t.rows[0].cells[0].text == "Assessment")
    assert [c.text for c in schedule.rows[1].cells][1].startswith("Day ")
    orientations = [s.orientation for s in document.sections]
    assert orientations == [WD_ORIENT.PORTRAIT, WD_ORIENT.LANDSCAPE, WD_ORIENT.PORTRAIT]
    # The power curve follows the renamed sample-size section, before section 11.
    headings = [i for i, p in enumerate(document.paragraphs) if p.style.name.startswith("Heading")]
    after = {texts[i]: i for i in headings}
    section_11 = next(i for t, i in after.items() if t.startswith("11 "))
    assert after["10.7 How many participants"] < texts.index(captions[3]) < section_11


def test_markdown_for_people_has_no_markers_but_word_reads_them() -> None:
    trial = load_trial(MAIN)
    context = build_context(trial, evidence=EvidenceLink.empty())
    assert "trialkit:" not in render_markdown(trial, context=context)
    marked = render_markdown(trial, context=context, markers=True)
    markers = [b for b in parse_blocks(marked) if isinstance(b, Marker)]
    assert [(m.kind, m.name) for m in markers] == [
        ("begin", "trial-schema"), ("end", "trial-schema"),
        ("figure", "participant-timeline"), ("begin", "schedule-of-activities"),
        ("end", "schedule-of-activities"), ("figure", "power-curve"),
    ]


def test_a_marker_typed_by_a_user_is_text_not_a_figure(tmp_path: Path) -> None:
    trial = load_trial(MAIN)
    forged = "<!-- trialkit:figure power-curve -->"
    trial.design.description = f"Intro\n{forged}\nmore"
    document = docx.Document(str(write_docx(trial, tmp_path / "forged.docx",
                                            evidence=EvidenceLink.empty())))
    assert len(document.inline_shapes) == 2  # the trial schema and the power curve
    assert any(forged in t for t in body_text(document))


@pytest.mark.parametrize(("extra", "words"), [
    ("\n<!-- trialkit:figure kaplan-meier -->\n", "<!-- trialkit:figure kaplan-meier -->"),
    ("\n<!-- trialkit:begin schedule-of-activities -->\n", "has no matching"),
])
def test_a_wrong_marker_is_refused_in_words(tmp_path: Path, extra: str, words: str) -> None:
    templates = override(tmp_path / "templates", {"statistics.md.j2": []}, extra)
    with pytest.raises(TrialkitError, match=words):
        write_docx(load_trial(MAIN), tmp_path / "bad.docx", templates_dir=templates,
                   evidence=EvidenceLink.empty())
    assert not (tmp_path / "bad.docx").exists()
