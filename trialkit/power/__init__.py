"""The power engine: exact sample size, power and detectable effect for trial designs.

Every procedure takes keyword arguments only; leave exactly one of ``power``, the sample
size (``n_per_arm``, or ``n`` for one group, or ``events``) or the effect unset, and it is
solved for. This layer depends on numpy and scipy only.
"""

from trialkit.power.curves import PowerCurve, power_curve
from trialkit.power.means import one_mean, ratio_of_means, two_means
from trialkit.power.proportions import one_proportion, two_proportions
from trialkit.power.result import Method, PowerResult
from trialkit.power.survival import logrank

__all__ = [
    "Method",
    "PowerCurve",
    "PowerResult",
    "logrank",
    "one_mean",
    "one_proportion",
    "power_curve",
    "ratio_of_means",
    "two_means",
    "two_proportions",
]
