"""The mix design: proposals are coprime, distinct, within the shift, and their
verdicts agree with an independent exact Schur-Cohn test written here in Fractions."""

from fractions import Fraction
from math import gcd

import pytest

from coupling_sym.errors import ParameterError
from coupling_sym.stability.mix import design_mix


def survival_coefficients(lengths, p, l0):
    """``c_j = (l0 + 1 + j) sum_k p_k [j < l_k]``, highest degree first (from MODEL.md)."""
    L = max(lengths)
    return [(l0 + 1 + j) * sum((pk for pk, lk in zip(p, lengths) if j < lk), Fraction(0)) for j in range(L)]


def schur_cohn_stable(coeffs):
    """All roots strictly inside |z| < 1, by the Schur-Cohn reflection recursion in Fractions.

    ``coeffs`` highest degree first.  With ``a`` ascending, ``k = a_0 / a_n``; stable iff
    ``|k| < 1`` and ``(a - k rev(a)) / z`` is stable (Schur's theorem).
    """
    a = [Fraction(c) for c in reversed(coeffs)]          # ascending
    while len(a) > 1 and a[0] == 0:                        # roots at 0 are inside
        a = a[1:]
    while len(a) > 1:
        k = a[0] / a[-1]
        if abs(k) >= 1:
            return False
        rev = a[::-1]
        a = [x - k * y for x, y in zip(a, rev)][1:]
    return True


def test_schur_cohn_reference_on_known_polynomials():
    assert schur_cohn_stable([4, 5, 3])          # |z|^2 = 3/4
    assert not schur_cohn_stable([4, 5, 4])      # |z| = 1
    assert not schur_cohn_stable([1, 2, 3])      # |z|^2 = 3


@pytest.mark.parametrize("lengths, rates, l0, shift", [
    ((4, 6), None, 20, 2), ((4, 6), (1, 3), 20, 2), ((6, 9, 12), None, 40, 1), ((2, 4), None, 3, 1),
])
def test_proposals_coprime_within_shift_and_stable_by_schur_cohn(lengths, rates, l0, shift):
    design = design_mix(lengths, rates, l0, shift, top=4)
    assert gcd(*design.lengths) > 1
    assert design.proposals
    for row in design.proposals:
        assert gcd(*row.lengths) == 1
        assert len(set(row.lengths)) == len(row.lengths)
        assert all(abs(new - old) <= shift for new, old in zip(row.lengths, lengths))
        assert row.shifts == tuple(new - old for new, old in zip(row.lengths, lengths))
        assert row.change == sum(abs(s) for s in row.shifts)
        assert schur_cohn_stable(survival_coefficients(row.lengths, design.p, l0))
    keys = [(row.change, row.rho) for row in design.proposals]
    assert keys == sorted(keys)


def test_nearest_level_is_complete_and_nothing_nearer_is_missed():
    # Brute force over every candidate, judged by the reference Schur-Cohn test alone.
    lengths, l0, shift = (4, 6), 20, 2
    p = (Fraction(1, 2), Fraction(1, 2))
    good = {}
    for da in range(-shift, shift + 1):
        for db in range(-shift, shift + 1):
            cand = (4 + da, 6 + db)
            if min(cand) >= 1 and cand[0] != cand[1] and gcd(*cand) == 1 \
                    and schur_cohn_stable(survival_coefficients(cand, p, l0)):
                good[cand] = abs(da) + abs(db)
    nearest = min(good.values())
    design = design_mix(lengths, None, l0, shift, top=1)
    best_level = {c for c, v in good.items() if v == nearest}
    assert {row.lengths for row in design.proposals} <= best_level
    everything = design_mix(lengths, None, l0, shift, top=len(best_level))
    assert {row.lengths for row in everything.proposals} == best_level


def test_given_tiers_verdict_is_reported():
    # gcd 2: roots near -1 outside for l0 = 4 (reference Schur-Cohn says not stable)
    design = design_mix((4, 6), None, 4, 1)
    assert design.verdict != "stable"
    assert not schur_cohn_stable(survival_coefficients((4, 6), design.p, 4))


def test_no_proposal_when_shift_zero():
    assert design_mix((4, 6), None, 4, 0).proposals == ()


@pytest.mark.parametrize("kwargs, message", [
    ({"lengths": [0, 4]}, r"lengths\[0\] must be a positive integer; got 0"),
    ({"lengths": [4, 4]}, r"lengths must be a list of distinct tiers; got \[4, 4\]"),
    ({"lengths": [4, 6], "max_shift": -1}, r"max_shift must be a non-negative integer; got -1"),
    ({"lengths": [4, 6], "top": 0}, r"top must be a positive integer; got 0"),
    ({"lengths": [4, 6], "l0": -2}, r"l0 must be a non-negative integer; got -2"),
    ({"lengths": [4, 6], "rates": [1, -1]}, r"lambda_B must be > 0; got -1"),
    ({"lengths": [100, 200, 300, 400], "max_shift": 20}, r"max_shift must be small enough"),
])
def test_bad_input(kwargs, message):
    with pytest.raises(ParameterError, match=message):
        design_mix(**kwargs)
