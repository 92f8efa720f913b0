"""The promising zone's default lower bound against the Gao-Ware-Mehta condition, computed
independently: the zone where even the unweighted final test keeps the type I error."""

from __future__ import annotations

import math

import numpy as np
from scipy import special

from trialkit.power import promising_zone


def _lowest_safe_conditional_power(n1: int, n: int, n_max: int, target: float,
                                   alpha: float) -> float:
    """Gao, Ware & Mehta (2008) J Biopharm Stat 18:1184-1196: raising n to n* is safe for the
    unweighted (conventional) final test when its conditional type I error given z1,
    1 - Phi((c sqrt(n*) - sqrt(n1) z1) / sqrt(n* - n1)), is at most the planned design's,
    1 - Phi((c - sqrt(t) z1) / sqrt(1 - t)). n* reaches the target conditional power under
    the trend (capped at n_max). Returns the conditional power above which it always holds."""
    t, c = n1 / n, special.ndtri(1 - alpha)
    z = np.linspace(0.01, 3.0, 300_001)
    cp = special.ndtr((z / math.sqrt(t) - c) / math.sqrt(1 - t))
    need = (c - math.sqrt(t) * z) / math.sqrt(1 - t) + special.ndtri(target)
    n_star = np.clip(n1 + n1 * (need / z) ** 2, n, n_max)
    conventional = special.ndtr(-(c * np.sqrt(n_star) - math.sqrt(n1) * z) / np.sqrt(n_star - n1))
    planned = special.ndtr(-(c - math.sqrt(t) * z) / math.sqrt(1 - t))
    unsafe = (conventional > planned + 1e-15) & (cp < target)
    z_last = z[unsafe].max()
    return float(special.ndtr((z_last / math.sqrt(t) - c) / math.sqrt(1 - t)))


def test_default_lower_bound_is_on_the_safe_side_of_the_conventional_test():
    # Mehta & Pocock's (2011) schizophrenia example design: 442 planned, interim at 208, at
    # most 884, target 80%: the bound computed here is 0.360 (to 3 decimals).
    bound = _lowest_safe_conditional_power(208, 442, 884, 0.8, 0.025)
    assert round(bound, 3) == 0.360
    design = promising_zone(n_interim=208, n_planned=442, n_max=884)
    assert design.cp_min >= bound
