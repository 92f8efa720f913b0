"""ICH M11 fields of design version 2: each printed in its section, a prompt while blank,
and a registration typed anywhere reaching the title page and section 11."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from trialkit.design import Trial, load_trial
from trialkit.design.title_page import TitlePage, registry_of
from trialkit.render.markdown import render_markdown
from trialkit.render.prompts import PROMPTS

MAIN = Path(__file__).resolve().parents[2] / "examples" / "anakinra-t1d.yaml"

M11 = {  # field -> (value, the section heading it is printed under)
    "title_page.amendment_status": ("Original protocol", "# "),
    "title_page.eu_ct_number": ("2025-521234-12-00", "# "),
    "title_page.manufacturer": ("Maker AB, Stockholm", "# "),
    "title_page.sponsor_signatory.name": ("Dr Signer", "# "),
    "title_page.sponsor_signatory.title": ("Head of research", "# "),
    "title_page.sponsor_approval_date": ("2026-11-01", "# "),
    "title_page.medical_monitor.name": ("Dr Monitor", "# "),
    "title_page.medical_monitor.contact": ("monitor@example.org", "# "),
    "title_page.sae_reporting_route": ("E-mail to the pharmacovigilance desk", "# "),
    "design.rationale.dose": ("The licensed dose", "### 4.3 Rationale"),
    "design.rationale.duration": ("Long enough to see decline", "### 4.3 Rationale"),
    "design.rationale.population": ("Recent onset", "### 4.3 Rationale"),
    "population.contraception": ("Highly effective contraception", "### 5.5 Lifestyle"),
    "population.lifestyle": ("No restrictions", "### 5.5 Lifestyle"),
    "population.screen_failures": ("Recorded on a log", "### 5.6 Screen failures"),
    "intervention_conduct.overdose": ("More than one syringe a day", "### 6.8 Overdose"),
    "safety.reference_safety_information": ("SmPC section 4.8", "### 9.2 Collection"),
    "safety.causality": ("Related or not related", "### 9.2 Collection"),
    "safety.pregnancy_reporting": ("Reported on the pregnancy form", "### 9.3 Reporting"),
    "oversight.protocol_deviations": ("Logged and reviewed", "### 11.5 Data management"),
    "oversight.quality_tolerance_limits": ("Missing primary data above 15%", "### 11.5 Data"),
}


def _set(trial: Trial, path: str, value: str | None) -> None:
    *owners, name = path.split(".")
    obj = trial
    for owner in owners:
        obj = getattr(obj, owner)
    setattr(obj, name, value)


def _section(text: str, heading: str, needle: str) -> str:
    """The heading of the section ``needle`` is printed in (the nearest one above it)."""
    at = text.index(needle)
    headings = list(re.finditer(r"^#+ .*$", text[:at], re.M))
    return headings[-1].group(0) if headings else ""


def test_every_m11_field_has_a_prompt() -> None:
    assert set(M11) <= set(PROMPTS)


@pytest.fixture(scope="module")
def documents() -> dict[str, str]:
    """The main example as it is, with every M11 field blank, and with every one filled with
    its own value: rendered once each for all the per-field tests (they only read them)."""
    trial = load_trial(MAIN)
    texts = {"as is": render_markdown(trial)}
    for name in ("blank", "filled"):
        changed = trial.model_copy(deep=True)
        for path, (value, _) in M11.items():
            _set(changed, path, None if name == "blank" else value)
        texts[name] = render_markdown(changed)
    return texts


@pytest.mark.parametrize("path", sorted(M11))
def test_blank_m11_field_prints_its_prompt_and_a_value_its_section(
        documents: dict[str, str], path: str) -> None:
    prompt = f"[{PROMPTS[path]}]"
    value, heading = M11[path]
    if prompt in documents["as is"]:  # the main example may leave the field blank
        assert _section(documents["as is"], heading, prompt).startswith(heading)
    assert prompt in documents["blank"], f"{path} left blank prints no {prompt}"
    filled = documents["filled"]
    assert prompt not in filled, f"{path} filled still prints {prompt}"
    assert value in filled, f"{path} filled with {value!r} does not print it"
    section = _section(filled, heading, value)
    assert section.startswith(heading), f"{path} is printed under {section!r}, not {heading!r}"


def test_registry_ids_are_recognised_by_their_shape() -> None:
    assert registry_of("NCT01234567") == ("ClinicalTrials.gov", "NCT01234567")
    assert registry_of("EU CT 2025-521234-12-00") == ("EU CT", "2025-521234-12-00")
    assert registry_of("EudraCT 2011-001234-12") == ("EudraCT", "2011-001234-12")
    assert registry_of("ISRCTN12345678") == ("ISRCTN", "ISRCTN12345678")
    assert registry_of("IND 123456") is None


def test_identifier_typed_under_regulatory_ids_fills_the_registry_entry() -> None:
    page = TitlePage.model_validate({
        "registry_ids": [{"registry": "ClinicalTrials.gov (intended registry)"}],
        "regulatory_ids": ["IND 123456", "NCT01234567"],
        "eu_ct_number": "2025-521234-12-00",
    })
    regs = [(r.registry, r.identifier) for r in page.registrations()]
    assert regs == [
        ("ClinicalTrials.gov (intended registry)", "NCT01234567"),
        ("EU CT", "2025-521234-12-00"),
    ]
    assert page.registry_ids[0].identifier is None, "the design itself is not changed"


def test_registration_typed_anywhere_reaches_title_page_and_section_11() -> None:
    trial = load_trial(MAIN)
    trial.title_page.regulatory_ids = ["NCT01234567"]
    text = render_markdown(trial)
    title_row = next(line for line in text.splitlines() if line.startswith("| Trial registration"))
    assert "NCT01234567" in title_row and "not yet registered" not in title_row
    registration = next(line for line in text.splitlines() if line.startswith("Registration:"))
    assert "NCT01234567" in registration


def test_word_title_page_shows_the_m11_fields(tmp_path: Path) -> None:
    import docx

    from trialkit.render.docx import write_docx

    trial = load_trial(MAIN)
    trial.title_page.manufacturer = "Maker AB, Stockholm"
    trial.title_page.sponsor_signatory.name = "Dr Signer"
    trial.title_page.medical_monitor.name = None
    out = tmp_path / "p.docx"
    write_docx(trial, out)
    cells = [c.text for t in docx.Document(str(out)).tables for r in t.rows for c in r.cells]
    assert "Maker AB, Stockholm" in cells
    assert any(c.startswith("Dr Signer, ") for c in cells)
    assert any(c.startswith(f"[{PROMPTS['title_page.medical_monitor.name']}]") for c in cells)
