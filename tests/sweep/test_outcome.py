"""Outcome classification on runs worked out by hand."""

from fractions import Fraction as F

import numpy as np
import pytest
from hypothesis import given, strategies as st

from coupling_sym.dynamics import run_simulation
from coupling_sym.dynamics.batched import run_batched
from coupling_sym.errors import ParameterError
from coupling_sym.params import two_type_params
from coupling_sym.state import initial_state
from coupling_sym.sweep import classify_outcome, detect_period
from coupling_sym.sweep.outcome import last_quarter


def _simulate(l0, l_A, l_B, p, steps, B=1):
    params = two_type_params(l0, l_A, l_B, p, B)
    run = run_batched([params], [initial_state(params)], steps)
    return params, run.admissions[0], run.eviction_totals[0]


def test_two_cycle_by_hand():
    # l0 = 0, (1, 2), p = 1/4, B = 1: batch 0 admits N = 1; type B's 3/4 advance to stage 1
    # and need 3/2 tokens, so 1/2 token (1/4 request) is evicted and nothing admitted;
    # then everything completes and N = 1 is admitted again: a, e = (1, 0), (0, 1/4), ...
    params, a, e = _simulate(0, 1, 2, "1/4", 200)
    assert a.tolist() == [1.0, 0.0] * 100 + [1.0]
    assert e.tolist() == [0.0, 0.25] * 100 + [0.0]
    outcome = classify_outcome(a, e, float(params.equilibrium_admission))
    assert (outcome.outcome, outcome.period, outcome.last_eviction) == ("not-converged", 2, 199)
    # a* = 1 / (1 + 2 * 3/4) = 2/5, a_200 = 1: gap 3/2 (float rounding of a* ~ 1e-16)
    assert outcome.final_gap == pytest.approx(1.5, rel=1e-14)


def test_three_cycle_by_hand():
    # l0 = 0, (1, 3), p = 1/4, B = 1: the 3/4 of type B hold exactly B from stage 1 on,
    # evicting 1/2 token each batch (1/4 request at footprint 2, then 1/6 at footprint 3),
    # and complete after stage 2; then N = 1 is admitted again: period 3.
    params, a, e = _simulate(0, 1, 3, "1/4", 300)
    assert a.tolist() == [1.0, 0.0, 0.0] * 100 + [1.0]
    assert e[:4].tolist() == [0.0, 0.25, 1 / 6, 0.0]
    outcome = classify_outcome(a, e, float(params.equilibrium_admission))
    assert (outcome.outcome, outcome.period, outcome.last_eviction) == ("not-converged", 3, 299)


@pytest.mark.parametrize("steps, converged", [(10, False), (40, True)])
def test_geometric_convergence_by_hand(steps, converged):
    # l0 = 0, (1, 2), p = 3/4, B = 1: a_{t+1} = 1 - 2 (1/4) a_t never goes negative (no
    # eviction), a* = 2/3 and a_t - a* = (-1/2)^t (1 - 2/3): the relative gap is 2^-(t+1).
    params, a, e = _simulate(0, 1, 2, "3/4", steps)
    outcome = classify_outcome(a, e, float(params.equilibrium_admission))
    assert outcome.last_eviction is None
    # float64 rounding: each batch adds ~1e-16 to a_t ~ 1 against a gap >= 2^-41 ~ 5e-13
    assert outcome.final_gap == pytest.approx(2.0 ** -(steps + 1), rel=1e-3)
    assert outcome.outcome == ("converged" if converged else "not-converged")
    assert outcome.period is None  # a_t moves by 3 * gap per batch, far above 1e-9 a*


def test_batched_and_single_runs_classify_alike():
    params = two_type_params(3, 2, 4, "1/2", B=60)
    sim = run_simulation(params, initial_state(params), 400)
    run = run_batched([params], [initial_state(params)], 400)
    a_star = float(params.equilibrium_admission)
    single = classify_outcome(sim.admissions, sim.eviction_totals, a_star)
    batched = classify_outcome(run.admissions[0], run.eviction_totals[0], a_star)
    assert (single.outcome, single.period, single.last_eviction) == \
        (batched.outcome, batched.period, batched.last_eviction)
    # the batched float run rounds differently from the single one (tokens per cohort, not
    # per-type counts): the same gap to within a few ulps of a* per batch, 1e-12 relative here
    assert batched.final_gap == pytest.approx(single.final_gap, rel=1e-12)


