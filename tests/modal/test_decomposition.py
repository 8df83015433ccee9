"""The closed form against the trajectories it claims to describe.

Reference values come from three independent routes: hand derivations (the default
and the repeated-root case), exact rational runs of the stage recursion
(:func:`coupling_sym.dynamics.run_theory` with ``exact=True``), and, for the
coefficients, the exact trace-form solve of :mod:`coupling_sym.modal.exact`.
"""

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from mpmath import mp

from coupling_sym.config import build_config
from coupling_sym.dynamics import run_theory
from coupling_sym.errors import ParameterError, StateError
from coupling_sym.modal import decompose_admissions, first_valid_batch
from coupling_sym.modal.exact import coefficient_polynomials
from coupling_sym.params import make_params, two_type_params
from coupling_sym.state import initial_state
from tests.strategies import params_and_state


def exact_run(params, X0, steps):
    return [Fraction(a) for a in run_theory(params, X0, steps, exact=True).admissions]


def test_default_modes_against_hand_derivation():
    # P = 4x^2 + 5x + 3, mu = -5/8 +- i sqrt(23)/8.  a* = 60 / 12 = 5; a_0 = N = 15 and
    # a_1 = (60 - 5 * 15) / 4 = -15/4.  With C = c + d i for the upper root:
    #   a_0 - a* = 10 = 2c,  a_1 - a* = -35/4 = 2 Re(C mu) = 2(-5c/8 - d sqrt(23)/8)
    # so c = 5 and d = 10/sqrt(23).
    params = make_params(3, (2, 3), (1, 1), 60)
    decomp = decompose_admissions(params, initial_state(params), dps=30)
    assert decomp.equilibrium == 5 and decomp.valid_from == 0
    upper = decomp.modes[0]
    with mp.workdps(40):
        sqrt23 = mp.sqrt(23)
        # 30 digits requested; the values are O(10): allow 1e-27
        assert abs(upper.root - mp.mpc(-5, sqrt23) / 8) < mp.mpf(10) ** -27
        assert abs(upper.coefficients[0] - mp.mpc(5, 10 / sqrt23)) < mp.mpf(10) ** -27
    lower = decomp.modes[1].coefficients[0]
    with mp.workdps(decomp.working_dps):  # negation is exact at the numbers' own precision
        assert (lower.real, lower.imag) == (upper.coefficients[0].real, -upper.coefficients[0].imag)


def repeated_root_params(l0, B=60):
    # l_A = 2, l_B = 3: c = (l0 + 1, (l0 + 2)(p + q), (l0 + 3) q), so
    # P = (l0 + 1) x^2 + (l0 + 2) x + (l0 + 3) q.  Its discriminant
    # (l0 + 2)^2 - 4 (l0 + 1)(l0 + 3) q vanishes at q = (l0 + 2)^2 / (4 (l0 + 1)(l0 + 3)),
    # which lies in (0, 1) because 4 (l0 + 1)(l0 + 3) - (l0 + 2)^2 = 3 l0^2 + 12 l0 + 8 > 0.
    # The double root is -(l0 + 2) / (2 (l0 + 1)).
    q = Fraction((l0 + 2) ** 2, 4 * (l0 + 1) * (l0 + 3))
    return two_type_params(l0, 2, 3, 1 - q, B), Fraction(-(l0 + 2), 2 * (l0 + 1))


def test_repeated_root_case_against_hand_derivation():
    # l0 = 3: q = 25/96, double root -5/8.  a* = 60 / (4 + 5 + 6 q) = 960/169,
    # a_0 = 15, a_1 = (60 - 5 * 15) / 4 = -15/4 (stage0).  a_t = a* + (C0 + C1 t)(-5/8)^t:
    # C0 = a_0 - a*, C1 = (a_1 - a*) / (-5/8) - C0.
    params, root = repeated_root_params(3)
    assert params.p[1] == Fraction(25, 96)
    a_star = Fraction(960, 169)
    C0 = 15 - a_star
    C1 = (Fraction(-15, 4) - a_star) / root - C0
    decomp = decompose_admissions(params, initial_state(params), dps=40)
    assert decomp.equilibrium == a_star
    assert len(decomp.modes) == 1
    mode = decomp.modes[0]
    assert mode.multiplicity == 2 and mode.is_real
    with mp.workdps(50):
        # 40 digits requested, values O(10): allow 1e-36
        assert abs(mode.root - mp.mpf(root.numerator) / root.denominator) < mp.mpf(10) ** -36
        for fitted, hand in zip(mode.coefficients, (C0, C1)):
            assert abs(fitted - mp.mpf(hand.numerator) / hand.denominator) < mp.mpf(10) ** -36


