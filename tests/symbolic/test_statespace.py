"""The state-space route: hand cases, sympy's own fraction-field charpoly, agreement."""

import dataclasses

import pytest
import sympy as sp

from coupling_sym.symbolic import (LAMBDA, coefficient_list, derive_charpoly, routes_agree, state_space_charpoly,
                                   state_space_P, symbolic_params)
from coupling_sym.symbolic.recursion import state_space_matrix

lam, l0, p = LAMBDA, sp.Symbol("l0"), sp.Symbol("p")
q = 1 - p


def test_state_space_route_by_hand():
    result = state_space_P(symbolic_params([2, 3], p="1/2", l0=3))
    # P = 4 l^2 + 5 l + 3 made monic; dimension 2 + 3 + 1 = 6 = m + 1 + (L - 1), so m = 3.
    assert coefficient_list(result.P_monic) == [1, sp.Rational(5, 4), sp.Rational(3, 4)]
    assert result.nilpotent_order == 3
    assert result.charpoly.degree() == 6


def test_charpoly_of_a_small_matrix_by_hand():
    # lengths (1, 2), p = 1/2, l0 = 1: M = [[0,-3/4,0,1/4],[0,-3/4,0,1/4],[0,1,0,0],[0,0,0,1]].
    # Expanding det(l I - M) along the first column and the last row:
    # l (l - 1) det([[l + 3/4, 0], [-1, l]]) = l^2 (l - 1)(l + 3/4) = l^4 - l^3/4 - 3 l^2/4.
    assert state_space_charpoly(symbolic_params([1, 2], p="1/2", l0=1)).as_expr() == \
        lam**4 - lam**3 / 4 - 3 * lam**2 / 4


def test_state_space_route_symbolic_by_hand():
    result = state_space_P(symbolic_params([2, 4]))
    hand = [l0 + 1, l0 + 2, (l0 + 3) * q, (l0 + 4) * q]
    assert all(sp.cancel(c - h / (l0 + 1)) == 0 for c, h in zip(coefficient_list(result.P_monic), hand))


@pytest.mark.parametrize("lengths, kwargs", [([2, 3], {}), ([1, 4], {}), ([3, 5], dict(l0=2)),
                                             ([2, 5], dict(p="1/3")), ([2, 3, 4], {}), ([1, 3], dict(p="2/7", l0=0))])
def test_interpolation_equals_sympys_fraction_field_charpoly(lengths, kwargs):
    # An independent algorithm: DomainMatrix.charpoly with fraction-field arithmetic.
    params = symbolic_params(lengths, **kwargs)
    direct = [state_space_matrix(params).domain.to_sympy(c) for c in state_space_matrix(params).charpoly()]
    ours = coefficient_list(state_space_charpoly(params))
    assert len(ours) == len(direct) and all(sp.cancel(a - b) == 0 for a, b in zip(ours, direct))


@pytest.mark.parametrize("lengths", [(1, 2), (2, 3), (2, 5), (3, 4), (4, 6), (2, 3, 5), (5,), (6, 1, 4), (2, 64)])
def test_routes_agree_symbolic(lengths):
    cp = derive_charpoly(list(lengths))
    assert routes_agree(cp)
    # m = sum l_k - L + 1: non-proportional directions plus the forgotten oldest admission.
    assert state_space_P(cp.params).nilpotent_order == sum(lengths) - max(lengths) + 1


@pytest.mark.parametrize("lengths, kwargs", [([63, 64], dict(p="1/3", l0=3)), ([3, 5, 64], dict(rates=[1, 2, 3]))])
def test_routes_agree_long(lengths, kwargs):
    assert routes_agree(derive_charpoly(lengths, **kwargs))


def test_routes_agree_detects_a_wrong_P():
    cp = derive_charpoly([2, 3], p="1/2", l0=3)
    wrong = dataclasses.replace(cp, P=sp.Poly(4 * lam**2 + 5 * lam + 2, lam))
    assert not routes_agree(wrong)
    symbolic = derive_charpoly([2, 3])
    wrong = dataclasses.replace(symbolic, P=sp.Poly(symbolic.P.as_expr() + p * lam, lam))
    assert not routes_agree(wrong)
