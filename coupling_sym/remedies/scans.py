"""Cap scan and load scan of the served system (:mod:`coupling_sym.dynamics.served`).

Convention: every point is one float64 run of ``steps`` batches; its figures come from
:func:`coupling_sym.dynamics.metrics.measure_costs` (throughput: mean completions over
the final cycle, else the last quarter) and, over the last quarter of the batches
(``max(1, steps // 4)``), the mean evicted requests per batch, the mean total queue and
the Little's-law waiting time ``mean queue / arrival rate`` (in batches).

* Cap scan: saturated queues, rate-limited admission with ``cap = f a*`` for factors
  ``f`` (default 0.5 .. 2.5), from the config's initial state.
* Load scan: an open system started empty, greedy admission (or the config's), total
  arrival rate ``lambda = f a*`` split by the config's ``p_k``.  For one type the
  worst-cycle throughput ``B / (l1 (l0 + l1))`` (MODEL.md) is reported beside ``a*``:
  above it the worst cycle cannot keep up.

With an iteration time ``tau(Z) = b0 + b1 Z`` (config keys ``b0``, ``b1``) a load-scan
point also has its throughput per second and its Little's-law waiting time in seconds
over the same last quarter (:mod:`coupling_sym.dynamics.timing`); without one they are
``None``.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Callable, Sequence

import numpy as np

from ..dynamics.admission import RateLimited, make_admission
from ..dynamics.arrivals import make_arrivals
from ..dynamics.metrics import measure_costs, tail_throughput
from ..dynamics.served import run_served
from ..dynamics.timing import serving_times, tail_window
from ..errors import parameter_error
from ..params import make_params, parse_rational
from ..state import footprint_matrix

__all__ = ["ScanPoint", "factors", "scan_caps", "scan_loads", "worst_cycle_throughput"]


@dataclass(frozen=True)
class ScanPoint:
    """One run of a scan; ``factor`` is ``cap / a*`` or ``lambda / a*``."""

    factor: float
    value: float
    throughput: float
    evicted_per_batch: float
    final_queue: float
    waiting: float
    period: int | None
    throughput_per_s: float | None = None
    waiting_s: float | None = None

    def as_dict(self) -> dict:
        """JSON-ready form."""
        return dict(self.__dict__)


#: Most points a cap or load scan may have: each point is a whole simulation.
MAX_POINTS = 10_000


def factors(low: object = "0.5", high: object = "2.5", count: int = 21) -> list[Fraction]:
    """``count`` evenly spaced exact factors from ``low`` to ``high``.

    Raises
    ------
    ParameterError
        For a range that is not ``0 < low <= high`` or a count outside ``1 .. MAX_POINTS``.

    Examples
    --------
    >>> [str(f) for f in factors("0.5", "1.5", 3)]
    ['1/2', '1', '3/2']
    >>> factors("0.5", "1.5", 10**8)
    Traceback (most recent call last):
    ...
    coupling_sym.errors.ParameterError: points must be at most 10000 (each point is one simulation); got 100000000
    """
    lo, hi = parse_rational(low, "low"), parse_rational(high, "high")
    if not 0 < lo <= hi:
        raise parameter_error("factors", "a range 0 < low <= high", f"{lo}..{hi}")
    if isinstance(count, bool) or not isinstance(count, int) or count < 1 or (count == 1 and lo != hi):
        raise parameter_error("points", "a positive integer (2 or more for a range)", count)
    if count > MAX_POINTS:
        raise parameter_error("points", f"at most {MAX_POINTS} (each point is one simulation)", count)
    return [lo] if count == 1 else [lo + (hi - lo) * i / (count - 1) for i in range(count)]


def worst_cycle_throughput(params) -> Fraction | None:
    """``B / (l1 w_{l1 - 1})`` for one type (``w`` its footprints), else None.

    Examples
    --------
    >>> worst_cycle_throughput(make_params(10, (40,), (1,), 2000))   # B / (l1 (l0 + l1))
    Fraction(1, 1)
    """
    if params.K != 1:
        return None
    w = footprint_matrix(params, exact=True)[0]
    return params.B / (params.lengths[0] * w[params.lengths[0] - 1])


def _point(params, run, factor, value, rate, tau=None) -> ScanPoint:
    costs = measure_costs(params, run.trajectory.states)
    T = run.steps
    tail = tail_window(T)
    queue = run.queues[tail].sum(axis=1).mean()
    done = tail_throughput(run.completions) if run.is_open else costs.throughput  # no exact cycle when open
    seconds = {}
    if tau is not None:
        traj = run.trajectory
        times = serving_times(run.completions, traj.states.sum(axis=(1, 2)), traj.tokens,
                              queues=run.queues.sum(axis=1) if rate else None, rate=rate or None,
                              tau=tau).as_dict()
        seconds = {"throughput_per_s": times["throughput_per_s"], "waiting_s": times["waiting_s"]}
    return ScanPoint(float(factor), float(value), float(done), float(run.evicted[tail].sum(axis=1).mean()),
                     float(run.queues[-1].sum()), float(queue / rate) if rate else 0.0,
                     None if costs.cycle is None else costs.cycle.period, **seconds)


def scan_caps(params, X0, steps: int, caps: Sequence[Fraction], policy: str = "least-progress",
              progress: Callable[[int], None] | None = None, tau=None) -> list[ScanPoint]:
    """Rate-limited runs with ``cap = f a*`` for each factor ``f`` in ``caps``.

    ``tau`` (an :class:`~coupling_sym.dynamics.strategies.IterationTime`) adds the
    throughput per second (a saturated queue: no waiting time).

    Examples
    --------
    >>> from coupling_sym.state import initial_state
    >>> params = make_params(2, (3,), (1,), 24)          # a* = x* = 2
    >>> [round(p.throughput, 6) for p in scan_caps(params, initial_state(params), 60, [1, 3])]
    [2.0, 1.6]
    """
    out = []
    a_star = params.equilibrium_admission
    for f in caps:
        run = run_served(params, X0, steps, admission=RateLimited(Fraction(f) * a_star), policy=policy)
        out.append(_point(params, run, f, Fraction(f) * a_star, 0, tau))
        if progress is not None:
            progress(1)
    return out


def scan_loads(params, steps: int, loads: Sequence[Fraction], arrivals: str = "deterministic", seed: int = 0,
               admission: str = "greedy", policy: str = "least-progress",
               progress: Callable[[int], None] | None = None, tau=None) -> list[ScanPoint]:
    """Open-system runs from an empty server at total arrival rate ``f a*`` per factor ``f``.

    ``tau`` (an :class:`~coupling_sym.dynamics.strategies.IterationTime`) adds the
    throughput per second and the waiting time in seconds to every point.

    Examples
    --------
    One type, ``l0 = 1``, ``l1 = 1`` (a request stays one batch, footprint 2), ``B = 10``:
    ``a* = 5``; at rate ``5/2`` no queue forms, every batch holds 5 tokens and lasts
    ``1/100 + 5/1000 = 3/200`` s, so ``5/2`` completions per batch are ``500/3`` per second.

    >>> from fractions import Fraction as F
    >>> from coupling_sym.dynamics.strategies import IterationTime
    >>> (point,) = scan_loads(make_params(1, (1,), (1,), 10), 40, [F(1, 2)], tau=IterationTime(F(1, 100), F(1, 1000)))
    >>> point.throughput, round(point.throughput_per_s, 9), point.waiting_s
    (2.5, 166.666666667, 0.0)
    """
    if arrivals not in ("deterministic", "poisson"):
        raise parameter_error("arrivals", "deterministic or poisson in a load scan", arrivals)
    a_star = params.equilibrium_admission
    X0 = np.full((params.K, params.L), Fraction(0), dtype=object)
    out = []
    for f in loads:
        rate = Fraction(f) * a_star
        scaled = make_params(params.l0 if params.common_prompt else list(params.prompts), params.lengths,
                             [rate * pk for pk in params.p], params.B)
        run = run_served(scaled, X0, steps, admission=make_admission(scaled, admission),
                         arrivals=make_arrivals(scaled, arrivals, seed), policy=policy)
        out.append(_point(scaled, run, f, rate, float(rate), tau))
        if progress is not None:
            progress(1)
    return out
