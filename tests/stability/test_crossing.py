"""Crossing values of l0: where a root of P_l0 sits on the unit circle."""

from fractions import Fraction as F
from math import gcd

import numpy as np
import pytest
from flint import fmpz_poly

from coupling_sym.stability.crossing import crossing_values, critical_point_poly
from coupling_sym.stability.poly import shares_poly


def test_pair_2_3_by_hand():
    # A = z^2 + z + 1/2 ~ 2z^2 + 2z + 1.  On z = e^(i th): |A|^2 ~ 9 + 12 cos th + 4 cos 2th, whose
    # derivative vanishes at th = 0, pi and cos th = -3/4.  There P_l0 = (l0+1) z^2 + (l0+2) z
    # + (l0+3)/2 has the complex pair with |z|^2 = (l0+3)/(2(l0+1)) = 1 at l0 = 1, whose real
    # part -(l0+2)/(2(l0+1)) = -3/4 matches.  z = 1 gives t = A'(1)/A(1) = 6/5, l0 = -9/5;
    # z = -1 gives t = -A'(-1)/A(-1) = 2, l0 = -1.
    A = shares_poly((2, 3), (F(1, 2), F(1, 2)))
    R, _ = critical_point_poly(A)
    assert R == fmpz_poly([3, 4])
    crossings = crossing_values(A)
    exact = sorted((c.low, c.high) for c in crossings if c.low == c.high)
    assert exact == [(F(-9, 5), F(-9, 5)), (F(-1), F(-1))]
    [inner] = [c for c in crossings if c.low != c.high]
    assert inner.low < 1 < inner.high and inner.width < F(1, 8)
    assert abs(inner.z.real + 0.75) < 1e-9 and abs(abs(inner.z) - 1) < 1e-9


@pytest.mark.parametrize("l_A, l_B", [(3, 5), (4, 7), (2, 9), (5, 8), (4, 6), (6, 9)])
def test_every_crossing_is_a_root_on_the_circle(l_A, l_B):
    # At the crossing value, P_l0 evaluated at the reported z vanishes (float check: the
    # enclosures are narrower than 1/8, so |P| <= |dP/dl0| * 1/8 + rounding, dP/dl0 = A).
    p = (F(1, 3), F(2, 3))
    A = shares_poly((l_A, l_B), p)
    coeffs = [float(c) for c in reversed(A.coeffs())]
    L = l_B
    for c in crossing_values(A, gcd(l_A, l_B)):
        z = c.z
        t = c.value + L
        a = np.polyval(coeffs, z)
        da = np.polyval(np.polyder(coeffs), z)
        residual = abs(t * a - z * da)
        assert abs(abs(z) - 1) < 1e-9
        assert residual <= abs(a) * (float(c.width) + 1e-6) + 1e-6 * (1 + t) * np.sum(np.abs(coeffs))


def test_poles_are_divided_out_for_non_coprime_pairs():
    # (4, 8): A vanishes at the nontrivial 4th roots of unity; x = cos(2 pi j / 4) = 0, -1
    A = shares_poly((4, 8), (F(1, 2), F(1, 2)))
    R, _ = critical_point_poly(A, 4)
    assert R(0) != 0 and R(-1) != 0 and R(1) != 0


@pytest.mark.parametrize("lengths", [(9, 11), (3, 14), (5, 18), (2, 31), (16, 25), (63, 64)])
def test_float_brackets_and_flint_isolation_agree(lengths):
    # Two isolation routes for the critical points: float proposals certified by signs,
    # and python-flint's certified complex_roots.  Same count, and each bracket holds one ball.
    from coupling_sym.stability.crossing import _flint_balls, _float_brackets

    A = shares_poly(lengths, (F(1, 2), F(1, 2)))
    R, h = critical_point_poly(A, gcd(*lengths))
    balls = sorted(float(item[1].mid()) for item in _flint_balls(R))
    brackets = _float_brackets(R, h) or []
    assert len(balls) == R.degree()
    for lo, hi in brackets:
        assert sum(lo <= x <= hi for x in balls) == 1


def test_batched_proposals_give_the_same_certified_brackets():
    # Proposals computed for many polynomials in one numpy pass (padded, another grid) must
    # lead to the same certified brackets' roots as the one-polynomial pass: each bracket
    # of one route holds exactly one bracket midpoint of the other.
    from coupling_sym.stability import crossing

    lengths = [(5, 7), (2, 31), (16, 25), (11, 40), (3, 4)]
    polys = [shares_poly(pair, (F(1, 3), F(2, 3))) for pair in lengths]
    single = []
    for A in polys:
        R, h = critical_point_poly(A)
        single.append(crossing._float_brackets(R, h))
    crossing.propose_critical_points(polys)
    for A, alone in zip(polys, single):
        R, h = critical_point_poly(A)
        assert tuple(h) in crossing._PROPOSALS
        batched = crossing._float_brackets(R, h)
        assert len(batched) == len(alone) == R.degree()
        for lo, hi in batched:
            assert sum(lo <= (a + b) / 2 <= hi or a <= (lo + hi) / 2 <= b for a, b in alone) >= 1
    assert not crossing._PROPOSALS                       # each proposal is used once


