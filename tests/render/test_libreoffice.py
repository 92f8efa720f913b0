"""LibreOffice headless converts every example's Word protocol to PDF (skipped without soffice).

Each run has its own LibreOffice profile folder, so parallel test workers never share one.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from trialkit.design import load_trial
from trialkit.render.docx import write_docx

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def test_five_examples_are_converted() -> None:
    assert len(EXAMPLES) == 5


@pytest.mark.slow
@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_every_example_converts_to_pdf(tmp_path: Path) -> None:
    documents = []
    for example in EXAMPLES:
        documents.append(write_docx(load_trial(example), tmp_path / f"{example.stem}.docx"))
    profile = tmp_path / "lo-profile"
    out = tmp_path / "pdf"
    completed = subprocess.run(
        [str(SOFFICE), f"-env:UserInstallation={profile.as_uri()}", "--headless",
         "--norestore", "--convert-to", "pdf", "--outdir", str(out), *map(str, documents)],
        capture_output=True, text=True, timeout=600, check=False,
    )
    assert completed.returncode == 0, completed.stderr
    for document, example in zip(documents, EXAMPLES, strict=True):
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
