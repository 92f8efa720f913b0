"""The CLI's messages and output in words for people: option names, never Python names (issue 12, 13)."""

from __future__ import annotations

import re

import pytest

from trialkit.cli import main
from trialkit.cli.power import PROCEDURES, flag

PYTHON_NAME = re.compile(r"(?<!-)\b[a-z]+_[a-z_]+\b|\bunset\b|\bunknowns\b")
"""A keyword such as n_per_arm (an option such as --n-per-arm is fine)."""


def one_error_line(capsys: pytest.CaptureFixture[str], argv: list[str]) -> str:
    """Run the CLI; it must exit 2 with exactly one line on stderr, which is returned."""
    assert main(argv) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1, lines
    return lines[0]


def _options(example: dict[str, object]) -> list[str]:
    argv: list[str] = []
    for name, value in example.items():
        text = ",".join(str(v) for v in value) if isinstance(value, tuple) else str(value)
        argv += [flag(name), text]
    return argv


SOLVING = [p for p in PROCEDURES.values() if "power" in p.solvable and p.size is not None]


@pytest.mark.parametrize("proc", SOLVING, ids=[p.command for p in SOLVING])
def test_leaving_out_power_and_size_names_both_options(capsys, proc):
    """D1: `power two-means --delta 0.5 --sd 1` said 'leave exactly one of power, n_per_arm,
    delta unset'; each subcommand now names its own options and what each one finds."""
    assert proc.size is not None
    example = {k: v for k, v in proc.example.items() if k not in ("power", proc.size.name)}
    line = one_error_line(capsys, ["power", proc.command, *_options(example)])
    assert "--power" in line and flag(proc.size.name) in line, line
    assert "to find the power" in line and "target power" in line, line
    assert not PYTHON_NAME.search(line), line


def test_giving_everything_says_to_leave_one_out(capsys):
    line = one_error_line(capsys, ["power", "two-means", "--delta", "0.5", "--sd", "1",
                                   "--power", "0.8", "--n-per-arm", "20"])
    assert "--delta" in line and "leave out" in line and not PYTHON_NAME.search(line), line


def test_the_python_api_says_it_in_keywords():
    from trialkit.errors import Unknowns
    from trialkit.power import two_means

    with pytest.raises(Unknowns) as caught:
        two_means(delta=0.5, sd=1)
    assert caught.value.missing == ("power", "n_per_arm")
    assert "give power to find n_per_arm, or n_per_arm to find power" in str(caught.value)


DESIGN_ERRORS = [  # (YAML after schema_version, words expected); one per kind pydantic raises
    ("population:\n  age_min: abc\n", "Population, minimum age (years): 'abc' is not a number"),
    ("population:\n  age_min: -5\n", "Population, minimum age (years): must be at least 0 (now -5)"),
    ("population:\n  agemin: 3\n", "Population, 'agemin': is not a field"),
    ("population:\n  healthy_volunteers: perhaps\n", "'perhaps' is not a choice here"),
    ("population:\n  inclusion: 5\n", "Population, inclusion criteria: '5' is not a list"),
    ("population:\n  description: [1, 2]\n", "Population: '[1, 2]' is not text"),
    ("population:\n  sex: robots\n", "'robots' is not one of the choices"),
    ("population: 5\n", "Population: '5' is not a set of fields"),
    ("population:\n  age_min: 50\n  age_max: 20\n",
     "Population: minimum age (50) is above maximum age (20)"),
    ("sample_size:\n  target_enrolment: many\n", "'many' is not a whole number"),
    ("sample_size:\n  target_enrolment: 2.5\n", "'2.5' is not a whole number"),
    ("sample_size:\n  target_enrolment: 0\n", "Sample size, planned enrolment: must be at least 1"),
    ("visits:\n  - name: Screening\n", "Visit 1, visit id: must be given"),
    ("arms: one\n", "Interventions, arms: 'one' is not a list"),
    ("title_page:\n  version_date: soon\n", "Admin/ethics, version date: 'soon' is not a date"),
]


