"""The batch transition ``t -> t+1`` shared by every trajectory.

Convention: a state is a ``(K, L)`` array (see :mod:`coupling_sym.state`).  One
transition

1. completes the ``X[k, l_k - 1]`` requests (they leave, freeing ``l0_k + l_k`` tokens);
2. advances every other request from stage ``i`` to ``i + 1``;
3. computes the room ``R = B - sum_k sum_{i>=1} (l0_k + 1 + i) Y[k, i]`` left by the
   advanced requests ``Y``.

What fills (or overfills) the room is the trajectory's business.  The arithmetic is
generic: ``object`` arrays of Fractions stay exact, ``float64`` arrays are simulated.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from ..records import Record
from ..params import ModelParams
from ..state import footprint_matrix, stage_mask
from .growth import stop_reason

__all__ = ["Trajectory", "advance", "as_arithmetic", "admit", "TrajectoryRecorder"]


@dataclass(frozen=True)
class Trajectory(Record):
    """Per-batch record of one trajectory, batches ``t = 0 .. steps``.

    Attributes
    ----------
    admissions : ndarray, shape (steps + 1,)
        Total admitted at stage 0 in batch ``t`` (``sum_k X_t[k, 0]``; may be negative
        in the theory).  Batch 0's admission is its initial stage-0 population.
    evictions : ndarray, shape (steps + 1, L - 1)
        ``evictions[t, s]``: requests evicted on the way into batch ``t`` that were at
        stage ``s`` in batch ``t - 1``.  Row 0 is zero.
    tokens : ndarray, shape (steps + 1,)
        Tokens ``Z_t`` held in batch ``t``.
    states : ndarray, shape (steps + 1, K, L) or None
        The states ``X_t`` (``None`` for the aggregate recursion).

    Examples
    --------
    >>> from coupling_sym.dynamics import run_simulation
    >>> from coupling_sym.params import make_params
    >>> from coupling_sym.state import initial_state
    >>> params = make_params(3, (2, 3), (1, 1), 60)
    >>> run = run_simulation(params, initial_state(params), 2, exact=True)
    >>> run.steps, run.admissions.tolist(), run.eviction_totals.tolist()
    (2, [Fraction(15, 1), Fraction(0, 1), Fraction(6, 1)], [Fraction(0, 1), Fraction(3, 1), Fraction(0, 1)])
    >>> run.tokens.tolist()                 # every batch fills the budget B = 60
    [Fraction(60, 1), Fraction(60, 1), Fraction(60, 1)]
    """

    admissions: np.ndarray
    evictions: np.ndarray
    tokens: np.ndarray
    states: np.ndarray | None
    #: First batch beyond :data:`coupling_sym.dynamics.growth.GROWTH_LIMIT` (later batches are NaN).
    stopped: int | None = None
    stop_reason: str | None = None

    @property
    def steps(self) -> int:
        """Number of transitions recorded."""
        return len(self.admissions) - 1

    @property
    def eviction_totals(self) -> np.ndarray:
        """Requests evicted on the way into each batch, all stages together."""
        return self.evictions.sum(axis=1) if self.evictions.shape[1] else np.zeros_like(self.admissions)


def as_arithmetic(X0: np.ndarray, exact: bool) -> np.ndarray:
    """Copy a state into exact (``object`` of Fractions) or ``float64`` arithmetic."""
    if exact:
        return np.array([[Fraction(v) for v in row] for row in X0], dtype=object)
    return np.array([[float(v) for v in row] for row in X0], dtype=float)


def _number(value, exact: bool):
    return Fraction(value) if exact else float(value)


def advance(params: ModelParams, X: np.ndarray, mask: np.ndarray, weights: np.ndarray, budget):
    """Complete and advance one batch; return the advanced state ``Y`` and the room ``R``.

    ``Y[k, 0]`` is zero: stage 0 is for the next admission.  Requests at their last
    stage move onto masked-out entries and are dropped: they complete.
    """
    zero = Fraction(0) if X.dtype == object else 0.0
    Y = np.full(X.shape, zero, dtype=X.dtype)
    Y[:, 1:] = X[:, :-1]
    Y[~mask] = zero
    room = budget - (Y * weights).sum()
    return Y, room


def admit(params: ModelParams, Y: np.ndarray, amount, shares: np.ndarray) -> None:
    """Put ``amount`` at stage 0, type ``k`` getting ``p_k * amount`` (in place)."""
    Y[:, 0] = shares * amount


class TrajectoryRecorder:
    """Collects a trajectory batch by batch (internal helper of the runners)."""

    def __init__(self, params: ModelParams, X0: np.ndarray, steps: int, exact: bool):
        self.params = params
        self.exact = exact
        dtype = object if exact else float
        self.mask = stage_mask(params)
        self.weights = footprint_matrix(params, exact)
        self.shares = np.array([_number(p, exact) for p in params.p], dtype=dtype)
        self.budget = _number(params.B, exact)
        self.entry = _number(params.admission_tokens, exact)
        self.states = np.empty((steps + 1, params.K, params.L), dtype=dtype)
        self.evictions = np.full((steps + 1, max(params.L - 1, 0)), _number(0, exact), dtype=dtype)
        self.states[0] = as_arithmetic(X0, exact)

    def record(self, t: int, X: np.ndarray, evicted: np.ndarray | None = None) -> None:
        self.states[t] = X
        if evicted is not None:
            self.evictions[t] = evicted

    def stop(self, t: int) -> None:
        """Mark batches after ``t`` as not followed (NaN)."""
        self.stopped = t
        self.states[t + 1:] = float("nan")

    def finish(self) -> Trajectory:
        admissions = self.states[:, :, 0].sum(axis=1)
        if self.exact:
            tokens = (self.states * self.weights[None, :, :]).sum(axis=(1, 2))
        else:  # one pass, no (steps, K, L) temporary
            tokens = np.einsum("tkl,kl->t", self.states, self.weights)
        stopped = getattr(self, "stopped", None)
        reason = None if stopped is None else stop_reason(stopped)
        return Trajectory(admissions, self.evictions, tokens, self.states, stopped, reason)
