"""Parameter search: stable settings whose spectral radius is just below a target.

A setting is ``(l0, l_A, l_B, p)`` with ``l_A < l_B``.  Its verdict is exact: for
``l0 >= l0*`` it is ``stable`` by the proof behind ``l0*`` (:mod:`.critical`); below
``l0*`` the exact verdict of ``P_l0`` is computed.  Only ``stable`` settings with
``rho < target`` are kept, ranked by ``target - rho`` (smallest first): they converge,
slowly.  Whether ``rho < target`` is decided exactly too (every root of ``P_l0`` inside
the circle of radius ``target``, :func:`.verdict.roots_inside_radius`).  The radius is a
float64 companion-matrix value, used only to rank and to display, never to decide.

The work is one job per ``(pair, p)``; :func:`scan_settings` can cut the jobs into chunks
and run them on :mod:`coupling_sym.engine` (in-process, a local Dask cluster or a remote
scheduler).  Every chunk returns all its kept rows, and the ranking and cut to ``top``
happen once, after the chunks are gathered in job order, so the result does not depend
on the engine or the chunk size.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Callable, Iterable, Sequence

from ..errors import parameter_error
from ..params import parse_rational
from .critical import _critical, normalise_shares
from .poly import prefill_poly, shares_poly
from .summary import radius_of_poly
from .verdict import Verdict, roots_inside_radius, verdict_of_poly

__all__ = ["ScanRow", "scan_settings", "scan_chunk"]


@dataclass(frozen=True)
class ScanRow:
    """One stable setting found by :func:`scan_settings`.

    Examples
    --------
    >>> (row,) = scan_settings([3], [2], [3], ["1/2"], target=1, top=1)
    >>> row.l0, row.l_A, row.l_B, row.p, round(row.rho, 12)   # |roots of 4z^2 + 5z + 3| = sqrt(3/4)
    (3, 2, 3, Fraction(1, 2), 0.866025403784)
    """

    l0: int
    l_A: int
    l_B: int
    p: Fraction
    rho: float
    critical_l0: int | None

    def as_dict(self) -> dict:
        """JSON-ready form (``p`` as an exact string)."""
        return {"l0": self.l0, "l_A": self.l_A, "l_B": self.l_B, "p": str(self.p), "rho": self.rho,
                "verdict": Verdict.STABLE.value, "critical_l0": self.critical_l0}


def scan_settings(l0_values: Sequence[int], la_values: Iterable[int], lb_values: Iterable[int],
                  p_values: Iterable, target: object = Fraction(95, 100), top: int = 10,
                  progress: Callable[[int], None] | None = None, chunk: int | None = None,
                  engine=None) -> list[ScanRow]:
    """The ``top`` stable settings with the largest ``rho`` below ``target``.

    Parameters
    ----------
    l0_values, la_values, lb_values : sequences of int
        Prefill lengths (``>= 0``) and decode lengths (``>= 1``); pairs with
        ``l_A >= l_B`` are skipped.
    p_values : iterable of number-like
        Shares of type A, each strictly between 0 and 1.
    target : number-like, default 0.95
        ``0 < target <= 1``.
    top : int, default 10
        How many settings to return (``>= 1``).
    progress : callable, optional
        Called with a count of finished units: in-process with 1 after the ``l0*`` of
        each (pair, p) and after each of its ``l0``; on an engine with the units of a
        chunk's jobs when it finishes.  ``pairs * shares * (len(l0_values) + 1)`` in all
        (distinct ``l0`` values).
    chunk : int, optional
        Jobs ``(pair, p)`` per chunk on ``engine`` (default: one chunk per job when an
        engine is given, else no chunks).
    engine : Engine, optional
        Where the chunks run (:func:`coupling_sym.engine.run_chunks`); the rows are the
        same whatever runs them.

    Returns
    -------
    list of ScanRow
        Sorted by ``target - rho``, closest first.

    Raises
    ------
    ParameterError
        On a bad target, ``top < 1`` or invalid lengths and shares.

    Examples
    --------
    >>> rows = scan_settings(range(0, 6), [2], [3], ["1/2"], target="0.9", top=2)
    >>> [(row.l0, round(row.rho, 6)) for row in rows]      # rho^2 = (l0+3) / (2(l0+1))
    [(3, 0.866025), (4, 0.83666)]
    >>> scan_settings(range(0, 6), [2], [3], ["1/2"], target="0.9", top=2, chunk=1) == rows
    True
    """
    goal = parse_rational(target, "target")
    if not 0 < goal <= 1:
        raise parameter_error("target", "in (0, 1]", target if isinstance(target, str) else str(goal))
    if isinstance(top, bool) or not isinstance(top, int) or top < 1:
        raise parameter_error("top", "a positive integer", top)
    l0_list = tuple(sorted(set(l0_values)))
    pairs = [(a, b) for a in sorted(set(la_values)) for b in sorted(set(lb_values)) if a < b]
    shares = list(p_values)
    jobs = [(l_A, l_B, share) for l_A, l_B in pairs for share in shares]
    if chunk is None and engine is None:
        rows: list[ScanRow] = []
        for job in jobs:
            rows.extend(_scan_job(job, l0_list, goal, progress or _ignore))
    else:
        rows = _scan_on_engine(jobs, l0_list, goal, 1 if chunk is None else chunk, engine, progress)
    rows.sort(key=lambda row: (float(goal) - row.rho, row.l_B, row.l_A, row.p, row.l0))
    return rows[:top]


def scan_chunk(payload) -> list[ScanRow]:
    """Every kept row of one chunk ``(jobs, l0_values, target)`` (module level, for Dask)."""
    jobs, l0_list, goal = payload
    return [row for job in jobs for row in _scan_job(job, l0_list, goal, _ignore)]


def _ignore(n: int = 1) -> None:
    """A progress callback that reports nowhere."""


def _scan_job(job, l0_list, goal: Fraction, progress) -> list[ScanRow]:
    l_A, l_B, share = job
    lengths, p = normalise_shares((l_A, l_B), share)
    return _scan_pair(lengths, p, l0_list, goal, progress)


def _scan_on_engine(jobs, l0_list, goal, chunk: int, engine, progress) -> list[ScanRow]:
    from ..engine import run_chunks

    if isinstance(chunk, bool) or not isinstance(chunk, int) or chunk < 1:
        raise parameter_error("chunk", "a positive integer", chunk)
    payloads = [(tuple(jobs[i:i + chunk]), l0_list, goal) for i in range(0, len(jobs), chunk)]

    def report(index, result):
        progress(len(payloads[index][0]) * (len(l0_list) + 1))

    results = run_chunks(scan_chunk, payloads, engine, None if progress is None else report)
    return [row for rows in results for row in rows]


def _scan_pair(lengths, p, l0_list, goal: Fraction, progress) -> list[ScanRow]:
    A = shares_poly(lengths, p)
    critical = _critical(lengths, p).value
    progress(1)
    out = []
    for l0 in l0_list:
        progress(1)
        P = prefill_poly(A, l0)
        proven = critical is not None and l0 >= critical
        if not proven and verdict_of_poly(P) is not Verdict.STABLE:
            continue
        if goal == 1 or roots_inside_radius(P, goal):       # stable already means rho < 1
            out.append(ScanRow(l0, lengths[0], lengths[1], p[0], radius_of_poly(P, Verdict.STABLE), critical))
    return out
