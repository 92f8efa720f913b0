"""Standalone HTML: well-formed, autoescaped, print stylesheet, same content as the Markdown."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from trialkit.design import Trial, load_trial
from trialkit.design.evidence_link import EvidenceLink
from trialkit.render.context import build_context
from trialkit.render.html import inline_html, markdown_to_html, render_html

ROOT = Path(__file__).resolve().parents[2]
MAIN = ROOT / "examples" / "anakinra-t1d.yaml"
VOID = {"meta", "br", "hr", "link", "img"}


class Structure(HTMLParser):
    """Collects tags and checks that every element is closed in order."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
        else:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parsed(html: str) -> Structure:
    parser = Structure()
    parser.feed(html)
    parser.close()
    assert parser.errors == [] and parser.stack == []
    return parser


def render(trial: Trial) -> str:
    return render_html(trial, context=build_context(trial, evidence=EvidenceLink.empty()))


def test_main_example_is_well_formed_with_print_css() -> None:
    html = render(load_trial(MAIN))
    doc = parsed(html)
    assert html.startswith("<!DOCTYPE html>")
    assert "@media print" in html and "@page" in html and "break-before: page" in html
    assert doc.tags.count("h2") == 12
    assert doc.tags.count("table") >= 10
    assert "<title>ANAKIN-T1D: A randomised" in html


def test_user_markup_is_escaped_everywhere() -> None:
    trial = load_trial(MAIN)
    attack = '<script>alert("x")</script> & <b onclick="y">bold</b> {{ 7*7 }}'
    trial.title_page.acronym = attack
    trial.title_page.protocol_id = '"; } body { display: none } </style><script>'
    trial.background.rationale = attack
    trial.arms[0].name = attack
    trial.visits[0].name = attack
    trial.endpoints()[0].name = attack
    html = render(trial)
    parsed(html)
    assert "<script>" not in html and "<b onclick" not in html
    assert "&lt;script&gt;" in html
    assert "</style><script>" not in html
    assert "{{ 7*7 }}" in html


def test_hostile_text_keeps_the_document_valid() -> None:
    trial = load_trial(MAIN)
    hostile = "a\x00b\x07c\x1bd — 中文 العربية हिन्दी " + "x" * 20000 + "\n\n# not a heading\n| a | b |"
    trial.background.rationale = hostile
    trial.population.inclusion.append(hostile)
    html = render(trial)
    doc = parsed(html)
    assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", html)
    assert "中文" in html and "हिन्दी" in html
    assert "# not a heading" in "".join(doc.text)


def test_placeholders_appear_in_html_for_an_empty_design() -> None:
    html = render(Trial())
    parsed(html)
    assert "[Give the full title: design, population, intervention, comparator]" in html
    assert "[Describe the overall design]" in html


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        ("**bold** and *em*", "<strong>bold</strong> and <em>em</em>"),
        ("a \\*literal\\* star", "a *literal* star"),
        ("unpaired ** mark", "unpaired ** mark"),
        ("x < y & z", "x &lt; y &amp; z"),
    ],
)
def test_inline_conversion(markdown: str, expected: str) -> None:
    assert inline_html(markdown) == expected


def test_block_conversion() -> None:
    html = markdown_to_html(
        "## 1 Title\n\npara one\nstill one\n\n- a\n- b\n\n1. x\n2. y\n\n"
        "| h1 | h2 |\n|---|---|\n| c \\| d | e |\n\n| v | w |\n|---|:-:|\n| X |  |\n"
    )
    assert '<h2 id="1-title">1 Title</h2>' in html
    assert "<p>para one still one</p>" in html
    assert "<ul><li>a</li><li>b</li></ul>" in html
    assert "<ol><li>x</li><li>y</li></ol>" in html
    assert "<td>c | d</td><td>e</td>" in html
    assert "<th>v</th><th>w</th></tr></thead><tbody><tr><td>X</td><td></td></tr>" in html


def test_schedule_of_activities_is_a_table() -> None:
    html = render(load_trial(MAIN))
    soa = html.split('<h3 id="1-3-schedule-of-activities">', 1)[1].split("<h", 1)[0]
    assert soa.count("<table>") == 1
    assert soa.count("<tr>") == 1 + 13


def test_power_curve_is_inline_svg_with_text_kept_as_text() -> None:
    html = render(load_trial(MAIN))
    figure = html.split('<figure class="power-curve">', 1)[1].split("</figure>", 1)[0]
    assert figure.startswith("<svg") and "</svg>" in figure
    assert "<text" in figure and "Power</text>" in figure
    assert "<figcaption>Power of the primary analysis" in figure
    ids = re.findall(r'\bid="([^"]+)"', figure)
    assert ids == ["power-curve"]


def test_contents_lists_every_section_with_a_link_to_its_anchor() -> None:
    html = render(load_trial(MAIN))
    doc = parsed(html)
    nav = html.split('<nav class="contents"', 1)[1].split("</nav>", 1)[0]
    links = re.findall(r'<a href="#([^"]+)">', nav)
    anchors = re.findall(r'<h[23] id="([^"]+)">', html)
    assert links == anchors and len(links) > 30
    assert html.index("<nav") < html.index("<h2")
    assert "nav" in doc.tags


def test_participant_timeline_is_a_table_from_the_schedule() -> None:
    trial = load_trial(MAIN)
    html = render(trial)
    table = html.split('<table class="timeline">', 1)[1].split("</table>", 1)[0]
    # every X of the schedule, plus allocation (consent and eligibility are schedule rows here)
    assert table.count("<td>X</td>") == sum(len(v.assessments) for v in trial.visits) + 1
    assert table.count("<th>Informed consent</th>") == 1
    assert table.count("Treatment period") == len(trial.arms)
    assert "<svg" not in table
