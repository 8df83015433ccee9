"""Dynamics with per-type prompt lengths, against a plain-Python reference and by hand.

The reference stepper below is written from the model's definitions (lists of Fractions,
no numpy, no project accessor): footprint ``l0_k + 1 + i``, room, admission
``R / sum_k p_k (l0_k + 1)``, least-progress and proportional eviction.
"""

from __future__ import annotations

from fractions import Fraction as F

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from coupling_sym.config import build_config, shipped_configs
from coupling_sym.dynamics import run_aggregate, run_simulation, run_theory
from coupling_sym.params import make_params
from coupling_sym.state import count_tokens, equilibrium_state, initial_state


def reference_run(prompts, lengths, rates, B, X0, steps, policy=None):
    """Admissions, per-stage evictions and states; ``policy=None`` is the theory."""
    K, L = len(lengths), max(lengths)
    p = [F(r) / sum(F(x) for x in rates) for r in rates]
    w = [[prompts[k] + 1 + i for i in range(L)] for k in range(K)]
    entry = sum(p[k] * (prompts[k] + 1) for k in range(K))
    X = [[F(X0[k][i]) if i < lengths[k] else F(0) for i in range(L)] for k in range(K)]
    admissions, evictions, states = [sum(X[k][0] for k in range(K))], [[F(0)] * (L - 1)], [X]
    for _ in range(steps):
        Y = [[F(0)] + [X[k][i - 1] if i < lengths[k] else F(0) for i in range(1, L)] for k in range(K)]
        room = F(B) - sum(w[k][i] * Y[k][i] for k in range(K) for i in range(L))
        out = [F(0)] * (L - 1)
        if policy is None or room >= 0:
            for k in range(K):
                Y[k][0] = p[k] * room / entry
        elif policy == "proportional":
            held = sum(w[k][i] * Y[k][i] for k in range(K) for i in range(L))
            for k in range(K):
                for i in range(1, L):
                    out[i - 1] += Y[k][i] * (-room) / held
                    Y[k][i] -= Y[k][i] * (-room) / held
        else:
            need = -room
            for i in range(1, L):
                held = sum(w[k][i] * Y[k][i] for k in range(K))
                if held <= 0 or need <= 0:
                    continue
                cut = min(F(1), need / held)
                for k in range(K):
                    out[i - 1] += Y[k][i] * cut
                    Y[k][i] -= Y[k][i] * cut
                need -= held * cut
        admissions.append(sum(Y[k][0] for k in range(K)))
        evictions.append(out)
        states.append(Y)
        X = Y
    return admissions, evictions, states


def test_two_prompts_by_hand():
    # l0 = (1, 3), l = (2, 3), p = (1/2, 1/2), B = 60: c_0 = (2 + 4)/2 = 3, N = 20, X_0[., 0] = 10.
    # Batch 1: stage-1 footprints 3 and 5 hold 80 > 60, R = -20.  Theory admits -20/3;
    # the simulation evicts 20 of 80 tokens (a quarter) of the stage-0 cohort: 5 requests.
    # Batch 2: theory held -10 - 50/3 + 60 = 100/3, a = (60 - 100/3)/3 = 80/9; simulation:
    # only B's 7.5 remain (footprint 6, 45 tokens), a = 15/3 = 5.  Batch 3: theory held
    # 40/3 + 200/9 - 20 = 140/9, a = 400/27; simulation held 7.5 + 12.5, a = 40/3.
    params = make_params([1, 3], [2, 3], [1, 1], 60)
    X0 = initial_state(params)
    assert X0[:, 0].tolist() == [10, 10] and params.N == 20
    theory = run_theory(params, X0, 3, exact=True)
    sim = run_simulation(params, X0, 3, exact=True)
    assert theory.admissions.tolist() == [20, F(-20, 3), F(80, 9), F(400, 27)]
    assert sim.admissions.tolist() == [20, 0, 5, F(40, 3)]
    assert sim.evictions.tolist() == [[0, 0], [5, 0], [0, 0], [0, 0]]
    assert sim.states[1].tolist() == [[0, F(15, 2), 0], [0, F(15, 2), 0]]
    assert list(theory.tokens[1:]) == [60, 60, 60] and list(sim.tokens[1:]) == [60, 60, 60]
    assert run_aggregate(params, X0, 3, exact=True).admissions.tolist() == theory.admissions.tolist()


def test_two_prompts_fixed_point_by_hand():
    # c = (3, (3 + 5)/2, 6/2) = (3, 4, 3), a* = 60/10 = 6; X* holds 3 (2 + 3) + 3 (4 + 5 + 6) = 60.
    params = make_params([1, 3], [2, 3], [1, 1], 60)
    assert params.stage_weights == (3, 4, 3) and params.equilibrium_admission == 6
    X = equilibrium_state(params)
    assert count_tokens(params, X) == 60
    for trajectory in (run_theory(params, X, 5, exact=True), run_simulation(params, X, 5, exact=True)):
        assert trajectory.admissions.tolist() == [6] * 6
        assert all((state == X).all() for state in trajectory.states)


