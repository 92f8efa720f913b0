"""Bonferroni and Holm levels for several primary endpoints."""

from __future__ import annotations

import pytest

from trialkit.errors import InvalidParameter
from trialkit.power import adjusted_alpha, adjusted_p_values


def test_holm_levels_step_from_alpha_over_m_to_alpha():
    # Holm (1979): the i-th smallest P value is compared with alpha / (m - i + 1).
    a = adjusted_alpha(alpha=0.05, endpoints=3, method="holm")
    assert a.levels == pytest.approx((0.05 / 3, 0.025, 0.05))
    assert a.planning_alpha == pytest.approx(0.05 / 3)
    assert "Holm" in a.justification


def test_bonferroni_levels_are_all_alpha_over_m():
    a = adjusted_alpha(alpha=0.025, endpoints=2, method="bonferroni")
    assert a.levels == (0.0125, 0.0125)


def test_holm_adjusted_p_values_by_hand():
    # By hand from Holm's definition: sorted 0.005, 0.01, 0.03, 0.04 times 4, 3, 2, 1 =
    # 0.02, 0.03, 0.06, 0.04 -> running maximum 0.02, 0.03, 0.06, 0.06.
    assert adjusted_p_values([0.01, 0.04, 0.03, 0.005]) == pytest.approx((0.03, 0.06, 0.06, 0.02))
    assert adjusted_p_values([0.01, 0.4], method="bonferroni") == pytest.approx((0.02, 0.8))


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [({"endpoints": 0}, "endpoints"), ({"endpoints": 2, "method": "sidak"}, "method"),
     ({"endpoints": 2, "alpha": 0}, "alpha")],
)
def test_bad_input_names_the_parameter(kwargs, name):
    with pytest.raises(InvalidParameter) as err:
        adjusted_alpha(**kwargs)
    assert err.value.name == name
