"""One assessment: ``trialkit check --json``, the render context and the TUI's review agree.

Each user is read the way a person sees it (the JSON report, the context the templates print,
the review step's findings), so a user that re-derives any part, or drops the evidence link,
shows up as a difference.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from trialkit.cli import main
from trialkit.design import Assessment, assess, load_trial
from trialkit.design.evidence_link import EvidenceLink
from trialkit.render.context import build_context
from trialkit.render.templates import template_blocks
from trialkit.tui.analysis import analyse

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
SLE = ROOT / "examples" / "ld-il2-sle.yaml"


def with_unknown_evidence(example: Path, folder: Path) -> Path:
    """A copy of ``example`` citing a source and an adverse-event rate the library lacks."""
    data = yaml.safe_load(example.read_text(encoding="utf-8"))
    data["background"]["evidence"].append("nosuch2099")
    data["safety"]["expected_adverse_events"].append(
        {"term": "Headache", "evidence": "nosuch2099.headache_rate"}
    )
    path = folder / f"unknown-evidence-{example.name}"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


DESIGNS = [*EXAMPLES, "unknown-evidence"]


@pytest.fixture
def design(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    if request.param == "unknown-evidence":
        return with_unknown_evidence(ROOT / "examples" / "anakinra-t1d.yaml", tmp_path)
    return Path(request.param)


def from_cli(path: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    main(["check", str(path), "--json"])
    report = json.loads(capsys.readouterr().out)
    totals = report["totals"]
    return {
        "problems": [(p["severity"], p["field"], p["message"]) for p in report["problems"]],
        "addressed": sorted(i["id"] for i in report["items"] if i["status"] == "addressed"),
        "totals": (totals["analysed"], totals["enrolled"]) if totals else None,
    }


def from_render(path: Path) -> dict[str, Any]:
    context = build_context(load_trial(path), evidence=EvidenceLink.open())
    sizing = context.sizing
    return {
        "problems": [(p.severity, p.field, p.message) for p in context.problems],
        "addressed": sorted(r.id for r in context.spirit.items_2025 if r.status == "addressed"),
        "totals": ((sizing.trial_analysed, sizing.trial_enrolled)
                   if sizing.status == "computed" else None),
    }


def from_tui(path: Path) -> dict[str, Any]:
    analysis = analyse(load_trial(path), EvidenceLink.open())
    rows = analysis.assessment.coverage("2025")
    gaps = {g.message.split(" ")[1] for g in analysis.gaps}
    totals = analysis.assessment.totals
    assert analysis.addressed == len(rows) - len(gaps)
    return {
        "problems": [(p.kind, p.field, p.message) for p in analysis.problems],
        "addressed": sorted(r.id for r in rows if r.id not in gaps),
        "totals": (totals.analysed, totals.enrolled) if totals else None,
    }


@pytest.mark.parametrize("design", DESIGNS, indirect=True,
                         ids=lambda d: d if isinstance(d, str) else d.stem)
def test_check_render_and_review_see_the_same_assessment(
    design: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cli = from_cli(design, capsys)
    assert from_render(design) == cli
    assert from_tui(design) == cli


def test_unknown_evidence_is_an_error_for_all_three(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = with_unknown_evidence(ROOT / "examples" / "anakinra-t1d.yaml", tmp_path)
    for view in (from_cli(path, capsys), from_render(path), from_tui(path)):
        fields = {field for severity, field, _ in view["problems"] if severity == "error"}
        assert fields == {"background.evidence", "safety.expected_adverse_events"}


def test_the_three_arm_trial_counts_every_arm(capsys: pytest.CaptureFixture[str]) -> None:
    # Equal allocation over three arms, sized by one two-group comparison of 51 per arm
    # (102 analysed, 114 enrolled per comparison): the trial analyses 3 x 51 and enrols 3 x 57.
    assessment = assess(load_trial(SLE), EvidenceLink.open(), template_blocks())
    assert assessment.sizing.result is not None
    assert assessment.sizing.result.n_per_arm == (51, 51)
    assert assessment.sizing.result.n_total_enrolled == 114
    assert from_cli(SLE, capsys)["totals"] == (153, 171)
    assert from_render(SLE)["totals"] == (153, 171)
    main(["check", str(SLE)])
    assert "51 in each of 3 arms = 153 analysed, 171 to enrol" in capsys.readouterr().out


def test_an_assessment_is_frozen() -> None:
    assessment = assess(load_trial(SLE), EvidenceLink.empty(), template_blocks())
    assert isinstance(assessment, Assessment)
    with pytest.raises(AttributeError):
        assessment.problems = ()  # type: ignore[misc]


def test_a_missing_library_cannot_pass_for_checked_evidence() -> None:
    assessment = assess(load_trial(SLE), EvidenceLink.empty("switched off"), template_blocks())
    found = [(p.severity, p.field) for p in assessment.problems
             if not p.field.startswith("background.")]
    assert found == [("warning", "evidence")]
    assert all(use.source is None and use.problem for use in assessment.evidence)
