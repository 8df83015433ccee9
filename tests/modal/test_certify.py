"""Certified convergence of a run, against exact trajectories and hand values."""

from fractions import Fraction as F
from math import sqrt

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coupling_sym.config import build_config
from coupling_sym.dynamics import run_simulation, run_theory
from coupling_sym.modal.certify import certify_from_state, certify_run
from coupling_sym.params import make_params
from coupling_sym.stability import Verdict, certify_stability
from coupling_sym.state import count_tokens, equilibrium_state, initial_state


def test_equilibrium_is_certified_with_no_horizon():
    params = make_params(3, (2, 3), (1, 1), 60)
    result = certify_from_state(params, equilibrium_state(params), start=7)
    # every deviation is 0 (hand): the bound is 0 < a* at once
    assert result.certified and result.start == 7 and result.horizon == 0 and result.amplitude == 0


def test_default_run_certified_from_its_last_eviction_and_the_bound_holds():
    cfg = build_config("default")
    simulation = run_simulation(cfg.params, cfg.X0, cfg.steps)
    result = certify_run(cfg.params, simulation)
    assert result.label == "certified from batch 1"
    # P_3 = 4z^2 + 5z + 3: complex roots of modulus sqrt(3/4) (product of the roots, by hand);
    # the bound is an upper bound rounded up to a float from a 128-bit ball
    assert sqrt(3) / 2 <= result.rate < sqrt(3) / 2 + 1e-12
    # independent route: the exact linear recursion from batch 1 stays positive and inside the bound
    state = np.array([[F(v) for v in row] for row in simulation.states[1]], dtype=object)
    exact = run_theory(cfg.params, state, 120, exact=True).admissions[1:]
    a_star = cfg.params.equilibrium_admission
    assert all(a >= 0 for a in exact)
    for tau, a in enumerate(exact):
        assert abs(float(a - a_star)) <= result.amplitude * result.rate ** tau * (1 + 1e-9)


def test_a_later_negative_admission_is_not_certified():
    # the theory from the stage-0 start of the slow-convergence setting keeps admitting
    # negative amounts: find (exactly) a batch t whose next L - 1 admissions are >= 0 but a
    # later one within 200 batches is negative; the certificate from batch t must refuse.
    cfg = build_config("slow-convergence")
    params = cfg.params
    theory = run_theory(params, initial_state(params), 200, exact=True)
    a = theory.admissions
    n = params.L - 1
    start = next(t for t in range(len(a) - 50)
                 if all(x >= 0 for x in a[t + 1:t + 1 + n]) and any(x < 0 for x in a[t + 1 + n:]))
    result = certify_from_state(params, theory.states[start], start)
    assert not result.certified and result.label == "not certified"


def test_unstable_and_non_coprime_runs_are_not_certified():
    params = make_params(0, (2, 3), (1, 1), 60)
    assert certify_stability(list(params.stage_weights)) is Verdict.UNSTABLE
    assert "unstable" in certify_from_state(params, equilibrium_state(params)).reason
    cfg = build_config("non-coprime")
    assert not certify_run(cfg.params, run_simulation(cfg.params, cfg.X0, cfg.steps)).certified


def test_stage0_start_is_not_certified_at_batch_0():
    params = make_params(3, (2, 3), (1, 1), 60)
    result = certify_from_state(params, initial_state(params))
    assert not result.certified and "negative amount at batch 1" in result.reason


@settings(max_examples=25, deadline=None)
@given(lengths=st.sampled_from([(2, 3), (3, 4), (2, 5), (3, 5), (2, 3, 5)]), l0=st.integers(8, 30),
       noise=st.lists(st.fractions(F(-1, 3), F(1, 3)), min_size=10, max_size=10))
def test_certified_states_never_admit_a_negative_amount(lengths, l0, noise):
    # perturb the equilibrium (kept non-negative, Z <= B); whenever the certificate is given,
    # the exact linear recursion over its horizon plus 3L batches is non-negative and inside the bound
    params = make_params(l0, lengths, [1] * len(lengths), 100)
    X = equilibrium_state(params)
    flat = [(k, i) for k in range(params.K) for i in range(lengths[k])]
    for (k, i), delta in zip(flat, noise):
        X[k, i] = X[k, i] * (1 + delta)
    if count_tokens(params, X) > params.B:
        X = X * (params.B / count_tokens(params, X))
    result = certify_from_state(params, X)
    if not result.certified:
        assert result.reason
        return
    steps = min(result.horizon + 3 * params.L, 300)
    exact = run_theory(params, X, steps, exact=True).admissions[1:]
    a_star = params.equilibrium_admission
    assert all(a >= 0 for a in exact)
    for tau, a in enumerate(exact):
        assert abs(float(a - a_star)) <= result.amplitude * result.rate ** tau * (1 + 1e-9)


def test_per_type_prompts_are_certified_through_the_footprints():
    # prompts 30 and 60: the certificate reads P and a* from the per-type stage weights;
    # the exact simulation (independent arithmetic) never evicts after the certified batch
    params = make_params([30, 60], (2, 3), (1, 1), 600)
    X0 = initial_state(params)
    simulation = run_simulation(params, X0, 80)
    result = certify_run(params, simulation)
    assert result.certified
    exact = run_simulation(params, X0, result.start + 120, exact=True)
    assert all(total == 0 for total in exact.eviction_totals[result.start + 1:])


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(1, 7), min_size=1, max_size=3), st.lists(st.integers(0, 9), min_size=3, max_size=3),
       st.lists(st.integers(1, 5), min_size=3, max_size=3), st.integers(0, 2 ** 20), st.integers(1, 12))
def test_first_admissions_equal_the_exact_theory_runner(lengths, prompts, rates, seed, count):
    # second route: the per-type exact theory trajectory (dynamics.theory); per-type prompts,
    # dyadic (float) and rational states, counts beyond L (every stage refilled)
    from coupling_sym.modal.certify import first_admissions

    K = len(lengths)
    params = make_params(prompts[:K], tuple(lengths), tuple(rates[:K]), F(60))
    rng = np.random.default_rng(seed)
    floats = rng.uniform(-1, 3, size=(params.K, params.L))
    for X in (floats, np.array([[F(int(v * 7), 3) for v in row] for row in floats], dtype=object)):
        exact = np.array([[F(v) for v in row] for row in X], dtype=object)
        expected = run_theory(params, exact, count, exact=True).admissions[1:]
        assert first_admissions(params, X, count) == list(expected)


def test_first_admissions_stop_where_the_theory_would():
    from coupling_sym.modal.certify import first_admissions

    params = make_params(3, (2, 3), (1, 1), 60)
    huge = np.full((params.K, params.L), 1e60)  # beyond the growth bound 1e50 N (N = 15)
    assert first_admissions(params, huge, 3) is None


def test_a_wrong_known_stable_claim_is_still_refused_by_the_root_balls():
    # known_stable only skips recomputing the verdict: the modal bound itself needs every root
    # ball inside the unit circle, so an unstable P_l0 (l0 = 0, lengths (2, 3): a root of modulus
    # > 1, certified above) stays "not certified" even when the caller claims stability
    params = make_params(0, (2, 3), (1, 1), 60)
    result = certify_from_state(params, equilibrium_state(params), known_stable=True)
    assert not result.certified
    assert "not enclosed below 1" in result.reason
