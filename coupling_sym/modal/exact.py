"""Exact modal coefficients: each ``C_ik`` as a polynomial in its root with rational
coefficients, and each root as a rational, a radical or a sympy ``CRootOf``.

Why this is exact
-----------------
Let ``f`` be a square-free factor of ``P_l0`` (multiplicity ``m``), of degree ``e``,
with roots ``mu_1 .. mu_e``.  The admissions are rational, so a Galois automorphism
permuting the ``mu_r`` permutes their coefficients the same way: ``C_rk = r_k(mu_r)`` for
one polynomial ``r_k(x) = sum_{a<e} gamma_ka x^a`` with rational ``gamma_ka``.  Summing
over the roots of ``f`` turns the mode sum into traces,

    sum_r r_k(mu_r) tau^k mu_r^tau = tau^k sum_a gamma_ka S_{a + tau},

with the power sums ``S_n = sum_r mu_r^n`` (rational, by Newton's identities).  The
``L - 1`` fitted admissions thus give a square *rational* linear system for all the
``gamma`` (solved by FLINT ``fmpq_mat``), non-singular because the ``tau^k mu^tau`` are
independent and ``r_k`` is fixed by its values at ``e`` distinct roots.  This is a
second, independent route to the coefficients: no complex Vandermonde matrix, no
rounding.

Roots are written exactly as a rational (degree 1), with a square root (degree 2), or
as ``CRootOf(f, j)`` up to degree :data:`EXACT_MAX_DEGREE`; above it the root is left
numeric (``None`` here) and only the ``gamma`` stay exact.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from ..errors import PrecisionError
from .decomposition import ModalDecomposition, Mode
from .roots import characteristic_coefficients, squarefree_factors

__all__ = ["ExactMode", "coefficient_polynomials", "exact_modes", "power_sums", "polynomial_text",
           "EXACT_MAX_DEGREE"]

EXACT_MAX_DEGREE = 12


@dataclass(frozen=True)
class ExactMode:
    """Exact form of one :class:`~coupling_sym.modal.decomposition.Mode`.

    Attributes
    ----------
    root : sympy.Expr or None
        ``None`` when the root's factor has degree above :data:`EXACT_MAX_DEGREE`.
    multiplicity : int
    coefficients : tuple of sympy.Expr or None
        ``coefficients[k]`` multiplies ``tau^k root^tau``.
    polynomials : tuple of tuple of Fraction
        ``polynomials[k]``: the ``gamma_ka`` with ``C_k = sum_a gamma_ka root^a`` (ascending).
    """

    root: object
    multiplicity: int
    coefficients: tuple | None
    polynomials: tuple[tuple[Fraction, ...], ...]


def power_sums(factor: tuple[int, ...], count: int) -> list[Fraction]:
    """``S_0 .. S_{count-1}``: sums of ``n``-th powers of the roots of ``factor``
    (highest degree first), by Newton's identities.

    Examples
    --------
    ``x^2 - x - 1`` has roots ``phi, -1/phi``; ``S_n`` are the Lucas numbers.

    >>> [int(s) for s in power_sums((1, -1, -1), 7)]
    [2, 1, 3, 4, 7, 11, 18]
    """
    e = len(factor) - 1
    a = [Fraction(c, factor[0]) for c in factor]
    sums = [Fraction(e)]
    for n in range(1, count):
        value = -sum((a[i] * sums[n - i] for i in range(1, min(n - 1, e) + 1)), Fraction(0))
        if n <= e:
            value -= n * a[n]
        sums.append(value)
    return sums[:count]


def coefficient_polynomials(decomp: ModalDecomposition) -> dict[tuple[int, ...], list[tuple[Fraction, ...]]]:
    """The exact ``gamma``: ``{factor: [r_0, .., r_{m-1}]}``, each ``r_k`` ascending.

    Examples
    --------
    >>> from coupling_sym.params import make_params
    >>> from coupling_sym.state import initial_state
    >>> from coupling_sym.modal import decompose_admissions
    >>> params = make_params(3, (2, 3), (1, 1), 60)
    >>> coefficient_polynomials(decompose_admissions(params, initial_state(params), dps=15))
    {(4, 5, 3): [(Fraction(165, 23), Fraction(80, 23))]}
    """
    import flint

    factors = squarefree_factors(characteristic_coefficients(decomp.params))
    taus = [decomp.valid_from - decomp.origin + r for r in range(len(decomp.fitted))]
    if not taus:
        return {}
    top = max(taus) + max(len(f) - 1 for f, _ in factors)
    sums = {f: power_sums(f, top) for f, _ in factors}
    columns = [(f, k, a) for f, m in factors for k in range(m) for a in range(len(f) - 1)]
    rows = [[Fraction(tau) ** k * sums[f][a + tau] for f, k, a in columns] for tau in taus]
    rhs = [[value - decomp.equilibrium] for value in decomp.fitted]
    solution = flint.fmpq_mat([[flint.fmpq(x.numerator, x.denominator) for x in row] for row in rows]).solve(
        flint.fmpq_mat([[flint.fmpq(x.numerator, x.denominator) for x in row] for row in rhs]))
    gammas = [Fraction(int(solution[i, 0].p), int(solution[i, 0].q)) for i in range(len(columns))]
    out: dict[tuple[int, ...], list[tuple[Fraction, ...]]] = {}
    index = 0
    for f, m in factors:
        e = len(f) - 1
        out[f] = [tuple(gammas[index + k * e: index + (k + 1) * e]) for k in range(m)]
        index += m * e
    return out


def _quadratic_root(factor, mode: Mode):
    import sympy
    from mpmath import mp

    a, b, c = (sympy.Integer(v) for v in factor)
    disc = b * b - 4 * a * c
    # The two roots are mid +- sqrt(disc)/(2a) (a > 0), at least 1/(2a) from mid; Arb
    # isolated them to the working precision, so the side of the midpoint a numeric root
    # lies on is certain when mid is taken at that precision too (not rounded to a float,
    # whose 16 digits need not separate the roots when a is large).
    mid = -b / (2 * a)
    if disc > 0:
        with mp.workdps(mode.working_dps):
            sign = 1 if mode.root.real > mp.mpf(int(-factor[1])) / (2 * int(factor[0])) else -1
        return mid + sign * sympy.sqrt(disc) / (2 * a)
    sign = 1 if mode.root.imag > 0 else -1
    return mid + sign * sympy.I * sympy.sqrt(-disc) / (2 * a)


def _rootofs(factor) -> list:
    """Every ``CRootOf(f, j)`` of ``factor`` with sympy's isolating box ``(ax, bx, ay, by)``."""
    import sympy

    poly = sympy.Poly(list(factor), sympy.Symbol("x"))
    out = []
    for j in range(poly.degree()):
        root = sympy.CRootOf(poly, j)
        box = root._get_interval()
        if hasattr(box, "ax"):
            bounds = (box.ax, box.bx, box.ay, box.by)
        else:
            bounds = (box.a, box.b, 0, 0)
        out.append((root, tuple(Fraction(int(v.p), int(v.q)) for v in map(sympy.Rational, bounds))))
    return out


