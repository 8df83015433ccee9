"""The batched kernel with per-type prompts against the single-setting runs."""

from fractions import Fraction as F

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from coupling_sym.dynamics import run_simulation
from coupling_sym.dynamics.batched import run_batched
from coupling_sym.params import make_params
from coupling_sym.state import initial_state


@st.composite
def grids(draw):
    settings_ = []
    for _ in range(draw(st.integers(1, 4))):
        K = draw(st.integers(1, 3))
        prompts = draw(st.lists(st.integers(0, 9), min_size=K, max_size=K))
        lengths = draw(st.lists(st.integers(1, 5), min_size=K, max_size=K))
        rates = draw(st.lists(st.integers(1, 4), min_size=K, max_size=K))
        params = make_params(prompts, lengths, rates, draw(st.integers(20, 400)))
        rows = [[draw(st.fractions(F(0), F(2))) for _ in range(lk)] for lk in lengths]
        tokens = sum((prompts[k] + 1 + i) * x for k, row in enumerate(rows) for i, x in enumerate(row))
        X0 = initial_state(params, "explicit", rows) if tokens <= params.B and draw(st.booleans()) \
            else initial_state(params)
        settings_.append((params, X0))
    return settings_


@settings(max_examples=25, deadline=None)
@given(grids(), st.sampled_from(["least-progress", "proportional"]))
def test_exact_batched_equals_exact_single_runs(grid, policy):
    # The exactness contract of the kernel, now with different prompts per type:
    # state by state, eviction by eviction, in Fractions.
    params_list, X0_list = [g[0] for g in grid], [g[1] for g in grid]
    run = run_batched(params_list, X0_list, 12, policy, record=True, exact=True)
    for s, (params, X0) in enumerate(grid):
        single = run_simulation(params, X0, 12, policy, exact=True)
        batched = run.trajectory(s)
        assert batched.states.tolist() == single.states.tolist()
        assert batched.evictions.tolist() == single.evictions.tolist()
        assert run.admissions[s].tolist() == single.admissions.tolist()
        assert run.eviction_totals[s].tolist() == single.eviction_totals.tolist()


def test_float_batched_follows_float_single_runs_with_prompts():
    # 300 batches of O(L) sums of terms below B: relative error a few hundred ulp; 1e-9 B
    # leaves a wide margin while catching any wrong footprint (an O(1) difference).
    grid = [make_params([30, 60], [2, 3], [1, 1], 600), make_params([5, 1], [4, 7], [1, 3], 900),
            make_params([3, 3], [2, 3], [1, 1], 60)]
    X0 = [initial_state(p) for p in grid]
    run = run_batched(grid, X0, 300)
    for s, params in enumerate(grid):
        single = run_simulation(params, X0[s], 300)
        assert np.allclose(run.admissions[s], single.admissions, rtol=0, atol=1e-9 * float(params.B))
        assert np.allclose(run.eviction_totals[s], single.eviction_totals, rtol=0, atol=1e-9 * float(params.B))
