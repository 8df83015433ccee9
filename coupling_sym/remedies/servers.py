"""Request mixing across servers: segregated versus mixed routing of one type mix.

Convention: ``n`` servers, each with its own memory ``B`` (the config's), serve the
config's types and rates.  *Segregated*: the types are split into ``n`` groups
(``groups[j]`` lists the type indices of server ``j``), and server ``j`` receives the
whole stream of its types.  *Mixed*: every server receives ``1/n`` of every type's
stream, so each sees the whole mix.  Each server is an independent served system
(:mod:`coupling_sym.dynamics.served`) run for ``steps`` batches from an empty memory
(open arrivals) or from its ``stage0`` state (saturated); the totals add the servers'
throughputs, evictions per batch and queues (over the last quarter, as
:mod:`.scans`), and the waiting time is the total mean queue over the total rate.

With an iteration time ``tau(Z)`` every server keeps its own clock (the servers run side
by side): the throughput per second adds the servers' completions per second, and the
waiting time in seconds is the servers' queue integrals ``sum_W Q_t tau_t`` over the
tail's arrivals ``|W| lambda`` (Little's law for the whole system,
:mod:`coupling_sym.dynamics.timing`).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Sequence

import numpy as np

from ..dynamics.admission import make_admission
from ..dynamics.arrivals import make_arrivals
from ..dynamics.metrics import measure_costs, tail_throughput
from ..dynamics.served import run_served
from ..dynamics.timing import batch_seconds, serving_times
from ..errors import parameter_error
from ..params import make_params
from ..state import initial_state

__all__ = ["RoutingResult", "run_routing", "default_groups"]


@dataclass(frozen=True)
class RoutingResult:
    """Totals of one routing over all servers."""

    routing: str
    servers: tuple[tuple[int, ...], ...]
    throughput: float
    evicted_per_batch: float
    mean_queue: float
    waiting: float
    throughput_per_s: float | None = None
    waiting_s: float | None = None

    def as_dict(self) -> dict:
        """JSON-ready form."""
        return {**self.__dict__, "servers": [list(s) for s in self.servers]}


def default_groups(K: int) -> list[list[int]]:
    """One server per type.

    Examples
    --------
    >>> default_groups(3)
    [[0], [1], [2]]
    """
    return [[k] for k in range(K)]


def _validate(params, groups):
    flat = sorted(k for group in groups for k in group)
    if not groups or any(not group for group in groups) or flat != list(range(params.K)):
        raise parameter_error("groups", f"a partition of the types 0..{params.K - 1} into non-empty groups",
                              [list(g) for g in groups])


def run_routing(params, steps: int, routing: str, groups: Sequence[Sequence[int]] | None = None,
                arrivals: str = "deterministic", seed: int = 0, admission: str = "greedy",
                policy: str = "least-progress", tau=None) -> RoutingResult:
    """Run ``len(groups)`` servers under ``routing`` (``segregated`` or ``mixed``).

    ``tau`` (an :class:`~coupling_sym.dynamics.strategies.IterationTime`) adds the
    throughput per second and the waiting time in seconds (module notes).

    Examples
    --------
    >>> params = make_params(0, (2, 2), (1, 1), 4)       # the same length: both routings agree
    >>> seg = run_routing(params, 40, "segregated")
    >>> mix = run_routing(params, 40, "mixed")
    >>> seg.throughput == mix.throughput == 2.0
    True

    Each server holds 2 requests of footprints 1 and 2 (``Z = 3``) per batch, so with
    ``tau = 1/10 + Z/100 = 13/100`` s both routings complete ``2 / (13/100)`` per second:

    >>> from fractions import Fraction as F
    >>> from coupling_sym.dynamics.strategies import IterationTime
    >>> round(run_routing(params, 40, "mixed", tau=IterationTime(F(1, 10), F(1, 100))).throughput_per_s, 12)
    15.384615384615
    """
    if routing not in ("segregated", "mixed"):
        raise parameter_error("routing", "one of segregated, mixed", routing)
    groups = default_groups(params.K) if groups is None else [list(g) for g in groups]
    _validate(params, groups)
    n = len(groups)
    if routing == "segregated":
        servers = [(tuple(g), [params.lengths[k] for k in g], [params.rates[k] for k in g],
                    [params.prompts[k] for k in g]) for g in groups]
    else:
        every = tuple(range(params.K))
        servers = [(every, list(params.lengths), [r / n for r in params.rates], list(params.prompts))] * n
    total = {"throughput": 0.0, "evicted": 0.0, "queue": 0.0, "per_s": 0.0, "queue_s": 0.0}
    for j, (types, lengths, rates, prompts) in enumerate(servers):
        l0 = prompts[0] if len(set(prompts)) == 1 else prompts
        server = make_params(l0, lengths, rates, params.B)
        if arrivals == "saturated":
            X0 = initial_state(server)
        else:
            X0 = np.full((server.K, server.L), Fraction(0), dtype=object)
        run = run_served(server, X0, steps, make_admission(server, admission),
                         make_arrivals(server, arrivals, seed + j), policy)
        T = run.steps
        tail = slice(max(1, T - max(1, T // 4) + 1), T + 1)
        # open: mean completions over the last quarter (random arrivals make no exact cycle)
        done = tail_throughput(run.completions) if run.is_open else measure_costs(server, run.trajectory.states).throughput
        total["throughput"] += float(done)
        total["evicted"] += float(run.evicted[tail].sum(axis=1).mean())
        total["queue"] += float(run.queues[tail].sum(axis=1).mean())
        if tau is not None:
            traj, costs = run.trajectory, measure_costs(server, run.trajectory.states)
            period = None if run.is_open or costs.cycle is None else costs.cycle.period
            times = serving_times(run.completions, traj.states.sum(axis=(1, 2)), traj.tokens, period, tau=tau)
            # a tail that lasts no time (b0 = 0, nothing held) has no rate: none for the whole set
            total["per_s"] = None if times.throughput_per_s is None or total["per_s"] is None \
                else total["per_s"] + float(times.throughput_per_s)
            total["queue_s"] += float((run.queues[tail].sum(axis=1) * batch_seconds(tau, traj.tokens)[tail]).sum())
    rate = float(sum(params.rates))
    waiting = total["queue"] / rate if arrivals != "saturated" else 0.0
    seconds = {}
    if tau is not None:
        count = len(run.queues[tail])
        seconds = {"throughput_per_s": total["per_s"],
                   "waiting_s": total["queue_s"] / (count * rate) if arrivals != "saturated" else 0.0}
    return RoutingResult(routing, tuple(types for types, *_ in servers), total["throughput"], total["evicted"],
                         total["queue"], waiting, **seconds)
