"""The request-level simulator: whole requests as tables of counts, replications side by side.

Convention.  Requests of one type, decode length and stage are exchangeable, so the
state of ``R`` replications is an int64 table ``X[r, k, l - 1, i]``: the type-``k``
requests of decode length ``l`` at stage ``i < l`` in replication ``r``.  A stage-``i``
request of type ``k`` holds ``l0_k + 1 + i`` tokens (:meth:`StochasticSpec.footprints`).
Waiting requests are a per-type count of fresh requests (their lengths not yet drawn;
unlimited when arrivals are saturated) behind a *front* of evicted requests, counted by
decode length, which they keep.

One transition ``t -> t+1`` follows MODEL.md's order:

1. completion: the requests at their last stage leave;
2. advance: every other request moves one stage on;
3. arrivals (``poisson``): ``Poisson(lambda_k)`` fresh requests join queue ``k``;
4. room ``R = B - tokens of the advanced requests``;
5. ``R < 0``: admit nothing and evict whole requests, least progress first: every
   request that was at stage 0 in batch ``t``, then stage 1, and so on, until at least
   ``-R`` tokens are free.  **Tie rule**: inside the stage where eviction stops part-way,
   the evicted requests are a uniformly random subset (a seeded multivariate
   hypergeometric draw over the (type, length) cells) of the least size that frees
   enough tokens, drawn as the leading part of a uniformly random order of that stage's
   requests.  Evicted requests join the front of their type's queue and restart from
   their prompt.  Memory after eviction is at most ``B`` (whole requests may free a
   few tokens more than ``-R``);
6. ``R >= 0``: admit by :func:`~coupling_sym.stochastic.admission.split_admissions`;
   each type takes its evicted requests first (a uniformly random subset of them when
   not all are admitted), then fresh ones, whose lengths are drawn then.

Batch 0 admits into the empty memory (``R = B``) the same way.  All randomness comes
from one :class:`numpy.random.Generator` per call, so a seed fixes the run.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

from .admission import split_admissions
from .draws import draw_lengths, draw_without_replacement
from .spec import StochasticSpec

__all__ = ["StochasticRun", "simulate", "concatenate_runs"]


@dataclass(frozen=True)
class StochasticRun:
    """Per-batch records of ``R`` replications, batches ``t = 0 .. steps`` (int64 arrays).

    Attributes
    ----------
    admissions : shape (R, steps + 1, K)
        Requests admitted (put at stage 0) in batch ``t``, by type.
    evictions : shape (R, steps + 1, L - 1)
        ``evictions[r, t, s]``: requests evicted on the way into batch ``t`` that were at
        stage ``s`` in batch ``t - 1``.
    evicted_by_type : shape (R, steps + 1, K)
        The same evictions counted by type.
    evicted_tokens, discarded_tokens : shape (R, steps + 1)
        Tokens the evicted requests held, and output tokens they had produced (lost).
    completions : shape (R, steps + 1, K)
        Requests that finished on the way into batch ``t``.
    tokens : shape (R, steps + 1)
        Tokens held in batch ``t``.
    queues : shape (R, steps + 1, K)
        Requests waiting after batch ``t``'s admission (with saturated arrivals: the
        evicted ones only; the fresh queue is unlimited).
    in_service : shape (R, steps + 1, K)
        Requests in batch ``t``.
    """

    admissions: np.ndarray
    evictions: np.ndarray
    evicted_by_type: np.ndarray
    evicted_tokens: np.ndarray
    discarded_tokens: np.ndarray
    completions: np.ndarray
    tokens: np.ndarray
    queues: np.ndarray
    in_service: np.ndarray

    @property
    def replications(self) -> int:
        """Number of replications ``R``."""
        return self.admissions.shape[0]

    @property
    def total_admissions(self) -> np.ndarray:
        """Requests admitted per batch, all types, shape ``(R, steps + 1)``."""
        return self.admissions.sum(axis=2)

    @property
    def eviction_totals(self) -> np.ndarray:
        """Requests evicted per batch, all stages, shape ``(R, steps + 1)``."""
        return self.evictions.sum(axis=2)


def concatenate_runs(runs) -> StochasticRun:
    """Stack runs of the same spec along the replication axis (chunk order kept)."""
    runs = list(runs)
    return StochasticRun(*(np.concatenate([getattr(run, name) for run in runs], axis=0)
                           for name in StochasticRun.__dataclass_fields__))


class _Kernel:
    """The arrays one :func:`simulate` call works on (internal).

    The table is kept as a ring over admission batches: ``X[r, k, l - 1, c]`` counts the
    requests admitted in a batch ``b`` with ``b = c (mod L)``, at stage ``t - b`` in batch
    ``t``.  Advancing a batch then moves no data; ``S[r, k, c] = sum_l X[r, k, l - 1, c]``
    is kept alongside, so token counts cost ``O(R K L)``, not ``O(R K L^2)``.
    """

    def __init__(self, spec: StochasticSpec, R: int, rng: np.random.Generator):
        self.spec, self.R, self.rng = spec, R, rng
        K, L = spec.K, spec.L
        self.w = spec.footprints()  # (K, L) by stage
        self.entry = self.w[:, 0].copy()
        lcm = int(np.lcm.reduce([p.denominator for p in spec.p]))
        self.shares = np.array([int(p * lcm) for p in spec.p], dtype=np.int64)
        self.pmf = np.array([d.probabilities(L) for d in spec.decode])
        self.fixed = [d.max_length - 1 if d.kind == "fixed" else None for d in spec.decode]
        self.X = np.zeros((R, K, L, L), dtype=np.int64)
        self.S = np.zeros((R, K, L), dtype=np.int64)
        self.front = np.zeros((R, K, L), dtype=np.int64)
        self.fresh = np.zeros((R, K), dtype=np.int64)
        self.open = spec.arrivals == "poisson"
        self.rates = np.array([float(r) for r in spec.rates])
        self.cap = spec.admission_cap
        self.t = 0

    def slot(self, stage: int) -> int:
        """Ring slot of the requests at ``stage`` in the current batch."""
        return (self.t - stage) % self.spec.L

    def tokens(self) -> np.ndarray:
        L = self.spec.L
        stages = (self.t - np.arange(L)) % L  # stage of each slot
        return (self.S * self.w[None, :, stages]).sum(axis=(1, 2))

    def arrive(self) -> None:
        if self.open:
            self.fresh += self.rng.poisson(self.rates, size=(self.R, self.spec.K))

    def complete_and_advance(self) -> np.ndarray:
        self.t += 1
        L = self.spec.L
        lengths = np.arange(L)
        slots = (self.t - (lengths + 1)) % L  # requests of length l reach stage l: done
        leaving = self.X[:, :, lengths, slots]  # (R, K, L) by length
        self.X[:, :, lengths, slots] = 0
        self.S[:, :, slots] -= leaving
        return leaving.sum(axis=2)

    def admit(self, room: np.ndarray) -> np.ndarray:
        waiting = self.front.sum(axis=2) + self.fresh if self.open else None
        n = split_admissions(np.maximum(room, 0), self.shares, self.entry, self.cap, waiting)
        R, K, L = self.R, self.spec.K, self.spec.L
        from_front = np.minimum(n, self.front.sum(axis=2))
        taken = draw_without_replacement(self.rng, self.front.reshape(R * K, L),
                                         from_front.reshape(R * K)).reshape(R, K, L)
        self.front -= taken
        new = n - from_front
        if self.open:
            self.fresh -= new
        for k in range(K):
            taken[:, k] += draw_lengths(self.rng, new[:, k], self.pmf[k], self.fixed[k])
        slot = self.slot(0)
        self.X[..., slot] += taken
        self.S[..., slot] += n
        return n

    def in_service(self) -> np.ndarray:
        return self.S.sum(axis=2)

    def evict(self, need: np.ndarray):
        R, K, L = self.R, self.spec.K, self.spec.L
        need = need.copy()
        by_stage = np.zeros((R, max(L - 1, 0)), dtype=np.int64)
        by_type = np.zeros((R, K), dtype=np.int64)
        freed_total = np.zeros(R, dtype=np.int64)
        discarded = np.zeros(R, dtype=np.int64)
        for s in range(1, L):
            if not (need > 0).any():
                break
            slot = self.slot(s)
            held = (self.S[..., slot] * self.w[None, :, s]).sum(axis=1)
            if not ((need > 0) & (held > 0)).any():
                continue
            cells = self.X[..., slot]  # (R, K, L) by length
            w = self.w[:, s][None, :, None]
            whole = (need > 0) & (held <= need)
            removed = np.where(whole[:, None, None], cells, 0)
            partial = (need > 0) & (held > need)
            pool = np.where(partial[:, None, None], cells, 0)
            still = np.where(partial, need, 0)
            widest = int(self.w[:, s].max())
            while (still > 0).any():
                # Any m - 1 requests free at most (m - 1) * widest < still tokens, so the
                # first m of the random order are evicted whatever comes after them.
                m = np.minimum(-(-still // widest), pool.sum(axis=(1, 2)))
                x = draw_without_replacement(self.rng, pool.reshape(R, K * L), m).reshape(R, K, L)
                pool -= x
                removed += x
                still = np.maximum(still - (x * w).sum(axis=(1, 2)), 0)
            self.X[..., slot] -= removed
            per_type = removed.sum(axis=2)
            self.S[..., slot] -= per_type
            freed = (per_type * self.w[None, :, s]).sum(axis=1)
            count = per_type.sum(axis=1)
            need = np.maximum(need - freed, 0)
            by_stage[:, s - 1] = count
            freed_total += freed
            discarded += count * s
            by_type += per_type
            self.front += removed
        return by_stage, by_type, freed_total, discarded


def simulate(spec: StochasticSpec, replications: int | None = None, seed=None,
             progress: Callable[[int], None] | None = None) -> StochasticRun:
    """Run ``replications`` independent request-level runs side by side.

    Parameters
    ----------
    spec : StochasticSpec
    replications : int, optional
        Default ``spec.replications``.
    seed : int, SeedSequence or Generator, optional
        Seeds the one generator of the call (default ``spec.seed``).
    progress : callable, optional
        Called with 1 after every batch.

    Examples
    --------
    One type, ``l0 = 1``, length 3, ``B = 20`` (footprints 2, 3, 4): batch 0 admits 10;
    batch 1 needs 30 tokens, evicts 4 stage-0 requests; batch 2 needs 24, evicts 1 at
    stage 1; batch 3 completes the other 5 and admits 10 again.

    >>> from coupling_sym.stochastic.spec import resolve_spec
    >>> spec = resolve_spec({"l0": 1, "lengths": [3], "rates": [1], "B": 20, "steps": 4})
    >>> run = simulate(spec)
    >>> run.total_admissions[0].tolist(), run.evictions[0].T.tolist(), run.tokens[0].tolist()
    ([10, 0, 0, 10, 0], [[0, 4, 0, 0, 4], [0, 0, 1, 0, 0]], [20, 18, 20, 20, 18])
    """
    R = spec.replications if replications is None else int(replications)
    rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(spec.seed if seed is None else seed)
    kernel = _Kernel(spec, R, rng)
    K, L, T = spec.K, spec.L, spec.steps
    admissions = np.zeros((R, T + 1, K), dtype=np.int64)
    evictions = np.zeros((R, T + 1, max(L - 1, 0)), dtype=np.int64)
    by_type = np.zeros((R, T + 1, K), dtype=np.int64)
    evicted_tokens = np.zeros((R, T + 1), dtype=np.int64)
    discarded = np.zeros((R, T + 1), dtype=np.int64)
    completions = np.zeros((R, T + 1, K), dtype=np.int64)
    tokens = np.zeros((R, T + 1), dtype=np.int64)
    queues = np.zeros((R, T + 1, K), dtype=np.int64)
    in_service = np.zeros((R, T + 1, K), dtype=np.int64)
    for t in range(T + 1):
        if t > 0:
            completions[:, t] = kernel.complete_and_advance()
        kernel.arrive()
        room = spec.B - kernel.tokens()
        if (room < 0).any():
            evictions[:, t], by_type[:, t], evicted_tokens[:, t], discarded[:, t] = kernel.evict(np.maximum(-room, 0))
        admissions[:, t] = kernel.admit(room)
        tokens[:, t] = kernel.tokens()
        queues[:, t] = kernel.front.sum(axis=2) + kernel.fresh
        in_service[:, t] = kernel.in_service()
        if progress is not None and t > 0:
            progress(1)
    return StochasticRun(admissions, evictions, by_type, evicted_tokens, discarded, completions, tokens, queues,
                         in_service)
