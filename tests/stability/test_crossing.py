"""Crossing values of l0: where a root of P_l0 sits on the unit circle."""

from fractions import Fraction as F
from math import gcd

import numpy as np
import pytest
from flint import fmpz_poly

from coupling_sym.stability.crossing import crossing_values, critical_point_poly
from coupling_sym.stability.poly import shares_poly


def test_pair_2_3_by_hand():
    # A = z^2 + z + 1/2 ~ 2z^2 + 2z + 1.  On z = e^(i th): |A|^2 ~ 9 + 12 cos th + 4 cos 2th, whose
    # derivative vanishes at th = 0, pi and cos th = -3/4.  There P_l0 = (l0+1) z^2 + (l0+2) z
    # + (l0+3)/2 has the complex pair with |z|^2 = (l0+3)/(2(l0+1)) = 1 at l0 = 1, whose real
    # part -(l0+2)/(2(l0+1)) = -3/4 matches.  z = 1 gives t = A'(1)/A(1) = 6/5, l0 = -9/5;
    # z = -1 gives t = -A'(-1)/A(-1) = 2, l0 = -1.
    A = shares_poly((2, 3), (F(1, 2), F(1, 2)))
    R, _ = critical_point_poly(A)
    assert R == fmpz_poly([3, 4])
    crossings = crossing_values(A)
    exact = sorted((c.low, c.high) for c in crossings if c.low == c.high)
    assert exact == [(F(-9, 5), F(-9, 5)), (F(-1), F(-1))]
    [inner] = [c for c in crossings if c.low != c.high]
    assert inner.low < 1 < inner.high and inner.width < F(1, 8)
    assert abs(inner.z.real + 0.75) < 1e-9 and abs(abs(inner.z) - 1) < 1e-9


@pytest.mark.parametrize("l_A, l_B", [(3, 5), (4, 7), (2, 9), (5, 8), (4, 6), (6, 9)])
def test_every_crossing_is_a_root_on_the_circle(l_A, l_B):
    # At the crossing value, P_l0 evaluated at the reported z vanishes (float check: the
    # enclosures are narrower than 1/8, so |P| <= |dP/dl0| * 1/8 + rounding, dP/dl0 = A).
    p = (F(1, 3), F(2, 3))
    A = shares_poly((l_A, l_B), p)
    coeffs = [float(c) for c in reversed(A.coeffs())]
    L = l_B
    for c in crossing_values(A, gcd(l_A, l_B)):
        z = c.z
        t = c.value + L
        a = np.polyval(coeffs, z)
        da = np.polyval(np.polyder(coeffs), z)
        residual = abs(t * a - z * da)
        assert abs(abs(z) - 1) < 1e-9
        assert residual <= abs(a) * (float(c.width) + 1e-6) + 1e-6 * (1 + t) * np.sum(np.abs(coeffs))


def test_poles_are_divided_out_for_non_coprime_pairs():
    # (4, 8): A vanishes at the nontrivial 4th roots of unity; x = cos(2 pi j / 4) = 0, -1
    A = shares_poly((4, 8), (F(1, 2), F(1, 2)))
    R, _ = critical_point_poly(A, 4)
    assert R(0) != 0 and R(-1) != 0 and R(1) != 0


@pytest.mark.parametrize("lengths", [(9, 11), (3, 14), (5, 18), (2, 31), (16, 25), (63, 64)])
def test_float_brackets_and_flint_isolation_agree(lengths):
    # Two isolation routes for the critical points: float proposals certified by signs,
    # and python-flint's certified complex_roots.  Same count, and each bracket holds one ball.
    from coupling_sym.stability.crossing import _flint_balls, _float_brackets

    A = shares_poly(lengths, (F(1, 2), F(1, 2)))
    R, h = critical_point_poly(A, gcd(*lengths))
    balls = sorted(float(item[1].mid()) for item in _flint_balls(R))
    brackets = _float_brackets(R, h) or []
    assert len(balls) == R.degree()
    for lo, hi in brackets:
        assert sum(lo <= x <= hi for x in balls) == 1
