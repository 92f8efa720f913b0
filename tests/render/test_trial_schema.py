"""The trial schema (ICH M11 1.2) as a diagram: Word picture with alternative text, HTML SVG,
the synopsis's numbers, one box per arm, no randomisation for one arm, escaped user text."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest

from tests.render import examples
from trialkit.design import Trial
from trialkit.design.evidence_link import EvidenceLink
from trialkit.render import chart, schema
from trialkit.render.context import build_context
from trialkit.render.html import render_html

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
SLE = ROOT / "examples" / "ld-il2-sle.yaml"
PILOT = ROOT / "examples" / "bm-stemcell-t2d-pilot.yaml"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
SVG = "{http://www.w3.org/2000/svg}"


def svg_of(html: str) -> ElementTree.Element:
    found = re.search(r'<svg [^>]*id="trial-schema".*?</svg>', html, re.S)
    assert found, "no trial-schema <svg> in the HTML"
    return ElementTree.fromstring(found.group(0))


def svg_text(element: ElementTree.Element) -> list[str]:
    return [t.text or "" for t in element.iter(f"{SVG}text")]


def section_pictures(docx: Path, heading: str, next_heading: str) -> list[dict[str, str]]:
    """The pictures' docPr attributes between two headings of the Word body."""
    with zipfile.ZipFile(docx) as archive:
        body = ElementTree.fromstring(archive.read("word/document.xml")).find(f"{W}body")
    assert body is not None
    inside, pictures = False, []
    for paragraph in body.iter(f"{W}p"):
        text = "".join(t.text or "" for t in paragraph.iter(f"{W}t"))
        style = paragraph.find(f"{W}pPr/{W}pStyle")
        if style is not None and style.get(f"{W}val", "").startswith("Heading"):
            if inside and next_heading in text:
                break
            inside = inside or heading in text
            continue
        if inside:
            pictures += [dict(pr.attrib) for pr in paragraph.iter(f"{WP}docPr")]
    return pictures


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_word_has_the_schema_picture_in_1_2_with_alt_text(example: Path) -> None:
    context = examples.context(example.stem)
    pictures = section_pictures(examples.word_file(example.stem), "Trial schema",
                                "Schedule of activities")
    assert [p.get("title") for p in pictures] == ["Trial schema"]
    alt = pictures[0]["descr"]
    plan = schema.trial_schema(context)
    assert alt == plan.description
    for arm in context.arms:
        assert str(arm.name) in alt


def test_html_schema_names_every_arm_and_its_n_from_the_sizing() -> None:
    context = examples.context(SLE.stem)
    html = examples.html(SLE.stem)
    text = " ".join(svg_text(svg_of(html)))
    sizing = context.sizing
    assert sizing.multi_arm and sizing.trial_arms == 3
    for arm in context.arms:
        assert " ".join(chart.wrap(str(arm.name), 1e6, schema.TITLE_SIZE, True)) in text
    per_arm = f"n = {sizing.n_per_arm[0]} analysed, {sizing.n_per_arm_enrolled[0]} to enrol"
    assert text.count(per_arm) == 3
    # the synopsis's totals, every arm counted (153 analysed, 171 to enrol)
    assert f"N = {sizing.trial_enrolled} to enrol, {sizing.trial_analysed} analysed" in text
    assert sizing.trial_analysed == 3 * sizing.n_per_arm[0]
    assert "Interim analysis" in text
    # the HTML replaces the three lines with the figure; the figure says it in words
    assert 'aria-label="Trial schema.' in html
    assert "<figcaption>Trial schema:" in html


def test_three_arms_are_three_boxes_side_by_side() -> None:
    context = examples.context(SLE.stem)
    plan = schema.trial_schema(context)
    assert [b.title for b in plan.arms] == [str(a.name) for a in context.arms]
    drawn = schema.schema_chart(plan)
    boxes = [s for s in drawn.shapes
             if isinstance(s, chart.Box) and s.fill == schema.ARM_FILL and not s.dash]
    assert len(boxes) == 3 and len({b.y for b in boxes}) == 1
    assert all(b.x >= 0 and b.x + b.width <= drawn.width for b in boxes)