@pytest.mark.parametrize("l0", [0, 1, 2, 5, 10, 40])
def test_repeated_root_exists_for_every_l0_and_the_closed_form_matches(l0):
    params, root = repeated_root_params(l0)
    decomp = decompose_admissions(params, initial_state(params), dps=50)
    assert [m.multiplicity for m in decomp.modes] == [2]
    exact = exact_run(params, initial_state(params), 60)
    with mp.workdps(60):
        assert decomp.max_abs_error(exact) < mp.mpf(10) ** -40 * max(abs(mp.mpf(a.numerator) / a.denominator)
                                                                      for a in exact)


def relative_error_at(decomp, admissions):
    with mp.workdps(decomp.working_dps):
        scale = max(abs(mp.mpf(Fraction(a).numerator) / Fraction(a).denominator) for a in admissions)
        return decomp.max_abs_error(admissions) / scale


CASES = [
    ("default", []),                                             # stage0
    ("default", ["init=one-per-stage"]),                         # equal rates: proportional
    ("default", ["init=one-per-stage", "lambda_A=1", "lambda_B=3"]),  # not proportional
    ("three-types", []),                                         # K = 3
    ("three-types", ["init=one-per-stage"]),
    ("non-coprime", []),                                         # an unstable mode
    ("slow-convergence", ["steps=120"]),
    ("default", ["lambda_A=71", "lambda_B=25"]),                 # the double root of l0 = 3
]


@pytest.mark.parametrize("name, overrides", CASES)
def test_closed_form_matches_exact_run_to_40_digits_at_dps_50(name, overrides):
    config = build_config(name, overrides)
    decomp = decompose_admissions(config.params, config.X0, dps=50)
    exact = exact_run(config.params, config.X0, config.steps)
    assert relative_error_at(decomp, exact) < mp.mpf(10) ** -40


@pytest.mark.parametrize("name, overrides", CASES)
def test_closed_form_matches_float_run_to_1e_10(name, overrides):
    config = build_config(name, overrides)
    decomp = decompose_admissions(config.params, config.X0, dps=30)
    floats = list(run_theory(config.params, config.X0, config.steps, exact=False).admissions)
    # float64 rounding accumulates over the run; 1e-10 relative is the bound
    assert relative_error_at(decomp, floats) < 1e-10


def test_valid_from_follows_the_proportionality_of_the_start():
    params = make_params(3, (2, 3), (1, 3), 60)
    assert decompose_admissions(params, initial_state(params), 20).valid_from == 0
    # one per stage with p = (1/4, 3/4) is not split by p_k
    X0 = initial_state(params, "one-per-stage")
    decomp = decompose_admissions(params, X0, 20)
    assert decomp.valid_from == 1
    exact = exact_run(params, X0, 10)
    with mp.workdps(30):
        assert abs(decomp.admission(0) - exact[0]) > 1e-3           # batch 0 really is off
        assert decomp.max_abs_error(exact) < mp.mpf(10) ** -17


def test_first_valid_batch_for_one_type():
    # L = 1: a_t = a* = B / (l0 + 1) from batch 1, and from 0 when a_0 = a*
    params = make_params(2, (1,), (1,), 30)
    assert first_valid_batch(params, [Fraction(10), Fraction(10)]) == 0
    assert first_valid_batch(params, [Fraction(3), Fraction(10)]) == 1
    decomp = decompose_admissions(params, initial_state(params, "explicit", [[3]]), 20)
    assert decomp.modes == () and decomp.valid_from == 1 and decomp.admission(7) == 10


