"""Hostile text in any field still yields a valid .docx that re-opens, printed literally."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree

from trialkit.design import Trial, load_trial
from trialkit.design.evidence_link import EvidenceLink
from trialkit.render.docx import write_docx

MAIN = Path(__file__).resolve().parents[2] / "examples" / "anakinra-t1d.yaml"
CONTROL = "".join(chr(c) for c in [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20)])
SCRIPTS = "中文标题 العربية עברית हिन्दी Ελληνικά 😀🧪 e\u0301"
TEMPLATE_CODE = "{{ 7*7 }} {% if true %}yes{% endif %} {# note #} $\\frac{ $x^{"
MARKUP = "**not bold** | pipe | [not a placeholder] # hash <w:t>&amp;"
XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def xml_parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {n: archive.read(n) for n in archive.namelist() if n.endswith(".xml")}


def document_text(path: Path) -> str:
    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    parts += [c.text for t in document.tables for r in t.rows for c in r.cells]
    for section in document.sections:
        parts += [p.text for p in section.header.paragraphs]
    return "\n".join(parts)


def write(trial: Trial, tmp_path: Path) -> Path:
    return write_docx(trial, tmp_path / "hostile.docx", evidence=EvidenceLink.empty())


def assert_valid(path: Path) -> None:
    for name, data in xml_parts(path).items():
        etree.fromstring(data)  # raises on malformed XML
        assert not XML_INVALID.search(data.decode("utf-8")), name
    assert docx.Document(str(path)).paragraphs


@pytest.fixture(scope="module")
def hostile_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The main example with control characters, scripts, template code and markup in its
    fields, written once for the tests that read it."""
    trial = load_trial(MAIN)
    trial.title_page.full_title = f"Title {CONTROL} {SCRIPTS}"
    trial.title_page.acronym = f"AC{CONTROL}RO"
    trial.title_page.protocol_id = f"ID-{SCRIPTS}"
    trial.background.rationale = f"{TEMPLATE_CODE} {MARKUP} {CONTROL}"
    trial.population.inclusion.append(f"{SCRIPTS} {MARKUP}")
    trial.arms[0].name = f"Arm {CONTROL}{SCRIPTS}"
    trial.assessments[0].name = f"Assessment {CONTROL} {TEMPLATE_CODE}"
    return write(trial, tmp_path_factory.mktemp("hostile"))


def test_control_characters_are_removed_everywhere(hostile_file: Path) -> None:
    assert_valid(hostile_file)
    text = document_text(hostile_file)
    assert "ACRO" in text and f"Title  {SCRIPTS}" in text and "AC\nRO" not in text


def test_non_latin_scripts_and_emoji_survive(hostile_file: Path) -> None:
    text = document_text(hostile_file)
    assert SCRIPTS in text
    assert f"ID-{SCRIPTS}" in text


def test_template_code_and_markup_in_user_text_are_printed_literally(hostile_file: Path) -> None:
    text = document_text(hostile_file)
    assert TEMPLATE_CODE in text and "49" not in text.split(TEMPLATE_CODE)[0][-5:]
    assert MARKUP in text
    document = docx.Document(str(hostile_file))
    runs = [r for p in document.paragraphs for r in p.runs if "[not a placeholder]" in r.text]
    assert runs and not any(r.font.highlight_color for r in runs)
    assert not any(r.bold for r in runs)


def test_hundred_thousand_characters_in_one_field(tmp_path: Path) -> None:
    trial = load_trial(MAIN)
    long_text = ("word " * 20_000).strip()
    assert len(long_text) >= 99_999
    trial.background.rationale = long_text
    trial.synopsis = "x" * 100_000
    trial.population.description = long_text
    path = write(trial, tmp_path)
    assert_valid(path)
    text = document_text(path)
    assert long_text in text and "x" * 100_000 in text


def test_empty_and_hostile_minimal_design(tmp_path: Path) -> None:
    trial = Trial()
    trial.title_page.full_title = CONTROL
    trial.title_page.acronym = SCRIPTS
    path = write(trial, tmp_path)
    assert_valid(path)
    assert SCRIPTS in document_text(path)