def test_single_arm_design_has_no_randomisation_box() -> None:
    context = examples.context(PILOT.stem)
    plan = schema.trial_schema(context)
    assert plan.allocation is None and len(plan.arms) == 1
    text = " ".join(svg_text(svg_of(examples.html(PILOT.stem))))
    assert "Randomisation" not in text and "Screening, consent and enrolment" in text
    assert f"N = {context.sizing.n_total_enrolled} enrolled and analysed" in text
    two_arm = schema.trial_schema(examples.context(EXAMPLES[0].stem))
    assert two_arm.allocation is not None


def hostile_trial() -> Trial:
    return Trial.model_validate({
        "design": {"intervention_model": "parallel", "allocation_ratio": "1:1",
                   "screening_weeks": 2, "treatment_weeks": 12, "follow_up_weeks": 4,
                   "randomisation": {"stratification": ["<i>site</i> & \"age\""]}},
        "arms": [
            {"id": "a", "name": "<script>alert(1)</script> & <b>Drug</b>",
             "interventions": [{"name": "x</text><text>y", "dose": "1 mg"}]},
            {"id": "p", "name": "A placebo arm with a very long name that cannot fit on one "
                                "line of its box, with a word like "
                                "Pneumonoultramicroscopicsilicovolcanoconiosis in it"},
        ],
    })


def test_user_text_with_markup_stays_text_in_the_svg() -> None:
    trial = hostile_trial()
    context = build_context(trial, evidence=EvidenceLink.empty())
    html = render_html(trial, context=context)
    found = re.search(r'<svg [^>]*id="trial-schema".*?</svg>', html, re.S)
    assert found and "<script>" not in found.group(0) and "<b>" not in found.group(0)
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;Drug&lt;/b&gt;" in found.group(0)
    text = svg_text(ElementTree.fromstring(found.group(0)))  # well-formed: parses
    assert any("x</text><text>y" in t for t in text)
    assert any("<i>site</i>" in t for t in text)


def test_long_arm_names_wrap_inside_their_boxes() -> None:
    plan = schema.trial_schema(build_context(hostile_trial(), evidence=EvidenceLink.empty()))
    drawn = schema.schema_chart(plan)
    assert drawn.width == 6 * 72  # portrait text width
    boxes = [s for s in drawn.shapes if isinstance(s, chart.Box)]
    labels = [s for s in drawn.shapes if isinstance(s, chart.Label)]
    long_name = str(hostile_trial().arms[1].name)
    assert len([s for s in labels if s.bold and s.text.rstrip("-") in long_name]) >= 3
    for label in labels:
        box = next(b for b in boxes if b.x <= label.x <= b.x + b.width
                   and b.y <= label.y <= b.y + b.height)
        half = chart.text_width(label.text, label.size, label.bold) / 2
        assert box.x < label.x - half and label.x + half < box.x + box.width, label.text


def test_markdown_keeps_the_schema_as_text() -> None:
    text = examples.markdown(SLE.stem)
    section = text.split("### 1.2 Trial schema", 1)[1].split("### 1.3", 1)[0]
    assert "Figure: trial schema." in section
    assert "Randomisation (1:1:1)" in section and "<svg" not in section
    assert "trialkit:" not in section


def test_schema_png_is_a_picture_at_portrait_width() -> None:
    plan = schema.trial_schema(examples.context(SLE.stem))
    png = schema.schema_png(plan)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    width = int.from_bytes(png[16:20], "big")
    assert width == pytest.approx(6 * schema.DPI, abs=2)


def test_a_design_without_arms_gets_a_prompt_not_an_empty_diagram() -> None:
    trial = Trial.model_validate({"design": {"treatment_weeks": 12}})
    html = render_html(trial, context=build_context(trial, evidence=EvidenceLink.empty()))
    assert 'id="trial-schema"' not in html
    assert f"[{schema.NO_ARMS}]" in html
