"""Validation and normalisation of the derivation parameters."""

from fractions import Fraction

import pytest
import sympy as sp

from coupling_sym.errors import ParameterError
from coupling_sym.params import make_params
from coupling_sym.symbolic import L0, params_from_model, symbolic_params


def test_shares_from_rates_are_exact():
    params = symbolic_params([2, 3, 5], rates=["1", "0.5", "1/2"], l0="4")
    assert params.shares == (sp.Rational(1, 2), sp.Rational(1, 4), sp.Rational(1, 4))
    assert params.rates == (Fraction(1), Fraction(1, 2), Fraction(1, 2))
    assert params.l0 == 4 and not params.symbolic


def test_symbolic_shares_sum_to_one():
    for K in (1, 2, 3, 4):
        params = symbolic_params(list(range(1, K + 1)))
        assert sp.expand(sp.Add(*params.shares)) == 1
        assert len(params.free_shares) == K - 1 and len(params.share_names) == K
    assert [str(s) for s in symbolic_params([1, 2]).share_names] == ["p", "q"]


def test_l0_symbol_may_be_given():
    n = sp.Symbol("n")
    params = symbolic_params([2, 3], l0=n)
    assert params.l0 == n and params.l0_value is None
    assert symbolic_params([2, 3]).l0 == L0 == sp.Symbol("l0")


def test_vertices_put_all_weight_on_one_type():
    params = symbolic_params([2, 3, 5])
    assert [[s.subs(v) for s in params.shares] for v in params.vertices()] == [[1, 0, 0], [0, 1, 0], [0, 0, 1]]


def test_from_model_params():
    params = params_from_model(make_params(3, (2, 3), (1, 2), 60))
    assert params.shares == (sp.Rational(1, 3), sp.Rational(2, 3)) and params.l0 == 3


def test_bad_lengths():
    with pytest.raises(ParameterError, match="lengths must be"):
        symbolic_params("23")


def test_lengths_above_the_limit_are_refused():
    from coupling_sym.symbolic.parameters import MAX_LENGTH

    assert symbolic_params([2, MAX_LENGTH]).L == MAX_LENGTH
    with pytest.raises(ParameterError, match=f"l_B must be at most {MAX_LENGTH}; got {MAX_LENGTH + 1}"):
        symbolic_params([2, MAX_LENGTH + 1])
