"""The state-space route: ``P_l0`` from the characteristic polynomial of the stage matrix.

The matrix ``M`` of :func:`~coupling_sym.symbolic.recursion.state_space_matrix` (dimension
``n = sum_k l_k + 1``) has characteristic polynomial

    det(lambda I - M) = lambda^m (lambda - 1) P_l0(lambda) / c_0,   m = sum_k l_k - L + 1:

the non-proportional directions are nilpotent (after ``L`` batches every stage is split
by ``p_k``), and so is the oldest admission of the proportional history (``a_{t+1}``
reads only ``L - 1`` earlier admissions).  Stripping ``lambda^m`` and ``lambda - 1``
leaves the monic ``P_l0``.

Computing ``det(lambda I - M)``:

* concrete parameters (``M`` over ``QQ``): python-flint's dense ``fmpq_mat`` through
  ``DomainMatrix.to_dfm`` (dimension 128 in about 0.03 s);
* symbols (``M`` over ``QQ(l0, p, ..)``): fraction-field arithmetic is slow beyond
  ``n ~ 30``, so the determinant is interpolated instead.  Scale row ``i`` by the lcm
  ``d_i`` of its denominators; ``det(D (lambda I - M))`` with ``D = diag(d_i)`` is then a
  polynomial in the symbols whose degree in each symbol is at most the sum over rows of
  the largest degree in that row (the determinant is linear in each row).  It is
  evaluated exactly (flint, over ``QQ``) on a tensor grid with one more value than that
  bound per symbol, interpolated, checked at one further point, and divided by
  ``prod d_i``.  Only the ``K`` admission rows depend on the symbols, so for two types
  the grid has ``3 x 3`` points whatever ``L``.

Coefficient lists are highest degree first.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import reduce
from itertools import product

import sympy as sp
from sympy.polys.matrices import DomainMatrix

from .charpoly import CharPoly, DerivationError, coefficient_list
from .parameters import LAMBDA, SymbolicParams
from .recursion import state_space_matrix

__all__ = ["StateSpaceResult", "state_space_charpoly", "state_space_P", "state_space_is_fast", "routes_agree"]


@dataclass(frozen=True)
class StateSpaceResult:
    """The state-space route: characteristic polynomial of the stage-update matrix.

    Attributes
    ----------
    charpoly : sympy.Poly
        Monic, degree ``sum_k l_k + 1``, over ``QQ`` or a fraction field.
    nilpotent_order : int
        The power ``m`` of ``lambda`` stripped off.
    P_monic : sympy.Poly
        ``charpoly / (lambda^m (lambda - 1))``, over the same domain.
    """

    charpoly: sp.Poly
    nilpotent_order: int
    P_monic: sp.Poly


def _charpoly_over_QQ(M: DomainMatrix) -> list:
    dense = M.to_dense()
    try:
        return list(dense.to_dfm().charpoly())
    except (NotImplementedError, ValueError, ImportError):       # no flint: sympy's own
        return list(dense.charpoly())


def _row_scales(rows: list[list], ring) -> list:
    """Lcm of the denominators of each row (ring elements)."""
    return [reduce(lambda a, b: a.lcm(b), (entry.denom for entry in row if entry), ring.one) for row in rows]


def _degree_bounds(rows: list[list], scales: list, ring) -> list[int]:
    """Per symbol, ``sum_i max_j deg(d_i (lambda I - M)_ij)``: a bound on ``deg det``."""
    bounds = []
    for g in range(ring.ngens):
        total = 0
        for row, scale in zip(rows, scales):
            degrees = [max(scale.degree(g), 0)]
            degrees += [(scale.exquo(entry.denom) * entry.numer).degree(g) for entry in row if entry]
            total += max(degrees)
        bounds.append(total)
    return bounds


def _evaluate(rows: list[list], point: tuple) -> DomainMatrix:
    values = [[entry.numer(*point) / entry.denom(*point) if entry else sp.QQ.zero for entry in row]
              for row in rows]
    return DomainMatrix([[sp.QQ(v) for v in row] for row in values], (len(rows), len(rows)), sp.QQ)


def _scaled_charpoly_at(rows, scales, point) -> list:
    """Coefficients of ``det(D (lambda I - M))`` at ``point`` (exact rationals)."""
    factor = reduce(lambda a, b: a * b, (scale(*point) for scale in scales), sp.QQ.one)
    if factor == 0:
        raise DerivationError(f"interpolation points must avoid the poles of the matrix; got {point}")
    return [sp.QQ(c) * factor for c in _charpoly_over_QQ(_evaluate(rows, point))]


def _lagrange_basis(ring, g: int, nodes: list) -> list:
    x = ring.gens[g]
    basis = []
    for a in nodes:
        term = ring.one
        for b in nodes:
            if b != a:
                term = term * (x - b).quo_ground(a - b)
        basis.append(term)
    return basis


def _interpolated_charpoly(M: DomainMatrix, shares: frozenset = frozenset(), K: int = 1) -> list:
    """``det(lambda I - M)`` over a fraction field, by exact interpolation (see module).

    Share symbols take nodes in ``(0, 1/K)`` and the others positive integers, so every
    node is an admissible setting and the admission denominator ``sum_k p_k (l0_k + 1)``
    (positive there) never vanishes.
    """
    field = M.domain.field
    ring = field.ring
    rows = [list(row) for row in M.to_dense().rep.to_ddm()]
    scales = _row_scales(rows, ring)
    bounds = _degree_bounds(rows, scales, ring)
    is_share = [sp.Symbol(str(sym)) in shares for sym in ring.symbols]
    nodes = [[sp.QQ(v, (bound + 2) * K) if share else sp.QQ(v) for v in range(1, bound + 2)]
             for bound, share in zip(bounds, is_share)]
    bases = [_lagrange_basis(ring, g, nodes[g]) for g in range(ring.ngens)]
    n = M.shape[0]
    coefficients = [ring.zero] * (n + 1)
    for index in product(*[range(len(values)) for values in nodes]):
        point = tuple(nodes[g][i] for g, i in enumerate(index))
        weight = reduce(lambda a, b: a * b, (bases[g][i] for g, i in enumerate(index)), ring.one)
        for j, value in enumerate(_scaled_charpoly_at(rows, scales, point)):
            if value:
                coefficients[j] += weight.mul_ground(value)
    check = tuple(sp.QQ(1, 2 * (bound + 2) * K) if share else sp.QQ(2 * bound + 3, 2)   # off the grid
                  for bound, share in zip(bounds, is_share))
    if [c(*check) for c in coefficients] != _scaled_charpoly_at(rows, scales, check):
        raise DerivationError("the interpolated determinant must match a direct evaluation; it did not")
    denominator = reduce(lambda a, b: a * b, scales, ring.one)
    return [field(c) / field(denominator) for c in coefficients]


def state_space_charpoly(params: SymbolicParams) -> sp.Poly:
    """``det(lambda I - M)`` of the stage-update matrix, monic, exact.

    Examples
    --------
    >>> from coupling_sym.symbolic.parameters import symbolic_params
    >>> state_space_charpoly(symbolic_params([1, 2], p="1/2", l0=1)).as_expr()
    lambda**4 - lambda**3/4 - 3*lambda**2/4
    """
    M = state_space_matrix(params)
    dom = M.domain
    coefficients = (_charpoly_over_QQ(M) if dom == sp.QQ
                    else _interpolated_charpoly(M, frozenset(params.free_shares), params.K))
    return sp.Poly([dom.to_sympy(c) for c in coefficients], LAMBDA, domain=dom)


def _exact_quotient(poly: sp.Poly, divisor: sp.Expr) -> sp.Poly:
    quotient, remainder = sp.div(poly, sp.Poly(divisor, poly.gen, domain=poly.domain))
    if not remainder.is_zero:
        raise DerivationError(f"{divisor} must divide the characteristic polynomial; "
                              f"got remainder {remainder.as_expr()}")
    return quotient


def state_space_P(params: SymbolicParams) -> StateSpaceResult:
    """Derive ``P_l0`` (monic) from the characteristic polynomial of the stage matrix.

    Raises
    ------
    DerivationError
        If ``lambda - 1`` does not divide the characteristic polynomial.

    Examples
    --------
    >>> from coupling_sym.symbolic.parameters import symbolic_params
    >>> result = state_space_P(symbolic_params([2, 3], p="1/2", l0=3))
    >>> result.nilpotent_order, result.P_monic.as_expr()
    (3, lambda**2 + 5*lambda/4 + 3/4)
    """
    charpoly = state_space_charpoly(params)
    coefficients = charpoly.all_coeffs()
    order = 0
    while len(coefficients) > 1 and coefficients[-1] == 0:
        coefficients.pop()
        order += 1
    reduced = sp.Poly(coefficients, LAMBDA, domain=charpoly.domain)
    return StateSpaceResult(charpoly, order, _exact_quotient(reduced, LAMBDA - 1))


def state_space_is_fast(params: SymbolicParams) -> bool:
    """Whether :func:`state_space_P` takes about a second or less.

    Concrete parameters: flint up to a few hundred rows.  Symbols: the interpolation grid
    has ``(K + 1)`` values per symbol, so the cost grows with ``(K + 1)^(number of
    symbols)`` evaluations (see ``scripts/bench_symbolic.py``).

    Examples
    --------
    >>> from coupling_sym.symbolic.parameters import symbolic_params
    >>> state_space_is_fast(symbolic_params([2, 64])), state_space_is_fast(symbolic_params([2, 3, 5, 7, 9, 11]))
    (True, False)
    """
    size = sum(params.lengths) + 1
    prompts = (sum(v is None for v in params.prompt_values) if params.per_type else params.l0_value is None)
    symbols = len(params.free_shares) + prompts
    points = (params.K + 1) ** symbols
    # the grid's interpolation grows faster than its size: 4^5 = 1024 points (three types,
    # per-type prompts and shares all symbolic) take about 90 s, so cap the points too
    return size <= 400 and points * size ** 2 <= 400_000 and points <= 256


def routes_agree(cp: CharPoly) -> bool:
    """True when the state-space route gives the same ``P_l0`` up to a constant factor.

    Examples
    --------
    >>> from coupling_sym.symbolic.charpoly import derive_charpoly
    >>> routes_agree(derive_charpoly([2, 5]))
    True
    """
    monic = coefficient_list(state_space_P(cp.params).P_monic)
    scalar = coefficient_list(cp.P)
    return len(monic) == len(scalar) and all(
        sp.cancel(s / scalar[0] - m) == 0 for s, m in zip(scalar, monic))