@pytest.mark.parametrize("lengths", [(5, 7), (13, 29), (20, 31)])
def test_real_and_complex_enclosures_of_a_crossing_overlap(lengths):
    # Two routes to the same crossing value: N(x)/V(x) in real balls, Re(z A'/A) in complex
    # balls at z = x + i sqrt(1 - x^2).  Both are rigorous, so the balls must overlap.
    from flint import ctx

    from coupling_sym.stability.crossing import _Evaluator, _float_brackets

    A = shares_poly(lengths, (F(1, 2), F(1, 2)))
    R, h = critical_point_poly(A)
    evaluator = _Evaluator(A, lengths[1], h)
    with ctx.workprec(128):
        balls = [evaluator._ball(bracket) for bracket in _float_brackets(R, h)]
        real = evaluator._values(balls)
        complex_ = evaluator._complex_values(balls)
    assert len(balls) == R.degree()
    for a, b in zip(real, complex_):
        # x is known to ~1e-14 and t runs up to a few thousand with slope ~ t^2 in x: the
        # complex ball stays far below the width 1/16 that would send it to refinement
        assert a.overlaps(b) and b.rad() < 1e-3


def test_first_enclosures_skip_the_numerator_only_where_the_quotient_is_unbounded():
    # Independent route: the quotient N/V formed at every point (as one writes it first),
    # each wide one (unbounded included) redone in complex balls.  Skipping N where the ball
    # of V holds 0 must give the very same balls, point by point.
    from flint import ctx

    from coupling_sym.stability.crossing import _WIDE, _Evaluator, _float_brackets

    A = shares_poly((45, 95), (F(1, 2), F(1, 2)))
    R, h = critical_point_poly(A)
    evaluator = _Evaluator(A, 95, h)
    with ctx.workprec(64):
        balls = [evaluator._ball(bracket) for bracket in _float_brackets(R, h)]
        bottoms = evaluator.V.evaluate(balls, algorithm="iter")
        quotients = [top / bottom - 95 for top, bottom in zip(evaluator.N.evaluate(balls, algorithm="iter"), bottoms)]
        expected = [evaluator._complex_values([ball])[0] if not q.rad() < _WIDE else q
                    for ball, q in zip(balls, quotients)]
        got = evaluator._values(balls)
    unbounded = sum(bottom.contains(0) for bottom in bottoms)
    assert 0 < unbounded < len(balls)                  # both kinds of point occur at this length
    assert all(not q.is_finite() for q, bottom in zip(quotients, bottoms) if bottom.contains(0))
    def exact(ball):                                   # nan != nan: compare unbounded balls by kind
        return (ball.mid(), ball.rad()) if ball.is_finite() else "unbounded"

    assert [exact(g) for g in got] == [exact(e) for e in expected]


def test_refinements_computed_together_are_those_computed_one_by_one():
    # (65, 82) at p = 1/10 has first enclosures at least 1 wide, even in the centred form
    # (few pairs do); the independent route is Crossing.refined() on each crossing alone
    from fractions import Fraction

    from coupling_sym.stability.crossing import crossing_values, with_refinements
    from coupling_sym.stability.poly import shares_poly

    A = shares_poly((65, 82), (Fraction(1, 10), Fraction(9, 10)))
    crossings = crossing_values(A, refine=False)
    wide = [i for i, c in enumerate(crossings) if c.width >= 1]
    assert len(wide) >= 2
    together = with_refinements(crossings, range(len(crossings)))
    assert [(c.low, c.high) for c in together] == [(c.low, c.high) for c in crossings]   # first enclosures kept
    for first, batched in zip(crossings, together):
        alone = first.refined()
        assert (batched.refined().low, batched.refined().high) == (alone.low, alone.high)
    for i in wide:                       # narrow now, and both enclosures hold the same value: they meet
        refined = crossings[i].refined()
        assert refined.width < 0.125 and refined.low <= crossings[i].high and refined.high >= crossings[i].low


