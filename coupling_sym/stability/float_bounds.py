"""Polynomial values in binary64 floating point with a proven bound on their error.

Convention: coefficients ascending (``a_0, .., a_n``), exact integers; points are complex
binary64 numbers (exact dyadic rationals); ``u = 2^-53`` is the unit roundoff of IEEE
binary64 with rounding to nearest, which numpy uses on this machine's processor.

The coefficients are first divided by one exact power of two ``2^s`` (``s = 0`` unless the
largest reaches ``2^501``) and rounded: ``b_k = fl(a_k / 2^s)``, so
``|a_k / 2^s - b_k| <= u |b_k| (1 + 2u) + 2^-1074`` (the last term for values that round
into the subnormal range).  Each power ``z^k`` comes out of at most ``k - 1`` rounded
complex products (running products or doubling, :func:`running_powers`), each term
``b_k z^k`` one more product and the terms one sum (any order).  A complex sum
is rounded with a relative error ``<= u`` (each part rounded once, so the error is at most
``u`` times the modulus of the exact sum) and a complex product with one
``<= sqrt(5) u`` (Brent, Percival and Zimmermann 2007, for ``(ac - bd) + i(ad + bc)``
without a fused multiply-add; ``2u`` when the parts use one, Jeannerod, Kornerup, Louvet
and Muller 2017); a real times a complex number ``<= u``.  So ``b_k z^k`` is carried with
at most ``k - 1`` product factors, one more for ``b_k`` and at most ``n`` sum factors (Higham,
*Accuracy and Stability of Numerical Algorithms*, sections 3.1 and 4.2), and

    ``|q - sum_k b_k z^k| <= ((1 + sqrt(5) u)^n (1 + u)^(n + 1) - 1) S,   S = sum_k |b_k| |z|^k``

when no intermediate underflows.  With ``n (sqrt(5) + 1) u <= 0.1``,
``(1 + x)^m - 1 <= 1.06 m x``, and together with the rounding of the coefficients this is
at most ``4 (n + 1) u S``.  ``S`` itself is computed the same way from ``|b_k|`` and the
powers of an upper bound of ``|z|`` (``numpy.abs`` of a complex number is within one
rounding of ``|z|``; ``(1 + 4u)`` covers it): every term is positive, so the computed value
is at least ``S (1 - u)^(2n + 1)``, covered by the factor ``1 + 4 (n + 2) u`` (which also
covers the few roundings of the bound's own product).  Underflow adds at most ``2^-1074``
per part and operation, amplified by ``|z|^k`` and ``|b_k|``:
``2^-1000 (n + 1) max(1, |z|)^n (2 + sum_k |b_k|)`` bounds it with room (``2^72`` times the
count), and stays far below the values compared here because ``|b_k| < 2^501``.  The bound is returned in the scale ``2^s`` of the
values: both are ``2^-s`` times those of the exact polynomial, which leaves every ratio of
values unchanged.

These are bounds, not estimates: a comparison made with them is certified, as one of arb
balls is.  They cost a few numpy operations over a matrix of powers for any number of
points, where complex balls pay a multiple-precision product per coefficient and point
and, being rectangles, widen by up to ``sqrt 2`` at each Horner step
(:func:`.poly.turning_bits`).
"""

from __future__ import annotations

from fractions import Fraction
from typing import Sequence

import numpy as np

from ..errors import PrecisionError

__all__ = ["UNIT", "scaled_coefficients", "evaluate_bounded", "running_powers"]

UNIT = 2.0 ** -53
"""The unit roundoff ``u`` of binary64 with rounding to nearest."""

_MAX_EXPONENT = 500         # coefficients from 2^501 on are divided by a power of two first
_UNDERFLOW = 2.0 ** -1000   # room for subnormal roundings (module notes)


def scaled_coefficients(*polys: Sequence[int]) -> tuple[list[np.ndarray], int]:
    """The integer coefficient lists ``polys`` as float arrays ``fl(a_k / 2^s)``, one ``s`` for all.

    Returns ``(arrays, s)``.  ``s = 0`` when every coefficient is below ``2^501`` in
    absolute value; otherwise the largest lands between ``2^500`` and ``2^501``.  Rounding is correct
    (Python's ``int`` and ``Fraction`` to ``float``).

    Examples
    --------
    >>> arrays, s = scaled_coefficients([1, 2], [3])
    >>> [a.tolist() for a in arrays], s
    ([[1.0, 2.0], [3.0]], 0)
    >>> arrays, s = scaled_coefficients([1, 2 ** 600])
    >>> arrays[0].tolist() == [2.0 ** -100, 2.0 ** 500], s
    (True, 100)
    """
    top = max((abs(int(a)).bit_length() for poly in polys for a in poly), default=0)
    s = max(0, top - 1 - _MAX_EXPONENT)
    if s == 0:
        return [np.array([float(int(a)) for a in poly], dtype=float) for poly in polys], 0
    scale = 1 << s
    return [np.array([float(Fraction(int(a), scale)) for a in poly], dtype=float) for poly in polys], s


