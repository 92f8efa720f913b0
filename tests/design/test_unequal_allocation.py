"""A multi-arm trial with unequal allocation counts every arm with its part of the allocation
(audit N0: ld-il2-sle at 2:1:1 was sized "102 analysed (51 + 51); 114 to enrol", the placebo
arm gone). Convention (nQuery/PASS many-to-one): the calculation is the comparison of the
experimental arm with the smallest part against the control (the first comparator arm, else
the last arm) at that pair's
allocation; every other arm is the control arm's size times its part / the control's part,
rounded up. The expected numbers below come from the engine's two-arm calculation, repeated
here, and that scaling, written out."""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from trialkit import power
from trialkit.cli import main
from trialkit.design import load_trial
from trialkit.design.assessment import assess_sizing
from trialkit.design.evidence_link import EvidenceLink
from trialkit.design.model import Trial
from trialkit.design.sizing import for_the_trial

SLE = Path(__file__).parents[2] / "examples" / "ld-il2-sle.yaml"
ALPHA_ETC = {"alpha": 0.025, "sides": 2, "power": 0.8}


def _sle(tmp_path: Path, allocation: str, **parameters: Any) -> Path:
    data = yaml.safe_load(SLE.read_text(encoding="utf-8"))
    data["design"]["allocation_ratio"] = allocation
    data["design"]["randomisation"]["block_sizes"] = []
    data["sample_size"]["parameters"].update(parameters)
    data["sample_size"].pop("target_enrolment", None)
    path = tmp_path / f"sle-{allocation.replace(':', '-')}.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def _assessed(path: Path) -> Any:
    return assess_sizing(load_trial(path), EvidenceLink.open())


def _pair(ratio: float = 1.0) -> power.PowerResult:
    """The engine's own two-arm calculation of the SLE comparison (60% vs 30%)."""
    return power.two_proportions(p1=0.6, p2=0.3, dropout=0.1, ratio=ratio, **ALPHA_ETC)


def _enrol(n: int) -> int:
    return math.ceil(n / 0.9 - 1e-9)


def test_two_one_one_counts_the_placebo_arm(tmp_path: Path) -> None:
    pair = _pair()  # IL-2 daily (part 1) vs placebo (part 1): 1:1
    n_t, n_c = pair.n_per_arm
    assert n_t == n_c == 51
    expected = (2 * n_c, n_t, n_c)  # every-other-day arm: 2 x the control's 51
    assessment = _assessed(_sle(tmp_path, "2:1:1"))
    totals = assessment.totals
    assert totals.per_arm == expected == (102, 51, 51)
    assert totals.analysed == sum(expected) == 204
    assert totals.per_arm_enrolled == tuple(_enrol(n) for n in expected)
    assert totals.enrolled == 228
    assert assessment.size.words == "102 + 51 + 51 = 204 analysed, 228 to enrol"
    assert not [p for p in assessment.problems if "sample_size" in p.field
                and "allocation" in p.message]
    text = assessment.justification
    assert "allocated 2:1:1" in text and "102 + 51 + 51 = 204 analysed in total" in text
    assert "nQuery and PASS" in text and "rounded up" in text
    data = for_the_trial(assessment.stated, totals)
    assert (data["n_per_arm"], data["n_total"], data["n_total_enrolled"]) == ([102, 51, 51],
                                                                                204, 228)


def test_one_one_two_needs_the_pair_allocation_and_then_counts_every_arm(
    tmp_path: Path,
) -> None:
    unset = _assessed(_sle(tmp_path, "1:1:2"))
    errors = [p for p in unset.errors if p.field == "sample_size.parameters"]
    assert len(errors) == 1
    message = errors[0].message
    assert "allocation ratio 1:1:2" in message and "1:2" in message and "0.5" in message
    assert "Placebo" in message
    pair = _pair(ratio=0.5)
    n_t, n_c = pair.n_per_arm
    given = _assessed(_sle(tmp_path, "1:1:2", ratio=0.5))
    assert not [p for p in given.errors if p.field == "sample_size.parameters"]
    assert given.totals.per_arm == (n_t, math.ceil(n_c / 2 - 1e-9), n_c) == (38, 38, 76)
    assert given.totals.analysed == 152


