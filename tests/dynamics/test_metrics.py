"""Costs of a trajectory: completions, waste, throughput and cycles, from independent routes."""

from fractions import Fraction as F

import numpy as np
import pytest
from hypothesis import given, strategies as st

from coupling_sym.dynamics import run_simulation, run_theory
from coupling_sym.dynamics.metrics import (CYCLE_RTOL, completions, count_empty_stages, detect_cycle,
                                           evicted_by_stage, measure_costs, tail_throughput, throughput_loss)
from coupling_sym.params import make_params
from coupling_sym.state import initial_state

from strategies import params_and_state

SPIRAL = make_params(2, [3], [1], 24)


def _reference_step(x, l0, B):
    """One K = 1 least-progress batch written out from the model text, plain lists.

    Returns the next state, the completions, and the evicted requests by previous stage.
    """
    L = len(x)
    w = [l0 + 1 + j for j in range(L)]
    done = x[-1]
    y = [F(0)] + list(x[:-1])
    room = B - sum(w[j] * y[j] for j in range(L))
    evicted = [F(0)] * (L - 1)
    if room >= 0:
        y[0] = room / w[0]
        return y, done, evicted
    need = -room
    for j in range(1, L):
        take = min(y[j], need / w[j])
        y[j] -= take
        evicted[j - 1] = take
        need -= take * w[j]
        if need == 0:
            break
    return y, done, evicted


def test_spiral_batches_by_hand():
    # (5/2, 2, 17/10) holds 15/2 + 8 + 17/2 = 24 tokens.  Batch 1: 17/10 complete, the
    # advanced (0, 5/2, 2) hold 10 + 10 = 20, so 4 / 3 are admitted.  Batch 2: 2 complete,
    # (0, 4/3, 5/2) hold 16/3 + 25/2 = 107/6, admit (24 - 107/6) / 3 = 37/18.  Batch 3:
    # 5/2 complete, (0, 37/18, 4/3) hold 134/9, admit 82/27.  No eviction yet.
    X0 = initial_state(SPIRAL, "explicit", [[F(5, 2), 2, F(17, 10)]])
    sim = run_simulation(SPIRAL, X0, 3, exact=True)
    costs = measure_costs(SPIRAL, sim.states)
    assert sim.states[1, 0].tolist() == [F(4, 3), F(5, 2), 2]
    assert sim.states[3, 0].tolist() == [F(82, 27), F(37, 18), F(4, 3)]
    assert costs.completions.tolist() == [0, F(17, 10), 2, F(5, 2)]
    assert costs.evicted_requests.tolist() == [0, 0, 0, 0]


def test_spiral_matches_reference_through_its_evictions():
    X0 = initial_state(SPIRAL, "explicit", [[F(5, 2), 2, F(17, 10)]])
    steps = 40
    sim = run_simulation(SPIRAL, X0, steps, exact=True)
    costs = measure_costs(SPIRAL, sim.states)
    x = [F(5, 2), F(2), F(17, 10)]
    evicting = 0
    for t in range(1, steps + 1):
        x, done, evicted = _reference_step(x, 2, 24)
        evicting += any(evicted)
        assert sim.states[t, 0].tolist() == x
        assert costs.completions[t] == done
        assert costs.evicted_requests[t] == sum(evicted)
        assert costs.evicted_tokens[t] == sum((3 + s) * e for s, e in enumerate(evicted))
        assert costs.discarded_output[t] == sum((s + 1) * e for s, e in enumerate(evicted))
    assert evicting > 0  # the spiral does reach its evictions within the run


@given(case=params_and_state(), policy=st.sampled_from(["least-progress", "proportional"]))
def test_requests_and_tokens_balance(case, policy):
    params, X0 = case
    sim = run_simulation(params, X0, 2 * params.L + 3, policy, exact=True)
    costs = measure_costs(params, sim.states)
    X = sim.states
    population = X.sum(axis=(1, 2))
    for t in range(1, sim.steps + 1):
        admitted = X[t, :, 0].sum()
        # requests: what was there, minus completions and evictions, plus admissions
        assert population[t] == population[t - 1] - costs.completions[t] - costs.evicted_requests[t] + admitted
        # tokens: completions free l0 + l_k each, every survivor takes one more token,
        # an evicted request frees its cache and the token it would have taken
        finished = sum((params.l0 + lk) * X[t - 1, k, lk - 1] for k, lk in enumerate(params.lengths))
        survivors = population[t - 1] - costs.completions[t]
        assert sim.tokens[t] == (sim.tokens[t - 1] - finished + survivors - costs.evicted_tokens[t]
                                 - costs.evicted_requests[t] + (params.l0 + 1) * admitted)
        assert sim.tokens[t] == params.B


