"""Exact unit-circle verdicts against polynomials whose roots are known by construction."""

from fractions import Fraction as F
from math import gcd

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coupling_sym.errors import ParameterError
from coupling_sym.params import two_type_params
from coupling_sym.stability import Verdict, certify_stability
from coupling_sym.stability.poly import integer_poly
from coupling_sym.stability.verdict import _schur_exact, _schur_in_balls


@pytest.mark.parametrize("coeffs, expected", [
    ([4, 5, 3], "stable"),            # complex pair, |z|^2 = 3/4 (product of the roots)
    ([4, 5, 4], "on-circle"),         # complex pair, |z|^2 = 4/4
    ([1, 2, 3], "unstable"),          # complex pair, |z|^2 = 3
    ([1, 2, 1], "on-circle"),         # (z + 1)^2: a double root on the circle
    ([1, 0, -1], "on-circle"),        # roots +1 and -1
    ([2, -5, 2], "unstable"),         # roots 2 and 1/2: a pair symmetric about the circle
    ([1, F(-1, 2)], "stable"),        # root 1/2
    ([1, 0, 0], "stable"),            # z^2: double root at 0
    ([7], "stable"),                  # a constant has no roots
    ([1, 0, 0, 0, 1], "on-circle"),   # z^4 + 1: primitive 8th roots of unity
    ([1, 1, 0, 1, 1], "on-circle"),   # (z + 1)(z^3 + 1) = (z + 1)^2 (z^2 - z + 1)
])
def test_hand_checked_verdicts(coeffs, expected):
    assert certify_stability(coeffs).value == expected


def test_unit_roots_do_not_hide_a_root_outside():
    # (z - 2)(z - 1/2)(z^2 + 1) = z^4 - 5/2 z^3 + 2 z^2 - 5/2 z + 1: +-i on the circle, 2 outside
    assert certify_stability([1, F(-5, 2), 2, F(-5, 2), 1]) is Verdict.UNSTABLE


def test_prefill_polynomial_of_the_plan_default():
    # l_A=2, l_B=3, p=1/2, l0=3: P_3 = 4z^2 + 5z + 3 (docs/model.md), stable
    params = two_type_params(3, 2, 3, "1/2")
    assert params.stage_weights == (4, 5, 3)
    assert certify_stability(params.stage_weights) is Verdict.STABLE


@pytest.mark.parametrize("l0, p, coeffs", [
    # P_l0 = (l0+1) z^2 + (l0+2) z + (l0+3) q for (2, 3).  Complex roots have
    # |z|^2 = (l0+3) q / (l0+1): equal to 1 at l0 = 1 for q = 1/2 and at l0 = 3 for q = 2/3.
    (1, "1/2", (2, 3, 2)),
    (3, "1/3", (4, 5, 4)),
    # A real root at z = -1 when (l0+1) - (l0+2) + (l0+3) q = 0, i.e. q = 1/(l0+3):
    # l0 = 1, q = 1/4 gives 2z^2 + 3z + 1 = (2z + 1)(z + 1).
    (1, "3/4", (2, 3, 1)),
    # l0 = 0, q = 1/3 gives z^2 + 2z + 1 = (z + 1)^2.
    (0, "2/3", (1, 2, 1)),
])
def test_rho_exactly_one_is_on_circle_not_stable(l0, p, coeffs):
    params = two_type_params(l0, 2, 3, p)
    assert params.stage_weights == coeffs
    assert certify_stability(params.stage_weights) is Verdict.ON_CIRCLE


@pytest.mark.parametrize("l_A, l_B", [(a, b) for a in range(2, 13) for b in range(a + 1, 13)])
def test_limiting_form_follows_gcd(l_A, l_B):
    # Theorem (docs/model.md): A is stable iff gcd = 1, else its unit roots are the gcd-th roots of unity.
    shares = two_type_params(0, l_A, l_B, "1/2").stage_shares
    expected = Verdict.STABLE if gcd(l_A, l_B) == 1 else Verdict.ON_CIRCLE
    assert certify_stability(shares) is expected


@pytest.mark.parametrize("bad, match", [
    ([], "non-empty"),
    ([0, 1], "non-zero leading coefficient"),
    ([1.0, 2], "exact"),
    ("12", "exact"),
    (5, "sequence"),
])
def test_bad_coefficients(bad, match):
    with pytest.raises(ParameterError, match=match):
        certify_stability(bad)


# -- properties: polynomials built from known roots ------------------------------------

rationals = st.fractions(F(-3), F(3), max_denominator=6)


@st.composite
def factored(draw):
    """Product of linear factors z - a and quadratics z^2 - 2bz + c (b^2 < c, |z|^2 = c)."""
    linear = draw(st.lists(rationals, max_size=5))
    quads = []
    for _ in range(draw(st.integers(0, 6))):
        c = draw(st.fractions(F(1, 10), F(3), max_denominator=10))
        b = draw(st.fractions(F(-1), F(1), max_denominator=8))
        if b * b < c:
            quads.append((b, c))
    coeffs = [F(1)]
    for a in linear:
        coeffs = _times(coeffs, [F(1), -a])
    for b, c in quads:
        coeffs = _times(coeffs, [F(1), -2 * b, c])
    moduli_sq = [a * a for a in linear] + [c for _, c in quads]
    if any(m > 1 for m in moduli_sq):
        expected = Verdict.UNSTABLE
    elif any(m == 1 for m in moduli_sq):
        expected = Verdict.ON_CIRCLE
    else:
        expected = Verdict.STABLE
    return coeffs, expected


