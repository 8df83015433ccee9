"""The parameter grid of a sweep: two-type settings ``(l_A, l_B, l0, p)``.

Convention: a grid is the Cartesian product of the values of ``l_A``, ``l_B``, ``l0`` and
``p = p_A`` (``q = 1 - p``), with the pairs ``l_A >= l_B`` left out (the model orders the
pair as ``l_A < l_B``; a pair with ``l_A >= l_B`` is the same as, or a relabelling of,
another one).  Settings are listed pair by pair (``l_A`` then ``l_B`` ascending), then
by ``p`` in the order given, then by ``l0`` ascending; the memory budget ``B`` is shared.

Prompt ratio axis: a ratio ``rho = r_B / r_A > 0`` puts the prompts on the ray
``(r_A, r_B)`` (the primitive integer vector with that ratio, :mod:`coupling_sym.stability.ray`)
and the setting's ``l0`` is then the scale ``t``: ``l0_A = r_A t``, ``l0_B = r_B t``.
Ratio 1 is the common prompt ``l0``.  Settings list ratios (in the order given) between
``p`` and ``l0``.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Sequence

from ..records import Record
from ..errors import ParameterError, parameter_error
from ..params import (ModelParams, parse_int, parse_int_values, parse_prompts, parse_rational, parse_rational_values,
                      two_type_params)

__all__ = ["SweepSetting", "build_grid", "parse_grid", "parse_grid_values"]


@dataclass(frozen=True)
class SweepSetting(Record):
    """One two-type setting of a sweep.

    Attributes
    ----------
    l_A, l_B : int
        Decode lengths, ``l_A < l_B``.
    l0 : int
        Prefill length.
    p : Fraction
        Admission share of type A.
    params : ModelParams
        The validated parameters (with the sweep's budget ``B``).
    ratio : Fraction
        Prompt ratio ``l0_B / l0_A`` (1: a common prompt ``l0``; otherwise ``l0`` is the scale).

    Examples
    --------
    >>> (setting,) = build_grid([2], [3], [4], ["1/3"], B=60)
    >>> setting.pair, setting.l0, setting.p, setting.params.equilibrium_admission   # 60 / (5 + 6 + 7 * 2/3)
    ((2, 3), 4, Fraction(1, 3), Fraction(180, 47))
    """

    l_A: int
    l_B: int
    l0: int
    p: Fraction
    params: ModelParams
    ratio: Fraction = Fraction(1)

    @property
    def pair(self) -> tuple[int, int]:
        """The decode-length pair ``(l_A, l_B)``."""
        return (self.l_A, self.l_B)


def _unique(values: Sequence) -> list:
    seen = []
    for value in values:
        if value not in seen:
            seen.append(value)
    return seen


def build_grid(la: Sequence[int], lb: Sequence[int], l0: Sequence[int], p: Sequence[object],
               B: object = 1, ratios: Sequence[object] = (1,)) -> tuple[SweepSetting, ...]:
    """All settings ``(l_A, l_B, l0, p)`` with ``l_A < l_B`` (duplicates dropped).

    Parameters
    ----------
    la, lb : sequence of int
        Decode lengths of types A and B, each ``>= 1``.
    l0 : sequence of int
        Prefill lengths, each ``>= 0``.
    p : sequence of number-like
        Shares of type A, each strictly between 0 and 1 (exact: ``"1/3"`` stays 1/3).
    B : number-like
        Memory budget shared by every setting, ``> 0``.
    ratios : sequence of number-like, default (1,)
        Prompt ratios ``l0_B / l0_A``, each ``> 0`` (see the module notes).

    Returns
    -------
    tuple of SweepSetting

    Raises
    ------
    ParameterError
        For an empty value list, an invalid value, or a grid without any pair ``l_A < l_B``.

    Examples
    --------
    >>> grid = build_grid([2, 3], [3], [1, 3], ["1/2"])
    >>> [(s.l_A, s.l_B, s.l0, str(s.p)) for s in grid]
    [(2, 3, 1, '1/2'), (2, 3, 3, '1/2')]
    >>> build_grid([3, 4], [2, 3], [1], ["1/2"])
    Traceback (most recent call last):
    ...
    coupling_sym.errors.ParameterError: l_A must be smaller than some l_B (a grid's pairs have l_A < l_B); got l_A in [3, 4], l_B in [2, 3]
    >>> [s.params.prompts for s in build_grid([2], [3], [1, 2], ["1/2"], ratios=["3/2"])]
    [(2, 3), (4, 6)]
    """
    lists = {"l_A": list(la), "l_B": list(lb), "l0": list(l0), "p": list(p)}
    for name, values in lists.items():
        if not values:
            raise parameter_error(name, "a non-empty list of values", values)
    shares = _unique([_share(value) for value in lists["p"]])
    pairs = [(a, b) for a in sorted(set(lists["l_A"])) for b in sorted(set(lists["l_B"])) if a < b]
    if not pairs:
        raise ParameterError(f"l_A must be smaller than some l_B (a grid's pairs have l_A < l_B); "
                             f"got l_A in {sorted(set(lists['l_A']))}, "
                             f"l_B in {sorted(set(lists['l_B']))}")
    prefills = sorted(set(lists["l0"]))
    rays = _unique([_ratio(value) for value in list(ratios)]) or [Fraction(1)]
    read: dict = {}
    return tuple(SweepSetting(a, b, l0_value, share, _params(l0_value, a, b, share, B, ratio, read), ratio)
                 for a, b in pairs for share in shares for ratio in rays for l0_value in prefills)


def _ratio(value: object) -> Fraction:
    ratio = parse_rational(value, "ratio")
    if ratio <= 0:
        raise parameter_error("ratio", "> 0", value if isinstance(value, str) else str(ratio))
    return ratio


def _params(scale: int, l_A: int, l_B: int, share: Fraction, B: object, ratio: Fraction,
            read: dict | None = None) -> ModelParams:
    """``two_type_params`` of one setting; ``read`` keeps the values already validated.

    :func:`~coupling_sym.params.make_params` checks each value on its own, in the order
    prompts, ``l_A`` and ``l_B``, rates, ``B``; the parts are read in that order, each
    distinct one once, so the first setting holding a bad value raises what
    ``two_type_params`` raises and the others reuse the parts (reading ``B = "60"`` and
    the same few integers for each of 9,900 settings took 0.3 s).
    """
    l0 = scale if ratio == 1 else [ratio.denominator * scale, ratio.numerator * scale]  # the primitive ray
    if read is None:
        return two_type_params(l0, l_A, l_B, share, B)
    prompts = _read_once(read, ("l0", scale, ratio), lambda: parse_prompts(l0, 2))
    lengths = _read_once(read, ("lengths", l_A, l_B),
                         lambda: (parse_int(l_A, "l_A", minimum=1), parse_int(l_B, "l_B", minimum=1)))
    rest = _read_once(read, ("rates", share), lambda: two_type_params(0, 1, 1, share, B))  # rates and B
    return ModelParams(prompts, lengths, rest.rates, rest.B)


def _read_once(read: dict, key: tuple, parse):
    """``parse()``, remembered in ``read`` under ``key`` (parsed again when ``key`` cannot be hashed)."""
    try:
        return read[key]
    except KeyError:
        value = read[key] = parse()
        return value
    except TypeError:
        return parse()


def _share(value: object) -> Fraction:
    share = parse_rational(value, "p")
    if not 0 < share < 1:
        raise parameter_error("p", "strictly between 0 and 1", value if isinstance(value, str) else str(share))
    return share


def parse_grid(la: str, lb: str, l0: str, p: str, B: str = "1", ratio: str = "1") -> tuple[SweepSetting, ...]:
    """Build a grid from option text: ranges ``"a..b"`` or lists ``"a,b,c"``.

    ``p`` is a list of rationals (``"1/3,1/2"``); ``B`` one number.

    Raises
    ------
    ParameterError
        For malformed text, an empty or reversed range, a value out of its domain, or a
        grid without any pair ``l_A < l_B``.

    Examples
    --------
    >>> len(parse_grid("2..4", "3..7", "1,3,6,10", "1/2"))
    48
    >>> parse_grid("2", "3", "1", "3/2")
    Traceback (most recent call last):
    ...
    coupling_sym.errors.ParameterError: p must be strictly between 0 and 1; got '3/2'
    """
    la_values, lb_values, l0_values, p_values, ratios = parse_grid_values(la, lb, l0, p, ratio)
    return build_grid(la_values, lb_values, l0_values, p_values, B, ratios)


def parse_grid_values(la: str, lb: str, l0: str, p: str, ratio: str = "1") -> tuple[list, list, list, list, list]:
    """The value lists of :func:`parse_grid`'s option text, ``(l_A, l_B, l0, p, ratio)``, before
    any setting is built (so the size of the grid can be checked first).

    Examples
    --------
    >>> parse_grid_values("2..4", "5", "0,3", "1/2")
    ([2, 3, 4], [5], [0, 3], [Fraction(1, 2)], [Fraction(1, 1)])
    """
    return (parse_int_values(la, "l_A", minimum=1), parse_int_values(lb, "l_B", minimum=1),
            parse_int_values(l0, "l0", minimum=0), parse_rational_values(p, "p"),
            parse_rational_values(ratio, "ratio"))
