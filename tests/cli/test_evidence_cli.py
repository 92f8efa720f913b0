"""``trialkit evidence list|show|size`` through the real command-line entry point."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from trialkit.cli import main

USER = Path(__file__).parents[1] / "evidence" / "user_evidence"


@pytest.fixture(autouse=True)
def no_env_folders(monkeypatch):
    monkeypatch.delenv("TRIALKIT_EVIDENCE", raising=False)


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_list_is_a_table_of_estimates(capsys):
    code, out, err = run(capsys, "evidence", "list")
    assert code == 0 and err == ""
    header, *rows = out.splitlines()
    assert header.split() == ["ID", "SOURCE", "OUTCOME", "KIND", "VALUE", "CI"]
    row = next(r for r in rows if r.startswith("larsen2009.pi_insulin_ratio "))
    assert "Larsen et al. 2009" in row and "between_group_difference" in row
    assert "-0.14 to -0.02 (95%)" in row
    assert "igf1-review2002" in rows[-1]  # qualitative sources are named after the table


def test_list_filters_by_kind(capsys):
    code, out, _ = run(capsys, "evidence", "list", "--kind", "smd_pre_post")
    ids = [line.split()[0] for line in out.splitlines()[1:] if line.strip()]
    assert code == 0 and ids and all(i.startswith("su2024.") for i in ids)


def test_show_an_estimate_with_its_source(capsys):
    code, out, _ = run(capsys, "evidence", "show", "su2024.sri4_response")
    assert code == 0
    assert "kind: single_arm_proportion" in out
    assert "0.819 (95% CI 0.745 to 0.894)" in out
    assert "Su QY" in out and "Cautions:" in out and "provenance:" in out


def test_show_a_source_and_as_json(capsys):
    code, out, _ = run(capsys, "evidence", "show", "igf1-review2002")
    assert code == 0 and "Adverse events:" in out and "Bell's palsy" in out
    code, out, _ = run(capsys, "evidence", "show", "larsen2009.crp", "--json")
    data = json.loads(out)
    assert (data["source"], data["value"], data["ci"]["lower"]) == ("larsen2009", -3.2, -6.2)


def test_size_from_a_record_shows_the_conversion(capsys):
    code, out, _ = run(capsys, "evidence", "size", "larsen2009.pi_insulin_ratio",
                       "--power", "0.8")
    assert code == 0
    assert out.startswith("Two means (t-test) from larsen2009.pi_insulin_ratio: n = 50 + 50")
    flat = " ".join(out.split())
    assert "Larsen et al. (2009, Diabetes Care 32:1663-1668)" in flat
    assert "derived from the 95% confidence interval" in flat


def test_size_json_carries_the_justification(capsys):
    code, out, _ = run(capsys, "evidence", "size", "larsen2009.il6", "--json", "--sides", "1")
    data = json.loads(out)
    assert code == 0 and data["inputs"]["sides"] == 1
    assert "Larsen et al. (2009" in data["justification"]


def test_bad_id_exits_2_with_one_line(capsys):
    code, out, err = run(capsys, "evidence", "show", "larsen2009.nope")
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1
    assert "no estimate 'nope'" in err
    code, _, err = run(capsys, "evidence", "size", "unknown.x")
    assert code == 2 and len(err.strip().splitlines()) == 1


def test_refusal_exits_2_with_the_reason(capsys):
    code, _, err = run(capsys, "evidence", "size", "su2024.sri4_response")
    assert code == 2 and len(err.strip().splitlines()) == 1
    assert "not a difference between arms" in err and "--control-rate" in err


def test_user_folder_and_control_record(capsys):
    code, out, _ = run(capsys, "evidence", "--evidence", str(USER), "size",
                       "su2024.sri4_response", "--control", "he2020.sri4_w24_placebo")
    assert code == 0 and "He et al. (2020" in " ".join(out.split())
    code, out, _ = run(capsys, "evidence", "list", "--evidence", str(USER))
    assert "larsen2007.hba1c" in out


def test_environment_variable_folder(capsys, monkeypatch):
    monkeypatch.setenv("TRIALKIT_EVIDENCE", str(USER))
    code, out, _ = run(capsys, "evidence", "list", "--source", "he2020")
    assert code == 0 and "he2020.sri4_w24_il2" in out


def test_a_broken_user_file_stops_with_its_name(capsys, tmp_path):
    (tmp_path / "mine.yaml").write_text("id: mine\ncitation: [\n", encoding="utf-8")
    code, _, err = run(capsys, "evidence", "list", "--evidence", str(tmp_path))
    assert code == 2 and "mine.yaml" in err and "YAML syntax error" in err


def test_help_mentions_every_subcommand(capsys):
    with pytest.raises(SystemExit) as info:
        main(["evidence", "--help"])
    out = capsys.readouterr().out
    assert info.value.code == 0
    assert all(word in out for word in ("list", "show", "size", "--evidence"))


def test_schema_describes_an_evidence_file(capsys):
    code, out, _ = run(capsys, "evidence", "schema")
    schema = json.loads(out)
    assert code == 0 and schema["title"] == "Source"
    assert schema["additionalProperties"] is False
    assert "between_group_difference" in json.dumps(schema["$defs"]["Estimate"])
