"""The sample-size step shows the assurance beside the power when the effect came from an
evidence record, computed in the sizing worker (issue 15)."""

from __future__ import annotations

import math
import shutil
from pathlib import Path

from scipy import integrate, stats
from textual.widgets import Input, Static

from tests.tui.conftest import editor_at, type_into
from trialkit.tui.app import make_app

ROOT = Path(__file__).resolve().parents[2]


def _t_assurance(n: int, m: float, s: float, sd: float, alpha: float) -> float:
    """Exact two-sample t power (favourable tail) over the prior N(m, s^2), by quad."""
    df, crit = 2 * n - 2, stats.t.ppf(1 - alpha / 2, 2 * n - 2)
    return integrate.quad(
        lambda th: stats.nct.sf(crit, df, th / (sd * math.sqrt(2 / n))) * stats.norm.pdf(th, m, s),
        m - 12 * s, m + 12 * s, epsabs=1e-12, limit=200)[0]


async def test_the_assurance_is_shown_beside_the_power_for_an_evidence_effect(tmp_path: Path):
    design = tmp_path / "durability.yaml"
    shutil.copy(ROOT / "examples" / "il1ra-t2d-durability.yaml", design)
    app = make_app(design, offer_recovery=False)
    async with app.run_test(size=(120, 40)) as pilot:
        editor = await editor_at(pilot, "sample_size")
        step = editor.pane("sample_size")
        result = step.sizing.result
        # Larsen et al. (2009): difference -0.07, 95% CI -0.14 to -0.02, 67 analysed.
        prior_sd = 0.12 / (2 * stats.t.ppf(0.975, 65))
        expected = _t_assurance(result.n_per_arm[0], 0.07, prior_sd, result.inputs["sd"],
                                result.inputs["alpha"])
        line = str(step.query_one("#ss-result", Static).render())
        assert f"power {result.power:.1%}" in line
        assert f"assurance {expected:.1%} given the evidence" in line
        await type_into(pilot, step.query_one("#ss-p-delta", Input), "0.05")
        line = str(step.query_one("#ss-result", Static).render())
        assert app.trial.sample_size.parameters.get("delta") == 0.05
        assert "power" in line and "assurance" not in line  # the effect is typed, not evidence


async def test_no_assurance_for_a_typed_effect(example: Path):
    app = make_app(example, offer_recovery=False)
    async with app.run_test(size=(120, 40)) as pilot:
        editor = await editor_at(pilot, "sample_size")
        line = str(editor.pane("sample_size").query_one("#ss-result", Static).render())
        assert "power" in line and "assurance" not in line