@st.composite
def prompt_settings(draw):
    K = draw(st.integers(1, 3))
    prompts = draw(st.lists(st.integers(0, 8), min_size=K, max_size=K))
    lengths = draw(st.lists(st.integers(1, 5), min_size=K, max_size=K))
    rates = draw(st.lists(st.fractions(F(1, 4), F(4)), min_size=K, max_size=K))
    B = draw(st.fractions(F(10), F(300)))
    params = make_params(prompts, lengths, rates, B)
    rows = [[draw(st.fractions(F(0), F(3))) for _ in range(lk)] for lk in lengths]
    explicit = sum((prompts[k] + 1 + i) * x for k, row in enumerate(rows) for i, x in enumerate(row))
    X0 = initial_state(params, "explicit", rows) if draw(st.booleans()) and explicit <= B else initial_state(params)
    return params, X0


@settings(max_examples=40, deadline=None)
@given(prompt_settings(), st.sampled_from([None, "least-progress", "proportional"]))
def test_trajectories_match_reference_and_conserve_tokens(setting, policy):
    params, X0 = setting
    steps = 6
    ref_adm, ref_ev, ref_states = reference_run(params.prompts, params.lengths, params.rates, params.B,
                                                X0.tolist(), steps, policy)
    run = (run_theory(params, X0, steps, exact=True) if policy is None
           else run_simulation(params, X0, steps, policy, exact=True))
    assert run.admissions.tolist() == ref_adm
    assert run.evictions.tolist() == ref_ev
    assert [state.tolist() for state in run.states] == ref_states
    assert all(z == params.B for z in run.tokens[1:])
    if policy is not None:
        assert all(x >= 0 for state in run.states for x in state.ravel())


@settings(max_examples=30, deadline=None)
@given(st.integers(1, 3), st.integers(0, 9), st.data())
def test_equal_prompt_list_equals_common_prompt(K, l0, data):
    # A list of equal prompts is the common prompt: same parameters, same trajectories,
    # and the same values as the common-prompt formulas (l0 + 1 + i, a = R / (l0 + 1)).
    lengths = data.draw(st.lists(st.integers(1, 5), min_size=K, max_size=K))
    rates = data.draw(st.lists(st.integers(1, 5), min_size=K, max_size=K))
    common, listed = make_params(l0, lengths, rates, 100), make_params([l0] * K, lengths, rates, 100)
    assert common == listed and listed.l0 == l0
    shares = [F(r, sum(rates)) for r in rates]
    assert listed.admission_tokens == l0 + 1 and listed.N == F(100, l0 + 1)
    assert listed.stage_weights == tuple((l0 + 1 + j) * sum(s for s, lk in zip(shares, lengths) if j < lk)
                                         for j in range(max(lengths)))
    X0 = initial_state(listed)
    for policy in (None, "least-progress", "proportional"):
        ref_adm, ref_ev, _ = reference_run([l0] * K, lengths, rates, 100, X0.tolist(), 5, policy)
        run = (run_theory(listed, X0, 5, exact=True) if policy is None
               else run_simulation(listed, X0, 5, policy, exact=True))
        assert run.admissions.tolist() == ref_adm and run.evictions.tolist() == ref_ev


def test_shipped_configs_with_equal_prompt_lists_are_unchanged():
    # Rewriting each shipped config's l0 as a list of equal per-type prompts changes nothing.
    for name in shipped_configs():
        config = build_config(name, ["steps=8"])
        K, l0 = config.params.K, config.params.l0
        listed = build_config(name, ["steps=8", f"l0={[l0] * K}"])
        assert listed.params == config.params and (listed.X0 == config.X0).all()
        for exact in (True, False):
            a = run_simulation(config.params, config.X0, 8, config.policy, exact)
            b = run_simulation(listed.params, listed.X0, 8, listed.policy, exact)
            assert np.array_equal(a.admissions, b.admissions) and np.array_equal(a.evictions, b.evictions)
        ref_adm, _, _ = reference_run([l0] * K, config.params.lengths, config.params.rates, config.params.B,
                                      config.X0.tolist(), 8, config.policy)
        assert run_simulation(config.params, config.X0, 8, config.policy, True).admissions.tolist() == ref_adm


def test_float_run_follows_exact_run_with_different_prompts():
    # float64 against exact: 30 steps of sums of O(10) terms of size <= B = 500, so the
    # error stays below ~1e3 ulp of B; 1e-9 relative to B leaves a wide margin.
    params = make_params([5, 40], [4, 7], [1, 1], 500)
    X0 = initial_state(params)
    for policy in ("least-progress", "proportional"):
        exact = run_simulation(params, X0, 30, policy, exact=True)
        fl = run_simulation(params, X0, 30, policy, exact=False)
        assert np.allclose(fl.admissions, [float(a) for a in exact.admissions], atol=1e-9 * 500, rtol=0)
