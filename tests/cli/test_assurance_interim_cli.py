"""`trialkit power ... --prior-mean/--prior-sd`, `conditional-power`, `promising-zone` and
`trialkit evidence size ID --assurance`, checked against computations written here from the
formulas (closed forms, quadrature), not against the engine."""

from __future__ import annotations

import json
import math

import pytest
from scipy import integrate, optimize, stats

from trialkit.cli import main
from trialkit.cli.power import PROCEDURES


def _json(capsys, *args: str) -> dict:
    assert main(list(args)) == 0
    return json.loads(capsys.readouterr().out)


def _one_line_error(capsys, *args: str) -> str:
    assert main(list(args)) == 2
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "Traceback" not in err
    return err


def test_z_test_assurance_is_the_closed_form(capsys):
    # O'Hagan, Stevens & Campbell (2005) Pharm Stat 4:187-201, normal prior, known variance:
    # assurance = Phi((m - z_(1-alpha/2) se) / sqrt(se^2 + s^2)).
    data = _json(capsys, "power", "two-means", "--delta", "0.5", "--sd", "1", "--n-per-arm",
                 "64", "--approximation", "normal", "--prior-mean", "0.4", "--prior-sd", "0.2",
                 "--json")
    se = math.sqrt(2 / 64)
    expected = stats.norm.cdf((0.4 - stats.norm.ppf(0.975) * se) / math.hypot(se, 0.2))
    assert data["assurance"]["assurance"] == pytest.approx(expected, abs=1e-9)
    assert data["n_per_arm"] == [64, 64]  # the design itself unchanged


def _t_assurance(n: int, m: float, s: float, sd: float = 1.0, alpha: float = 0.05) -> float:
    """Exact t power in the favourable direction integrated over N(m, s^2) by quad."""
    df, crit = 2 * n - 2, stats.t.ppf(1 - alpha / 2, 2 * n - 2)

    def f(theta: float) -> float:
        ncp = theta / (sd * math.sqrt(2 / n))
        return stats.nct.sf(crit, df, ncp) * stats.norm.pdf(theta, m, s)

    return integrate.quad(f, m - 12 * s, m + 12 * s, epsabs=1e-12, limit=200)[0]


def test_t_test_assurance_and_the_size_for_a_target(capsys):
    data = _json(capsys, "power", "two-means", "--delta", "0.5", "--sd", "1", "--power", "0.8",
                 "--prior-mean", "0.5", "--prior-sd", "0.2", "--json")
    assert data["assurance"]["assurance"] == pytest.approx(_t_assurance(64, 0.5, 0.2), abs=1e-7)
    data = _json(capsys, "power", "two-means", "--delta", "0.5", "--sd", "1", "--power", "0.8",
                 "--prior-mean", "0.5", "--prior-sd", "0.2", "--target-assurance", "0.75",
                 "--json")
    n = data["assurance"]["n_per_arm"][0]
    assert _t_assurance(n, 0.5, 0.2) >= 0.75 > _t_assurance(n - 1, 0.5, 0.2)


