"""Extreme but valid shares (p = 1e-300, 1e-30, 1 - 1e-31, rates 1 : 1e308): exact answers, no OverflowError.

Independent route for ``l_A = 2, l_B = 3``: ``P_l0 = a z^2 + b z + c`` with ``a = l0 + 1``,
``b = l0 + 2``, ``c = (l0 + 3) q``.  A real quadratic with ``a > 0`` is Schur stable iff
``|c| < a`` and ``|b| < a + c`` (Jury's conditions).  With ``q = 1 - p``:
``c < a  <=>  l0 > 2/p - 3`` and ``b < a + c  <=>  l0 > 1/q - 3``, with a root at ``z = 1``
or ``z = -1`` at equality.  So ``l0* = 2/p - 2`` when ``2/p`` is an integer and
``p <= 1/2``, and ``l0* = 1/q - 2`` when ``1/q`` is an integer and ``q <= 1/2``.
"""

from fractions import Fraction

import pytest
from flint import fmpz_poly

from coupling_sym.errors import PrecisionError
from coupling_sym.params import two_type_params
from coupling_sym.stability.critical import critical_l0
from coupling_sym.stability.locus import root_locus
from coupling_sym.stability.poly import prefill_poly, scaled_floats, shares_poly
from coupling_sym.stability.report import roots_report
from coupling_sym.stability.roots import spectral_radius
from coupling_sym.stability.summary import radius_of_poly, verify_pair
from coupling_sym.stability.verdict import Verdict, root_outside_near, verdict_of_poly


def jury_stable(l0: int, p: Fraction) -> bool:
    """Exact Jury test of ``P_l0`` for lengths (2, 3) from the module notes (rational arithmetic)."""
    a, b, c = l0 + 1, l0 + 2, (l0 + 3) * (1 - p)
    return abs(c) < a and abs(b) < a + c


def test_scaled_floats_keep_exact_ratios_past_float_range():
    values = [3 * 10 ** 400, 10 ** 400, Fraction(10 ** 400, 7)]
    floats = scaled_floats(values)
    # ratios of the exact values, rounded once each: within a few ulps (2^-50 relative)
    assert abs(floats[0] / floats[1] - 3) < 3 * 2 ** -50
    assert abs(floats[1] / floats[2] - 7) < 7 * 2 ** -50
    assert scaled_floats([Fraction(1, 10 ** 400), Fraction(2, 10 ** 400)]) == [0.5, 1.0]


@pytest.mark.parametrize("p, expected", [(Fraction(1, 10 ** 30), 2 * 10 ** 30 - 2),
                                         (Fraction(1, 10 ** 50), 2 * 10 ** 50 - 2),
                                         (1 - Fraction(1, 10 ** 31), 10 ** 31 - 2)])
def test_critical_l0_at_extreme_shares_matches_jury(p, expected):
    critical = critical_l0((2, 3), p)
    assert critical.value == expected
    # the hand rule itself, checked exactly on both sides of l0*
    assert jury_stable(expected, p) and not jury_stable(expected - 1, p)


@pytest.mark.parametrize("p", [Fraction(1, 10 ** 300), Fraction(1, 10 ** 400),
                               Fraction(1, 1 + 10 ** 308)])       # rates 1 : 1e308
def test_far_crossings_fall_back_on_the_exact_resultant_route(p):
    critical = critical_l0((2, 3), p)
    assert critical.method == "resultant-proof"
    # Jury: l0* is the least integer above 2/p - 3 (2/p is an integer for the first two)
    expected = (2 / p - 3).__floor__() + 1
    assert critical.value == expected and jury_stable(expected, p) and not jury_stable(expected - 1, p)


def test_resultant_route_agrees_with_the_crossing_route_at_ordinary_shares():
    from coupling_sym.stability.critical import _critical_by_resultant

    for lengths, p in (((2, 3), Fraction(1, 2)), ((3, 4), Fraction(1, 2)), ((3, 5), Fraction(1, 3)),
                       ((2, 5), Fraction(3, 4))):
        shares = (p, 1 - p)
        assert _critical_by_resultant(lengths, shares).value == critical_l0(lengths, p).value


def test_critical_l0_beyond_reach_is_a_precision_error_naming_the_share():
    with pytest.raises(PrecisionError, match=r"p = \(1\.0e-300, 1\.0\) with lengths \(4, 7\).*resultant "
                                             r"route takes decode lengths up to 5"):
        critical_l0((4, 7), Fraction(1, 10 ** 300))


@pytest.mark.parametrize("p", [Fraction(1, 10 ** 300), Fraction(1, 10 ** 400),
                               Fraction(1, 1 + 10 ** 308)])       # rates 1 : 1e308