def test_eviction_in_last_quarter_blocks_convergence():
    # 9 batches: the last quarter is batches 8 and 9 (Q = 2)
    a = np.full(10, 5.0)
    e = np.zeros(10)
    e[8] = 0.5
    outcome = classify_outcome(a, e, 5.0)
    assert (outcome.outcome, outcome.last_eviction, outcome.final_gap) == ("not-converged", 8, 0.0)
    e[8], e[7] = 0.0, 0.5  # batch 7 is before the last quarter
    assert classify_outcome(a, e, 5.0).outcome == "converged"


def test_gap_threshold_is_strict():
    a_star = 2.0 ** 10
    a = np.array([0.0, a_star * (1 + 2.0 ** -19), a_star * (1 + 2.0 ** -20)])  # 2^-20 < 1e-6 < 2^-19
    e = np.zeros(3)
    assert classify_outcome(a, e, a_star).outcome == "converged"
    assert classify_outcome(a[:2], e[:2], a_star).outcome == "not-converged"


def test_period_needs_two_repeats_in_the_window():
    a = np.array([9.0, 1.0, 2.0, 3.0, 1.0, 2.0, 3.0, 1.0, 2.0, 3.0])
    e = np.zeros_like(a)
    assert detect_period(a, e, 6, 1.0) == 3
    assert detect_period(a, e, 5, 1.0) is None
    e[-3] = 1.0  # the admissions repeat but the evictions do not
    assert detect_period(a, e, 6, 1.0) is None


def test_period_tolerance():
    # a 2-cycle perturbed by 1e-10 a* is a cycle; by 1e-8 a* it is not
    base = np.array([1.0, 3.0] * 8)
    for bump, period in [(1e-10, 2), (1e-8, None)]:
        a = base.copy()
        a[-1] += bump * 2.0
        assert detect_period(a, np.zeros_like(a), 8, 2.0) == period


def test_last_quarter():
    assert [last_quarter(t) for t in (0, 1, 3, 4, 7, 8, 5000)] == [0, 1, 1, 1, 1, 2, 1250]


def test_bad_inputs():
    with pytest.raises(ParameterError, match="a_star must be > 0; got 0.0"):
        classify_outcome([1.0], [0.0], 0.0)
    with pytest.raises(ParameterError, match="admissions must be a non-empty sequence as long as eviction_totals"):
        classify_outcome([1.0, 2.0], [0.0], 1.0)


def _brute_period(a, e, window, bound):
    """Straight from the definition: the least P whose shifts match on the whole window."""
    T = len(a) - 1
    for P in range(1, window // 2 + 1):
        if T - window + 1 - P < 0:
            return None
        if all(abs(a[t] - a[t - P]) <= bound and abs(e[t] - e[t - P]) <= bound for t in range(T - window + 1, T + 1)):
            return P
    return None


@given(pattern=st.lists(st.sampled_from([0.0, 1.0, 2.5]), min_size=1, max_size=6),
       prefix=st.lists(st.floats(0, 3), max_size=5), length=st.integers(1, 40), window=st.integers(1, 30),
       noise=st.lists(st.sampled_from([0.0, 0.0, 0.0, 1e-12, 1e-3]), min_size=45, max_size=45))
def test_period_matches_the_definition(pattern, prefix, length, window, noise):
    a = np.array(prefix + [pattern[i % len(pattern)] for i in range(length)])
    a = a + np.array(noise[:len(a)])
    e = np.where(a == 0.0, 0.5, 0.0)
    window = min(window, len(a))
    assert detect_period(a, e, window, 1.0) == _brute_period(a, e, window, 1e-9)