@given(case=params_and_state())
def test_theory_never_evicts_and_evictions_match_the_simulation_record(case):
    params, X0 = case
    theory = run_theory(params, X0, 8, exact=True)
    assert not evicted_by_stage(params, theory.states).any()
    sim = run_simulation(params, X0, 8, exact=True)
    assert (evicted_by_stage(params, sim.states).sum(axis=1) == sim.evictions).all()


def _distinct_states(rng, count, K=1, L=3):
    values = rng.permutation(10 * count * K * L)[: count * K * L] + 1
    return [np.array([[F(int(v), 7) for v in row] for row in block], dtype=object)
            for block in values.reshape(count, K, L)]


@given(prefix=st.integers(0, 6), period=st.integers(1, 7), repeats=st.integers(2, 4), seed=st.integers(0, 99))
def test_exact_cycle_of_a_trajectory_built_periodic(prefix, period, repeats, seed):
    rng = np.random.default_rng(seed)
    states = _distinct_states(rng, prefix + period)
    tail = states[prefix:] * repeats
    X = np.array(states[:prefix] + tail + tail[:1], dtype=object)
    cycle = detect_cycle(SPIRAL, X)
    assert (cycle.period, cycle.start_batch) == (period, prefix)
    expected = sum((s[0, 2] for s in states[prefix:]), F(0)) / period
    assert cycle.throughput == expected


@given(prefix=st.integers(0, 6), period=st.integers(1, 7), seed=st.integers(0, 99))
def test_float_cycle_within_the_stated_tolerance(prefix, period, seed):
    rng = np.random.default_rng(seed)
    states = [s.astype(float) for s in _distinct_states(rng, prefix + period)]
    X = np.array(states[:prefix] + states[prefix:] * 3, dtype=float)
    N = float(SPIRAL.B / SPIRAL.admission_tokens)
    noisy = X + rng.uniform(-0.4, 0.4, X.shape) * CYCLE_RTOL * N  # gaps below 0.8 of the tolerance
    cycle = detect_cycle(SPIRAL, noisy)
    assert (cycle.period, cycle.start_batch) == (period, prefix)
    blurred = X + rng.uniform(-1, 1, X.shape) * 1e-3 * N  # far outside it: no repeat
    assert detect_cycle(SPIRAL, blurred) is None


@pytest.mark.parametrize("exact", [True, False])
def test_worst_cycle_closed_form(exact):
    # (B / w_0, 0, 0) with w = (3, 4, 5): throughput B / (l1 (l0 + l1)) = 24 / 15
    sim = run_simulation(SPIRAL, initial_state(SPIRAL), 12, exact=exact)
    costs = measure_costs(SPIRAL, sim.states)
    assert (costs.cycle.period, costs.cycle.level, costs.cycle.start_batch) == (3, 2, 0)
    if exact:
        assert costs.throughput == F(8, 5) and costs.throughput_loss == F(1, 5)
    else:
        assert costs.throughput == pytest.approx(1.6, rel=1e-12)  # a few roundings of O(1) values


def test_no_cycle_throughput_is_the_last_quarter():
    X0 = initial_state(SPIRAL, "explicit", [[F(5, 2), 2, F(17, 10)]])
    sim = run_simulation(SPIRAL, X0, 8, exact=True)
    costs = measure_costs(SPIRAL, sim.states)
    assert costs.cycle is None
    assert costs.throughput == (costs.completions[7] + costs.completions[8]) / 2
    assert costs.throughput_loss == 1 - costs.throughput / 2  # a* = 2 B / (l1 (2 l0 + l1 + 1)) = 2


def test_tail_throughput_of_short_runs():
    assert tail_throughput(np.array([F(0)], dtype=object)) == 0
    assert tail_throughput(np.array([F(0), F(3)], dtype=object)) == 3
    assert throughput_loss(SPIRAL, 2.0) == 0.0


def test_empty_stages_and_fixed_point():
    assert count_empty_stages(SPIRAL, np.array([[0.0, 1e-12, 3.0]]), atol=1e-9) == 2
    fixed = np.array([[[2, 2, 2]]] * 3, dtype=object)  # x* = 2 holds 2 * (3 + 4 + 5) = 24 tokens
    assert detect_cycle(SPIRAL, fixed) == detect_cycle(SPIRAL, fixed[:2])
    cycle = detect_cycle(SPIRAL, fixed)
    assert (cycle.period, cycle.level, cycle.throughput) == (1, 0, 2)
    assert completions(SPIRAL, fixed).tolist() == [0, 2, 2]
