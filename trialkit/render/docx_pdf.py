"""The protocol as PDF: the Word file converted by LibreOffice headless, contents page numbers in.

A plain ``soffice --convert-to pdf`` leaves a Word table of contents without page numbers
(LibreOffice does not update indexes on loading), so the conversion runs
``docx_pdf_uno`` under a Python that has LibreOffice's ``uno`` module: it updates the
indexes, then exports. Each conversion has its own LibreOffice profile folder, so parallel
runs never share one. Nothing here is imported until a PDF is asked for.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from trialkit.errors import TrialkitError

if TYPE_CHECKING:
    from trialkit.design.model import Trial

INSTALL_HINT = (
    "PDF output needs LibreOffice: install it (Debian or Ubuntu: apt-get install "
    "libreoffice-writer-nogui python3-uno; elsewhere from libreoffice.org) and try again, "
    "or write --to docx"
)
CONVERT_SECONDS = 300
SOFFICE_PLACES = (
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
    r"C:\Program Files\LibreOffice\program\soffice.exe",
)


class LibreOfficeMissing(TrialkitError):
    """PDF output was asked for but LibreOffice (or its Python bridge) is not installed."""


def find_soffice() -> Path | None:
    """LibreOffice's ``soffice`` on the PATH or in its usual install folder, or None."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return Path(found)
    return next((Path(p) for p in SOFFICE_PLACES if Path(p).is_file()), None)


def find_uno_python(soffice: Path) -> str | None:
    """A Python that can import ``uno``: LibreOffice's own (macOS, Windows) or the system's."""
    program = soffice.resolve().parent
    candidates = [
        program / "python", program / "python.exe", program.parent / "Resources" / "python",
        Path(sys.executable), Path("/usr/bin/python3"),
    ]
    for candidate in candidates:
        if candidate.is_file() and _imports_uno(str(candidate)):
            return str(candidate)
    return None


def _imports_uno(python: str) -> bool:
    try:
        done = subprocess.run([python, "-c", "import uno"], capture_output=True, timeout=30,
                              check=False)
    except (OSError, subprocess.SubprocessError):
        return False
    return done.returncode == 0


def converter() -> tuple[Path, str]:
    """LibreOffice's ``soffice`` and a Python with its bridge; LibreOfficeMissing otherwise."""
    soffice = find_soffice()
    python = find_uno_python(soffice) if soffice is not None else None
    if soffice is None or python is None:
        raise LibreOfficeMissing(INSTALL_HINT)
    return soffice, python


def docx_to_pdf(source: Path) -> bytes:
    """The PDF of a .docx file, its indexes updated; LibreOfficeMissing without LibreOffice."""
    return docx_to_pdfs([source])[0]


def docx_to_pdfs(sources: Sequence[Path]) -> list[bytes]:
    """The PDFs of .docx files (indexes updated), converted in one LibreOffice start."""
    soffice, python = converter()
    script = Path(__file__).with_name("docx_pdf_uno.py")
    with tempfile.TemporaryDirectory(prefix="trialkit-pdf-") as work:
        targets = [Path(work) / f"{index}.pdf" for index in range(len(sources))]
        profile = Path(work) / "libreoffice-profile"
        urls = [url for source, target in zip(sources, targets, strict=True)
                for url in (source.resolve().as_uri(), target.as_uri())]
        try:
            done = subprocess.run(
                [python, str(script), str(soffice), profile.as_uri(), *urls],
                capture_output=True, text=True, timeout=CONVERT_SECONDS * len(sources),
                check=False,
                env={k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")},
            )
        except subprocess.TimeoutExpired:
            raise TrialkitError(f"LibreOffice did not finish the PDF within "
                                f"{CONVERT_SECONDS * len(sources)} s") from None
        if done.returncode != 0 or not all(target.is_file() for target in targets):
            reason = (done.stderr.strip().splitlines() or ["no PDF was written"])[-1]
            raise TrialkitError(f"LibreOffice could not convert the protocol to PDF: {reason}")
        return [target.read_bytes() for target in targets]


def write_pdf(trial: Trial, path: str | os.PathLike[str], *, replace: bool = True,
              **docx_options: Any) -> Path:
    """Write the protocol of ``trial`` as PDF to ``path`` atomically and return the path.

    ``docx_options`` go to ``write_docx`` (templates, evidence, context).
    """
    from trialkit.files import atomic_write
    from trialkit.render.docx import write_docx

    target = Path(path)
    converter()
    with tempfile.TemporaryDirectory(prefix="trialkit-docx-") as work:
        document = write_docx(trial, Path(work) / "protocol.docx", **docx_options)
        data = docx_to_pdf(document)
    atomic_write(target, data, replace=replace)
    return target
