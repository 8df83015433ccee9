"""Parameters of the symbolic derivation: exact numbers or sympy symbols.

Conventions (fixed here for the whole :mod:`coupling_sym.symbolic` package):

* ``lengths[k]`` is the decode length ``l_k >= 1`` of type ``k`` (pairwise distinct);
  ``L = max_k l_k``.
* ``shares[k]`` is ``p_k`` as a sympy expression.  Concrete shares are ``Rational``;
  symbolic shares use one symbol per type but the last, which is ``1 - (the others)``,
  so that ``sum_k p_k == 1`` holds identically.  For two types the symbol is ``p`` and
  ``q = 1 - p``; for K types the symbols are ``p_A, p_B, ..``.
* ``l0`` is a non-negative integer or a sympy symbol (default ``l0``).  The derivation
  always runs with a symbol (so the limit ``l0 -> infinity`` can be taken) and
  substitutes a concrete value afterwards.
* Per-type prompts: ``l0`` given as a list, one entry per type, each an integer, a
  symbol or ``None`` (the symbol ``l0_A``, ``l0_B``, ..).  The derivation then runs with
  the symbols ``l0_A, l0_B, ..`` (:attr:`SymbolicParams.prompt_symbols`); the limit
  scales them along a ray ``l0_k = r_k s`` with ratio symbols ``r_A, r_B, ..``
  (:attr:`SymbolicParams.ratio_symbols`), ``s -> infinity``.

Symbols are plain (no assumptions), so ``sympy.Symbol("l0")`` typed by a user is the
same symbol as :data:`L0`.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import sympy as sp

from ..errors import parameter_error
from ..params import ModelParams, parse_int, parse_rational, type_names

__all__ = ["LAMBDA", "L0", "MAX_LENGTH", "SymbolicParams", "symbolic_params", "params_from_model"]

#: The polynomial variable.
LAMBDA = sp.Symbol("lambda")
#: The default prefill-length symbol.
L0 = sp.Symbol("l0")
#: Longest decode length derived: about 1000 exceeds sympy's recursion limit while
#: building the polynomials, and 512 already takes seconds.
MAX_LENGTH = 512


@dataclass(frozen=True)
class SymbolicParams:
    """Validated parameters of one derivation (build with :func:`symbolic_params`).

    Attributes
    ----------
    lengths : tuple of int
        Decode lengths ``l_k``, pairwise distinct, each ``>= 1``.
    shares : tuple of sympy.Expr
        ``p_k``; they sum to 1 identically.
    share_names : tuple of sympy.Symbol
        Display names of the shares (``p, q`` for two types, ``p_A, p_B, ..`` otherwise).
    free_shares : tuple of sympy.Symbol
        The symbols the shares depend on (empty when the shares are concrete).
    l0_value : int or None
        The prefill length, or ``None`` when it stays symbolic.
    l0_symbol : sympy.Symbol
        The symbol used for ``l0`` during the derivation.
    rates : tuple of Fraction or None
        The rates the shares came from, when given.
    """

    lengths: tuple[int, ...]
    shares: tuple[sp.Expr, ...]
    share_names: tuple[sp.Symbol, ...]
    free_shares: tuple[sp.Symbol, ...]
    l0_value: int | None
    l0_symbol: sp.Symbol
    rates: tuple[Fraction, ...] | None = None
    prompt_values: tuple[int | None, ...] | None = None
    prompt_symbols: tuple[sp.Symbol, ...] | None = None

    @property
    def per_type(self) -> bool:
        """True when the prompts are given per type (a list), even if equal."""
        return self.prompt_values is not None

    @property
    def prompt_terms(self) -> tuple[sp.Expr, ...]:
        """Each type's prompt as used in the results: an ``Integer`` or its symbol."""
        if not self.per_type:
            return (self.l0,) * self.K
        return tuple(sym if value is None else sp.Integer(value)
                     for sym, value in zip(self.prompt_symbols, self.prompt_values))

    @property
    def derivation_l0(self):
        """What the derivation runs with: the symbol ``l0``, or the tuple of prompt symbols."""
        return self.prompt_symbols if self.per_type else self.l0_symbol

    @property
    def prompt_substitution(self) -> dict[sp.Symbol, sp.Expr]:
        """Concrete values to put in after the derivation (symbol -> Integer)."""
        if not self.per_type:
            return {} if self.l0_value is None else {self.l0_symbol: sp.Integer(self.l0_value)}
        return {sym: sp.Integer(value) for sym, value in zip(self.prompt_symbols, self.prompt_values)
                if value is not None}

    @property
    def ratio_symbols(self) -> tuple[sp.Symbol, ...]:
        """``r_A, r_B, ..``: the prompt ratios of the limit ``l0_k = r_k s``."""
        return tuple(sp.Symbol(f"r_{name}") for name in self.names)

    @property
    def K(self) -> int:
        """Number of request types."""
        return len(self.lengths)

    @property
    def L(self) -> int:
        """Longest decode length."""
        return max(self.lengths)

    @property
    def names(self) -> tuple[str, ...]:
        """Type names ``A, B, ..``."""
        return type_names(self.K)

    @property
    def l0(self) -> sp.Expr:
        """``l0`` as used in the results: an ``Integer`` or the symbol."""
        return self.l0_symbol if self.l0_value is None else sp.Integer(self.l0_value)

    @property
    def symbolic(self) -> bool:
        """True when ``l0`` (a prompt) or the shares are symbols."""
        if self.per_type:
            return any(value is None for value in self.prompt_values) or bool(self.free_shares)
        return self.l0_value is None or bool(self.free_shares)

    def vertices(self) -> list[dict[sp.Symbol, sp.Expr]]:
        """Substitutions putting all weight on one type (``p_k = 1``), one per type.

        A quantity affine in the shares is positive for every admissible share vector
        exactly when it is positive at these vertices of the simplex.
        """
        result = []
        for k in range(self.K):
            subs = {s: sp.Integer(1 if j == k else 0) for j, s in enumerate(self.free_shares)}
            result.append(subs)
        return result


