"""Non-coprime lengths: the even-gcd sign argument by exact evaluation, the odd-gcd certificate
against numpy's roots."""

from fractions import Fraction as F
from math import gcd

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coupling_sym.errors import ParameterError
from coupling_sym.params import make_params, two_type_params
from coupling_sym.stability.noncoprime import certify_every_prefill, value_at_minus_one


def _hand_coefficients(l0, lengths, rates):
    """c_j = (l0 + 1 + j) sum_k p_k [j < l_k], written out from the model's definition."""
    total = sum(F(r) for r in rates)
    shares = [F(r) / total for r in rates]
    return [(l0 + 1 + j) * sum(p for p, l in zip(shares, lengths) if j < l) for j in range(max(lengths))], shares


def _evaluate(coeffs, x):
    """Horner, highest degree first, in exact arithmetic."""
    value = F(0)
    for c in coeffs:
        value = value * x + c
    return value


@settings(max_examples=60, deadline=None)
@given(d=st.sampled_from([2, 4, 6]), multiples=st.lists(st.integers(1, 4), min_size=1, max_size=3),
       rates=st.lists(st.integers(1, 9), min_size=3, max_size=3), l0=st.integers(0, 60))
def test_even_gcd_value_at_minus_one_is_half_the_mean_length(d, multiples, rates, l0):
    lengths = [d * m for m in multiples]
    rates = rates[:len(lengths)]
    coeffs, shares = _hand_coefficients(l0, lengths, rates)
    half_mean = sum(p * l for p, l in zip(shares, lengths)) / 2
    at_minus_one = _evaluate(coeffs, F(-1))
    assert at_minus_one == half_mean > 0
    assert value_at_minus_one(make_params(l0, lengths, rates, 1)) == half_mean
    # odd degree, positive leading coefficient: negative beyond the Cauchy bound, so a real root < -1
    assert (len(coeffs) - 1) % 2 == 1
    cauchy = 1 + max(abs(c / coeffs[0]) for c in coeffs[1:])
    assert _evaluate(coeffs, -cauchy) < 0


def test_odd_gcd_value_at_minus_one_depends_on_l0():
    # (3, 6), p = 1/2: c = (l0+1, l0+2, l0+3, (l0+4)/2, (l0+5)/2, (l0+6)/2), degree 5;
    # P(-1) = -(l0+1) + (l0+2) - (l0+3) + ((l0+4) - (l0+5) + (l0+6))/2 = -(l0 + 2) + (l0 + 5)/2
    #       = (1 - l0)/2, which changes sign at l0 = 1: no sign argument for odd gcd.
    values = [value_at_minus_one(two_type_params(l0, 3, 6, "1/2")) for l0 in range(5)]
    assert values == [F(1 - l0, 2) for l0 in range(5)]


@pytest.mark.parametrize("lengths, rates", [((2, 4), (1, 1)), ((4, 6), (1, 3)), ((2, 4, 6), (1, 2, 3)),
                                            ((6, 12), (5, 1))])
def test_even_gcd_route_is_the_proof(lengths, rates):
    result = certify_every_prefill(lengths, rates)
    assert result.unstable and result.route == "even-gcd-proof" and result.gcd == gcd(*lengths)
    shares = [F(r, sum(rates)) for r in rates]
    assert str(sum(p * l for p, l in zip(shares, lengths)) / 2) in result.proof


def _numpy_rho(l0, lengths, rates):
    coeffs, _ = _hand_coefficients(l0, lengths, rates)
    return max(abs(np.roots([float(c) for c in coeffs])))


@pytest.mark.parametrize("lengths, p", [((3, 6), "1/2"), ((3, 9), "1/4"), ((5, 10), "3/4"), ((6, 9), "1/2")])
def test_odd_gcd_route_is_the_crossing_certificate(lengths, p):
    result = certify_every_prefill(lengths, p)
    assert result.unstable and result.route == "crossing-certificate"
    assert result.checks == result.top + 1
    share = F(p)
    # numpy's roots, a second algorithm: rho - 1 is about 1/(l0 + L) (>= 1e-3 here), far above
    # the float error of a degree <= 9 root (~1e-12)
    for l0 in range(0, result.top + 40):
        assert _numpy_rho(l0, lengths, (share, 1 - share)) > 1 + 1e-6


def test_coprime_lengths_make_no_claim():
    result = certify_every_prefill((2, 3), "1/2")
    assert not result.unstable and result.route == "coprime"


def test_bad_lengths_are_a_parameter_error():
    with pytest.raises(ParameterError, match="must be"):
        certify_every_prefill((0, 2), "1/2")


@pytest.mark.parametrize("lengths, p", [((3, 9), F(1, 2)), ((9, 15), F(3, 4)), ((5, 25), F(1, 10))])
def test_roots_proven_outside_are_those_of_unstable_polynomials(lengths, p):
    # the exact verdict (integer Schur-Cohn and gcd(P, P*)) is the independent route
    from coupling_sym.stability.noncoprime import _roots_outside
    from coupling_sym.stability.poly import prefill_poly, shares_poly
    from coupling_sym.stability.verdict import Verdict, verdict_of_poly

    A = shares_poly(lengths, (p, 1 - p))
    shown = _roots_outside(A, gcd(*lengths), 60)
    assert len(shown) == 60 and sum(shown) >= 50          # the guesses near the d-th roots of unity work
    for l0, outside in enumerate(shown):
        if outside:
            assert verdict_of_poly(prefill_poly(A, l0)) is Verdict.UNSTABLE, l0


