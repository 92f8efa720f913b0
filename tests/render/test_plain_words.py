"""Plain words: Vancouver references for evidence records, typeset units, no engine names."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.render import examples
from trialkit.design import load_trial
from trialkit.render.context import build_context
from trialkit.render.environment import md_escape, typeset_units
from trialkit.render.markdown import render_markdown

ROOT = Path(__file__).resolve().parents[2]


def _references(name: str) -> str:
    text = examples.markdown(name)
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
    text = examples.markdown("anakinra-t1d")
    assert "10^9" not in text and "10\u2079/L" in text


def _protocol(name: str) -> str:
    return examples.markdown(name)


def test_method_references_are_vancouver_one_work_per_number() -> None:
    from trialkit.render.sources import method_references

    # Borm GF, Fransen J, Lemmens WA. J Clin Epidemiol 2007;60:1234-1238.
    assert method_references("Borm, Fransen & Lemmens (2007) J Clin Epidemiol 60:1234-1238") == (
        "Borm GF, Fransen J, Lemmens WA. J Clin Epidemiol. 2007;60:1234-1238.",)
    both = method_references(
        "Chow, Shao & Wang (2008) Sample Size Calculations in Clinical Research, 2nd ed., "
        "§3.2; Julious (2004) Stat Med 23:1921-1986")
    assert both == ("Chow SC, Shao J, Wang H. Sample Size Calculations in Clinical Research. "
                    "2nd ed. 2008. Section 3.2.",
                    "Julious SA. Stat Med. 2004;23:1921-1986.")
    simon = method_references("Simon (1989) Control Clin Trials 10:1-10; admissible designs: "
                              "Jung, Lee, Kim & George (2004) Stat Med 23:561-569")
    assert simon[1] == "Jung SH, Lee T, Kim K, George SL. Stat Med. 2004;23:561-569."
    assert method_references("Written by hand") == ("Written by hand.",)


def test_the_method_is_named_in_words_with_a_numbered_reference() -> None:
    for name in ("anakinra-t1d", "rhigf1-t2d-insulin", "bm-stemcell-t2d-pilot"):
        text = _protocol(name)
        section = text[text.index("### 10.7"):text.index("## 11 ")]
        refs = text[text.index("### 12.3 References"):]
        assert "sqrt(" not in section and "r^2" not in section and " df " not in section
        assert " (2007) " not in text and " (2004) " not in text and " (1989) " not in text
        assert "(Chow, Shao" not in section and "(Borm" not in section
        assert " et al. (2" not in refs  # no author-year entry in the list
    text = _protocol("anakinra-t1d")
    assert "SD \u00d7 \u221a(1 \u2212 r\u00b2)" in text
    assert "Borm GF, Fransen J, Lemmens WA. J Clin Epidemiol. 2007;60:1234-1238." in text


def test_design_text_cites_records_by_their_number() -> None:
    text = _protocol("anakinra-t1d")
    refs = text[text.index("### 12.3 References"):]
    number = next(line.split(".")[0] for line in refs.splitlines()
                  if line.split(". ", 1)[-1].startswith("Moran A, Bundy B"))
    background = text[text.index("### 2.1"):text.index("### 2.2")].replace("\\", "")
    assert f"[{number}]" in background
    assert "[moran2013]" not in text and "Moran et al. 2013" not in text
    assert "(Lachin et al. 2011)" not in text


def _sizing_section(text: str) -> str:
    return text[text.index("### 10.7"):text.index("## 11 ")]


def test_evidence_conversions_cite_by_number_and_typeset_their_formulas() -> None:
    text = _protocol("il1ra-t2d-durability")
    section = _sizing_section(text)
    refs = text[text.index("### 12.3 References"):]
    for code in ("sqrt(", "(2009, Diabetes Care", "(2005)", "larsen2009.", "pi\\_insulin",
                 "Higgins et al., v6.4", " x 1.99"):
        assert code not in section, code
    assert "Larsen et al. [1]" in section.replace("\\", "")
    assert "\u221a(1/33.5 + 1/33.5)" in section
    # Higgins JPT et al. (eds), Cochrane Handbook for Systematic Reviews of Interventions,
    # version 6.4, 2023; O'Hagan A, Stevens JW, Campbell MJ, Pharm Stat 2005;4:187-201.
    assert "Cochrane Handbook for Systematic Reviews of Interventions. Version 6.4" in refs
    assert "O'Hagan A, Stevens JW, Campbell MJ. Pharm Stat. 2005;4:187-201." in refs


def test_hypotheses_are_named_in_words() -> None:
    for name in ("bm-stemcell-t2d-pilot", "ld-il2-sle"):
        section = _sizing_section(_protocol(name))
        assert "H0" not in section and "H1" not in section
        assert "null hypothesis" in section


def test_group_sequential_looks_are_stated_for_the_enrolled_trial() -> None:
    trial = load_trial(ROOT / "examples" / "anakinra-t1d.yaml")
    trial.sample_size.group_sequential = {"k": 3, "spending": "obf"}  # type: ignore[assignment]
    trial = type(trial).model_validate(trial.model_dump())
    context = build_context(trial)
    text = render_markdown(trial, context=context)
    section = text[text.index("### 10.6"):text.index("### 10.7")]
    sizing = context.sizing
    assert "| Analysis | Information | Participants analysed |" in section
    assert (f"{sizing.trial_analysed} analysed at the final analysis of the "
            f"{sizing.trial_enrolled} enrolled") in section


def test_abbreviations_the_examples_use_are_spelt_out() -> None:
    for name, terms in {
        "anakinra-t1d": ("AIDA", "ANCOVA", "CTIS", "HIV", "TNF"),
        "rhigf1-t2d-insulin": ("MHRA", "SGLT2", "GLP-1", "ISRCTN"),
        "ld-il2-sle": ("EULAR", "ACR"),
    }.items():
        text = _protocol(name)
        listed = text[text.index("### 12.2 Abbreviations"):text.index("### 12.3")]
        for term in terms:
            assert f"| {term} |" in listed, (name, term)


def test_evidence_summaries_name_their_source_as_the_text_cites_it() -> None:
    text = _protocol("anakinra-t1d")
    background = text[text.index("### 2.1"):text.index("### 2.2")]
    assert "- **Moran et al.** [3]:" in background
    assert "(2013, Lancet" not in background


def test_a_source_without_authors_is_named_by_its_title_everywhere(
        capsys: pytest.CaptureFixture[str]) -> None:
    """Audit finding D10: 'Anonymous (2009, Personal blog ...)' in the background and
    'Author not named' from `trialkit evidence show`; the reference list starts with the title."""
    from trialkit.cli import main

    text = examples.markdown("bm-stemcell-t2d-pilot")
    assert "- **Stem cells and Type 2 diabetes** [1]:" in text
    assert "\n1. Stem cells and Type 2 diabetes. Personal blog" in text
    assert main(["evidence", "show", "stemcell-blog2009"]) == 0
    shown = capsys.readouterr().out
    assert shown.startswith("stemcell-blog2009: Stem cells and Type 2 diabetes. Personal blog")
    for words in (text, shown):
        assert "Anonymous" not in words and "Author not named" not in words
