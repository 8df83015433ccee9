"""The float eviction simulation of one run: the batched kernel while it evicts, the
admission recurrence while it does not.

Convention: states and records as in :class:`~coupling_sym.dynamics.Trajectory`,
float64 only (an exact run steps per type in Fractions,
:func:`~coupling_sym.dynamics.run_simulation`).

A batch whose room ``R`` is non-negative admits ``R / c_0`` and evicts nothing: the
theory's transition.  From batch ``L - 1`` on every stage holds a cohort admitted in a
batch ``>= 1``, split by ``p_k`` (eviction removes the same fraction of every type of a
stage, so a cohort keeps its split), and the theory's admissions follow the scalar
recurrence of :mod:`coupling_sym.dynamics.recurrence`.  So the run alternates:

1. the batched kernel (:func:`~coupling_sym.dynamics.batched.run_batched`, one
   setting) for a stretch of ``CHUNK`` batches, eight times longer after every stretch
   that still evicts near its end (a run in an eviction cycle leaves the kernel's exact-repeat
   skip to do the rest);
2. when a stretch ends with at least ``L`` batches without eviction, the recurrence
   from its last state, ``STRIDE`` batches at first and twice as many each time after,
   up to the first negative
   admission (a negative room: that batch evicts), where the kernel takes over again.

Rounding: the kernel holds tokens per cohort, the recurrence deviations from ``a*``;
both round differently from the per-type :func:`~coupling_sym.dynamics.run_simulation`
(the same map), within the bounds stated in those modules.  A room within rounding of
zero may be read as ``-1e-16 B`` by one and ``+1e-16 B`` by the other: then one evicts a
sliver of that size and the other admits it.
"""

from __future__ import annotations

from typing import Callable

import numpy as np

from ..params import ModelParams
from .batched import MAX_ENTRIES, run_batched, run_entries
from .recurrence import cohort_sizes, extend_admissions, fill_states
from .step import Trajectory

__all__ = ["CHUNK", "STRIDE", "run_single"]

#: First stretch of the kernel, in batches (one segment of its exact-repeat checks).
CHUNK = 256
#: Batches the recurrence first computes before looking for a negative admission
#: (doubled after every stretch without one).
STRIDE = 4096


def run_single(params: ModelParams, X0: np.ndarray, steps: int, policy: str = "least-progress",
               progress: Callable[[int], None] | None = None) -> Trajectory:
    """The float64 eviction simulation of one run (module notes).

    Parameters
    ----------
    params : ModelParams
    X0 : ndarray, shape (K, L)
        Batch-0 state, non-negative.
    steps : int
    policy : {"least-progress", "proportional"}
    progress : callable, optional
        Called with the number of batches done since the previous call.

    Examples
    --------
    >>> from coupling_sym.params import make_params
    >>> from coupling_sym.state import initial_state
    >>> params = make_params(3, (2, 3), (1, 1), 60)
    >>> run = run_single(params, initial_state(params), 4)
    >>> run.admissions.tolist(), run.eviction_totals.tolist()
    ([15.0, 0.0, 6.0, 7.5, 1.125], [0.0, 3.0, 0.0, 0.0, 0.0])
    """
    L = params.L
    if run_entries(1, params.K, L, 1, record=True) > MAX_ENTRIES:
        # the kernel's constants alone ((2K + 3) L^2 numbers) pass its memory cap: the
        # per-type transition, the same map, needs none of them
        from .eviction import run_simulation

        return run_simulation(params, X0, steps, policy, False, progress)
    states = np.empty((steps + 1, params.K, L))
    evictions = np.zeros((steps + 1, max(L - 1, 0)))
    states[0] = np.asarray(X0, dtype=float)
    t, chunk = 0, CHUNK
    while t < steps:
        count = min(chunk, steps - t)
        while count > 1 and run_entries(1, params.K, L, count, record=True) > MAX_ENTRIES:
            count //= 2              # a stretch the kernel can hold
        run = run_batched([params], [states[t]], count, policy, record=True, progress=progress).trajectory(0)
        states[t + 1:t + count + 1] = run.states[1:]
        evictions[t + 1:t + count + 1] = run.evictions[1:]
        evicted = np.flatnonzero(run.eviction_totals > 0)
        t += count
        if evicted.size and count - evicted[-1] < L or t < L - 1:
            chunk *= 8  # still evicting (or batch-0 cohorts left): the kernel goes on, longer
            continue
        t = _recur(params, states, t, steps, progress)
    tokens = np.einsum("tkl,kl->t", states, _footprints(params))
    return Trajectory(states[:, :, 0].sum(axis=1), evictions, tokens, states)


def _footprints(params: ModelParams) -> np.ndarray:
    from ..state import footprint_matrix

    return np.asarray(footprint_matrix(params, exact=False), dtype=float)


def _recur(params: ModelParams, states: np.ndarray, t: int, steps: int, progress) -> int:
    """Fill batches ``t + 1 ..`` from the recurrence up to the first negative admission
    (excluded) or ``steps``; return the last batch filled."""
    from ..state import stage_mask

    shares = np.array([float(p) for p in params.p])
    weights = [float(c) for c in params.stage_weights]
    mask = stage_mask(params)
    stride = STRIDE
    while t < steps:
        X = states[t]
        admissions = extend_admissions(weights, float(params.B), cohort_sizes(X, params.stage_shares),
                                       min(stride, steps - t))
        stride *= 2
        negative = np.flatnonzero(~(admissions >= 0))
        count = int(negative[0]) if negative.size else len(admissions)
        fill_states(states[t + 1:t + count + 1], X, admissions, shares, mask)
        t += count
        if progress is not None and count:
            progress(count)
        if negative.size:
            return t
    return t
