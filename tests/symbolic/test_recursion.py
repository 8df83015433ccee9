"""The stage recursion as sympy objects, and exact agreement with the theory trajectory."""

from fractions import Fraction

import numpy as np
import pytest
import sympy as sp
from hypothesis import given
from hypothesis import strategies as st

from coupling_sym.dynamics import run_theory
from coupling_sym.errors import ParameterError
from coupling_sym.params import make_params
from coupling_sym.state import initial_state, is_proportional
from coupling_sym.symbolic import charpoly_of_params, derive_charpoly, extend_admissions, symbolic_params
from coupling_sym.symbolic.recursion import (admission_equation, admission_symbol, difference_equation,
                                             stage_update, state_space_matrix)


def test_stage_update_matches_the_numeric_theory_step():
    # The same transition as coupling_sym.dynamics on the default experiment (exact).
    params = make_params(3, (2, 3), (1, 2), 60)
    X0 = initial_state(params, "one-per-stage")
    rows = [[X0[k, i] for i in range(lk)] for k, lk in enumerate(params.lengths)]
    ours = stage_update(params.lengths, params.p, params.l0, rows, params.B)
    theirs = run_theory(params, X0, 1, exact=True).states[1]
    assert ours == [[theirs[k, i] for i in range(lk)] for k, lk in enumerate(params.lengths)]


def test_state_space_matrix_by_hand():
    # lengths (1, 2), p = 1/2, l0 = 1, coordinates (A0, B0, B1, const):
    # room = B - 3 B0 (B0 advances to stage 1, footprint l0 + 2 = 3), admission room / 2.
    M = state_space_matrix(symbolic_params([1, 2], p="1/2", l0=1)).to_Matrix()
    R = sp.Rational
    assert M == sp.Matrix([[0, R(-3, 4), 0, R(1, 4)],
                           [0, R(-3, 4), 0, R(1, 4)],
                           [0, 1, 0, 0],
                           [0, 0, 0, 1]])


def test_admission_equation_is_the_token_balance():
    # lengths (2, 3), symbolic: (l0+1) a[t+1] + (l0+2) a[t] + (l0+3)(1-p) a[t-1] - B.
    l0, p, B = sp.symbols("l0 p B")
    a = [admission_symbol(j) for j in range(3)]
    expected = (l0 + 1) * a[0] + (l0 + 2) * a[1] + (l0 + 3) * (1 - p) * a[2] - B
    assert sp.expand(admission_equation(symbolic_params([2, 3])) - expected) == 0


def test_difference_equation_drops_the_budget():
    expr, symbols = difference_equation(symbolic_params([2, 5]))
    assert sp.Symbol("B") not in expr.free_symbols
    assert len(symbols) == 6 and expr.free_symbols - {sp.Symbol("l0"), sp.Symbol("p")} == set(symbols)
    # lengths (2, 5): c = (l0+1, l0+2, (l0+3) q, (l0+4) q, (l0+5) q) with q = 1 - p, and the
    # difference of consecutive balances has coefficients c_0, c_1 - c_0, .., c_4 - c_3, -c_4.
    l0, p = sp.symbols("l0 p")
    c = [l0 + 1, l0 + 2, (l0 + 3) * (1 - p), (l0 + 4) * (1 - p), (l0 + 5) * (1 - p)]
    hand = [c[0]] + [c[j] - c[j - 1] for j in range(1, 5)] + [-c[4]]
    assert [sp.expand(expr.coeff(s) - h) for s, h in zip(symbols, hand)] == [0] * 6


def test_extend_admissions_needs_a_history():
    with pytest.raises(ParameterError, match="admissions must be at least L = 3 values; got 2"):
        extend_admissions([4, 1, -2, -3], [15, 0], 1)


@pytest.mark.parametrize("coefficients, count, match", [
    ([0, 1, 1], 1, r"coefficients must be a list with a non-zero leading coefficient d_0; got \[0, 1, 1\]"),
    ([], 1, "coefficients must be a list with a non-zero leading coefficient d_0"),
    ([1, 1], -1, "count must be a non-negative integer; got -1"),
])
def test_extend_admissions_rejects_a_bad_recursion_or_count(coefficients, count, match):
    with pytest.raises(ParameterError, match=match):
        extend_admissions(coefficients, [1, 2], count)


