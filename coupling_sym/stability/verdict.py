"""Exact unit-circle verdicts for polynomials with rational coefficients.

A polynomial ``P`` (coefficients highest degree first, see :mod:`.poly`) is

* ``stable``    -- every root strictly inside the unit circle ``|z| < 1``;
* ``on-circle`` -- no root outside, at least one root with ``|z| = 1``;
* ``unstable``  -- at least one root with ``|z| > 1``.

A constant has no roots and is ``stable``.  The decision is made in integer or
rigorous ball arithmetic (python-flint ``fmpz_poly``, ``arb_poly``), never with a float:

1. **Schur-Cohn.**  With ``P* (z) = z^n P(1/z)`` and ``a_0 = P(0)``, ``a_n`` the leading
   coefficient, ``P`` is stable iff ``|a_0| < |a_n|`` and
   ``T P = (a_n P - a_0 P*) / z`` (degree ``n - 1``) is stable (Rouche on ``|z| = 1``,
   where ``|P*| = |P|``).  The pair ``(P, P*)`` is updated together,
   ``(T P)* = a_n P* - a_0 P``.  The recursion runs first in arb ball arithmetic
   (rigorous enclosures, so a decided comparison is a proof) and, when a ball cannot
   decide ``|a_0| < |a_n|``, again in integers with the common content divided out at
   each step (the integers stay as small as the rational Schur polynomials).
2. **Unit-circle roots.**  Every root of ``P`` on the circle is a root of
   ``G = gcd(P, P*)`` with its full multiplicity, so ``P / G`` has none and its Schur-Cohn
   answer decides whether a root lies outside.  ``G`` is self-inversive; after removing
   ``z - 1`` and ``z + 1`` its squarefree part is ``z^m W(z + 1/z)``, and all its roots
   lie on the circle iff ``W`` has ``m`` real roots in ``(-2, 2)`` (certified real root
   isolation by python-flint; ``W(+-2) != 0``); a product of cyclotomic factors is
   accepted at once.

:func:`limit_verdict` decides the model's ``A`` faster: its coefficients decrease, so
all roots lie in the closed disk (Enestrom-Kakeya) and ``gcd(A, A*)`` alone tells
``stable`` from ``on-circle``.
"""

from __future__ import annotations

import math
from enum import Enum
from fractions import Fraction
from typing import Sequence

from flint import acb, acb_poly, arb_poly, ctx, fmpz_poly

from .poly import as_coefficients, integer_poly, reverse, scaled_floats, turning_bits

__all__ = ["Verdict", "certify_stability", "verdict_of_poly", "limit_verdict", "is_schur_stable", "unit_circle_part",
           "roots_all_on_circle", "unit_roots_are_roots_of_unity", "root_outside_near", "roots_inside_radius"]


class Verdict(str, Enum):
    """Where the roots of a polynomial lie relative to the unit circle.

    Examples
    --------
    >>> certify_stability([1, 0, 1])           # z^2 + 1: roots +-i on the circle
    <Verdict.ON_CIRCLE: 'on-circle'>
    >>> str(certify_stability([1, -3])), Verdict("stable") is Verdict.STABLE
    ('unstable', True)
    """

    STABLE = "stable"
    ON_CIRCLE = "on-circle"
    UNSTABLE = "unstable"

    def __str__(self) -> str:
        return self.value


def certify_stability(coeffs: Sequence) -> Verdict:
    """Exact verdict for a polynomial with rational coefficients (highest degree first).

    Parameters
    ----------
    coeffs : sequence of int or Fraction
        Exact coefficients, highest degree first, leading coefficient non-zero.

    Returns
    -------
    Verdict

    Raises
    ------
    ParameterError
        If ``coeffs`` is empty, not exact or has a zero leading coefficient.

    Examples
    --------
    >>> certify_stability([4, 5, 3])          # P_3 for l_A=2, l_B=3, p=1/2
    <Verdict.STABLE: 'stable'>
    >>> certify_stability([4, 5, 4]).value    # |z|^2 = 4/4 for the complex pair
    'on-circle'
    >>> certify_stability([1, 2, 3]).value    # |z|^2 = 3
    'unstable'
    """
    return verdict_of_poly(integer_poly(as_coefficients(coeffs)))


