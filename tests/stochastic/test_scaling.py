"""Fixed lengths and saturated queues: scaled request-level admissions tend to the fluid simulation."""

from __future__ import annotations

import numpy as np
import pytest

from coupling_sym.dynamics import run_simulation
from coupling_sym.errors import ParameterError
from coupling_sym.params import make_params
from coupling_sym.state import initial_state
from coupling_sym.stochastic import build_spec, scaled, simulate
from coupling_sym.stochastic.scaling import run_scaling


def test_large_budget_follows_the_fluid_simulation():
    # The fluid trajectory comes from dynamics.run_simulation in exact Fractions
    # (MODEL.md's transition, another code path); at n = 4096 (B = 245760) a run
    # stays within 1% of a* = 5 of it at every batch of the default 50.
    spec = build_spec("default", ["replications=5"])
    params = make_params(3, [2, 3], [1, 1], 60)
    fluid = np.array(run_simulation(params, initial_state(params), 50, exact=True).admissions, dtype=float)
    run = simulate(scaled(spec, 4096), seed=9)
    gap = np.abs(run.total_admissions / 4096 - fluid[None, :]).max()
    assert gap < 0.01 * 5


def test_distance_shrinks_with_the_scale():
    result = run_scaling(build_spec("default", ["replications=20"]), [1, 16, 256, 4096])
    assert (np.diff(result.distances) < 0).all()
    assert result.distances[-1] < 0.01
    # Partial evictions are hypergeometric draws: fluctuations ~ n^-1/2 (CLT), rounding ~ n^-1.
    assert -1.0 < result.fit_rate < -0.4


def test_scaling_needs_the_fluid_case():
    with pytest.raises(ParameterError, match="^config must be fixed lengths, saturated arrivals"):
        run_scaling(build_spec("jitter", ["replications=2"]), [1, 2])
    with pytest.raises(ParameterError, match="^--scales must be a list of positive integers"):
        run_scaling(build_spec("default", ["replications=2"]), [0])


def test_per_type_prompts_follow_their_fluid_simulation():
    # Prompts (1, 5): footprints differ inside a stage, so partial evictions take
    # several draw rounds; the fluid model with per-type prompts is MODEL.md's extension.
    spec = build_spec("default", ["l0=[1, 5]", "replications=4", "steps=30"])
    params = make_params([1, 5], [2, 3], [1, 1], 60)
    fluid = np.array(run_simulation(params, initial_state(params), 30, exact=True).admissions, dtype=float)
    run = simulate(scaled(spec, 4096), seed=2)
    a_star = float(params.equilibrium_admission)
    assert np.abs(run.total_admissions / 4096 - fluid[None, :]).max() < 0.02 * a_star
