"""What a stochastic study reports, per replication and over all of them (floats).

Conventions (batches ``t = 0 .. steps``; the *tail* is the last quarter, at least one batch):

* throughput of a replication: mean completions per batch over the tail;
  throughput loss ``1 - throughput / a*`` (``a*`` of :class:`StochasticSpec`);
* a replication *settles* when it evicts nothing in the tail;
* waiting time: mean tail queue over the arrival rate (Little's law, batches), for
  Poisson arrivals only;
* with an iteration time ``tau(Z)``: throughput per second of a replication, its tail
  completions over the seconds of its tail, and the waiting time in seconds, its queue
  integral ``sum_tail Q_t tau(Z_t)`` over the tail's arrivals ``|tail| lambda``
  (:mod:`coupling_sym.dynamics.timing`); both are means over the replications;
* the fluid reference, when it exists (fixed lengths, saturated queues, greedy
  admission; per-type prompts allowed): the fluid eviction simulation of MODEL.md from ``stage0``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np

from ..dynamics.timing import batch_seconds
from .simulate import StochasticRun
from .spec import StochasticSpec

__all__ = ["StudySummary", "summarise_study", "tail_start", "fluid_reference"]


def tail_start(steps: int) -> int:
    """First batch of the tail: the last quarter of ``0 .. steps`` (at least the last batch).

    Examples
    --------
    >>> tail_start(100), tail_start(2)
    (76, 2)
    """
    return steps + 1 - max(1, (steps + 1) // 4)


@dataclass(frozen=True)
class StudySummary:
    """Means over replications (and the spread where it says so)."""

    replications: int
    equilibrium: float
    mean_admission_tail: float
    throughput: float
    throughput_low: float
    throughput_high: float
    throughput_loss: float
    evictions_per_batch: float
    evicted_tokens_per_batch: float
    discarded_tokens_per_batch: float
    settled_fraction: float
    max_tokens: int
    mean_queue_tail: float
    waiting_time: float | None
    throughput_per_s: float | None = None
    waiting_time_s: float | None = None

    def as_dict(self) -> dict:
        """JSON-ready dict."""
        return asdict(self)


def per_replication_throughput(run: StochasticRun) -> np.ndarray:
    """Tail throughput of each replication, shape ``(R,)``."""
    start = tail_start(run.admissions.shape[1] - 1)
    return run.completions[:, start:].sum(axis=2).mean(axis=1).astype(float)


def summarise_study(spec: StochasticSpec, run: StochasticRun) -> StudySummary:
    """Summarise ``run`` (all replications of ``spec``).

    Examples
    --------
    The one-type three-cycle of :func:`~coupling_sym.stochastic.simulate.simulate` completes
    5 requests every 3 batches; its tail (batches 9 .. 11) holds one cycle.

    >>> from coupling_sym.stochastic import resolve_spec, simulate
    >>> spec = resolve_spec({"l0": 1, "lengths": [3], "rates": [1], "B": 20, "steps": 11})
    >>> s = summarise_study(spec, simulate(spec))
    >>> round(s.throughput * 3, 12), s.settled_fraction
    (5.0, 0.0)
    """
    start = tail_start(spec.steps)
    a_star = float(spec.equilibrium_admission)
    throughput = per_replication_throughput(run)
    R = run.replications
    half = 1.96 * throughput.std(ddof=1) / np.sqrt(R) if R > 1 else 0.0
    queue = float(run.queues[:, start:].sum(axis=2).mean())
    arrival = float(sum(spec.rates))
    seconds = {}
    if spec.tau is not None:
        tau = batch_seconds(spec.tau, run.tokens[:, start:].astype(float).ravel()).reshape(R, -1)
        done = run.completions[:, start:].sum(axis=2)
        elapsed = tau.sum(axis=1)
        timed = elapsed > 0          # a tail that lasts no time (b0 = 0, nothing held) has no rate
        seconds["throughput_per_s"] = float((done.sum(axis=1)[timed] / elapsed[timed]).mean()) if timed.any() else None
        if spec.arrivals == "poisson":
            integral = (run.queues[:, start:].sum(axis=2) * tau).sum(axis=1)
            seconds["waiting_time_s"] = float((integral / (tau.shape[1] * arrival)).mean())
    return StudySummary(
        replications=R,
        equilibrium=a_star,
        mean_admission_tail=float(run.total_admissions[:, start:].mean()),
        throughput=float(throughput.mean()),
        throughput_low=float(throughput.mean() - half),
        throughput_high=float(throughput.mean() + half),
        throughput_loss=float(1 - throughput.mean() / a_star),
        evictions_per_batch=float(run.eviction_totals.mean()),
        evicted_tokens_per_batch=float(run.evicted_tokens.mean()),
        discarded_tokens_per_batch=float(run.discarded_tokens.mean()),
        settled_fraction=float((run.eviction_totals[:, start:].sum(axis=1) == 0).mean()),
        max_tokens=int(run.tokens.max()),
        mean_queue_tail=queue,
        waiting_time=queue / arrival if spec.arrivals == "poisson" else None,
        **seconds,
    )


def fluid_reference(spec: StochasticSpec):
    """The fluid eviction simulation this study converges to, or ``None`` when there is none.

    Returns the :class:`~coupling_sym.dynamics.Trajectory` (float64) for fixed lengths,
    saturated arrivals and greedy admission.
    """
    if not (spec.fixed and spec.arrivals == "saturated" and spec.admission == "greedy"):
        return None
    from ..dynamics import run_simulation
    from ..state import initial_state

    params = spec.fluid_params()
    return run_simulation(params, initial_state(params, "stage0"), spec.steps)
