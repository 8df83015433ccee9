"""Roots of ``P_l0`` with exact multiplicities, for the modal decomposition.

Convention: ``P_l0(lambda) = sum_j c_j lambda^(L-1-j)`` with ``c_j`` the stage weights
``(l0 + 1 + j) sum_k p_k [j < l_k]`` (:attr:`coupling_sym.params.ModelParams.stage_weights`),
so the coefficient list is *highest degree first*, ``c_0 = l0 + 1`` leading and
``c_{L-1} > 0`` constant: ``P_l0`` has degree ``L - 1`` and no root at 0.

Multiplicities are exact: ``P_l0`` is split into square-free, pairwise coprime factors
``f_1^1 f_2^2 ...`` over ``QQ`` (FLINT ``fmpz_poly.factor_squarefree`` of the
primitive integer form :func:`coupling_sym.stability.poly.integer_poly`), so every root
of ``f_m`` has multiplicity exactly ``m`` and no two numeric roots are ever merged by a
tolerance.
The roots of each square-free factor are isolated by Arb (python-flint
``fmpz_poly.complex_roots``): certified balls, real roots with an exactly zero
imaginary part, non-real roots in conjugate pairs.  The midpoints become mpmath
numbers; the balls decide, with certainty or not at all, whether ``|mu| < 1``.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from ..records import Record
from ..errors import PrecisionError
from ..params import ModelParams

__all__ = ["CharacteristicRoot", "characteristic_coefficients", "squarefree_factors", "characteristic_roots",
           "digits_to_bits"]

INSIDE, OUTSIDE, UNDECIDED = "inside", "outside", "undecided"


@dataclass(frozen=True)
class CharacteristicRoot(Record):
    """One root of ``P_l0``.

    Attributes
    ----------
    value : mpmath.mpc
        The ball midpoint, at the precision it was computed with.
    multiplicity : int
        Exact multiplicity as a root of ``P_l0``.
    factor : tuple of int
        The square-free factor it is a root of, integer coefficients, highest degree first.
    position : {"inside", "outside", "undecided"}
        Certified ``|mu| < 1`` / ``|mu| > 1``; ``"undecided"`` when the ball still meets
        the unit circle (a root on the circle, or not enough precision).
    radius : float
        Upper bound on ``|value - mu|`` (the ball radius).
    """

    value: object
    multiplicity: int
    factor: tuple[int, ...]
    position: str
    radius: float

    @property
    def is_real(self) -> bool:
        """Exactly real (Arb returns real roots with a zero imaginary part)."""
        return self.value.imag == 0


def digits_to_bits(dps: int) -> int:
    """Binary precision carrying ``dps`` decimal digits, plus a few guard bits.

    Examples
    --------
    >>> digits_to_bits(15)
    59
    """
    return int(dps * 3.3219280948873626) + 10


def characteristic_coefficients(params: ModelParams) -> tuple[Fraction, ...]:
    """Coefficients of ``P_l0``, highest degree first (the stage weights ``c_j``).

    Examples
    --------
    >>> from coupling_sym.params import make_params
    >>> characteristic_coefficients(make_params(3, (2, 3), (1, 1), 60))
    (Fraction(4, 1), Fraction(5, 1), Fraction(3, 1))
    """
    return tuple(Fraction(c) for c in params.stage_weights)


def squarefree_factors(coeffs) -> list[tuple[tuple[int, ...], int]]:
    """Square-free factorisation over ``QQ``: ``[(factor, multiplicity), ..]``.

    Each factor is a primitive integer polynomial of positive degree, highest degree
    first; the factors are pairwise coprime, so their roots are disjoint and each root
    of a factor has the factor's multiplicity.  Constant input gives ``[]``.

    Examples
    --------
    >>> squarefree_factors([1, -2, 1])
    [((1, -1), 2)]
    >>> squarefree_factors([Fraction(1, 2), 1, 1])
    [((1, 2, 2), 1)]
    """
    from ..stability.poly import integer_poly

    poly = integer_poly([Fraction(c) for c in coeffs])
    if poly.degree() <= 0:
        return []
    _, factors = poly.factor_squarefree()
    out = []
    for factor, multiplicity in factors:
        ints = tuple(int(c) for c in reversed(factor.coeffs()))
        if ints[0] < 0:
            ints = tuple(-c for c in ints)
        out.append((ints, int(multiplicity)))
    return out


def _to_mpf(ball):
    from mpmath import mp

    man, exp = ball.mid().man_exp()
    return mp.mpf((int(man), int(exp)))


def _position(ball) -> str:
    modulus = abs(ball)
    if modulus < 1:
        return INSIDE
    if modulus > 1:
        return OUTSIDE
    return UNDECIDED


def characteristic_roots(coeffs, dps: int) -> list[CharacteristicRoot]:
    """Every distinct root of the polynomial ``coeffs`` (highest degree first), once, with
    its exact multiplicity, accurate to ``dps`` significant digits.

    Must be called inside ``mp.workdps(n)`` with ``n >= dps`` if the values are to keep
    their digits (mpmath numbers are rounded to the current precision).

    Raises
    ------
    PrecisionError
        If Arb could not isolate the roots to ``dps`` digits.

    Examples
    --------
    >>> from mpmath import mp
    >>> with mp.workdps(20):
    ...     roots = characteristic_roots([1, 0, -2], 20)
    ...     [(mp.nstr(r.value.real, 10), r.multiplicity, r.position) for r in roots]
    [('-1.414213562', 1, 'outside'), ('1.414213562', 1, 'outside')]
    >>> [(r.value, r.multiplicity) for r in characteristic_roots([1, -2, 1], 15)]
    [(mpc(real='1.0', imag='0.0'), 2)]
    """
    import flint
    from mpmath import mp

    bits = digits_to_bits(dps)
    out = []
    for factor, multiplicity in squarefree_factors(coeffs):
        poly = flint.fmpz_poly(list(reversed(factor)))
        with flint.ctx.workprec(bits):
            try:
                found = poly.complex_roots()
            except Exception as exc:  # Arb signals failure to converge with a generic error
                raise PrecisionError(f"roots of P_l0 must be isolated to dps = {dps} digits; got a failure "
                                     f"({exc}); lower dps or check the parameters") from None
            # Only the root finder is guarded: an error in the code below is a bug, not precision.
            balls = [(ball, _position(ball), float(ball.rad())) for ball, _ in found]
        for ball, position, radius in balls:
            value = mp.mpc(_to_mpf(ball.real), _to_mpf(ball.imag))
            out.append(CharacteristicRoot(value, multiplicity, factor, position, radius))
    return out
