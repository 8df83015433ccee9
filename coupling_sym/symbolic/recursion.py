"""The unconstrained stage recursion of docs/model.md, as sympy objects.

One batch transition ``t -> t+1`` of the theory trajectory (no eviction) is written once,
in :func:`stage_update`, with generic arithmetic: it runs on sympy expressions and on
elements of a sympy domain (``QQ`` or a fraction field ``QQ(l0, p)``) alike.  From it:

* :func:`state_space_matrix` applies the update to basis states and builds the matrix
  ``M`` of the homogeneous linear map ``(X_t, B) -> (X_{t+1}, B)``.  The state ``X`` is
  flattened type by type, stage by stage (``X[0][0], .., X[0][l_0 - 1], X[1][0], ..``) and
  the last coordinate is the constant ``B``; the dimension is ``sum_k l_k + 1``.
* :func:`admission_equation` substitutes a proportional state ``X_t[k][i] = p_k a_{t-i}``
  and returns the scalar recursion in the admissions as the token balance
  ``sum_j c_j a_{t+1-j} - B = 0`` (the equation is scaled so that ``B`` enters with
  coefficient ``-1``: the left side is "tokens held minus budget").
* :func:`difference_equation` subtracts the same balance one batch earlier, which
  removes ``B`` (consecutive batches both hold ``B`` tokens).

Admission symbols are ``a[t+1], a[t], .., a[t+1-L]``; :func:`admission_symbol` builds
them from the offset ``j`` in ``a_{t+1-j}``.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Sequence

import sympy as sp
from sympy.polys.matrices import DomainMatrix

from ..errors import parameter_error
from ..params import parse_int
from .parameters import SymbolicParams

__all__ = [
    "stage_update",
    "state_space_domain",
    "state_space_matrix",
    "admission_symbol",
    "admission_equation",
    "difference_equation",
    "extend_admissions",
]


def stage_update(lengths: Sequence[int], shares: Sequence, l0, X: Sequence[Sequence], budget) -> list[list]:
    """One unconstrained batch transition ``X_t -> X_{t+1}`` (docs/model.md, steps 1-4).

    Requests at their last stage complete, the others advance one stage, the room
    ``R = B - sum_k sum_{i>=1} (l0 + 1 + i) X_{t+1}[k][i]`` is computed and
    ``R / (l0 + 1)`` is admitted at stage 0, type ``k`` getting ``p_k`` of it (any sign).
    With per-type prompts (``l0`` a list) the footprints are ``l0_k + 1 + i`` and the
    admission is ``R / sum_k p_k (l0_k + 1)``.

    Parameters
    ----------
    lengths : sequence of int
    shares : sequence
        ``p_k``, in the same arithmetic as ``X``.
    l0 :
        Prefill length, in the same arithmetic as ``X``, or a list of one per type.
    X : list of lists
        ``X[k][i]`` for ``i < l_k``.
    budget :
        ``B``.

    Returns
    -------
    list of lists
        ``X_{t+1}`` in the same layout.

    Examples
    --------
    >>> from sympy import Rational as R
    >>> stage_update([2, 3], [R(1, 2), R(1, 2)], 3, [[R(15, 2), 0], [R(15, 2), 0, 0]], 60)
    [[-15/8, 15/2], [-15/8, 15/2, 0]]
    >>> stage_update([2, 3], [R(1, 2), R(1, 2)], [1, 3], [[10, 0], [10, 0, 0]], 60)
    [[-10/3, 10], [-10/3, 10, 0]]
    """
    zero = budget - budget
    prompts = list(l0) if isinstance(l0, (list, tuple)) else [l0] * len(X)
    advanced = [[zero] + list(row[:-1]) for row in X]
    held = zero
    for prompt, row in zip(prompts, advanced):
        for i in range(1, len(row)):
            held = held + (prompt + (1 + i)) * row[i]
    if isinstance(l0, (list, tuple)):
        entry = zero
        for share, prompt in zip(shares, prompts):
            entry = entry + share * (prompt + 1)
    else:
        entry = l0 + 1
    admitted = (budget - held) / entry
    for k, row in enumerate(advanced):
        row[0] = shares[k] * admitted
    return advanced


def state_space_domain(params: SymbolicParams):
    """The sympy domain of the state-space matrix: ``QQ`` or ``QQ(l0, shares..)``."""
    if params.per_type:
        prompts = [sym for sym, value in zip(params.prompt_symbols, params.prompt_values) if value is None]
    else:
        prompts = [params.l0_symbol] if params.l0_value is None else []
    gens = prompts + list(params.free_shares)
    return sp.QQ.frac_field(*gens) if gens else sp.QQ


def state_space_matrix(params: SymbolicParams) -> DomainMatrix:
    """Matrix of the homogeneous stage update ``(X_t, B) -> (X_{t+1}, B)``.

    Column ``j`` is the update applied to the ``j``-th basis state with ``B = 0``; the
    last column is the update of the empty state with ``B = 1``.  This is exact because
    the update is linear in ``(X, B)`` jointly.

    Examples
    --------
    >>> from coupling_sym.symbolic.parameters import symbolic_params
    >>> M = state_space_matrix(symbolic_params([1, 2], p="1/2", l0=0))
    >>> M.to_Matrix()
    Matrix([
    [0, -1, 0, 1/2],
    [0, -1, 0, 1/2],
    [0,  1, 0,   0],
    [0,  0, 0,   1]])
    """
    dom = state_space_domain(params)
    shares = [dom.from_sympy(s) for s in params.shares]
    l0 = [dom.from_sympy(e) for e in params.prompt_terms] if params.per_type else dom.from_sympy(params.l0)
    sizes = list(params.lengths)
    n = sum(sizes) + 1

    def unit_state(position: int) -> list[list]:
        state, index = [], 0
        for size in sizes:
            state.append([dom.one if index + i == position else dom.zero for i in range(size)])
            index += size
        return state

    columns = []
    for position in range(n - 1):
        update = stage_update(sizes, shares, l0, unit_state(position), dom.zero)
        columns.append([entry for row in update for entry in row] + [dom.zero])
    update = stage_update(sizes, shares, l0, unit_state(-1), dom.one)
    columns.append([entry for row in update for entry in row] + [dom.one])
    rows = [[columns[j][i] for j in range(n)] for i in range(n)]
    return DomainMatrix(rows, (n, n), dom)


def admission_symbol(j: int) -> sp.Symbol:
    """The admission ``a_{t+1-j}``, named ``a[t+1]``, ``a[t]``, ``a[t-1]``, ...

    Examples
    --------
    >>> admission_symbol(0), admission_symbol(1), admission_symbol(3)
    (a[t+1], a[t], a[t-2])
    """
    offset = 1 - j
    return sp.Symbol("a[t]" if offset == 0 else f"a[t{offset:+d}]")


def admission_equation(params: SymbolicParams, budget: sp.Symbol = sp.Symbol("B")) -> sp.Expr:
    """The scalar recursion ``sum_j c_j a_{t+1-j} - B`` (equal to 0), derived.

    The proportional state ``X_t[k][i] = p_k a_{t-i}`` goes through
    :func:`stage_update`; its stage 0 gives ``a_{t+1} = sum_k X_{t+1}[k][0]``.  The
    resulting equation is scaled so that ``B`` has coefficient ``-1``.  ``l0`` stays the
    symbol ``params.l0_symbol``.

    Examples
    --------
    >>> from coupling_sym.symbolic.parameters import symbolic_params
    >>> admission_equation(symbolic_params([1, 2], p="1/2", l0=0)).expand()
    -B + a[t+1]*l0 + a[t+1] + a[t]*l0/2 + a[t]
    """
    l0 = params.derivation_l0
    L = params.L
    X_t = [[share * admission_symbol(i + 1) for i in range(lk)]
           for share, lk in zip(params.shares, params.lengths)]
    X_next = stage_update(params.lengths, params.shares, l0, X_t, budget)
    admitted = sp.Add(*[row[0] for row in X_next])
    # Collect in the admissions and B with coefficients in a fraction field: sympy's
    # sparse polynomial arithmetic cancels the 1 / (l0 + 1) far faster than cancel().
    equation = sp.Poly(admission_symbol(0) - admitted, *[admission_symbol(j) for j in range(L)], budget)
    return equation.quo_ground(-equation.coeff_monomial(budget)).as_expr()


def difference_equation(params: SymbolicParams) -> tuple[sp.Expr, tuple[sp.Symbol, ...]]:
    """The token-balance difference ``E_t - E_{t-1}`` of :func:`admission_equation`.

    Returns
    -------
    (expr, symbols)
        ``expr`` is linear and homogeneous in ``symbols = (a[t+1], .., a[t+1-L])``.

    Examples
    --------
    >>> from coupling_sym.symbolic.parameters import symbolic_params
    >>> expr, symbols = difference_equation(symbolic_params([1, 2], p="1/2", l0=0))
    >>> [expr.coeff(s) for s in symbols]
    [l0 + 1, -l0/2, -l0/2 - 1]
    """
    budget = sp.Symbol("B")
    now = admission_equation(params, budget)
    L = params.L
    symbols = tuple(admission_symbol(j) for j in range(L + 1))
    earlier = now.xreplace({symbols[j]: symbols[j + 1] for j in range(L)})
    expr = sp.expand(now - earlier)
    return expr, symbols


def _fraction(value) -> Fraction:
    if isinstance(value, sp.Basic):
        value = sp.Rational(value)
        return Fraction(int(value.p), int(value.q))
    return Fraction(value)


def extend_admissions(coefficients: Sequence, admissions: Sequence, count: int) -> list[Fraction]:
    """Continue an admission sequence with the difference recursion, exactly.

    ``coefficients = (d_0, .., d_L)`` (highest degree first) mean
    ``d_0 a_{t+1} + d_1 a_t + .. + d_L a_{t+1-L} = 0``.

    Parameters
    ----------
    coefficients : sequence of rationals (int, Fraction or sympy Rational)
        Concrete coefficients of the difference polynomial, ``d_0 != 0``.
    admissions : sequence of rationals
        At least ``L`` consecutive admissions, oldest first.
    count : int
        How many to append, ``>= 0``.

    Returns
    -------
    list of Fraction
        ``admissions`` followed by ``count`` new values, in exact arithmetic.

    Raises
    ------
    ParameterError
        If ``d_0 = 0``, fewer than ``L`` admissions are given or ``count`` is negative.

    Examples
    --------
    >>> extend_admissions([4, 1, -2, -3], [15, 0, 0], 2)
    [Fraction(15, 1), Fraction(0, 1), Fraction(0, 1), Fraction(45, 4), Fraction(-45, 16)]
    """
    d = [_fraction(c) for c in coefficients]
    if not d or d[0] == 0:
        raise parameter_error("coefficients", "a list with a non-zero leading coefficient d_0", coefficients)
    count = parse_int(count, "count", minimum=0)
    L = len(d) - 1
    values = [_fraction(a) for a in admissions]
    if len(values) < L:
        raise parameter_error("admissions", f"at least L = {L} values", len(values))
    for _ in range(count):
        recent = values[::-1][:L]
        values.append(-sum(dj * a for dj, a in zip(d[1:], recent)) / d[0])
    return values
