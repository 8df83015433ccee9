"""The characteristic equation of the unconstrained model, derived from the stage recursion.

Conventions (the whole package keeps them):

* Polynomials are sympy ``Poly`` objects in ``lambda`` (:data:`LAMBDA`); coefficient
  lists are **highest degree first** (``Poly.all_coeffs()`` order), here and in every
  output.  :func:`coefficient_list` is the one place that turns a ``Poly`` into a list.
* ``difference`` (degree ``L``) is the characteristic polynomial of the token-balance
  difference recursion ``sum_j d_j a_{t+1-j} = 0``, normalised by the balance itself:
  the admission recursion is written ``sum_j c_j a_{t+1-j} = B`` (tokens held equal the
  budget, ``B`` with coefficient 1).  Hence ``difference = (lambda - 1) P``.
* ``P`` (degree ``L - 1``) is ``P_l0(lambda) = sum_j c_j lambda^(L-1-j)``, leading
  coefficient ``c_0 = l0 + 1``.
* ``limit = lim_{l0 -> oo} (1 - lambda) P_l0(lambda) / l0``, i.e. minus the limit of
  ``difference / l0``; it has leading coefficient ``-1`` (the sign of
  ``-lambda^L + sum_k p_k lambda^(L - l_k)``).
* ``A`` (degree ``L - 1``) is the exact quotient ``limit / (1 - lambda)``.
* Per-type prompts (``l0`` a list): ``P`` has ``c_0 = sum_k p_k (l0_k + 1)`` and
  ``limit = lim_{s -> oo} (1 - lambda) P / s`` along ``l0_k = r_k s``, in the ratio
  symbols ``r_A, r_B, ..`` (the primitive ray through the prompts when they are all
  concrete and not all zero); ``A_of_r`` keeps the ratio symbols either way.

Two independent routes:

* scalar (here, used by :func:`derive_charpoly`): proportional states turn the stage
  update into the admission recursion (:mod:`coupling_sym.symbolic.recursion`); its
  difference gives ``difference``, and ``P`` is the exact quotient by ``lambda - 1``;
* state space (:mod:`coupling_sym.symbolic.statespace`): the characteristic polynomial
  of the homogeneous stage-update matrix, stripped of ``lambda^m (lambda - 1)``.

Neither route contains the known answer; the tests compare both with hand-worked cases.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sympy as sp

from ..errors import DerivationError, parameter_error
from ..params import ModelParams
from . import render
from .parameters import LAMBDA, SymbolicParams, params_from_model, symbolic_params
from .recursion import difference_equation

__all__ = [
    "POLYNOMIALS",
    "DerivationError",
    "CharPoly",
    "coefficient_list",
    "derive_charpoly",
    "derive_from_params",
    "charpoly_of_params",
]

#: Names of the four derived polynomials, in output order.
POLYNOMIALS = ("difference", "P", "limit", "A")


def coefficient_list(poly: sp.Poly) -> list[sp.Expr]:
    """Coefficients of ``poly``, highest degree first (the package's one order).

    Examples
    --------
    >>> coefficient_list(sp.Poly(3 + 5 * LAMBDA + 4 * LAMBDA**2, LAMBDA))
    [4, 5, 3]
    """
    return [sp.sympify(c) for c in poly.all_coeffs()]


def _poly(coefficients: list, lam: sp.Symbol = LAMBDA) -> sp.Poly:
    return sp.Poly(sp.Add(*[sp.sympify(c) * lam ** (len(coefficients) - 1 - j)
                            for j, c in enumerate(coefficients)]), lam)


def _exact_quotient(poly: sp.Poly, divisor: sp.Expr, what: str) -> sp.Poly:
    quotient, remainder = sp.div(poly, sp.Poly(divisor, poly.gen))
    if not remainder.is_zero:
        raise DerivationError(f"{what} must divide exactly; got remainder {remainder.as_expr()}")
    return sp.Poly(quotient.as_expr(), poly.gen)


@dataclass(frozen=True)
class CharPoly:
    """The derived characteristic equation (build with :func:`derive_charpoly`).

    Attributes
    ----------
    params : SymbolicParams
    difference : sympy.Poly
        Degree ``L``; ``difference == (lambda - 1) * P``.
    P : sympy.Poly
        ``P_l0``, degree ``L - 1``, leading coefficient ``l0 + 1``.
    limit : sympy.Poly
        ``lim (1 - lambda) P_l0 / l0``, degree ``L``.
    A : sympy.Poly
        ``limit / (1 - lambda)``, degree ``L - 1``.
    P_of_l0 : sympy.Poly
        ``P`` with ``l0`` kept as ``params.l0_symbol`` (equals ``P`` when symbolic);
        with per-type prompts, in the symbols ``l0_A, l0_B, ..``.
    A_of_r : sympy.Poly or None
        Per-type prompts: ``A`` in the ratio symbols ``r_A, r_B, ..`` (``None`` otherwise).
    """

    params: SymbolicParams
    difference: sp.Poly
    P: sp.Poly
    limit: sp.Poly
    A: sp.Poly
    P_of_l0: sp.Poly
    A_of_r: sp.Poly | None = None

    @property
    def L(self) -> int:
        """Degree of ``difference``: the longest decode length."""
        return self.params.L

    @property
    def lam(self) -> sp.Symbol:
        """The polynomial variable."""
        return self.difference.gen

    def polynomial(self, name: str) -> sp.Poly:
        """One of ``difference, P, limit, A`` by name."""
        if name not in POLYNOMIALS:
            raise parameter_error("polynomial", "one of " + ", ".join(POLYNOMIALS), name)
        return getattr(self, name)

    def coefficients(self, name: str) -> list[sp.Expr]:
        """Exact coefficients of one polynomial, highest degree first (internal form)."""
        return coefficient_list(self.polynomial(name))

    def coefficient_strings(self) -> dict[str, list[str]]:
        """Every polynomial as exact coefficient strings, highest degree first.

        Symbolic shares are written with the plan's names (``p, q`` for two types).

        Examples
        --------
        >>> derive_charpoly([2, 3], p="1/2", l0=3).coefficient_strings()["P"]
        ['4', '5', '3']
        """
        return {name: [render.coefficient_string(self.params, c) for c in self.coefficients(name)]
                for name in POLYNOMIALS}

    def latex(self) -> dict[str, str]:
        """Every polynomial as LaTeX, terms by decreasing degree.

        Examples
        --------
        >>> derive_charpoly([2, 3], l0=None).latex()["A"]
        '\\\\lambda^{2} + \\\\lambda + q'
        """
        return {name: render.poly_latex(self.params, self.coefficients(name), self.lam)
                for name in POLYNOMIALS}

    def latex_equations(self) -> dict[str, str]:
        """Every polynomial as a LaTeX equation ``<name> = <polynomial>``.

        Examples
        --------
        >>> derive_charpoly([2, 3], p="1/2", l0=3).latex_equations()["P"]
        'P_{l_0}(\\\\lambda) = 4 \\\\lambda^{2} + 5 \\\\lambda + 3'
        """
        return {name: f"{render.LATEX_LABELS[name]} = {text}" for name, text in self.latex().items()}

    def pretty(self) -> dict[str, str]:
        """Every polynomial in sympy's pretty (unicode) form."""
        return {name: render.poly_pretty(self.params, self.coefficients(name), self.lam)
                for name in POLYNOMIALS}

    def parameters(self) -> dict[str, Any]:
        """The parameters as JSON-ready values (exact numbers and expressions as strings)."""
        return render.describe(self.params)

    def to_json(self) -> dict[str, Any]:
        """One JSON-ready object: parameters and the four coefficient lists."""
        return {"parameters": self.parameters(), "variable": str(self.lam),
                "order": "highest degree first", **self.coefficient_strings()}

    def recursion_coefficients(self) -> list[sp.Rational]:
        """``d_0 .. d_L`` of ``d_0 a_{t+1} + .. + d_L a_{t+1-L} = 0`` (concrete only).

        Raises
        ------
        ParameterError
            If ``l0`` or the shares are symbolic.
        """
        if self.params.symbolic:
            raise parameter_error("parameters", "concrete (l0 and shares given) for a numeric recursion",
                                  "symbolic parameters")
        return [sp.Rational(c) for c in self.coefficients("difference")]


def _scalar_difference(params: SymbolicParams) -> sp.Poly:
    """``difference`` with ``l0`` symbolic, from the scalar admission recursion."""
    expr, symbols = difference_equation(params)
    linear = sp.Poly(expr, *symbols)
    if linear.total_degree() > 1 or linear.coeff_monomial(1) != 0:
        raise DerivationError(f"the difference recursion must be linear and homogeneous; got {expr}")
    coefficients = [sp.expand(linear.coeff_monomial(s)) for s in symbols]
    return _poly(coefficients)


def _limit_coefficient(coefficient: sp.Expr, l0: sp.Symbol) -> sp.Expr:
    """``lim_{l0 -> oo} coefficient / l0`` for a coefficient polynomial in ``l0``."""
    in_l0 = sp.Poly(coefficient, l0)
    if in_l0.degree() > 1:
        raise DerivationError(f"a coefficient must be at most linear in {l0}; got {coefficient}")
    return sp.expand(in_l0.coeff_monomial(l0))


def _substitute_l0(poly: sp.Poly, params: SymbolicParams) -> sp.Poly:
    values = params.prompt_substitution
    if not values:
        return poly
    return _poly([sp.expand(c.xreplace(values)) for c in coefficient_list(poly)])


def _ray_limit(difference: sp.Poly, params: SymbolicParams) -> sp.Poly:
    """``-lim difference / s`` along ``l0_k = r_k s`` (per-type prompts), in ``r_A, r_B, ..``."""
    scale = sp.Dummy("s")
    along = {sym: r * scale for sym, r in zip(params.prompt_symbols, params.ratio_symbols)}
    return _poly([-_limit_coefficient(sp.expand(c.xreplace(along)), scale) for c in coefficient_list(difference)])


def _ray_values(params: SymbolicParams) -> dict:
    """``r_k`` -> the primitive ray through concrete prompts (empty if any is symbolic or all are 0)."""
    from math import gcd

    values = params.prompt_values
    if any(v is None for v in values) or not any(values):
        return {}
    common = gcd(*values)
    return {r: sp.Integer(v // common) for r, v in zip(params.ratio_symbols, values)}


def derive_from_params(params: SymbolicParams) -> CharPoly:
    """Derive every polynomial for validated parameters (the scalar route).

    Raises
    ------
    DerivationError
        If a division that must be exact leaves a remainder (a bug, never expected).
    """
    lam = LAMBDA
    difference_of_l0 = _scalar_difference(params)
    P_of_l0 = _exact_quotient(difference_of_l0, lam - 1, "lambda - 1 (the conserved token level)")
    if params.per_type:
        limit_of_r = _ray_limit(difference_of_l0, params)
        A_of_r = _exact_quotient(limit_of_r, 1 - lam, "1 - lambda")
        ray = _ray_values(params)
        limit, A = (_poly([sp.expand(c.xreplace(ray)) for c in coefficient_list(poly)])
                    for poly in (limit_of_r, A_of_r))
        return CharPoly(params, _substitute_l0(difference_of_l0, params), _substitute_l0(P_of_l0, params),
                        limit, A, P_of_l0, A_of_r)
    limit = _poly([-_limit_coefficient(c, params.l0_symbol) for c in coefficient_list(difference_of_l0)])
    A = _exact_quotient(limit, 1 - lam, "1 - lambda")
    return CharPoly(params, _substitute_l0(difference_of_l0, params), _substitute_l0(P_of_l0, params),
                    limit, A, P_of_l0)


def derive_charpoly(lengths: object, rates: object = None, l0: object = None, *, p: object = None) -> CharPoly:
    """Derive the characteristic equation from the stage recursion.

    Parameters
    ----------
    lengths : sequence of int-like
        Decode lengths ``l_k`` (pairwise distinct, ``>= 1``); K >= 1 types.
    rates : sequence of number-like, optional
        Arrival rates (the shares are ``rates / sum(rates)``).
    l0 : int-like, sympy.Symbol, None or list
        Prefill length; ``None`` keeps the symbol ``l0``.  A list gives one prompt per
        type (``None`` entries stay the symbols ``l0_A``, ..).
    p : number-like, optional
        Two types: the share of type A.  Without ``rates`` or ``p`` the shares stay
        symbolic (``p, q = 1 - p`` for two types).

    Returns
    -------
    CharPoly

    Raises
    ------
    ParameterError
        For invalid parameters (see :func:`~coupling_sym.symbolic.parameters.symbolic_params`).

    Notes
    -----
    The scalar route costs ``O(L)`` sympy operations on coefficients linear in ``l0`` and
    the shares; ``L = 64`` with symbolic ``l0`` and ``p`` takes well under a second.

    Examples
    --------
    >>> cp = derive_charpoly([2, 3], p="1/2", l0=3)
    >>> cp.P.as_expr()
    4*lambda**2 + 5*lambda + 3
    >>> cp.limit.as_expr()
    -lambda**3 + lambda/2 + 1/2
    >>> derive_charpoly([2, 3]).coefficient_strings()["P"]
    ['l0 + 1', 'l0 + 2', 'q*(l0 + 3)']
    >>> per_type = derive_charpoly([2, 3], l0=[None, None])
    >>> per_type.coefficient_strings()["P"]
    ['p*(l0_A + 1) + q*(l0_B + 1)', 'p*(l0_A + 2) + q*(l0_B + 2)', 'q*(l0_B + 3)']
    >>> per_type.coefficient_strings()["limit"]
    ['-p*r_A - q*r_B', '0', 'p*r_A', 'q*r_B']
    """
    return derive_from_params(symbolic_params(lengths, rates, l0, p))


def charpoly_of_params(params: ModelParams) -> CharPoly:
    """The characteristic equation of concrete model parameters (``B`` plays no part).

    Examples
    --------
    >>> from coupling_sym.params import make_params
    >>> charpoly_of_params(make_params(3, (2, 3), (1, 1), 60)).coefficients("P")
    [4, 5, 3]
    """
    return derive_from_params(params_from_model(params))
