"""The fast exact polynomials of the stability package against the sympy derivation."""

from fractions import Fraction as F

import pytest
import sympy as sp

from coupling_sym.stability.poly import integer_poly, prefill_poly, shares_poly
from coupling_sym.symbolic import derive_charpoly


def _as_fractions(coeffs):
    return [F(int(sp.fraction(c)[0]), int(sp.fraction(c)[1])) for c in coeffs]


@pytest.mark.parametrize("lengths, p, l0", [
    ((2, 3), "1/2", 3), ((2, 3), "1/3", 0), ((3, 5), "2/7", 11), ((4, 6), "1/2", 5),
    ((1, 4), "3/4", 2), ((7, 12), "5/9", 40), ((2, 9), "1/10", 1),
])
def test_coefficients_match_the_sympy_derivation(lengths, p, l0):
    # Independent route: sympy derives P_l0 and A from the stage recursion (coupling_sym.symbolic);
    # here A comes from the shares s_j and P_l0 = (l0 + L) A - z A' from integer arithmetic.
    cp = derive_charpoly(list(lengths), p=p, l0=l0)
    share = F(p)
    A = shares_poly(lengths, (share, 1 - share))
    assert integer_poly(_as_fractions(cp.coefficients("A"))) == A
    assert integer_poly(_as_fractions(cp.coefficients("P"))) == integer_poly(
        [F(int(c)) for c in reversed(prefill_poly(A, l0).coeffs())])


def test_three_types_match():
    cp = derive_charpoly([2, 3, 5], rates=[1, 1, 2], l0=4)
    A = shares_poly((2, 3, 5), (F(1, 4), F(1, 4), F(1, 2)))
    assert integer_poly(_as_fractions(cp.coefficients("A"))) == A
    assert integer_poly(_as_fractions(cp.coefficients("P"))) == integer_poly(
        [F(int(c)) for c in reversed(prefill_poly(A, 4).coeffs())])


def test_plan_default_by_hand():
    # s = (1, 1, 1/2) -> A ~ 2z^2 + 2z + 1; P_3 = 4z^2 + 5z + 3 -> doubled 8z^2 + 10z + 6
    A = shares_poly((2, 3), (F(1, 2), F(1, 2)))
    assert A.coeffs() == [1, 2, 2] and prefill_poly(A, 3).coeffs() == [6, 10, 8]
