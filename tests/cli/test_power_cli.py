"""`trialkit power` and `trialkit selftest` as a statistician runs them from the shell."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from trialkit.cli import main
from trialkit.cli.power import PROCEDURES, flag


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    """``python -m trialkit`` in a process of its own: what a user's shell sees, traceback included."""
    return subprocess.run([sys.executable, "-m", "trialkit", *args], capture_output=True,
                          text=True, timeout=120)


def run_main(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """The same command through ``main`` in this process (``python -m trialkit`` exits with what
    ``main`` returns, or argparse's own exit): exit status, stdout, stderr."""
    try:
        code = main(list(args))
    except SystemExit as stop:  # argparse: --help, or a value it refuses itself
        code = stop.code if isinstance(stop.code, int) else 1
    out, err = capsys.readouterr()
    return code, out, err


def test_two_means_prints_table_and_justification(capsys):
    assert main(["power", "two-means", "--delta", "0.5", "--sd", "1", "--power", "0.8"]) == 0
    out = capsys.readouterr().out
    assert "64 treatment + 64 control" in out
    assert "The sample size was calculated for a two-sample t-test" in out


def test_json_output_is_to_dict(capsys):
    assert main(["power", "two-proportions", "--p1", "0.75", "--p2", "0.5", "--power", "0.9",
                 "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    # R power.prop.test(p1 = .5, p2 = .75, power = .9): n = 76.7 per group.
    assert data["n_per_arm"] == [77, 77]
    assert data["solution"] == pytest.approx(76.70692, abs=5e-4)


def test_unequal_arms_and_sweep(capsys):
    assert main(["power", "two-means", "--delta", "0.1", "--sd", "1", "--n-per-arm", "20,30",
                 "--sweep", "n_per_arm=10:30:10"]) == 0
    out = capsys.readouterr().out
    # R pwr.t2n.test(n1 = 20, n2 = 30, d = 0.1): power 0.0633.
    assert "0.0633" in out
    assert "n per arm = 30" in out and "n_per_arm" not in out


def test_exact_one_proportion_and_flags(capsys):
    assert main(["power", "one-proportion", "--p0", "0.2", "--p1", "0.4", "--power", "0.8"]) == 0
    assert "n stable" in capsys.readouterr().out
    assert main(["power", "two-proportions", "--p1", "0.75", "--p2", "0.5", "--power", "0.9",
                 "--continuity"]) == 0
    assert "continuity" in capsys.readouterr().out


@pytest.mark.parametrize(
    "args",
    [
        ["power", "two-means", "--delta", "0.5", "--sd", "-1", "--power", "0.8"],
        ["power", "two-means", "--delta", "0.5", "--sd", "1"],
        ["power", "two-means", "--delta", "0.5", "--sd", "1", "--power", "2"],
        ["power", "two-means", "--delta", "abc", "--sd", "1", "--power", "0.8"],
        ["power", "two-means", "--delta", "0.5", "--sd", "1", "--power", "0.8", "--sweep", "x"],
        ["power", "two-means", "--delta", "0.5", "--sd", "1", "--n-per-arm", "1,2,3"],
        ["power", "nonsense"],
        ["power", "two-means", "--delta", "0.5", "--power", "0.8"],
        ["power", "group-sequential", "--alpha", "0.025"],
        # Found by a fresh-clone test drive: each once gave a traceback, a hang or a wrong answer.
        ["power", "two-means", "--delta", "1e-300", "--sd", "1", "--power", "0.8"],
        ["power", "two-means", "--delta", "0.5", "--sd", "1e300", "--power", "0.8"],
        ["power", "two-means", "--delta", "0.5", "--sd", "1", "--n-per-arm", "40",
         "--sweep", "n_per_arm=nan:60:10"],
        ["power", "two-means", "--delta", "0.5", "--sd", "1", "--n-per-arm", "40",
         "--sweep", "n_per_arm=10:1e9:1"],
        ["power", "two-means", "--delta", "0.5", "--sd", "1", "--n-per-arm", "40",
         "--sweep", "bogus=1:2:1"],
        ["power", "logrank", "--hazard-ratio", "0.7", "--power", "0.8", "--median-control", "1e14",
         "--accrual-time", "24", "--follow-up-time", "12"],
        ["power", "adjusted-alpha", "--endpoints", "100000000"],
        ["power", "ancova-log", "--control-mean", "0.4", "--cv", "0.8", "--ratio", "1",
         "--baseline-correlation", "0.7", "--power", "0.8"],
    ],
)
def test_bad_input_is_one_line_on_stderr_and_exit_2(args, capsys):
    code, _, err = run_main(capsys, *args)
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    assert lines[0].startswith("trialkit")


def test_bad_input_from_the_shell_is_one_line_and_exit_2():
    """One case end to end in a real process: the exit status and stderr a shell sees."""
    proc = run_cli("power", "two-means", "--delta", "abc", "--sd", "1", "--power", "0.8")
    assert proc.returncode == 2
    assert len(proc.stderr.strip().splitlines()) == 1 and proc.stderr.startswith("trialkit"), proc.stderr
    proc = run_cli("power", "two-means", "--delta", "0.5", "--sd", "-1", "--power", "0.8")
    assert proc.returncode == 2 and proc.stdout == ""
    assert len(proc.stderr.strip().splitlines()) == 1 and "Traceback" not in proc.stderr, proc.stderr


def test_every_procedure_has_help_listing_every_option(capsys):
    for name, proc in PROCEDURES.items():
        code, out, _ = run_main(capsys, "power", name, "--help")
        assert code == 0
        for param in proc.parameters:
            option = flag(param.flag if param.kind == "flag" else param.name)
            assert option in out, (name, option)
        assert "--json" in out


def test_power_help_lists_every_procedure(capsys):
    out = run_main(capsys, "power", "--help")[1]
    for name in PROCEDURES:
        assert name in out


def test_selftest_reports_every_case_agreeing(capsys):
    code, out, _ = run_main(capsys, "selftest")
    assert code == 0, out
    assert "cases agree." in out
    data = json.loads(run_main(capsys, "selftest", "--json")[1])
    assert data["failed"] == 0 and data["passed"] >= 30


def test_power_command_imports_only_the_engine():
    code = (
        "import sys, io, contextlib\n"
        "from trialkit.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    main(['power', 'two-means', '--delta', '0.5', '--sd', '1', '--power', '0.8'])\n"
        "heavy = {'pydantic', 'jinja2', 'docx', 'textual', 'yaml', 'matplotlib', 'scipy.stats',\n"
        "         'scipy.optimize'}\n"
        "print(sorted(heavy & set(sys.modules)))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == "[]", out.stdout + out.stderr


def test_an_option_given_is_passed_and_a_default_left_to_the_engine(capsys):
    assert main(["power", "one-proportion", "--p0", "0.2", "--p1", "0.4", "--power", "0.8",
                 "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["inputs"]["sides"] == 1 and data["inputs"]["exact"] is True
    assert main(["power", "one-proportion", "--p0", "0.2", "--p1", "0.4", "--power", "0.8",
                 "--normal", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["inputs"]["exact"] is False
def test_ratio_of_means_takes_the_agreed_names_and_keeps_the_old_flags(capsys):
    # Julious (2004) Stat Med 23:1921-1986, sec. 7: the t-test on log values with
    # SD_log = sqrt(ln(1 + CV^2)); the same design three ways gives the same sizes.
    assert main(["power", "ratio-of-means", "--mean-ratio", "1.3", "--cv", "0.6",
                 "--ratio", "2", "--power", "0.8", "--json"]) == 0
    agreed = json.loads(capsys.readouterr().out)["n_per_arm"]
    assert agreed[0] == 2 * agreed[1]
    # the old spelling: --ratio was the effect and --allocation the allocation
    assert main(["power", "ratio-of-means", "--ratio", "1.3", "--cv", "0.6",
                 "--allocation", "2", "--power", "0.8", "--json"]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["n_per_arm"] == agreed
    assert captured.err.startswith("trialkit: note:")  # deprecated, still working
    # mixing the old and the new names is refused, naming the option as typed
    assert main(["power", "ratio-of-means", "--mean-ratio", "1.3", "--cv", "0.6",
                 "--allocation", "2", "--power", "0.8"]) == 2
    assert "(--allocation)" in capsys.readouterr().err
    assert main(["power", "ratio-of-means", "--ratio", "1.3", "--cv", "0.6", "--power", "0.8",
                 "--json"]) == 0  # the old meaning of --ratio, with a note
    captured = capsys.readouterr()
    assert json.loads(captured.out)["inputs"]["mean_ratio"] == 1.3
    assert "trialkit: note:" in captured.err


