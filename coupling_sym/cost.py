"""Cost of the long stability and derivation commands, estimated from their arguments first.

Convention: cost is counted in *work units* of about one microsecond on the reference
machine (2 shared cores), from fits to measured runs of each kind of step; ``L`` is the
longest decode length of the polynomial concerned:

* one exact verdict of ``P_l0`` (Schur-Cohn): ``400 + L^2`` (0.15 ms at ``L = 3``,
  0.3 ms at ``L = 31``);
* one critical prefill length ``l0*`` (crossing values, then the walk down):
  ``L^3 / 2`` for one pair (``l0*`` of ``(2, 1001)``: 124 s of CPU when fitted, 7-8 s
  now; ``(500, 1001)`` 112 s), ``L^3 / 32`` per pair of a ``verify-coprime`` range,
  whose float proposals are batched (whole command ``2..128``: 55 s at ``p = 1/2``,
  124 s at ``p = 3/4``, estimated 2.6e8 units with the every-``l0`` proofs);
* the proof that a pair of odd ``gcd > 1`` is unstable for every ``l0``
  (:func:`.stability.noncoprime.certify_every_prefill`, the ``every l0 >= 0`` column
  of ``verify-coprime``): ``3000 + 5 L^2`` (its verdicts below the crossing bound are
  proven in floats with error bounds for runs of ``l0`` at once, exact Schur-Cohn only
  where that fails: 3-4 ms a pair at ``l_B = 33..48``, 5-8 ms at ``49..64``, 11-22 ms at
  ``81..96`` and 22-55 ms at ``113..128``, at ``p = 1/10, 1/2, 3/4``; the fit, made when
  these took twice as long, is kept as an upper bound);
* the certified roots of one polynomial of degree ``L - 1``: ``L^2.5`` (12 s for ``P``
  and ``A`` at ``L = 1000``, 86 s at ``L = 2000``);
* the sympy derivation of the characteristic equation: ``1500 L^1.6`` (2.4 s at
  ``L = 100``, 14 s at ``L = 300``); ``charpoly`` takes decode lengths up to 512 only
  (:mod:`coupling_sym.symbolic.parameters`), about 33 s, so this estimate only decides
  whether its progress bar is worth showing.

A command whose estimate exceeds its budget (:data:`MAX_WORK`, about five minutes) is
refused before any work, by :func:`check_work`, naming the argument that drives the cost
and how to go further (split the range, or pass a larger ``max_work``).  ``locus``
also takes at most :data:`MAX_L0_VALUES` prefill lengths, like the 10,000 points of
``cap-scan``: each is a point of the figure.  Estimates are upper-bound-minded fits, not
promises: the walk for ``l0*`` can be far cheaper than ``L^3 / 2``.  The range fits were
measured near idle (whole command ``verify-coprime --range 2..96``: 21 s of CPU at
``p = 1/2``, 35 s at ``3/4``, estimated 6.8e7 units; 17-20 s and 31-39 s since the
every-``l0`` runs are shown in floats with error bounds).
``scripts/bench_cost.py`` prints each estimate beside the CPU time it measures.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from math import gcd
from typing import Iterable

from .errors import parameter_error

__all__ = ["MAX_WORK", "MAX_L0_VALUES", "Work", "verdict_work", "critical_work", "range_critical_work", "every_l0_work", "roots_work",
           "derivation_work", "pairs_work", "scan_work", "locus_work", "check_work", "check_l0_count"]

MAX_WORK = 300_000_000
"""Default budget in work units (about 5 minutes on the reference machine)."""

MAX_L0_VALUES = 10_000
"""Most prefill lengths one ``locus`` figure takes (each is a set of roots drawn)."""


@dataclass(frozen=True)
class Work:
    """An estimate: ``units`` of work, what they are (for the error message), the
    argument that drives them most (``driver``, empty when there is one only) and the
    number of progress steps (``steps``, where the caller needs it).

    Examples
    --------
    >>> Work(2_000_000, "3 pairs up to length 60").minutes
    0.0333...
    """

    units: float
    what: str
    driver: str = ""
    steps: int = 0

    @property
    def minutes(self) -> float:
        """The estimate in minutes of the reference machine."""
        return self.units / 60e6


def verdict_work(L: int) -> float:
    """Units of one exact verdict of a polynomial for longest length ``L``.

    Examples
    --------
    >>> verdict_work(10)
    500
    """
    return 400 + L * L


def critical_work(L: int) -> float:
    """Units of one ``l0*`` for longest length ``L``.

    Examples
    --------
    >>> critical_work(100)
    500000.0
    """
    return L ** 3 / 2


def roots_work(L: int) -> float:
    """Units of the ``roots`` command: the roots of ``P_l0`` and of ``A``, and ``l0*``.

    Examples
    --------
    >>> roots_work(1000) > 300_000_000          # refused by default
    True
    """
    return 2 * L ** 2.5 + critical_work(L)


def derivation_work(L: int) -> float:
    """Units of the sympy derivation of ``charpoly`` (all four polynomials and the checks).

    Examples
    --------
    >>> round(derivation_work(300) / 1e6, 1)    # about 14 s measured
    13.8
    """
    return 1500 * L ** 1.6


def _per_pair(la_values: Iterable[int], lb_values: Iterable[int], unit) -> tuple[int, float, int]:
    """``(pairs, sum of unit(l_B) over the pairs l_A < l_B, longest l_B)`` without listing the pairs."""
    lows = sorted(set(la_values))
    count, total, top = 0, 0.0, 0
    for b in set(lb_values):
        below = bisect_left(lows, b)                 # how many l_A < b
        if below:
            count, total, top = count + below, total + below * unit(b), max(top, b)
    return count, total, top


def range_critical_work(L: int) -> float:
    """Units of one ``l0*`` for longest length ``L`` inside a ``verify-coprime`` range.

    Examples
    --------
    >>> range_critical_work(100)
    31250.0
    """
    return L ** 3 / 32


def every_l0_work(L: int) -> float:
    """Units of the every-``l0`` proof for a pair of odd ``gcd > 1`` and longest length ``L``.

    Examples
    --------
    >>> every_l0_work(60)
    21000
    """
    return 3000 + 5 * L ** 2


def pairs_work(values: Iterable[int], l0_count: int = 0, every_l0: bool = True) -> Work:
    """``verify-coprime``: per pair ``a < b`` of ``values`` its ``l0*``, a verdict per ``l0``
    and, with ``every_l0`` (a common prompt), the every-``l0`` proof of a non-coprime pair.

    ``steps`` counts the pairs plus, with ``every_l0``, the non-coprime pairs (one step
    each for the proof).

    Examples
    --------
    >>> work = pairs_work([2, 3, 9], l0_count=1)    # (2,3): 27/32 + 409; (2,9): 729/32 + 481;
    >>> work.units, work.steps                      # (3,9): 729/32 + 481 + 3000 + 5 * 81 (gcd 3)
    (4822.40625, 4)
    """
    values = sorted(set(values))
    count, units, top = _per_pair(values, values, lambda b: range_critical_work(b) + l0_count * verdict_work(b))
    steps = count
    if every_l0:
        for i, b in enumerate(values):
            for a in values[:i]:
                d = gcd(a, b)
                if d > 1:
                    steps += 1
                    units += every_l0_work(b) if d % 2 else 0      # an even gcd has a short proof
    return Work(units, f"{count} pairs up to length {top}", steps=steps)


def scan_work(la_values: Iterable[int], lb_values: Iterable[int], share_count: int, l0_count: int) -> Work:
    """``scan``: one ``l0*`` per (pair, share), and an exact verdict per setting.

    ``driver`` is ``"l0"`` when the verdicts cost more than the ``l0*``, else ``"l_B"``.

    Examples
    --------
    >>> work = scan_work([2], [3], 1, 100_001)     # 27/2 + 100001 (400 + 9)
    >>> work.units, work.driver
    (40900422.5, 'l0')
    """
    la_values, lb_values = list(la_values), list(lb_values)
    pairs, critical, _ = _per_pair(la_values, lb_values, critical_work)
    verdicts = l0_count * _per_pair(la_values, lb_values, verdict_work)[1]
    critical, verdicts = share_count * critical, share_count * verdicts
    return Work(critical + verdicts, f"{pairs * share_count * l0_count} settings ({pairs} pairs, "
                                     f"{share_count} shares, {l0_count} prefill lengths)",
                "l0" if verdicts >= critical else "l_B")


def locus_work(L: int, l0_count: int) -> Work:
    """``locus``: ``l0*`` and, per ``l0``, an exact verdict and float roots.

    Examples
    --------
    >>> locus_work(3, 10).units                   # 27/2 + 10 * 2 * (400 + 9)
    8193.5
    """
    return Work(critical_work(L) + l0_count * (2 * verdict_work(L)), f"{l0_count} prefill lengths at length {L}")


def check_work(work: Work, name: str, value: object, max_work: float | None = None,
               advice: str = "raise max_work") -> None:
    """Refuse ``work`` above ``max_work`` (default :data:`MAX_WORK`), naming ``name``.

    Raises
    ------
    ParameterError
        ``"<name> must be small enough for at most <max> units of work (...); got <value>"``.

    Examples
    --------
    >>> check_work(Work(4.9e11, "44551 pairs up to length 300"), "range", "2..300",
    ...            advice="split the range or raise --max-work")
    Traceback (most recent call last):
    ...
    coupling_sym.errors.ParameterError: range must be small enough for at most 300000000 units of work (about 5 minutes); this is 44551 pairs up to length 300, about 4.9e+11 units (about 8167 minutes): split the range or raise --max-work; got '2..300'
    """
    limit = MAX_WORK if max_work is None else max_work
    if work.units > limit:
        raise parameter_error(name, f"small enough for at most {limit:.0f} units of work (about {limit / 60e6:.3g} "
                                    f"minutes); this is {work.what}, about {work.units:.2g} units (about "
                                    f"{work.minutes:.0f} minutes): {advice}", value)


def check_l0_count(count: int, value: object) -> None:
    """Refuse more than :data:`MAX_L0_VALUES` prefill lengths in one figure.

    Examples
    --------
    >>> check_l0_count(100_001, "0..100000")
    Traceback (most recent call last):
    ...
    coupling_sym.errors.ParameterError: l0 must be at most 10000 values (each is one set of roots in the figure; split the range); got '0..100000'
    """
    if count > MAX_L0_VALUES:
        raise parameter_error("l0", f"at most {MAX_L0_VALUES} values (each is one set of roots in the figure; "
                                    f"split the range)", value)
