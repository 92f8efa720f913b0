"""The table, paragraph and JSON of the interim procedures (conditional power, promising zone),
whose answers are not power results: what ``trialkit power conditional-power|promising-zone``
prints and the terminal UI's calculators show, from one place.
"""

from __future__ import annotations

import dataclasses
from statistics import NormalDist
from typing import Any

from trialkit.power.catalogue_extra import RULE_ONLY
from trialkit.power.catalogue_types import Procedure


def interim_payload(proc: Procedure, kwargs: dict[str, Any]) -> tuple[list[tuple[str, str]],
                                                                      str, dict[str, Any]]:
    """(table rows, paragraph, JSON) of an interim procedure called with ``kwargs``."""
    rule = {k: kwargs.pop(k) for k in RULE_ONLY.get(proc.name, ()) if k in kwargs}
    answer = proc.function()(**kwargs)
    if proc.name == "conditional_power":
        data = dataclasses.asdict(answer)
        rows = [("conditional power", f"{answer.conditional_power:.4f}"),
                ("assumed effect", proc.parameter("under").choice_label(answer.under)),  # type: ignore[union-attr]
                ("drift (expected final z)", f"{answer.drift:.4f}"),
                ("critical value", f"{answer.critical_value:.4f}")]
        return rows, answer.justification, data
    return _promising(answer, rule)


def _promising(design: Any, rule: dict[str, Any]) -> tuple[list[tuple[str, str]], str,
                                                           dict[str, Any]]:
    from trialkit.power.adaptive import reestimate

    data: dict[str, Any] = {"design": dataclasses.asdict(design),
                            "weights": [design.fraction ** 0.5, (1 - design.fraction) ** 0.5],
                            "critical_value": design.critical_value}
    rows = [("interim / planned / largest", f"{design.n_interim} / {design.n_planned} / "
             f"{design.n_max}"),
            ("promising zone (conditional power)", f"{design.cp_min:.3f} to {design.cp_target:.3f}"),
            ("final test weights", f"{data['weights'][0]:.4f}, {data['weights'][1]:.4f}"),
            ("critical value", f"{design.critical_value:.4f}")]
    texts = []
    if rule.get("design_power") is not None:
        texts.append(design.describe(design_power=rule["design_power"]))
        # describe() has checked the design power; its drift is z_(1-alpha) + z_power.
        drift = design.critical_value + NormalDist().inv_cdf(rule["design_power"])
        power, expected_n = design.operating_characteristics(drift)
        data["at_design_effect"] = {"power": power, "expected_n": expected_n}
        rows += [("power at the design effect", f"{power:.4f}"),
                 ("expected size at the design effect", f"{expected_n:.1f}")]
    if rule.get("z_interim") is not None:
        decision = reestimate(design, z_interim=rule["z_interim"])
        data["reestimation"] = dataclasses.asdict(decision)
        rows += [("zone", decision.zone), ("final size", str(decision.n_final)),
                 ("conditional power (planned / final)",
                  f"{decision.conditional_power_planned:.4f} / "
                  f"{decision.conditional_power_final:.4f}")]
        texts.append(decision.justification)
    if not texts:
        texts.append(
            f"The promising zone is a conditional power under the current trend from "
            f"{design.cp_min:.1%} up to {design.cp_target:.1%}; give the interim z to apply the "
            "rule, or the design power for the power and expected sample size it gives.")
    return rows, " ".join(texts), data
