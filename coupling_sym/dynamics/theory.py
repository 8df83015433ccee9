"""The unconstrained theory trajectory (no eviction; negative admissions allowed).

Each batch admits ``a_{t+1} = R / sum_k p_k (l0_k + 1)`` at stage 0, split by ``p_k``, whatever the
sign of the room ``R``.  Negative counts advance through later stages like any others,
so every batch ``t >= 1`` holds exactly ``B`` tokens.  Tracked per stage and per type
(the plan's "scheme B").
"""

from __future__ import annotations

from typing import Callable

import numpy as np

from ..params import ModelParams
from .step import Trajectory, TrajectoryRecorder, admit, advance

__all__ = ["run_theory"]


def run_theory(params: ModelParams, X0: np.ndarray, steps: int, exact: bool = False,
               progress: Callable[[int], None] | None = None) -> Trajectory:
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
        Called with 1 after every batch (drives a progress bar).

    Examples
    --------
    >>> from coupling_sym.params import make_params
    >>> from coupling_sym.state import initial_state
    >>> params = make_params(3, (2, 3), (1, 1), 60)
    >>> run_theory(params, initial_state(params), 3, exact=True).admissions.tolist()
    [Fraction(15, 1), Fraction(-15, 4), Fraction(135, 16), Fraction(465, 64)]
    """
    rec = TrajectoryRecorder(params, X0, steps, exact)
    X = rec.states[0]
    for t in range(1, steps + 1):
        Y, room = advance(params, X, rec.mask, rec.weights, rec.budget)
        admit(params, Y, room / rec.entry, rec.shares)
        rec.record(t, Y)
        X = Y
        if progress is not None:
            progress(1)
    return rec.finish()
