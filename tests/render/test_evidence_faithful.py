"""The background and adverse-event sections keep every qualifier an evidence record carries.

Su et al. (Immun Inflamm Dis, 2024) reported no serious adverse events, a Th17 effect only in
the daily 0.5 MIU subgroup; the stem-cell letter (2009) only suspects its harms; Larsen et al.
(Diabetes Care, 2009) note that the IL-6 units are as printed in the abstract.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from trialkit.design import load_trial
from trialkit.render.context import build_context
from trialkit.render.markdown import render_markdown

ROOT = Path(__file__).resolve().parents[2]


@cache
def protocol(name: str) -> str:
    trial = load_trial(ROOT / "examples" / f"{name}.yaml")
    return render_markdown(trial, context=build_context(trial))


def section(text: str, start: str, end: str) -> str:
    return text[text.index(start):text.index(end, text.index(start))]


def test_sle_keeps_no_serious_adverse_events_and_never_lists_them_as_reported() -> None:
    background = section(protocol("ld-il2-sle"), "### 2.1", "### 2.2")
    assert "No serious adverse events reported" in background
    reported = [line for line in background.splitlines() if "Adverse events reported" in line]
    assert reported and all("serious" not in line for line in reported)


def test_sle_th17_effect_keeps_its_subgroup() -> None:
    background = section(protocol("ld-il2-sle"), "### 2.1", "### 2.2")
    (line,) = [ln for ln in background.splitlines() if "1.121" in ln]
    assert "Th17" in line and "subgroup 0.5 million IU subcutaneously daily for 5 days" in line


def test_suspected_harms_are_printed_as_suspected() -> None:
    text = protocol("bm-stemcell-t2d-pilot")
    background = section(text, "### 2.1", "### 2.2")
    assert re.search(r"Harms suspected, not established by the source: unknown long-term", background)
    assert "Adverse events reported" not in background
    table = section(text, "Expected adverse events", "Safety stopping rules")
    row = next(ln for ln in table.splitlines() if ln.startswith("| Unknown long-term effects"))
    assert "suspected in the source" in row


def test_record_notes_and_units_are_printed() -> None:
    background = section(protocol("anakinra-t1d"), "### 2.1", "### 2.2")
    (line,) = [ln for ln in background.splitlines() if "interleukin-6" in ln]
    assert "-1.4 mg/l" in line and "Note: Units are as printed in the abstract" in line


def test_hand_entered_background_is_the_investigators_own() -> None:
    background = section(protocol("ld-il2-sle"), "### 2.1", "### 2.2")
    lead = background.index("investigators' summary")
    assert lead < background.index("Low-dose IL-2 expands Treg")
