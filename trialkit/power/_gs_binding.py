"""Binding futility: efficacy and futility boundaries computed together.

With a binding futility bound the trial must stop when the z statistic falls below it, so
the efficacy boundary may spend its alpha only on the paths that continue past it: at each
look the efficacy bound spends the increment of the alpha-spending function under H0 among
paths that stayed between both earlier bounds, and the futility bound spends the increment
of the beta-spending function at the drift theta (Jennison & Turnbull (2000) Group Sequential
Methods with Applications to Clinical Trials, §7.2; gsDesign's test.type = 3, rpact's
bindingFutility = TRUE). The type I error is then exactly alpha only if the futility bound is
obeyed; the efficacy bounds are lower than the non-binding ones.
"""

from __future__ import annotations

from functools import partial

import numpy as np

from trialkit.power._gs_integration import (
    _START,
    _advance,
    _increasing_root,
    _lower_exit,
    _upper_bound,
    _upper_exit,
)


def binding_bounds(
    theta: float, t: tuple[float, ...], alpha_cum: np.ndarray, beta_cum: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(efficacy bounds b, futility bounds a, upper and lower crossings at theta), one-sided.

    ``alpha_cum`` and ``beta_cum`` are the cumulative errors to spend at each look; the last
    look's futility bound equals its efficacy bound.
    """
    k = len(t)
    b, a = np.empty(k), np.empty(k)
    up, low = np.zeros(k), np.zeros(k)
    null, alt = _START, _START
    for i, ti in enumerate(t):
        b[i] = _upper_bound(null, ti, float(alpha_cum[i] - (alpha_cum[i - 1] if i else 0.0)),
                            False)
        up[i] = _upper_exit(alt, theta, ti, b[i])
        if i == k - 1:
            a[i] = b[i]
        else:
            spend = float(beta_cum[i] - (beta_cum[i - 1] if i else 0.0))
            a[i] = _increasing_root(partial(_lower_exit, alt, theta, ti), spend, -40.0,
                                    float(b[i]))
        low[i] = _lower_exit(alt, theta, ti, a[i])
        if i < k - 1:
            null = _advance(null, 0.0, ti, a[i], b[i])
            alt = _advance(alt, theta, ti, a[i], b[i])
    return b, a, up, low