@given(params_and_state(max_types=3, max_length=5))
def test_closed_form_holds_from_valid_from_and_not_before(case):
    params, X0 = case
    decomp = decompose_admissions(params, X0, dps=30)
    exact = exact_run(params, X0, 3 * params.L + 5)
    with mp.workdps(decomp.working_dps):
        scale = 1 + max(abs(mp.mpf(a.numerator) / a.denominator) for a in exact)
        error = decomp.max_abs_error(exact)
        assert error < mp.mpf(10) ** -20 * scale
        if decomp.valid_from == 1:
            # exact test of the recursion at n = L - 1 failed, so batch 0 is off the closed form:
            # by more than the form's own error on the batches it covers (100x, and at least
            # the working precision), not by a fixed 1e-20: a tiny initial cohort (1e-19) puts
            # batch 0 off by about that much, which is still 1e9 times the form's error
            floor = mp.mpf(10) ** -decomp.working_dps * scale
            assert abs(decomp.admission(0) - mp.mpf(exact[0].numerator) / exact[0].denominator) > \
                max(100 * error, floor)


@given(params_and_state(max_types=3, max_length=5))
def test_vandermonde_fit_agrees_with_the_exact_trace_form_solve(case):
    params, X0 = case
    decomp = decompose_admissions(params, X0, dps=30)
    polynomials = coefficient_polynomials(decomp)
    with mp.workdps(decomp.working_dps):
        for mode in decomp.modes:
            for k, coefficient in enumerate(mode.coefficients):
                gamma = polynomials[mode.factor][k]
                exact = sum(mp.mpf(g.numerator) / g.denominator * mode.root ** a for a, g in enumerate(gamma))
                assert abs(exact - coefficient) < mp.mpf(10) ** -20 * (1 + abs(exact))


def test_origin_shifts_time():
    params = make_params(3, (2, 3), (1, 1), 60)
    states = run_theory(params, initial_state(params), 10, exact=True).states
    later = decompose_admissions(params, states[4], dps=20, origin=4)
    first = decompose_admissions(params, initial_state(params), dps=20)
    with mp.workdps(30):
        assert later.valid_from == 4
        assert all(abs(later.admission(t) - first.admission(t)) < mp.mpf(10) ** -18 for t in range(4, 12))


@pytest.mark.parametrize("dps, message", [(0, r"dps must be an integer from 1 to 4000 \(digits printed as text\); got 0"),
                                          ("x", r"dps must be an integer from 1 to 4000 \(.*\); got 'x'"),
                                          (10 ** 6, r"dps must be an integer from 1 to 4000 \(.*\); got 1000000")])
def test_bad_dps(dps, message):
    params = make_params(3, (2, 3), (1, 1), 60)
    with pytest.raises(ParameterError, match=message):
        decompose_admissions(params, initial_state(params), dps=dps)


def test_bad_states():
    params = make_params(3, (2, 3), (1, 1), 60)
    shape_rule = r"X0 must be a state array of shape \(K, L\) = \(2, 3\); got 'shape \(2, 2\)'"
    with pytest.raises(StateError, match=shape_rule):
        decompose_admissions(params, np.zeros((2, 2), dtype=object))
    X = initial_state(params)
    X[0, 2] = Fraction(1)
    with pytest.raises(StateError, match="X0 must be zero at the stages i >= l_k"):
        decompose_admissions(params, X)
    for bad, shown in ((float("nan"), "nan"), (float("inf"), "inf"), ("a", "'a'")):
        X = initial_state(params)
        X[1, 1] = bad
        with pytest.raises(StateError, match=f"X0\\[1\\]\\[1\\] must be a finite number; got {shown}"):
            decompose_admissions(params, X)


def test_float_condition_estimate_agrees_with_mpmath():
    # The guard digits are sized by a float64 SVD estimate when it is below 1e12; on a
    # Vandermonde matrix of moderate condition it must match mpmath's cond (the 1-norm,
    # a second route) to within the factor sqrt(n) * n relating the two norms.
    from mpmath import mp

    from coupling_sym.modal.decomposition import _log10_condition

    with mp.workdps(40):
        nodes = [mp.mpc(0.3, 0.4), mp.mpc(0.3, -0.4), mp.mpf(-0.7), mp.mpf(0.9)]
        A = mp.matrix([[z ** t for z in nodes] for t in range(4)])
        exact = float(mp.log10(mp.cond(A)))
    assert abs(_log10_condition(A) - exact) <= 1.5
