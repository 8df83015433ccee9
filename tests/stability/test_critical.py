"""The critical prefill length l0*, against hand derivations and exhaustive exact verdicts."""

from fractions import Fraction as F
from math import gcd

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coupling_sym.errors import ParameterError
from coupling_sym.params import two_type_params
from coupling_sym.stability import Verdict, certify_stability, critical_l0
from coupling_sym.stability.poly import prefill_poly, shares_poly
from coupling_sym.stability.verdict import _schur_exact


def _verdict(l0, l_A, l_B, p):
    return certify_stability(two_type_params(l0, l_A, l_B, p).stage_weights)


@pytest.mark.parametrize("p, expected", [
    # (2, 3): P = (l0+1) z^2 + (l0+2) z + (l0+3) q.
    # q = 1/2: discriminant -(l0^2 + 4 l0 + 2) < 0, |z|^2 = (l0+3)/(2(l0+1)) < 1 iff l0 > 1.
    ("1/2", 2),
    # q = 2/3: discriminant < 0 for every l0, |z|^2 = 2(l0+3)/(3(l0+1)) < 1 iff l0 > 3.
    ("1/3", 4),
    # q = 1/4: discriminant 1 > 0, real roots; P(-1) = (l0-1)/4 > 0 and the vertex lies
    # in (-1, 0) for l0 > 1; P_1 has the root -1; P_0 = z^2 + 2z + 3/4 has -3/2.
    ("3/4", 2),
])
def test_pair_2_3_by_hand(p, expected):
    result = critical_l0((2, 3), p)
    assert result.value == expected
    assert _verdict(expected - 1, 2, 3, p) is not Verdict.STABLE
    assert result.method == "crossing-proof" and "exact" in result.proof


def test_crossing_at_an_integer_is_on_circle_just_below_l0_star():
    result = critical_l0((2, 3), "1/2")
    assert (1, "on-circle") in result.checks


def test_non_coprime_pairs_have_none_by_both_proofs():
    from coupling_sym.stability.critical import _critical

    for l_A, l_B in [(2, 4), (3, 6), (4, 6), (6, 9), (4, 12)]:
        result = critical_l0((l_A, l_B), "1/2")
        assert result.value is None and result.method == "perturbation-proof"
        # the crossing route reaches the same answer through an exact verdict above every crossing
        crossing = _critical((l_A, l_B), (F(1, 2), F(1, 2)), "crossing")
        assert crossing.value is None and crossing.method == "crossing-proof"
        assert crossing.checks == ((crossing.top, "unstable"),)


@pytest.mark.parametrize("l_A, l_B", [(a, b) for a in range(2, 13) for b in range(a + 1, 13) if gcd(a, b) > 1])
def test_non_coprime_finite_l0_unstable_over_a_tested_range(l_A, l_B):
    # checked, not assumed: every l0 in 0..40 has a root outside
    assert all(_verdict(l0, l_A, l_B, "1/2") is Verdict.UNSTABLE for l0 in range(41))


def test_large_pair_against_the_plain_integer_recursion():
    # l0* of (63, 64) at p = 1/2 is in the tens of thousands; confirm the two integers
    # around it with the integer-only Schur-Cohn recursion (no balls, no crossings).
    value = critical_l0((63, 64), "1/2").value
    assert 10_000 < value < 100_000
    A = shares_poly((63, 64), (F(1, 2), F(1, 2)))
    assert _schur_exact(prefill_poly(A, value))
    assert not _schur_exact(prefill_poly(A, value - 1))


@pytest.mark.parametrize("pair", [(5, 7), (11, 12), (13, 29), (20, 31), (17, 40)])
def test_every_recorded_check_agrees_with_the_integer_recursion(pair):
    # A check may be settled by a root proven outside near a crossing point instead of by
    # Schur-Cohn in balls: each recorded verdict must match the integer-only recursion
    # (stable or not; the crossing checks are never on-circle for these pairs).
    result = critical_l0(pair, "1/2")
    A = shares_poly(pair, (F(1, 2), F(1, 2)))
    assert result.checks
    for l0, verdict in result.checks:
        assert _schur_exact(prefill_poly(A, l0)) == (verdict == "stable")


pairs = st.tuples(st.integers(1, 8), st.integers(1, 8)).filter(lambda ab: ab[0] != ab[1])
shares = st.fractions(F(1, 20), F(19, 20), max_denominator=20)