def _validate_lengths(lengths: object) -> tuple[int, ...]:
    items = list(lengths) if not isinstance(lengths, (str, bytes)) and hasattr(lengths, "__iter__") else None
    if not items:
        raise parameter_error("lengths", "a non-empty list of decode lengths", lengths)
    names = type_names(len(items))
    parsed = tuple(parse_int(value, f"l_{name}", minimum=1) for name, value in zip(names, items))
    for name, lk in zip(names, parsed):
        if lk > MAX_LENGTH:
            raise parameter_error(f"l_{name}", f"at most {MAX_LENGTH}", lk)
    return parsed


def _validate_prompts(l0: object, K: int) -> tuple[tuple[int | None, ...], tuple[sp.Symbol, ...]] | None:
    """Per-type prompts from a list (``None`` without one)."""
    if not isinstance(l0, (list, tuple)):
        return None
    names = type_names(K)
    if len(l0) != K:
        raise parameter_error("l0", f"one value or a list of {K} prompt lengths (one per type)", list(l0))
    values, symbols = [], []
    for name, item in zip(names, l0):
        if item is None or isinstance(item, sp.Symbol):
            values.append(None)
            symbols.append(sp.Symbol(f"l0_{name}") if item is None else item)
        else:
            values.append(parse_int(item, f"l0_{name}", minimum=0))
            symbols.append(sp.Symbol(f"l0_{name}"))
    return tuple(values), tuple(symbols)


def _validate_l0(l0: object) -> tuple[int | None, sp.Symbol]:
    if isinstance(l0, (list, tuple)):
        return None, L0
    if l0 is None:
        return None, L0
    if isinstance(l0, sp.Symbol):
        return None, l0
    return parse_int(l0, "l0", minimum=0), L0


def _symbolic_shares(K: int) -> tuple[tuple[sp.Expr, ...], tuple[sp.Symbol, ...], tuple[sp.Symbol, ...]]:
    if K == 1:
        return (sp.Integer(1),), (sp.Symbol("p_A"),), ()
    names = (sp.Symbol("p"), sp.Symbol("q")) if K == 2 else tuple(sp.Symbol(f"p_{n}") for n in type_names(K))
    free = names[:-1]
    shares = free + (1 - sp.Add(*free),)
    return shares, names, free


