"""The batched simulation against the single-setting reference, bit for bit."""

import itertools

import numpy as np
import pytest
from hypothesis import given, strategies as st

from coupling_sym.dynamics import POLICIES, run_simulation
from coupling_sym.dynamics.batched import MAX_TYPES, run_batched
from coupling_sym.errors import ParameterError
from coupling_sym.params import make_params, two_type_params
from coupling_sym.state import initial_state

from strategies import params_and_state

FIELDS = ("states", "evictions", "admissions", "tokens", "eviction_totals")


def _mixed_grid():
    """Two-type settings of many decode lengths, plus one- and three-type settings,
    including K * L above 128 (where numpy's pairwise sum recurses)."""
    grid = [two_type_params(l0, la, lb, p, B=60)
            for la, lb, l0, p in itertools.product([1, 2, 3, 5], [2, 3, 7, 12], [0, 1, 3, 10], ["1/3", "1/2"])
            if la < lb]
    grid += [make_params(8, (2, 3, 5), (1, 1, 2), 200), make_params(2, (4,), (1,), 10),
             make_params(1, (40, 60, 3), (1, 2, 3), 1000), make_params(0, (1, 2), (1, 3), 1),
             make_params(0, (1,), (1,), 7)]
    return grid


def _assert_bitwise(a, b, label):
    assert a.shape == b.shape, label
    assert a.dtype == b.dtype == np.float64, label
    assert a.tobytes() == b.tobytes(), label  # bitwise, so -0.0 against 0.0 would fail too


@pytest.mark.parametrize("policy", POLICIES)
def test_mixed_grid_equals_single_runs_bitwise(policy):
    grid = _mixed_grid()
    X0 = [initial_state(p) for p in grid]
    # 600 batches: settings whose state repeats exactly are retired after batches 256 and 512
    run = run_batched(grid, X0, 600, policy, record=True)
    evicted_somewhere = False
    for s, params in enumerate(grid):
        ref = run_simulation(params, X0[s], 600, policy)
        mine = run.trajectory(s)
        for name in FIELDS:
            _assert_bitwise(getattr(ref, name), getattr(mine, name), (s, name))
        _assert_bitwise(ref.admissions, run.admissions[s], (s, "summary admissions"))
        _assert_bitwise(ref.eviction_totals, run.eviction_totals[s], (s, "summary totals"))
        assert (run.evicting[s] == (ref.eviction_totals > 0)).all()
        _assert_bitwise(ref.states[-1], run.final_states[s, :params.K, :params.L], (s, "final"))
        evicted_somewhere |= bool(run.evicting[s].any())
    assert evicted_somewhere


@pytest.mark.parametrize("policy", POLICIES)
@given(cases=st.lists(params_and_state(), min_size=1, max_size=6), steps=st.integers(0, 40))
def test_random_grids_equal_single_runs(policy, cases, steps):
    grid = [params for params, _ in cases]
    X0 = [X for _, X in cases]
    run = run_batched(grid, X0, steps, policy, record=True)
    for s, params in enumerate(grid):
        ref = run_simulation(params, X0[s], steps, policy)
        for name in FIELDS:
            _assert_bitwise(getattr(ref, name), getattr(run.trajectory(s), name), (s, name))
        _assert_bitwise(ref.admissions, run.admissions[s], (s, "admissions"))
        _assert_bitwise(ref.eviction_totals, run.eviction_totals[s], (s, "totals"))


def test_exactly_repeating_settings_are_filled_in():
    # 600 steps span three segments; the 2-cycle below repeats exactly after the first
    # and is filled in from then on, next to a setting that keeps being simulated.
    # l0 = 0, (l_A, l_B) = (1, 2), p = 1/4, B = 1: batch 0 holds N = 1 at stage 0; type B's
    # 3/4 advance and need 3/2 > 1 tokens, so 1/2 token (1/4 request) is evicted and
    # nothing admitted; next batch everything completes and N = 1 is admitted again.
    params = two_type_params(0, 1, 2, "1/4", B=1)
    other = two_type_params(1, 2, 3, "1/2", B=60)  # P_1 = 2z^2 + 3z + 2: roots on the circle, no exact cycle
    run = run_batched([params, other], [initial_state(params), initial_state(other)], 600)
    assert run.admissions[0].tolist() == [1.0, 0.0] * 300 + [1.0]
    assert run.eviction_totals[0].tolist() == [0.0, 0.25] * 300 + [0.0]
    assert run.evicting[0].tolist() == [False, True] * 300 + [False]
    assert run.final_states[0, :, :2].tolist() == [[0.25, 0.0], [0.75, 0.0]]  # batch 600 = batch 0
    ref = run_simulation(other, initial_state(other), 600)
    assert ref.admissions.tobytes() == run.admissions[1].tobytes()
    assert ref.states[-1].tobytes() == run.final_states[1].tobytes()


def test_progress_reports_every_batch():
    seen = []
    params = make_params(3, (2, 3), (1, 1), 60)
    run_batched([params], [initial_state(params)], 700, progress=seen.append)
    assert sum(seen) == 700 and all(n > 0 for n in seen)


def test_trajectory_needs_recorded_states():
    params = make_params(3, (2, 3), (1, 1), 60)
    run = run_batched([params], [initial_state(params)], 3)
    assert run.states is None
    with pytest.raises(ParameterError, match="record must be True to rebuild single trajectories; got False"):
        run.trajectory(0)


@pytest.mark.parametrize("kwargs, message", [
    ({"policy": "lifo"}, "policy must be one of least-progress, proportional; got 'lifo'"),
    ({"steps": -1}, "steps must be a non-negative integer; got -1"),
    ({"steps": 2.5}, "steps must be a non-negative integer; got 2.5"),
])
def test_bad_arguments(kwargs, message):
    params = make_params(3, (2, 3), (1, 1), 60)
    args = {"steps": 3, **kwargs}
    with pytest.raises(ParameterError, match=message.replace("(", r"\(").replace(")", r"\)")):
        run_batched([params], [initial_state(params)], **args)


def test_bad_grids():
    params = make_params(3, (2, 3), (1, 1), 60)
    with pytest.raises(ParameterError, match="params_list must be a non-empty list of settings"):
        run_batched([], [], 3)
    with pytest.raises(ParameterError, match="X0_list must be a list of 1 states"):
        run_batched([params], [], 3)
    with pytest.raises(ParameterError, match=r"X0_list\[0\] must be a state of shape \(2, 3\); got \(2, 2\)"):
        run_batched([params], [np.zeros((2, 2))], 3)
    many = make_params(3, [2] * (MAX_TYPES + 1), [1] * (MAX_TYPES + 1), 60)
    with pytest.raises(ParameterError, match=f"at most {MAX_TYPES} types per setting"):
        run_batched([many], [initial_state(many)], 3)
