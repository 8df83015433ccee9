"""The derived polynomials against hand-worked cases and the formulas of docs/model.md.

Hand derivations (s_j = sum_k p_k [j < l_k], c_j = (l0 + 1 + j) s_j, done on paper from
the token balance sum_j c_j a_{t-j} = B, not by the code under test):

* l_A = 2, l_B = 3, p = 1/2, l0 = 3: s = (1, 1, 1/2), c = (4, 5, 3);
  P = 4 l^2 + 5 l + 3, (l - 1) P = 4 l^3 + l^2 - 2 l - 3,
  limit = -l^3 + l/2 + 1/2, A = l^2 + l + 1/2.
* l_A = 2, l_B = 3, symbolic: s = (1, 1, q);
  P = (l0+1) l^2 + (l0+2) l + (l0+3) q,
  (l - 1) P = (l0+1) l^3 + l^2 + ((l0+3) q - (l0+2)) l - (l0+3) q,
  limit = -l^3 + p l + q, A = l^2 + l + q.
* l_A = 2, l_B = 4, symbolic: s = (1, 1, q, q);
  P = (l0+1) l^3 + (l0+2) l^2 + (l0+3) q l + (l0+4) q,
  limit = -l^4 + p l^2 + q, A = l^3 + l^2 + q l + q.
* lengths (2, 3, 5), rates (1, 1, 2), l0 = 2: p = (1/4, 1/4, 1/2), s = (1, 1, 3/4, 1/2, 1/2),
  c = (3, 4, 15/4, 3, 7/2); limit = -l^5 + l^3/4 + l^2/4 + 1/2.
"""

from fractions import Fraction

import pytest
import sympy as sp
from hypothesis import assume, given
from hypothesis import strategies as st

from coupling_sym.errors import ParameterError
from coupling_sym.params import make_params
from coupling_sym.symbolic import LAMBDA, charpoly_of_params, coefficient_list, derive_charpoly, routes_agree

lam, l0, p = LAMBDA, sp.Symbol("l0"), sp.Symbol("p")
q = 1 - p


def expanded(poly):
    return [sp.expand(c) for c in coefficient_list(poly)]


def same(poly, expr):
    """Exact equality of a derived Poly and a hand-written polynomial expression."""
    return sp.expand(poly.as_expr() - expr) == 0 and poly.degree() == sp.degree(expr, lam)


def test_default_pair_by_hand():
    cp = derive_charpoly([2, 3], p="1/2", l0=3)
    assert coefficient_list(cp.P) == [4, 5, 3]
    assert coefficient_list(cp.difference) == [4, 1, -2, -3]
    assert coefficient_list(cp.limit) == [-1, 0, sp.Rational(1, 2), sp.Rational(1, 2)]
    assert coefficient_list(cp.A) == [1, 1, sp.Rational(1, 2)]


def test_symbolic_pair_2_3_by_hand():
    cp = derive_charpoly([2, 3])
    assert same(cp.P, (l0 + 1) * lam**2 + (l0 + 2) * lam + (l0 + 3) * q)
    assert same(cp.difference, (l0 + 1) * lam**3 + lam**2 + ((l0 + 3) * q - (l0 + 2)) * lam - (l0 + 3) * q)
    assert same(cp.limit, -lam**3 + p * lam + q)
    assert same(cp.A, lam**2 + lam + q)


def test_symbolic_pair_2_4_by_hand():
    cp = derive_charpoly([2, 4])
    assert same(cp.P, (l0 + 1) * lam**3 + (l0 + 2) * lam**2 + (l0 + 3) * q * lam + (l0 + 4) * q)
    assert same(cp.limit, -lam**4 + p * lam**2 + q)
    assert same(cp.A, lam**3 + lam**2 + q * lam + q)
    assert same(cp.difference, (lam - 1) * ((l0 + 1) * lam**3 + (l0 + 2) * lam**2 + (l0 + 3) * q * lam + (l0 + 4) * q))


def test_three_types_by_hand():
    cp = derive_charpoly([2, 3, 5], [1, 1, 2], 2)
    R = sp.Rational
    assert coefficient_list(cp.P) == [3, 4, R(15, 4), 3, R(7, 2)]
    assert coefficient_list(cp.limit) == [-1, 0, R(1, 4), R(1, 4), 0, R(1, 2)]
    assert coefficient_list(cp.A) == [1, 1, R(3, 4), R(1, 2), R(1, 2)]


def test_longer_type_first_is_the_same_model():
    # l_A = 3, l_B = 2, p = 1/3: s = (1, 1, 1/3), so P = (l0+1) l^2 + (l0+2) l + (l0+3)/3.
    cp = derive_charpoly([3, 2], p="1/3")
    assert same(cp.P, (l0 + 1) * lam**2 + (l0 + 2) * lam + (l0 + 3) / 3)
    assert same(cp.limit, -lam**3 + sp.Rational(2, 3) * lam + sp.Rational(1, 3))


