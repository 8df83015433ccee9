"""P_l0 = (l0 + L) A - lambda A' and A(1) != 0, on a range of pairs and by hand."""

import dataclasses

import pytest
import sympy as sp

from coupling_sym.symbolic import LAMBDA, check_identities, derive_charpoly
from coupling_sym.symbolic.identities import A_at_one, identity_residual

lam, l0, p = LAMBDA, sp.Symbol("l0"), sp.Symbol("p")

PAIRS = [(la, lb) for la in range(1, 9) for lb in range(1, 13) if la != lb]


@pytest.mark.parametrize("la, lb", PAIRS)
def test_identity_and_A_at_one_for_symbolic_pairs(la, lb):
    cp = derive_charpoly([la, lb])
    check = check_identities(cp)
    assert check.identity_holds and check.identity_holds_at_l0 and check.all_hold
    # A(1) = sum_j s_j = sum_k p_k l_k = p l_A + (1 - p) l_B (count of stages per type).
    assert sp.expand(check.A_at_one - (p * la + (1 - p) * lb)) == 0
    assert check.A_at_one_nonzero


@pytest.mark.parametrize("lengths, rates, prefill", [([2, 3, 5], [1, 1, 2], 2), ([1, 4], [3, 1], 0),
                                                      ([7], [1], 5), ([2, 9, 4, 6], [1, 2, 3, 4], 11)])
def test_identity_with_concrete_parameters(lengths, rates, prefill):
    check = check_identities(derive_charpoly(lengths, rates, prefill))
    assert check.all_hold
    total = sum(rates)
    assert check.A_at_one == sp.Rational(sum(r * lk for r, lk in zip(rates, lengths)), total)


def test_identity_by_hand_for_the_default_pair():
    # A = l^2 + l + 1/2, A' = 2 l + 1, l0 = 3, L = 3: 6 A - l A' = 6 l^2 + 6 l + 3 - 2 l^2 - l
    # = 4 l^2 + 5 l + 3 = P.
    cp = derive_charpoly([2, 3], p="1/2", l0=3)
    assert identity_residual(cp, cp.P, sp.Integer(3)) == 0
    assert A_at_one(cp) == sp.Rational(5, 2)


def test_the_checks_can_fail():
    cp = derive_charpoly([2, 3])
    tampered = dataclasses.replace(cp, P_of_l0=sp.Poly(cp.P_of_l0.as_expr() + lam, lam))
    assert not check_identities(tampered).identity_holds
    zero_at_one = dataclasses.replace(cp, A=sp.Poly(lam**2 - 1, lam))
    assert not check_identities(zero_at_one).A_at_one_nonzero
    # Positive at p = 1 (value 1) but not at p = 0 (value -1): not nonzero on all of (0, 1).
    sign_change = dataclasses.replace(cp, A=sp.Poly(lam**2 + 2 * p - 2, lam))
    assert not check_identities(sign_change).A_at_one_nonzero


def test_symbolic_k_types_use_the_simplex_vertices():
    check = check_identities(derive_charpoly([2, 3, 5]))
    pA, pB = sp.symbols("p_A p_B")
    assert sp.expand(check.A_at_one - (2 * pA + 3 * pB + 5 * (1 - pA - pB))) == 0
    assert check.A_at_one_nonzero
