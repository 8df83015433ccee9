"""High-precision roots with a certified error bound, and a cheap spectral radius.

Coefficients are exact, highest degree first (see :mod:`.poly`).  :func:`compute_roots`
takes the roots from python-flint's certified isolation (``fmpz_poly.complex_roots``:
one arb ball per distinct root, with its exact multiplicity) at about ``3.32 dps + 32``
bits, and returns each ball's centre as an mpmath number of ``dps`` digits.  The error
bound is the ball's radius plus the rounding of the centre to ``dps`` digits: a rigorous
upper bound on the distance from each numeric root to the true one.  (Finding the roots
a second time with ``mpmath.polyroots`` only to match them to these balls cost minutes
at degree 100 and more; the balls take well under a second.)

:func:`spectral_radius` is the float64 shortcut for loops over many settings
(companion-matrix eigenvalues); it never decides a verdict.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Sequence

from ..records import Record
from ..errors import PrecisionError, parameter_error
from ..params import MAX_DPS, parse_dps
from .poly import as_coefficients, integer_poly, scaled_floats

__all__ = ["RootsResult", "compute_roots", "spectral_radius", "certified_roots"]


@dataclass(frozen=True)
class RootsResult(Record):
    """Roots of an exact polynomial at a chosen precision.

    Attributes
    ----------
    coeffs : tuple of Fraction
        The polynomial, highest degree first.
    roots : tuple of mpmath.mpc
        The distinct roots, sorted by decreasing modulus.
    multiplicities : tuple of int
        Exact multiplicity of each entry of ``roots`` (they add up to the degree).
    moduli : tuple of mpmath.mpf
        ``|root|`` for each root.
    rho : mpmath.mpf
        Spectral radius ``max |root|`` (0 for a constant).
    error_bound : mpmath.mpf
        Certified bound on ``|numeric root - true root|``, over all roots.
    dps : int
        Decimal digits used.

    Examples
    --------
    >>> result = compute_roots([1, 0, -1, 0], dps=15)       # z^3 - z: roots 1, -1, 0
    >>> result.multiplicities, [float(m) for m in result.moduli]
    ((1, 1, 1), [1.0, 1.0, 0.0])
    >>> result.as_dict()["coeffs"]
    ['1', '0', '-1', '0']
    """

    coeffs: tuple[Fraction, ...]
    roots: tuple[Any, ...]
    multiplicities: tuple[int, ...]
    moduli: tuple[Any, ...]
    rho: Any
    error_bound: Any
    dps: int


def certified_roots(poly, prec: int = 64) -> list[tuple[Any, int]]:
    """Certified enclosures ``(acb ball, multiplicity)`` of the roots of an ``fmpz_poly``.

    Examples
    --------
    >>> from flint import fmpz_poly
    >>> [(float(b.real), m) for b, m in certified_roots(fmpz_poly([1, 2, 1]))]
    [(-1.0, 2)]
    """
    from flint import ctx

    with ctx.workprec(prec):
        return poly.complex_roots()


def _validate_dps(dps: object) -> int:
    # the one digits rule of every command (:data:`coupling_sym.params.MAX_DPS`)
    if not isinstance(dps, int):
        raise parameter_error("dps", f"an integer from 1 to {MAX_DPS} (digits printed as text)", dps)
    return parse_dps(dps)


def compute_roots(coeffs: Sequence, dps: int = 50) -> RootsResult:
    """Roots, moduli and spectral radius of a polynomial, at ``dps`` digits, with a certified bound.

    Parameters
    ----------
    coeffs : sequence of int or Fraction
        Exact coefficients, highest degree first.
    dps : int, default 50
        Decimal digits of the roots (at most ``MAX_DPS``).

    Returns
    -------
    RootsResult

    Raises
    ------
    ParameterError
        On bad coefficients, ``dps < 1`` or ``dps > MAX_DPS`` (4000).
    PrecisionError
        If an enclosure comes back wider than ``dps`` digits can show (raise ``dps``).

    Examples
    --------
    >>> import mpmath
    >>> result = compute_roots([4, 5, 3], dps=30)     # P_3 for l_A=2, l_B=3, p=1/2
    >>> mpmath.nstr(result.rho, 15), mpmath.nstr(mpmath.sqrt(3) / 2, 15)
    ('0.866025403784439', '0.866025403784439')
    >>> result.error_bound < mpmath.mpf(10) ** -25
    True
    """
    import mpmath

    coefficients = as_coefficients(coeffs)
    dps = _validate_dps(dps)
    poly = integer_poly(coefficients)
    prec = int(dps * 3.33) + 32                     # dps digits (log2 10 = 3.32 bits each) and 32 guard bits
    balls = certified_roots(poly, prec) if poly.degree() > 0 else []
    with mpmath.workdps(dps):
        # the centre, rounded to the working precision, is the root; the bound adds that
        # rounding (a few ulps of |root|) to the ball's radius
        slack = mpmath.mpf(2) ** (8 - mpmath.mp.prec)
        numeric = [mpmath.mpc(_exact_mpf(ball.real.mid()), _exact_mpf(ball.imag.mid())) for ball, _ in balls]
        bound = mpmath.mpf(0)
        for (ball, _), root in zip(balls, numeric):
            radius = _exact_mpf(ball.real.rad()) + _exact_mpf(ball.imag.rad())
            bound = max(bound, radius + slack * (1 + abs(root)))
        if bound > mpmath.mpf(10) ** (2 - dps) * (1 + max((abs(z) for z in numeric), default=0)):
            raise PrecisionError(f"certified root enclosures are wider than {dps} digits; raise dps")
        order = sorted(range(len(numeric)), key=lambda i: -abs(numeric[i]))
        roots = tuple(numeric[i] for i in order)
        moduli = tuple(abs(root) for root in roots)
        return RootsResult(coefficients, roots, tuple(balls[i][1] for i in order), moduli,
                           max(moduli) if moduli else mpmath.mpf(0), bound, dps)


def _exact_mpf(value):
    """An exact arb (a midpoint or a radius) as an mpmath number, without rounding."""
    import mpmath

    man, exp = value.man_exp()
    return mpmath.mpf((int(man), int(exp)))


def spectral_radius(coeffs: Sequence) -> float:
    """Float64 spectral radius ``max |root|`` of a polynomial (highest degree first).

    Fast (one companion-matrix eigenvalue problem), for loops over thousands of
    settings.  Accuracy is that of double precision root finding: about ``1e-12`` for
    simple roots of moderate degree, only ``~1e-8`` near a double root.  Use
    :func:`~coupling_sym.stability.verdict.certify_stability` for the verdict and
    :func:`compute_roots` for a certified value.

    Examples
    --------
    >>> round(spectral_radius([4, 5, 3]), 12) == round(3 ** 0.5 / 2, 12)
    True
    """
    import numpy as np

    values = np.array(scaled_floats(as_coefficients(coeffs)))      # float(c) overflows past 1e308
    if len(values) == 1:
        return 0.0
    return float(np.max(np.abs(np.roots(values))))