def test_single_type_and_unit_length():
    # One type of length 3: s = (1, 1, 1); length 1: P = l0 + 1, a constant.
    assert same(derive_charpoly([3]).P, (l0 + 1) * lam**2 + (l0 + 2) * lam + l0 + 3)
    cp = derive_charpoly([1], l0=4)
    assert coefficient_list(cp.P) == [5] and coefficient_list(cp.difference) == [5, -5]
    assert coefficient_list(cp.limit) == [-1, 1] and coefficient_list(cp.A) == [1]


def test_symbolic_l0_with_concrete_shares_and_concrete_l0_with_symbolic_p():
    assert same(derive_charpoly([2, 3], p="1/2").P, (l0 + 1) * lam**2 + (l0 + 2) * lam + (l0 + 3) / 2)
    assert same(derive_charpoly([2, 3], l0=3).P, 4 * lam**2 + 5 * lam + 6 * q)


def test_symbolic_k_types_have_one_symbol_per_type_but_the_last():
    cp = derive_charpoly([2, 3, 5])
    pA, pB = sp.symbols("p_A p_B")
    assert same(cp.limit, -lam**5 + pA * lam**3 + pB * lam**2 + (1 - pA - pB))


def test_limit_is_the_limit_l0_to_infinity():
    # An independent limit: sympy's limit() of (1 - lambda) P / l0, coefficient by coefficient.
    cp = derive_charpoly([3, 5])
    ratio = sp.Poly(sp.expand((1 - lam) * cp.P.as_expr()), lam)
    limits = [sp.limit(c / l0, l0, sp.oo) for c in ratio.all_coeffs()]
    assert [sp.expand(c) for c in limits] == expanded(cp.limit)


def test_difference_is_lambda_minus_one_times_P():
    cp = derive_charpoly([4, 7], p="2/5", l0=6)
    assert sp.expand(cp.difference.as_expr() - (lam - 1) * cp.P.as_expr()) == 0
    assert cp.P.degree() == 6 and cp.difference.degree() == 7 and cp.P.LC() == 7


distinct_lengths = st.lists(st.integers(1, 9), min_size=1, max_size=4, unique=True)


@given(lengths=distinct_lengths, data=st.data(), prefill=st.integers(0, 12))
def test_random_parameters_match_model_formulas(lengths, data, prefill):
    rates = data.draw(st.lists(st.fractions(Fraction(1, 5), Fraction(5)), min_size=len(lengths),
                               max_size=len(lengths)))
    params = make_params(prefill, lengths, rates, 1)
    cp = charpoly_of_params(params)
    # docs/model.md: P_l0 has the coefficients c_j (computed from the formula in params.py).
    assert coefficient_list(cp.P) == [sp.Rational(c.numerator, c.denominator) for c in params.stage_weights]
    # docs/model.md: the limiting form is -lambda^L + sum_k p_k lambda^(L - l_k).
    L = params.L
    target = -lam**L + sum(sp.Rational(pk.numerator, pk.denominator) * lam ** (L - lk)
                           for pk, lk in zip(params.p, params.lengths))
    assert sp.expand(cp.limit.as_expr() - target) == 0
    assert routes_agree(cp)


@given(la=st.integers(1, 20), lb=st.integers(1, 20))
def test_symbolic_pairs_match_the_two_type_limit(la, lb):
    assume(la != lb)
    cp = derive_charpoly([la, lb])
    L = max(la, lb)
    assert same(cp.limit, -lam**L + p * lam ** (L - la) + q * lam ** (L - lb))


@pytest.mark.parametrize("kwargs, match", [
    (dict(lengths=[0, 3], p="1/2"), "l_A must be a positive integer; got 0"),
    (dict(lengths=[2, 3], p="1"), "p must be strictly between 0 and 1; got '1'"),
    (dict(lengths=[2, 3], p="-1/2"), "p must be strictly between 0 and 1"),
    (dict(lengths=[2, 3], p="1/x"), "p must be a number such as 2, 0.25 or 1/3; got '1/x'"),
    (dict(lengths=[2, 3], l0=-1), "l0 must be a non-negative integer; got -1"),
    (dict(lengths=[2, 3, 4], p="1/2"), "p must be used with exactly two types"),
    (dict(lengths=[2, 3], rates=[1, 0]), "lambda_B must be > 0; got 0"),
    (dict(lengths=[2, 3], rates=[1]), "rates must be a list of 2 rates"),
    (dict(lengths=[2, 3], rates=[1, 1], p="1/2"), "p must be given without rates"),
    (dict(lengths=[]), "lengths must be a non-empty list"),
])
def test_bad_input(kwargs, match):
    with pytest.raises(ParameterError, match=match.replace("(", r"\(").replace(")", r"\)")):
        derive_charpoly(**kwargs)


def test_recursion_coefficients_need_concrete_parameters():
    assert derive_charpoly([2, 3], p="1/2", l0=3).recursion_coefficients() == [4, 1, -2, -3]
    with pytest.raises(ParameterError, match="parameters must be concrete"):
        derive_charpoly([2, 3], l0=3).recursion_coefficients()