def test_three_two_one_sizes_the_smaller_experimental_arm(tmp_path: Path) -> None:
    pair = _pair(ratio=2.0)  # IL-2 daily (part 2) vs placebo (part 1)
    n_t, n_c = pair.n_per_arm
    totals = _assessed(_sle(tmp_path, "3:2:1", ratio=2)).totals
    assert totals.per_arm == (3 * n_c, n_t, n_c)
    assert totals.compared is not None and "daily" in totals.compared[0]


def test_the_control_is_the_comparator_arm_wherever_it_is_listed(tmp_path: Path) -> None:
    data = yaml.safe_load(_sle(tmp_path, "1:2:1").read_text(encoding="utf-8"))
    data["arms"] = [data["arms"][2], data["arms"][0], data["arms"][1]]  # placebo first
    path = tmp_path / "placebo-first.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    totals = _assessed(path).totals
    assert totals.compared == ("IL-2 0.5 million IU daily for 5 days", "Placebo")
    assert totals.per_arm == (51, 102, 51) and totals.analysed == 204
    data["design"]["allocation_ratio"] = "1:1:1"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    assert _assessed(path).totals.control == "Placebo"
    md = tmp_path / "p.md"
    assert main(["render", str(path), "--to", "md", "-o", str(md)]) == 0
    assert "| Analysed: Placebo (control) | 51 |" in md.read_text(encoding="utf-8")


def test_equal_allocation_is_unchanged(tmp_path: Path) -> None:
    totals = _assessed(_sle(tmp_path, "1:1:1")).totals
    assert (totals.per_arm, totals.analysed, totals.enrolled) == ((51, 51, 51), 153, 171)
    assert totals.compared is None


def test_a_method_without_an_allocation_names_the_allocation_field() -> None:
    trial = load_trial(SLE)
    data = trial.model_dump(mode="json", exclude_none=True)
    data["design"]["allocation_ratio"] = "1:1:2"
    data["sample_size"]["procedure"] = "ancova_log"
    data["sample_size"]["parameters"] = {"control_mean": 0.4, "cv": 0.8, "mean_ratio": 1.3,
                                         "baseline_correlation": 0.7, "power": 0.8}
    data["sample_size"].pop("evidence", None)
    assessment = assess_sizing(Trial.model_validate(data), EvidenceLink.open())
    found = [p for p in assessment.errors if p.field == "design.allocation_ratio"]
    assert len(found) == 1 and "equal arms only" in found[0].message, assessment.problems


def test_check_and_the_protocol_state_every_arm(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    path = _sle(tmp_path, "2:1:1")
    main(["check", str(path)])
    out = capsys.readouterr().out
    assert "Sample size: 102 + 51 + 51 = 204 analysed, 228 to enrol" in out
    md = tmp_path / "p.md"
    assert main(["render", str(path), "--to", "md", "-o", str(md)]) == 0
    text = md.read_text(encoding="utf-8")
    assert re.search(r"\| Sample size \| 204 analysed \(102 \+ 51 \+ 51, allocated 2:1:1\); "
                     r"228 to enrol", text)
    assert "| Arms in the trial (allocated 2:1:1) | 3 |" in text
    assert "| To analyse in each arm, as listed | 102 + 51 + 51 |" in text
    assert "| To analyse in the trial | 204 |" in text
    assert "| Analysed: Placebo (control) | 51 |" in text
    assert "equal allocation" not in text and "51 in each of 3 arms" not in text
    assert re.search(r"\| All as planned \|  \|  \| 204 \| 228 \|", text)
    html = tmp_path / "p.html"
    assert main(["render", str(path), "--to", "html", "-o", str(html)]) == 0
    assert "N = 204, 3 arms allocated 2:1:1" in html.read_text(encoding="utf-8")
