"""Display of derived polynomials: coefficient strings, LaTeX, pretty form, parameters.

Nothing is computed here beyond rewriting.  Coefficients arrive highest degree first.
Internally a symbolic share vector is ``(p, 1 - p)`` (or ``p_A, .., 1 - sum``); for
display each coefficient, which is affine in the shares, is rewritten in the unique
homogeneous form ``sum_k a_k p_k`` using the plan's names (``p, q`` for two types), and
written plainly when all ``a_k`` agree (``l0 + 2`` rather than ``(l0 + 2)(p + q)``).
"""

from __future__ import annotations

from typing import Any, Sequence

import sympy as sp

from .parameters import SymbolicParams

__all__ = ["LATEX_LABELS", "TEXT_LABELS", "display_coefficient", "coefficient_string", "poly_latex", "poly_pretty", "describe"]

#: Left-hand sides naming each polynomial, in LaTeX and in plain text.
LATEX_LABELS = {
    "difference": r"(\lambda - 1) P_{l_0}(\lambda)",
    "P": r"P_{l_0}(\lambda)",
    "limit": r"(1 - \lambda) A(\lambda)",
    "A": r"A(\lambda)",
}
TEXT_LABELS = {
    "difference": "(lambda - 1) P_l0(lambda)   token-balance difference recursion",
    "P": "P_l0(lambda)",
    "limit": "(1 - lambda) A(lambda) = lim (1 - lambda) P_l0(lambda) / l0 as l0 -> oo",
    "A": "A(lambda)",
}


def display_coefficient(params: SymbolicParams, coefficient: sp.Expr) -> sp.Expr:
    """Rewrite a coefficient with the display names of the shares.

    Examples
    --------
    >>> from coupling_sym.symbolic.parameters import symbolic_params
    >>> l0, p = sp.symbols("l0 p")
    >>> display_coefficient(symbolic_params([2, 3]), (l0 + 3) * (1 - p) - l0 - 2)
    -p*(l0 + 2) + q
    """
    coefficient = sp.expand(coefficient)
    if not params.free_shares or not coefficient.free_symbols & set(params.free_shares):
        return coefficient
    groups: dict[sp.Expr, list[sp.Symbol]] = {}
    for vertex, name in zip(params.vertices(), params.share_names):
        groups.setdefault(sp.factor(coefficient.subs(vertex)), []).append(name)
    terms = []
    for value, names in groups.items():
        if value == 0:
            continue
        total = sp.Add(*names)
        terms.append(-sp.Mul(-value, total) if value.could_extract_minus_sign() else sp.Mul(value, total))
    return sp.Add(*terms)


def coefficient_string(params: SymbolicParams, coefficient: sp.Expr) -> str:
    """One exact coefficient as a string: ``"5/2"``, ``"l0 + 2"``, ``"q*(l0 + 3)"``."""
    return str(display_coefficient(params, coefficient))


def _ordered(expr: sp.Expr) -> sp.Expr:
    """Freeze the printer's term order inside ``expr`` so ``order='none'`` keeps it."""
    if expr.is_Atom:
        return expr
    if expr.is_Add:
        return sp.Add(*[_ordered(term) for term in expr.as_ordered_terms()], evaluate=False)
    return expr.func(*[_ordered(arg) for arg in expr.args], evaluate=False)


def _terms(params: SymbolicParams, coefficients: Sequence[sp.Expr], lam: sp.Symbol) -> sp.Expr:
    degree = len(coefficients) - 1
    terms = []
    for j, c in enumerate(coefficients):
        c = display_coefficient(params, c)
        if c == 0:
            continue
        power = lam ** (degree - j)
        if power == 1 and c.is_Add:
            terms.extend(_ordered(term) for term in c.as_ordered_terms())
        elif c.is_Rational or power == 1:
            terms.append(_ordered(c * power))
        elif c in (1, -1):
            terms.append(c * power)
        else:
            terms.append(sp.Mul(_ordered(c), power, evaluate=False))
    if not terms:
        return sp.Integer(0)
    return sp.Add(*terms, evaluate=False) if len(terms) > 1 else terms[0]


def poly_latex(params: SymbolicParams, coefficients: Sequence[sp.Expr], lam: sp.Symbol) -> str:
    """LaTeX of a polynomial, terms by decreasing degree.

    Examples
    --------
    >>> from coupling_sym.symbolic.parameters import symbolic_params, LAMBDA
    >>> poly_latex(symbolic_params([2, 3], p="1/2", l0=3), [-1, 0, sp.Rational(1, 2), sp.Rational(1, 2)], LAMBDA)
    '- \\\\lambda^{3} + \\\\frac{\\\\lambda}{2} + \\\\frac{1}{2}'
    """
    return sp.latex(_terms(params, coefficients, lam), order="none")


def poly_pretty(params: SymbolicParams, coefficients: Sequence[sp.Expr], lam: sp.Symbol) -> str:
    """Sympy's pretty (unicode) form of a polynomial, terms by decreasing degree."""
    return sp.pretty(_terms(params, coefficients, lam), order="none", use_unicode=True)


def _text(value: sp.Expr) -> str:
    return str(value)


def describe(params: SymbolicParams) -> dict[str, Any]:
    """Parameters as JSON-ready values (numbers as exact strings, symbols by name).

    Examples
    --------
    >>> from coupling_sym.symbolic.parameters import symbolic_params
    >>> describe(symbolic_params([2, 3]))
    {'K': 2, 'l0': 'l0', 'lengths': [2, 3], 'shares': ['p', 'q'], 'symbolic': True, 'l_A': 2, 'l_B': 3, 'p': 'p', 'q': '1 - p'}
    """
    shares = [_text(display_coefficient(params, s)) for s in params.shares]
    out: dict[str, Any] = {"K": params.K,
                           "l0": params.l0_value if params.l0_value is not None else str(params.l0_symbol),
                           "lengths": list(params.lengths), "shares": shares, "symbolic": params.symbolic}
    if params.per_type:
        prompts = [str(e) if v is None else v for e, v in zip(params.prompt_terms, params.prompt_values)]
        out["l0"] = prompts
        out["prompts"] = prompts
        out.update({f"l0_{name}": value for name, value in zip(params.names, prompts)})
    if params.rates is not None:
        out["rates"] = [str(r) for r in params.rates]
    if params.K == 2:
        p = params.shares[0]
        out.update({"l_A": params.lengths[0], "l_B": params.lengths[1], "p": _text(p),
                    "q": _text(params.shares[1])})
    return out
