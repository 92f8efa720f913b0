"""Messages in words, not coded values or Python reprs (audit N19): the placebo arm by its
words, a table given for a number, and one wording for a schema version this trialkit cannot
open, older or newer."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from trialkit.cli import main
from trialkit.design import load_trial
from trialkit.design.assessment import assess_sizing
from trialkit.design.evidence_link import EvidenceLink
from trialkit.design.model import Trial

EXAMPLE = Path(__file__).parents[2] / "examples" / "anakinra-t1d.yaml"


def _data() -> dict[str, Any]:
    return load_trial(EXAMPLE).model_dump(mode="json", exclude_none=True)


def _messages(data: dict[str, Any]) -> list[str]:
    assessment = assess_sizing(Trial.model_validate(data), EvidenceLink.open())
    return [p.message for p in assessment.problems]


def test_a_missing_placebo_arm_is_named_in_words() -> None:
    data = _data()
    data["design"]["control_type"] = "placebo"
    for arm in data["arms"]:
        arm["type"] = "experimental"
    found = [m for m in _messages(data) if "placebo" in m]
    assert found == ["the control is a placebo but no arm is a placebo comparator arm"]


@pytest.mark.parametrize(("value", "kind"), [({"x": 1}, "table"), ([1, 2], "list")])
def test_a_table_for_a_number_is_said_in_words(value: Any, kind: str) -> None:
    data = _data()
    data["sample_size"]["parameters"]["delta"] = value
    found = [m for m in _messages(data) if m.startswith("Difference")]
    assert found == [f"Difference must be one number, not a {kind} of values"]
    assert not [m for m in _messages(data) if "{" in m or "[1" in m]


@pytest.mark.parametrize("version", [99, -1, 0])
def test_a_schema_version_not_opened_is_worded_alike(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], version: int
) -> None:
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    data["schema_version"] = version
    path = tmp_path / "trial.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    assert main(["check", str(path)]) == 2
    err = capsys.readouterr().err.strip()
    assert f"Schema version {version} is " in err and "it opens versions 1 and 2" in err, err
    assert "schema_version" not in err.split("trial.yaml:1: ", 1)[-1], err
