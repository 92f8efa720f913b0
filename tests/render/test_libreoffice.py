"""LibreOffice headless converts every example's Word protocol to PDF (skipped without soffice).

All five examples go through ``docx_pdf.docx_to_pdfs`` in one LibreOffice start (indexes
updated, as ``trialkit render --to pdf`` does); ``render --to pdf`` itself is run on the main
example with that conversion's PDF standing in for a second start. The conversion has its own
LibreOffice profile folder, so parallel test workers never share one.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from tests.render import examples
from trialkit.cli import main
from trialkit.design import load_trial
from trialkit.render import docx_pdf

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
UNO = SOFFICE is not None and docx_pdf.find_uno_python(Path(SOFFICE)) is not None
MAIN = examples.ROOT / "examples" / f"{examples.MAIN}.yaml"
pytestmark = pytest.mark.xdist_group("libreoffice")
"""The tests reading the one conversion run on one worker, so LibreOffice starts once."""
CONTENTS_LINE = re.compile(r"^\s*(\d+(?:\.\d+)*) (.+?)\s*\.{3,}\s*(\d+)\s*$")


def test_five_examples_are_converted() -> None:
    assert len(examples.EXAMPLES) == 5


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every example's PDF, from one LibreOffice start."""
    stems = [example.stem for example in examples.EXAMPLES]
    folder = tmp_path_factory.mktemp("pdf")
    converted = docx_pdf.docx_to_pdfs([examples.word_file(stem) for stem in stems])
    paths = {}
    for stem, data in zip(stems, converted, strict=True):
        paths[stem] = folder / f"{stem}.pdf"
        paths[stem].write_bytes(data)
    return paths


@pytest.mark.slow
@pytest.mark.skipif(not UNO, reason="LibreOffice (soffice) with its Python bridge is not installed")
@pytest.mark.parametrize("example", [e.stem for e in examples.EXAMPLES])
def test_every_example_converts_to_pdf(pdfs: dict[str, Path], example: str) -> None:
    data = pdfs[example].read_bytes()
    assert data.startswith(b"%PDF")
    pages = len(re.findall(rb"/Type\s*/Page\b", data))
    assert pages >= 10, f"{example}: only {pages} pages"
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(pdfs[example]), "-"], capture_output=True,
                              text=True, timeout=120, check=True).stdout
        protocol_id = load_trial(examples.ROOT / "examples" / f"{example}.yaml").title_page.protocol_id
        assert protocol_id and protocol_id in text, f"{example}: no protocol id in the PDF"
        assert "Schedule of activities" in text


@pytest.mark.slow
@pytest.mark.skipif(not UNO, reason="LibreOffice (soffice) with its Python bridge is not installed")
def test_render_to_pdf_writes_the_converted_word_protocol(
        pdfs: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The command converts the main example's Word file; the fixture's conversion of the
    same file stands in for LibreOffice (a second start costs seconds)."""
    converted: list[str] = []

    def convert(source: Path) -> bytes:
        with zipfile.ZipFile(source) as package:
            converted.append(package.read("word/document.xml").decode())
        return pdfs[examples.MAIN].read_bytes()

    monkeypatch.setattr(docx_pdf, "docx_to_pdf", convert)
    output = tmp_path / "protocol.pdf"
    assert main(["render", str(MAIN), "--to", "pdf", "-o", str(output)]) == 0
    assert output.read_bytes() == pdfs[examples.MAIN].read_bytes()
    assert f"wrote {output}" in capsys.readouterr().out
    protocol_id = load_trial(MAIN).title_page.protocol_id
    assert len(converted) == 1 and protocol_id and protocol_id in converted[0]


@pytest.mark.slow
@pytest.mark.skipif(not UNO, reason="LibreOffice (soffice) with its Python bridge is not installed")
def test_the_pdf_fills_in_the_contents_page_numbers(pdfs: dict[str, Path]) -> None:
    output = pdfs[examples.MAIN]
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed to read the PDF")
    pages = subprocess.run(["pdftotext", "-layout", str(output), "-"], capture_output=True,
                           text=True, timeout=120, check=True).stdout.split("\f")
    contents = next(i for i, page in enumerate(pages) if "Table of contents" in page)
    entries = [CONTENTS_LINE.match(line) for line in pages[contents].splitlines()]
    numbered = [(m.group(1), int(m.group(3))) for m in entries if m]
    assert len(numbered) > 20, pages[contents]
    assert numbered[0][0] == "1" and numbered[0][1] > contents + 1
    assert [page for _, page in numbered] == sorted(page for _, page in numbered)
    title, page = numbered[0][0] + " ", numbered[0][1]
    assert any(line.startswith(title) for line in pages[page - 1].splitlines()), (
        "the contents' page for section 1 does not hold its heading")
    assert "Page numbers appear when fields are updated" not in pages[contents]
    carlito = shutil.which("fc-list") and "Carlito" in subprocess.run(
        ["fc-list"], capture_output=True, text=True, check=False).stdout
    if carlito and shutil.which("pdffonts"):  # Calibri named, its metric twin laid out
        fonts = subprocess.run(["pdffonts", str(output)], capture_output=True, text=True,
                               timeout=60, check=True).stdout
        assert "Carlito" in fonts, fonts


def test_pdf_without_libreoffice_is_one_line_saying_how_to_install_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(docx_pdf, "find_soffice", lambda: None)
    output = tmp_path / "protocol.pdf"
    assert main(["render", str(MAIN), "--to", "pdf", "-o", str(output)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "LibreOffice" in err and "apt-get install" in err
    assert not output.exists() and list(tmp_path.iterdir()) == []
