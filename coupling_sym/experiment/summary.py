"""Summary metrics of a coupling experiment (floats: they describe simulated runs).

Conventions: batches are ``t = 0 .. steps``; ``a*`` is the fluid equilibrium admission.

* first divergence: the first batch where theory and simulation admissions differ by
  more than ``1e-9 * max(1, a*)``.  Both runs share the same transition code, so before
  the first eviction they are bitwise equal; the threshold only ignores nothing.
* largest gap: ``max_t |theory_t - simulation_t|`` and the batch where it occurs.
* settle batch: the first batch from which the simulation admission stays within
  ``tolerance`` (absolute, default ``1e-6``) of ``a*`` up to the last batch; ``None``
  when it is still outside at the last batch.
* last eviction: the last batch whose transition evicted anything (``None`` if none).
* throughput, throughput loss, total evicted tokens and cycle of the simulation: from
  :mod:`coupling_sym.dynamics.metrics` (filled in by the experiment run).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np

from ..dynamics import Trajectory

__all__ = ["Summary", "summarize", "settle_batch"]

DIVERGENCE_RTOL = 1e-9


@dataclass(frozen=True)
class Summary:
    """What the experiment command prints at the end (all batch indices are ints)."""

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
    throughput: float | None = None
    throughput_loss: float | None = None
    total_evicted_tokens: float | None = None
    cycle: dict | None = None

    def as_dict(self) -> dict:
        """JSON-ready dict of the fields."""
        return asdict(self)


def settle_batch(values: np.ndarray, target: float, tolerance: float) -> int | None:
    """First batch from which ``|values[t] - target| <= tolerance`` holds to the end.

    Examples
    --------
    >>> settle_batch(np.array([3.0, 0.0, 5.0, 5.0]), 5.0, 1e-6)
    2
    >>> settle_batch(np.array([5.0, 4.0]), 5.0, 1e-6) is None
    True
    """
    outside = np.flatnonzero(np.abs(np.asarray(values, dtype=float) - target) > tolerance)
    if outside.size == 0:
        return 0
    last = int(outside[-1])
    return None if last == len(values) - 1 else last + 1


def summarize(theory: Trajectory, simulation: Trajectory, equilibrium: float,
              tolerance: float = 1e-6) -> Summary:
    """Compare two trajectories of the same run.

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
    diverged = np.flatnonzero(gaps > DIVERGENCE_RTOL * max(1.0, abs(equilibrium)))
    evicted = np.asarray(simulation.eviction_totals, dtype=float)
    eviction_batches = np.flatnonzero(evicted > 0)
    return Summary(
        equilibrium=float(equilibrium),
        first_divergence=int(diverged[0]) if diverged.size else None,
        max_gap=float(gaps.max()),
        max_gap_batch=int(gaps.argmax()),
        settle_batch=settle_batch(sim, equilibrium, tolerance),
        theory_settle_batch=settle_batch(th, equilibrium, tolerance),
        last_eviction=int(eviction_batches[-1]) if eviction_batches.size else None,
        eviction_batches=int(eviction_batches.size),
        total_evicted=float(evicted.sum()),
        tolerance=tolerance,
        steps=theory.steps,
    )
