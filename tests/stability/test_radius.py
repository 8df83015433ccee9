"""Radii of the limiting forms for display: the trinomial estimate against independent routes.

Expected radii come from mpmath's polynomial roots at 30 digits (a different algorithm,
Durand-Kerner in high precision) and from numpy's companion eigenvalues written out in
the test, the value ``verify-coprime`` printed before the estimate existed.  Tolerance
1e-12 on radii of order 1 (every root of ``A`` lies in the closed unit disk): the
estimate is a double-precision root polished by Newton steps, about 1e-14 off.
"""

import math
import pickle
from fractions import Fraction as F

import mpmath
import numpy as np
import pytest

from coupling_sym.stability.poly import shares_poly
from coupling_sym.stability.radius import LimitRadius, estimate_limit_radii
from coupling_sym.stability.summary import verify_pairs


def _true_radius(lengths, p) -> float:
    ascending = [int(c) for c in shares_poly(lengths, (p, 1 - p)).coeffs()]
    with mpmath.workdps(30):
        roots = mpmath.polyroots(ascending[::-1], maxsteps=200, extraprec=200)
        return float(max(abs(r) for r in roots))


def _eigenvalue_radius(lengths, p) -> float:
    ascending = [float(c) for c in shares_poly(lengths, (p, 1 - p)).coeffs()]
    n = len(ascending) - 1
    companion = np.zeros((1, n, n))
    companion[0, 1:, :-1] = np.eye(n - 1)
    companion[0, :, -1] = [-c / ascending[-1] for c in ascending[:-1]]
    return float(np.max(np.abs(np.linalg.eigvals(companion)), axis=1)[0])


@pytest.mark.parametrize("p", [F(1, 10), F(1, 3), F(1, 2), F(3, 4), F(9, 10)])
def test_estimates_match_high_precision_roots(p):
    pairs = [(a, b) for a in range(1, 15) for b in range(a + 1, 15) if math.gcd(a, b) == 1]   # mpmath: ~1 s
    estimates = estimate_limit_radii(pairs, p)
    assert len(estimates) == len(pairs)
    for pair, estimate in zip(pairs, estimates):
        if estimate is not None:
            assert abs(estimate - _true_radius(pair, p)) < 1e-12, pair
    if p <= F(1, 2):                     # the fixed point attracts every branch: no pair left without one
        assert None not in estimates
    else:                                # no estimate is tried above 1/2: the eigenvalues print the digits
        assert estimates == [None] * len(pairs)


def test_two_by_hand():
    # (1, 2) at p = 1/2: A = 2z + 1, root -1/2;  (2, 3): A = 2z^2 + 2z + 1, |z|^2 = 1/2
    assert estimate_limit_radii([(1, 2), (2, 3)], F(1, 2)) == pytest.approx([0.5, math.sqrt(0.5)], abs=1e-14)


@pytest.mark.parametrize("p", [F(1, 2), F(3, 4)])
def test_printed_digits_are_those_of_the_eigenvalues(p):
    reports = verify_pairs([(a, b) for a in range(2, 31) for b in range(a + 1, 31)], p)
    for report in reports:
        expected = 1.0 if report.gcd > 1 else _eigenvalue_radius((report.l_A, report.l_B), p)
        assert report.limit_rho_text(6) == f"{expected:.6f}"
        assert report.limit_rho == expected          # --json: every digit, as before


def test_an_estimate_on_a_rounding_boundary_defers_to_the_eigenvalues():
    # 4z^2 + 1 has radius 1/2; an "estimate" exactly between two 6-digit values is not printed
    radius = LimitRadius([1, 0, 4], 0.2500005)
    assert radius.text(6) == "0.500000"
    assert LimitRadius([1, 0, 4], None).text(3) == "0.500"
    assert LimitRadius([1, 0, 4], 0.2500012).text(6) == "0.250001"     # away from it: the estimate


def test_a_radius_survives_pickling_for_the_workers():
    radius = LimitRadius([1, 0, 4], 0.5)
    clone = pickle.loads(pickle.dumps(radius))
    assert (clone.coeffs, clone.estimate) == ((1, 0, 4), 0.5)
    assert clone.value == pytest.approx(0.5, abs=1e-15)
