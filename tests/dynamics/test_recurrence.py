"""The block recurrence and the float theory built on it, against exact arithmetic.

Expected values come from the exact scalar recursion ``c_0 a_b = B - sum c_i a_{b-i}``
run here on Fractions (written out below, independent of the package's recurrence) and
from the exact per-type theory ``run_theory(..., exact=True)``.

Tolerances (``docs`` of :mod:`coupling_sym.dynamics.recurrence`): a block entry carries
about ``j n 2^-53`` relative error of the moduli it sums (``j <= 128``, ``n = L - 1``),
so on stable runs the admissions stay within ``1e-12 a*`` (``128 * 7 * 2^-53`` is
``1e-13``; the margin covers the accumulation over blocks, which a stable map damps).
An unstable theory carries its early roundings along with its growth: compared relative
to ``max(|x|, a*)`` within ``1e-9`` (measured ``1.4e-10`` on the one-type spiral).
"""

from __future__ import annotations

from fractions import Fraction as F

import numpy as np
import pytest

from coupling_sym.config import build_config
from coupling_sym.dynamics import recurrence, run_simulation, run_theory
from coupling_sym.dynamics.recurrence import extend_admissions
from coupling_sym.params import make_params
from coupling_sym.state import initial_state


def exact_recursion(weights, B, history, count):
    """``a_{b+1} .. a_{b+count}`` by the recursion itself, in Fractions."""
    c = [F(w) for w in weights]
    window = [F(a) for a in history]  # newest first
    out = []
    for _ in range(count):
        a = (F(B) - sum(ci * ai for ci, ai in zip(c[1:], window))) / c[0]
        out.append(a)
        window = [a] + window[:-1]
    return out


@pytest.mark.parametrize("weights, B, history", [
    ([4, 5, 3], 60, [F(135, 16), F(-15, 4)]),                         # default: l0 = 3, (2, 3), p = 1/2
    ([41, 42, 43, 44, F(45, 2), 23, F(47, 2)], 1000, [1, 2, 3, 4, 5, 6]),  # slow-convergence's weights
    ([3, 4, 5], 24, [F(5, 2), 2]),                                    # one type, unstable fixed point
])
def test_block_recurrence_matches_the_exact_recursion(weights, B, history):
    count = 700  # several blocks of 128, the last one partial
    exact = exact_recursion(weights, B, history, count)
    block = extend_admissions([float(w) for w in weights], float(B), [float(a) for a in history], count)
    a_star = float(F(B) / sum(F(w) for w in weights))
    scale = np.maximum(np.abs(np.array([float(a) for a in exact])), a_star)
    assert np.all(np.abs(block - np.array([float(a) for a in exact])) <= 1e-9 * scale)


def test_batch_by_batch_path_for_long_lengths_agrees_with_blocks(monkeypatch):
    weights, history = [4.0, 5.0, 3.0], [135 / 16, -15 / 4]
    blocks = extend_admissions(weights, 60.0, history, 500)
    monkeypatch.setattr(recurrence, "MAX_BLOCK_ORDER", 0)
    single = extend_admissions(weights, 60.0, history, 500)
    exact = np.array([float(a) for a in exact_recursion(weights, 60, history, 500)])
    assert np.all(np.abs(single - exact) <= 1e-12 * 5) and np.all(np.abs(blocks - exact) <= 1e-12 * 5)


def test_limit_stops_with_nan_after_the_checked_stretch():
    out = extend_admissions([3.0, 4.0, 5.0], 24.0, [2.5, 2.0], 20000, limit=1e10)
    beyond = np.flatnonzero(~(np.abs(out) <= 1e10))
    assert beyond.size and np.isnan(out[-1])  # the growth was cut off, not followed to the end
    assert beyond[0] < recurrence.CHECK_EVERY


@pytest.mark.parametrize("name, steps", [("default", 300), ("three-types", 200), ("one-type-spiral", 200),
                                         ("one-type-perturbed", 200), ("non-coprime", 300)])
def test_float_theory_matches_the_exact_theory(name, steps):
    config = build_config(name, [f"steps={steps}"])
    exact = run_theory(config.params, config.X0, steps, exact=True)
    fast = run_theory(config.params, config.X0, steps)
    states = np.array(exact.states.tolist(), dtype=float)
    scale = np.maximum(np.abs(states), float(config.params.equilibrium_admission))
    assert fast.stopped == exact.stopped
    assert np.all(np.abs(fast.states - states) <= 1e-9 * scale)


def test_per_type_prompts_theory_matches_the_exact_theory():
    params = make_params((2, 7), (3, 5), (1, 2), 120)
    X0 = initial_state(params, "one-per-stage")
    exact = np.array(run_theory(params, X0, 150, exact=True).states.tolist(), dtype=float)
    fast = run_theory(params, X0, 150).states
    assert np.all(np.abs(fast - exact) <= 1e-9 * np.maximum(np.abs(exact), float(params.equilibrium_admission)))


def test_growth_stop_batch_matches_the_exact_theory():
    config = build_config("one-type-spiral", ["steps=600"])
    exact = run_theory(config.params, config.X0, 600, exact=True)
    fast = run_theory(config.params, config.X0, 600)
    assert exact.stopped is not None and fast.stopped == exact.stopped
    assert np.isnan(fast.admissions[exact.stopped + 1:]).all()


def test_known_states_are_kept_bit_for_bit():
    config = build_config("one-type-spiral", ["steps=120"])
    sim = run_simulation(config.params, config.X0, 120)
    first = int(np.flatnonzero(sim.eviction_totals > 0)[0])
    theory = run_theory(config.params, config.X0, 120, known=sim.states[:first])
    assert (theory.states[:first] == sim.states[:first]).all()
    assert theory.admissions[first] < 0 <= sim.admissions[first]  # the theory goes on without evicting
    exact = np.array(run_theory(config.params, config.X0, 120, exact=True).states.tolist(), dtype=float)
    assert np.all(np.abs(theory.states - exact) <= 1e-9 * np.maximum(np.abs(exact), 2.0))  # a* = 2


def test_progress_counts_every_batch_once():
    config = build_config("one-type-spiral", ["steps=3000"])
    calls = []
    run_theory(config.params, config.X0, 3000, progress=calls.append)
    assert sum(calls) == 3000
