"""The served system: one batch transition that takes its strategies.

A run is the eviction simulation of :mod:`.eviction` with three strategies plugged
into one transition, :func:`serve_batch`:

* an admission strategy (:mod:`.admission`: ``greedy`` or ``rate-limited``),
* an arrival process (:mod:`.arrivals`: ``saturated``, ``deterministic``, ``poisson``),
* an eviction policy (:data:`.eviction.POLICIES`).

Order inside the transition ``t -> t + 1`` (``docs/model.md``, "Open systems"):

1. complete and advance (:func:`.step.advance`), room ``R`` from the advanced requests;
2. arrivals join their queues ``Q_k``;
3. when ``R < 0``, evict exactly ``-R`` tokens; evicted requests rejoin the front of
   their queue and restart from their prompt (in the fluid model a queue is a count,
   so only the count changes); the room becomes 0;
4. admit: the strategy's fill of the room, no type more than it has waiting.

Queue conservation holds per type and batch, exactly in exact arithmetic:
``Q_{t+1} = Q_t + arrivals + evicted - admitted``.  In a saturated system the queues
are not tracked (recorded as zero) and greedy admission with the least-progress or
proportional policy is the eviction simulation itself (the tests check equality).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Callable

import numpy as np

from ..errors import parameter_error
from ..params import ModelParams
from .admission import Greedy
from .arrivals import Saturated
from .eviction import POLICIES, evict
from .step import Trajectory, TrajectoryRecorder, advance

__all__ = ["ServedRun", "serve_batch", "run_served"]


@dataclass(frozen=True)
class ServedRun:
    """A served run, batches ``t = 0 .. steps``.

    Attributes
    ----------
    trajectory : Trajectory
        States, per-stage evictions, admissions and tokens (as the eviction simulation).
    admitted : ndarray, shape (steps + 1, K)
        Type-``k`` admissions into batch ``t`` (row 0: the initial stage-0 population).
    arrivals : ndarray, shape (steps + 1, K)
        Type-``k`` arrivals on the way into batch ``t`` (zero when saturated; row 0 zero).
    evicted : ndarray, shape (steps + 1, K)
        Type-``k`` requests evicted on the way into batch ``t``.
    queues : ndarray, shape (steps + 1, K)
        ``Q_k`` after the admission into batch ``t`` (zero when saturated).
    completions : ndarray, shape (steps + 1,)
        ``D_t``: requests that finished on the way into batch ``t`` (``D_0 = 0``).
    is_open : bool
    strategies : dict
        The admission, arrivals and eviction policy, JSON-ready.
    """

    trajectory: Trajectory
    admitted: np.ndarray
    arrivals: np.ndarray
    evicted: np.ndarray
    queues: np.ndarray
    completions: np.ndarray
    is_open: bool
    strategies: dict

    @property
    def steps(self) -> int:
        """Number of transitions recorded."""
        return self.trajectory.steps


def serve_batch(params: ModelParams, X, queues, rec: TrajectoryRecorder, admission, arriving, policy: str):
    """One transition of the served system (module notes); returns a dict of the batch's facts.

    ``queues`` is a list of per-type counts (``None`` when saturated) and is not modified;
    the new queues are returned under ``"queues"``.
    """
    mask, weights = rec.mask, rec.weights
    completing = sum((X[k, params.lengths[k] - 1] for k in range(params.K)), X[0, 0] * 0)
    Y, room = advance(params, X, mask, weights, rec.budget)
    zero = room * 0
    queue = None if queues is None else list(queues)
    if queue is not None and arriving is not None:
        queue = [q + a for q, a in zip(queue, arriving)]
    evicted_stage = np.full(max(params.L - 1, 0), zero, dtype=Y.dtype)
    evicted_type = [zero] * params.K
    if room < 0:
        before = Y[:, 1:].sum(axis=1)
        evicted_stage = evict(Y, weights, -room, policy)
        evicted_type = list(before - Y[:, 1:].sum(axis=1))
        if queue is not None:
            queue = [q + e for q, e in zip(queue, evicted_type)]
        room = zero
    admitted = admission.admit(list(rec.shares), list(weights[:, 0]), room, queue)
    Y[:, 0] = admitted
    if queue is not None:
        queue = [q - a for q, a in zip(queue, admitted)]
    return {"state": Y, "evicted_stage": evicted_stage, "evicted_type": evicted_type,
            "admitted": admitted, "queues": queue, "completions": completing}


def run_served(params: ModelParams, X0: np.ndarray, steps: int, admission=None, arrivals=None,
               policy: str = "least-progress", exact: bool = False, queues0=None,
               progress: Callable[[int], None] | None = None) -> ServedRun:
    """Run the served system for ``steps`` transitions from ``X0``.

    Parameters
    ----------
    params : ModelParams
    X0 : ndarray, shape (K, L)
        Batch-0 state.
    steps : int
    admission : Greedy or RateLimited, optional
        Default greedy.
    arrivals : Saturated, Deterministic or PoissonArrivals, optional
        Default saturated.
    policy : {"least-progress", "proportional"}
    exact : bool
        Fractions instead of float64.
    queues0 : sequence, optional
        Initial queues of an open system (default empty).
    progress : callable, optional
        Called with 1 after every batch.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> from coupling_sym.params import make_params
    >>> from coupling_sym.state import initial_state
    >>> from coupling_sym.dynamics.arrivals import Deterministic
    >>> params = make_params(0, (2,), (3,), 12)        # one type, l1 = 2, footprints 1, 2
    >>> X0 = initial_state(params, "explicit", [[0, 0]])
    >>> run = run_served(params, X0, 3, arrivals=Deterministic(params.rates), exact=True)
    >>> run.admitted[:, 0].tolist(), run.queues[:, 0].tolist()
    ([Fraction(0, 1), Fraction(3, 1), Fraction(3, 1), Fraction(3, 1)], [Fraction(0, 1), Fraction(0, 1), Fraction(0, 1), Fraction(0, 1)])
    """
    if policy not in POLICIES:
        raise parameter_error("policy", "one of " + ", ".join(POLICIES), policy)
    admission = Greedy() if admission is None else admission
    arrivals = Saturated() if arrivals is None else arrivals
    rec = TrajectoryRecorder(params, X0, steps, exact)
    zero = Fraction(0) if exact else 0.0
    dtype = object if exact else float
    K = params.K
    admitted = np.full((steps + 1, K), zero, dtype=dtype)
    arrived = np.full((steps + 1, K), zero, dtype=dtype)
    evicted = np.full((steps + 1, K), zero, dtype=dtype)
    queue_rows = np.full((steps + 1, K), zero, dtype=dtype)
    completions = np.full(steps + 1, zero, dtype=dtype)
    admitted[0] = rec.states[0][:, 0]
    queues = None
    if arrivals.is_open:
        queues = [zero] * K if queues0 is None else [Fraction(q) if exact else float(q) for q in queues0]
        queue_rows[0] = queues
    X = rec.states[0]
    for t in range(1, steps + 1):
        arriving = arrivals.arrive(t, exact)
        facts = serve_batch(params, X, queues, rec, admission, arriving, policy)
        X, queues = facts["state"], facts["queues"]
        rec.record(t, X, facts["evicted_stage"])
        admitted[t] = facts["admitted"]
        evicted[t] = facts["evicted_type"]
        completions[t] = facts["completions"]
        if arriving is not None:
            arrived[t] = arriving
        if queues is not None:
            queue_rows[t] = queues
        if progress is not None:
            progress(1)
    strategies = {**admission.describe(), **arrivals.describe(), "policy": policy}
    return ServedRun(rec.finish(), admitted, arrived, evicted, queue_rows, completions, arrivals.is_open,
                     strategies)
