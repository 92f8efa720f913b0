"""The protocol's sample-size section states the assurance when the effect came from evidence."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from scipy import integrate, stats

from tests.render import examples
from trialkit.design import load_trial
from trialkit.design.evidence_link import EvidenceLink
from trialkit.render.context import build_context

ROOT = Path(__file__).resolve().parents[2]
DURABILITY = ROOT / "examples" / "il1ra-t2d-durability.yaml"
MAIN = ROOT / "examples" / "anakinra-t1d.yaml"


def _t_assurance(n: int, m: float, s: float, sd: float, alpha: float) -> float:
    """Exact two-sample t power (favourable tail) integrated over N(m, s^2) by quad."""
    df, crit = 2 * n - 2, stats.t.ppf(1 - alpha / 2, 2 * n - 2)

    def f(theta: float) -> float:
        return stats.nct.sf(crit, df, theta / (sd * math.sqrt(2 / n))) * stats.norm.pdf(
            theta, m, s)

    return integrate.quad(f, m - 12 * s, m + 12 * s, epsabs=1e-12, limit=200)[0]


def test_the_section_states_the_assurance_from_the_evidence() -> None:
    # Larsen et al. (2009) Diabetes Care 32:1663-1668: difference -0.07 (95% CI -0.14 to
    # -0.02), 67 analysed: the prior is N(0.07, SE^2) with SE = 0.12 / (2 t(0.975, 65)).
    context = examples.context(DURABILITY.stem)
    sizing = context.sizing
    result = sizing.result
    assert result is not None and sizing.assurance is not None
    se = 0.12 / (2 * stats.t.ppf(0.975, 65))
    expected = _t_assurance(result.n_per_arm[0], 0.07, se, result.inputs["sd"],
                            result.inputs["alpha"])
    assert sizing.assurance == pytest.approx(expected, abs=1e-7)
    text = " ".join(examples.markdown(DURABILITY.stem).split())
    assert (f"Given the evidence, the probability of success is {100 * expected:.1f}%."
            in text)
    assert f"| Probability of success given the evidence (assurance) | {100 * expected:.1f}% |" \
        in text
    assert "95% confidence interval -0.14 to -0.02" in text


def test_no_assurance_when_the_effect_was_typed() -> None:
    assert examples.context(MAIN.stem).sizing.assurance is None
    assert "probability of success" not in examples.markdown(MAIN.stem)


def test_an_effect_typed_over_the_evidence_has_no_assurance() -> None:
    trial = load_trial(DURABILITY)
    trial.sample_size.parameters["delta"] = 0.05
    context = build_context(trial, evidence=EvidenceLink.open())
    assert context.sizing.status == "computed" and context.sizing.assurance is None


def test_html_and_word_state_it_too() -> None:
    import docx

    assert "Given the evidence, the probability of success is" in examples.html(DURABILITY.stem)
    paragraphs = [p.text for p in docx.Document(str(examples.word_file(DURABILITY.stem))).paragraphs]
    assert any(p.startswith("Given the evidence, the probability of success is")
               for p in paragraphs)


def test_check_json_carries_the_assurance(capsys) -> None:
    import json

    from trialkit.cli import main

    main(["check", str(DURABILITY), "--json"])
    report = json.loads(capsys.readouterr().out)
    assert report["assurance"]["prior_mean"] == pytest.approx(0.07)
    assert 0.5 < report["assurance"]["assurance"] < report["sample_size"]["power"]