def _exact(values):
    return [Fraction(v) for v in values]


def test_default_experiment_theory_admissions_from_batch_one():
    # stage0 is proportional with history a_0 = N, a_{-1} = .. = a_{1-L} = 0 (empty stages),
    # and every batch t >= 0 holds B tokens, so the difference recursion holds from t = 1.
    params = make_params(3, (2, 3), (1, 1), 60)
    theory = run_theory(params, initial_state(params), 30, exact=True).admissions.tolist()
    d = charpoly_of_params(params).recursion_coefficients()
    predicted = extend_admissions(d, [0, 0, params.N], 30)
    assert predicted[2:] == _exact(theory)
    assert theory[:4] == [15, Fraction(-15, 4), Fraction(135, 16), Fraction(465, 64)]


def test_a_wrong_coefficient_breaks_the_agreement():
    params = make_params(3, (2, 3), (1, 1), 60)
    theory = run_theory(params, initial_state(params), 10, exact=True).admissions.tolist()
    d = charpoly_of_params(params).recursion_coefficients()
    d[2] += 1
    assert extend_admissions(d, [0, 0, params.N], 10)[2:] != _exact(theory)


distinct_lengths = st.lists(st.integers(1, 6), min_size=1, max_size=3, unique=True)


@st.composite
def concrete_params(draw):
    lengths = draw(distinct_lengths)
    rates = draw(st.lists(st.fractions(Fraction(1, 4), Fraction(4)), min_size=len(lengths), max_size=len(lengths)))
    return make_params(draw(st.integers(0, 8)), lengths, rates, draw(st.fractions(Fraction(1), Fraction(100))))


@given(params=concrete_params())
def test_stage0_theory_is_reproduced_from_the_start(params):
    steps = 3 * params.L + 5
    theory = run_theory(params, initial_state(params), steps, exact=True).admissions.tolist()
    d = charpoly_of_params(params).recursion_coefficients()
    history = [Fraction(0)] * (params.L - 1) + [params.N]      # a_{1-L}, .., a_{-1}, a_0
    assert extend_admissions(d, history, steps)[params.L - 1:] == _exact(theory)


@given(params=concrete_params())
def test_one_per_stage_theory_is_reproduced_from_batch_L_plus_one(params):
    # One request per stage is not split by p_k.  Stage i of batch t was admitted in batch
    # t - i, by the p_k split when t - i >= 1, so X_t[k][i] = p_k a_{t-i} with a the actual
    # admissions for every i < L exactly when t >= L.  The balance difference
    # Z_{t+1} - Z_t = 0 reads the admissions correctly once both batches are of that form,
    # i.e. it predicts a_{t+1} for t >= L from a_{t+1-L} .. a_t: from batch L + 1 on.
    X0 = initial_state(params, "one-per-stage") if _fits(params) else None
    if X0 is None:
        return
    steps = 3 * params.L + 5
    run = run_theory(params, X0, steps, exact=True)
    assert is_proportional(params, run.states[params.L])
    theory = _exact(run.admissions.tolist())
    d = charpoly_of_params(params).recursion_coefficients()
    assert extend_admissions(d, theory[1:params.L + 1], steps - params.L) == theory[1:]


def _fits(params):
    return sum(sum(params.l0 + 1 + i for i in range(lk)) for lk in params.lengths) <= params.B


def test_one_per_stage_needs_the_first_L_batches():
    # With unequal shares, batch 0 (one of each type at stage 0) is not proportional, and
    # starting the recursion from batch 0 gets a_{L+1}... wrong at least once.
    params = make_params(3, (2, 3), (1, 3), 100)
    run = run_theory(params, initial_state(params, "one-per-stage"), 12, exact=True)
    theory = _exact(run.admissions.tolist())
    d = charpoly_of_params(params).recursion_coefficients()
    assert extend_admissions(d, theory[:params.L], 12 - params.L + 1) != theory
    assert extend_admissions(d, theory[1:params.L + 1], 12 - params.L) == theory[1:]
