"""Exact polynomials for the stability questions: one validation gate, one conversion.

Convention: everywhere in :mod:`coupling_sym.stability` a polynomial is given as a
sequence of exact coefficients **highest degree first** (like sympy's ``all_coeffs``),
so ``(4, 5, 3)`` is ``4 z^2 + 5 z + 3``.  Internally it becomes a primitive
``flint.fmpz_poly`` (integer coefficients, content 1), which stores coefficients in
**ascending** order; :func:`integer_poly` is the one place where the order flips.

The model's polynomials (see ``docs/model.md``):

* ``A(z) = sum_j s_j z^(L-1-j)``, ``s_j = sum_k p_k [j < l_k]``: coefficients
  ``ModelParams.stage_shares``; ``(1 - z) A(z)`` is the limiting form.
* ``P_l0(z) = (l0 + L) A(z) - z A'(z) = sum_j (l0 + 1 + j) s_j z^(L-1-j)``:
  coefficients ``ModelParams.stage_weights``.
"""

from __future__ import annotations

from fractions import Fraction
from functools import lru_cache
from math import gcd, lcm
from numbers import Rational
from typing import Sequence

from flint import fmpz_poly

from ..errors import parameter_error

__all__ = ["as_coefficients", "integer_poly", "reverse", "shares_poly", "prefill_poly", "scaled_floats", "turning_bits"]


def as_coefficients(coeffs: object, name: str = "coeffs") -> tuple[Fraction, ...]:
    """Validate exact coefficients (highest degree first) and return them as Fractions.

    Leading zeros are rejected rather than stripped: the degree is part of the question
    (a root at infinity is not "inside").

    Raises
    ------
    ParameterError
        If ``coeffs`` is empty, holds a non-rational value (a float included: floats
        never enter an exact verdict) or has a zero leading coefficient.

    Examples
    --------
    >>> as_coefficients([4, 5, 3])
    (Fraction(4, 1), Fraction(5, 1), Fraction(3, 1))
    >>> as_coefficients([0, 1])
    Traceback (most recent call last):
    ...
    coupling_sym.errors.ParameterError: coeffs must be a sequence with a non-zero leading coefficient; got [0, 1]
    """
    try:
        values = list(coeffs)  # type: ignore[call-overload]
    except TypeError:
        raise parameter_error(name, "a sequence of exact rational coefficients", coeffs) from None
    if not values:
        raise parameter_error(name, "a non-empty sequence of coefficients", coeffs)
    if any(isinstance(v, bool) or not isinstance(v, Rational) for v in values):
        raise parameter_error(name, "a sequence of ints or Fractions (exact)", values)
    if values[0] == 0:
        raise parameter_error(name, "a sequence with a non-zero leading coefficient", values)
    return tuple(Fraction(v) for v in values)


