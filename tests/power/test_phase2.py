"""Simon two-stage designs: Simon (1989) Table 1 rows and the exact error rates of each design."""

from __future__ import annotations

import itertools

import pytest
from scipy.stats import binom

from trialkit.errors import InvalidParameter, NoSolution
from trialkit.power import simon_two_stage

# Simon (1989) Control Clin Trials 10:1-10, Table 1 (alpha 0.05), as listed in REFERENCE
# O40-O46. REFERENCE states these rows rest on memory of the table, not a re-read of the
# paper: they are "recalled published values", and every design is also checked exactly
# below (size <= alpha, power >= target) so the tests do not lean on memory alone.
# (p0, p1, power, criterion, r1, n1, r, n, EN0, PET0)
SIMON_1989_RECALLED = [
    (0.05, 0.25, 0.8, "optimal", 0, 9, 2, 17, 12.0, 0.63),  # O40
    (0.05, 0.25, 0.8, "minimax", 0, 12, 2, 16, 13.8, 0.54),  # O40
    (0.10, 0.30, 0.8, "optimal", 1, 10, 5, 29, 15.0, 0.74),  # O41
    (0.10, 0.30, 0.8, "minimax", 1, 15, 5, 25, 19.5, 0.55),  # O41
    (0.20, 0.40, 0.8, "optimal", 3, 13, 12, 43, 20.6, 0.75),  # O42
    (0.20, 0.40, 0.8, "minimax", 4, 18, 10, 33, 22.3, 0.72),  # O42
    (0.30, 0.50, 0.8, "optimal", 5, 15, 18, 46, 23.6, 0.72),  # O43
    (0.30, 0.50, 0.8, "minimax", 6, 19, 16, 39, 25.7, 0.67),  # O43
    (0.10, 0.30, 0.9, "optimal", 2, 18, 6, 35, 22.5, 0.73),  # O44
    (0.10, 0.30, 0.9, "minimax", 2, 22, 6, 33, 26.2, 0.62),  # O44
    (0.20, 0.40, 0.9, "optimal", 4, 19, 15, 54, 30.4, 0.67),  # O45
    (0.20, 0.40, 0.9, "minimax", 5, 24, 13, 45, 31.2, 0.66),  # O45
    (0.05, 0.20, 0.8, "optimal", 0, 10, 3, 29, 17.6, None),  # O46
    (0.05, 0.20, 0.8, "minimax", 0, 13, 3, 27, 19.8, None),  # O46
    (0.10, 0.25, 0.8, "optimal", 2, 18, 7, 43, 24.7, None),  # O46
    (0.10, 0.25, 0.8, "minimax", 2, 22, 7, 40, 28.8, None),  # O46
]


@pytest.mark.parametrize(
    ("p0", "p1", "power", "criterion", "r1", "n1", "r", "n", "en0", "pet0"), SIMON_1989_RECALLED
)
def test_reproduces_simon_1989_table_1_recalled(p0, p1, power, criterion, r1, n1, r, n, en0, pet0):
    d = simon_two_stage(p0=p0, p1=p1, alpha=0.05, power=power, criterion=criterion)
    assert (d.r1, d.n1, d.r, d.n) == (r1, n1, r, n)
    assert d.expected_n0 == pytest.approx(en0, abs=0.05)
    if pet0 is not None:
        assert d.pet0 == pytest.approx(pet0, abs=0.005)


def _exact_rates(p, r1, n1, r, n):
    """P(declare promising) = P(X1 > r1 and X1 + X2 > r), by direct summation."""
    return sum(
        binom.pmf(x1, n1, p) * binom.sf(r - x1, n - n1, p) for x1 in range(r1 + 1, n1 + 1)
    )


@pytest.mark.parametrize(
    ("p0", "p1", "alpha", "power", "criterion"),
    [
        (0.05, 0.25, 0.05, 0.8, "optimal"),
        (0.20, 0.35, 0.10, 0.9, "minimax"),
        (0.40, 0.60, 0.05, 0.8, "optimal"),
        (0.40, 0.60, 0.05, 0.8, "minimax"),
    ],
)
def test_found_designs_have_exact_size_and_power(p0, p1, alpha, power, criterion):
    d = simon_two_stage(p0=p0, p1=p1, alpha=alpha, power=power, criterion=criterion)
    size = _exact_rates(p0, d.r1, d.n1, d.r, d.n)
    achieved = _exact_rates(p1, d.r1, d.n1, d.r, d.n)
    assert size <= alpha + 1e-12
    assert achieved >= power - 1e-12
    assert d.actual_alpha == pytest.approx(size, abs=1e-10)
    assert d.power == pytest.approx(achieved, abs=1e-10)
    assert d.pet0 == pytest.approx(binom.cdf(d.r1, d.n1, p0), abs=1e-12)
    assert d.expected_n0 == pytest.approx(d.n1 + (1 - d.pet0) * (d.n - d.n1), abs=1e-9)


def test_minimax_is_never_larger_and_optimal_never_slower():
    opt = simon_two_stage(p0=0.2, p1=0.4, power=0.8, criterion="optimal")
    mini = simon_two_stage(p0=0.2, p1=0.4, power=0.8, criterion="minimax")
    assert mini.n <= opt.n
    assert opt.expected_n0 <= mini.expected_n0
    ends = [(a["n"], a["r1"], a["n1"]) for a in opt.admissible]
    assert (mini.n, mini.r1, mini.n1) in ends and (opt.n, opt.r1, opt.n1) in ends


def test_admissible_designs_cover_the_weights_from_zero_to_one():
    d = simon_two_stage(p0=0.3, p1=0.5, alpha=0.05, power=0.9)
    # Simon (1989) Table 1 (recalled, REFERENCE caveat): optimal 8/24, 24/63, EN0 34.7.
    assert (d.r1, d.n1, d.r, d.n) == (8, 24, 24, 63)
    qs = sorted((a["q_from"], a["q_to"]) for a in d.admissible)
    assert qs[0][0] == 0.0 and qs[-1][1] == 1.0
    assert all(abs(a[1] - b[0]) < 1e-9 for a, b in itertools.pairwise(qs))


def test_no_design_under_n_max_says_so():
    with pytest.raises(NoSolution, match="up to 20 participants"):
        simon_two_stage(p0=0.2, p1=0.4, power=0.8, n_max=20)


def test_justification_states_the_stopping_rule():
    d = simon_two_stage(p0=0.1, p1=0.3, power=0.8)
    assert "if 1 or fewer respond" in d.justification
    assert "more than 5 of the 29" in d.justification
    assert "Simon (1989)" in d.justification


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"p0": 0.3, "p1": 0.2}, "p1"),
        ({"p0": 0.0, "p1": 0.2}, "p0"),
        ({"p0": 0.1, "p1": 0.3, "criterion": "best"}, "criterion"),
        ({"p0": 0.1, "p1": 0.3, "n_max": 1.5}, "n_max"),
        ({"p0": 0.1, "p1": 0.3, "power": 0.01}, "power"),
    ],
)
def test_bad_input_names_the_parameter(kwargs, name):
    with pytest.raises(InvalidParameter) as err:
        simon_two_stage(**kwargs)
    assert err.value.name == name
