"""Exact count of the distinct real roots of an integer polynomial in an open interval (Sturm).

Convention: polynomials are ``flint.fmpz_poly`` (ascending coefficients).  The Sturm
sequence is ``S_0 = R``, ``S_1 = R'``, ``S_(k+1) = -rem(S_(k-1), S_k)`` up to positive
factors: each remainder is a pseudo-remainder, ``S_(k-1)`` scaled by
``|lc(S_k)|^(deg S_(k-1) - deg S_k + 1)`` so that the division is exact in integers, and
its positive content is divided out (a primitive remainder sequence).  Positive factors
do not change any sign, so Sturm's theorem holds as for the rational sequence: with
``R(a) != 0`` and ``R(b) != 0``, the number of distinct real roots in ``(a, b)`` is
``V(a) - V(b)``, ``V`` the number of sign changes along the sequence (zeros skipped).
Integer arithmetic throughout: the answer is exact.  Far cheaper than a full complex root
isolation (no root is located), which is all :mod:`.crossing` needs to know that its
certified brackets hold every root.
"""

from __future__ import annotations

from fractions import Fraction

from flint import fmpq, fmpz_poly

__all__ = ["sturm_sequence", "count_real_roots"]


def sturm_sequence(R) -> list:
    """The primitive Sturm sequence of the non-constant ``fmpz_poly`` ``R`` (module notes).

    Examples
    --------
    >>> from flint import fmpz_poly
    >>> sturm_sequence(fmpz_poly([-1, 0, 1]))      # x^2 - 1, 2x, then -rem = 1
    [x^2 + (-1), 2*x, 1]
    """
    sequence = [R, R.derivative()]
    while sequence[-1].degree() > 0:
        a, b = sequence[-2], sequence[-1]
        scale = abs(b.leading_coefficient()) ** (a.degree() - b.degree() + 1)
        _, remainder = divmod(a * scale, b)
        if remainder.is_zero():
            break
        if remainder.degree() >= b.degree():         # divrem: a * scale = q b + remainder
            raise ArithmeticError(f"pseudo-division must be exact; got a remainder of degree {remainder.degree()}")
        remainder = -remainder
        content = remainder.content()
        sequence.append(remainder // content if content > 1 else remainder)
    return sequence


def _changes(sequence, x) -> int:
    # at an integer end point (the usual -1, 1) integer evaluation: far cheaper than in fmpq
    if x.q == 1:
        x = x.p
    values = [s(x) for s in sequence]
    signs = [v > 0 for v in values if v != 0]
    return sum(1 for u, v in zip(signs, signs[1:]) if u != v)


def count_real_roots(R, low: Fraction | int, high: Fraction | int) -> int:
    """Number of distinct real roots of the ``fmpz_poly`` ``R`` in the open interval ``(low, high)``.

    ``low < high`` are exact rationals with ``R(low) != 0 != R(high)``.

    Raises
    ------
    ValueError
        If ``R`` vanishes at an end point (Sturm's count would not be of an open interval).

    Examples
    --------
    >>> from flint import fmpz_poly
    >>> R = fmpz_poly([-1, 0, 4]) * fmpz_poly([3, 1]) * fmpz_poly([1, 0, 1])   # roots +-1/2, -3, +-i
    >>> count_real_roots(R, -1, 1), count_real_roots(R, -4, 0), count_real_roots(R ** 2, -1, 1)
    (2, 2, 2)
    """
    ends = [fmpq(*Fraction(x).as_integer_ratio()) for x in (low, high)]
    if any(R(x) == 0 for x in ends):
        raise ValueError(f"R must not vanish at the end points; got a root at {low} or {high}")
    if R.degree() <= 0:
        return 0
    sequence = sturm_sequence(R)
    return _changes(sequence, ends[0]) - _changes(sequence, ends[1])
