"""Size a trial straight from an evidence record, citing it in the justification."""

from __future__ import annotations

from typing import Any

from trialkit.errors import EvidenceError
from trialkit.evidence.inputs import DEFAULT_PROCEDURE, PowerInputs, power_inputs
from trialkit.evidence.models import Estimate
from trialkit.power import catalogue
from trialkit.power.result import PowerResult


def evidence_sentences(inputs: PowerInputs) -> list[str]:
    """Sentences for a justification: the cited source of the effect and each conversion made."""
    return inputs.sentences()


def size_from_estimate(
    estimate: Estimate,
    procedure: str | None = None,
    *,
    power: float = 0.8,
    alpha: float = 0.05,
    sides: int = 2,
    ratio: float = 1.0,
    dropout: float = 0.0,
    **supplied: Any,
) -> PowerResult:
    """Sample size for ``procedure`` (default by the estimate's kind) with the effect from a record.

    ``supplied`` goes to ``power_inputs`` (sd, cv, control_rate, null_rate, control,
    distribution). The result's justification cites the source and states each conversion.
    """
    name = procedure or DEFAULT_PROCEDURE[estimate.kind]
    inputs = power_inputs(estimate, name, **supplied)
    proc = catalogue.procedure(name)
    assert proc is not None  # power_inputs refuses a procedure outside the catalogue
    design: dict[str, Any] = {"power": power, "alpha": alpha, "sides": sides, "dropout": dropout}
    if proc.allocation is not None:
        design[proc.allocation.name] = ratio
    elif ratio != 1.0:
        raise EvidenceError(f"ratio={ratio!r} does not apply to the one-group procedure {name}")
    function = proc.function()
    result: PowerResult = function(**inputs, **design)
    return result.with_sentences(*evidence_sentences(inputs))
