"""Pairs ``l_A < l_B`` of decode lengths: counted before they are listed, and checked.

A pair is ordered, ``l_A < l_B``; :func:`count_pairs` counts them without building the
list, so a request for too many (``--range 2..100000`` asks for 5e9) is refused before
it exhausts memory.  :func:`verify_range` is what ``coupling-sym verify-coprime`` runs.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import Callable, Iterable, Sequence

from ..errors import parameter_error

__all__ = ["MAX_PAIRS", "count_pairs", "list_pairs", "check_pair_count", "verify_range"]

MAX_PAIRS = 1_000_000
"""Most pairs ``l_A < l_B`` one call takes."""


def list_pairs(values: Iterable[int]) -> list[tuple[int, int]]:
    """Every pair ``a < b`` of distinct values, in increasing order.

    Examples
    --------
    >>> list_pairs([4, 2, 3, 2])
    [(2, 3), (2, 4), (3, 4)]
    """
    ordered = sorted(set(values))
    return [(a, b) for i, a in enumerate(ordered) for b in ordered[i + 1:]]


def count_pairs(la_values: Iterable[int], lb_values: Iterable[int]) -> int:
    """Number of pairs ``a < b`` with ``a`` from ``la_values`` and ``b`` from ``lb_values``.

    Examples
    --------
    >>> count_pairs([2, 3, 4], [5, 3, 3])       # (2, 3), (2, 5), (3, 5), (4, 5)
    4
    >>> count_pairs(range(3, 13), range(3, 13)) == 10 * 9 // 2
    True
    """
    highs = sorted(set(lb_values))
    return sum(len(highs) - bisect_right(highs, a) for a in set(la_values))


def check_pair_count(count: int, name: str, value: object, empty_rule: str) -> None:
    """Refuse no pair at all (``empty_rule``) or more than :data:`MAX_PAIRS`.

    Examples
    --------
    >>> check_pair_count(0, "range", "3", "at least two distinct decode lengths")
    Traceback (most recent call last):
    ...
    coupling_sym.errors.ParameterError: range must be at least two distinct decode lengths; got '3'
    """
    if count == 0:
        raise parameter_error(name, empty_rule, value)
    if count > MAX_PAIRS:
        raise parameter_error(name, f"at most {MAX_PAIRS} pairs ({count} asked)", value)


def verify_range(values: Sequence[int], p, l0_values: Sequence[int] = (), ratios: Sequence[int] | None = None,
                 progress: Callable[[], object] | None = None) -> list:
    """The coprime claim checked for every pair of ``values`` at share ``p``.

    Parameters
    ----------
    values : sequence of int
        Decode lengths; every pair ``l_A < l_B`` of distinct values is checked.
    p : number-like
        Share of type A.
    l0_values : sequence of int
        Prefill lengths (scales ``t`` with ``ratios``) whose verdicts are added.
    ratios : sequence of int, optional
        Prompt ratios ``r_k``: prompts ``r_k t`` and the limit with weights ``p_k r_k``.
    progress : callable, optional
        Called after each pair.

    Returns
    -------
    list of PairReport (or of the ray reports with ``ratios``)

    Raises
    ------
    ParameterError
        With fewer than two distinct values or more than :data:`MAX_PAIRS` pairs.

    Examples
    --------
    For (3, 4), numpy's roots of ``P_5`` reach modulus 1.008 and those of ``P_6`` 0.992:

    >>> [(r.l_A, r.l_B, r.critical.value) for r in verify_range([2, 3, 4], "1/2")]
    [(2, 3, 2), (2, 4, None), (3, 4, 6)]
    """
    from .summary import verify_pairs

    distinct = sorted(set(values))
    shown = (",".join(map(str, distinct)) if len(distinct) <= 10
             else f"{distinct[0]}..{distinct[-1]} ({len(distinct)} distinct values)")
    check_pair_count(count_pairs(distinct, distinct), "range", shown, "at least two distinct decode lengths")
    pairs = list_pairs(values)
    if ratios is None:
        return verify_pairs(pairs, p, l0_values, progress=progress)
    from .ray_pairs import verify_ray_pairs

    return verify_ray_pairs(pairs, p, ratios, l0_values, progress=progress)
