"""A power method's reference whose author list ends in "et al." prints one full stop."""

from __future__ import annotations

import re

import pytest

from trialkit import power
from trialkit.render.sources import method_references


@pytest.mark.parametrize(("reference", "expected"), [
    # Lachin et al. (2011) PLoS ONE 6:e26471, the reference of the ANCOVA on log(x + 1).
    ("Lachin et al. (2011) PLoS ONE 6:e26471", "Lachin JM, et al. PLoS ONE. 2011;6:e26471."),
    ("Lachin et al (2011) PLoS ONE 6:e26471", "Lachin JM, et al. PLoS ONE. 2011;6:e26471."),
    ("Chow, Shao et al. (2008) Sample Size Calculations in Clinical Research, 2nd ed., §3.2",
     "Chow SC, Shao J, et al. Sample Size Calculations in Clinical Research. 2nd ed. 2008. "
     "Section 3.2."),
])
def test_an_et_al_author_list_has_one_full_stop(reference: str, expected: str) -> None:
    assert method_references(reference) == (expected,)


def test_no_procedure_reference_prints_a_double_stop() -> None:
    """Every reference of the engine's ANCOVA on log(x + 1), as the reference list prints it."""
    result = power.ancova_log(control_mean=1.0, cv=0.5, mean_ratio=1.2,
                              baseline_correlation=0.6, power=0.8)
    entries = method_references(result.method.reference)
    assert any(e.startswith("Lachin JM, et al. ") for e in entries), entries
    assert not [e for e in entries if re.search(r"\.\.", e)], entries
