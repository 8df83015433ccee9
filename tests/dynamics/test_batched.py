"""The batched simulation against the single-setting reference.

Contract (see the module docstring of ``coupling_sym.dynamics.batched``): run on exact
arithmetic, the batched kernel equals the exact single-setting run exactly; in float64 it
agrees with the float single-setting run within the rounding bound derived in
:func:`_float_bound`, not bit for bit (the batched kernel holds tokens per cohort, the
single run per-type counts, and they round differently).
"""

import itertools
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from coupling_sym.dynamics import POLICIES, run_simulation
from coupling_sym.dynamics.batched import run_batched
from coupling_sym.errors import ParameterError
from coupling_sym.params import make_params, two_type_params
from coupling_sym.state import initial_state

from strategies import params_and_state

FIELDS = ("states", "evictions", "admissions", "tokens", "eviction_totals")


def _mixed_grid():
    """Settings of many decode lengths (L = 1 .. 7) and l0, two policies' worth of
    behaviour, with one-, two- and three-type settings together, and batch-0 states of
    all three kinds (a one-per-stage and an explicit state are not proportional)."""
    grid = [two_type_params(l0, la, lb, p, B=60)
            for la, lb, l0, p in itertools.product([1, 2, 3], [2, 3, 5], [0, 1, 3], ["1/3", "1/2"]) if la < lb]
    grid += [make_params(8, (2, 3, 5), (1, 1, 2), 200), make_params(2, (4,), (1,), 10),
             make_params(0, (1, 2), (1, 3), 1), make_params(0, (1,), (1,), 7),
             make_params(1, (7, 2, 4), (2, 1, 1), 300)]
    X0 = [initial_state(p) for p in grid]
    X0[-5] = initial_state(grid[-5], "one-per-stage")
    X0[-1] = initial_state(grid[-1], "explicit", [[1, 0, 2, 0, 3, 0, 1], ["1/2", 4], [0, 0, 0, 5]])
    return grid, X0


def _assert_exact(ref, mine, label):
    assert ref.shape == mine.shape, label
    assert all(isinstance(v, (Fraction, int)) for v in np.ravel(mine)), label  # no float crept in
    assert (ref == mine).all(), label


@pytest.mark.parametrize("policy", POLICIES)
def test_mixed_grid_equals_exact_single_runs(policy):
    grid, X0 = _mixed_grid()
    steps = 30
    run = run_batched(grid, X0, steps, policy, record=True, exact=True)
    evicted_somewhere = False
    for s, params in enumerate(grid):
        ref = run_simulation(params, X0[s], steps, policy, exact=True)
        mine = run.trajectory(s)
        for name in FIELDS:
            _assert_exact(getattr(ref, name), getattr(mine, name), (s, name))
        _assert_exact(ref.admissions, run.admissions[s], (s, "summary admissions"))
        _assert_exact(ref.eviction_totals, run.eviction_totals[s], (s, "summary totals"))
        _assert_exact(ref.states[-1], run.final_states[s, :params.K, :params.L], (s, "final"))
        assert (run.evicting[s] == (ref.eviction_totals > 0)).all()
        evicted_somewhere |= bool(run.evicting[s].any())
    assert evicted_somewhere


@pytest.mark.parametrize("policy", POLICIES)
@settings(max_examples=40, deadline=None)
@given(cases=st.lists(params_and_state(), min_size=1, max_size=5), steps=st.integers(0, 12))
def test_random_grids_equal_exact_single_runs(policy, cases, steps):
    grid = [params for params, _ in cases]
    X0 = [X for _, X in cases]
    run = run_batched(grid, X0, steps, policy, record=True, exact=True)
    for s, params in enumerate(grid):
        ref = run_simulation(params, X0[s], steps, policy, exact=True)
        for name in FIELDS:
            _assert_exact(getattr(ref, name), getattr(run.trajectory(s), name), (s, name))
        _assert_exact(ref.admissions, run.admissions[s], (s, "admissions"))
        _assert_exact(ref.eviction_totals, run.eviction_totals[s], (s, "totals"))


