"""The protocol is rendered once: the Markdown the checklist is judged on is the one written.

``trialkit render`` used to render the templates twice (once to judge the SPIRIT checklist
from the prompts printed, once for the output); ``printed_context`` keeps the first render.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import yaml

from trialkit.cli import main
from trialkit.design import load_trial
from trialkit.design.evidence_link import EvidenceLink
from trialkit.render import markdown
from trialkit.render.context import build_context
from trialkit.render.printed import assess_as_printed
from trialkit.render.templates import template_folders

ROOT = Path(__file__).resolve().parents[2]
MAIN = ROOT / "examples" / "ld-il2-sle.yaml"


@pytest.fixture
def renders(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the renders of the protocol template."""
    count = [0]
    original = markdown.protocol_chunks

    def counted(*args: Any) -> Iterator[str]:
        count[0] += 1
        return original(*args)

    monkeypatch.setattr(markdown, "protocol_chunks", counted)
    return count


def _checklist_rows(text: str) -> dict[str, str]:
    appendix = text.split("SPIRIT 2025 checklist", 1)[1].split("12.2 Abbreviations", 1)[0]
    return {line.split("|")[1].strip(): line.rsplit("|", 2)[1].strip()
            for line in appendix.splitlines() if line.startswith("| ") and "---" not in line
            and not line.startswith("| Item")}


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_render_renders_the_templates_once(renders: list[int], tmp_path: Path, fmt: str) -> None:
    assert main(["render", str(MAIN), "--to", fmt, "-o", str(tmp_path / f"p.{fmt}")]) == 0
    assert renders[0] == 1, f"render --to {fmt} rendered the protocol template {renders[0]} times"


def test_check_renders_the_templates_once(
        renders: list[int], capsys: pytest.CaptureFixture[str]) -> None:
    main(["check", str(MAIN)])
    capsys.readouterr()
    assert renders[0] == 1, f"check rendered the protocol template {renders[0]} times"


def test_the_kept_markdown_is_the_final_contexts_document() -> None:
    trial = load_trial(MAIN)
    context = build_context(trial)
    kept = markdown.render_markdown(trial, context=context, markers=True)
    fresh = markdown.render_markdown(trial, context=replace(context), markers=True)
    assert kept == fresh, "the kept Markdown differs from a render of the context it belongs to"
    rows = _checklist_rows(kept)
    for row in context.assessment.coverage("2025"):
        assert rows[row.id].startswith(row.status_words), (row.id, rows[row.id], row.status)


def test_a_template_printing_the_checklist_first_is_judged_on_the_whole_document(
        renders: list[int], tmp_path: Path) -> None:
    """The checklist is judged when the templates ask for it; printed before the sections,
    it is rendered again from the whole document rather than judged on nothing."""
    data = yaml.safe_load(MAIN.read_text(encoding="utf-8"))
    data["ethics"].pop("insurance")
    design = tmp_path / "variant.yaml"
    design.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    packaged = (template_folders(None)[-1] / "protocol.md.j2").read_text(encoding="utf-8")
    appendix = '{% include "sections/appendices.md.j2" %}'
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "protocol.md.j2").write_text(
        appendix + "\n\n" + packaged.replace(appendix, ""), encoding="utf-8")
    trial = load_trial(design)
    text = markdown.render_markdown(trial, templates=folder)
    assert renders[0] == 2, "the checklist printed first was not rendered again"
    assessment = assess_as_printed(trial, EvidenceLink.open(), folder)
    rows = _checklist_rows(text)
    assert rows["34"].startswith("partly addressed"), rows["34"]
    for row in assessment.coverage("2025"):
        assert rows[row.id].startswith(row.status_words), (row.id, rows[row.id], row.status)
