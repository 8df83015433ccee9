"""Summary metrics of a coupling experiment (floats: they describe simulated runs).

Conventions: batches are ``t = 0 .. steps``; ``a*`` is the fluid equilibrium admission.
The model is homogeneous of degree one in ``B`` (scaling ``B`` and ``X_0`` by ``c``
scales every count by ``c``), so every threshold is relative to ``a*``:

* first divergence: the first batch where theory and simulation admissions differ at
  all.  Both runs share the same transition code, so before the first eviction they
  are bitwise equal, and any difference, however small beside ``a*``, is the eviction.
* largest gap: ``max_t |theory_t - simulation_t|`` over the batches the theory was
  followed (see :mod:`coupling_sym.dynamics.growth`) and the batch where it occurs.
* settle batch: the first batch from which the admission stays within
  ``tolerance * a*`` (relative, default ``1e-6``) of ``a*`` up to the last batch;
  ``None`` when it is still outside at the last batch (or was not followed there).
* last eviction: the last batch whose transition evicted anything (``None`` if none).
* final gap: ``|a_T - a*| / a*`` at the last batch ``T`` (relative), of the simulation
  and of the theory (``None`` when the theory was not followed to the end).
* theory stopped: the batch after which an unstable theory was no longer followed.
* throughput, throughput loss, total evicted tokens and cycle of the simulation: from
  :mod:`coupling_sym.dynamics.metrics` (filled in by the experiment run).
* mean queue and waiting time (open systems), latency in service, and with an iteration
  time ``tau(Z)`` the throughput per second and the waiting and latency in seconds:
  Little's law over the same tail, :mod:`coupling_sym.dynamics.timing`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np

from ..dynamics import Trajectory

__all__ = ["Summary", "summarize", "settle_batch"]

#: Relative settle tolerance: within ``SETTLE_RTOL * a*`` of ``a*``.
SETTLE_RTOL = 1e-6


@dataclass(frozen=True)
class Summary:
    """What the experiment command prints at the end (all batch indices are ints).

    Examples
    --------
    >>> from coupling_sym.config import build_config
    >>> from coupling_sym.experiment import run_experiment
    >>> summary = run_experiment(build_config("default")).summary
    >>> summary.first_divergence, summary.last_eviction, summary.total_evicted
    (1, 1, 3.0)
    """

    equilibrium: float
    first_divergence: int | None
    max_gap: float
    max_gap_batch: int
    settle_batch: int | None
    theory_settle_batch: int | None
    last_eviction: int | None
    eviction_batches: int
    total_evicted: float
    tolerance: float
    steps: int
    theory_stopped: int | None = None
    throughput: float | None = None
    throughput_loss: float | None = None
    total_evicted_tokens: float | None = None
    cycle: dict | None = None
    mean_queue: float | None = None
    waiting: float | None = None
    latency: float | None = None
    throughput_per_s: float | None = None
    waiting_s: float | None = None
    latency_s: float | None = None
    final_gap: float | None = None
    theory_final_gap: float | None = None

    def as_dict(self) -> dict:
        """JSON-ready dict of the fields."""
        return asdict(self)


def settle_batch(values: np.ndarray, target: float, tolerance: float) -> int | None:
    """First batch from which ``|values[t] - target| <= tolerance`` holds to the end
    (``tolerance`` absolute; a NaN batch is outside).

    Examples
    --------
    >>> settle_batch(np.array([3.0, 0.0, 5.0, 5.0]), 5.0, 1e-6)
    2
    >>> settle_batch(np.array([5.0, 4.0]), 5.0, 1e-6) is None
    True
    """
    outside = np.flatnonzero(~(np.abs(np.asarray(values, dtype=float) - target) <= tolerance))
    if outside.size == 0:
        return 0
    last = int(outside[-1])
    return None if last == len(values) - 1 else last + 1


def summarize(theory: Trajectory, simulation: Trajectory, equilibrium: float,
              tolerance: float = SETTLE_RTOL) -> Summary:
    """Compare two trajectories of the same run (``tolerance`` relative to ``a*``).

    Examples
    --------
    >>> from coupling_sym.config import build_config
    >>> from coupling_sym.experiment import run_experiment
    >>> s = run_experiment(build_config("default")).summary
    >>> s.first_divergence, s.last_eviction is not None
    (1, True)
    """
    th = np.asarray(theory.admissions, dtype=float)
    sim = np.asarray(simulation.admissions, dtype=float)
    gaps = np.abs(th - sim)
    followed = np.isfinite(gaps)
    gaps = np.where(followed, gaps, 0.0)
    diverged = np.flatnonzero(gaps > 0)
    within = tolerance * abs(equilibrium)
    evicted = np.asarray(simulation.eviction_totals, dtype=float)
    eviction_batches = np.flatnonzero(evicted > 0)
    return Summary(
        equilibrium=float(equilibrium),
        first_divergence=int(diverged[0]) if diverged.size else None,
        max_gap=float(gaps.max()),
        max_gap_batch=int(gaps.argmax()),
        settle_batch=settle_batch(sim, equilibrium, within),
        theory_settle_batch=settle_batch(th, equilibrium, within),
        last_eviction=int(eviction_batches[-1]) if eviction_batches.size else None,
        eviction_batches=int(eviction_batches.size),
        total_evicted=float(evicted.sum()),
        tolerance=tolerance,
        steps=theory.steps,
        theory_stopped=theory.stopped,
        final_gap=_relative_gap(sim[-1], equilibrium),
        theory_final_gap=_relative_gap(th[-1], equilibrium),
    )


def _relative_gap(value: float, equilibrium: float) -> float | None:
    """``|value - a*| / a*``; ``None`` for a batch that was not followed (NaN)."""
    gap = abs(float(value) - float(equilibrium)) / abs(float(equilibrium))
    return gap if np.isfinite(gap) else None