def verdict_of_poly(poly) -> Verdict:
    """Exact verdict for a non-zero ``flint.fmpz_poly`` (ascending coefficients).

    Examples
    --------
    >>> from flint import fmpz_poly
    >>> verdict_of_poly(fmpz_poly([1, 0, 1])).value   # z^2 + 1: roots +-i
    'on-circle'
    """
    poly = _strip_zero_roots(poly)
    if poly.degree() <= 0 or is_schur_stable(poly):
        return Verdict.STABLE
    common = poly.gcd(reverse(poly))
    if common.degree() == 0:
        return Verdict.UNSTABLE
    if not is_schur_stable(poly // common):
        return Verdict.UNSTABLE
    return Verdict.ON_CIRCLE if roots_all_on_circle(common) else Verdict.UNSTABLE


def limit_verdict(A) -> Verdict:
    """Exact verdict of the model's ``A`` (``fmpz_poly``): Enestrom-Kakeya, then ``gcd(A, A*)``.

    ``A(z) = sum_j s_j z^(L-1-j)`` has positive coefficients that do not increase from the
    leading one down (``s_0 >= s_1 >= .. > 0``), so by the Enestrom-Kakeya theorem every
    root has ``|z| <= 1``.  A root on the circle is then exactly a common root of ``A`` and
    ``A*`` (any root of ``gcd(A, A*)`` comes with ``1/conj(z)``, and both lie in the closed
    disk).  Falls back to :func:`verdict_of_poly` for other coefficient patterns.

    Examples
    --------
    >>> from flint import fmpz_poly
    >>> limit_verdict(fmpz_poly([1, 2, 2])).value, limit_verdict(fmpz_poly([1, 1, 2, 2])).value
    ('stable', 'on-circle')
    """
    coeffs = A.coeffs()                      # ascending: a_0 <= a_1 <= .. <= a_n
    if A.degree() < 1 or coeffs[0] <= 0 or any(coeffs[i] > coeffs[i + 1] for i in range(len(coeffs) - 1)):
        return verdict_of_poly(A)
    return Verdict.ON_CIRCLE if A.gcd(reverse(A)).degree() > 0 else Verdict.STABLE


def root_outside_near(poly, guesses) -> bool:
    """Is a root of the ``fmpz_poly`` with ``|z| > 1`` proven to lie near one of the ``guesses``?

    From each guess, Newton steps in complex floats give a point ``w``; then in complex
    ball arithmetic ``n |P(w) / P'(w)| < |w| - 1`` (``n`` the degree) proves a root outside
    the circle: ``P'/P = sum_i 1 / (w - z_i)`` forces some root ``z_i`` within
    ``n |P(w) / P'(w)|`` of ``w``.  ``True`` is a proof that ``P`` is ``unstable``; ``False``
    only means "not shown".  The floats merely choose ``w``.  The balls carry ``64 + n / 2``
    bits: a complex ball is a rectangle, and each Horner step by ``w`` turns it, so its
    enclosing rectangle grows by up to ``sqrt 2`` a step (:func:`.poly.turning_bits`).

    Examples
    --------
    >>> from flint import fmpz_poly
    >>> P = fmpz_poly([3, -8, 4])             # 4z^2 - 8z + 3 = (2z - 1)(2z - 3): roots 1/2, 3/2
    >>> root_outside_near(P, [1.4]), root_outside_near(P, [0.6])
    (True, False)
    """
    n = poly.degree()
    if n < 1:
        return False
    coeffs = [int(c) for c in poly.coeffs()]                      # ascending
    floats = scaled_floats(reversed(coeffs))               # same roots; float(c) overflows past 1e308
    exact = slope = None
    for guess in guesses:
        w = complex(guess)
        for _ in range(8):
            value = deriv = 0j
            for c in floats:                                          # Horner for P and P'
                deriv = deriv * w + value
                value = value * w + c
            if deriv == 0:
                break
            step = value / deriv
            w -= step
            if abs(step) <= 1e-15 * abs(w):
                break
        if not math.isfinite(abs(w)):
            continue
        with ctx.workprec(64 + turning_bits(n)):
            if exact is None:
                exact = acb_poly(coeffs)
                slope = exact.derivative()
            z = acb(w.real, w.imag)
            if abs(z) - 1 - n * abs(exact(z) / slope(z)) > 0:      # arb: True only when proven
                return True
    return False


def _strip_zero_roots(poly):
    """Divide out ``z^k``: roots at 0 are inside and do not affect the verdict."""
    shift = 0
    while poly[shift] == 0:
        shift += 1
    return poly.right_shift(shift) if shift else poly


def is_schur_stable(poly) -> bool:
    """True iff every root of the ``fmpz_poly`` lies strictly inside the unit circle.

    ``poly(0)`` must be non-zero.  The Schur-Cohn recursion (module notes) runs first
    in ball arithmetic (arb, 128 bits), which decides unless a reflection coefficient's
    ball touches modulus 1; then it runs again at four times the precision, and only
    when that does not decide either in exact integers.

    Examples
    --------
    >>> from flint import fmpz_poly
    >>> is_schur_stable(fmpz_poly([3, 5, 4])), is_schur_stable(fmpz_poly([4, 5, 4]))
    (True, False)
    """
    if poly.degree() <= 0:
        return True
    if poly.degree() < 12:            # small: integers are as fast as balls
        return _schur_exact(poly)
    prec = 64 if poly.degree() < 40 else 128
    answer = _schur_in_balls(poly, prec)
    if answer is None:
        # near l0* the reflection coefficients of long lengths come close to modulus 1 and
        # the balls lose more bits than 128: four times the precision decides these (about
        # 6 ms at degree 127, where the integer recursion takes 40 ms); a ball still touching
        # |k| = 1 (e.g. a root on the circle) goes to the integers
        answer = _schur_in_balls(poly, 4 * prec)
    return _schur_exact(poly) if answer is None else answer


def _schur_in_balls(poly, prec: int) -> bool | None:
    """The recursion with ``k = a_0 / a_n`` in arb balls; ``None`` when a ball touches ``|k| = 1``."""

    coeffs = [int(c) for c in poly.coeffs()]
    n = len(coeffs) - 1
    with ctx.workprec(prec):
        P, S = arb_poly(coeffs), arb_poly(coeffs[::-1])
        while n > 0:
            k = P[0] / P[n]
            size = abs(k)
            if not size < 1:
                return False if size >= 1 else None
            # (P - k S) has a zero constant term exactly; dropping it is the division by z
            P, S = (P - k * S).right_shift(1), S - k * P
            n -= 1
    return True


def _schur_exact(poly) -> bool:
    """The recursion in integers, contents divided out at each step."""
    n = poly.degree()
    P, S = poly, reverse(poly)
    while n > 0:
        a0, an = P[0], P[n]
        if abs(a0) >= abs(an):
            return False
        P, S = (an * P - a0 * S).right_shift(1), an * S - a0 * P
        n -= 1
        content = P.content()
        if content != 1:
            P, S = P // content, S // content
    return True


def roots_inside_radius(poly, radius: Fraction) -> bool:
    """True iff every root of the non-zero ``fmpz_poly`` has ``|z| < radius`` (exact, ``radius > 0``).

    With ``radius = a / b``, the roots of ``Q(z) = b^n P(a z / b)`` are those of ``P``
    divided by ``radius``, so the question is whether ``Q`` (integer coefficients
    ``c_i a^i b^(n-i)``) is stable: one Schur-Cohn recursion, no float.

    Examples
    --------
    >>> from fractions import Fraction
    >>> P = fmpz_poly([3, 5, 4])                 # 4z^2 + 5z + 3: |z| = sqrt(3)/2 = 0.866..
    >>> roots_inside_radius(P, Fraction(87, 100)), roots_inside_radius(P, Fraction(86, 100))
    (True, False)
    """
    poly = _strip_zero_roots(poly)
    n = poly.degree()
    a, b = radius.numerator, radius.denominator
    scaled = fmpz_poly([int(c) * a ** i * b ** (n - i) for i, c in enumerate(poly.coeffs())])
    return is_schur_stable(scaled)


def unit_circle_part(poly):
    """``gcd(P, P*)``: holds every unit-circle root of ``P`` with its multiplicity."""
    poly = _strip_zero_roots(poly)
    return poly.gcd(reverse(poly))


def unit_roots_are_roots_of_unity(A, d: int) -> bool:
    """Is ``gcd(A, A*)`` exactly ``1 + z + .. + z^(d-1)`` (just ``1`` when ``d = 1``)?

    ``gcd(A, A*)`` carries every unit-circle root of ``A`` with its multiplicity, so
    equality means: the unit-circle roots are the nontrivial ``d``-th roots of unity,
    each simple, and ``A`` has no pair of roots ``z, 1/z`` off the circle.

    Examples
    --------
    >>> from fractions import Fraction
    >>> from coupling_sym.stability.poly import shares_poly
    >>> A = shares_poly((2, 4), (Fraction(1, 2), Fraction(1, 2)))   # 2z^3 + 2z^2 + z + 1
    >>> unit_roots_are_roots_of_unity(A, 2)
    True
    """

    common = unit_circle_part(A)
    if common.leading_coefficient() < 0:
        common = -common
    return common == fmpz_poly([1] * d)


def roots_all_on_circle(poly) -> bool:
    """True iff every root of the non-constant self-inversive ``fmpz_poly`` has ``|z| = 1``.

    Examples
    --------
    >>> from flint import fmpz_poly
    >>> roots_all_on_circle(fmpz_poly([1, 1, 1])), roots_all_on_circle(fmpz_poly([2, -5, 2]))
    (True, False)
    """

    factors = [factor for factor, _ in poly.factor()[1]]
    if all(factor.is_cyclotomic() for factor in factors):
        return True                     # every root is a root of unity
    part = fmpz_poly(1)
    for factor in factors:
        part *= factor
    for root in (1, -1):
        while part.degree() > 0 and part(root) == 0:
            part = part // fmpz_poly([-root, 1])
    m, rest = divmod(part.degree(), 2)
    if m == 0 and rest == 0:
        return True
    coeffs = part.coeffs()
    if rest or (coeffs != coeffs[::-1] and coeffs != [-c for c in coeffs[::-1]]):
        return False
    return _real_roots_inside(_dickson_form(coeffs, m), m)


def _dickson_form(coeffs, m: int):
    """``W`` with ``z^-m G(z) = W(z + 1/z)`` for a palindromic ``G`` of degree ``2m``."""

    y = fmpz_poly([0, 1])
    prev, cur = fmpz_poly(2), y            # D_0 = 2, D_1 = y;  D_k(z + 1/z) = z^k + z^-k
    W = fmpz_poly(coeffs[m])
    for k in range(1, m + 1):
        W += coeffs[m + k] * cur
        prev, cur = cur, y * cur - prev
    return W


def _real_roots_inside(W, m: int) -> bool:
    """Are all ``m`` roots of the squarefree ``W`` real and in ``(-2, 2)`` (``W(+-2) != 0``)?"""

    prec = 64
    while True:
        with ctx.workprec(prec):
            roots = W.complex_roots()
        if any(not root.imag.is_zero() for root, _ in roots):   # arb marks real roots exactly
            return False
        undecided = False
        for root, _ in roots:
            x = root.real
            if x < 2 and x > -2:
                continue
            if x > 2 or x < -2:
                return False
            undecided = True      # the ball touches +-2, where W does not vanish: refine
        if not undecided:
            return sum(mult for _, mult in roots) == m
        prec *= 2
