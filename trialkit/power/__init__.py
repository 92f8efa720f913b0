"""The power engine: exact sample size, power and detectable effect for trial designs.

Every procedure takes keyword arguments only; leave exactly one of ``power``, the sample
size (``n_per_arm``, or ``n`` for one group) or the effect unset, and it is solved for.
This layer depends on numpy and scipy only.
"""

from trialkit.power.means import one_mean, ratio_of_means, two_means
from trialkit.power.result import Method, PowerResult

__all__ = ["Method", "PowerResult", "one_mean", "ratio_of_means", "two_means"]
