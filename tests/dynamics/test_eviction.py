"""The eviction simulation: exact invariants, both policies, hand derivations."""

from fractions import Fraction as F

import pytest
from hypothesis import given, strategies as st

from coupling_sym.dynamics import POLICIES, run_simulation, run_theory
from coupling_sym.errors import ParameterError
from coupling_sym.params import make_params
from coupling_sym.state import equilibrium_state, initial_state, is_proportional

from strategies import params_and_state

DEFAULT = make_params(3, (2, 3), (1, 1), 60)


def _advanced_tokens(params, X):
    """Tokens the advanced requests of state X need: an independent plain loop."""
    return sum((params.l0 + 2 + i) * X[k, i]
               for k, lk in enumerate(params.lengths) for i in range(lk - 1))


def test_default_batches_by_hand():
    # Batch 1: 75 advanced tokens > 60, so 15 tokens = 3 stage-0 requests are evicted
    # (1.5 of each type) and nothing is admitted.  Batch 2: only type B's 6 move to
    # stage 2 (36 tokens): admit 24 / 4 = 6.  Batch 3: 3 + 3 at stage 1 (30 tokens):
    # admit 30 / 4.  Batch 4: 3 at stage 2 and 15/4 + 15/4 at stage 1: 18 + 75/2 tokens,
    # admit 9/2 / 4 = 9/8.
    sim = run_simulation(DEFAULT, initial_state(DEFAULT), 4, exact=True)
    assert sim.admissions.tolist() == [15, 0, 6, F(15, 2), F(9, 8)]
    assert sim.evictions.tolist() == [[0, 0], [3, 0], [0, 0], [0, 0], [0, 0]]
    assert sim.states[1].tolist() == [[0, 6, 0], [0, 6, 0]]


@pytest.mark.parametrize("policy", POLICIES)
@given(case=params_and_state())
def test_simulation_conserves_tokens_and_stays_non_negative(policy, case):
    params, X0 = case
    sim = run_simulation(params, X0, 3 * params.L + 2, policy, exact=True)
    assert all(z == params.B for z in sim.tokens[1:])
    assert (sim.states >= 0).all() and (sim.evictions >= 0).all()


@pytest.mark.parametrize("policy", POLICIES)
@given(case=params_and_state())
def test_evictions_free_exactly_the_excess(policy, case):
    params, X0 = case
    sim = run_simulation(params, X0, 2 * params.L + 2, policy, exact=True)
    for t in range(1, sim.steps + 1):
        excess = _advanced_tokens(params, sim.states[t - 1]) - params.B
        freed = sum((params.l0 + 2 + s) * n for s, n in enumerate(sim.evictions[t]))
        assert freed == max(excess, 0)
        if excess > 0:
            assert sim.admissions[t] == 0


@given(case=params_and_state())
def test_least_progress_empties_lower_stages_first(case):
    params, X0 = case
    sim = run_simulation(params, X0, 2 * params.L + 2, "least-progress", exact=True)
    for t in range(1, sim.steps + 1):
        movers = [sum(sim.states[t - 1][k, s] for k, lk in enumerate(params.lengths) if s + 1 < lk)
                  for s in range(params.L - 1)]
        touched = [s for s in range(params.L - 1) if sim.evictions[t][s] > 0]
        if touched:
            for s in range(max(touched)):
                assert sim.evictions[t][s] == movers[s]


@given(case=params_and_state())
def test_proportional_policy_removes_one_fraction_everywhere(case):
    params, X0 = case
    sim = run_simulation(params, X0, 2 * params.L + 2, "proportional", exact=True)
    for t in range(1, sim.steps + 1):
        fractions = set()
        for k, lk in enumerate(params.lengths):
            for i in range(1, lk):
                before = sim.states[t - 1][k, i - 1]
                if before > 0:
                    fractions.add(sim.states[t][k, i] / before)
        assert len(fractions) <= 1


@pytest.mark.parametrize("policy", POLICIES)
@given(case=params_and_state())
def test_theory_equals_simulation_until_first_eviction(policy, case):
    params, X0 = case
    steps = 3 * params.L + 2
    sim = run_simulation(params, X0, steps, policy, exact=True)
    theory = run_theory(params, X0, steps, exact=True)
    evicting = [t for t in range(1, steps + 1) if any(sim.evictions[t] > 0)]
    first = evicting[0] if evicting else steps + 1
    for t in range(first):
        assert (sim.states[t] == theory.states[t]).all()


@pytest.mark.parametrize("policy", POLICIES)
@given(case=params_and_state())
def test_equilibrium_is_a_fixed_point(policy, case):
    params, _ = case
    X = equilibrium_state(params)
    sim = run_simulation(params, X, 4, policy, exact=True)
    assert all((sim.states[t] == X).all() for t in range(5))


@pytest.mark.parametrize("policy", POLICIES)
@given(case=params_and_state())
def test_every_stage_split_p_after_L_batches(policy, case):
    params, X0 = case
    sim = run_simulation(params, X0, params.L + 3, policy, exact=True)
    assert all(is_proportional(params, sim.states[t]) for t in range(params.L, params.L + 4))


def test_least_progress_can_reach_later_stages_by_hand():
    # l0 = 0, lengths (3, 3), equal rates, B = 10; start with 2 per type at stage 0 and
    # 1 per type at stage 1 (2*2*1 + 2*1*2 = 8 tokens).  Advancing needs 2*2*2 + 2*1*3 = 14,
    # excess 4: the stage-0 movers hold 8 tokens, so half of them go (2 requests).
    params = make_params(0, (3, 3), (1, 1), 10)
    X0 = initial_state(params, "explicit", [[2, 1, 0], [2, 1, 0]])
    sim = run_simulation(params, X0, 1, "least-progress", exact=True)
    assert sim.evictions[1].tolist() == [2, 0]
    # The proportional policy removes 4/14 of everyone instead.
    prop = run_simulation(params, X0, 1, "proportional", exact=True)
    assert prop.evictions[1].tolist() == [F(4, 14) * 4, F(4, 14) * 2]
    # Stage-0 movers that are not enough: 1 per type at stage 0 and 2 at stage 1, B = 10
    # (2*(1 + 2*2) = 10 tokens).  Advancing needs 2*1*2 + 2*2*3 = 16, excess 6: both stage-0
    # movers go (4 tokens), then 2 of the 12 stage-1 tokens, i.e. 2/12 of 4 requests.
    X1 = initial_state(params, "explicit", [[1, 2, 0], [1, 2, 0]])
    sim = run_simulation(params, X1, 1, "least-progress", exact=True)
    assert sim.evictions[1].tolist() == [2, F(2, 3)]
    assert sim.states[1].tolist() == [[0, 0, F(5, 3)], [0, 0, F(5, 3)]]


def test_unknown_policy_is_rejected():
    with pytest.raises(ParameterError, match=r"^policy must be one of least-progress, proportional; got 'fifo'$"):
        run_simulation(DEFAULT, initial_state(DEFAULT), 2, "fifo")


def test_three_types_simulation_invariants():
    params = make_params(2, (2, 3, 5), (1, 1, 2), 40)
    sim = run_simulation(params, initial_state(params), 30, exact=True)
    assert all(z == 40 for z in sim.tokens[1:])
    assert (sim.states >= 0).all()
