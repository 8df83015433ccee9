"""The sweep's simulation cut into chunks of settings, for :mod:`coupling_sym.engine`.

Convention: a grid of ``S`` settings is cut, in grid order, into chunks of ``chunk``
settings; each chunk is one :func:`~coupling_sym.dynamics.batched.run_batched` call,
and the chunks' rows are stacked back in grid order.  The float64 kernel's roundings
depend on which settings share a batch (padding, matrix-product blocking), so results
are identical for the same ``chunk`` whatever the engine, and may differ in the last
bits from a different ``chunk``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence

import numpy as np

from ..dynamics.batched import run_batched
from ..engine import Engine, run_chunks

__all__ = ["SettingsRun", "simulate_settings", "simulate_in_chunks"]


@dataclass(frozen=True)
class SettingsRun:
    """What the sweep reads from a run: admissions and eviction totals of the batches held
    (shape (S, n)), the last evicting batch (``-1``: none) and the kernel's cycles."""

    admissions: np.ndarray
    eviction_totals: np.ndarray
    last_eviction: np.ndarray
    cycles: tuple


def simulate_settings(payload) -> SettingsRun:
    """Run one chunk ``(params list, X0 list, steps, policy, tail, caps)`` (module level, for Dask)."""
    params, X0, steps, policy, tail, caps = payload
    run = run_batched(list(params), list(X0), steps, policy, tail=tail, caps=None if caps is None else list(caps))
    return SettingsRun(run.admissions, run.eviction_totals, run.last_eviction, run.cycles)


def simulate_in_chunks(params: Sequence, X0: Sequence, steps: int, policy: str, chunk: int,
                       engine: Engine | None = None, progress: Callable[[int], None] | None = None,
                       tail: int | None = None, caps: Sequence | None = None) -> SettingsRun:
    """Simulate ``params`` in chunks of ``chunk`` settings; ``progress(n)`` after each chunk of ``n``.

    ``tail`` and ``caps`` are passed to :func:`~coupling_sym.dynamics.batched.run_batched`.

    Examples
    --------
    >>> from coupling_sym.params import make_params
    >>> from coupling_sym.state import initial_state
    >>> ps = [make_params(0, (1, 2), (1, 3), 1), make_params(0, (1, 2), (3, 1), 1)]
    >>> run = simulate_in_chunks(ps, [initial_state(p) for p in ps], 40, "least-progress", chunk=1)
    >>> run.admissions.shape, int(run.eviction_totals[1].sum()) == 0, run.cycles[0].period
    ((2, 41), True, 2)
    """
    payloads = [(tuple(params[i:i + chunk]), tuple(X0[i:i + chunk]), steps, policy, tail,
                 None if caps is None else tuple(caps[i:i + chunk])) for i in range(0, len(params), chunk)]
    report = None if progress is None else (lambda index, result: progress(result.admissions.shape[0]))
    results = run_chunks(simulate_settings, payloads, engine, report)
    return SettingsRun(np.concatenate([r.admissions for r in results]),
                       np.concatenate([r.eviction_totals for r in results]),
                       np.concatenate([r.last_eviction for r in results]),
                       tuple(cycle for r in results for cycle in r.cycles))