def test_exact_repeats_are_filled_in_exactly():
    # (l_A, l_B) = (6, 7), l0 = 3, p = 1/2, B = 60 from stage0: the exact run repeats its
    # state of batch 5 in batch 11 and cycles with period 6 from there (checked here on
    # the exact single run).  The batched exact run detects the repeat after batch 256 and
    # fills batches 257 .. 300 in; l0 = 0, (1, 2), p = 1/4 is the 2-cycle of test_outcome.
    grid = [two_type_params(3, 6, 7, "1/2", B=60), two_type_params(0, 1, 2, "1/4", B=1)]
    X0 = [initial_state(p) for p in grid]
    run = run_batched(grid, X0, 300, record=True, exact=True)
    for s, params in enumerate(grid):
        ref = run_simulation(params, X0[s], 300, exact=True)
        if s == 0:
            assert (ref.states[11] == ref.states[5]).all() and not (ref.states[10] == ref.states[4]).all()
        for name in FIELDS:
            _assert_exact(getattr(ref, name), getattr(run.trajectory(s), name), (s, name))
        _assert_exact(ref.states[-1], run.final_states[s, :params.K, :params.L], (s, "final"))


def _float_bound(params, steps):
    """Bound on the token-norm distance ``sum_{k,i} (l0 + 1 + i) |X - X'|`` between two
    float64 runs of the same map from the same state, after ``steps`` batches.

    Lipschitz constant of one transition in the token norm: advancing multiplies tokens
    by at most ``w = (l0 + 2) / (l0 + 1)``; the room moves by at most the token change;
    admitting adds it once more (factor 2); least-progress eviction keeps the last stages
    whole and ``B - (tokens after the cut stage)`` of the cut stage in its composition,
    whose change is at most twice the token change; proportional keeps ``Y B / Z`` with
    ``B / Z <= 1``, again at most twice.  So ``Lambda = 2 w``.  Rounding: a batch performs
    at most ``K L + 8`` roundings of relative size ``u = 2^-53`` on quantities whose tokens
    add up to at most ``2 B`` (the advanced state holds at most ``w B``), so each float run
    leaves the exact map by ``eta <= 2 (K L + 8) u B`` per batch (taken 4 times larger
    here, for safety of the count).  The batched run also rebuilds batch 0 from its cohort
    tokens (one more rounding step), so after ``T`` batches each run is within
    ``eta (Lambda^(T+1) - 1) / (Lambda - 1)`` of the exact run, and the two within twice that.
    """
    lam = 2 * (params.l0 + 2) / (params.l0 + 1)
    eta = 4 * 2 * (params.K * params.L + 8) * 2.0 ** -53 * float(params.B)
    return 2 * eta * (lam ** (steps + 1) - 1) / (lam - 1)


def _assert_within(params, ref, mine, steps, label):
    bound = _float_bound(params, steps)
    w = np.arange(params.l0 + 1, params.l0 + 1 + params.L, dtype=float)
    gap = (np.abs(ref.states - mine.states) * w).sum(axis=(1, 2)).max()
    assert gap <= bound, (label, gap, bound)
    # admissions and evictions are tokens over a footprint of at least l0 + 1; an evicted
    # amount is the advanced state (within w times the previous gap) minus the new state
    assert np.abs(ref.admissions - mine.admissions).max() <= bound / (params.l0 + 1), label
    assert np.abs(ref.eviction_totals - mine.eviction_totals).max() <= 3 * bound / (params.l0 + 1), label


@pytest.mark.parametrize("policy", POLICIES)
def test_mixed_grid_float_within_rounding_bound(policy):
    grid, X0 = _mixed_grid()
    steps = 12  # Lambda^12 <= 4^12: the bound stays below 1e-6 B, far below any logic error
    run = run_batched(grid, X0, steps, policy, record=True)
    for s, params in enumerate(grid):
        ref = run_simulation(params, X0[s], steps, policy)
        _assert_within(params, ref, run.trajectory(s), steps, s)
        assert run.admissions[s].dtype == np.float64