@settings(max_examples=40)
@given(pairs, shares)
def test_l0_star_agrees_with_exhaustive_exact_verdicts(pair, p):
    # Second route: the exact verdict at every l0 up to well past l0* (or the top).
    result = critical_l0(pair, p)
    horizon = (result.value if result.value is not None else result.top or 40) + 25
    bad = [l0 for l0 in range(horizon) if _verdict(l0, *pair, p) is not Verdict.STABLE]
    if result.value is None:
        assert bad and bad[-1] == horizon - 1
    else:
        assert (bad[-1] + 1 if bad else 0) == result.value


def test_rates_for_k_types():
    # three types, rates 1:1:2; checked the same exhaustive way
    from coupling_sym.params import make_params

    result = critical_l0((2, 3, 5), (1, 1, 2))
    assert result.value is not None and result.p == (F(1, 4), F(1, 4), F(1, 2))
    verdicts = [certify_stability(make_params(l0, (2, 3, 5), (1, 1, 2), 1).stage_weights)
                for l0 in range(result.value + 25)]
    bad = [l0 for l0, v in enumerate(verdicts) if v is not Verdict.STABLE]
    assert (bad[-1] + 1 if bad else 0) == result.value


@pytest.mark.parametrize("lengths, p, match", [
    ((2, 3), "1", "p must be strictly between 0 and 1"),
    ((2, 3), "1/x", "p must be a number"),
    ((0, 3), "1/2", "l_A must be a positive integer"),
    ((2, 3, 4), "1/2", "p must be given for two types only"),
])
def test_bad_input(lengths, p, match):
    with pytest.raises(ParameterError, match=match):
        critical_l0(lengths, p)


def test_crossing_route_bounds_the_check_for_non_coprime_pairs():
    # (2, 4): the default route proves "no l0*" by perturbation and needs no bound; the
    # crossing route also answers "none" and says above which l0 one verdict settles all.
    from coupling_sym.stability import critical_l0

    auto = critical_l0((2, 4), "1/2")
    crossing = critical_l0((2, 4), "1/2", route="crossing")
    assert auto.value is None and crossing.value is None
    assert auto.method == "perturbation-proof" and crossing.method == "crossing-proof"
    assert crossing.top is not None and crossing.top >= 0


def test_unknown_route_is_rejected():
    import pytest

    from coupling_sym.errors import ParameterError
    from coupling_sym.stability import critical_l0

    with pytest.raises(ParameterError, match=r"^route must be one of auto, crossing; got 'fast'$"):
        critical_l0((2, 3), "1/2", route="fast")


def test_tiny_share_far_crossing():
    # (2, 3) with q = 1 - p: complex roots with |z|^2 = (l0+3) q / (l0+1) < 1 iff
    # l0 > (3q - 1) / (1 - q) = 2/p - 3.  p = 10^-13 gives l0* = 2 10^13 - 2.
    assert critical_l0((2, 3), "1e-13").value == 2 * 10**13 - 2
    # p = 10^-30 puts the crossing near 2 10^30, where floats are ~10^15 apart: the bounds
    # are exact Fractions there, and the same rule gives l0*
    assert critical_l0((2, 3), "1e-30").value == 2 * 10**30 - 2
    # near 2 10^300 the refinement cannot narrow the enclosure below 1: the exact resultant
    # route answers instead of a walk over 10^200 integers
    assert critical_l0((2, 3), "1e-300").value == 2 * 10**300 - 2


def test_refining_the_highest_by_heap_refines_what_a_scan_refines(monkeypatch):
    # Wide first enclosures reaching above the narrow ones are rare since the centred form:
    # evaluated directly in complex balls (no centred form), (45, 95) at p = 1/2 has hundreds
    # of wide and unbounded ones.  Independent route: the scan written first, one max() over
    # all crossings per refinement (the first of equal highs).
    from fractions import Fraction

    from coupling_sym.stability import crossing
    from coupling_sym.stability.critical import _refine_highest
    from coupling_sym.stability.crossing import crossing_values
    from coupling_sym.stability.poly import shares_poly

    monkeypatch.setattr(crossing, "_NARROW", crossing.arb(0))          # no ball is narrow enough
    crossings = [c for c in crossing_values(shares_poly((45, 95), (Fraction(1, 2), Fraction(1, 2))),
                                            refine=False, above=0) if c.high >= 0]
    scanned = list(crossings)
    while scanned:
        highest = max(range(len(scanned)), key=lambda i: scanned[i].high)
        if scanned[highest].width < 1 or scanned[highest]._source is None:
            break
        scanned[highest] = scanned[highest].refined()
    heaped = _refine_highest(crossings)
    assert sum(a is not b for a, b in zip(scanned, crossings)) >= 2          # refinements happened
    assert [(c.low, c.high) for c in heaped] == [(c.low, c.high) for c in scanned]
