"""Exact roots and coefficients (rationals, radicals, CRootOf) against hand values and
against the numeric Vandermonde fit."""

from fractions import Fraction

import sympy
from mpmath import mp

from coupling_sym.config import build_config
from coupling_sym.modal import decompose_admissions
from coupling_sym.modal.exact import exact_modes, power_sums
from coupling_sym.params import make_params, two_type_params
from coupling_sym.state import initial_state


def test_power_sums_of_the_golden_ratio_are_lucas_numbers():
    # roots phi and -1/phi of x^2 - x - 1: S_n = L_n = 2, 1, 3, 4, 7, 11, 18, 29
    assert power_sums((1, -1, -1), 8) == [2, 1, 3, 4, 7, 11, 18, 29]


def test_power_sums_of_a_non_monic_cubic():
    # 2x^3 - 2 = 2(x^3 - 1): cube roots of unity, S_n = 3 when 3 | n, else 0
    assert power_sums((2, 0, 0, -2), 7) == [3, 0, 0, 3, 0, 0, 3]


def test_default_exact_modes_equal_the_hand_derivation():
    # see tests/modal/test_decomposition.py: mu = -5/8 + i sqrt(23)/8, C = 5 + 10 i / sqrt(23)
    params = make_params(3, (2, 3), (1, 1), 60)
    upper, lower = exact_modes(decompose_admissions(params, initial_state(params), dps=20))
    sqrt23 = sympy.sqrt(23)
    assert upper.root == -sympy.Rational(5, 8) + sympy.I * sqrt23 / 8
    assert lower.root == -sympy.Rational(5, 8) - sympy.I * sqrt23 / 8
    assert sympy.simplify(upper.coefficients[0] - (5 + 10 * sympy.I / sqrt23)) == 0
    assert sympy.simplify(lower.coefficients[0] - (5 - 10 * sympy.I / sqrt23)) == 0


def test_repeated_root_exact_coefficients():
    # l0 = 3, q = 25/96: double root -5/8, a* = 960/169, a_0 = 15, a_1 = -15/4 (by hand)
    params = two_type_params(3, 2, 3, Fraction(71, 96), 60)
    (mode,) = exact_modes(decompose_admissions(params, initial_state(params), dps=20))
    C0 = Fraction(15) - Fraction(960, 169)
    C1 = (Fraction(-15, 4) - Fraction(960, 169)) / Fraction(-5, 8) - C0
    assert mode.root == sympy.Rational(-5, 8)
    assert mode.multiplicity == 2
    assert mode.coefficients == (sympy.Rational(C0.numerator, C0.denominator),
                                 sympy.Rational(C1.numerator, C1.denominator))


def test_real_quadratic_roots_are_matched_to_the_right_sign():
    # (l_A, l_B) = (2, 3): P = (l0+1) x^2 + (l0+2) x + (l0+3) q has two real roots when
    # (l0+2)^2 > 4 (l0+1)(l0+3) q; l0 = 0, q = 1/10: 4 > 12/10.
    params = two_type_params(0, 2, 3, Fraction(9, 10), 60)
    decomp = decompose_admissions(params, initial_state(params), dps=30)
    forms = exact_modes(decomp)
    with mp.workdps(40):
        for mode, form in zip(decomp.modes, forms):
            assert mode.is_real
            assert abs(mp.mpf(sympy.N(form.root, 40)) - mode.root.real) < mp.mpf(10) ** -28
            value = mp.mpf(sympy.N(form.coefficients[0], 40))
            assert abs(value - mode.coefficients[0].real) < mp.mpf(10) ** -27


def test_cubic_roots_as_crootof_agree_with_the_numeric_modes():
    config = build_config("non-coprime")
    decomp = decompose_admissions(config.params, config.X0, dps=30)
    forms = exact_modes(decomp)
    assert all(isinstance(form.root, sympy.CRootOf) for form in forms)
    with mp.workdps(40):
        for mode, form in zip(decomp.modes, forms):
            root = sympy.N(form.root, 40)
            coefficient = sympy.N(form.coefficients[0], 40)
            assert abs(mp.mpc(*map(mp.mpf, root.as_real_imag())) - mode.root) < mp.mpf(10) ** -28
            assert abs(mp.mpc(*map(mp.mpf, coefficient.as_real_imag())) - mode.coefficients[0]) < mp.mpf(10) ** -27


def test_degree_above_the_exact_limit_keeps_exact_polynomials_only():
    from coupling_sym.modal.exact import EXACT_MAX_DEGREE

    # one type of length L = EXACT_MAX_DEGREE + 2: P has degree L - 1 > EXACT_MAX_DEGREE,
    # c_j = (l0 + 1 + j); its square-free part is the whole polynomial (one factor)
    L = EXACT_MAX_DEGREE + 2
    params = make_params(0, (L,), (1,), 1000)
    decomp = decompose_admissions(params, initial_state(params), dps=20)
    forms = exact_modes(decomp)
    assert len(forms) == L - 1
    assert all(form.root is None and form.coefficients is None for form in forms)
    with mp.workdps(decomp.working_dps):
        for mode, form in zip(decomp.modes, forms):
            (gamma,) = form.polynomials
            value = sum(mp.mpf(g.numerator) / g.denominator * mode.root ** a for a, g in enumerate(gamma))
            assert abs(value - mode.coefficients[0]) < mp.mpf(10) ** -15 * (1 + abs(value))


def test_close_real_quadratic_roots_are_told_apart_beyond_float_precision():
    from coupling_sym.modal.decomposition import Mode
    from coupling_sym.modal.exact import _quadratic_root

    # 9A x^2 - 6A x + (A - 2), A = 10^40: roots 1/3 +- sqrt(2)/3 * 10^-20 (quadratic
    # formula by hand).  The midpoint 1/3 as a float is off by ~2e-17, more than the
    # 5e-21 separating each root from it, so only a comparison at the working precision
    # can match them.
    A = 10 ** 40
    factor = (9 * A, -6 * A, A - 2)
    with mp.workdps(50):
        for sign in (1, -1):
            value = mp.mpf(1) / 3 + sign * mp.sqrt(2) / 3 * mp.mpf(10) ** -20
            mode = Mode(mp.mpc(value, 0), 1, (mp.mpc(1),), "inside", factor, 50)
            expected = sympy.Rational(1, 3) + sign * sympy.sqrt(2) / (3 * sympy.Integer(10) ** 20)
            assert sympy.simplify(_quadratic_root(factor, mode) - expected) == 0
