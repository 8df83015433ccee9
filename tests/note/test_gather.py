"""The results gathered for the note, checked against hand derivations and theorems."""

from __future__ import annotations

from fractions import Fraction
from math import comb, gcd, pi, sqrt

import numpy as np
import pytest

from coupling_sym import note as T
from coupling_sym.note.gather import SHARES


def test_limit_verdict_is_stable_exactly_for_coprime_pairs():
    rows = T.gather_limit(range(2, 8))
    assert len(rows) == comb(6, 2)
    for row in rows:
        assert row.verdict == ("stable" if gcd(row.l_A, row.l_B) == 1 else "on-circle")
        if row.verdict == "stable":
            assert row.rho < 1
    # A = z^2 + z + 1/2 for (2, 3), p = 1/2: roots (-1 +- i) / 2, modulus 1/sqrt(2);
    # the radius is computed at 30 digits, so double precision is the only error.
    (first,) = [r for r in rows if (r.l_A, r.l_B) == (2, 3)]
    assert first.rho == pytest.approx(1 / sqrt(2), rel=1e-14)


def test_critical_of_pair_2_3_matches_the_quadratic_by_hand():
    # P_l0 = (l0+1) z^2 + (l0+2) z + q (l0+3).  p = 1/4, 1/2: complex roots with
    # |z|^2 = q (l0+3)/(l0+1) < 1 iff l0 > 5 (q = 3/4), l0 > 1 (q = 1/2).  p = 3/4:
    # real roots -1/2 and -(l0+3)/(2(l0+1)), inside iff l0 > 1.
    rows = {r.p: r.value for r in T.gather_critical(range(2, 4))}
    assert rows == {Fraction(1, 4): 6, Fraction(1, 2): 2, Fraction(3, 4): 2}


def test_non_coprime_pair_is_unstable_at_every_l0_checked_by_floats():
    # Independent of the certified route: numpy roots of P_l0 for (2, 4), p = 1/2.  The
    # excess rho - 1 is about 1/(l0 + 4) >= 1/204 here, far above double-precision error.
    (row,) = [r for r in T.gather_first_order(range(2, 5)) if (r.l_A, r.l_B) == (2, 4)]
    assert row.every and row.gcd == 2
    for l0 in range(0, 201):
        coeffs = [(l0 + 1 + j) * (1.0 if j < 2 else 0.5) for j in range(4)]
        assert max(abs(np.roots(coeffs))) > 1 + 1e-6


def test_first_order_excess_tends_to_one():
    # Corollary: (rho - 1)(l0 + L) = 1 + O(1/(l0 + L)); the values must approach 1 from above.
    rows = T.gather_first_order(range(2, 7), prefill=(10, 100, 1000))
    for row in rows:
        values = [row.scaled[n] for n in (10, 100, 1000)]
        assert values[0] > values[1] > values[2] > 1
        assert values[2] - 1 < (values[1] - 1) / 5   # O(1/(l0 + L)): about tenfold per decade
        assert values[2] - 1 < 0.01


def test_estimate_of_critical_length_for_pair_2_3():
    (row,) = T.gather_estimates(((2, 3),))
    # rho_A = 1/sqrt(2) by hand; estimate rho/(1-rho) - 3 = sqrt(2) + 1 - 3.
    assert row.estimate == pytest.approx(sqrt(2) - 2, rel=1e-12)
    assert row.value == 2


def test_experiment_rows_have_hand_verdicts():
    rows = {r.label: r for r in T.gather_experiments(steps=60)}
    # rho from 30-digit roots, rounded once to float64: 1e-14 covers it (and sqrt's rounding).
    # P_3 = 4z^2 + 5z + 3: |z|^2 = 3/4.  P_1 = 2z^2 + 3z + 2: |z|^2 = 1.  P_0 = z^2 + 2z + 3/2: |z|^2 = 3/2.
    assert (rows["default"].verdict, rows["default"].rho) == ("stable", pytest.approx(sqrt(3) / 2, rel=1e-14))
    on_circle, unstable = rows["default, $l_0 = 1$"], rows["default, $l_0 = 0$"]
    assert (on_circle.verdict, on_circle.rho) == ("on-circle", pytest.approx(1.0, rel=1e-14))
    assert (unstable.verdict, unstable.rho) == ("unstable", pytest.approx(sqrt(1.5), rel=1e-14))
    assert rows["non-coprime"].verdict == "unstable"
    assert all(r.steps == 60 for r in rows.values())


def test_charpoly_rows_use_the_plan_names():
    # the note's polynomial variable is z (lambda is an arrival rate there)
    (row,) = T.gather_charpoly(((2, 3),))
    assert "q" in row.P and "l_{0}" in row.P and r"z^{2}" in row.P and r"\lambda" not in row.P
    assert row.A.replace(" ", "") == r"z^{2}+z+q"


def test_prose_claims_about_critical_lengths_hold():
    # The note says l0* grows with l_B and, for fixed l_B, with l_A (largest next to l_B),
    # and is not monotone in p for every pair.
    rows = {(r.l_A, r.l_B, r.p): r.value for r in T.gather_critical()}
    for p in SHARES:
        for b in range(4, 13):
            column = [rows[(a, b, p)] for a in range(2, b) if rows[(a, b, p)] is not None]
            assert column == sorted(column)
            assert rows[(b - 1, b, p)] == max(column)
    by_pair = {(a, b): [rows[(a, b, p)] for p in SHARES] for a, b, _ in rows if rows[(a, b, _)] is not None}
    assert any(v != sorted(v) and v != sorted(v, reverse=True) for v in by_pair.values())


def test_growth_of_adjacent_pairs_matches_the_prose():
    # The note says the ratio l0* / (L^3 / (2 pi^2 p q)) rises towards 1 as L grows, and that
    # l0* of the adjacent pair (L - 1, L) is the largest for its l_B (checked for L <= 12 above).
    rows = T.gather_growth()
    for p in SHARES:
        ratios = [r.value / r.scale for r in rows if r.p == p]
        assert ratios == sorted(ratios) and 0.9 < ratios[-1] < 1.05
    # the scale itself, by hand for L = 12, p = 1/2: 1728 / (2 pi^2 / 4)
    (row,) = [r for r in rows if (r.L, r.p) == (12, Fraction(1, 2))]
    assert row.scale == pytest.approx(1728 * 2 / pi ** 2, rel=1e-15)
