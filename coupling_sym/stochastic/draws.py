"""Seeded draws on tables of counts, vectorised over rows.

Every function takes a :class:`numpy.random.Generator` and int64 count tables whose
first axis is the row (a replication, or a replication and type); it returns new
tables and never changes its inputs.
"""

from __future__ import annotations

import numpy as np

__all__ = ["draw_without_replacement", "draw_lengths"]


def draw_without_replacement(rng: np.random.Generator, counts: np.ndarray, n: np.ndarray) -> np.ndarray:
    """Draw ``n[r]`` items uniformly without replacement from the cells ``counts[r, :]``.

    A multivariate hypergeometric draw per row, done as one hypergeometric draw per
    cell conditioned on the cells before it (exact in distribution).  Rows with
    ``n >= counts.sum()`` take everything without drawing.

    Parameters
    ----------
    counts : int64 ndarray, shape (M, C)
    n : int64 ndarray, shape (M,)

    Returns
    -------
    int64 ndarray, shape (M, C)

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> out = draw_without_replacement(rng, np.array([[3, 2], [1, 4]]), np.array([5, 2]))
    >>> out[0].tolist(), int(out[1].sum()), bool((out <= [[3, 2], [1, 4]]).all())
    ([3, 2], 2, True)
    """
    counts = np.asarray(counts, dtype=np.int64)
    n = np.asarray(n, dtype=np.int64)
    totals = counts.sum(axis=1)
    out = np.where((n >= totals)[:, None], counts, 0)
    rows = np.flatnonzero((n > 0) & (n < totals))
    if rows.size == 0:
        return out
    pool = counts[rows]
    left = totals[rows].copy()
    want = n[rows].copy()
    taken = np.zeros_like(pool)
    for c in range(pool.shape[1] - 1):
        good = pool[:, c]
        bad = left - good
        active = (want > 0) & (good > 0)
        if active.any():
            # Inactive rows draw from a dummy urn; their result is discarded.
            x = rng.hypergeometric(np.where(active, good, 1), np.where(active, bad, 0),
                                   np.where(active, np.minimum(want, left), 1))
            taken[:, c] = np.where(active, x, 0)
        want -= taken[:, c]
        left -= good
    taken[:, -1] = want
    out[rows] = taken
    return out


def draw_lengths(rng: np.random.Generator, n: np.ndarray, pmf: np.ndarray, fixed: int | None) -> np.ndarray:
    """Decode lengths of ``n[r]`` fresh requests: counts by length, shape ``(M, L)``.

    ``fixed`` (a length index) skips the draw: every request gets that length.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> draw_lengths(rng, np.array([2, 0]), np.array([0.0, 1.0, 0.0]), fixed=1).tolist()
    [[0, 2, 0], [0, 0, 0]]
    >>> draw_lengths(rng, np.array([5]), np.array([0.5, 0.5]), fixed=None).sum()
    np.int64(5)
    """
    n = np.asarray(n, dtype=np.int64)
    out = np.zeros((n.shape[0], pmf.shape[0]), dtype=np.int64)
    if fixed is not None:
        out[:, fixed] = n
        return out
    if n.any():
        out[:] = rng.multinomial(n, pmf / pmf.sum())
    return out
