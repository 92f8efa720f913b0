"""Plain words: Vancouver references for evidence records, typeset units, no engine names."""

from __future__ import annotations

from pathlib import Path

from trialkit.design import load_trial
from trialkit.render.context import build_context
from trialkit.render.environment import md_escape, typeset_units
from trialkit.render.markdown import render_markdown

ROOT = Path(__file__).resolve().parents[2]


def _references(name: str) -> str:
    trial = load_trial(ROOT / "examples" / f"{name}.yaml")
    text = render_markdown(trial, context=build_context(trial))
    return text[text.index("### 12.3 References"):]


def test_evidence_references_are_vancouver() -> None:
    refs = _references("ld-il2-sle")
    # Su et al., Immun Inflamm Dis 2024;12(1):e1165 (PMID 38270322), six authors.
    assert ("1. Su QY, Luo J, Wang XM, Di JK, Cao YX, Zhang SX. Efficacy, safety and the "
            "lymphocyte subsets") in refs
    assert "Immun Inflamm Dis. 2024;12(1):e1165. PMID: 38270322." in refs
    assert "Su, Qin-Yi" not in refs


def test_a_source_without_authors_starts_with_its_title() -> None:
    refs = _references("bm-stemcell-t2d-pilot")
    assert "1. Stem cells and Type 2 diabetes." in refs
    assert "Author not named" not in refs and "Anonymous" not in refs


def test_units_are_typeset() -> None:
    assert typeset_units("below 1.5 x 10^9/L") == "below 1.5 \u00d7 10\u2079/L"
    assert typeset_units("2*10^-3/mL") == "2 \u00d7 10\u207b\u00b3/mL"
    assert typeset_units("x^10^2 and 10^2 items") == "x^10^2 and 10^2 items"
    assert "10\u2079/L" in md_escape("Neutrophils below 1.0 x 10^9/L")
    trial = load_trial(ROOT / "examples" / "anakinra-t1d.yaml")
    text = render_markdown(trial, context=build_context(trial))
    assert "10^9" not in text and "10\u2079/L" in text
