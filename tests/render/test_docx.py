"""Word protocol read back with python-docx: structure, fields, tables, figures, engine numbers."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_COLOR_INDEX
from docx.oxml.ns import qn

from tests.render import docx_reading, examples
from trialkit.design import Trial, load_trial
from trialkit.design.evidence_link import EvidenceLink
from trialkit.design.sizing import size_trial
from trialkit.files import OutputError
from trialkit.render.docx import write_docx

ROOT = Path(__file__).resolve().parents[2]
MAIN = ROOT / "examples" / "anakinra-t1d.yaml"

M11_ORDER = (
    "Protocol summary", "Introduction", "objectives", "design", "population", "interventions",
    "Discontinuation", "assessments", "Adverse events", "Statistical", "oversight", "Appendices",
)
"""ICH M11 (final, November 2025) section order, one distinctive word per section."""


@pytest.fixture(scope="module")
def main_doc() -> Any:
    return docx.Document(str(examples.word_file(examples.MAIN)))


@pytest.fixture(scope="module")
def example_docs() -> dict[str, Any]:
    return {path.stem: docx.Document(str(examples.word_file(path.stem)))
            for path in examples.EXAMPLES}


@pytest.fixture(scope="module")
def empty_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Word protocol of an empty design, written to a new file."""
    path = tmp_path_factory.mktemp("docx") / "empty.docx"
    assert write_docx(Trial(), path, evidence=EvidenceLink.empty()) == path
    return path


@pytest.fixture(scope="module")
def empty_doc(empty_file: Path) -> Any:
    return docx.Document(str(empty_file))


