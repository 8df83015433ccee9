"""The parameter scan: stable settings just below a target radius."""

from fractions import Fraction as F
import math

import pytest

from coupling_sym.errors import ParameterError
from coupling_sym.params import two_type_params
from coupling_sym.stability import Verdict, certify_stability
from coupling_sym.stability.scan import scan_settings


def test_pair_2_3_by_hand():
    # P_l0 = (l0+1) z^2 + (l0+2) z + (l0+3)/2 has complex roots with rho^2 = (l0+3) / (2(l0+1)):
    # stable from l0 = 2 on (l0 = 1 is on the circle), rho decreasing to 1/sqrt(2).
    rows = scan_settings(range(0, 30), [2], [3], ["1/2"], target="0.95", top=3)
    assert [row.l0 for row in rows] == [2, 3, 4]
    for row in rows:
        assert math.isclose(row.rho, math.sqrt((row.l0 + 3) / (2 * (row.l0 + 1))), rel_tol=1e-12)
        assert row.critical_l0 == 2
    rows = scan_settings(range(0, 30), [2], [3], ["1/2"], target="0.9", top=1)
    assert rows[0].l0 == 3                                     # sqrt(5/6) = 0.913 > 0.9


def test_every_listed_setting_is_exactly_stable_and_below_target():
    rows = scan_settings(range(0, 25), range(2, 5), range(3, 7), ["1/3", "1/2"], target="0.97", top=20)
    assert rows and all(row.rho < 0.97 for row in rows)
    assert [0.97 - row.rho for row in rows] == sorted(0.97 - row.rho for row in rows)
    for row in rows:
        assert row.l_A < row.l_B
        assert certify_stability(two_type_params(row.l0, row.l_A, row.l_B, row.p).stage_weights) is Verdict.STABLE


def test_non_coprime_pairs_never_appear():
    # (2, 4), (2, 6), (3, 6), (4, 6): gcd > 1, unstable for every l0 tried
    assert scan_settings(range(0, 30), [2], [4, 6], ["1/2"], target="1", top=50) == []
    assert scan_settings(range(0, 30), [3, 4], [6], ["1/3"], target="1", top=50) == []


@pytest.mark.parametrize("kwargs, match", [
    ({"target": "0"}, "target must be in \\(0, 1\\]"),
    ({"target": "1.5"}, "target must be in \\(0, 1\\]"),
    ({"top": 0}, "top must be a positive integer"),
    ({"p_values": ["1"]}, "p must be strictly between 0 and 1"),
])
def test_bad_input(kwargs, match):
    arguments = {"l0_values": [1, 2], "la_values": [2], "lb_values": [3], "p_values": ["1/2"]}
    arguments.update(kwargs)
    with pytest.raises(ParameterError, match=match):
        scan_settings(**arguments)