def test_no_root_is_proven_outside_a_stable_polynomial():
    from coupling_sym.stability.noncoprime import _roots_outside
    from coupling_sym.stability.poly import prefill_poly, shares_poly
    from coupling_sym.stability.verdict import Verdict, verdict_of_poly

    A = shares_poly((2, 3), (F(1, 2), F(1, 2)))             # stable for every l0 >= 2 (l0* = 2)
    assert all(verdict_of_poly(prefill_poly(A, l0)) is Verdict.STABLE for l0 in range(2, 30))
    assert _roots_outside(A, 3, 30)[2:] == [False] * 28


@pytest.mark.parametrize("lengths, p", [((9, 21), F(1, 2)), ((15, 25), F(3, 4))])
def test_runs_of_l0_proven_at_once_hold_only_unstable_polynomials(lengths, p):
    # 300 l0: from t = 2L on a run covers several l0 with one ball point; the exact verdict
    # (integer Schur-Cohn and gcd(P, P*)) of every one is the independent route.  These
    # pairs are unstable for every l0, so this checks the runs prove what they should; that
    # a run proves nothing false is the next test, on stable polynomials.
    from coupling_sym.stability.noncoprime import _roots_outside, _runs
    from coupling_sym.stability.poly import prefill_poly, shares_poly
    from coupling_sym.stability.verdict import Verdict, verdict_of_poly

    A = shares_poly(lengths, (p, 1 - p))
    assert max(hi - lo for lo, hi in _runs(A.degree() + 1, 300)) >= 10
    shown = _roots_outside(A, gcd(*lengths), 300)
    assert sum(shown) >= 290
    for l0, outside in enumerate(shown):
        if outside:
            assert verdict_of_poly(prefill_poly(A, l0)) is Verdict.UNSTABLE, l0


def test_long_runs_prove_no_root_outside_stable_polynomials():
    # (2, 3) at p = 1/2 is stable for every l0 >= 2 (l0* = 2, exact verdicts below); the
    # guesses near e^(2 pi i / 3) are wrong on purpose, and runs up to 69 l0 wide must
    # still prove nothing there
    from coupling_sym.stability.noncoprime import _roots_outside, _runs
    from coupling_sym.stability.poly import prefill_poly, shares_poly
    from coupling_sym.stability.verdict import Verdict, verdict_of_poly

    A = shares_poly((2, 3), (F(1, 2), F(1, 2)))
    assert all(verdict_of_poly(prefill_poly(A, l0)) is Verdict.STABLE for l0 in range(2, 300))
    assert max(hi - lo for lo, hi in _runs(3, 300)) >= 60       # (202, 270): t from 205 to 273
    assert _roots_outside(A, 3, 300)[2:] == [False] * 298


def test_runs_are_shown_for_long_polynomials_whose_balls_turn_at_each_step():
    # (27, 117), d = 9: each Horner step multiplies a complex ball (a rectangle) by a point
    # of argument near 2 pi / 9, which widens it by up to 1.41, so at a fixed 64 bits A(z0)
    # came out 0.13 wide and no l0 below top = 932 was shown.  Every l0 of the pair is
    # unstable (the crossing certificate); every 31st gets its exact verdict here as the
    # independent route (all 932 would take over a second).
    from coupling_sym.stability.noncoprime import _roots_outside
    from coupling_sym.stability.poly import prefill_poly, shares_poly
    from coupling_sym.stability.verdict import Verdict, verdict_of_poly

    A = shares_poly((27, 117), (F(1, 2), F(1, 2)))
    shown = _roots_outside(A, 9, 932)
    assert sum(shown) >= 900
    for l0 in range(0, 932, 31):
        if shown[l0]:
            assert verdict_of_poly(prefill_poly(A, l0)) is Verdict.UNSTABLE, l0


def test_runs_are_shown_with_coefficients_past_float_range():
    # p = 1e-200 makes coefficients of 665 bits, so the float bounds divide them by one power
    # of two first (float_bounds.scaled_coefficients); the exact verdict of every l0 shown is
    # the independent route
    from coupling_sym.stability.noncoprime import _roots_outside
    from coupling_sym.stability.poly import prefill_poly, shares_poly
    from coupling_sym.stability.verdict import Verdict, verdict_of_poly

    p = F(1, 10 ** 200)
    A = shares_poly((3, 9), (p, 1 - p))
    assert max(abs(int(c)) for c in A.coeffs()).bit_length() > 600
    shown = _roots_outside(A, 3, 200)
    assert sum(shown) >= 190
    for l0, outside in enumerate(shown):
        if outside:
            assert verdict_of_poly(prefill_poly(A, l0)) is Verdict.UNSTABLE, l0
