"""An expected adverse event whose evidence id the library does not hold is named with the
adverse-event rates the library does hold, by citation, so the investigator can pick one."""

from __future__ import annotations

from pathlib import Path

from trialkit.design.evidence_link import EvidenceLink
from trialkit.design.io import load_trial
from trialkit.design.validate import evidence_problems
from trialkit.design.words import adverse_event_rates, unknown_rate

ROOT = Path(__file__).resolve().parents[2]


def test_the_rates_are_listed_by_citation() -> None:
    rates = dict(adverse_event_rates(EvidenceLink.open()))
    assert rates["su2024.fever_rate"].startswith("fever, 14.4%, Su et al. (2024")


def test_an_unknown_id_names_the_known_rates() -> None:
    link = EvidenceLink.open()
    words = unknown_rate("nosuch.rate", link)
    assert words is not None
    assert words.startswith("'nosuch.rate' is not in the evidence library: its adverse-event "
                            "rates are ")
    assert "fever, 14.4%, Su et al. (2024" in words and "[su2024.fever_rate]" in words
    assert unknown_rate("su2024.fever_rate", link) is None
    assert unknown_rate("nosuch.rate", EvidenceLink.empty()) is None


def test_check_names_the_field_and_the_known_rates() -> None:
    trial = load_trial(ROOT / "examples" / "ld-il2-sle.yaml")
    trial.safety.expected_adverse_events[0].evidence = "nosuch.rate"
    problems = evidence_problems(trial, EvidenceLink.open())
    (problem,) = [p for p in problems if p.field.startswith("safety.")]
    text = str(problem)
    assert text.startswith("error: Safety, expected adverse events: 'nosuch.rate' is not in "
                           "the evidence library: its adverse-event rates are "), text
    assert "[su2024.fever_rate]" in text