def evaluate_bounded(polys: Sequence[np.ndarray], z: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
    """Values ``q`` of each polynomial with float coefficients in ``polys`` at the points ``z``, and bounds ``e``.

    ``polys`` come from :func:`scaled_coefficients` (ascending); ``z`` is a complex array.
    For each polynomial and point, the polynomial with the exact coefficients ``a_k / 2^s``
    has its value within ``e`` of ``q`` (module notes).  A point where anything overflows
    gets ``e = inf``.  The powers of ``z`` are computed once for all the polynomials.

    Examples
    --------
    >>> import numpy as np
    >>> polys, _ = scaled_coefficients([1, 2, 3], [2, 6])           # 1 + 2z + 3z^2 and its derivative
    >>> [(q.tolist(), bool(0 < e[0] < 1e-14)) for q, e in evaluate_bounded(polys, np.array([0.5 + 0.25j]))]
    [([(2.5625+1.25j)], True), ([(5+1.5j)], True)]
    """
    z = np.asarray(z, dtype=complex)
    polys = [np.asarray(b, dtype=float) for b in polys]
    n = max((len(b) for b in polys), default=1) - 1
    if n * (5 ** 0.5 + 1) * UNIT > 0.1:
        raise PrecisionError(f"degree {n} is too large for the float error bound (at most {int(0.1 / ((5 ** 0.5 + 1) * UNIT))})")
    out = []
    with np.errstate(over="ignore", invalid="ignore", under="ignore"):
        r = np.abs(z) * (1 + 4 * UNIT)
        powers = running_powers(z, n, complex)
        sizes = running_powers(r, n, float)
        for b in polys:
            k = len(b)
            if k == 0:
                out.append((np.zeros(z.shape, dtype=complex), np.zeros(z.shape)))
                continue
            q = (powers[:, :k] * b).sum(axis=1)
            size = (sizes[:, :k] * np.abs(b)).sum(axis=1)
            error = (4 * k * UNIT) * size * (1 + 4 * (k + 1) * UNIT) \
                + _UNDERFLOW * k * np.maximum(1.0, r) ** (k - 1) * (2 + np.abs(b).sum())
            bad = ~(np.isfinite(q) & np.isfinite(error))
            out.append((q, np.where(bad, np.inf, error) if bad.any() else error))
    return out


def running_powers(z: np.ndarray, n: int, dtype) -> np.ndarray:
    """``z^0 .. z^n`` for each point (rows).

    For many points by doubling: columns ``2^j .. 2^(j+1) - 1`` are columns
    ``0 .. 2^j - 1`` times ``z^(2^j)``, ``log2 n`` numpy products (the running product of
    ``numpy.vander`` is not vectorised on complex numbers: measured 4.8 ns a power for 400
    points of degree 120, 1.9 ns by doubling); for fewer than 64 points, where numpy's
    per-call cost dominates, ``numpy.vander`` itself.  Either way each ``z^k`` comes out of
    at most ``k - 1`` rounded products, so the bounds of the module notes hold.

    Examples
    --------
    >>> import numpy as np
    >>> running_powers(np.array([2.0]), 5, float).tolist()
    [[1.0, 2.0, 4.0, 8.0, 16.0, 32.0]]
    >>> running_powers(np.full(64, 2.0), 5, float)[63].tolist()
    [1.0, 2.0, 4.0, 8.0, 16.0, 32.0]
    """
    z = np.asarray(z, dtype=dtype)
    if len(z) < 64 or n == 0:
        return np.vander(z, n + 1, increasing=True)
    powers = np.empty((len(z), n + 1), dtype=dtype)
    powers[:, 0] = 1
    powers[:, 1:] = z[:, None]
    filled = 2
    while filled <= n:
        count = min(filled, n + 1 - filled)
        np.multiply(powers[:, :count], powers[:, filled - 1:filled] * z[:, None], out=powers[:, filled:filled + count])
        filled += count
    return powers
