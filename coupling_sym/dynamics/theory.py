"""The unconstrained theory trajectory (no eviction; negative admissions allowed).

Each batch admits ``a_{t+1} = R / sum_k p_k (l0_k + 1)`` at stage 0, split by ``p_k``, whatever the
sign of the room ``R``.  Negative counts advance through later stages like any others,
so every batch ``t >= 1`` holds exactly ``B`` tokens.  Tracked per stage and per type
(the plan's "scheme B").

An unstable ``P_l0`` makes the theory grow like ``rho^t``: it is followed until a count
exceeds ``GROWTH_LIMIT * N`` (:mod:`coupling_sym.dynamics.growth`) and the trajectory
records where and why it stopped.

Float runs step per type only until every stage holds a cohort admitted in a batch
``>= 1`` (batch ``L - 1``); from there the admissions follow the scalar recurrence of
:mod:`coupling_sym.dynamics.recurrence`, many batches per numpy call, and the states are
rebuilt from them (``X_t[k, i] = p_k a_{t-i}``, the batch-0 cohorts copied as they
advance).  Exact runs step per type in Fractions throughout.  ``known`` states of the
first batches (the simulation's, before its first eviction: the two trajectories are
the same map there) are taken as they are, so both agree bit for bit up to that batch.
"""

from __future__ import annotations

from typing import Callable

import numpy as np

from ..params import ModelParams
from .growth import as_bound, outgrown
from .recurrence import cohort_sizes, extend_admissions, fill_states
from .step import Trajectory, TrajectoryRecorder, admit, advance

__all__ = ["run_theory"]


def run_theory(params: ModelParams, X0: np.ndarray, steps: int, exact: bool = False,
               progress: Callable[[int], None] | None = None, known: np.ndarray | None = None,
               recurrence: bool = True) -> Trajectory:
    """Run the theory trajectory for ``steps`` transitions from the state ``X0``.

    Parameters
    ----------
    params : ModelParams
    X0 : ndarray, shape (K, L)
        Batch-0 state (see :func:`coupling_sym.state.initial_state`).
    steps : int
        Number of transitions; the result covers batches ``0 .. steps``.
    exact : bool
        Run in Fractions (exact) instead of float64.
    progress : callable, optional
        Called with the number of batches done since the previous call (drives a
        progress bar; ``steps`` in all).
    known : ndarray, shape (t + 1, K, L), optional
        States of batches ``0 .. t`` already known to be the theory's (``known[0]`` is
        ``X0``), e.g. the simulation's before its first eviction; ``t <= steps``.
    recurrence : bool
        Float runs only: False steps per type throughout (the served system's
        arithmetic, so that a run compared with it bit for bit stays comparable).

    Examples
    --------
    >>> from coupling_sym.params import make_params
    >>> from coupling_sym.state import initial_state
    >>> params = make_params(3, (2, 3), (1, 1), 60)
    >>> run_theory(params, initial_state(params), 3, exact=True).admissions.tolist()
    [Fraction(15, 1), Fraction(-15, 4), Fraction(135, 16), Fraction(465, 64)]
    """
    rec = TrajectoryRecorder(params, X0, steps, exact)
    start = 0
    if known is not None:
        start = len(known) - 1
        rec.states[:start + 1] = known
        if progress is not None and start:
            progress(start)
    bound = as_bound(params.N, exact)
    # per type while batch-0 cohorts remain (all of an exact run)
    last = steps if exact or not recurrence else min(max(start, params.L - 1), steps)
    if not _step(params, rec, start, last, bound, progress) and last < steps:
        _extend(params, rec, last, steps, bound, progress)
    return rec.finish()


def _step(params: ModelParams, rec: TrajectoryRecorder, start: int, last: int, bound, progress) -> bool:
    """Batches ``start + 1 .. last`` one transition at a time; True when the theory outgrew ``bound``."""
    X = rec.states[start]
    for t in range(start + 1, last + 1):
        Y, room = advance(params, X, rec.mask, rec.weights, rec.budget)
        admit(params, Y, room / rec.entry, rec.shares)
        rec.record(t, Y)
        X = Y
        if progress is not None:
            progress(1)
        if outgrown(Y, bound):
            rec.stop(t)
            if progress is not None:
                progress(len(rec.states) - 1 - t)
            return True
    return False


def _extend(params: ModelParams, rec: TrajectoryRecorder, t: int, steps: int, bound: float, progress) -> None:
    """Batches ``t + 1 .. steps`` of a float run from the recurrence (every stage of
    batch ``t`` but the last holds an admitted cohort: ``t >= L - 1``)."""
    X = rec.states[t]
    largest = float(max(params.p))  # the largest count of a cohort is largest * |a_b|, bit for bit
    limit = bound / largest
    admissions = extend_admissions([float(c) for c in params.stage_weights], float(params.B),
                                   cohort_sizes(X, params.stage_shares), steps - t, limit, progress)
    fill_states(rec.states[t + 1:], X, admissions, rec.shares, rec.mask)
    # a new cohort first shows at stage 0 (every type has one), so the first batch whose
    # state outgrows the bound is the first whose admission does (or is not finite)
    with np.errstate(invalid="ignore", over="ignore"):
        outside = ~(np.abs(admissions) * largest <= bound)
    if outside.any():
        rec.stop(t + 1 + int(np.argmax(outside)))