@pytest.mark.parametrize("policy", POLICIES)
@given(cases=st.lists(params_and_state(), min_size=1, max_size=6), steps=st.integers(0, 12))
def test_random_grids_float_within_rounding_bound(policy, cases, steps):
    grid = [params for params, _ in cases]
    X0 = [X for _, X in cases]
    run = run_batched(grid, X0, steps, policy, record=True)
    for s, params in enumerate(grid):
        _assert_within(params, run_simulation(params, X0[s], steps, policy), run.trajectory(s), steps, s)


def test_float_run_stays_on_an_exact_cycle():
    # The period-6 cycle of (6, 7), l0 = 3, p = 1/2 (exact from batch 5, see above) does not
    # attract: the float single run drifts off it after ~300 batches (rounding amplified).
    # The batched float run repeats its state bit for bit, so it is retired and stays on
    # the cycle: within a few ulps (admissions are at most 20/3) of the exact admissions,
    # continued by period.
    params = two_type_params(3, 6, 7, "1/2", B=60)
    X0 = initial_state(params)
    exact = run_simulation(params, X0, 26, exact=True).admissions
    cycle = [float(a) for a in exact[20:26]]
    run = run_batched([params], [X0], 1000)
    expected = np.array([float(a) for a in exact[:20]] + [cycle[(t - 20) % 6] for t in range(20, 1001)])
    assert np.abs(run.admissions[0] - expected).max() <= 1e-12


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
    # the other setting: float against float, not bit for bit (module docstring); both stay
    # within 1e-9 of a* ~ 8.6 here, well inside the outcome rules' tolerances
    ref = run_simulation(other, initial_state(other), 600)
    assert np.abs(ref.admissions - run.admissions[1]).max() <= 1e-9


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


def test_runs_too_large_for_memory_are_refused():
    # one setting, K = 2, L = 3: 2 records of 10**9 + 1 batches alone exceed 2**28 numbers
    params = make_params(3, (2, 3), (1, 1), 60)
    with pytest.raises(ParameterError, match=r"run must be small enough to fit in memory \(at most 2\*\*28 numbers\); "
                                             r"got '1000000000 batches of 1 settings with L_max = 3: 2\.00e\+09"):
        run_batched([params], [initial_state(params)], 10 ** 9)
    # the L_max^2 constants of the first batches: L = 20000 gives (2*2 + 3) * 20000**2 > 2**28 numbers
    long = make_params(1, (2, 20000), (1, 1), 60)
    with pytest.raises(ParameterError, match="L_max = 20000"):
        run_batched([long], [np.zeros((2, 20000))], 1)


@pytest.mark.parametrize("B, l0, message", [
    (Fraction(10) ** 400, 3, "B must be a budget with B and a\\* = B / sum c_j in float64's normal range"),
    (Fraction(1, 10 ** 400), 3, "B must be a budget with B and a\\* = B / sum c_j in float64's normal range"),
    (60, 10 ** 400, "l0 must be at most about 1.8e308 in a float64 run"),
])
def test_float_runs_need_float_range_values(B, l0, message):
    params = make_params(l0, (2, 3), (1, 1), B)
    with pytest.raises(ParameterError, match=message):
        run_batched([params], [np.zeros((2, 3))], 3)


def test_exact_runs_take_budgets_outside_the_float_range():
    # exact arithmetic scales with B: from the empty state, batch 1 admits B / (l0 + 1) = B / 4
    B = Fraction(1, 10 ** 400)
    params = make_params(3, (2, 3), (1, 1), B)
    run = run_batched([params], [np.full((2, 3), Fraction(0), dtype=object)], 1, exact=True)
    assert run.admissions[0].tolist() == [0, B / 4]
