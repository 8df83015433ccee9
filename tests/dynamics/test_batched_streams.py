"""The batched kernel's cycles, streamed tails and rate-limited admission, each against
a second route: the exact single-setting runs (``run_simulation``, ``run_served``) and
the cycle detection of :mod:`coupling_sym.dynamics.metrics` on their recorded states."""

import itertools
from fractions import Fraction

import numpy as np
import pytest

from coupling_sym.dynamics import POLICIES, run_simulation
from coupling_sym.dynamics.admission import RateLimited
from coupling_sym.dynamics.batched import run_batched
from coupling_sym.dynamics.metrics import Cycle, detect_cycle
from coupling_sym.dynamics.served import run_served
from coupling_sym.errors import ParameterError
from coupling_sym.params import make_params, two_type_params
from coupling_sym.state import initial_state


def _grid():
    grid = [two_type_params(l0, la, lb, p, B=60)
            for la, lb, l0, p in itertools.product([1, 2, 3], [2, 3, 5], [0, 1, 3], ["1/3", "1/2"]) if la < lb]
    grid += [make_params(0, (1, 2), (1, 3), 1), make_params(2, (3,), (1,), 24), make_params(0, (1,), (1,), 7)]
    return grid, [initial_state(p) for p in grid]


@pytest.mark.parametrize("policy", POLICIES)
def test_kernel_cycles_are_the_cycles_of_the_exact_states(policy):
    grid, X0 = _grid()
    steps = 90
    run = run_batched(grid, X0, steps, policy, exact=True)
    found = 0
    for s, params in enumerate(grid):
        states = run_simulation(params, X0[s], steps, policy, exact=True).states
        expected = detect_cycle(params, states)  # the first recurring exact state (metrics module)
        mine = run.cycles[s]
        if mine is None:  # the kernel looks for periods up to 64 only
            assert expected is None or expected.period > 64, s
            continue
        found += 1
        assert mine == expected, s
    assert found >= 15  # many of these settle exactly on a cycle or fixed point within 90 batches


def test_worst_cycle_of_one_type_is_found_with_its_closed_form():
    # one type, l0 = 2, l1 = 3, B = 24 started on the worst cycle (MODEL.md): throughput
    # B / (l1 (l0 + l1)) = 8/5, level l1 - 1 = 2, from batch 0
    params = make_params(2, [3], [1], 24)
    X0 = initial_state(params, "explicit", [[8, 0, 0]])
    run = run_batched([params], [X0], 20, exact=True)
    assert run.cycles[0] == Cycle(3, 2, 0, Fraction(8, 5))


def test_streamed_tail_equals_the_full_records():
    grid, X0 = _grid()
    steps = 700  # past two segments: settings leave the arrays after their repeat
    full = run_batched(grid, X0, steps)
    streamed = run_batched(grid, X0, steps, tail=150)
    assert streamed.first_batch == steps - 150 and streamed.steps == steps
    assert np.array_equal(streamed.admissions, full.admissions[:, steps - 150:])
    assert np.array_equal(streamed.eviction_totals, full.eviction_totals[:, steps - 150:])
    assert np.array_equal(streamed.evicting, full.evicting[:, steps - 150:])
    # last evicting batch from the full record, by a plain scan
    expected = [max((t for t in range(steps + 1) if full.eviction_totals[s, t] > 0), default=-1)
                for s in range(len(grid))]
    assert streamed.last_eviction.tolist() == expected == full.last_eviction.tolist()
    assert streamed.cycles == full.cycles
    assert np.array_equal(streamed.final_states, full.final_states)


