"""Roots of P_l0: exact multiplicities, certified positions, exact real / conjugate structure."""

from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st
from mpmath import mp

from coupling_sym.modal.roots import characteristic_coefficients, characteristic_roots, squarefree_factors
from coupling_sym.params import make_params, two_type_params


def test_squarefree_factors_of_a_hand_product():
    # (x - 1)^2 (x + 2) = x^3 - 3x + 2
    assert sorted(squarefree_factors([1, 0, -3, 2])) == [((1, -1), 2), ((1, 2), 1)]


def test_squarefree_factors_clear_denominators_and_sign():
    # -(1/2)(x^2 + 2x + 2): primitive integer form with a positive leading coefficient
    assert squarefree_factors([Fraction(-1, 2), -1, -1]) == [((1, 2, 2), 1)]
    assert squarefree_factors([3]) == []


def test_default_characteristic_polynomial_against_hand_values():
    # l0 = 3, (l_A, l_B) = (2, 3), p = 1/2: c_0 = 4, c_1 = 5 * 1, c_2 = 6 * 1/2
    assert characteristic_coefficients(make_params(3, (2, 3), (1, 1), 60)) == (4, 5, 3)


def test_default_roots_lie_on_the_circle_of_radius_sqrt_three_quarters():
    # 4x^2 + 5x + 3: product of the conjugate roots = |mu|^2 = 3/4 (Vieta), real part -5/8
    with mp.workdps(40):
        roots = characteristic_roots([4, 5, 3], 40)
        assert [r.multiplicity for r in roots] == [1, 1]
        assert all(r.position == "inside" for r in roots)
        for r in roots:
            # 40 digits requested: allow 35
            assert abs(abs(r.value) ** 2 - mp.mpf(3) / 4) < mp.mpf(10) ** -35
            assert abs(r.value.real + mp.mpf(5) / 8) < mp.mpf(10) ** -35
        assert roots[0].value == mp.conj(roots[1].value)


def test_double_root_is_reported_once_with_multiplicity_two():
    # 4 (x + 5/8)^2 * 2 = 8x^2 + 10x + 25/8 ... use the integer form 64x^2 + 80x + 25 = (8x + 5)^2
    roots = characteristic_roots([64, 80, 25], 30)
    assert len(roots) == 1
    assert roots[0].multiplicity == 2
    assert roots[0].value == mp.mpf(-5) / 8
    assert roots[0].is_real


def test_root_on_the_unit_circle_is_never_called_inside_or_outside():
    # x^2 + 1: roots +-i, exactly on the circle
    roots = characteristic_roots([1, 0, 1], 30)
    assert {r.position for r in roots} == {"undecided"}


@given(st.integers(0, 12), st.sampled_from([(1, 2), (2, 3), (2, 4), (3, 5)]),
       st.fractions(Fraction(1, 10), Fraction(9, 10)))
def test_multiplicities_add_up_to_the_degree(l0, lengths, p):
    params = two_type_params(l0, *lengths, p)
    roots = characteristic_roots(characteristic_coefficients(params), 20)
    assert sum(r.multiplicity for r in roots) == params.L - 1
    # real roots come with exactly zero imaginary part, the others in exact conjugate pairs
    values = {(r.value.real, r.value.imag) for r in roots}
    assert all((re, -im) in values for re, im in values)


def test_position_is_certified_for_real_roots_near_one():
    # (x - 1)(x - (1 + 10^-25)): the second root is outside, by 1e-25, which 30 digits resolve
    big = 10 ** 25
    coeffs = [big, -(2 * big + 1), big + 1]
    positions = sorted(r.position for r in characteristic_roots(coeffs, 40))
    assert positions == ["outside", "undecided"]