@pytest.mark.parametrize(("body", "words"), DESIGN_ERRORS)
def test_design_file_errors_name_the_field_by_its_label(capsys, tmp_path, body, words):
    """D6: 'population.age_min: Input should be a valid number, unable to parse string as a
    number (got 'abc')' is pydantic's phrasing; check says it in words."""
    design = tmp_path / "bad.yaml"
    design.write_text("schema_version: 2\n" + body)
    line = one_error_line(capsys, ["check", str(design)])
    assert words in line, line
    said = re.sub(r"'[^']*'", "", line.split("bad.yaml:", 1)[1])  # values typed may have _
    assert not PYTHON_NAME.search(said), line
    for phrase in ("Input should", "Value should", "valid", "got "):
        assert phrase not in said, line


def test_check_names_fields_and_inputs_in_words(capsys, tmp_path):
    """D7: check said 'sample_size: sd=-0.2 is invalid', 'fill title_page.registrations.
    identifier|...' and 'objectives.1.endpoints.2:'; it now names labels and sections."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    text = (root / "examples" / "anakinra-t1d.yaml").read_text(encoding="utf-8")
    design = tmp_path / "sd.yaml"
    design.write_text(re.sub(r"(?m)^(\s+)sd: .*$", r"\1sd: -0.2", text, count=1))
    assert main(["check", str(design)]) == 1
    out = capsys.readouterr().out
    assert "error: Sample size: SD = -0.2 is invalid: must be greater than 0" in out
    assert "Partly addressed:" in out and "fill in Admin/ethics, registries, identifier;" in out
    assert main(["check", str(root / "tests" / "design" / "versions" / "1" / "ld-il2-sle.yaml")]) == 1
    out = capsys.readouterr().out
    assert "warning: Objective 2, endpoint 3:" in out
    report = out.split("Partly addressed:")[1]
    assert not re.search(r"\b[a-z]+(?:_[a-z]+)*\.[a-z0-9_]+\b", report.split("Design problems")[0])
    assert "sd=" not in out and "|" not in out.split("Partly addressed:")[1]


def test_the_power_table_and_justification_are_in_words(capsys):
    """D2: the table showed 'procedure two_means', 'continuity False', 'two_tailed' and the
    method 'sd*sqrt(1 - r^2)'; it now uses the protocol's words and typesetting."""
    assert main(["power", "two-means", "--delta", "0.1", "--sd", "0.2",
                 "--baseline-correlation", "0.7", "--power", "0.8"]) == 0
    out = capsys.readouterr().out
    assert "SD \u00d7 \u221a(1 \u2212 r\u00b2)" in out and "sqrt" not in out
    assert "Two means (t-test)" in out and "both tails" in out
    assert not PYTHON_NAME.search(out), PYTHON_NAME.search(out)
    assert main(["power", "two-proportions", "--p1", "0.75", "--p2", "0.5", "--power", "0.9",
                 "--continuity"]) == 0
    out = capsys.readouterr().out
    assert "Continuity correction  yes" in out and "True" not in out and "False" not in out
    assert main(["power", "one-proportion", "--p0", "0.3", "--p1", "0.1", "--sides", "1",
                 "--power", "0.8"]) == 0
    assert "Power convention" not in capsys.readouterr().out  # one-sided: no convention


def test_evidence_sizing_typesets_its_conversion(capsys):
    assert main(["evidence", "size", "larsen2009.pi_insulin_ratio"]) == 0
    out = capsys.readouterr().out
    assert "SE / \u221a(1/33.5 + 1/33.5)" in " ".join(out.split()) and "sqrt" not in out


@pytest.mark.parametrize(("argv", "words"), [
    (["power", "logrank", "--hazard-ratio", "0.7", "--power", "0.8", "--hazard-breaks", "0,6",
      "--median-control", "12", "--accrual-time", "24", "--follow-up-time", "12"],
     "--control-hazards"),
    (["power", "exact-two-proportions", "--p1", "0.5", "--p2", "0.3", "--n-per-arm", "100000"],
     "larger ones need two-proportions"),
    (["power", "two-means", "--delta", "0.5", "--sd", "1", "--n-per-arm", "40",
      "--sweep", "bogus=1:2:1"], "must vary one of delta, sd, n-per-arm"),
])
def test_engine_messages_name_options_and_subcommands(capsys, argv, words):
    """Minor: '(2, as hazard_breaks)', 'larger ones need two_proportions' and the --sweep
    list of keywords; each now names what the user types."""
    line = one_error_line(capsys, argv)
    assert words in line and not PYTHON_NAME.search(line), line