def _times(p, q):
    out = [F(0)] * (len(p) + len(q) - 1)
    for i, x in enumerate(p):
        for j, y in enumerate(q):
            out[i + j] += x * y
    return out


@given(factored())
def test_verdict_matches_roots_known_by_construction(case):
    coeffs, expected = case
    assert certify_stability(coeffs) is expected


@given(factored(), st.integers(1, 40))
def test_scaling_does_not_change_the_verdict(case, scale):
    coeffs, expected = case
    assert certify_stability([scale * c for c in coeffs]) is expected


@given(factored())
def test_ball_recursion_never_contradicts_the_integer_one(case):
    poly = integer_poly(case[0])
    while poly[0] == 0 and poly.degree() > 0:
        poly = poly.right_shift(1)
    if poly.degree() > 0:
        ball = _schur_in_balls(poly, 64)
        assert ball is None or ball == _schur_exact(poly)


@given(st.lists(st.integers(0, 6), min_size=2, max_size=14))
def test_enestrom_kakeya_limit_verdict_agrees_with_schur_cohn(steps):
    # Decreasing positive coefficients, like A's shares: the Enestrom-Kakeya + gcd route
    # and the general Schur-Cohn + gcd route must give the same verdict.
    from coupling_sym.stability.verdict import limit_verdict, verdict_of_poly

    coeffs = [1 + sum(steps[i:]) for i in range(len(steps))]    # highest first, non-increasing, > 0
    poly = integer_poly(coeffs)
    assert limit_verdict(poly) is verdict_of_poly(poly)


def test_root_outside_near_by_hand():
    from flint import fmpz_poly

    from coupling_sym.stability.verdict import root_outside_near

    # 4z^2 - 8z + 3 = (2z - 1)(2z - 3): roots 1/2 and 3/2
    P = fmpz_poly([3, -8, 4])
    assert root_outside_near(P, [1.4])
    assert not root_outside_near(P, [0.6])          # Newton lands on 1/2: nothing proven
    assert not root_outside_near(P, [])
    # z^2 + 1: roots +-i on the circle; a proof of |z| > 1 must never come out
    assert not root_outside_near(fmpz_poly([1, 0, 1]), [1.1j, 1j, -1.01j])


@given(factored(), st.lists(st.complex_numbers(max_magnitude=3, allow_nan=False, allow_infinity=False),
                            max_size=4))
def test_root_outside_is_only_claimed_for_unstable_polynomials(case, guesses):
    # Whatever the guesses, a proof of a root outside must agree with roots known by construction.
    from coupling_sym.stability.verdict import root_outside_near

    coeffs, expected = case
    poly = integer_poly(coeffs)
    if root_outside_near(poly, guesses):
        assert expected is Verdict.UNSTABLE


@given(factored())
def test_root_outside_found_from_the_roots_themselves(case):
    # Started at the exact roots (floats of them), every polynomial with a simple rational
    # root of modulus >= 5/4 (well separated from the circle) is proven unstable.  A multiple
    # root has P' = 0 there: the test may then rightly fail to prove anything.
    from coupling_sym.stability.verdict import root_outside_near

    coeffs, _ = case
    slope = [c * (len(coeffs) - 1 - i) for i, c in enumerate(coeffs[:-1])]
    roots = [r for r in (F(n, d) for d in range(1, 7) for n in range(-18, 19))
             if abs(r) >= F(5, 4) and _value(coeffs, r) == 0 and _value(slope, r) != 0]
    if roots:
        assert root_outside_near(integer_poly(coeffs), [float(r) for r in roots])


def _value(coeffs, z):
    """Horner, coefficients highest degree first, exact."""
    total = F(0)
    for c in coeffs:
        total = total * z + c
    return total


def test_schur_cohn_at_four_times_the_precision_where_128_bits_do_not_decide():
    # (4, 127) at p = 1/2, l0 = 57005: a check of the walk for l0* whose reflection
    # coefficients come so close to modulus 1 that 128-bit balls do not decide.
    # Independent route: the recursion in exact integers.
    from fractions import Fraction

    from coupling_sym.stability.poly import prefill_poly, shares_poly
    from coupling_sym.stability.verdict import _schur_exact, _schur_in_balls, is_schur_stable

    P = prefill_poly(shares_poly((4, 127), (Fraction(1, 2), Fraction(1, 2))), 57005)
    assert P.degree() == 126 and _schur_in_balls(P, 128) is None
    assert _schur_exact(P) is False
    assert _schur_in_balls(P, 512) is False and is_schur_stable(P) is False


def test_a_root_outside_is_shown_at_degree_116_on_a_turning_point():
    # P_500 of (27, 117) at p = 1/2 has a root near w (1 + 1/617), w = e^(2 pi i / 9); Horner
    # in complex rectangles at that argument widens them by 1.41 a step, so at a fixed 64 bits
    # P(w) came out wider than the proof needs.  Independent route: the exact verdict.
    import cmath

    from coupling_sym.stability.poly import prefill_poly, shares_poly
    from coupling_sym.stability.verdict import root_outside_near, verdict_of_poly

    P = prefill_poly(shares_poly((27, 117), (F(1, 2), F(1, 2))), 500)
    assert verdict_of_poly(P) is Verdict.UNSTABLE
    assert root_outside_near(P, [cmath.exp(2j * cmath.pi / 9) * (1 + 1 / 617)])
