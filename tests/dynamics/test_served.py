"""The served system: strategies plugged into one transition.

Independent routes: the eviction simulation (greedy, saturated), the closed forms of
MODEL.md for one type (fixed point and worst cycle), and open-system batches worked
by hand."""

from fractions import Fraction as F

import numpy as np
import pytest

from coupling_sym.dynamics import run_simulation
from coupling_sym.dynamics.admission import RateLimited, fill, make_admission
from coupling_sym.dynamics.arrivals import Deterministic, PoissonArrivals, make_arrivals
from coupling_sym.dynamics.metrics import measure_costs
from coupling_sym.dynamics.served import run_served
from coupling_sym.errors import ParameterError
from coupling_sym.params import make_params
from coupling_sym.state import count_tokens, equilibrium_state, initial_state


@pytest.mark.parametrize("policy", ["least-progress", "proportional"])
def test_greedy_saturated_is_the_eviction_simulation(policy):
    params = make_params(3, (2, 3), (1, 2), 60)
    X0 = initial_state(params)
    served = run_served(params, X0, 25, policy=policy, exact=True)
    plain = run_simulation(params, X0, 25, policy, exact=True)
    assert (served.trajectory.states == plain.states).all()
    assert (served.trajectory.evictions == plain.evictions).all()
    assert (served.admitted.sum(axis=1) == plain.admissions).all()


def test_rate_limited_cap_a_star_holds_the_equilibrium():
    params = make_params(3, (2, 3, 5), (1, 2, 1), 60)
    X = equilibrium_state(params)
    run = run_served(params, X, 30, admission=make_admission(params, "rate-limited"), exact=True)
    assert all((state == X).all() for state in run.trajectory.states)
    assert all(e == 0 for e in run.evicted.ravel())


def one_type(l0, l1, B):
    return make_params(l0, (l1,), (1,), B)


@pytest.mark.parametrize("l0, l1, B", [(2, 3, 24), (20, 20, 1000)])
def test_k1_greedy_worst_cycle_and_rate_limited_fixed_point(l0, l1, B):
    params = one_type(l0, l1, B)
    X0 = initial_state(params)                       # (B / w_0, 0, .., 0): the worst cycle's state
    steps = 6 * l1
    greedy = measure_costs(params, run_served(params, X0, steps, exact=True).trajectory.states)
    assert greedy.cycle is not None and greedy.cycle.period == l1 and greedy.cycle.level == l1 - 1
    assert greedy.throughput == F(B, l1 * (l0 + l1))              # MODEL.md closed form
    limited = run_served(params, X0, steps, admission=make_admission(params, "rate-limited"), exact=True)
    assert (limited.trajectory.states[-1] == equilibrium_state(params)).all()
    assert all(e == 0 for e in limited.evicted[l1 + 1:].ravel())   # only the start's big cohort is cut
    costs = measure_costs(params, limited.trajectory.states)
    assert costs.cycle.period == 1 and costs.cycle.level == 0
    assert costs.throughput == F(2 * B, l1 * (2 * l0 + l1 + 1))   # fixed point x*


def test_open_deterministic_worked_by_hand_overloaded():
    # l0 = 0, l1 = 2 (footprints 1, 2), B = 4, lambda = 3 per batch, empty start.
    # t=1: room 4, 3 arrive, admit 3.      t=2: 3 at stage 1 hold 6 > 4: evict 1 (2 tokens),
    # queue 3 + 1 = 4.   t=3: 2 complete, room 4, queue 7, admit 4.   t=4: 4 at stage 1 hold 8:
    # evict 2, queue 3 + 3 + 2 = 8.   t=5: 2 complete, queue 11, admit 4, queue 7.
    params = make_params(0, (2,), (3,), 4)
    run = run_served(params, initial_state(params, "explicit", [[0, 0]]), 5,
                     arrivals=Deterministic(params.rates), exact=True)
    assert run.admitted[:, 0].tolist() == [0, 3, 0, 4, 0, 4]
    assert run.evicted[:, 0].tolist() == [0, 0, 1, 0, 2, 0]
    assert run.queues[:, 0].tolist() == [0, 0, 4, 3, 8, 7]
    assert run.completions.tolist() == [0, 0, 0, 2, 0, 2]
    assert run.arrivals[:, 0].tolist() == [0, 3, 3, 3, 3, 3]