def test_roots_report_answers_exactly_at_extreme_shares(p):
    report = roots_report(two_type_params(3, 2, 3, p), dps=20)
    # P_3 = 4 z^2 + 5 z + 6 q: Jury says unstable (6 q > 4), and the exact verdict agrees
    assert not jury_stable(3, p)
    assert report.finite_verdict is Verdict.UNSTABLE
    # complex pair (25 < 96 q): |z|^2 = c / a = 6 q / 4, to the 20 digits asked
    rho_squared = Fraction(6, 4) * (1 - p)
    assert abs(Fraction(report.as_dict()["P"]["rho"]) ** 2 - rho_squared) < Fraction(1, 10 ** 18)
    assert report.out_of_reach is None and report.critical.value == (2 / p - 3).__floor__() + 1


def test_roots_report_keeps_the_roots_when_l0_star_is_out_of_reach():
    p = Fraction(1, 10 ** 300)
    report = roots_report(two_type_params(3, 4, 7, p), dps=20)
    # Without type A, P_3 has ascending coefficients 10, 9, .., 4: by Enestrom-Kakeya every
    # root has |z| >= min ratio 10/9; a share of 1e-300 moves them by about 1e-300
    assert report.finite_verdict is Verdict.UNSTABLE
    assert Fraction(report.as_dict()["P"]["rho"]) > Fraction(10, 9) - Fraction(1, 10 ** 15)
    assert report.critical is None and "resultant route takes decode lengths up to 5" in report.out_of_reach
    assert report.as_dict()["critical_l0_out_of_reach"] is True


def test_float_radii_at_extreme_shares():
    p = Fraction(1, 10 ** 300)
    A = shares_poly((2, 3), (p, 1 - p))              # z^2 + z + q, coefficients of 300 digits
    P = prefill_poly(A, 3)
    # |z|^2 = 6 q / 4 = 1.5 (q = 1 - 1e-300 is 1 in floats); float64 roots: 1e-12 relative
    assert abs(radius_of_poly(P, verdict_of_poly(P)) - 1.5 ** 0.5) < 1e-12
    assert abs(spectral_radius([4, 5, 6 * (1 - p)]) - 1.5 ** 0.5) < 1e-12
    report = verify_pair(2, 3, Fraction(1, 10 ** 30), [3])
    assert report.critical.value == 2 * 10 ** 30 - 2
    assert report.finite[0][1] is Verdict.UNSTABLE


def test_root_outside_near_with_coefficients_past_float_range():
    # 10^400 (2z - 1)(2z - 3): roots 1/2 and 3/2, as in the docstring example without the factor
    P = fmpz_poly([3, -8, 4]) * 10 ** 400
    assert root_outside_near(P, [1.4]) and not root_outside_near(P, [0.6])


def test_locus_at_a_tiny_share_matches_jury():
    p = Fraction(1, 10 ** 30)
    data = root_locus((2, 3), p, range(0, 6))
    assert data.critical.value == 2 * 10 ** 30 - 2
    assert data.verdicts == tuple("stable" if jury_stable(l0, p) else "unstable" for l0 in range(6))


def test_float_routes_past_the_float_range():
    # p = 1e-400: the integer coefficients reach 1e400, beyond float64 (1.8e308), so every
    # float route must go through the scaling of scaled_floats (1e-300 stays below it)
    from coupling_sym.stability.noncoprime import certify_every_prefill
    from coupling_sym.stability.summary import verify_pairs

    p = Fraction(1, 10 ** 400)
    assert max(abs(c) for c in shares_poly((2, 3), (p, 1 - p)).coeffs()) > 10 ** 308
    # (2, 3) with q = 1 - 1e-400: A = z^2 + z + q (up to the factor), |z|^2 = q, radius 1 in floats
    assert abs(verify_pairs([(2, 3)], p)[0].limit_rho - 1.0) < 1e-12
    # (3, 6), gcd 3: the odd-gcd certificate checks each l0 below its crossing bound, here
    # about 1e400 of them: refused in one line instead of an overflow or a huge array
    from coupling_sym.errors import PrecisionError

    with pytest.raises(PrecisionError, match=r"^the every-l0 certificate of lengths \(3, 6\) needs one verdict "
                                             r"for each l0 below about 2\^\d+; at most 10000000"):
        certify_every_prefill((3, 6), p)


def test_shares_longer_than_4000_digits_are_refused_in_one_line():
    from coupling_sym.errors import ParameterError
    from coupling_sym.params import parse_rational

    assert parse_rational("1e-4000", "p") == Fraction(1, 10 ** 4000)
    with pytest.raises(ParameterError, match=r"^p must be a rational with at most 4000 digits .*; got '1e-5000'$"):
        parse_rational("1e-5000", "p")
