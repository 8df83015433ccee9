"""How many whole requests of each type a batch admits (exact integer arithmetic).

The fluid model admits ``a = R / sum_k p_k (l0_k + 1)`` requests into room ``R``, type
``k`` getting ``t_k = p_k a`` (``rate-limited``: ``a = min(that, cap)``).  Whole requests:

1. type ``k`` gets ``floor(t_k)``;
2. then up to ``floor(a) - sum_k floor(t_k)`` more, one per type, to the types with the
   largest fractional parts of ``t_k`` first (ties: the lower type index), each only if
   its stage-0 footprint still fits the room.

So with one prompt length the batch admits exactly ``floor(a)`` requests, and no
randomness is involved.  With finite queues no type admits more than it has waiting;
the rule is repeated with the room (and cap) left over among the types still waiting,
their shares renormalised, until nothing changes.  Every quantity is an int64 numerator
over an int64 denominator, so no float decides a count.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

__all__ = ["split_admissions"]

_MAX_PASSES = 64


def split_admissions(room: np.ndarray, shares: np.ndarray, entry: np.ndarray, cap: Fraction | None = None,
                     waiting: np.ndarray | None = None) -> np.ndarray:
    """Whole requests admitted per row and type.

    Parameters
    ----------
    room : int64 ndarray, shape (R,)
        Free tokens (rows with ``room <= 0`` admit nothing).
    shares : int64 ndarray, shape (K,)
        ``p_k`` times a common denominator (positive integers).
    entry : int64 ndarray, shape (K,)
        Stage-0 footprint ``l0_k + 1`` of each type.
    cap : Fraction, optional
        Most requests admitted per batch (``rate-limited``).
    waiting : int64 ndarray, shape (R, K), optional
        Requests waiting per type; ``None`` means saturated queues.

    Returns
    -------
    int64 ndarray, shape (R, K)

    Notes
    -----
    Products of ``room``, the shares, the footprints and the cap's numerator and
    denominator must stay below ``2^62`` (int64); :func:`~coupling_sym.stochastic.spec.resolve_spec`
    refuses budgets that could break this.

    Examples
    --------
    Room 60, footprint 4, equal shares: ``a = 15``, ``t = (7.5, 7.5)``; the tie goes to A.

    >>> split_admissions(np.array([60, 59]), np.array([1, 1]), np.array([4, 4])).tolist()
    [[8, 7], [7, 7]]
    >>> split_admissions(np.array([60]), np.array([1, 1]), np.array([4, 4]), waiting=np.array([[2, 100]])).tolist()
    [[2, 13]]
    >>> split_admissions(np.array([60]), np.array([1, 3]), np.array([4, 4]), cap=Fraction(5, 2)).tolist()
    [[0, 2]]
    """
    room = np.asarray(room, dtype=np.int64).copy()
    R, K = room.shape[0], shares.shape[0]
    total = np.zeros((R, K), dtype=np.int64)
    left_waiting = None if waiting is None else np.asarray(waiting, dtype=np.int64).copy()
    cap_num = None if cap is None else np.full(R, cap.numerator, dtype=np.int64)
    cap_den = 1 if cap is None else cap.denominator
    for _ in range(_MAX_PASSES):
        active = np.ones((R, K), dtype=bool) if left_waiting is None else left_waiting > 0
        weights = shares[None, :] * active
        share_sum = weights.sum(axis=1)
        tokens = (weights * entry[None, :]).sum(axis=1)
        usable = (share_sum > 0) & (room > 0)
        if cap_num is not None:
            usable &= cap_num > 0
        if not usable.any():
            break
        num = weights * room[:, None]
        den = tokens.copy()
        if cap_num is not None:
            capped = room * share_sum * cap_den > cap_num * tokens
            num = np.where(capped[:, None], weights * cap_num[:, None], num)
            den = np.where(capped, share_sum * cap_den, den)
        num = np.where(usable[:, None], num, 0)
        den = np.where(usable, den, 1)
        n = num // den[:, None]
        extras = num.sum(axis=1) // den - n.sum(axis=1)
        if left_waiting is not None:
            n = np.minimum(n, left_waiting)
        left = room - (n * entry[None, :]).sum(axis=1)
        order = np.argsort(-(num % den[:, None]), axis=1, kind="stable")
        rows = np.arange(R)
        for j in range(K):
            k = order[:, j]
            fits = (extras > 0) & (entry[k] <= left) & active[rows, k]
            if left_waiting is not None:
                fits &= n[rows, k] < left_waiting[rows, k]
            n[rows, k] += fits
            left -= fits * entry[k]
            extras -= fits
        if not n.any():
            break
        total += n
        room = left
        if left_waiting is not None:
            left_waiting -= n
        if cap_num is not None:
            cap_num -= n.sum(axis=1) * cap_den
    return total
