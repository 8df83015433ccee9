"""``verify-coprime`` pairs cut into chunks for :mod:`coupling_sym.engine`.

Each chunk is one :func:`~coupling_sym.stability.summary.verify_pairs` call on a slice
of the pairs (in order); the reports are stacked back in pair order.  Verdicts and
``l0*`` are certified, so they do not depend on the chunking.
"""

from __future__ import annotations

from typing import Callable, Sequence

from ..engine import Engine, run_chunks
from .summary import verify_pairs

__all__ = ["verify_chunk", "verify_in_chunks"]


def verify_chunk(payload) -> list:
    """Verify one chunk ``(pairs, p, l0_values)`` (module level, for Dask)."""
    pairs, p, l0_values = payload
    return verify_pairs(list(pairs), p, list(l0_values))


def verify_in_chunks(pairs: Sequence[tuple[int, int]], p, l0_values: Sequence[int], chunk: int,
                     engine: Engine | None = None, progress: Callable[[], object] | None = None) -> list:
    """:func:`verify_pairs` in chunks of ``chunk`` pairs; ``progress()`` once per pair.

    Examples
    --------
    >>> [r.critical.value for r in verify_in_chunks([(2, 3), (2, 4), (3, 4)], "1/2", [], chunk=2)]
    [2, None, 6]
    """
    payloads = [(tuple(pairs[i:i + chunk]), p, tuple(l0_values)) for i in range(0, len(pairs), chunk)]

    def report(index, result):
        for _ in result:
            progress()

    results = run_chunks(verify_chunk, payloads, engine, None if progress is None else report)
    return [r for chunk_reports in results for r in chunk_reports]
