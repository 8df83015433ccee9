"""Symbolic derivation with per-type prompts l0_A, l0_B: both routes, the identity, the limit."""

import json

import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from coupling_sym.cli import app
from coupling_sym.params import make_params
from coupling_sym.symbolic import charpoly_of_params, check_identities, derive_charpoly, routes_agree
from coupling_sym.symbolic.identities import identity_residual

runner = CliRunner()
lam, p, l0A, l0B, rA, rB = sp.symbols("lambda p l0_A l0_B r_A r_B")
q = 1 - p


def test_two_types_by_hand():
    # c_0 = p (l0_A + 1) + q (l0_B + 1), c_1 = p (l0_A + 2) + q (l0_B + 2), c_2 = q (l0_B + 3)
    # for l = (2, 3): type A holds stages 0, 1 and type B stages 0, 1, 2.
    cp = derive_charpoly([2, 3], l0=[None, None])
    hand = [p * (l0A + 1) + q * (l0B + 1), p * (l0A + 2) + q * (l0B + 2), q * (l0B + 3)]
    assert [sp.expand(c - h) for c, h in zip(cp.P_of_l0.all_coeffs(), hand)] == [0, 0, 0]
    # (1 - x) A_r = -rbar x^3 + p r_A x + q r_B (MODEL.md, l_A = 2, l_B = 3)
    assert sp.expand(cp.limit.as_expr() - (-(p * rA + q * rB) * lam**3 + p * rA * lam + q * rB)) == 0
    assert sp.expand(cp.difference.as_expr() - (lam - 1) * cp.P_of_l0.as_expr()) == 0


def test_identity_generalises_the_common_prompt_one():
    for lengths in ([2, 3], [1, 4], [3, 5], [2, 3, 5]):
        cp = derive_charpoly(lengths, l0=[None] * len(lengths))
        assert identity_residual(cp) == 0 and check_identities(cp).all_hold
    # a wrong identity (the common-prompt one with l0 = l0_A) must not hold
    cp = derive_charpoly([2, 3], l0=[None, None])
    A_1 = cp.A_of_r.as_expr().subs({rA: 1, rB: 1})
    wrong = sp.expand(cp.P_of_l0.as_expr() - ((l0A + 3) * A_1 - lam * sp.diff(A_1, lam)))
    assert wrong != 0


def test_state_space_route_agrees_with_symbolic_prompts():
    for lengths, kwargs in (([2, 3], {}), ([2, 5], {"p": "1/3"}), ([1, 2, 4], {"rates": [1, 2, 3]})):
        cp = derive_charpoly(lengths, l0=[None] * len(lengths), **kwargs)
        assert routes_agree(cp)


@settings(max_examples=20, deadline=None)
@given(st.integers(0, 40), st.integers(0, 40), st.lists(st.integers(1, 6), min_size=2, max_size=2, unique=True),
       st.integers(1, 5), st.integers(1, 5))
def test_concrete_prompts_match_the_stage_weights(u, v, lengths, ra, rb):
    # Derived P equals ModelParams.stage_weights (built from footprints, not from sympy),
    # and equal prompts give exactly the common-prompt derivation.
    params = make_params([u, v], lengths, [ra, rb], 1)
    cp = charpoly_of_params(params)
    assert [sp.Rational(c) for c in cp.coefficients("P")] == [sp.Rational(c.numerator, c.denominator)
                                                             for c in params.stage_weights]
    same = derive_charpoly(lengths, [ra, rb], [u, u])
    common = derive_charpoly(lengths, [ra, rb], u)
    assert same.coefficients("P") == common.coefficients("P")
    assert same.coefficients("difference") == common.coefficients("difference")


def test_limit_along_the_ray_of_concrete_prompts():
    # prompts (30, 60) lie on r = (1, 2): (1 - x) A_r = -(p + 2q) x^3 + p x + 2q
    cp = derive_charpoly([2, 3], l0=[30, 60], p="1/2")
    assert cp.coefficient_strings()["limit"] == ["-3/2", "0", "1/2", "1"]
    # and directly: lim P_{r s} / s by sympy's limit on each coefficient
    s = sp.Symbol("s", positive=True)
    generic = derive_charpoly([2, 3], l0=[None, None], p="1/2")
    for c, expected in zip(generic.P_of_l0.all_coeffs(), cp.A.all_coeffs()):
        assert sp.limit(c.subs({l0A: s, l0B: 2 * s}) / s, s, sp.oo) == expected


def test_charpoly_cli_per_type():
    result = runner.invoke(app, ["charpoly", "--symbolic", "--per-type", "--la", "2", "--lb", "3", "--json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["parameters"]["prompts"] == ["l0_A", "l0_B"]
    assert document["P"] == ["p*(l0_A + 1) + q*(l0_B + 1)", "p*(l0_A + 2) + q*(l0_B + 2)", "q*(l0_B + 3)"]
    assert document["checks"]["identity"] is True and document["checks"]["routes_agree"] is True
    concrete = runner.invoke(app, ["charpoly", "--l0", "30,60", "--la", "2", "--lb", "3", "--p", "1/2", "--json"])
    assert concrete.exit_code == 0
    # c_0 = (31 + 61)/2 = 46, c_1 = (32 + 62)/2 = 47, c_2 = 63/2
    assert json.loads(concrete.stdout)["P"] == ["46", "47", "63/2"]


@pytest.mark.parametrize("args, message", [
    (["--l0", "30,60,1"], "l0 must be one value or a list of 2 prompt lengths (one per type)"),
    (["--l0", "30,-1"], "l0_B must be a non-negative integer; got '-1'"),
    (["--l0", "30,1.5"], "l0_B must be a non-negative integer; got '1.5'"),
    (["--per-type", "--l0", "3"], "--per-type must be used with --symbolic"),
])
def test_charpoly_cli_rejects_bad_prompts(args, message):
    result = runner.invoke(app, ["charpoly", "--la", "2", "--lb", "3", *args])
    assert result.exit_code == 2 and message in result.output
