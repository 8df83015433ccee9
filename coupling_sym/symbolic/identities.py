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

Per-type prompts.  Write ``A_k(lambda) = sum_{j < l_k} lambda^(L-1-j)`` (type ``k``'s
stages), so ``A = sum_k p_k A_k`` and ``A_r = sum_k p_k r_k A_k``.  Since
``l0_k + 1 + j = l0_k + L - (L - 1 - j)`` and ``lambda d/dlambda`` multiplies
``lambda^(L-1-j)`` by ``L - 1 - j``,

    P(lambda) = sum_k p_k ((l0_k + L) A_k - lambda A_k') = A_{l0}(lambda) + L A_1(lambda) - lambda A_1'(lambda),

where ``A_{l0}`` is ``A_r`` at ``r_k = l0_k`` and ``A_1`` is ``A_r`` at ``r_k = 1`` (the
shares polynomial).  With a common prompt ``A_{l0} = l0 A`` and this is the identity
above.  It is checked with the derived ``A_r`` (:attr:`CharPoly.A_of_r`), the prompts
``l0_A, l0_B, ..`` symbolic; ``A(1) != 0`` becomes ``A_r(1) = sum_k p_k r_k l_k > 0``,
checked at every vertex of the share simplex for positive ratios.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from .charpoly import CharPoly

__all__ = ["IdentityCheck", "check_identities", "identity_residual", "A_at_one"]


@dataclass(frozen=True)
class IdentityCheck:
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
    >>> identity_residual(derive_charpoly([2, 5], l0=[None, None]))
    0
    """
    lam = cp.lam
    P = cp.P_of_l0 if P is None else P
    if cp.params.per_type:
        prompts = cp.params.prompt_symbols if l0 is None else l0
        A_r = cp.A_of_r.as_expr()
        A_prompts = A_r.xreplace(dict(zip(cp.params.ratio_symbols, prompts)))
        A_1 = A_r.xreplace({r: sp.Integer(1) for r in cp.params.ratio_symbols})
        return sp.expand(P.as_expr() - (A_prompts + cp.L * A_1 - lam * sp.diff(A_1, lam)))
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
    ratios = set(cp.params.ratio_symbols) & value.free_symbols if cp.params.per_type else set()
    if ratios:
        # affine in the shares, linear in the ratios: positive for all r > 0 on the simplex
        # exactly when every vertex value is a non-zero combination of ratios with non-negative coefficients
        def positive(expr: sp.Expr) -> bool:
            poly = sp.Poly(sp.expand(expr), *sorted(ratios, key=str))
            coeffs = [sp.Rational(c) for c in poly.coeffs()]
            return poly.coeff_monomial(1) == 0 and poly.total_degree() == 1 and all(c >= 0 for c in coeffs) \
                and any(c > 0 for c in coeffs)
        vertices = cp.params.vertices() if cp.params.free_shares else [{}]
        return all(positive(value.subs(vertex)) for vertex in vertices)
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
    if cp.params.per_type:
        holds_at_l0 = identity_residual(cp, cp.P, cp.params.prompt_terms) == 0
    elif cp.params.l0_value is None:
        holds_at_l0 = holds
    else:
        holds_at_l0 = identity_residual(cp, cp.P, sp.Integer(cp.params.l0_value)) == 0
    value = A_at_one(cp)
    return IdentityCheck(holds, holds_at_l0, value, _nonzero_on_simplex(cp, value))