def test_assurance_in_the_table_and_the_paragraph(capsys):
    assert main(["power", "two-proportions", "--p1", "0.4", "--p2", "0.25", "--power", "0.8",
                 "--prior-mean", "0.4", "--prior-sd", "0.05"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "assurance 0." in out and "probability that the trial gives a statistically" in out


@pytest.mark.parametrize(("args", "words"), [
    (("--prior-mean", "0.5"), "--prior-sd"),
    (("--prior-mean", "0.5", "--prior-sd", "-1"), "Prior SD (--prior-sd) = -1.0"),
    (("--prior-mean", "0.5", "--prior-sd", "0.2", "--target-assurance", "0.995"),
     "at most 99.4%"),
])
def test_assurance_bad_input_is_one_line(capsys, args, words):
    err = _one_line_error(capsys, "power", "two-means", "--delta", "0.5", "--sd", "1",
                          "--power", "0.8", *args)
    assert words in err


def test_every_sizing_command_offers_the_assurance_and_only_those():
    for command, proc in PROCEDURES.items():
        sub = [a for a in _options(command)]
        assert ("--prior-mean" in sub) == proc.sizes_design, command


def _options(command: str) -> list[str]:
    import argparse

    from trialkit.cli.power import add_arguments

    parser = argparse.ArgumentParser()
    add_arguments(parser)
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return [o for a in sub.choices[command]._actions for o in a.option_strings]


def test_conditional_power_is_lan_wittes_closed_form(capsys):
    # Lan & Wittes (1988): Z_1 | Z_t ~ N(Z_t sqrt(t) + theta (1 - t), 1 - t).
    z, t = 1.2, 0.5
    c = stats.norm.ppf(0.975)
    for under, theta in (("trend", z / math.sqrt(t)),
                         ("design", c + stats.norm.ppf(0.9)), ("null", 0.0)):
        data = _json(capsys, "power", "conditional-power", "--z-interim", str(z),
                     "--information-fraction", str(t), "--under", under, "--design-power",
                     "0.9", "--json")
        expected = stats.norm.sf((c - z * math.sqrt(t) - theta * (1 - t)) / math.sqrt(1 - t))
        assert data["conditional_power"] == pytest.approx(expected, abs=1e-12), under


def test_conditional_power_bad_input(capsys):
    err = _one_line_error(capsys, "power", "conditional-power", "--z-interim", "1",
                          "--information-fraction", "1.5")
    assert "Information fraction (--information-fraction) = 1.5" in err
    err = _one_line_error(capsys, "power", "conditional-power", "--z-interim", "1",
                          "--information-fraction", "0.5", "--under", "design")
    assert "--design-power" in err and "under=" not in err
    err = _one_line_error(capsys, "power", "conditional-power", "--information-fraction", "0.5")
    assert "--z-interim" in err


def test_promising_zone_reestimates_to_the_target_conditional_power(capsys):
    # Mehta & Pocock (2011) example design: 442 planned, interim at 208, at most 884.
    data = _json(capsys, "power", "promising-zone", "--n-interim", "208", "--n-planned", "442",
                 "--n-max", "884", "--z-interim", "1.5", "--design-power", "0.8", "--json")
    t, c, z = 208 / 442, stats.norm.ppf(0.975), 1.5
    drift = z / math.sqrt(t)  # expected final z at 442 under the trend

    def cp(n_total: float) -> float:  # CHW weighted test, second stage of n_total - 208
        mean2 = drift * math.sqrt((n_total - 208) / 442)
        return stats.norm.sf((c - math.sqrt(t) * z) / math.sqrt(1 - t) - mean2)

    assert 0.365 <= cp(442) < 0.8  # promising
    n_needed = optimize.brentq(lambda n: cp(n) - 0.8, 442, 884)
    assert data["reestimation"]["n_final"] == math.ceil(n_needed)
    assert data["reestimation"]["zone"] == "promising"
    assert data["weights"] == pytest.approx([math.sqrt(t), math.sqrt(1 - t)])


def test_promising_zone_bad_input(capsys):
    err = _one_line_error(capsys, "power", "promising-zone", "--n-interim", "208",
                          "--n-planned", "442", "--n-max", "884", "--cp-min", "0.9")
    assert "(--cp-min) = 0.9" in err


def test_evidence_size_assurance_uses_the_ci_implied_prior(capsys):
    # Larsen et al. (2009) Diabetes Care 32:1663-1668: PI/I ratio difference -0.07 (95% CI
    # -0.14 to -0.02), 67 analysed; the design's delta is 0.07 with the SD from the same CI.
    data = _json(capsys, "evidence", "size", "larsen2009.pi_insulin_ratio", "--assurance",
                 "--json")
    prior_sd = 0.12 / (2 * stats.t.ppf(0.975, 65))  # the SE behind the CI (t, 65 df)
    a = data["assurance"]
    assert a["prior_mean"] == pytest.approx(0.07)
    assert a["prior_sd"] == pytest.approx(prior_sd, rel=1e-12)
    n, sd = data["n_per_arm"][0], data["inputs"]["sd"]
    assert a["assurance"] == pytest.approx(_t_assurance(n, 0.07, prior_sd, sd=sd), abs=1e-7)
    assert "confidence interval -0.14 to -0.02" in a["justification"]


def test_evidence_size_assurance_on_the_log_scale_for_a_ratio(tmp_path, capsys):
    (tmp_path / "r.yaml").write_text(RATIO_RECORD)
    data = _json(capsys, "evidence", "size", "r2020.auc", "--procedure", "ratio_of_means",
                 "--assurance", "--json", "--evidence", str(tmp_path), "--distribution", "z")
    se = (math.log(1.6) - math.log(1.1)) / (2 * stats.norm.ppf(0.975))
    assert data["assurance"]["prior_sd"] == pytest.approx(se, rel=1e-12)
    assert data["assurance"]["prior_mean"] == pytest.approx(1.3)


def test_evidence_without_a_ci_refuses_the_assurance_in_one_line(capsys):
    err = _one_line_error(capsys, "evidence", "size", "su2024.clinical_remission",
                          "--procedure", "two_proportions", "--control-rate", "0.3",
                          "--assurance")
    assert "no confidence interval" in err


RATIO_RECORD = """\
id: r2020
document: test record
design: {type: randomised_controlled_trial}
citation: {authors: ["Doe, Jane"], title: t, journal: J, year: 2020,
           publication_type: journal_article}
estimates:
  - id: auc
    outcome: AUC
    kind: between_group_ratio
    value: 1.3
    ci: {lower: 1.1, upper: 1.6}
    n: {treatment: 25, control: 25}
    locator: Table 3.
"""


@pytest.mark.parametrize("proc", __import__(
    "trialkit.power.catalogue_extra", fromlist=["x"]).INTERIM_PROCEDURES, ids=lambda p: p.name)
def test_interim_entries_describe_their_functions(proc):
    import inspect

    from trialkit.power.catalogue_extra import RULE_ONLY

    keywords = inspect.signature(proc.function()).parameters
    rule = set(RULE_ONLY.get(proc.name, ()))
    assert set(proc.names()) - rule == set(keywords)
    for param in proc.parameters:
        if param.name in rule:
            continue
        engine = keywords[param.name]
        assert param.required == (engine.default is inspect.Parameter.empty), param.name
        if not param.required:
            assert param.default == engine.default, param.name
    proc.function()(**proc.example)
