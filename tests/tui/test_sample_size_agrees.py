"""The sample-size step shows the design's one assessment: the numbers ``trialkit check`` prints,
the justification and the sensitivity table the protocol prints (issue 9, one source of truth).

Each example is opened in the UI and its sample-size step read as a person sees it; check is
run as a person runs it, and the protocol's rows come from the render context. A step that sizes
the design on its own (the single-arm pilot at its smallest n instead of its planned enrolment,
a three-arm trial counted as two arms, a sensitivity table of its own) differs here.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual.widgets import DataTable, Static

from tests.tui.conftest import editor_at
from trialkit.cli import main
from trialkit.design import load_trial
from trialkit.design.evidence_link import EvidenceLink
from trialkit.render.printed import printed_context
from trialkit.tui.app import make_app

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted(p.name for p in (ROOT / "examples").glob("*.yaml"))


def _check_line(design: Path, capsys: pytest.CaptureFixture[str]) -> str:
    """What ``trialkit check`` says of the size: '33 analysed, 33 to enrol'."""
    main(["check", str(design)])
    out = capsys.readouterr().out
    line = next(x for x in out.splitlines() if x.startswith("Sample size: "))
    return line.removeprefix("Sample size: ").split(" (", 1)[0]


def _cells(table: DataTable) -> list[tuple[str, ...]]:
    return [tuple(str(getattr(c, "plain", c)) for c in table.get_row_at(i))
            for i in range(table.row_count)]


def test_the_examples_are_all_here():
    assert len(EXAMPLES) == 5, EXAMPLES


@pytest.mark.parametrize("name", EXAMPLES)
async def test_the_step_states_what_check_and_the_protocol_state(
        name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    design = tmp_path / name
    shutil.copy(ROOT / "examples" / name, design)
    checked = _check_line(design, capsys)
    context = printed_context(load_trial(design), EvidenceLink.open(None))
    assessment = context.assessment
    stated = assessment.stated
    assert stated is not None and context.sizing is not None
    app = make_app(design, offer_recovery=False)
    async with app.run_test(size=(120, 40)) as pilot:
        step = (await editor_at(pilot, "sample_size")).pane("sample_size")
        line = str(step.query_one("#ss-result", Static).render())
        assert line.startswith(f"{checked}  |  power {stated.power:.1%}"), (line, checked)
        if assessment.assurance is not None:
            assert f"assurance {assessment.assurance.assurance:.1%}" in line
        else:
            assert "assurance" not in line
        shown = str(step.query_one("#ss-justification", Static).render())
        assert shown == assessment.justification
        rows = _cells(step.query_one("#ss-sensitivity", DataTable))
        assert rows == [(r.label, r.value, str(r.analysed), str(r.enrolled), r.power, r.change)
                        for r in context.sizing.sensitivity]
