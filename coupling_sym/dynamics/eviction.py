"""The eviction simulation: admissions never negative, memory never above ``B``.

When the room ``R`` after advancing is negative, nothing is admitted and exactly
``-R`` tokens of advanced requests are evicted (they return to the queue and free
their whole footprint), so the next batch holds ``B`` tokens.  Eviction stages are
labelled by where the request was in the previous batch (``0 .. L-2``).

Policies
--------
``least-progress`` (default): evict the requests that were at stage 0 first, then
stage 1, and so on; in the stage where eviction stops part-way, remove the same
fraction of every type.
``proportional``: remove the same fraction of every advanced request.
"""

from __future__ import annotations

from typing import Callable

import numpy as np

from ..errors import parameter_error
from ..params import ModelParams
from .step import Trajectory, TrajectoryRecorder, admit, advance

__all__ = ["POLICIES", "run_simulation", "evict"]

POLICIES = ("least-progress", "proportional")


def evict(Y: np.ndarray, weights: np.ndarray, excess, policy: str) -> np.ndarray:
    """Remove ``excess`` tokens of advanced requests from ``Y`` in place.

    Parameters
    ----------
    Y : ndarray, shape (K, L)
        Advanced state (stage 0 empty).
    weights : ndarray, shape (K, L) or (L,)
        Footprints of each type and stage (``l0_k + 1 + i``); a row is broadcast.
    excess : number
        Tokens to free, ``0 < excess <= tokens held by Y``.
    policy : {"least-progress", "proportional"}

    Returns
    -------
    ndarray, shape (L - 1,)
        Requests evicted by previous stage ``s`` (now at stage ``s + 1``).

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> Y = np.array([[F(0), F(6), F(0)], [F(0), F(6), F(2)]], dtype=object)
    >>> w = np.array([4, 5, 6], dtype=object)
    >>> evict(Y.copy(), w, F(70), "least-progress").tolist()
    [Fraction(12, 1), Fraction(5, 3)]
    """
    zero = Y.dtype.type(0) if Y.dtype != object else excess * 0
    weights = np.broadcast_to(weights, Y.shape)
    evicted = np.full(Y.shape[1] - 1, zero, dtype=Y.dtype)
    if policy == "proportional":
        held = (Y * weights).sum()
        fraction = excess / held
        removed = Y[:, 1:] * fraction
        evicted[:] = removed.sum(axis=0)
        Y[:, 1:] -= removed
        return evicted
    need = excess
    for s in range(Y.shape[1] - 1):
        column = Y[:, s + 1]
        count = column.sum()
        held = (column * weights[:, s + 1]).sum()
        if held <= 0:
            continue
        if need >= held:
            evicted[s] = count
            Y[:, s + 1] = zero
            need = need - held
            if need <= 0:
                break
        else:
            removed = column * (need / held)
            evicted[s] = removed.sum()
            Y[:, s + 1] = column - removed
            break
    return evicted


def run_simulation(params: ModelParams, X0: np.ndarray, steps: int,
                   policy: str = "least-progress", exact: bool = False,
                   progress: Callable[[int], None] | None = None) -> Trajectory:
    """Run the eviction simulation for ``steps`` transitions from ``X0``.

    Parameters
    ----------
    params : ModelParams
    X0 : ndarray, shape (K, L)
        Batch-0 state; must be non-negative.
    steps : int
    policy : {"least-progress", "proportional"}
    exact : bool
        Run in Fractions instead of float64.
    progress : callable, optional
        Called with 1 after every batch (drives a progress bar).

    Raises
    ------
    ParameterError
        For an unknown policy.

    Examples
    --------
    >>> from coupling_sym.params import make_params
    >>> from coupling_sym.state import initial_state
    >>> params = make_params(3, (2, 3), (1, 1), 60)
    >>> sim = run_simulation(params, initial_state(params), 2, exact=True)
    >>> sim.admissions.tolist(), sim.eviction_totals.tolist()
    ([Fraction(15, 1), Fraction(0, 1), Fraction(6, 1)], [Fraction(0, 1), Fraction(3, 1), Fraction(0, 1)])
    """
    if policy not in POLICIES:
        raise parameter_error("policy", "one of " + ", ".join(POLICIES), policy)
    rec = TrajectoryRecorder(params, X0, steps, exact)
    X = rec.states[0]
    for t in range(1, steps + 1):
        Y, room = advance(params, X, rec.mask, rec.weights, rec.budget)
        if room >= 0:
            admit(params, Y, room / rec.entry, rec.shares)
            rec.record(t, Y)
        else:
            rec.record(t, Y, evict(Y, rec.weights, -room, policy))
        X = Y
        if progress is not None:
            progress(1)
    return rec.finish()