def _display_names(K: int) -> tuple[sp.Symbol, ...]:
    return _symbolic_shares(K)[1]


def symbolic_params(lengths: object, rates: object = None, l0: object = None, p: object = None) -> SymbolicParams:
    """Validate and normalise the parameters of a derivation.

    Parameters
    ----------
    lengths : sequence of int-like
        Decode lengths ``l_k``, each from 1 to :data:`MAX_LENGTH`, pairwise distinct.
    rates : sequence of number-like, optional
        Arrival rates (ints, ``"0.25"``, ``"1/3"``, Fractions), each ``> 0``; the shares
        are ``rates[k] / sum(rates)``.  Not together with ``p``.
    l0 : int-like, sympy.Symbol, None or list
        Prefill length; ``None`` (or a symbol) keeps it symbolic.  A list gives one
        prompt per type (entries int-like, a symbol, or ``None`` for ``l0_A``, ..).
    p : number-like, optional
        Two types only: the share ``p = p_A`` of type A, strictly between 0 and 1.
        With neither ``rates`` nor ``p`` the shares stay symbolic.

    Returns
    -------
    SymbolicParams

    Raises
    ------
    ParameterError
        For a length < 1 or > :data:`MAX_LENGTH`, a rate <= 0, ``p`` outside (0, 1), a
        malformed number, or ``p`` given with ``rates`` or with K != 2.

    Examples
    --------
    >>> sp_ = symbolic_params([2, 3], p="1/3", l0=3)
    >>> sp_.shares, sp_.l0
    ((1/3, 2/3), 3)
    >>> symbolic_params([2, 3]).shares
    (p, 1 - p)
    >>> symbolic_params([3, 3], p="1/2").lengths      # equal lengths: the one-type model
    (3, 3)
    >>> symbolic_params([2, 3], p="1/2", l0=[None, 60]).prompt_terms
    (l0_A, 60)
    """
    parsed = _validate_lengths(lengths)
    K = len(parsed)
    l0_value, l0_symbol = _validate_l0(l0)
    prompts = _validate_prompts(l0, K)
    extra = {} if prompts is None else {"prompt_values": prompts[0], "prompt_symbols": prompts[1]}
    if p is not None and rates is not None:
        raise parameter_error("p", "given without rates (p is the share of type A for two types)", p)
    names = _display_names(K)
    if p is not None:
        if K != 2:
            raise parameter_error("p", "used with exactly two types (use rates for K types)", p)
        share = parse_rational(p, "p")
        if not 0 < share < 1:
            raise parameter_error("p", "strictly between 0 and 1", p if isinstance(p, str) else str(share))
        first = sp.Rational(share.numerator, share.denominator)
        shares = (first, 1 - first)
        return SymbolicParams(parsed, shares, names, (), l0_value, l0_symbol, None, **extra)
    if rates is not None:
        items = list(rates) if not isinstance(rates, (str, bytes)) and hasattr(rates, "__iter__") else None
        if items is None or len(items) != K:
            raise parameter_error("rates", f"a list of {K} rates (one per type)", rates)
        parsed_rates = []
        for name, value in zip(type_names(K), items):
            rate = parse_rational(value, f"lambda_{name}")
            if rate <= 0:
                raise parameter_error(f"lambda_{name}", "> 0", value)
            parsed_rates.append(rate)
        total = sum(parsed_rates, Fraction(0))
        shares = tuple(sp.Rational((r / total).numerator, (r / total).denominator) for r in parsed_rates)
        return SymbolicParams(parsed, shares, names, (), l0_value, l0_symbol, tuple(parsed_rates), **extra)
    shares, names, free = _symbolic_shares(K)
    return SymbolicParams(parsed, shares, names, free, l0_value, l0_symbol, None, **extra)


def params_from_model(params: ModelParams) -> SymbolicParams:
    """The derivation parameters of validated model parameters (``B`` plays no part).

    Examples
    --------
    >>> from coupling_sym.params import make_params
    >>> params_from_model(make_params(3, (2, 3), (1, 2), 60)).shares
    (1/3, 2/3)
    """
    return symbolic_params(params.lengths, params.rates,
                           params.l0 if params.common_prompt else list(params.prompts))
