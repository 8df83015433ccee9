"""The scalar admission recurrence of the theory, many batches per numpy call (float64).

Convention: ``c_0 .. c_{L-1}`` are the stage weights of ``docs/model.md``
(:attr:`coupling_sym.params.ModelParams.stage_weights`), ``c_0 = sum_k p_k (l0_k + 1)``.
Once every stage of a batch holds a cohort admitted in a batch ``>= 1`` (type split
``p_k``), the theory's room depends on the admissions alone and

    c_0 a_b = B - sum_{i=1}^{L-1} c_i a_{b-i},

an affine recurrence of order ``n = L - 1`` whose fixed point is ``a* = B / sum_j c_j``.
In deviations ``d_b = a_b - a*`` it is linear, ``d_b = sum_i g_i d_{b-i}`` with
``g_i = -c_i / c_0``, so ``d_{b+j} = F_j . (d_b, .., d_{b-n+1})`` for fixed rows ``F_j``
(the first row of the ``j``-th power of the companion matrix).  :func:`extend_admissions`
builds ``F_1 .. F_m`` once (``m = BLOCK``) and then advances ``m`` batches with one
matrix-vector product.

Rounding.  Each block is a sum of ``n`` products ``F_j[q] s_q``; ``F_j`` itself is built
by ``j`` steps of the recurrence, so an entry carries a relative error of about
``j n 2^-53`` of the sum of moduli of its terms.  On a stable ``P_l0`` these terms
decay like ``rho^j``; on an unstable one the deviations grow like ``rho^j`` and the
error stays a fixed fraction of them.  The per-batch recursion in
:mod:`coupling_sym.dynamics.theory` rounds differently (per-type counts), so the two agree
within such bounds, not bit for bit; ``tests/dynamics/test_recurrence.py`` checks the
block against the exact recurrence on Fractions.  Since ``|c_{j+1} / c_j| <= 2`` every
root of ``P_l0`` has modulus at most 2, so ``|F_j| <= C 2^j`` stays far inside float64 for
``j <= BLOCK``.
"""

from __future__ import annotations

from typing import Callable, Sequence

import numpy as np

__all__ = ["BLOCK", "MAX_BLOCK_ORDER", "extend_admissions", "block_rows", "cohort_sizes", "fill_states"]

#: Batches advanced by one matrix-vector product.
BLOCK = 128
#: Largest order ``n = L - 1`` advanced in blocks; above it (``n^2 BLOCK`` work to build
#: the rows) the recurrence is advanced one batch per numpy call.
MAX_BLOCK_ORDER = 128
#: Batches between checks of ``limit`` (an outgrowing run computes at most this many
#: batches past it, into NaN after overflow; they are discarded).
CHECK_EVERY = 16 * BLOCK


def block_rows(gains: np.ndarray, count: int) -> np.ndarray:
    """Rows ``F_1 .. F_count`` with ``d_{b+j} = F_j . (d_b, d_{b-1}, .., d_{b-n+1})``.

    Examples
    --------
    >>> block_rows(np.array([0.5]), 3).tolist()           # d_b = d_{b-1} / 2
    [[0.5], [0.25], [0.125]]
    >>> block_rows(np.array([1.0, 1.0]), 4).tolist()      # Fibonacci: d_{b+j} = F_{j+1} d_b + F_j d_{b-1}
    [[1.0, 1.0], [2.0, 1.0], [3.0, 2.0], [5.0, 3.0]]
    """
    n = len(gains)
    rows = np.zeros((count + n, n))
    rows[:n] = np.eye(n)[::-1]  # row n - 1 - q is d_{b-q}: the unit vector e_q
    for r in range(n, count + n):
        rows[r] = gains @ rows[r - n:r][::-1]
    return rows[n:]


