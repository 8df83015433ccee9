"""Identity checks on a derived characteristic equation.

Two facts of the theory note are checked symbolically, with ``l0`` kept as a symbol:

* ``P_l0(lambda) = (l0 + L) A(lambda) - lambda A'(lambda)`` (coefficient-wise this is
  ``c_j = (l0 + 1 + j) s_j`` when ``A = sum_j s_j lambda^(L-1-j)``);
* ``A(1) != 0``, so ``lambda = 1`` is a simple root of the limiting form.  ``A(1)`` is
  affine in the shares, hence positive on the whole simplex of share vectors exactly
  when it is positive at every vertex (all weight on one type); concrete shares are
  checked directly.

Both are checked by exact ``sympy`` arithmetic: an expanded difference that is
identically zero, and rational numbers compared with 0.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from ..records import Record
from .charpoly import CharPoly

__all__ = ["IdentityCheck", "check_identities", "identity_residual", "A_at_one"]


@dataclass(frozen=True)
class IdentityCheck(Record):
    """Outcome of :func:`check_identities`.

    Attributes
    ----------
    identity_holds : bool
        ``P_l0 - ((l0 + L) A - lambda A')`` expands to zero with ``l0`` symbolic.
    identity_holds_at_l0 : bool
        The same at the given ``l0`` (equal to ``identity_holds`` when ``l0`` is symbolic).
    A_at_one : sympy.Expr
        ``A(1)`` (in the internal share form).
    A_at_one_nonzero : bool
        ``A(1) != 0`` for the given shares, or for every admissible share vector when
        the shares are symbolic (then ``A(1) > 0`` on the simplex).
    """

    identity_holds: bool
    identity_holds_at_l0: bool
    A_at_one: sp.Expr
    A_at_one_nonzero: bool

    @property
    def all_hold(self) -> bool:
        """Every check passed."""
        return self.identity_holds and self.identity_holds_at_l0 and self.A_at_one_nonzero


def identity_residual(cp: CharPoly, P: sp.Poly | None = None, l0: sp.Expr | None = None) -> sp.Expr:
    """``P - ((l0 + L) A - lambda A')`` expanded (zero when the identity holds).

    Examples
    --------
    >>> from coupling_sym.symbolic.charpoly import derive_charpoly
    >>> identity_residual(derive_charpoly([2, 5]))
    0
    """
    lam = cp.lam
    P = cp.P_of_l0 if P is None else P
    l0 = cp.params.l0_symbol if l0 is None else l0
    A = cp.A.as_expr()
    return sp.expand(P.as_expr() - ((l0 + cp.L) * A - lam * sp.diff(A, lam)))


def A_at_one(cp: CharPoly) -> sp.Expr:
    """``A(1)``, exact.

    Examples
    --------
    >>> from coupling_sym.symbolic.charpoly import derive_charpoly
    >>> A_at_one(derive_charpoly([2, 3], p="1/4"))
    11/4
    """
    return sp.expand(cp.A.as_expr().subs(cp.lam, 1))


def _nonzero_on_simplex(cp: CharPoly, value: sp.Expr) -> bool:
    if not cp.params.free_shares:
        return value != 0
    return all(sp.Rational(value.subs(vertex)) > 0 for vertex in cp.params.vertices())


def check_identities(cp: CharPoly) -> IdentityCheck:
    """Check ``P_l0 = (l0 + L) A - lambda A'`` and ``A(1) != 0``.

    Examples
    --------
    >>> from coupling_sym.symbolic.charpoly import derive_charpoly
    >>> check = check_identities(derive_charpoly([2, 3]))
    >>> check.identity_holds, check.A_at_one, check.A_at_one_nonzero
    (True, 3 - p, True)
    """
    holds = identity_residual(cp) == 0
    if cp.params.l0_value is None:
        holds_at_l0 = holds
    else:
        holds_at_l0 = identity_residual(cp, cp.P, sp.Integer(cp.params.l0_value)) == 0
    value = A_at_one(cp)
    return IdentityCheck(holds, holds_at_l0, value, _nonzero_on_simplex(cp, value))
