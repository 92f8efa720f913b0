"""ClinicalTrials.gov v2 export: schema-valid (strict), consistent labels, registry limits."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.export.schemas import ctgov_validator, problems
from trialkit.cli import main
from trialkit.design import load_trial, parse_trial
from trialkit.design.sizing import size_trial, trial_totals
from trialkit.errors import DesignError
from trialkit.export import export_trial
from trialkit.export.ctgov import INTERVENTION_LABEL, age_text, phases

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
IL1RA = ROOT / "examples" / "il1ra-t2d-durability.yaml"


@pytest.fixture(scope="module")
def records() -> dict[str, dict]:
    return {p.stem: export_trial(load_trial(p), "ctgov") for p in EXAMPLES}


@pytest.mark.parametrize("example", [p.stem for p in EXAMPLES])
def test_every_example_is_a_valid_v2_study_record(example: str, records: dict[str, dict]) -> None:
    assert problems(ctgov_validator(), records[example]) == []


def test_the_strict_schema_rejects_a_key_the_definition_does_not_name(records: dict) -> None:
    record = json.loads(json.dumps(records["il1ra-t2d-durability"]))
    record["protocolSection"]["designModule"]["designInfo"]["blinding"] = "double"
    record["protocolSection"]["armsInterventionsModule"]["armGroups"][0]["type"] = "PLACEBO"
    found = problems(ctgov_validator(), record)
    assert any("blinding" in p and "Additional properties" in p for p in found)
    assert any("armGroups[0].type" in p for p in found)


@pytest.mark.parametrize("example", [p.stem for p in EXAMPLES])
def test_arm_and_intervention_labels_agree(example: str, records: dict[str, dict]) -> None:
    module = records[example]["protocolSection"]["armsInterventionsModule"]
    labels = [g["label"] for g in module["armGroups"]]
    assert len(set(labels)) == len(labels)
    for intervention in module["interventions"]:
        name = f"{INTERVENTION_LABEL[intervention['type']]}: {intervention['name']}"
        assert intervention["armGroupLabels"], name
        for label in intervention["armGroupLabels"]:
            group = next(g for g in module["armGroups"] if g["label"] == label)
            assert name in group["interventionNames"]
    for group in module["armGroups"]:
        for name in group.get("interventionNames", []):
            assert any(f"{INTERVENTION_LABEL[i['type']]}: {i['name']}" == name
                       and group["label"] in i["armGroupLabels"] for i in module["interventions"])


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_enrolment_is_the_planned_total_of_every_arm(example: Path, records: dict) -> None:
    trial = load_trial(example)
    sizing = size_trial(trial)
    assert sizing.result is not None
    needed = trial_totals(trial, sizing.result).enrolled
    info = records[example.stem]["protocolSection"]["designModule"]["enrollmentInfo"]
    planned = trial.sample_size.target_enrolment
    assert info == {"count": planned if planned is not None else needed, "type": "ESTIMATED"}
    assert info["count"] >= needed


def test_durability_trial_record_carries_the_design(records: dict) -> None:
    section = records["il1ra-t2d-durability"]["protocolSection"]
    ident = section["identificationModule"]
    assert ident["acronym"] == "DURA-IL1"
    assert ident["orgStudyIdInfo"] == {"id": "TK-IL1RA-T2D-02"}
    design = section["designModule"]
    assert design["phases"] == ["PHASE2"]
    assert design["designInfo"]["allocation"] == "RANDOMIZED"
    assert design["designInfo"]["interventionModel"] == "PARALLEL"
    assert design["designInfo"]["maskingInfo"]["masking"] == "DOUBLE"
    assert design["designInfo"]["maskingInfo"]["whoMasked"] == [
        "PARTICIPANT", "INVESTIGATOR", "OUTCOMES_ASSESSOR"]
    elig = section["eligibilityModule"]
    assert (elig["minimumAge"], elig["maximumAge"], elig["sex"]) == ("30 Years", "75 Years", "ALL")
    assert elig["stdAges"] == ["ADULT", "OLDER_ADULT"]
    assert elig["eligibilityCriteria"].startswith("Inclusion Criteria:\n\n* Type 2 diabetes")
    assert "Exclusion Criteria:\n\n* Insulin treatment" in elig["eligibilityCriteria"]
    outcomes = section["outcomesModule"]
    assert [o["measure"] for o in outcomes["primaryOutcomes"]] == [
        "Fasting proinsulin-to-insulin ratio at week 52"]
    assert outcomes["primaryOutcomes"][0]["timeFrame"] == "Week 52 (39 weeks after the last dose)"
    assert len(outcomes["secondaryOutcomes"]) == 4  # three secondary and one safety endpoint
    assert section["oversightModule"] == {"oversightHasDmc": True}
    assert section["sponsorCollaboratorsModule"]["collaborators"] == [
        {"name": "Example Metabolic Research Council"}]


def test_phase_and_age_follow_the_registry_vocabulary() -> None:
    assert phases("1/2") == ["PHASE1", "PHASE2"]
    assert phases("Phase II/III") == ["PHASE2", "PHASE3"]
    assert phases("not applicable") == ["NA"]
    with pytest.raises(DesignError, match=r"title_page.phase: 'late' is not a trial phase"):
        phases("late")
    assert (age_text(18), age_text(0.5)) == ("18 Years", "6 Months")


@pytest.mark.parametrize(("field", "value", "limit"), [
    ("acronym", "A" * 15, 14), ("protocol_id", "P" * 31, 30), ("short_title", "t" * 301, 300),
    ("full_title", "t" * 601, 600),
])
def test_text_over_a_registry_limit_is_refused_naming_the_field(
    field: str, value: str, limit: int
) -> None:
    trial = parse_trial(f"schema_version: 1\ntitle_page: {{{field}: {value}}}\n")
    expected = rf"title_page\.{field}: {len(value)} characters; .* at most {limit}"
    with pytest.raises(DesignError, match=expected):
        export_trial(trial, "ctgov")
    at_limit = parse_trial(f"schema_version: 1\ntitle_page: {{{field}: {value[:limit]}}}\n")
    assert problems(ctgov_validator(), export_trial(at_limit, "ctgov")) == []


def test_two_arms_with_one_name_are_refused() -> None:
    trial = parse_trial("schema_version: 1\narms: [{id: a, name: Same}, {id: b, name: Same}]\n")
    with pytest.raises(DesignError, match=r"arms\.b\.name: 'Same' is the name of another arm"):
        export_trial(trial, "ctgov")


def test_a_blank_design_exports_without_invented_content() -> None:
    record = export_trial(parse_trial("schema_version: 1\n"), "ctgov")
    section = record["protocolSection"]
    assert set(section) == {"statusModule", "designModule"}
    assert section["designModule"] == {"studyType": "INTERVENTIONAL"}
    assert problems(ctgov_validator(), record) == []


def test_cli_writes_the_record_and_keeps_an_existing_file(tmp_path: Path, capsys) -> None:
    out = tmp_path / "record.json"
    assert main(["export", str(IL1RA), "--to", "ctgov", "-o", str(out)]) == 0
    assert "wrote" in capsys.readouterr().out
    record = json.loads(out.read_text(encoding="utf-8"))
    assert problems(ctgov_validator(), record) == []
    assert main(["export", str(IL1RA), "--to", "ctgov", "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "exists; use --force" in err


def test_cli_bad_design_is_one_line_and_exit_2(tmp_path: Path, capsys) -> None:
    design = tmp_path / "d.yaml"
    design.write_text("schema_version: 1\ntitle_page: {acronym: ABCDEFGHIJKLMNOP}\n", encoding="utf-8")
    assert main(["export", str(design), "--to", "ctgov", "-o", str(tmp_path / "r.json")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "title_page.acronym: 16 characters" in err
    assert not (tmp_path / "r.json").exists()
