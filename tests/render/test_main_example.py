"""The main example, honestly: it cites the negative trials it follows (Moran et al., Lancet 2013)
and the planning data for its SD and correlation (Lachin et al., PLoS One 2011), says what it
changes, and does not pass assumptions off as values read from a source."""

from __future__ import annotations

from pathlib import Path

from tests.render import examples
from trialkit.design import load_trial

MAIN = Path(__file__).resolve().parents[2] / "examples" / "anakinra-t1d.yaml"


def test_main_example_cites_the_trials_it_follows_and_says_what_it_changes() -> None:
    trial = load_trial(MAIN)
    assert {"moran2013", "lachin2011"} <= set(trial.background.evidence)
    dose = trial.arms[0].interventions[0]
    assert (dose.dose, dose.frequency) == ("100 mg", "twice daily (every 12 hours)")  # AIDA: daily
    rationale = " ".join((trial.background.rationale or "").split())
    assert "100 mg once daily for 9 months" in rationale and "[moran2013]" in rationale
    assert "twice daily" in rationale


def test_main_example_planning_values_are_marked_as_assumptions() -> None:
    trial = load_trial(MAIN)
    params = trial.sample_size.parameters
    assert (params["sd"], params["baseline_correlation"]) == (0.2, 0.7)
    text = " ".join((trial.sample_size.rationale or "").split())
    assert "planning assumptions, not values read from a source" in text
    assert "not found in public text" in text and "[lachin2011]" in text
    context = examples.context(MAIN.stem)
    rows = context.sizing.sensitivity
    varied = {(r.label, r.value) for r in rows}
    assert {("SD", "0.15"), ("SD", "0.3"), ("Baseline correlation", "0.5"),
            ("Baseline correlation", "0.8")} <= varied
    protocol = examples.markdown(MAIN.stem)
    assert "Moran A, Bundy B, Becker DJ" in protocol and "Lachin JM, McGee PL" in protocol
