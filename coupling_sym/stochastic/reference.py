"""The throughput a settled request-level run must have: Little's law for memory.

Convention (batches ``t = 0 .. steps``, the tail of :func:`.summary.tail_start`): a type-``k``
request of decode length ``l`` holds ``l0_k + 1 + i`` tokens at stage ``i = 0 .. l - 1``,
so over its life it holds the *footprint-time*
``F_k = E[sum_{i < l_k} (l0_k + 1 + i)] = sum_j (l0_k + 1 + j) P(l_k > j)`` token-batches
(exact, from the length distribution).  Summed over the tail, the tokens held
``sum_t Z_t`` are the footprint-times of the requests served there, up to the requests
cut by the two ends of the window.  So when nothing is evicted (every admitted request
completes) and the population does not drift, the tail throughput is

    ``a_ref = Zbar / sum_k phat_k F_k``,

with ``Zbar`` the mean tokens held in the tail and ``phat`` the admitted mix of the tail
(each type's share of the admissions).  This is the fluid equilibrium
``a* = B / sum_j c_j`` of :class:`.spec.StochasticSpec` (``c_j`` built from
``P(l_k > j)``) with two corrections that whole requests bring:

* memory held ``Zbar`` instead of ``B``: a batch admits ``floor(R / (l0 + 1))`` whole
  requests and leaves the rest of the room unused;
* the admitted mix ``phat`` instead of ``p``: the leftover requests of a split go to the
  largest fractional parts, *ties to the lower type index*, so with ``p = (1/2, 1/2)``
  every odd admission gives type A one more request.  When A is the shorter type the
  admitted requests are shorter on average, and the same memory completes more of them.

``a*`` depends on the whole length distribution, not only on its mean (``F_k`` grows
with the variance: ``E[l (l - 1)] / 2`` enters), so spreading the lengths lowers ``a*``;
the excess of a settled run over ``a*`` comes from the mix, and reversing the type order
reverses its sign.  The per-replication gap ``throughput / a_ref - 1`` is reported with
its 95% band over the replications (``1.96 sd / sqrt(R)``): the window's end effects and
the random lengths are what remains, and the band measures them.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from fractions import Fraction

import numpy as np

from .simulate import StochasticRun
from .spec import StochasticSpec
from .summary import tail_start

__all__ = ["MemoryReference", "footprint_times", "memory_reference"]


@dataclass(frozen=True)
class MemoryReference:
    """Little's-law reference of a study's tail (means over the replications).

    Attributes
    ----------
    equilibrium : float
        ``a*`` of the length distribution (the spec's).
    throughput : float
        Mean tail completions per batch.
    memory_fraction : float
        ``Zbar / B``.
    admitted_share : tuple of float
        ``phat_k``.
    reference : float
        Mean over replications of ``Zbar / sum_k phat_k F_k``.
    gap, gap_band : float
        Mean of ``throughput / reference - 1`` per replication and its 95% half-width.
    drift : float
        Mean change of the population in service over the tail, per batch (a run still
        converging has ``throughput != admissions``).
    """

    equilibrium: float
    throughput: float
    memory_fraction: float
    admitted_share: tuple[float, ...]
    reference: float
    gap: float
    gap_band: float
    drift: float

    def as_dict(self) -> dict:
        """JSON-ready dict."""
        out = asdict(self)
        out["admitted_share"] = list(self.admitted_share)
        return out


def footprint_times(spec: StochasticSpec) -> tuple[Fraction, ...]:
    """``F_k = sum_j (l0_k + 1 + j) P(l_k > j)`` per type (exact).

    Examples
    --------
    Lengths uniform on 3..5 with ``l0 = 32``: ``E[33 l + l (l - 1) / 2] = 33 * 4 + (6 + 12 + 20) / 6``.

    >>> from coupling_sym.stochastic import build_spec
    >>> [str(f) for f in footprint_times(build_spec("jitter"))]
    ['415/3', '877/3']
    """
    out = []
    for l0, dist in zip(spec.l0, spec.decode):
        out.append(sum(((l0 + 1 + j) * sum(dist.pmf[j:], Fraction(0)) for j in range(dist.max_length)),
                       Fraction(0)))
    return tuple(out)


def memory_reference(spec: StochasticSpec, run: StochasticRun) -> MemoryReference:
    """The reference throughput ``a_ref`` of ``run``'s tail and the gap to it (module notes).

    Examples
    --------
    The plan's setting (``l0 = 3``, lengths 2 and 3, ``F = (9, 15)``, ``B = 60``) with whole
    requests settles into admissions ``(3, 3), (2, 1), (3, 3)`` per period of 3 batches
    holding ``60, 57, 60`` tokens: the tie rule gives A 8 of every 15 requests, and
    ``59 / (8/15 * 9 + 7/15 * 15) = 5`` is the throughput, 15 completions per 3 batches:

    >>> from coupling_sym.stochastic import build_spec, simulate
    >>> spec = build_spec("default", ["replications=2", "steps=49"])   # tail: 4 periods
    >>> ref = memory_reference(spec, simulate(spec))
    >>> ref.memory_fraction * 60, ref.admitted_share[0] * 15, ref.reference, ref.throughput
    (59.0, 8.0, 5.0, 5.0)
    """
    start = tail_start(spec.steps)
    F = np.array([float(f) for f in footprint_times(spec)])
    admitted = run.admissions[:, start:].sum(axis=1).astype(float)          # (R, K)
    share = admitted / admitted.sum(axis=1, keepdims=True)
    held = run.tokens[:, start:].mean(axis=1)
    reference = held / (share @ F)
    throughput = run.completions[:, start:].sum(axis=2).mean(axis=1)
    gap = throughput / reference - 1
    R = run.replications
    band = 1.96 * gap.std(ddof=1) / np.sqrt(R) if R > 1 else 0.0
    population = run.in_service.sum(axis=2)
    drift = (population[:, -1] - population[:, start - 1]) / (spec.steps + 1 - start)
    total = admitted.sum(axis=0)
    return MemoryReference(float(spec.equilibrium_admission), float(throughput.mean()), float(held.mean() / spec.B),
                           tuple(float(x) for x in total / total.sum()), float(reference.mean()), float(gap.mean()),
                           float(band), float(drift.mean()))
