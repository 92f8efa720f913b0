"""Convert .docx files to PDF in LibreOffice with their indexes updated (run by a Python with ``uno``).

``python docx_pdf_uno.py SOFFICE PROFILE_URL SOURCE_URL TARGET_URL [SOURCE_URL TARGET_URL ...]``
starts LibreOffice headless with its own profile folder and, for each document, loads it
hidden, keeps whole the tables Word would keep whole, updates every index (the table of
contents gets its page numbers; a plain ``--convert-to pdf`` leaves them empty) and the
fields, and exports the PDF; then it stops LibreOffice (one start for all the documents).
It imports nothing of trialkit, because it runs under the Python that carries LibreOffice's
``uno`` module, which may not be the one running trialkit.
"""

from __future__ import annotations

import contextlib
import subprocess
import sys
import time
import uuid
from typing import Any

START_SECONDS = 90.0
"""How long LibreOffice may take to start and accept the connection."""


def _property(name: str, value: Any) -> Any:
    from com.sun.star.beans import PropertyValue

    prop = PropertyValue()
    prop.Name, prop.Value = name, value
    return prop


def _connect(pipe: str, office: subprocess.Popen[bytes]) -> Any:
    """The office's component context, once it accepts connections on ``pipe``."""
    import uno
    from com.sun.star.connection import NoConnectException

    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.monotonic() + START_SECONDS
    while True:
        try:
            return resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
        except NoConnectException:
            if office.poll() is not None or time.monotonic() > deadline:
                raise SystemExit("LibreOffice did not start") from None
            time.sleep(0.1)


def _keep_small_tables_whole(document: Any) -> None:
    """Word keeps a table whole when its rows' paragraphs keep with the next one; LibreOffice
    does not read it so, so such tables are told not to split."""
    tables = document.getTextTables()
    for position in range(tables.getCount()):
        table = tables.getByIndex(position)
        names = table.getCellNames()
        if not names:
            continue
        paragraphs = table.getCellByName(names[0]).getText().createEnumeration()
        if paragraphs.hasMoreElements() and paragraphs.nextElement().getPropertyValue(
                "ParaKeepTogether"):
            table.setPropertyValue("Split", False)


def convert(soffice: str, profile_url: str, *urls: str) -> None:
    """Export each source (a .docx) of ``urls`` (source, target, source, target ...) to the
    target after it (PDF) with updated indexes."""
    if not urls or len(urls) % 2:
        raise SystemExit("give a target PDF for each Word file")
    pipe = f"trialkit-{uuid.uuid4().hex}"
    office = subprocess.Popen(
        [soffice, f"-env:UserInstallation={profile_url}", "--headless", "--invisible",
         "--norestore", "--nologo", "--nodefault", "--nolockcheck",
         f"--accept=pipe,name={pipe};urp;"],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    desktop = None
    try:
        context = _connect(pipe, office)
        desktop = context.ServiceManager.createInstanceWithContext(
            "com.sun.star.frame.Desktop", context)
        for source_url, target_url in zip(urls[::2], urls[1::2], strict=True):
            _export(desktop, source_url, target_url)
    finally:
        if desktop is not None:
            with contextlib.suppress(Exception):  # the office drops the bridge as it quits
                desktop.terminate()
        try:
            office.wait(timeout=30)
        except subprocess.TimeoutExpired:
            office.kill()
            office.wait()


def _export(desktop: Any, source_url: str, target_url: str) -> None:
    document = desktop.loadComponentFromURL(source_url, "_blank", 0, (_property("Hidden", True),))
    if document is None:
        raise SystemExit("LibreOffice could not open the Word file")
    _keep_small_tables_whole(document)
    indexes = document.getDocumentIndexes()
    for _ in range(2):  # the second pass sees the page numbers the first one settled
        for position in range(indexes.getCount()):
            indexes.getByIndex(position).update()
        document.getTextFields().refresh()
    document.storeToURL(target_url, (_property("FilterName", "writer_pdf_Export"),))
    document.close(True)


if __name__ == "__main__":
    convert(*sys.argv[1:])
