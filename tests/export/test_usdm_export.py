"""USDM v4.0 export: valid against the official API schema (strict), ids resolve, CORE rules hold."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from tests.export.schemas import problems, usdm_validator
from tests.export.usdm_rules import objects, violations
from trialkit.cli import main
from trialkit.design import load_trial, parse_trial
from trialkit.errors import DesignError
from trialkit.export import export_trial

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
IL1RA = ROOT / "examples" / "il1ra-t2d-durability.yaml"


@pytest.fixture(scope="module")
def files() -> dict[str, dict]:
    return {p.stem: export_trial(load_trial(p), "usdm") for p in EXAMPLES}


def design_of(wrapper: dict) -> dict:
    return wrapper["study"]["versions"][0]["studyDesigns"][0]


@pytest.mark.parametrize("example", [p.stem for p in EXAMPLES])
def test_every_example_is_valid_usdm_4(example: str, files: dict[str, dict]) -> None:
    assert files[example]["usdmVersion"] == "4.0.0"
    assert problems(usdm_validator(), files[example]) == []


@pytest.mark.parametrize("example", [p.stem for p in EXAMPLES])
def test_every_example_keeps_the_checked_core_rules_and_its_references(
    example: str, files: dict[str, dict]
) -> None:
    assert violations(files[example]) == []


def test_the_strict_schema_and_the_rule_checks_can_fail(files: dict[str, dict]) -> None:
    wrapper = copy.deepcopy(files["il1ra-t2d-durability"])
    design = design_of(wrapper)
    wrapper["study"]["versions"][0]["colour"] = "blue"
    assert any("colour" in p for p in problems(usdm_validator(), wrapper))
    design["arms"][1]["type"]["code"] = 174268  # a number where the schema wants text
    assert any(p.startswith("$.study.versions[0].studyDesigns[0]: ") and "not valid" in p
               for p in problems(usdm_validator(), wrapper))
    design["studyCells"][0]["armId"] = "StudyArm_99"
    design["epochs"][1]["previousId"] = design["epochs"][1]["id"]
    design["scheduleTimelines"][0]["instances"][-1]["timelineExitId"] = None
    design["arms"][1]["id"] = design["arms"][0]["id"]
    found = " ".join(violations(wrapper))
    for rule in ("REFS", "DDF00021", "DDF00037", "DDF00008", "DDF00083"):
        assert rule in found


@pytest.mark.parametrize("example", [p.stem for p in EXAMPLES])
def test_every_coded_value_names_its_code_system_and_version(example: str, files: dict) -> None:
    codes = [obj for _, obj in objects(files[example]) if obj["instanceType"] == "Code"]
    assert codes
    for code in codes:
        assert code["code"].startswith("C") and code["code"][1:].isdigit(), code
        assert (code["codeSystem"], code["codeSystemVersion"]) == ("http://www.cdisc.org", "2026-03-27")


def test_durability_trial_design_in_usdm(files: dict[str, dict]) -> None:
    wrapper = files["il1ra-t2d-durability"]
    version = wrapper["study"]["versions"][0]
    design = design_of(wrapper)
    assert wrapper["study"]["name"] == "DURA-IL1"
    assert version["versionIdentifier"] == "0.9"
    assert [i["text"] for i in version["studyIdentifiers"]] == ["TK-IL1RA-T2D-02"]
    assert [(a["name"], a["label"], a["type"]["code"]) for a in design["arms"]] == [
        ("anakinra", "Anakinra", "C174266"), ("placebo", "Placebo", "C174268")]
    assert [(e["name"], e["type"]["code"]) for e in design["epochs"]] == [
        ("Screening", "C202487"), ("Treatment", "C101526"), ("Follow-up", "C202578")]
    assert len(design["studyCells"]) == 6
    assert design["studyPhase"]["standardCode"]["code"] == "C15601"  # Phase II Trial
    assert design["model"]["code"] == "C82639"  # Parallel Study
    assert design["blindingSchema"]["standardCode"]["code"] == "C15228"  # Double Blind Study
    assert design["population"]["plannedEnrollmentNumber"]["value"] == 148
    assert [c["code"] for c in design["population"]["plannedSex"]] == ["C16576", "C20197"]
    age = design["population"]["plannedAge"]
    assert (age["minValue"]["value"], age["maxValue"]["value"]) == (30, 75)
    criteria = design["eligibilityCriteria"]
    assert [c["identifier"] for c in criteria] == ["I1", "I2", "I3", "I4", "E1", "E2", "E3", "E4"]
    items = {i["id"]: i["text"] for i in version["eligibilityCriterionItems"]}
    assert items[criteria[4]["criterionItemId"]] == "Insulin treatment"
    assert [e["name"] for e in design["encounters"]] == ["S", "B", "W4", "W13", "W26", "W52"]
    timeline = design["scheduleTimelines"][0]
    timings = {t["relativeFromScheduledInstanceId"]: t for t in timeline["timings"]}
    week4 = timings[timeline["instances"][2]["id"]]
    assert (week4["type"]["decode"], week4["value"], week4["windowUpper"]) == ("After", "P28D", "P3D")
    screening = timings[timeline["instances"][0]["id"]]
    assert (screening["type"]["decode"], screening["value"]) == ("Before", "P14D")
    assert timeline["plannedDuration"]["text"] == "54 weeks"
    estimand = design["estimands"][0]
    assert [e["strategy"] for e in estimand["intercurrentEvents"]] == ["Treatment Policy"] * 2
    endpoint = design["objectives"][0]["endpoints"][0]
    assert estimand["variableOfInterestId"] == endpoint["id"]
    assert endpoint["level"]["code"] == "C94496"


def test_a_design_without_what_usdm_requires_names_the_field() -> None:
    trial = parse_trial("schema_version: 1\ntitle_page: {full_title: T, protocol_id: P1}\n")
    with pytest.raises(DesignError, match=r"title_page\.version: fill this in; a USDM file requires it"):
        export_trial(trial, "usdm")


def test_cli_writes_a_usdm_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "study.json"
    assert main(["export", str(IL1RA), "--to", "usdm", "-o", str(out)]) == 0
    assert "CDISC USDM v4.0" in capsys.readouterr().out
    wrapper = json.loads(out.read_text(encoding="utf-8"))
    assert problems(usdm_validator(), wrapper) == [] and violations(wrapper) == []