def test_open_deterministic_worked_by_hand_underloaded():
    # lambda = 1: t=1 admit 1; t=2 stage 1 holds 2, room 2, admit the 1 waiting; then steady.
    params = make_params(0, (2,), (1,), 4)
    run = run_served(params, initial_state(params, "explicit", [[0, 0]]), 4,
                     arrivals=Deterministic(params.rates), exact=True)
    assert run.admitted[:, 0].tolist() == [0, 1, 1, 1, 1]
    assert run.queues[:, 0].tolist() == [0] * 5
    assert run.completions.tolist() == [0, 0, 0, 1, 1]
    assert run.trajectory.tokens.tolist() == [0, 1, 3, 3, 3]


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("admission", ["greedy", "rate-limited"])
def test_queue_conservation_exact(seed, admission):
    params = make_params(1, (2, 3), (F(3, 2), F(5, 2)), 30)
    run = run_served(params, initial_state(params), 60, admission=make_admission(params, admission),
                     arrivals=PoissonArrivals(params.rates, seed), exact=True)
    for t in range(1, 61):
        assert (run.queues[t] == run.queues[t - 1] + run.arrivals[t] + run.evicted[t] - run.admitted[t]).all()
        assert all(q >= 0 for q in run.queues[t])
        assert count_tokens(params, run.trajectory.states[t]) <= params.B
    total = run.arrivals.sum(axis=0) + run.evicted.sum(axis=0) - run.admitted[1:].sum(axis=0)
    assert (total == run.queues[-1]).all()


def test_poisson_reproducible_from_seed():
    params = make_params(1, (2, 3), (4, 6), 30)
    runs = [run_served(params, initial_state(params), 40, arrivals=make_arrivals(params, "poisson", s))
            for s in (5, 5, 6)]
    assert np.array_equal(runs[0].arrivals, runs[1].arrivals)
    assert np.array_equal(runs[0].trajectory.states, runs[1].trajectory.states)
    assert not np.array_equal(runs[0].arrivals, runs[2].arrivals)
    assert all(float(a).is_integer() for a in runs[0].arrivals.ravel())


def test_fill_split_rule_hand():
    # room 12 tokens, costs 1 and 2, shares 1/2: unlimited -> theta = 12 / (1/2 + 1) = 8 -> (4, 4);
    # A has only 1 waiting: A takes 1 (1 token), B gets the other 11 tokens: 11/2.
    half = F(1, 2)
    assert fill([half, half], [1, 2], F(12)) == [4, 4]
    assert fill([half, half], [1, 2], F(12), [F(1), F(100)]) == [1, F(11, 2)]
    assert RateLimited(F(3)).admit([half, half], [1, 2], F(12), [F(1), F(100)]) == [1, 2]


@pytest.mark.parametrize("call, message", [
    (lambda p: make_admission(p, "fifo"), "admission must be one of greedy, rate-limited; got 'fifo'"),
    (lambda p: make_admission(p, "rate-limited", 0), "cap must be > 0; got 0"),
    (lambda p: make_admission(p, "greedy", 3), "cap must be given only with admission = 'rate-limited'; got 3"),
    (lambda p: make_arrivals(p, "bursty"), "arrivals must be one of saturated, deterministic, poisson; got 'bursty'"),
    (lambda p: make_arrivals(p, "poisson", -1), "seed must be a non-negative integer; got -1"),
    (lambda p: make_params(0, (2,), (-1,), 4), "lambda_A must be > 0; got -1"),
])
def test_bad_input(call, message):
    with pytest.raises(ParameterError) as info:
        call(make_params(3, (2, 3), (1, 1), 60))
    assert str(info.value) == message