def integer_poly(coeffs: Sequence[Fraction]):
    """The primitive integer polynomial (``flint.fmpz_poly``, ascending) proportional to ``coeffs``.

    Examples
    --------
    >>> integer_poly([Fraction(4), Fraction(5, 2), Fraction(3, 2)])
    8*x^2 + 5*x + 3
    """

    values = [c if isinstance(c, Fraction) else Fraction(c) for c in coeffs]
    den = lcm(*(c.denominator for c in values))
    ints = [c.numerator * (den // c.denominator) for c in values]
    content = gcd(*ints) or 1
    return fmpz_poly([value // content for value in reversed(ints)])


def reverse(poly):
    """``z^n P(1/z)`` for ``P`` of degree ``n`` (an ``fmpz_poly`` with ``P(0) != 0``)."""

    return fmpz_poly(poly.coeffs()[::-1])


def shares_poly(lengths: Sequence[int], p: Sequence[Fraction]):
    """Primitive integer ``A(z)`` for decode lengths and exact shares ``p_k``.

    Examples
    --------
    >>> shares_poly((2, 3), (Fraction(1, 2), Fraction(1, 2)))
    2*x^2 + 2*x + 1
    """
    return _shares_poly(tuple(lengths), tuple(p))


@lru_cache(maxsize=4096)
def _shares_poly(lengths: tuple[int, ...], p: tuple[Fraction, ...]):
    # cached: the same pair is asked for by l0*, the pair report and the scans
    shares = [Fraction(pk) for pk in p]
    den = lcm(*(pk.denominator for pk in shares))
    weights = [pk.numerator * (den // pk.denominator) for pk in shares]
    L = max(lengths)
    ascending = [0] * L                  # z^i carries s_(L-1-i): type k counts when i >= L - l_k
    for w, lk in zip(weights, lengths):
        # the types with l_k >= L - i count at z^i: add each weight to its whole suffix at once
        ascending[L - lk:] = [value + w for value in ascending[L - lk:]]
    content = gcd(*ascending)
    return fmpz_poly([value // content for value in ascending])


def prefill_poly(A, l0: int):
    """``P_l0 = (l0 + L) A - z A'`` from the integer ``A`` (degree ``L - 1``), as ``fmpz_poly``.

    Examples
    --------
    >>> from flint import fmpz_poly
    >>> prefill_poly(fmpz_poly([1, 2, 2]), 3)
    8*x^2 + 10*x + 6
    """
    L = A.degree() + 1
    return (l0 + L) * A - A.derivative().left_shift(1)


_SMALLEST_NORMAL = 2.2250738585072014e-308   # sys.float_info.min: below it floats lose digits


def turning_bits(degree: int) -> int:
    """Bits that Horner's rule in complex balls can lose over ``degree`` steps: ``(degree + 1) // 2``.

    A complex ball of python-flint (``acb``) is a rectangle.  Multiplying it by a point of
    argument ``theta`` turns it, and the rectangle enclosing the turned one is
    ``|cos theta| + |sin theta| <= sqrt 2`` times larger: up to half a bit a step, on top
    of the rounding and of the spread of the input ball.  Ball evaluations at points off the
    real axis add these bits to their working precision.

    Examples
    --------
    >>> turning_bits(116), turning_bits(1)
    (58, 1)
    """
    return (degree + 1) // 2


def scaled_floats(values: Sequence) -> list[float]:
    """Floats proportional to exact ``values``: ``float(v)`` when every value is a normal
    float, else scaled by one power of two so the largest is near 1.

    The one place where exact coefficients become floats for estimates (companion-matrix
    roots, float proposals and display; never for a verdict).  Certified comparisons in
    floats take theirs from :func:`.float_bounds.scaled_coefficients`, whose values come with
    proven error bounds.  ``float()`` of an integer
    coefficient overflows beyond ``1.8e308`` (a share of ``1e-300`` makes coefficients of
    600 digits), so then every value is divided by the same exact power of two first: roots
    and ratios are unchanged, and a value more than ``2^1074`` times smaller than the
    largest rounds to ``0.0`` (a relative size floats cannot hold anyway).  The order of
    ``values`` is kept (ascending or highest first: the caller's).

    Examples
    --------
    >>> scaled_floats([4, Fraction(1, 3)]) == [4.0, 1 / 3]       # normal floats: float(v) itself
    True
    >>> scaled_floats([10 ** 400, 3 * 10 ** 400])[1] / scaled_floats([10 ** 400, 3 * 10 ** 400])[0]
    3.0
    >>> scaled_floats([Fraction(1, 10 ** 400), Fraction(1, 10 ** 399)])[1] > 0.5
    True
    """
    exact = [Fraction(v) for v in values]
    try:
        direct = [float(v) for v in exact]
    except OverflowError:
        direct = None
    if direct is not None and all(v == 0 or abs(d) >= _SMALLEST_NORMAL for v, d in zip(exact, direct)):
        return direct          # every value is a normal float: the plain, correctly rounded floats
    den = lcm(*(v.denominator for v in exact))
    ints = [int(v * den) for v in exact]
    top = max((abs(v).bit_length() for v in ints), default=0)
    shift = top - 1
    # int / int is correctly rounded and underflows to 0.0 instead of raising
    return [v / 2 ** shift if shift >= 0 else float(v) for v in ints]
