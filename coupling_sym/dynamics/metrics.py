"""What a trajectory costs: completions, evictions, waste, throughput and limit cycles.

Convention: ``states[t]`` is the state ``X_t`` of batch ``t = 0 .. T`` (shape
``(T + 1, K, L)``, see :mod:`coupling_sym.state`), exact (``object`` arrays of
Fractions) or ``float64``; every quantity below comes out in the same arithmetic.

* Completions ``D_t = sum_k X_{t-1}[k, l_k - 1]``: the requests that finish on the way
  into batch ``t`` (``D_0 = 0``).
* Advanced state ``Y_t``: ``X_{t-1}`` with every request one stage on, the completed
  ones gone and stage 0 empty; it is a function of ``X_{t-1}`` alone, so the requests
  evicted on the way into batch ``t`` are ``E_t[k, s] = Y_t[k, s + 1] - X_t[k, s + 1]``,
  labelled by their stage ``s`` in batch ``t - 1``.
* Waste of an eviction: a request evicted from stage ``s`` had built a cache of
  ``l0_k + 1 + s`` tokens (its footprint in batch ``t - 1``, read from
  :func:`coupling_sym.state.footprint_matrix`) and ``s + 1`` output tokens, all discarded.
* Cycle: the tail is periodic with least period ``P`` from batch ``t0`` when
  ``X_{t+P} == X_t`` for every ``t >= t0``.  Exact states are compared with ``==``: the
  map is deterministic, so the first state that recurs fixes ``t0`` and ``P``.  Float
  states are compared within ``CYCLE_RTOL * N`` (``N = B / admission_tokens``, the
  largest stage population a batch can hold), and the periodic stretch must cover two
  periods.  The eviction level is the number of empty stages of the cycle state with
  the fewest (stage ``j`` empty when ``sum_k X[k, j]`` is zero, or within the tolerance).
* Throughput: mean completions over the final cycle when the tail is periodic, else over
  the last quarter of the batches (``max(1, T // 4)`` batches); loss ``1 - throughput / a*``.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from ..params import ModelParams
from ..state import footprint_matrix, stage_mask

__all__ = [
    "CYCLE_RTOL",
    "Cycle",
    "cycle_tolerance",
    "Costs",
    "advanced_states",
    "completions",
    "evicted_by_stage",
    "measure_costs",
    "detect_cycle",
    "tail_throughput",
    "flow_throughput",
    "throughput_loss",
    "count_empty_stages",
]

#: Relative tolerance (of ``N = B / admission_tokens``) for float states to count as equal.
CYCLE_RTOL = 1e-9


@dataclass(frozen=True)
class Cycle:
    """A periodic tail: least ``period``, eviction ``level``, first batch ``start_batch``
    of the periodic stretch and the mean completions per batch over the final period.

    Examples
    --------
    >>> Cycle(period=3, level=2, start_batch=1, throughput=Fraction(8, 5)).as_dict()
    {'period': 3, 'level': 2, 'start_batch': 1, 'throughput': 1.6}
    """

    period: int
    level: int
    start_batch: int
    throughput: object

    def as_dict(self) -> dict:
        """JSON-ready dict (throughput as a float)."""
        return {"period": self.period, "level": self.level, "start_batch": self.start_batch,
                "throughput": float(self.throughput)}


@dataclass(frozen=True)
class Costs:
    """Per-batch costs of a trajectory (arrays of length ``T + 1``, row 0 zero) and its tail.

    Attributes
    ----------
    completions : ndarray
        ``D_t``.
    evicted_requests, evicted_tokens, discarded_output : ndarray
        Requests evicted on the way into batch ``t``, the cache tokens they held and the
        output tokens they had produced.
    cycle : Cycle or None
    throughput : number
        Mean completions over the final cycle, else over the last quarter.
    throughput_loss : number
        ``1 - throughput / a*``.

    Examples
    --------
    The worst cycle of one type (``l0 = 2``, ``l1 = 3``, ``B = 24``; ``a* = 24 / (3 + 4 + 5) = 2``):

    >>> from coupling_sym.params import make_params
    >>> params = make_params(2, [3], [1], 24)
    >>> X = np.array([[[8, 0, 0]], [[0, 6, 0]], [[0, 0, Fraction(24, 5)]], [[8, 0, 0]]], dtype=object)
    >>> costs = measure_costs(params, X)
    >>> costs.cycle.period, costs.as_dict()["throughput_loss"]     # 1 - (8/5) / 2
    (3, 0.2)
    """

    completions: np.ndarray
    evicted_requests: np.ndarray
    evicted_tokens: np.ndarray
    discarded_output: np.ndarray
    cycle: Cycle | None
    throughput: object
    throughput_loss: object

    def as_dict(self) -> dict:
        """The tail figures, JSON-ready (floats)."""
        return {"throughput": float(self.throughput), "throughput_loss": float(self.throughput_loss),
                "total_evicted_tokens": float(self.evicted_tokens.sum()),
                "cycle": None if self.cycle is None else self.cycle.as_dict()}


def _zero(states: np.ndarray):
    return Fraction(0) if states.dtype == object else 0.0


def advanced_states(params: ModelParams, states: np.ndarray) -> np.ndarray:
    """``Y_t`` for every batch: ``X_{t-1}`` moved one stage on, completions dropped, stage 0
    empty (row 0 is zero).

    Examples
    --------
    >>> from coupling_sym.params import make_params
    >>> X = np.array([[[3, 2, 1]], [[0, 0, 0]]], dtype=object)
    >>> [str(v) for v in advanced_states(make_params(0, [3], [1], 6), X)[1, 0]]
    ['0', '3', '2']
    """
    zero = _zero(states)
    Y = np.full(states.shape, zero, dtype=states.dtype)
    Y[1:, :, 1:] = states[:-1, :, :-1]
    Y[:, ~stage_mask(params)] = zero
    return Y


def completions(params: ModelParams, states: np.ndarray) -> np.ndarray:
    """``D_t = sum_k X_{t-1}[k, l_k - 1]`` for ``t = 0 .. T`` (``D_0 = 0``).

    Examples
    --------
    >>> from coupling_sym.params import make_params
    >>> X = np.array([[[1, 2, 0], [1, 2, 7]], [[0, 0, 0], [0, 0, 0]]], dtype=object)
    >>> [str(d) for d in completions(make_params(0, [2, 3], [1, 1], 30), X + Fraction(0))]
    ['0', '9']
    """
    last = np.asarray(params.lengths) - 1
    done = np.full(len(states), _zero(states), dtype=states.dtype)
    done[1:] = states[:-1, np.arange(params.K), last].sum(axis=1)
    return done


def evicted_by_stage(params: ModelParams, states: np.ndarray) -> np.ndarray:
    """``E[t, k, s]``: type-``k`` requests at stage ``s`` in batch ``t - 1`` evicted on the
    way into batch ``t``, shape ``(T + 1, K, L - 1)`` (``Y_t - X_t`` on stages ``1 .. L-1``).

    Examples
    --------
    >>> from coupling_sym.params import make_params
    >>> X = np.array([[[3, 2, 1]], [[0, 1, 2]]], dtype=object)
    >>> evicted_by_stage(make_params(0, [3], [1], 6), X)[1].tolist()
    [[2, 0]]
    """
    evicted = (advanced_states(params, states) - states)[:, :, 1:]
    evicted[0] = _zero(states)  # batch 0 is given, not reached by a transition
    return evicted


def count_empty_stages(params: ModelParams, X: np.ndarray, atol=0) -> int:
    """Stages ``j < L`` with ``sum_k X[k, j] <= atol`` (``atol = 0``: exactly empty).

    Examples
    --------
    >>> from coupling_sym.params import make_params
    >>> count_empty_stages(make_params(2, [3], [1], 24), np.array([[0, 6, 0]]))
    2
    """
    return int(sum(1 for j in range(params.L) if abs(X[:, j].sum()) <= atol))


def cycle_tolerance(params: ModelParams, exact: bool = False):
    """The largest stage population that counts as zero when comparing states: ``0`` in
    exact arithmetic, ``CYCLE_RTOL * N`` in floats (``N = B / admission_tokens``).

    Examples
    --------
    >>> from coupling_sym.params import make_params
    >>> cycle_tolerance(make_params(2, [3], [1], 24)), cycle_tolerance(make_params(2, [3], [1], 24), True)
    (8e-09, 0)
    """
    if exact:
        return 0
    return CYCLE_RTOL * float(params.B / params.admission_tokens)


def _tolerance(params: ModelParams, states: np.ndarray):
    return cycle_tolerance(params, states.dtype == object)


def _exact_repeat(states: np.ndarray) -> tuple[int, int] | None:
    seen: dict[tuple, int] = {}
    for t, X in enumerate(states):
        key = tuple(X.ravel().tolist())
        if key in seen:
            return seen[key], t - seen[key]
        seen[key] = t
    return None


def _float_repeat(states: np.ndarray, atol: float, max_period: int) -> tuple[int, int] | None:
    T = len(states) - 1
    last = states[-1]
    for period in range(1, min(max_period, T // 2) + 1):
        if np.abs(states[T - period] - last).max(initial=0.0) > atol:
            continue
        gaps = np.abs(states[period:] - states[:-period]).reshape(T + 1 - period, -1).max(axis=1, initial=0.0)
        outside = np.flatnonzero(gaps > atol)
        start = int(outside[-1]) + 1 if outside.size else 0
        if T - start >= 2 * period:
            return start, period
    return None


def tail_throughput(done: np.ndarray, period: int | None = None):
    """Mean of the last ``period`` completions, or (``None``) of the last quarter.

    ``done`` holds ``D_0 .. D_T``; the last quarter is the last ``max(1, T // 4)``
    batches (none when ``T = 0``: throughput zero).

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> tail_throughput(np.array([F(0), F(1), F(2), F(3), F(5)], dtype=object), 2)
    Fraction(4, 1)
    >>> float(tail_throughput(np.array([0.0, 1.0, 2.0, 3.0, 5.0, 6.0, 7.0, 8.0, 9.0])))
    8.5
    """
    T = len(done) - 1
    count = period if period else max(1, T // 4)
    window = done[max(1, T - count + 1):]
    if not len(window):
        return done[0] * 0
    return window.sum() / len(window)


def flow_throughput(admissions: np.ndarray, evictions: np.ndarray, period: int | None = None,
                    quarter: int | None = None):
    """Throughput from admissions and evictions alone (for runs that keep no states).

    Requests are conserved: ``N_t = N_{t-1} - D_t - E_t + A_t`` for the population ``N``,
    completions ``D``, evictions ``E`` and admissions ``A``.  Over a whole period of a
    periodic tail ``N`` comes back, so the mean of ``A_t - E_t`` over the last ``period``
    batches *is* the mean completions there.  Without a period the last quarter is used;
    the mean of ``A - E`` then differs from the mean completions by the population change
    over the quarter divided by its length (at most ``B / c_0`` over ``max(1, T // 4)``).
    ``quarter`` overrides the number of final batches averaged without a period (for
    arrays that hold only the last batches of a longer run).

    Examples
    --------
    >>> a = np.array([3.0, 0.0, 2.0, 0.0, 2.0]); e = np.array([0.0, 1.0, 0.0, 1.0, 0.0])
    >>> float(flow_throughput(a, e, 2))
    0.5
    """
    flow = np.asarray(admissions) - np.asarray(evictions)
    if quarter is not None and not period:
        window = flow[len(flow) - quarter:]
        return window.sum() / len(window)
    return tail_throughput(flow, period)


def throughput_loss(params: ModelParams, throughput):
    """``1 - throughput / a*`` (exact for an exact throughput).

    Examples
    --------
    >>> from coupling_sym.params import make_params
    >>> throughput_loss(make_params(3, (2, 3), (1, 1), 60), Fraction(4))
    Fraction(1, 5)
    """
    a_star = params.equilibrium_admission
    if isinstance(throughput, Fraction):
        return 1 - throughput / a_star
    return 1.0 - float(throughput) / float(a_star)


def detect_cycle(params: ModelParams, states: np.ndarray, max_period: int | None = None) -> Cycle | None:
    """The periodic tail of a recorded trajectory, or ``None`` (see the module docstring).

    Parameters
    ----------
    params : ModelParams
    states : ndarray, shape (T + 1, K, L)
        Exact states are compared with ``==``; float states within ``CYCLE_RTOL * N``.
    max_period : int, optional
        Longest period looked for in float states (default ``T // 2``).

    Examples
    --------
    >>> from coupling_sym.params import make_params
    >>> params = make_params(2, [3], [1], 24)
    >>> worst = [[[8, 0, 0]], [[0, 6, 0]], [[0, 0, Fraction(24, 5)]]]
    >>> X = np.array([[[2, 2, 2]]] + worst * 3, dtype=object)
    >>> detect_cycle(params, X)
    Cycle(period=3, level=2, start_batch=1, throughput=Fraction(8, 5))
    """
    T = len(states) - 1
    atol = _tolerance(params, states)
    if states.dtype == object:
        found = _exact_repeat(states)
    else:
        found = _float_repeat(states, atol, T // 2 if max_period is None else max_period)
    if found is None:
        return None
    start, period = found
    final = states[T - period:]  # the final period: the most settled one in floats
    done = completions(params, final)[1:].sum() / period
    level = min(count_empty_stages(params, X, atol) for X in final[1:])
    return Cycle(period, level, start, done if states.dtype == object else float(done))


def measure_costs(params: ModelParams, states: np.ndarray, max_period: int | None = None) -> Costs:
    """Per-batch completions and waste of the recorded ``states``, the cycle and throughput.

    Examples
    --------
    >>> from coupling_sym.params import make_params
    >>> params = make_params(2, [3], [1], 24)
    >>> X = np.array([[[8, 0, 0]], [[0, 6, 0]], [[0, 0, Fraction(24, 5)]], [[8, 0, 0]]], dtype=object)
    >>> costs = measure_costs(params, X)
    >>> [str(e) for e in costs.evicted_requests], [str(e) for e in costs.evicted_tokens]
    (['0', '2', '6/5', '0'], ['0', '6', '24/5', '0'])
    >>> costs.throughput, costs.throughput_loss
    (Fraction(8, 5), Fraction(1, 5))
    """
    weights = footprint_matrix(params, states.dtype == object)[:, :-1]
    outputs = np.arange(1, params.L, dtype=object if states.dtype == object else float)
    evicted = evicted_by_stage(params, states)
    done = completions(params, states)
    cycle = detect_cycle(params, states, max_period)
    throughput = cycle.throughput if cycle is not None else tail_throughput(done)
    return Costs(done, evicted.sum(axis=(1, 2)), (evicted * weights).sum(axis=(1, 2)),
                 (evicted * outputs).sum(axis=(1, 2)), cycle, throughput, throughput_loss(params, throughput))
