"""Batches into seconds, and queues into waiting times (Little's law).

Conventions: batches are ``t = 0 .. T``; batch ``t`` holds ``Z_t`` tokens and lasts
``tau(Z_t) = b0 + b1 Z_t`` seconds (:class:`~coupling_sym.dynamics.strategies.IterationTime`).
Every quantity comes out in the arithmetic of ``Z`` (Fractions stay exact).

* Elapsed time ``time_s[t] = sum_{s <= t} tau(Z_s)``: the end of batch ``t``.
* The *tail* ``W``: the final cycle when the states are periodic (as the throughput of
  :mod:`.metrics`), else the last quarter (``max(1, T // 4)`` batches).  Open systems
  always use the last quarter (as :mod:`coupling_sym.remedies.scans`): the queues are not
  part of the state, so a periodic state does not make them periodic.
* Throughput per second: ``sum_W D_t / sum_W tau_t`` (completions per second of the window).
* Queues (open systems): ``Q_k`` after the admission into batch ``t`` waits through
  batch ``t``, so the waiting done in the window is ``sum_W Q_t`` batches or
  ``sum_W Q_t tau_t`` seconds.  Little's law divides by the arrivals of the window,
  ``|W| sum_k lambda_k`` at the arrival rate: waiting ``mean_W Q / lambda`` in batches
  (as :mod:`coupling_sym.remedies.scans`) and ``sum_W Q_t tau_t / (|W| lambda)`` seconds.
* Latency in service (Little's law on the batch itself): requests in the batch over the
  throughput, ``sum_W N_t / sum_W D_t`` batches and ``sum_W N_t tau_t / sum_W D_t`` seconds.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["ServingTimes", "batch_seconds", "elapsed_seconds", "tail_window", "serving_times"]


@dataclass(frozen=True)
class ServingTimes:
    """Little's-law figures of a run's tail (``None`` where they do not apply).

    Attributes
    ----------
    mean_queue : number or None
        Mean total queue over the tail (open systems).
    waiting : number or None
        Little's-law waiting time in batches (open systems).
    latency : number
        Little's-law time in service, in batches.
    throughput_per_s, waiting_s, latency_s : number or None
        The same in seconds (with an iteration time).
    """

    mean_queue: object = None
    waiting: object = None
    latency: object = None
    throughput_per_s: object = None
    waiting_s: object = None
    latency_s: object = None

    def as_dict(self) -> dict:
        """JSON-ready floats (``None`` kept)."""
        return {name: None if value is None else float(value) for name, value in self.__dict__.items()}


def batch_seconds(tau, tokens: np.ndarray) -> np.ndarray:
    """``tau(Z_t)`` for every batch.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> from coupling_sym.dynamics.strategies import IterationTime
    >>> [str(s) for s in batch_seconds(IterationTime(F(1, 50), F(1, 1000)), np.array([F(0), F(10)], dtype=object))]
    ['1/50', '3/100']
    """
    if tokens.dtype != object:
        return float(tau.b0) + float(tau.b1) * tokens
    return np.array([tau.seconds(z) for z in tokens], dtype=object)


def elapsed_seconds(tau, tokens: np.ndarray) -> np.ndarray:
    """``time_s[t]``: seconds from the start of batch 0 to the end of batch ``t``.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> from coupling_sym.dynamics.strategies import IterationTime
    >>> Z = np.array([F(60), F(60), F(30)], dtype=object)
    >>> [str(s) for s in elapsed_seconds(IterationTime(F(1, 10), F(1, 100)), Z)]   # 7/10 each, then 2/5
    ['7/10', '7/5', '9/5']
    """
    return np.cumsum(batch_seconds(tau, tokens))


def tail_window(steps: int, period: int | None = None) -> slice:
    """Batches of the tail: the last ``period`` batches, else the last quarter.

    Examples
    --------
    >>> tail_window(100), tail_window(100, 3)
    (slice(76, 101, None), slice(98, 101, None))
    """
    count = period if period else max(1, steps // 4)
    return slice(max(1, steps - count + 1), steps + 1)


def serving_times(completions: np.ndarray, in_service: np.ndarray, tokens: np.ndarray, period: int | None = None,
                  queues: np.ndarray | None = None, rate=None, tau=None) -> ServingTimes:
    """Little's-law figures over the tail (module notes).

    Parameters
    ----------
    completions, in_service, tokens : ndarray, shape (T + 1,)
        ``D_t``, requests in batch ``t`` and ``Z_t``.
    period : int, optional
        Period of a periodic tail (its final cycle is the window).
    queues : ndarray, shape (T + 1,), optional
        Total queue after each admission (open systems).
    rate : number, optional
        Total arrival rate per batch (with ``queues``).
    tau : IterationTime, optional

    Examples
    --------
    Five requests served per batch, one batch each, ``Z = 10``, a queue growing by 2 per
    batch (arrivals 7); the tail of batches ``0 .. 4`` is batch 4, whose queue 8 gives
    Little's law ``8 / 7`` batches, and ``tau(10) = 1/50`` s makes it ``8 / 350`` s:

    >>> from fractions import Fraction as F
    >>> from coupling_sym.dynamics.strategies import IterationTime
    >>> col = lambda *v: np.array([F(x) for x in v], dtype=object)
    >>> t = serving_times(col(0, 5, 5, 5, 5), col(5, 5, 5, 5, 5), col(10, 10, 10, 10, 10),
    ...                   queues=col(0, 2, 4, 6, 8), rate=F(7), tau=IterationTime(F(1, 100), F(1, 1000)))
    >>> t.waiting, t.waiting_s, t.throughput_per_s, t.latency, t.latency_s
    (Fraction(8, 7), Fraction(4, 175), Fraction(250, 1), Fraction(1, 1), Fraction(1, 50))
    """
    T = len(completions) - 1
    W = tail_window(T, period)
    done = completions[W].sum()
    count = len(completions[W])
    mean_queue = waiting = waiting_s = throughput_s = latency_s = None
    latency = in_service[W].sum() / done if done else None
    if queues is not None and rate:
        mean_queue = queues[W].sum() / count
        waiting = mean_queue / rate
    if tau is not None:
        seconds = batch_seconds(tau, tokens)[W]
        # b0 = 0 and an empty memory through the whole tail: no time passes, no rate to give
        throughput_s = done / seconds.sum() if seconds.sum() else None
        latency_s = (in_service[W] * seconds).sum() / done if done else None
        if waiting is not None:
            waiting_s = (queues[W] * seconds).sum() / (count * rate)
    return ServingTimes(mean_queue, waiting, latency, throughput_s, waiting_s, latency_s)