@pytest.fixture(scope="module")
def edited_main(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The main example with a named investigator and a sponsor whose name is markup."""
    trial = load_trial(MAIN)
    trial.title_page.investigators[0].name = "Ada Lovelace"
    trial.title_page.sponsor.name = 'A & B <Trials> "Ltd"'
    return write_docx(trial, tmp_path_factory.mktemp("docx") / "edited.docx")


def styled(document: Any) -> list[tuple[str, Any]]:
    """Each body paragraph with its style's name (python-docx's ``paragraph.style`` searches
    every style of the document for each paragraph)."""
    names = {s.style_id: s.name for s in document.styles}
    default = document.styles.default(WD_STYLE_TYPE.PARAGRAPH).name
    return [(names.get(p._p.style, default) if p._p.style else default, p)
            for p in document.paragraphs]


def headings(document: Any, level: int) -> list[str]:
    return [p.text for name, p in styled(document) if name == f"Heading {level}"]


def all_text(document: Any) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def table_starting(document: Any, first_header: str) -> Any:
    return next(t for t in document.tables if t.rows[0].cells[0].text == first_header)


def section_of_table(document: Any, table: Any) -> Any:
    """The section a body table belongs to (a section ends at a paragraph holding a sectPr)."""
    index = 0
    for child in document.element.body:
        if child is table._tbl:
            return document.sections[index]
        if child.tag == qn("w:p") and child.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None:
            index += 1
    raise AssertionError("table not in body")


def test_numbered_headings_use_heading_styles_in_m11_order(main_doc: Any) -> None:
    markdown = examples.markdown(examples.MAIN)
    expected = re.findall(r"^## (.+)$", markdown, flags=re.MULTILINE)
    level_1 = headings(main_doc, 1)
    assert level_1 == expected
    positions = [next(i for i, h in enumerate(level_1) if word.lower() in h.lower())
                 for word in M11_ORDER]
    assert positions == sorted(positions)
    assert [h.split(" ")[0] for h in level_1] == [str(n) for n in range(1, len(level_1) + 1)]
    level_2 = headings(main_doc, 2)
    for title in ("1.1 Protocol synopsis", "1.2 Trial schema", "1.3 Schedule of activities",
                  "10.7 Sample size determination", "12.3 References"):
        assert title in level_2


def test_title_page_carries_the_m11_fields(main_doc: Any) -> None:
    trial = load_trial(MAIN)
    page = trial.title_page
    first_page = "\n".join(p.text for p in main_doc.paragraphs[:6])
    assert page.full_title in first_page and page.acronym in first_page
    title_table = main_doc.tables[0]
    fields = {row.cells[0].text: row.cells[1].text for row in title_table.rows}
    assert fields["Sponsor protocol identifier"] == page.protocol_id
    assert fields["Version and date"] == f"{page.version}, {page.version_date.isoformat()}"
    assert fields["Trial phase"] == page.phase
    assert page.sponsor.name == fields["Sponsor"]
    assert page.registry_ids[0].registry in fields["Trial registration"]
    contributors = main_doc.tables[1]
    assert [c.text for c in contributors.rows[0].cells] == ["Name", "Role", "Affiliation"]
    assert [r.cells[2].text for r in contributors.rows[1:]] == [
        p.affiliation for p in page.investigators
    ]


def test_sample_size_in_the_document_equals_the_engines(main_doc: Any) -> None:
    result = size_trial(load_trial(MAIN), EvidenceLink.open()).result
    assert result is not None
    table = table_starting(main_doc, "Quantity")
    values = {row.cells[0].text: row.cells[1].text for row in table.rows}
    assert values["Analysed in total"] == str(result.n_total)
    assert values["To enrol in total"] == str(result.n_total_enrolled)
    synopsis = table_starting(main_doc, "Item")
    size_row = next(r for r in synopsis.rows if r.cells[0].text == "Sample size")
    assert size_row.cells[1].text.startswith(f"{result.n_total} analysed")
    assert result.justification.split(".")[0] in all_text(main_doc)


def test_header_and_footer_show_protocol_version_date_and_page_x_of_y(main_doc: Any) -> None:
    page = load_trial(MAIN).title_page
    for section in main_doc.sections:
        header = section.header.paragraphs[0].text
        assert page.protocol_id in header and f"Version {page.version}" in header
        assert page.version_date.isoformat() in header
        footer = section.footer._element
        assert docx_reading.field_instructions(footer) == ["PAGE", "NUMPAGES"]
        assert "Page 1 of 1" in section.footer.paragraphs[0].text
    title_section = main_doc.sections[0]
    assert title_section.different_first_page_header_footer
    assert title_section.first_page_header.paragraphs[0].text == ""


def test_contents_field_updates_on_open_and_lists_the_headings(main_doc: Any) -> None:
    body = main_doc.element.body
    tocs = [i for i in docx_reading.field_instructions(body) if i.startswith("TOC")]
    assert tocs == ['TOC \\o "1-3" \\h \\z \\u']
    assert docx_reading.updates_fields_on_open(main_doc)
    toc = [(name, p) for name, p in styled(main_doc) if (p._p.style or "").startswith("TOC")]
    entries = [p.text for _, p in toc]
    names = {name for name, _ in toc}
    assert names <= {"toc 1", "toc 2", "toc 3"}
    assert entries[:2] == ["1 Protocol summary", "1.1 Protocol synopsis"]
    assert len(entries) == len(headings(main_doc, 1)) + len(headings(main_doc, 2)) + len(
        headings(main_doc, 3))


def test_schedule_of_activities_is_landscape_with_repeating_header(main_doc: Any) -> None:
    trial = load_trial(MAIN)
    table = table_starting(main_doc, "Assessment")
    assert [docx_reading.repeats_as_header(r) for r in table.rows[:3]] == [True, True, False]
    assert [c.text for c in table.rows[0].cells[1:]] == [v.name for v in trial.visits]
    assert table.rows[1].cells[1].text.startswith("Day ")
    section = section_of_table(main_doc, table)
    assert section.orientation == WD_ORIENT.LANDSCAPE
    assert section.page_width > section.page_height
    marks = sum(c.text == "X" for row in table.rows[2:] for c in row.cells[1:])
    assert marks == sum(len(v.assessments) for v in trial.visits)
    assert docx_reading.cell_fill(table.rows[0].cells[0]) is not None
    portrait = [s for s in main_doc.sections if s.orientation == WD_ORIENT.PORTRAIT]
    assert len(portrait) == len(main_doc.sections) - 1


def test_objectives_and_synopsis_tables_are_present(main_doc: Any) -> None:
    objectives = table_starting(main_doc, "Objective")
    assert [c.text for c in objectives.rows[0].cells] == ["Objective", "Endpoint", "Time point"]
    assert objectives.rows[1].cells[0].text.startswith("Primary")
    synopsis = table_starting(main_doc, "Item")
    labels = [r.cells[0].text for r in synopsis.rows]
    assert {"Title", "Design", "Population", "Primary objective", "Sample size"} <= set(labels)


def test_schema_and_power_curve_are_the_figures_and_the_timeline_a_table(main_doc: Any) -> None:
    assert len(main_doc.inline_shapes) == 2
    captions = [p.text for name, p in styled(main_doc) if name == "Caption"]
    assert captions[0].startswith("Figure 1. Trial schema")
    assert captions[1].startswith("Table 1. Participant timeline (SPIRIT figure)")
    assert captions[2].startswith("Table 2. Schedule of activities")
    figures = [c for c in captions if c.startswith("Figure")]
    result = size_trial(load_trial(MAIN), EvidenceLink.open()).result
    assert figures[1].startswith("Figure 2. Power of the primary analysis")
    assert f"N = {result.n_total}" in figures[1]


def test_participant_timeline_is_an_editable_table_from_the_schedule(main_doc: Any) -> None:
    trial = load_trial(MAIN)
    table = table_starting(main_doc, "Timepoint")
    periods = [c.text for c in table.rows[0].cells[1:]]
    assert list(dict.fromkeys(periods)) == ["Enrolment", "Allocation", "Post-allocation",
                                            "Close-out"]
    assert [docx_reading.repeats_as_header(r) for r in table.rows[:3]] == [True, True, False]
    labels = [c.text for c in table.rows[1].cells[1:]]
    assert all(label.startswith(v.name) for label, v in zip(labels, trial.visits, strict=True))
    rows = {r.cells[0].text: r for r in table.rows[2:]}
    for assessment in trial.assessments:
        marks = [c.text == "X" for c in rows[assessment.name].cells[1:]]
        assert marks == [assessment.id in v.assessments for v in trial.visits]
    for arm in trial.arms:
        assert "Treatment period" in {c.text for c in rows[arm.name].cells[1:]}
    heading = next(i for i, p in enumerate(main_doc.paragraphs) if p.text.startswith("Table 1."))
    assert main_doc.paragraphs[heading].paragraph_format.keep_with_next


def test_every_row_of_every_table_cannot_split(example_docs: dict[str, Any]) -> None:
    for name, document in example_docs.items():
        for number, table in enumerate(document.tables):
            for row in table.rows:
                tr_pr = row._tr.trPr
                assert tr_pr is not None and tr_pr.find(qn("w:cantSplit")) is not None, (
                    f"{name}: table {number + 1} ({table.rows[0].cells[0].text!r}) has a row "
                    "that may split across pages")


def test_small_tables_stay_whole_and_long_ones_may_break_between_rows(main_doc: Any) -> None:
    from trialkit.render.docx_writer import SMALL_TABLE_LINES, estimated_lines

    whole = 0
    for table in main_doc.tables:
        kept = [all(p.paragraph_format.keep_with_next for c in r.cells for p in c.paragraphs)
                for r in table.rows]
        widths = [int(c.width) for c in table.columns]
        if estimated_lines(table._tbl.tr_lst, widths) <= SMALL_TABLE_LINES:
            assert kept == [True] * (len(kept) - 1) + [False], table.rows[0].cells[0].text
            whole += 1
        else:
            assert not any(kept[1:]), table.rows[0].cells[0].text
    assert whole >= 5
    checklist = max(main_doc.tables, key=lambda t: len(t.rows))
    assert not checklist.rows[3].cells[0].paragraphs[0].paragraph_format.keep_with_next
    schedule = table_starting(main_doc, "Assessment")  # fits its landscape page: kept whole
    assert schedule.rows[3].cells[0].paragraphs[0].paragraph_format.keep_with_next


def test_file_properties_name_the_protocol_its_sponsor_now_and_trialkit(main_doc: Any) -> None:
    import datetime as dt

    from trialkit import __version__

    trial = load_trial(MAIN)
    props = main_doc.core_properties
    assert props.title == trial.title_page.full_title
    assert props.subject == trial.title_page.short_title
    assert props.author == trial.title_page.sponsor.name
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    for stamp in (props.created, props.modified):
        assert abs(stamp.replace(tzinfo=None) - now) < dt.timedelta(minutes=30)
    app = next(p for p in main_doc.part.package.parts if str(p.partname) == "/docProps/app.xml")
    assert f"<Application>trialkit {__version__}</Application>" in app.blob.decode()
    assert "Microsoft" not in app.blob.decode()


def test_named_contributors_are_the_author(edited_main: Path) -> None:
    assert docx.Document(str(edited_main)).core_properties.author == "Ada Lovelace"


def test_references_and_signature_page_are_present(main_doc: Any) -> None:
    text = all_text(main_doc)
    assert "Protocol approval and signatures" in text
    assert "Investigator agreement" in text
    headers = [[c.text for c in t.rows[0].cells] for t in main_doc.tables]
    assert ["Name", "Role", "Signature", "Date"] in headers
    context = examples.context(examples.MAIN)
    paragraphs = [p.text for p in main_doc.paragraphs]
    start = paragraphs.index("12.3 References")
    for ref in context.references:
        assert any(p.startswith(f"{ref.number}.\t") for p in paragraphs[start:])


def test_placeholders_are_italic_and_highlighted(main_doc: Any) -> None:
    runs = [r for p in main_doc.paragraphs for r in p.runs if r.text.startswith("[Give")]
    runs += [r for t in main_doc.tables for row in t.rows for c in row.cells
             for p in c.paragraphs for r in p.runs if r.text.startswith("[Give")]
    assert runs
    assert all(r.italic and r.font.highlight_color == WD_COLOR_INDEX.YELLOW for r in runs)


def test_references_in_brackets_are_not_placeholders(main_doc: Any) -> None:
    runs = [r for p in main_doc.paragraphs for r in p.runs if re.search(r"\[\d+\]", r.text)]
    assert runs
    assert not any(r.font.highlight_color for r in runs)


def test_empty_design_keeps_every_section_with_visible_placeholders(
    main_doc: Any, empty_doc: Any
) -> None:
    numbers = [h.split(" ")[0] for h in headings(empty_doc, 1)]
    assert numbers == [h.split(" ")[0] for h in headings(main_doc, 1)]
    highlighted = [r for p in empty_doc.paragraphs for r in p.runs
                   if r.font.highlight_color == WD_COLOR_INDEX.YELLOW]
    assert len(highlighted) > 40
    assert all(r.text.startswith("[") and r.text.endswith("]") for r in highlighted)
    texts = {r.text for r in highlighted}
    assert "[Add visits with days to draw the SPIRIT participant timeline]" in texts
    assert "[Compute the sample size of the primary endpoint to draw its power curve]" in texts
    assert "[List the visits (with days) and the assessments made at each]" in texts
    assert "[Define the arms to draw the trial schema]" in texts
    assert len(empty_doc.inline_shapes) == 0
    assert any(s.orientation == WD_ORIENT.LANDSCAPE for s in empty_doc.sections)


def test_write_is_atomic_and_replaces_an_existing_file(tmp_path: Path, monkeypatch: Any) -> None:
    target = tmp_path / "protocol.docx"
    target.write_bytes(b"old")
    trial = Trial()
    write_docx(trial, target, evidence=EvidenceLink.empty())
    assert docx.Document(str(target)).paragraphs
    assert sorted(p.name for p in tmp_path.iterdir()) == ["protocol.docx"]

    def failing_replace(src: Any, dst: Any) -> None:
        raise OSError("disk full")

    before = target.read_bytes()
    monkeypatch.setattr("trialkit.design.io.os.replace", failing_replace)
    with pytest.raises(OutputError, match="disk full"):
        write_docx(trial, target, evidence=EvidenceLink.empty())
    assert target.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["protocol.docx"]


def test_a_new_file_is_readable_by_others_as_the_umask_allows(empty_file: Path) -> None:
    target = empty_file
    umask = os.umask(0o022)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask


def test_importing_the_word_writer_loads_neither_python_docx_nor_pillow() -> None:
    code = (
        "import sys, trialkit.render.docx; "
        "print(sorted(m for m in ('docx', 'PIL', 'matplotlib') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_user_templates_change_the_word_body_too(tmp_path: Path) -> None:
    sections = tmp_path / "templates" / "sections"
    sections.mkdir(parents=True)
    (sections / "introduction.md.j2").write_text(
        "{# block 2 Introduction | spirit 9a 9b #}\n## 2 Our introduction\n\n"
        "{{ text['background.rationale'] }}\n",
        encoding="utf-8",
    )
    path = write_docx(load_trial(MAIN), tmp_path / "custom.docx",
                      templates_dir=tmp_path / "templates", evidence=EvidenceLink.empty())
    document = docx.Document(str(path))
    assert "2 Our introduction" in headings(document, 1)
    assert "2.2 Choice of comparator" not in headings(document, 2)


def test_a_wide_timeline_shares_the_landscape_section_with_the_schedule(tmp_path: Path) -> None:
    trial = load_trial(MAIN)
    template = trial.visits[-1]
    trial.visits = [
        template.model_copy(update={"id": f"v{i}", "name": f"Visit {i}", "day": 28 * i})
        for i in range(16)
    ]
    document = docx.Document(str(write_docx(trial, tmp_path / "wide.docx")))
    orientations = [s.orientation for s in document.sections]
    assert orientations == [WD_ORIENT.PORTRAIT, WD_ORIENT.LANDSCAPE, WD_ORIENT.PORTRAIT]
    caption = next(p for p in document.paragraphs if p.text.startswith("Table 1."))
    body = list(document.element.body)
    breaks = [i for i, el in enumerate(body)
              if el.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None]
    assert breaks[0] < body.index(caption._p) < breaks[1]


def test_main_example_has_one_landscape_section(main_doc: Any) -> None:
    orientations = [s.orientation for s in main_doc.sections]
    assert orientations == [WD_ORIENT.PORTRAIT, WD_ORIENT.LANDSCAPE, WD_ORIENT.PORTRAIT]


def test_every_contents_link_targets_a_heading_bookmark(main_doc: Any) -> None:
    body = main_doc.element.body
    anchors = [h.get(qn("w:anchor")) for h in body.iter(qn("w:hyperlink"))]
    bookmarks = {}
    for start in body.iter(qn("w:bookmarkStart")):
        paragraph = start.getparent()
        style = paragraph.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
        bookmarks[start.get(qn("w:name"))] = style.get(qn("w:val"))
    assert anchors and set(anchors) <= set(bookmarks)
    assert set(bookmarks.values()) <= {"Heading1", "Heading2", "Heading3"}
    ids = [s.get(qn("w:id")) for s in body.iter(qn("w:bookmarkStart"))]
    assert len(ids) == len(set(ids))


def test_a_long_schedule_continues_in_a_second_table(tmp_path: Path) -> None:
    trial = load_trial(MAIN)
    template = trial.visits[-1]
    trial.visits = [
        template.model_copy(update={"id": f"v{i}", "name": f"Visit {i}", "day": 7 * i})
        for i in range(20)
    ]
    document = docx.Document(str(write_docx(trial, tmp_path / "long.docx")))
    tables = [t for t in document.tables if t.rows[0].cells[0].text == "Assessment"]
    assert [len(t.columns) for t in tables] == [17, 5]
    assert tables[1].rows[0].cells[1].text == "Visit 16"
    assert all(docx_reading.repeats_as_header(t.rows[0]) for t in tables)
    marks = sum(c.text == "X" for t in tables for row in t.rows[2:] for c in row.cells[1:])
    assert marks == sum(len(v.assessments) for v in trial.visits)
    captions = [p for p in document.paragraphs if p.text.startswith("Table 2.")]
    assert [c.text.split(": ")[-1] for c in captions] == ["visits 1 to 16.", "visits 17 to 20."]
    assert [c.paragraph_format.page_break_before for c in captions] == [False, True]


def test_group_sequential_design_says_why_there_is_no_power_curve(tmp_path: Path) -> None:
    from trialkit.design.model import GroupSequentialPlan

    trial = load_trial(MAIN)
    trial.sample_size.group_sequential = GroupSequentialPlan(k=3)
    document = docx.Document(str(write_docx(trial, tmp_path / "gs.docx")))
    assert len(document.inline_shapes) == 1  # the trial schema only
    notes = [p.text for p in document.paragraphs if p.text.startswith("No power curve")]
    assert notes and "fixed-sample designs" in notes[0] and "_" not in notes[0]


def test_application_properties_stay_valid_xml_with_markup_in_the_sponsor(
        edited_main: Path) -> None:
    import zipfile
    from xml.etree import ElementTree

    with zipfile.ZipFile(edited_main) as package:
        app = ElementTree.fromstring(package.read("docProps/app.xml"))
    ns = "{http://schemas.openxmlformats.org/officeDocument/2006/extended-properties}"
    assert app.findtext(f"{ns}Company") == 'A & B <Trials> "Ltd"'
    assert app.findtext(f"{ns}Application", "").startswith("trialkit ")