def _inside(value, bounds) -> bool:
    from mpmath import mp

    ax, bx, ay, by = (mp.mpf(v.numerator) / v.denominator for v in bounds)
    return ax <= value.real <= bx and ay <= value.imag <= by


def _rootof(candidates: list, mode: Mode, digits: int):
    """The ``CRootOf`` whose isolating box holds the numeric root.

    sympy's boxes are disjoint and Arb's root is accurate to ``digits``, so one box holds
    it; if rounding puts it on a shared edge, fall back to the nearest refined value.
    """
    from mpmath import mp

    with mp.workdps(digits):
        hits = [root for root, bounds in candidates if _inside(mode.root, bounds)]
        if len(hits) == 1:
            return hits[0]
        values = [(root, mp.mpc(*(mp.mpf(str(part)) for part in root.evalf(digits).as_real_imag())))
                  for root, _ in candidates]
        best, value = min(values, key=lambda item: abs(item[1] - mode.root))
        distance = abs(value - mode.root)
        if distance > mp.mpf(10) ** (-(digits // 2)):
            raise PrecisionError(f"an exact root must match a numeric root to {digits // 2} digits; got a "
                                 f"distance {mp.nstr(distance, 3)}; raise dps")
    return best


def _exact_root(mode: Mode, digits: int, cache: dict):
    import sympy

    factor = mode.factor
    degree = len(factor) - 1
    if degree == 1:
        return sympy.Rational(-factor[1], factor[0])
    if degree == 2:
        return _quadratic_root(factor, mode)
    if degree <= EXACT_MAX_DEGREE:
        if factor not in cache:
            cache[factor] = _rootofs(factor)
        return _rootof(cache[factor], mode, digits)
    return None


def polynomial_text(polynomial, name: str = "mu") -> str:
    """``sum_a gamma_a name^a`` as sympy prints it (``polynomial`` ascending, Fractions).

    Examples
    --------
    >>> polynomial_text((Fraction(165, 23), Fraction(80, 23)))
    '80*mu/23 + 165/23'
    """
    import sympy

    mu = sympy.Symbol(name)
    return str(sum((sympy.Rational(g.numerator, g.denominator) * mu ** a for a, g in enumerate(polynomial)),
                   sympy.Integer(0)))


def _expression(polynomial, root):
    import sympy

    value = sum((sympy.Rational(g.numerator, g.denominator) * root ** a for a, g in enumerate(polynomial)),
                sympy.Integer(0))
    return sympy.radsimp(sympy.expand(value)) if len(polynomial) <= 2 else value


def exact_modes(decomp: ModalDecomposition) -> tuple[ExactMode, ...]:
    """Exact roots and coefficients, in the order of ``decomp.modes``.

    Examples
    --------
    >>> from coupling_sym.params import make_params
    >>> from coupling_sym.state import initial_state
    >>> from coupling_sym.modal import decompose_admissions
    >>> params = make_params(3, (2, 3), (1, 1), 60)
    >>> first = exact_modes(decompose_admissions(params, initial_state(params), dps=15))[0]
    >>> first.root, first.coefficients
    (-5/8 + sqrt(23)*I/8, (5 + 10*sqrt(23)*I/23,))
    """
    polynomials = coefficient_polynomials(decomp)
    out, cache = [], {}
    for mode in decomp.modes:
        root = _exact_root(mode, decomp.working_dps, cache)
        polys = tuple(polynomials[mode.factor])
        coefficients = None if root is None else tuple(_expression(p, root) for p in polys)
        out.append(ExactMode(root, mode.multiplicity, coefficients, polys))
    return tuple(out)
