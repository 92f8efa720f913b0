"""The registration line (audit F14): the Word title page, the Markdown title page and section
11.7 print the same words, for a registered, an unregistered and a several-registry design."""

from __future__ import annotations

import datetime as dt
import re

import docx
import pytest

from trialkit.design import load_trial
from trialkit.design.title_page import RegistryId
from trialkit.render import docx_front
from trialkit.render.context import build_context
from trialkit.render.docx_styles import define_styles
from trialkit.render.docx_writer import Writer
from trialkit.render.markdown import render_markdown
from trialkit.resources import data_dir

CT = "ClinicalTrials.gov"
CASES = {
    "registered": ([RegistryId(registry=CT, identifier="NCT01234567",
                               date=dt.date(2026, 11, 1))], [],
                   f"{CT} NCT01234567, registered 2026-11-01"),
    "not yet registered": ([RegistryId(registry=CT)], [],
                           f"{CT}: not yet registered [Give the identifier once registered]"),
    "several registries": ([RegistryId(registry=CT)], ["ISRCTN12345678"],
                           f"{CT}: not yet registered [Give the identifier once registered]; "
                           "ISRCTN ISRCTN12345678"),
    "no registry": ([], [], "[Name the registry and give the trial identifier]"),
}


def _unescaped(markdown: str) -> str:
    return re.sub(r"\\(.)", r"\1", markdown)


@pytest.mark.parametrize("case", list(CASES))
def test_word_and_markdown_print_one_registration_line(case):
    registries, regulatory, expected = CASES[case]
    trial = load_trial(data_dir("examples") / "anakinra-t1d.yaml")
    trial.title_page.registry_ids = registries
    trial.title_page.regulatory_ids = regulatory
    trial.title_page.eu_ct_number = None
    context = build_context(trial)
    markdown = _unescaped(render_markdown(trial, context=context))
    title_row = re.search(r"^\| Trial registration \| (.*) \|$", markdown, re.M)
    section_11 = re.search(r"^Registration: (.*)\.$", markdown, re.M)
    assert title_row and section_11
    document = docx.Document()
    define_styles(document)
    docx_front.title_page(Writer(document, context))
    word = next(row.cells[1].text for row in document.tables[0].rows
                if row.cells[0].text == "Trial registration")
    assert title_row[1] == section_11[1] == word == expected
