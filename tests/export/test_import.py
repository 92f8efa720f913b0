"""Import: real ClinicalTrials.gov and USDM files become designs; round trips keep the design."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest

from trialkit.cli import main
from trialkit.design import load_trial
from trialkit.design.model import Trial
from trialkit.errors import DesignError
from trialkit.export import export_trial, import_file
from trialkit.export.ctgov import INTERVENTION_TYPE, arm_labels
from trialkit.export.ctgov_import import age_years, criteria_lists
from trialkit.export.reader import At
from trialkit.render.markdown import render_markdown

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
FIXTURES = Path(__file__).resolve().parent / "fixtures"
PALLAS = FIXTURES / "ctgov_NCT02513394.json"
PILOT = FIXTURES / "usdm_cdisc_pilot.json"


def round_trip(trial: Trial, to: str, tmp_path: Path) -> Trial:
    path = tmp_path / f"out.{to}.json"
    path.write_text(json.dumps(export_trial(trial, to)), encoding="utf-8")
    return import_file(str(path))


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_usdm_round_trip_keeps_arms_criteria_objectives_and_schedule(example: Path, tmp_path: Path) -> None:
    trial = load_trial(example)
    back = round_trip(trial, "usdm", tmp_path)
    assert back.arms == trial.arms
    assert (back.population.inclusion, back.population.exclusion) == (
        trial.population.inclusion, trial.population.exclusion)
    assert back.objectives == trial.objectives  # endpoints and estimands included
    assert back.assessments == trial.assessments
    assert back.visits == trial.visits
    assert back.title_page.full_title == trial.title_page.full_title
    assert back.design.intervention_model == trial.design.intervention_model
    assert back.design.blinding.masked == trial.design.blinding.masked


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_ctgov_round_trip_keeps_arms_criteria_and_outcomes(example: Path, tmp_path: Path) -> None:
    trial = load_trial(example)
    back = round_trip(trial, "ctgov", tmp_path)
    labels = arm_labels(trial)
    assert [(a.name, a.type, a.description) for a in back.arms] == [
        (labels[a.id], a.type, a.description) for a in trial.arms]
    assert [[(i.name, i.kind) for i in a.interventions] for a in back.arms] == [
        [(i.name, {"cell_therapy": "biological"}.get(i.kind or "other", i.kind or "other"))
         for i in a.interventions] for a in trial.arms]
    assert INTERVENTION_TYPE["cell_therapy"] == "BIOLOGICAL"  # the registry has no cell-therapy type
    assert (back.population.inclusion, back.population.exclusion) == (
        trial.population.inclusion, trial.population.exclusion)
    assert (back.population.age_min, back.population.age_max, back.population.sex) == (
        trial.population.age_min, trial.population.age_max, trial.population.sex)
    levels = {"primary": "primary", "secondary": "secondary", "safety": "secondary",
              "exploratory": "exploratory"}
    want = [(levels[trial.endpoint_level(e)], e.name, e.timepoint, e.unit, e.description)
            for e in trial.endpoints()]
    got = [(back.endpoint_level(e), e.name, e.timepoint, e.unit, e.description) for e in back.endpoints()]
    assert sorted(got, key=str) == sorted(want, key=str)
    assert back.visits == []  # the registry carries no schedule: left to fill, not invented


def test_a_real_registry_record_becomes_a_design() -> None:
    # PALLAS (NCT02513394), Alliance Foundation Trials: two arms, palbociclib added to endocrine therapy.
    trial = import_file(str(PALLAS))
    assert trial.title_page.acronym == "PALLAS"
    assert trial.title_page.protocol_id == "AFT-05"
    assert trial.title_page.phase == "3"
    assert [r.identifier for r in trial.title_page.registry_ids] == ["NCT02513394", "2014-005181-30"]
    assert [(a.name, a.type) for a in trial.arms] == [("Arm A", "experimental"), ("Arm B", "other")]
    assert [i.name for i in trial.arms[0].interventions] == [
        "Palbociclib", "Standard Adjuvant Endocrine Therapy"]
    assert [i.name for i in trial.arms[1].interventions] == ["Standard Adjuvant Endocrine Therapy"]
    assert trial.population.inclusion[0] == "Signed informed consent prior to study specific procedures."
    assert trial.population.inclusion[5].endswith(
        "FFPE tumor tissue block must be confirmed to be received at the central sample repository "
        "prior to randomization.")
    assert trial.population.exclusion
    assert [e.name for e in trial.primary_endpoints()] == ["Invasive Disease Free Survival (iDFS)"]
    assert trial.primary_endpoints()[0].timepoint == "4 years"
    assert trial.population.age_min == 18 and trial.population.sex == "all"
    assert trial.sample_size.target_enrolment == 5796
    assert trial.visits == [] and trial.objectives[0].description is None  # not in the record


def test_the_official_usdm_example_becomes_a_design() -> None:
    # The CDISC pilot study (LZZT), as published with USDM v4.0.0 in DDF-RA.
    trial = import_file(str(PILOT))
    assert (trial.title_page.acronym, trial.title_page.protocol_id) == ("LZZT", "H2Q-MC-LZZT")
    assert trial.title_page.phase == "2"
    assert [(a.name, a.type) for a in trial.arms] == [
        ("Placebo", "placebo_comparator"), ("Xanomeline Low Dose", "active_comparator"),
        ("Xanomeline High Dose", "active_comparator")]
    first = "Males and postmenopausal females at least [min_age] years of age."
    assert trial.population.inclusion[0] == first
    assert (trial.population.age_min, trial.population.age_max) == (50, 100)
    assert trial.objectives[0].level == "primary" and trial.objectives[0].endpoints[0].id == "END1"
    assert len(trial.visits) == 12 and trial.visits[0].name == "Screening 1"
    days = {v.name: v.day for v in trial.visits}
    assert (days["Screening 2"], days["Baseline"], days["Week 2"], days["Week 24"]) == (-2, 0, 14, 168)
    assert all(a in {x.id for x in trial.assessments} for v in trial.visits for a in v.assessments)
    assert trial.sample_size.target_enrolment == 300


def test_imported_designs_render_and_check_lists_what_is_left(tmp_path: Path, capsys) -> None:
    design = tmp_path / "pallas.yaml"
    assert main(["import", str(PALLAS), "-o", str(design)]) == 0
    assert "trialkit check" in capsys.readouterr().out
    assert main(["check", str(design)]) == 1
    assert "Not addressed:" in capsys.readouterr().out
    text = render_markdown(load_trial(design))
    assert "Invasive Disease Free Survival (iDFS)" in text and "Arm A" in text
    assert "[Describe how allocation is concealed]" in text  # blank fields render as prompts
    assert "Xanomeline High Dose" in render_markdown(import_file(str(PILOT)))
    assert main(["import", str(PALLAS), "-o", str(design)]) == 2
    assert "exists; use --force" in capsys.readouterr().err


@pytest.mark.parametrize(("content", "expected"), [
    ("{not json", r"bad\.json:1: not valid JSON"),
    ("[1, 2]", r"bad\.json: \$: expected a JSON object"),
    ('{"usdmVersion": "3.0.0", "study": {}}',
     r"bad\.json: \$\.usdmVersion: USDM version 3\.0\.0 is not 4\.x"),
    ('{"protocolSection": {"armsInterventionsModule": {"armGroups": [{"label": 7}]}}}',
     r"bad\.json: \$\.protocolSection\.armsInterventionsModule\.armGroups\[0\]\.label: "
     r"expected text, got a number"),
    ('{"protocolSection": {"eligibilityModule": {"minimumAge": "eighteen"}}}',
     r"\$\.protocolSection\.eligibilityModule\.minimumAge: 'eighteen' is not an age"),
    ('{"usdmVersion": "4.0.0", "study": {"versions": []}}', r"\$\.study\.versions: the study has no version"),
    ('{"hello": 1}', r"bad\.json: \$: neither a ClinicalTrials\.gov v2 study"),
])
def test_bad_import_file_is_one_line_naming_the_file_and_json_path(
    content: str, expected: str, tmp_path: Path, capsys
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(content, encoding="utf-8")
    with pytest.raises(DesignError, match=expected):
        import_file(str(bad))
    assert main(["import", str(bad), "-o", str(tmp_path / "d.yaml")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert not (tmp_path / "d.yaml").exists()


@pytest.mark.parametrize(("content", "expected"), [
    ('{"a": 1' + "0" * 5000 + "}", r"bad\.json: not valid JSON: Exceeds the limit"),
    ("[" * 100_000 + "]" * 100_000, r"bad\.json: the JSON is nested too deeply"),
])
def test_hostile_json_is_refused_in_one_line(content: str, expected: str, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(content, encoding="utf-8")
    with pytest.raises(DesignError, match=expected):
        import_file(str(bad))


def _paths(node: object, path: tuple = ()) -> list[tuple]:
    out = [path]
    if isinstance(node, dict):
        for key, value in node.items():
            out += _paths(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            out += _paths(value, (*path, index))
    return out


def test_damaged_files_fail_with_a_design_error_never_a_crash() -> None:
    """Randomised: values anywhere in real and exported files replaced by ones of the wrong kind."""
    from trialkit.export.ctgov_import import from_ctgov
    from trialkit.export.usdm_import import from_usdm

    rng = random.Random(20261130)
    wrong: list[object] = [None, 7, -3.5, True, "", "text", [], {}, [1, "x"], {"a": 1}, 1e308, "P-3D"]
    trial = load_trial(EXAMPLES[0])
    sources = [json.loads(json.dumps(export_trial(trial, to))) for to in ("ctgov", "usdm")]
    sources.append(json.loads(PALLAS.read_text(encoding="utf-8")))
    places = [_paths(doc)[1:] for doc in sources]
    outcomes = {"imported": 0, "refused": 0}
    for _ in range(300):
        pick = rng.randrange(len(sources))
        doc = sources[pick]
        where = rng.choice(places[pick])
        node: Any = doc
        for key in where[:-1]:
            node = node[key]
        kept = node[where[-1]]
        node[where[-1]] = rng.choice(wrong)
        reader = from_ctgov if "protocolSection" in doc else from_usdm
        try:
            reader(doc, "f.json")
            outcomes["imported"] += 1
        except DesignError as exc:
            assert str(exc).startswith("f.json: ") and "\n" not in str(exc)
            outcomes["refused"] += 1
        finally:
            node[where[-1]] = kept
    assert outcomes["imported"] and outcomes["refused"]


def test_registry_text_helpers() -> None:
    inclusion, exclusion, other = criteria_lists(
        "Note first\n\nInclusion Criteria:\n\n* Adults\n  continued\n1. Consent\n\n"
        "Exclusion Criteria:\n- Pregnancy")
    assert (inclusion, exclusion, other) == (["Adults continued", "Consent"], ["Pregnancy"], "Note first")
    assert age_years(At("6 Months", "$.a", "f")) == 0.5
    assert age_years(At("18 Years", "$.a", "f")) == 18
    assert age_years(At(None, "$.a", "f")) is None