def extend_admissions(weights: Sequence[float], budget: float, history: Sequence[float], count: int,
                      limit: float = np.inf, progress: Callable[[int], None] | None = None) -> np.ndarray:
    """``a_{b+1} .. a_{b+count}`` of the recurrence from ``history = [a_b, a_{b-1}, .., a_{b-L+2}]``.

    Parameters
    ----------
    weights : sequence of float
        ``c_0 .. c_{L-1}``.
    budget : float
        ``B``.
    history : sequence of float
        The last ``L - 1`` admissions, newest first.
    count : int
        Batches to compute.
    limit : float
        Stop within ``CHECK_EVERY`` batches after some ``|a|`` exceeds ``limit`` (or is
        not finite); the admissions from there on are NaN or beyond the limit.
    progress : callable, optional
        Called with the number of batches done (the NaN batches included, at the end).

    Examples
    --------
    >>> # the default config from batch 2 on: c = (4, 5, 6) * (1, 1, 1/2), a_2 = 135/16, a_1 = -15/4
    >>> extend_admissions([4.0, 5.0, 3.0], 60.0, [135 / 16, -15 / 4], 2).tolist()   # 465/64, -105/256
    [7.265625, -0.41015625]
    """
    c = np.asarray(weights, dtype=float)
    n = len(c) - 1
    out = np.full(count, np.nan)
    if n == 0 or count == 0:
        out[:] = budget / c[0]
        if progress is not None and count:
            progress(count)
        return out
    a_star = budget / c.sum()
    gains = -c[1:] / c[0]
    state = np.asarray(history, dtype=float) - a_star  # (d_b, .., d_{b-n+1})
    done = 0
    with np.errstate(all="ignore"):
        if n <= MAX_BLOCK_ORDER:
            rows = block_rows(gains, min(BLOCK, count))  # BLOCK >= n: a full block renews the state
            checked = 0
            while done < count:
                size = min(len(rows), count - done)
                d = rows[:size] @ state
                out[done:done + size] = a_star + d
                done += size
                if done - checked >= CHECK_EVERY or done == count:  # the limit, a few times per run
                    if progress is not None:
                        progress(done - checked)
                    within, checked = _within(out[checked:done], limit), done
                    if not within:
                        break
                state = d[::-1][:n] if size >= n else np.concatenate([d[::-1], state[:n - size]])
        else:
            window = np.concatenate([state[::-1], np.empty(count)])  # oldest first
            for j in range(count):
                window[n + j] = gains[::-1] @ window[j:n + j]
                out[j] = a_star + window[n + j]
                done += 1
                if not _within(out[j:j + 1], limit):
                    break
            if progress is not None:
                progress(done)
    if progress is not None and done < count:
        progress(count - done)
    return out


def _within(values: np.ndarray, limit: float) -> bool:
    return bool(np.abs(values).max() <= limit)  # False for NaN too


def cohort_sizes(X: np.ndarray, stage_shares) -> np.ndarray:
    """``a_t, a_{t-1}, .., a_{t-L+2}`` of a state whose stages ``0 .. L-2`` hold cohorts
    split by ``p_k``: stage ``i`` holds ``p_k a_{t-i}`` of the types with ``l_k > i``,
    ``s_i = sum`` of those ``p_k``.

    Examples
    --------
    >>> X = np.array([[1.0, 2.0, 0.0], [1.0, 2.0, 3.0]])      # p = (1/2, 1/2), l = (2, 3)
    >>> cohort_sizes(X, [1, 1]).tolist()
    [2.0, 4.0]
    """
    L = X.shape[1]
    return X[:, :L - 1].sum(axis=0) / np.array([float(s) for s in stage_shares[:L - 1]])


def fill_states(out: np.ndarray, X: np.ndarray, admissions: np.ndarray, shares: np.ndarray,
                mask: np.ndarray) -> None:
    """Write the states of the batches after ``X`` into ``out`` (shape ``(n, K, L)``).

    Batch ``r`` of ``out`` holds at stage ``i`` the cohort born ``r + 1 - i`` batches
    after ``X``'s batch: ``X``'s stage ``i - r - 1`` while that is ``>= 0``, else
    ``p_k admissions[r - i]``; zero where ``i >= l_k`` (``mask`` false).

    Examples
    --------
    >>> X = np.array([[3.0, 2.0, 1.0]])
    >>> out = np.empty((2, 1, 3))
    >>> fill_states(out, X, np.array([5.0, 6.0]), np.array([1.0]), np.ones((1, 3), bool))
    >>> out[:, 0].tolist()
    [[5.0, 3.0, 2.0], [6.0, 5.0, 3.0]]
    """
    K, L = X.shape
    count = len(out)
    cohorts = np.concatenate([X[:, L - 2::-1].T if L > 1 else np.empty((0, K)),
                              admissions[:count, None] * shares[None, :]])
    for i in range(L):  # row r + L - 1 - i of cohorts
        out[:, :, i] = cohorts[L - 1 - i:L - 1 - i + count]
    for k, i in zip(*np.nonzero(~mask)):
        out[:, k, i] = 0.0
