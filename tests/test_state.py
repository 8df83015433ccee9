"""Tests of initial states, token counts and the equilibrium."""

from fractions import Fraction

import pytest
from hypothesis import given

from coupling_sym.errors import StateError
from coupling_sym.params import make_params
from coupling_sym.state import count_tokens, equilibrium_state, initial_state, is_proportional

from strategies import model_params

DEFAULT = make_params(3, (2, 3), (1, 1), 60)


def test_stage0_fills_budget_exactly():
    X = initial_state(DEFAULT)
    assert X[:, 0].tolist() == [Fraction(15, 2), Fraction(15, 2)]
    assert count_tokens(DEFAULT, X) == 60


def test_one_per_stage_by_hand():
    # Type A: stages 0, 1 (4 + 5 tokens); type B: stages 0, 1, 2 (4 + 5 + 6 tokens).
    X = initial_state(DEFAULT, "one-per-stage")
    assert X.tolist() == [[1, 1, 0], [1, 1, 1]]
    assert count_tokens(DEFAULT, X) == 24


@given(model_params())
def test_stage0_and_equilibrium_hold_B_tokens(params):
    assert count_tokens(params, initial_state(params)) == params.B
    assert count_tokens(params, equilibrium_state(params)) == params.B


@pytest.mark.parametrize("init, X0, message", [
    ("explicit", [[1, 2]], r"^X0 must be a list of 2 lists"),
    ("explicit", [[1, 2], [3]], r"^X0\[1\] \(type B\) must be a list of l_B = 3 counts; got \[3\]$"),
    ("explicit", [[1, 2, 3], [1, 1, 1]], r"^X0\[0\] \(type A\) must be a list of l_A = 2 counts"),
    ("explicit", [[1, -1], [0, 0, 0]], r"^X0\[0\]\[1\] must be a non-negative count; got -1$"),
    ("explicit", [[10, 0], [10, 0, 0]], r"^X0 must be a state holding at most B = 60 tokens; got '80 tokens'$"),
    ("explicit", None, r"^X0 must be a list of 2 lists"),
    ("stage1", None, r"^init must be one of stage0, one-per-stage, explicit; got 'stage1'$"),
    ("stage0", [[1, 1], [1, 1, 1]], r"^X0 must be given only with init = 'explicit'"),
])
def test_initial_state_rejects_bad_input(init, X0, message):
    with pytest.raises(StateError, match=message):
        initial_state(DEFAULT, init, X0)


def test_explicit_state_below_budget_is_allowed():
    X = initial_state(DEFAULT, "explicit", [["1/2", 0], [1, 0, "3/4"]])
    assert count_tokens(DEFAULT, X) == Fraction(1, 2) * 4 + 4 + Fraction(3, 4) * 6


def test_is_proportional():
    params = make_params(3, (2, 3), (1, 2), 60)
    assert is_proportional(params, initial_state(params))
    assert is_proportional(params, equilibrium_state(params))
    assert not is_proportional(params, initial_state(params, "one-per-stage"))
