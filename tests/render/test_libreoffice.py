"""LibreOffice headless converts every example's Word protocol to PDF (skipped without soffice).

The main example goes through ``trialkit render --to pdf`` (contents page numbers filled in);
the others through a plain batch conversion, one LibreOffice start for all. Each run has its
own LibreOffice profile folder, so parallel test workers never share one.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from trialkit.cli import main
from trialkit.design import load_trial
from trialkit.render import docx_pdf
from trialkit.render.docx import write_docx

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
MAIN = ROOT / "examples" / "anakinra-t1d.yaml"
CONTENTS_LINE = re.compile(r"^\s*(\d+(?:\.\d+)*) (.+?)\s*\.{3,}\s*(\d+)\s*$")


def test_five_examples_are_converted() -> None:
    assert len(EXAMPLES) == 5


@pytest.mark.slow
@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_every_other_example_converts_to_pdf(tmp_path: Path) -> None:
    documents = []
    others = [e for e in EXAMPLES if e != MAIN]
    for example in others:
        documents.append(write_docx(load_trial(example), tmp_path / f"{example.stem}.docx"))
    profile = tmp_path / "lo-profile"
    out = tmp_path / "pdf"
    completed = subprocess.run(
        [str(SOFFICE), f"-env:UserInstallation={profile.as_uri()}", "--headless",
         "--norestore", "--convert-to", "pdf", "--outdir", str(out), *map(str, documents)],
        capture_output=True, text=True, timeout=600, check=False,
    )
    assert completed.returncode == 0, completed.stderr
    for document, example in zip(documents, others, strict=True):
        pdf = out / f"{document.stem}.pdf"
        assert pdf.is_file(), f"{example.name}: no PDF ({completed.stdout} {completed.stderr})"
        data = pdf.read_bytes()
        assert data.startswith(b"%PDF")
        pages = len(re.findall(rb"/Type\s*/Page\b", data))
        assert pages >= 10, f"{example.name}: only {pages} pages"
        if shutil.which("pdftotext"):
            text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True,
                                  text=True, timeout=120, check=True).stdout
            protocol_id = load_trial(example).title_page.protocol_id
            assert protocol_id and protocol_id in text
            assert "Schedule of activities" in text


@pytest.mark.slow
@pytest.mark.skipif(SOFFICE is None or docx_pdf.find_uno_python(Path(SOFFICE)) is None,
                    reason="LibreOffice (soffice) with its Python bridge is not installed")
def test_render_to_pdf_fills_in_the_contents_page_numbers(tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    output = tmp_path / "protocol.pdf"
    assert main(["render", str(MAIN), "--to", "pdf", "-o", str(output)]) == 0
    assert output.read_bytes().startswith(b"%PDF")
    assert f"wrote {output}" in capsys.readouterr().out
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
