"""Replications in chunks with spawned seeds, and their mean and 95% bands.

Convention: ``R = spec.replications`` runs are cut into chunks of ``spec.chunk``
replications (the last may be shorter); chunk ``j`` runs with the ``j``-th child of
``numpy.random.SeedSequence(spec.seed)``.  So a study is fixed by its master seed and
chunk size, whatever engine runs the chunks and in whatever order they finish.

Bands of a per-batch quantity over the replications: the mean, the 95% confidence
band of the mean (``mean +- 1.96 s / sqrt(R)``, normal approximation) and the 2.5% ..
97.5% quantiles of the replications (where single runs lie).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

from ..engine import Engine, run_chunks
from .simulate import StochasticRun, concatenate_runs, simulate
from .spec import StochasticSpec

__all__ = ["ReplicationChunk", "replication_chunks", "run_chunk", "run_replications", "Bands", "bands"]


@dataclass(frozen=True)
class ReplicationChunk:
    """One unit of work: ``size`` replications of ``spec`` seeded by ``seed``."""

    spec: StochasticSpec
    index: int
    size: int
    seed: np.random.SeedSequence


def replication_chunks(spec: StochasticSpec) -> list[ReplicationChunk]:
    """Cut ``spec.replications`` into chunks with spawned seeds.

    Examples
    --------
    >>> from coupling_sym.stochastic.spec import build_spec
    >>> [c.size for c in replication_chunks(build_spec("default", ["replications=250"]))]
    [100, 100, 50]
    """
    sizes = [min(spec.chunk, spec.replications - start) for start in range(0, spec.replications, spec.chunk)]
    seeds = np.random.SeedSequence(spec.seed).spawn(len(sizes))
    return [ReplicationChunk(spec, j, size, seed) for j, (size, seed) in enumerate(zip(sizes, seeds))]


def run_chunk(chunk: ReplicationChunk) -> StochasticRun:
    """Simulate one chunk (module level, so Dask workers can run it)."""
    return simulate(chunk.spec, chunk.size, np.random.default_rng(chunk.seed))


def run_replications(spec: StochasticSpec, engine: Engine | None = None,
                     progress: Callable[[int], None] | None = None) -> StochasticRun:
    """All replications of ``spec``, chunk by chunk on ``engine``, stacked in chunk order.

    ``progress`` is called with the number of replications of each finished chunk.
    """
    chunks = replication_chunks(spec)
    report = None if progress is None else (lambda index, result: progress(chunks[index].size))
    return concatenate_runs(run_chunks(run_chunk, chunks, engine, report))


@dataclass(frozen=True)
class Bands:
    """Mean and 95% bands of a per-batch quantity, each of shape ``(steps + 1,)``."""

    mean: np.ndarray
    mean_low: np.ndarray
    mean_high: np.ndarray
    low: np.ndarray
    high: np.ndarray

    def as_dict(self) -> dict:
        """JSON-ready lists."""
        return {name: getattr(self, name).tolist() for name in self.__dataclass_fields__}


def bands(values: np.ndarray) -> Bands:
    """Bands of ``values`` of shape ``(R, steps + 1)`` over its first axis.

    Examples
    --------
    >>> b = bands(np.array([[0.0, 2.0], [2.0, 2.0]]))
    >>> b.mean.tolist(), b.mean_high.tolist()
    ([1.0, 2.0], [2.96, 2.0])
    """
    values = np.asarray(values, dtype=float)
    R = values.shape[0]
    mean = values.mean(axis=0)
    half = 1.96 * values.std(axis=0, ddof=1) / np.sqrt(R) if R > 1 else np.zeros_like(mean)
    low, high = np.quantile(values, [0.025, 0.975], axis=0)
    return Bands(mean, mean - half, mean + half, low, high)
