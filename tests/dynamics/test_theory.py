"""The theory trajectory against hand derivations and exact invariants."""

from fractions import Fraction as F

import numpy as np
from hypothesis import given

from coupling_sym.dynamics import run_theory
from coupling_sym.params import make_params
from coupling_sym.state import count_tokens, equilibrium_state, initial_state, is_proportional

from strategies import params_and_state

DEFAULT = make_params(3, (2, 3), (1, 1), 60)


def test_default_batches_by_hand():
    # Footprints 4, 5, 6; p = 1/2.  Batch 1: 15 requests advance to stage 1 (75 tokens),
    # R = 60 - 75 = -15, a_1 = -15/4.  Batch 2: type B's 15/2 reach stage 2 (45 tokens),
    # the -15/8 + -15/8 reach stage 1 (-75/4 tokens): R = 135/4, a_2 = 135/16.
    # Batch 3: 135/32 + 135/32 at stage 1, -15/8 at stage 2: R = 60 - 675/16 + 45/4 = 465/16.
    # Batch 4: 465/128 * 2 at stage 1, 135/32 at stage 2: R = 60 - 2325/64 - 1620/64 = -105/64.
    theory = run_theory(DEFAULT, initial_state(DEFAULT), 4, exact=True)
    assert theory.admissions.tolist() == [15, F(-15, 4), F(135, 16), F(465, 64), F(-105, 256)]
    assert theory.states[1].tolist() == [[F(-15, 8), F(15, 2), 0], [F(-15, 8), F(15, 2), 0]]


@given(params_and_state())
def test_theory_conserves_tokens(case):
    params, X0 = case
    theory = run_theory(params, X0, 3 * params.L + 2, exact=True)
    assert all(z == params.B for z in theory.tokens[1:])


@given(params_and_state())
def test_every_stage_split_p_after_L_batches(case):
    # The plan's claim: admissions are split p_k, so after L batches no request from
    # the initial state is left and every stage is split p_k.
    params, X0 = case
    theory = run_theory(params, X0, params.L + 3, exact=True)
    for t in range(params.L, params.L + 4):
        assert is_proportional(params, theory.states[t])


@given(params_and_state())
def test_equilibrium_is_a_fixed_point(case):
    params, _ = case
    X = equilibrium_state(params)
    theory = run_theory(params, X, 4, exact=True)
    for t in range(5):
        assert (theory.states[t] == X).all()


def test_float_run_matches_exact_run():
    # Ten batches of the default in float64: each value is a short sum of products of
    # numbers below 100, so the rounding error stays below 1e-12 (measured ~1e-14).
    exact = run_theory(DEFAULT, initial_state(DEFAULT), 10, exact=True)
    approx = run_theory(DEFAULT, initial_state(DEFAULT), 10, exact=False)
    assert np.allclose(approx.admissions, [float(a) for a in exact.admissions], rtol=0, atol=1e-12)


def test_three_types_one_batch_by_hand():
    # l0 = 2, lengths (2, 3, 5), rates 1:1:2, B = 50, one request per stage (44 tokens).
    # Advanced: A (stage 0 -> 1: 4 tokens), B (0 -> 1, 1 -> 2: 4 + 5), C (0..3 -> 1..4:
    # 4 + 5 + 6 + 7); R = 50 - 35 = 15, a_1 = 15/3 = 5 split 1/4, 1/4, 1/2.
    params = make_params(2, (2, 3, 5), (1, 1, 2), 50)
    X0 = initial_state(params, "one-per-stage")
    assert count_tokens(params, X0) == 3 + 4 + 3 + 4 + 5 + 3 + 4 + 5 + 6 + 7
    theory = run_theory(params, X0, 1, exact=True)
    assert theory.admissions[1] == 5
    assert theory.states[1][:, 0].tolist() == [F(5, 4), F(5, 4), F(5, 2)]
