"""``trialkit power ancova-log --log1p-sd``: the simulated ANCOVA on log(x + 1) from the SD of
log(x + 1) in the control arm, as ``ancova-log1p`` (the closed form) takes it."""

from __future__ import annotations

import json

import pytest

from tests.cli.test_power_cli import run_main
from trialkit.power.ancova_log1p import cv_for_log1p_sd

ARGS = ("power", "ancova-log", "--control-mean", "0.4", "--mean-ratio", "1.3",
        "--baseline-correlation", "0.7", "--n-per-arm", "30", "--n-sims", "500")


def test_the_sd_of_log1p_gives_the_cv_and_the_paragraph_says_so(capsys):
    code, out, err = run_main(capsys, *ARGS, "--log1p-sd", "0.25", "--json")
    assert code == 0, err
    payload = json.loads(out)
    assert payload["inputs"]["cv"] == pytest.approx(cv_for_log1p_sd(0.4, 0.25), rel=1e-12)
    assert payload["justification"].startswith("An SD of log(x + 1) of 0.25")
    code, out, _ = run_main(capsys, *ARGS, "--log1p-sd", "0.25")
    assert code == 0 and "  CV  " in out and "Random seed  " in out


@pytest.mark.parametrize("extra", [("--log1p-sd", "0.25", "--cv", "0.8"), ("--log1p-sd", "9")])
def test_both_spreads_or_an_unreachable_sd_is_one_line_and_exit_2(capsys, extra):
    code, out, err = run_main(capsys, *ARGS, *extra)
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert ("--cv" in err) if "--cv" in extra else ("--log1p-sd" in err and "below" in err)