def test_product_by_rows_is_the_product():
    # The proposals' sampling product, at the shape of a batch at l_B ~ 96: rows of sin(j k),
    # weights scaled to |w| <= 1.  Independent route: one matrix product.  Both sum the same
    # 95 terms of size <= 1, so any difference comes from the order of the sums: below
    # 95 * 2 * 2^-53 (rounding bound of a 95-term dot product).
    from coupling_sym.stability.crossing import _product_by_rows

    rng = np.random.default_rng(7)
    grid = np.linspace(0.0, np.pi, 8 * 95 + 33)[1:-1]
    left = np.sin(np.outer(grid, np.arange(1, 96)))
    right = rng.uniform(-1, 1, (95, 128))
    rows = _product_by_rows(left, right)
    assert rows.shape == (len(grid), 128)
    assert np.max(np.abs(rows - left @ right)) <= 95 * 2 * 2.0 ** -53


def test_centred_complex_values_hold_the_values_and_are_narrow(monkeypatch):
    # (61, 128) at p = 1/2: over the float brackets (about 1e-14 wide) of its critical points,
    # Horner in complex rectangles widens by up to sqrt 2 a step.  Independent route: mpmath
    # at 200 digits, t = Re(z A'(z) / A(z)) - L at z = x + i sqrt(1 - x^2) for each end x of a
    # bracket (an exact float), must lie in the centred enclosure of the whole bracket; and
    # the centred enclosures must be narrower than the direct ones (measured: median 290
    # against 1.2e-3 for |A|).
    from fractions import Fraction

    import mpmath
    from flint import arb, ctx

    from coupling_sym.stability import crossing
    from coupling_sym.stability.crossing import _Evaluator, _isolate, critical_point_poly
    from coupling_sym.stability.poly import shares_poly

    A = shares_poly((61, 128), (Fraction(1, 2), Fraction(1, 2)))
    R, h = critical_point_poly(A, 1)
    evaluator = _Evaluator(A, 128, h)
    brackets = [(lo, hi) for kind, lo, hi, *_ in _isolate(R, h) if kind == "bracket"][::8]
    assert len(brackets) >= 10
    with ctx.workprec(64):
        balls = [arb(lo).union(arb(hi)) for lo, hi in brackets]
        centred = evaluator._complex_values(balls)
        monkeypatch.setattr(crossing, "_NARROW", arb(0))                  # no ball is narrow enough
        direct = evaluator._complex_values(balls)
        monkeypatch.undo()
    descending = [int(c) for c in reversed(A.coeffs())]
    narrower = 0
    with mpmath.workdps(200):
        for (lo, hi), ball, value, wide in zip(brackets, balls, centred, direct):
            assert ball.rad() < crossing._NARROW
            for end in (lo, hi):
                x = mpmath.mpf(end)                                             # floats are exact in mpf
                z = mpmath.mpc(x, mpmath.sqrt(1 - x * x))
                a, slope = mpmath.polyval(descending, z, derivative=True)
                t = mpmath.re(z * slope / a) - 128
                with ctx.workprec(700):
                    reference = arb(mpmath.nstr(t, 190, strip_zeros=False))    # rounding below 1e-180
                assert reference.rad() < value.rad() and value.contains(reference), end
            narrower += value.rad() < wide.rad() / 1000
    assert narrower >= len(brackets) // 2


def test_signs_are_exact_where_the_first_ball_holds_zero():
    # R = (q x - m)^2 - 1 with x0 = 0.7 = m / q, q = 2^52: R(x0) = -1 exactly, but Horner's
    # middle product is -m^2 (106 bits), which a 64-bit ball rounds by about 2^42, so the
    # first ball holds 0 and the sign comes from the evaluation at twice the precision.  At
    # the next float (m + 1) / q the value is 0, which only the exact evaluation can tell.
    # Exact rational values are the reference.
    from flint import fmpq, fmpz_poly

    from coupling_sym.stability.crossing import _ball_signs, _signs

    x0 = 0.7
    m, q = x0.as_integer_ratio()
    assert q == 2 ** 52
    R = fmpz_poly([m * m - 1, -2 * q * m, q * q])
    assert _ball_signs(R, [x0], 64) == [0]               # the first ball cannot tell
    assert _ball_signs(R, [x0], 128) == [-1]             # the second can
    points = [x0, (m + 1) / q, fmpq(1, 3), -0.5, 0.9999999999999999]
    expected = [(v > 0) - (v < 0) for v in (R(fmpq(*x.as_integer_ratio()) if isinstance(x, float) else x)
                                           for x in points)]
    assert expected[:2] == [-1, 0]
    assert _signs(R, points, 64) == expected


def test_signs_of_a_long_critical_point_polynomial_match_exact_values():
    from flint import fmpq

    from coupling_sym.stability.crossing import _signs, critical_point_poly
    from coupling_sym.stability.poly import shares_poly

    R, _ = critical_point_poly(shares_poly((61, 96), (F(1, 2), F(1, 2))), 1)
    points = [float(x) for x in np.linspace(-0.999, 0.999, 101)]
    exact = [R(fmpq(*x.as_integer_ratio())) for x in points]
    assert _signs(R, points) == [(v > 0) - (v < 0) for v in exact]
