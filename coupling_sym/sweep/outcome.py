"""What a simulated run did: converged, or kept moving (with its period when periodic).

Conventions: a run covers batches ``t = 0 .. T`` (``T = steps``); ``a_t`` is the admission
of batch ``t``, ``e_t`` the requests evicted on the way into it, ``a*`` the fluid
equilibrium admission.  The *last quarter* is the last ``Q = max(1, T // 4)`` batches,
``T - Q + 1 .. T`` (no batch when ``T = 0``).

* ``final_gap = |a_T - a*| / a*``.
* ``converged`` when ``final_gap < 1e-6`` (:data:`CONVERGENCE_RTOL`) and no batch of
  the last quarter was reached by evicting; ``not-converged`` otherwise.
* period (``not-converged`` runs only): the least ``P`` with ``1 <= P <= Q // 2`` such
  that ``|a_t - a_{t-P}| <= 1e-9 a*`` and ``|e_t - e_{t-P}| <= 1e-9 a*``
  (:data:`PERIOD_RTOL`) for every batch ``t`` of the last quarter, so the quarter shows
  at least two full periods; ``None`` when there is none (irregular motion, or a slow
  approach).  The period tolerance sits far below the convergence one: a run still
  converging through a mode ``rho e^(i theta)`` changes by about
  ``|1 - rho^P e^(i P theta)| * gap`` over ``P`` batches, which stays above ``1e-9 a*``
  unless ``rho^P`` is within about ``1e-3`` of 1 (such settings are ``slow`` in the
  agreement summary anyway); an exact cycle repeats to within rounding (``~1e-15 a*``).

A run simulated by the batched kernel may also carry the kernel's own cycle
(:class:`~coupling_sym.dynamics.metrics.Cycle`: its state repeated exactly, bit for bit,
``P <= 64`` batches later); a ``not-converged`` run then takes that period, and the
tolerance check above is the fallback for longer or inexact cycles.

Streamed runs keep only their last :func:`tail_length` batches: enough for the period
check (the last quarter and half a quarter before it) and the throughput; the last
evicting batch is tracked by the kernel over the whole run.

These are float decisions about float simulations; the certified verdict of ``P_l0``
is decided elsewhere, exactly.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..records import Record
from ..errors import parameter_error

__all__ = ["CONVERGENCE_RTOL", "PERIOD_RTOL", "OUTCOMES", "Outcome", "classify_outcome", "classify_tail",
           "detect_period", "last_quarter", "tail_length"]

CONVERGENCE_RTOL = 1e-6
PERIOD_RTOL = 1e-9
OUTCOMES = ("converged", "not-converged")


@dataclass(frozen=True)
class Outcome(Record):
    """Classification of one simulated run.

    Attributes
    ----------
    outcome : {"converged", "not-converged"}
    period : int or None
        Period of the tail of a ``not-converged`` run, when periodic.
    last_eviction : int or None
        Last batch reached by evicting (``None`` if the run never evicts).
    final_gap : float
        ``|a_T - a*| / a*``.
    """

    outcome: str
    period: int | None
    last_eviction: int | None
    final_gap: float


def last_quarter(steps: int) -> int:
    """Number of batches in the last quarter of a run of ``steps`` transitions.

    Examples
    --------
    >>> last_quarter(5000), last_quarter(3), last_quarter(0)
    (1250, 1, 0)
    """
    return max(1, steps // 4) if steps > 0 else 0


def tail_length(steps: int) -> int:
    """Transitions a streamed run keeps for :func:`classify_tail`: the last quarter ``Q`` and
    the ``Q // 2`` batches before it that the longest period looked for reaches back to.

    Examples
    --------
    >>> tail_length(2000), tail_length(3)
    (751, 2)
    """
    quarter = last_quarter(steps)
    return min(steps, quarter + quarter // 2 + 1)


def detect_period(admissions: np.ndarray, evicted: np.ndarray, window: int, scale: float,
                  rtol: float = PERIOD_RTOL) -> int | None:
    """Least period ``P <= window // 2`` of the last ``window`` batches, or ``None``.

    Both sequences must repeat: ``|x_t - x_{t-P}| <= rtol * scale`` for each of the last
    ``window`` batches ``t``.

    Examples
    --------
    >>> a = np.array([1.0, 0.0, 2.0, 5.0, 2.0, 5.0, 2.0, 5.0, 2.0])
    >>> detect_period(a, np.zeros_like(a), 4, 1.0)
    2
    >>> detect_period(a, np.zeros_like(a), 3, 1.0) is None  # two periods do not fit in 3 batches
    True
    """
    T = len(admissions) - 1
    bound = rtol * scale
    lo = T - window + 1
    longest = min(window // 2, lo)
    if longest < 1:
        return None
    # candidates first: the last batch must already repeat (one vector operation for every P)
    back = slice(T - 1, T - longest - 1 if T - longest - 1 >= 0 else None, -1)
    fits = (np.abs(admissions[T] - admissions[back]) <= bound) & (np.abs(evicted[T] - evicted[back]) <= bound)
    for period in np.flatnonzero(fits) + 1:
        period = int(period)
        if (np.abs(admissions[lo:] - admissions[lo - period:T + 1 - period]).max() <= bound
                and np.abs(evicted[lo:] - evicted[lo - period:T + 1 - period]).max() <= bound):
            return period
    return None


def classify_outcome(admissions: np.ndarray, eviction_totals: np.ndarray, a_star: float) -> Outcome:
    """Classify a run from its admissions and evictions per batch (rules in the module docstring).

    Parameters
    ----------
    admissions, eviction_totals : ndarray, shape (T + 1,)
        ``a_t`` and ``e_t`` (``e_t > 0`` exactly when batch ``t`` was reached by evicting).
    a_star : float
        Equilibrium admission, ``> 0``.

    Raises
    ------
    ParameterError
        If the sequences differ in length or are empty, or ``a_star <= 0``.

    Examples
    --------
    A 2-cycle (one type, ``l = 2``, ``l0 = 0``, ``B = 1``: admit 1, evict, admit 1, ...):

    >>> a = np.array([1.0, 0.0] * 10 + [1.0]); e = np.array([0.0, 0.5] * 10 + [0.0])
    >>> result = classify_outcome(a, e, 1 / 3)
    >>> result.outcome, result.period, result.last_eviction, round(result.final_gap, 12)
    ('not-converged', 2, 19, 2.0)
    """
    admissions = np.asarray(admissions, dtype=float)
    evicted = np.asarray(eviction_totals, dtype=float)
    if admissions.ndim != 1 or admissions.shape != evicted.shape or not len(admissions):
        raise parameter_error("admissions", "a non-empty sequence as long as eviction_totals",
                              f"lengths {admissions.shape} and {evicted.shape}")
    if not a_star > 0:
        raise parameter_error("a_star", "> 0", a_star)
    T = len(admissions) - 1
    quarter = last_quarter(T)
    evicting = np.flatnonzero(evicted > 0)
    last_eviction = int(evicting[-1]) if len(evicting) else None
    gap = abs(float(admissions[-1]) - a_star) / a_star
    quiet = last_eviction is None or last_eviction <= T - quarter
    if gap < CONVERGENCE_RTOL and quiet:
        return Outcome("converged", None, last_eviction, gap)
    return Outcome("not-converged", detect_period(admissions, evicted, quarter, a_star), last_eviction, gap)


def classify_tail(admissions: np.ndarray, eviction_totals: np.ndarray, steps: int, last_eviction: int | None,
                  a_star: float, cycle=None) -> Outcome:
    """Classify a streamed run from its last batches (rules in the module docstring).

    Parameters
    ----------
    admissions, eviction_totals : ndarray
        ``a_t`` and ``e_t`` of the last batches ``steps - n + 1 .. steps`` (``n`` their
        length, at least ``tail_length(steps) + 1`` or the whole run).
    steps : int
        ``T``.
    last_eviction : int or None
        Last batch reached by evicting, over the whole run.
    a_star : float
    cycle : Cycle, optional
        The kernel's exact cycle: its period is the period of a ``not-converged`` run.

    Examples
    --------
    The 2-cycle of :func:`classify_outcome`, from its last 7 batches:

    >>> a = np.array([1.0, 0.0] * 10 + [1.0]); e = np.array([0.0, 0.5] * 10 + [0.0])
    >>> classify_tail(a[-7:], e[-7:], 20, 19, 1 / 3) == classify_outcome(a, e, 1 / 3)
    True
    """
    quarter = last_quarter(steps)
    gap = abs(float(admissions[-1]) - a_star) / a_star
    quiet = last_eviction is None or last_eviction <= steps - quarter
    if gap < CONVERGENCE_RTOL and quiet:
        return Outcome("converged", None, last_eviction, gap)
    period = cycle.period if cycle is not None else \
        detect_period(np.asarray(admissions, dtype=float), np.asarray(eviction_totals, dtype=float), quarter, a_star)
    return Outcome("not-converged", period, last_eviction, gap)
