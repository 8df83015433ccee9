"""The single-run float simulation (kernel while evicting, recurrence while not) against
the exact per-type simulation on Fractions.

Tolerance: both compute the same map; the float run differs from the exact one by its
roundings, about ``1e-15`` of ``max(|x|, a*)`` per batch.  An unstable fixed point
(the one-type configs) amplifies them by ``rho^t`` until evictions start and the worst
cycle, which attracts, damps them again; ``1e-9`` covers that with margin (measured
at most ``3e-14`` on these runs) while a wrong stage, a wrong share or a missed eviction
is off by at least ``1e-3 a*``.
"""

from __future__ import annotations

import numpy as np
import pytest

from coupling_sym.config import build_config
from coupling_sym.dynamics import run_simulation, single
from coupling_sym.dynamics.single import run_single
from coupling_sym.params import make_params
from coupling_sym.state import initial_state


def _assert_close(fast, exact_run, a_star):
    exact = np.array(exact_run.states.tolist(), dtype=float)
    scale = np.maximum(np.abs(exact), a_star)
    assert np.all(np.abs(fast.states - exact) <= 1e-9 * scale)
    evicted = np.array(exact_run.evictions.tolist(), dtype=float)
    assert np.all(np.abs(fast.evictions - evicted) <= 1e-9 * np.maximum(evicted, a_star))


@pytest.mark.parametrize("name, steps", [("default", 300), ("three-types", 300), ("one-type-spiral", 300),
                                         ("one-type-perturbed", 300), ("slow-convergence", 300)])
@pytest.mark.parametrize("chunk", [single.CHUNK, 8])
def test_single_run_matches_the_exact_simulation(name, steps, chunk, monkeypatch):
    # chunk 8: the kernel hands over to the recurrence after 8 batches and takes back at
    # the first negative admission (the one-type runs start evicting only later)
    monkeypatch.setattr(single, "CHUNK", chunk)
    config = build_config(name, [f"steps={steps}"])
    exact = run_simulation(config.params, config.X0, steps, exact=True)
    fast = run_single(config.params, config.X0, steps)
    _assert_close(fast, exact, float(config.params.equilibrium_admission))


def test_recurrence_hands_back_to_the_kernel_at_the_first_eviction(monkeypatch):
    monkeypatch.setattr(single, "CHUNK", 8)
    config = build_config("one-type-perturbed", ["steps=300"])
    exact = run_simulation(config.params, config.X0, 300, exact=True)
    first = int(np.flatnonzero(np.array(exact.eviction_totals.tolist(), dtype=float) > 0)[0])
    assert first > 8 + config.params.L  # the stretch before it is the recurrence's
    fast = run_single(config.params, config.X0, 300)
    assert int(np.flatnonzero(fast.eviction_totals > 0)[0]) == first
    assert fast.admissions[first] == 0.0  # an evicting batch admits nothing


def test_proportional_policy_and_per_type_prompts():
    params = make_params((2, 7), (3, 5), (1, 2), 120)
    X0 = initial_state(params)
    exact = run_simulation(params, X0, 200, policy="proportional", exact=True)
    _assert_close(run_single(params, X0, 200, policy="proportional"), exact, float(params.equilibrium_admission))


def test_one_stage_and_progress_count():
    params = make_params(3, (1,), (1,), 60)  # L = 1: every request completes in its batch
    calls = []
    run = run_single(params, initial_state(params), 1000, progress=calls.append)
    assert sum(calls) == 1000 and run.admissions.tolist() == [15.0] * 1001  # B / (l0 + 1)


def test_a_run_beyond_the_kernels_memory_cap_goes_in_shorter_stretches_or_per_type(monkeypatch):
    # (2, 3) at l0 = 3: the kernel's constants are 85 numbers for one batch, 1174 for 100.
    # A cap of 300 forces stretches of a few batches: the same transitions, except that the
    # recurrence takes over at another batch and rounds its own way (a few ulps: 1e-12 a*).
    params = make_params(3, (2, 3), (1, 1), 60)
    X0 = initial_state(params)
    whole = run_single(params, X0, 200)
    monkeypatch.setattr(single, "MAX_ENTRIES", 300)
    short = run_single(params, X0, 200)
    assert np.abs(short.states - whole.states).max() <= 1e-12 * float(params.equilibrium_admission)
    assert np.array_equal(short.eviction_totals > 0, whole.eviction_totals > 0)
    # below the constants of one batch (long decode lengths): the per-type simulation itself
    monkeypatch.setattr(single, "MAX_ENTRIES", 50)
    per_type = run_single(params, X0, 200)
    assert np.array_equal(per_type.states, run_simulation(params, X0, 200).states)