@pytest.mark.parametrize("policy", POLICIES)
def test_rate_limited_kernel_equals_the_exact_served_run(policy):
    grid, X0 = _grid()
    caps = [p.equilibrium_admission for p in grid]
    caps[0] = caps[0] / 2  # a cap below a*, and one above it
    caps[1] = caps[1] * 3
    steps = 40
    run = run_batched(grid, X0, steps, policy, exact=True, caps=caps, record=True)
    for s, params in enumerate(grid):
        ref = run_served(params, X0[s], steps, RateLimited(caps[s]), policy=policy, exact=True).trajectory
        mine = run.trajectory(s)
        for name in ("states", "admissions", "eviction_totals"):
            assert (getattr(ref, name) == getattr(mine, name)).all(), (s, name)
        assert all(a <= caps[s] for a in run.admissions[s][1:])


def test_bad_caps_and_tail_are_refused():
    grid, X0 = _grid()
    with pytest.raises(ParameterError, match="cap must be > 0"):
        run_batched(grid[:1], X0[:1], 5, caps=[0])
    with pytest.raises(ParameterError, match="caps must be one cap per setting"):
        run_batched(grid[:2], X0[:2], 5, caps=[1])
    with pytest.raises(ParameterError, match="tail must be None when every batch is recorded"):
        run_batched(grid[:1], X0[:1], 5, record=True, tail=2)


def test_float_kernel_cycles_agree_with_detect_cycle_on_float_states():
    # float64: the kernel's cycle (bitwise repeat, least period within CYCLE_RTOL * N) against
    # metrics.detect_cycle on the float single-setting states (periods within CYCLE_RTOL * N);
    # the two runs round differently, so the start batch may move, the period and level may not
    grid, X0 = _grid()
    steps = 600
    run = run_batched(grid, X0, steps)
    compared = 0
    for s, params in enumerate(grid):
        mine = run.cycles[s]
        if mine is None:
            continue
        expected = detect_cycle(params, run_simulation(params, X0[s], steps).states, max_period=64)
        assert expected is not None, s
        assert (mine.period, mine.level) == (expected.period, expected.level), s
        assert abs(mine.throughput - expected.throughput) <= 1e-9 * float(params.equilibrium_admission), s
        compared += 1
    assert compared >= 20


def test_float_kernel_cycles_are_detect_cycle_on_the_kernels_own_states():
    # the kernel reads its cycles from the tokens of the last batches, many settings (and
    # periods) at once; metrics.detect_cycle on the kernel's recorded float states (the same
    # bits) must find the same least period, level and first periodic batch.  One known
    # difference: the kernel only keeps the batches since 64 before its previous repeat check
    # (every 256 batches), so a stretch that began earlier is reported from that window's
    # first batch, 256 k - 64
    from coupling_sym.sweep import parse_grid

    grid, X0 = _grid()
    extra = [s.params for s in parse_grid("2..6", "3..9", "1,3,10", "1/3,1/2", "60")]
    grid, X0 = grid + extra, X0 + [initial_state(p) for p in extra]
    run = run_batched(grid, X0, 700, record=True)
    periods, exact_starts = set(), 0
    for s, params in enumerate(grid):
        mine = run.cycles[s]
        if mine is None:
            continue
        expected = detect_cycle(params, run.trajectory(s).states, max_period=64)
        assert (mine.period, mine.level) == (expected.period, expected.level), s
        floored = mine.start_batch > expected.start_batch and (mine.start_batch + 64) % 256 == 0
        assert mine.start_batch == expected.start_batch or floored, s
        exact_starts += mine.start_batch == expected.start_batch
        periods.add(mine.period)
    assert len(periods) >= 4 and exact_starts >= 100  # several period groups were read together


@pytest.mark.parametrize("advised", [True, False])
def test_run_leaves_numpy_huge_page_advice_as_it_was(advised):
    # the records are allocated with ordinary pages (batched._small_pages); the caller's
    # numpy setting must come back whatever it was
    switch = pytest.importorskip("numpy._core.multiarray")._set_madvise_hugepage
    previous = switch(advised)
    try:
        params = two_type_params(1, 2, 3, "1/2", 60)
        run_batched([params], [initial_state(params)], 50, tail=10)
        assert switch(advised) is advised  # switch returns the setting it replaces
    finally:
        switch(previous)
