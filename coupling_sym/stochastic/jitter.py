"""Random decode lengths against the gcd criterion: a sweep over length jitter.

Convention: every pair of tiers ``(l_A, l_B)`` is run with decode lengths uniform on
``l_k - j .. l_k + j`` for each spread ``j`` (``j = 0``: fixed lengths), all other keys
taken from a base stochastic config.  A row reports, averaged over the replications:
evicted requests per batch over the whole run and over the tail (last quarter), the
tail throughput loss against the study's own ``a*`` (random lengths change it), the
fraction of replications that evict nothing in the tail (*settled*), and the tail's
Little's-law reference (:mod:`.reference`): the admitted share of type A, the memory
held over ``B`` and the gap ``throughput / a_ref - 1`` with its 95% band.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from math import gcd
from typing import Callable, Sequence

from ..engine import Engine
from ..errors import parameter_error
from .lengths import jittered
from .reference import memory_reference
from .replicate import run_replications
from .spec import StochasticSpec
from .summary import summarise_study, tail_start

__all__ = ["JitterRow", "run_jitter"]


@dataclass(frozen=True)
class JitterRow:
    """One (pair, spread) of the sweep."""

    l_A: int
    l_B: int
    spread: int
    gcd: int
    equilibrium: float
    evictions_per_batch: float
    tail_evictions_per_batch: float
    throughput_loss: float
    settled_fraction: float
    admitted_share: float = float("nan")
    memory_fraction: float = float("nan")
    reference_gap: float = float("nan")
    reference_band: float = float("nan")
    tail_drift: float = float("nan")

    def as_dict(self) -> dict:
        """JSON-ready row."""
        return asdict(self)


def run_jitter(base: StochasticSpec, pairs: Sequence[tuple[int, int]], spreads: Sequence[int],
               engine: Engine | None = None, progress: Callable[[int], None] | None = None) -> list[JitterRow]:
    """Run every pair at every spread.

    Raises
    ------
    ParameterError
        When ``base`` does not have two types, or a spread is negative or leaves a
        length below 1.
    """
    if base.K != 2:
        raise parameter_error("config", "a two-type config (rates = [a, b])", f"{base.K} types")
    rows = []
    for l_A, l_B in pairs:
        for j in spreads:
            if j < 0 or min(l_A, l_B) - j < 1:
                raise parameter_error("--spreads", f"integers 0 <= j < {min(l_A, l_B)} for tiers ({l_A}, {l_B})", j)
            spec = replace(base, decode=(jittered(l_A, j), jittered(l_B, j)))
            run = run_replications(spec, engine)
            summary = summarise_study(spec, run)
            tail = run.eviction_totals[:, tail_start(spec.steps):]
            ref = memory_reference(spec, run)
            rows.append(JitterRow(l_A, l_B, j, gcd(l_A, l_B), summary.equilibrium, summary.evictions_per_batch,
                                  float(tail.mean()), summary.throughput_loss, summary.settled_fraction,
                                  ref.admitted_share[0], ref.memory_fraction, ref.gap, ref.gap_band, ref.drift))
            if progress is not None:
                progress(1)
    return rows
