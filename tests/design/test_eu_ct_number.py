"""The EU CT number (Regulation (EU) No 536/2014, as CTIS assigns it: YYYY-5NNNNN-NN-NN) is
checked where it is typed: a design file, ``trialkit check`` and the Admin step's field all
refuse a malformed one in words naming the field and the expected form."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from trialkit.design import Trial
from trialkit.design.io import parse_trial
from trialkit.design.words import plain_error
from trialkit.errors import DesignError


@pytest.mark.parametrize("typed", [
    "2023-501234-12-00", "EU CT 2025-521234-12-00",
    "Not yet assigned; the EU CT number is assigned in CTIS before first enrolment",
    "Not applicable: no site in the European Union", "not assigned before 2026",
])
def test_a_number_or_a_statement_is_kept(typed: str) -> None:
    trial = Trial.model_validate({"schema_version": 2, "title_page": {"eu_ct_number": typed}})
    assert trial.title_page.eu_ct_number == typed


@pytest.mark.parametrize("typed", ["EU123", "2023-123456-12-00", "2023-501234-12", "501234",
                                   "Assigned: 2023-50123-12-00"])
def test_a_malformed_number_is_refused_in_words(typed: str) -> None:
    with pytest.raises(ValidationError) as caught:
        Trial.model_validate({"schema_version": 2, "title_page": {"eu_ct_number": typed}})
    words = plain_error(caught.value.errors(include_url=False)[0])
    assert "is not an EU CT number" in words
    assert "YYYY-5NNNNN-NN-NN, e.g. 2023-501234-12-00" in words
    assert "Value error" not in words and "eu_ct" not in words


def test_the_loader_names_the_field_and_the_form() -> None:
    text = "schema_version: 2\ntitle_page:\n  eu_ct_number: EU123\n"
    with pytest.raises(DesignError) as caught:
        parse_trial(text, source="t.yaml")
    message = str(caught.value)
    assert message.startswith("t.yaml:3: "), message
    assert "EU CT number" in message and "'EU123' is not an EU CT number" in message
    assert "YYYY-5NNNNN-NN-NN" in message


def test_check_prints_one_line_and_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # ``python -m trialkit`` exits with what ``main`` returns (tests/cli/test_power_cli.py runs a
    # real process for the shell's view); here the command runs in this process.
    from trialkit.cli import main

    design = tmp_path / "t.yaml"
    design.write_text("schema_version: 2\ntitle_page:\n  eu_ct_number: EU-2023-5012\n")
    assert main(["check", str(design)]) == 2
    out, err = capsys.readouterr()
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "is not an EU CT number" in lines[0], err
    assert "Traceback" not in err and out == ""
