"""Validated model parameters, kept exact from parsing onwards.

Conventions (fixed here, used everywhere):

* ``K >= 1`` request types, indexed ``k = 0 .. K-1``; for two types ``k = 0`` is the
  plan's type A and ``k = 1`` type B.  Type ``k`` has decode length ``lengths[k] >= 1``
  and arrival rate ``rates[k] > 0``; ``p_k = rates[k] / sum(rates)`` is a
  :class:`fractions.Fraction`.
* Type ``k`` has prompt (prefill) length ``prompts[k] = l0_k >= 0``; ``l0`` given as one
  integer means the same prompt for every type.  :attr:`ModelParams.l0` is that common
  prompt and raises :class:`~coupling_sym.errors.ParameterError` when the prompts differ
  (code that only makes sense for one shared prompt says so instead of guessing).
* Stage ``i`` (``0 <= i < l_k``) means ``i`` output tokens exist; a type-``k`` stage-``i``
  request holds ``l0_k + 1 + i`` tokens during its batch (:func:`footprint`).
* ``L = max_k l_k``; ``c_j = sum_k p_k (l0_k + 1 + j) [j < l_k]`` for ``j = 0 .. L-1``;
  the fluid equilibrium admits ``a* = B / sum_j c_j`` per batch.

Numbers given as text are parsed exactly: ``"3"``, ``"0.25"``, ``"1/3"``.  A float (from
TOML, say) is read through its shortest decimal form, so ``0.1`` means ``1/10``.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from functools import cached_property
from math import lcm
from decimal import Decimal
from numbers import Rational
from typing import Mapping, Sequence
import re

from .records import Record
from .errors import ParameterError, parameter_error

__all__ = [
    "ModelParams",
    "make_params",
    "two_type_params",
    "parse_rational",
    "parse_int",
    "parse_prompts",
    "parse_int_values",
    "parse_rational_values",
    "type_names",
    "footprint",
]


#: The number text accepted: ASCII decimal digits, an optional sign, point and exponent
#: (no "1_0", "0x3c", full-width or other Unicode digits, "nan", "inf").
_DECIMAL = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?", re.ASCII)


def parse_rational(value: object, name: str) -> Fraction:
    """Read ``value`` as an exact rational number.

    Parameters
    ----------
    value : int, Fraction, float or str
        ``"2"``, ``"0.25"``, ``"1/3"``, ``" 3 / 4 "``; a float is read through its
        shortest decimal representation.
    name : str
        Parameter name used in the error message.

    Returns
    -------
    Fraction

    Raises
    ------
    ParameterError
        If ``value`` is not a finite rational number.

    Examples
    --------
    >>> parse_rational("1/3", "p")
    Fraction(1, 3)
    >>> parse_rational(0.1, "rate")
    Fraction(1, 10)
    >>> parse_rational("1/x", "p")
    Traceback (most recent call last):
    ...
    coupling_sym.errors.ParameterError: p must be a number such as 2, 0.25 or 1/3; got '1/x'
    """
    if isinstance(value, bool):
        raise parameter_error(name, "a number such as 2, 0.25 or 1/3", value)
    return _within_digits(_read_rational(value, name), name, value)


MAX_RATIONAL_BITS = 13_288
"""Longest numerator or denominator a parameter may have: 4000 decimal digits.  Longer ones
cannot even be printed (Python converts at most 4300 digits to text) and no float route
reaches them."""


def _within_digits(result: Fraction, name: str, value: object) -> Fraction:
    if max(result.numerator.bit_length(), result.denominator.bit_length()) > MAX_RATIONAL_BITS:
        shown = value if isinstance(value, (str, Decimal)) else "a rational of more than 4000 digits"
        raise parameter_error(name, "a rational with at most 4000 digits in its numerator and denominator",
                              shown)
    return result


def _read_rational(value: object, name: str) -> Fraction:
    if isinstance(value, Rational):
        return Fraction(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise parameter_error(name, "a finite number", value)
        return Fraction(repr(value))
    if isinstance(value, Decimal):   # TOML floats, read from their text (parse_float)
        if not value.is_finite():
            raise parameter_error(name, "a finite number", value)
        return Fraction(value)
    if isinstance(value, str):
        text = value.strip().replace(" ", "")
        try:
            if not all(_DECIMAL.fullmatch(part) for part in text.split("/", 1)):
                raise ValueError
            if text.count("/") == 1:
                num, den = text.split("/")
                if not num or not den:
                    raise ValueError
                result = Fraction(Fraction(num), Fraction(den))
            else:
                result = Fraction(text)
        except (ValueError, ZeroDivisionError):
            raise parameter_error(name, "a number such as 2, 0.25 or 1/3", value) from None
        return result
    raise parameter_error(name, "a number such as 2, 0.25 or 1/3", value)


def parse_int(value: object, name: str, minimum: int | None = None) -> int:
    """Read ``value`` as an integer, optionally bounded below.

    Examples
    --------
    >>> parse_int("3", "l0", minimum=0)
    3
    >>> parse_int(2.5, "l0", minimum=0)
    Traceback (most recent call last):
    ...
    coupling_sym.errors.ParameterError: l0 must be a non-negative integer; got 2.5
    """
    rule = "an integer" if minimum is None else (
        "a non-negative integer" if minimum == 0 else
        "a positive integer" if minimum == 1 else f"an integer >= {minimum}")
    if isinstance(value, (float, Decimal)):   # 3.0 or 1e2 in TOML: not an integer literal
        raise parameter_error(name, rule, value)
    try:
        number = parse_rational(value, name)
    except ParameterError:
        raise parameter_error(name, rule, value) from None
    if number.denominator != 1 or (minimum is not None and number < minimum):
        raise parameter_error(name, rule, value)
    return int(number)


#: Largest number of decimal digits any command computes with (``--dps``): Python refuses to
#: turn integers of more than 4300 digits into text (``sys.get_int_max_str_digits``), so
#: printing a root or coefficient at ~4300 digits fails.
MAX_DPS = 4000


def parse_dps(value: object, name: str = "dps") -> int:
    """Read a number of decimal digits, ``1 <= dps <=`` :data:`MAX_DPS` (one rule for all).

    Examples
    --------
    >>> parse_dps("50", "--dps")
    50
    >>> parse_dps("5000", "--dps")
    Traceback (most recent call last):
    ...
    coupling_sym.errors.ParameterError: --dps must be an integer from 1 to 4000 (digits printed as text); got '5000'
    """
    rule = f"an integer from 1 to {MAX_DPS} (digits printed as text)"
    if isinstance(value, bool):
        raise parameter_error(name, rule, value)
    try:
        digits = parse_int(value, name, minimum=1)
    except ParameterError:
        raise parameter_error(name, rule, value) from None
    if digits > MAX_DPS:
        raise parameter_error(name, rule, value)
    return digits


#: Largest number of values a range ``a..b`` may expand to.
MAX_VALUES = 1_000_000


def _split_values(text: str, name: str) -> list[str] | tuple[str, str]:
    text = str(text).strip()
    if ".." in text:
        parts = text.split("..")
        if len(parts) != 2 or not parts[0].strip() or not parts[1].strip():
            raise parameter_error(name, "a range a..b or a list a,b,c", text)
        return (parts[0].strip(), parts[1].strip())
    items = [item.strip() for item in text.split(",")]
    if not text or any(not item for item in items):
        raise parameter_error(name, "a range a..b or a list a,b,c", text)
    return items


def parse_int_values(text: str, name: str, minimum: int | None = None) -> list[int]:
    """Read a range ``"a..b"`` (inclusive) or a list ``"a,b,c"`` of integers.

    Raises
    ------
    ParameterError
        On a malformed item, an empty or reversed range, or a value below ``minimum``.

    Examples
    --------
    >>> parse_int_values("2..5", "range")
    [2, 3, 4, 5]
    >>> parse_int_values("1,3,6", "l0", minimum=0)
    [1, 3, 6]
    >>> parse_int_values("5..3", "range")
    Traceback (most recent call last):
    ...
    coupling_sym.errors.ParameterError: range must be a non-empty range a..b with a <= b; got '5..3'
    """
    parts = _split_values(text, name)
    if isinstance(parts, tuple):
        low = parse_int(parts[0], name, minimum)
        high = parse_int(parts[1], name, minimum)
        if low > high:
            raise parameter_error(name, "a non-empty range a..b with a <= b", str(text).strip())
        if high - low >= MAX_VALUES:
            raise parameter_error(name, f"a range of at most {MAX_VALUES} values", str(text).strip())
        return list(range(low, high + 1))
    return [parse_int(item, name, minimum) for item in parts]


def parse_rational_values(text: str, name: str) -> list[Fraction]:
    """Read a comma-separated list of exact rationals, e.g. ``"1/4,1/2,3/4"``.

    Examples
    --------
    >>> parse_rational_values("1/4, 0.5", "p")
    [Fraction(1, 4), Fraction(1, 2)]
    """
    parts = _split_values(text, name)
    if isinstance(parts, tuple):
        raise parameter_error(name, "a list a,b,c of numbers", str(text).strip())
    return [parse_rational(item, name) for item in parts]


def type_names(count: int) -> tuple[str, ...]:
    """Names of ``count`` request types: ``A, B, C, ...``.

    Examples
    --------
    >>> type_names(3)
    ('A', 'B', 'C')
    """
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    return tuple(letters[k] if k < len(letters) else f"T{k}" for k in range(count))


def footprint(l0: int, stage: int) -> int:
    """Tokens held at decode ``stage`` by a request with prompt ``l0``: ``l0 + 1 + stage``.

    Examples
    --------
    >>> footprint(3, 0), footprint(3, 2)
    (4, 6)
    """
    return l0 + 1 + stage


@dataclass(frozen=True)
class ModelParams(Record):
    """Parameters of the fluid model, exact and validated (build with :func:`make_params`).

    Attributes
    ----------
    prompts : tuple of int
        Prefill (prompt) length ``l0_k >= 0`` of each type.
    lengths : tuple of int
        Decode length of each type, each ``>= 1``.
    rates : tuple of Fraction
        Arrival rate of each type, each ``> 0``.
    B : Fraction
        Memory budget in tokens, ``> 0``.

    Examples
    --------
    >>> params = make_params(3, (2, 3), (1, 2), 60)
    >>> params.K, params.L, params.p
    (2, 3, (Fraction(1, 3), Fraction(2, 3)))
    >>> params.as_dict()["equilibrium_admission"]      # 60 / (4 + 5 + 6 * 2/3)
    '60/13'
    """

    prompts: tuple[int, ...]
    lengths: tuple[int, ...]
    rates: tuple[Fraction, ...]
    B: Fraction

    _record_extra = ("p", "equilibrium_admission")

    @property
    def common_prompt(self) -> bool:
        """True when every type has the same prompt length."""
        return len(set(self.prompts)) == 1

    @property
    def l0(self) -> int:
        """The prompt length shared by all types.

        Raises
        ------
        ParameterError
            When the types have different prompt lengths: there is no single ``l0``,
            use :attr:`prompts`.

        Examples
        --------
        >>> make_params(3, (2, 3), (1, 1), 60).l0
        3
        >>> make_params([3, 5], (2, 3), (1, 1), 60).l0
        Traceback (most recent call last):
        ...
        coupling_sym.errors.ParameterError: l0 must be one prompt length shared by all types here; got per-type prompts [3, 5]
        """
        if not self.common_prompt:
            raise ParameterError("l0 must be one prompt length shared by all types here; "
                                 f"got per-type prompts {list(self.prompts)}")
        return self.prompts[0]

    @property
    def prompt_label(self) -> str:
        """``l0`` for display: ``"3"`` for a common prompt, ``"[30, 60]"`` per type."""
        return str(self.prompts[0]) if self.common_prompt else str(list(self.prompts))

    @property
    def K(self) -> int:
        """Number of request types."""
        return len(self.lengths)

    @property
    def L(self) -> int:
        """Longest decode length ``max_k l_k``."""
        return max(self.lengths)

    @cached_property
    def p(self) -> tuple[Fraction, ...]:
        """Admission shares ``p_k = rates[k] / sum(rates)`` (exact)."""
        weights, total = self._integer_rates
        return tuple(Fraction(weight, total) for weight in weights)

    @cached_property
    def _integer_rates(self) -> tuple[tuple[int, ...], int]:
        """Integers ``n_k`` proportional to the rates and their sum: ``p_k = n_k / sum n``
        (the sums below stay in integers, one Fraction per result)."""
        common = lcm(*(rate.denominator for rate in self.rates))
        weights = tuple(rate.numerator * (common // rate.denominator) for rate in self.rates)
        return weights, sum(weights)

    def _weighted(self, stage: int, present_only: bool = True) -> Fraction:
        """``sum_k p_k (l0_k + 1 + stage) [stage < l_k]`` exactly (integer sum, one division)."""
        weights, total = self._integer_rates
        return Fraction(sum(n * (l0k + 1 + stage) for n, l0k, lk in zip(weights, self.prompts, self.lengths)
                            if stage < lk or not present_only), total)

    @property
    def N(self) -> Fraction:
        """Stage-0 population that fills the budget: ``B / sum_k p_k (l0_k + 1)``."""
        return self.B / self.admission_tokens

    @cached_property
    def stage_shares(self) -> tuple[Fraction, ...]:
        """``s_j = sum_k p_k [j < l_k]``: the share of an admission still present at stage j."""
        return tuple(sum((pk for pk, lk in zip(self.p, self.lengths) if j < lk), Fraction(0))
                     for j in range(self.L))

    @cached_property
    def stage_weights(self) -> tuple[Fraction, ...]:
        """``c_j = sum_k p_k (l0_k + 1 + j) [j < l_k]``: tokens held at stage j per unit
        admitted j batches ago (``(l0 + 1 + j) s_j`` for a common prompt).

        Examples
        --------
        >>> make_params([1, 3], (2, 3), (1, 1), 60).stage_weights
        (Fraction(3, 1), Fraction(4, 1), Fraction(3, 1))
        """
        return tuple(self._weighted(j) for j in range(self.L))

    @cached_property
    def stage_weight_integers(self) -> tuple[tuple[int, ...], int]:
        """Integers ``C_j`` and ``t`` with ``c_j = C_j / t`` (:attr:`stage_weights` without a
        Fraction per stage; ``t = sum_k n_k`` for rates proportional to integers ``n_k``).

        Examples
        --------
        >>> make_params([1, 3], (2, 3), (1, 1), 60).stage_weight_integers
        ((6, 8, 6), 2)
        """
        weights, total = self._integer_rates
        integers = [0] * self.L
        for n, l0k, lk in zip(weights, self.prompts, self.lengths):  # type k holds stages j < l_k
            for j in range(lk):
                integers[j] += n * (l0k + 1 + j)
        return tuple(integers), total

    @cached_property
    def equilibrium_admission(self) -> Fraction:
        """Fluid equilibrium admission ``a* = B / sum_j c_j`` (exact).

        Examples
        --------
        >>> make_params(3, (2, 3), (1, 1), 60).equilibrium_admission
        Fraction(5, 1)
        """
        weights, total = self._integer_rates
        # sum_{j < l_k} (l0_k + 1 + j) = l_k (l0_k + 1) + l_k (l_k - 1) / 2, an integer
        held = sum(n * (lk * (l0k + 1) + lk * (lk - 1) // 2) for n, l0k, lk in zip(weights, self.prompts, self.lengths))
        return self.B * Fraction(total, held)  # sum_j c_j = held / total

    @cached_property
    def admission_tokens(self) -> Fraction:
        """Tokens taken by one unit of admission at stage 0: ``sum_k p_k (l0_k + 1)``.

        Every admission of ``a`` requests (split by ``p_k``) holds ``a * admission_tokens``
        tokens in its first batch, so the room ``R`` admits ``R / admission_tokens``.

        Examples
        --------
        >>> make_params(3, (2, 3), (1, 1), 60).admission_tokens
        Fraction(4, 1)
        >>> make_params([1, 4], (2, 3), (1, 3), 60).admission_tokens
        Fraction(17, 4)
        """
        return self._weighted(0, present_only=False)

    @property
    def names(self) -> tuple[str, ...]:
        """Type names ``A, B, ...``."""
        return type_names(self.K)


def make_params(l0: object, lengths: object, rates: object, B: object, *,
                keys: Mapping[str, Sequence[str]] | None = None) -> ModelParams:
    """Validate and normalise model parameters.

    Parameters
    ----------
    l0 : int-like or sequence of int-like
        Prefill length, a non-negative integer shared by all types, or one per type.
    lengths : sequence of int-like
        Decode lengths, each a positive integer.
    rates : sequence of number-like
        Arrival rates (ints, decimals, ``"1/3"`` strings or Fractions), each ``> 0``;
        as many as ``lengths``.
    B : number-like
        Memory budget, ``> 0``.
    keys : mapping, optional
        The names an error gives each entry, as the user wrote them: ``"lengths"``,
        ``"rates"`` and ``"l0"`` map to one name per type (default ``l_A``,
        ``lambda_A``, ``l0_A``, ...; a config given as lists passes ``lengths[0]``, ...).

    Returns
    -------
    ModelParams

    Raises
    ------
    ParameterError
        Naming the first parameter that breaks its rule.

    Examples
    --------
    >>> params = make_params(3, [2, 3], ["1", "1"], 60)
    >>> params.p, params.N, params.stage_weights
    ((Fraction(1, 2), Fraction(1, 2)), Fraction(15, 1), (Fraction(4, 1), Fraction(5, 1), Fraction(3, 1)))
    >>> make_params(3, [0, 3], [1, 1], 60)
    Traceback (most recent call last):
    ...
    coupling_sym.errors.ParameterError: l_A must be a positive integer; got 0
    >>> make_params([30, 60], [2, 3], [1, 1], 60).prompts
    (30, 60)
    >>> make_params([30, 60, 90], [2, 3], [1, 1], 60)
    Traceback (most recent call last):
    ...
    coupling_sym.errors.ParameterError: l0 must be one integer or a list of 2 prompt lengths (one per type); got [30, 60, 90]
    >>> make_params(3, [2, "3.5"], [1, 1], 60, keys={"lengths": ["lengths[0]", "lengths[1]"]})
    Traceback (most recent call last):
    ...
    coupling_sym.errors.ParameterError: lengths[1] must be a positive integer; got '3.5'
    """
    lengths_list = list(lengths) if not isinstance(lengths, (str, bytes)) else None
    rates_list = list(rates) if not isinstance(rates, (str, bytes)) else None
    if not lengths_list:
        raise parameter_error("lengths", "a non-empty list of decode lengths", lengths)
    if rates_list is None or len(rates_list) != len(lengths_list):
        raise parameter_error("rates", f"a list of {len(lengths_list)} rates (one per type)", rates)
    names = type_names(len(lengths_list))
    keys = keys or {}
    length_keys = keys.get("lengths") or [f"l_{name}" for name in names]
    rate_keys = keys.get("rates") or [f"lambda_{name}" for name in names]
    prompts = parse_prompts(l0, len(lengths_list), keys.get("l0"))
    parsed_lengths = tuple(parse_int(value, key, minimum=1) for key, value in zip(length_keys, lengths_list))
    parsed_rates = []
    for key, value in zip(rate_keys, rates_list):
        rate = parse_rational(value, key)
        if rate <= 0:
            raise parameter_error(key, "> 0", value)
        parsed_rates.append(rate)
    budget = parse_rational(B, "B")
    if budget <= 0:
        raise parameter_error("B", "> 0", B)
    return ModelParams(prompts, parsed_lengths, tuple(parsed_rates), budget)


def parse_prompts(l0: object, count: int, keys: Sequence[str] | None = None) -> tuple[int, ...]:
    """Per-type prompt lengths from one integer (shared) or a list of ``count`` integers.

    Raises
    ------
    ParameterError
        For a list of the wrong length or an entry that is not a non-negative integer
        (named ``l0_A``, ``l0_B``, ...).

    Examples
    --------
    >>> parse_prompts(3, 2), parse_prompts(["30", 60], 2)
    ((3, 3), (30, 60))
    >>> parse_prompts([3, -1], 2)
    Traceback (most recent call last):
    ...
    coupling_sym.errors.ParameterError: l0_B must be a non-negative integer; got -1
    """
    if isinstance(l0, (list, tuple)):
        if len(l0) != count:
            raise parameter_error("l0", f"one integer or a list of {count} prompt lengths (one per type)",
                                  list(l0))
        keys = keys or [f"l0_{name}" for name in type_names(count)]
        return tuple(parse_int(value, key, minimum=0) for key, value in zip(keys, l0))
    return (parse_int(l0, "l0", minimum=0),) * count


def two_type_params(l0: object, l_A: object, l_B: object, p: object, B: object = 1) -> ModelParams:
    """Two-type parameters from the share ``p = p_A`` instead of rates.

    Raises
    ------
    ParameterError
        If ``p`` is not strictly between 0 and 1, or another parameter is invalid.

    Examples
    --------
    >>> two_type_params(3, 2, 3, "1/3").p
    (Fraction(1, 3), Fraction(2, 3))
    """
    share = parse_rational(p, "p")
    if not 0 < share < 1:
        raise parameter_error("p", "strictly between 0 and 1", p if isinstance(p, str) else str(share))
    return make_params(l0, (l_A, l_B), (share, 1 - share), B)
