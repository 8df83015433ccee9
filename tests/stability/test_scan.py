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


def test_a_radius_equal_to_the_target_is_not_below_it():
    # (2, 3), p = 1/2, l0 = 15: P = 16 z^2 + 17 z + 9 (doubled), 17^2 < 4*16*9 so a complex
    # pair with |z|^2 = 9/16: rho = 3/4 exactly.  "rho < target" is decided exactly, so
    # target 3/4 excludes it whatever the float radius rounds to, and any target above keeps it.
    assert scan_settings([15], [2], [3], ["1/2"], target="3/4") == []
    rows = scan_settings([15], [2], [3], ["1/2"], target="750000000001/1000000000000")
    assert [row.l0 for row in rows] == [15]


def test_roots_inside_radius_at_and_around_an_exact_radius():
    from flint import fmpz_poly

    from coupling_sym.stability.verdict import roots_inside_radius

    P = fmpz_poly([9, 17, 16])                                 # |z| = 3/4 for both roots (above)
    assert not roots_inside_radius(P, F(3, 4))
    assert roots_inside_radius(P, F(3, 4) + F(1, 10**30))
    assert not roots_inside_radius(P, F(3, 4) - F(1, 10**30))
    assert roots_inside_radius(fmpz_poly([0, 0, 1]), F(1, 10**9))   # z^2: roots at 0 only


@pytest.mark.parametrize("chunk", [1, 2, 5, 100])
def test_chunks_give_the_rows_of_the_plain_scan(chunk):
    # the plain loop and the chunked one share only the per-(pair, p) step: the ranking
    # and the cut to top happen after the chunks are gathered, so every chunk size agrees
    args = (range(0, 20), range(2, 5), range(3, 7), ["1/3", "1/2", "3/4"])
    plain = scan_settings(*args, target="0.97", top=15)
    ticks = []
    chunked = scan_settings(*args, target="0.97", top=15, chunk=chunk, progress=ticks.append)
    assert chunked == plain and len(plain) == 15
    jobs = (4 + 3 + 2) * 3      # pairs l_A < l_B: 4 with l_A = 2, 3 with 3, 2 with 4; 3 shares
    # one report per chunk, with its units: the l0* and the 20 prefill lengths of each job
    assert len(ticks) == -(-jobs // chunk) and sum(ticks) == jobs * (20 + 1)


def test_a_bad_chunk_is_named():
    with pytest.raises(ParameterError, match=r"^chunk must be a positive integer; got 0$"):
        scan_settings([3], [2], [3], ["1/2"], chunk=0)
