"""Admission strategies: how much of the room a batch fills, and how it is split.

Convention: an admission is a per-type vector ``a_k`` of requests put at stage 0; it
holds ``sum_k a_k w_k`` tokens, ``w_k`` the stage-0 footprint of type ``k`` (column 0 of
:func:`coupling_sym.state.footprint_matrix`).  Both strategies move along one *fill
path*, ``a_k(theta) = min(p_k theta, Q_k)`` (``Q_k`` the type-``k`` queue, unlimited
in a saturated system): the total is split by ``p_k``, no type admits more than it has
waiting, and what a type cannot take goes to the types still waiting, again by ``p_k``.
A strategy picks the level ``theta``:

* ``greedy`` -- the largest level whose admission fits the room ``R`` (tokens);
* ``rate-limited`` -- also at most ``cap`` requests in all (``cap`` defaults to ``a*``):
  the smaller of the two levels, which is the entrywise minimum of the two fills.

With unlimited queues the greedy fill is ``a_k = p_k R / sum_k p_k w_k``, the
``R / admission_tokens`` of the eviction simulation.  The arithmetic is generic:
Fractions stay exact, floats are simulated.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Sequence

from ..errors import parameter_error
from ..params import ModelParams, parse_rational

__all__ = ["ADMISSIONS", "Greedy", "RateLimited", "make_admission", "fill"]

ADMISSIONS = ("greedy", "rate-limited")


def fill(shares: Sequence, costs: Sequence, budget, queues: Sequence | None = None) -> list:
    """The point of the fill path ``min(p_k theta, Q_k)`` that spends ``budget`` exactly.

    ``costs[k]`` is what one type-``k`` request spends; when every queue is exhausted
    before the budget, the fill is the queues themselves.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> fill([F(1, 2), F(1, 2)], [1, 1], F(10))                 # unlimited queues
    [Fraction(5, 1), Fraction(5, 1)]
    >>> fill([F(1, 2), F(1, 2)], [1, 1], F(10), [F(2), F(100)])  # A runs out: B takes the rest
    [Fraction(2, 1), Fraction(8, 1)]
    >>> fill([F(1, 2), F(1, 2)], [1, 1], F(10), [F(2), F(3)])    # both run out
    [Fraction(2, 1), Fraction(3, 1)]
    """
    K = len(shares)
    zero = budget * 0
    if budget <= 0:
        return [zero] * K
    if queues is None:
        level = budget / sum(p * c for p, c in zip(shares, costs))
        return [p * level for p in shares]
    amounts = [zero] * K
    waiting = [k for k in range(K) if queues[k] > 0]
    left = budget
    while waiting:
        level = left / sum(shares[k] * costs[k] for k in waiting)
        short = [k for k in waiting if queues[k] <= shares[k] * level]
        if not short:
            for k in waiting:
                amounts[k] = shares[k] * level
            return amounts
        for k in short:                      # these types admit their whole queue
            amounts[k] = queues[k]
            left = left - queues[k] * costs[k]
        waiting = [k for k in waiting if k not in short]
    return amounts


@dataclass(frozen=True)
class Greedy:
    """Fill the room (the model's default admission)."""

    name = "greedy"

    def admit(self, shares, entry_costs, room, queues=None) -> list:
        """Per-type admission for ``room`` tokens (``room <= 0`` admits nothing)."""
        return fill(shares, entry_costs, room, queues)

    def describe(self) -> dict:
        """JSON-ready form."""
        return {"admission": self.name}


@dataclass(frozen=True)
class RateLimited:
    """Fill the room, but admit at most ``cap`` requests per batch in all.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> RateLimited(F(4)).admit([F(1, 2), F(1, 2)], [2, 2], F(40))   # room for 20, cap 4
    [Fraction(2, 1), Fraction(2, 1)]
    """

    cap: Fraction
    name = "rate-limited"

    def admit(self, shares, entry_costs, room, queues=None) -> list:
        """Entrywise minimum of the room's fill and the cap's fill (module notes)."""
        by_room = fill(shares, entry_costs, room, queues)
        cap = self.cap if isinstance(room, Fraction) else float(self.cap)
        by_cap = fill(shares, [1] * len(shares), cap, queues)
        return [min(x, y) for x, y in zip(by_room, by_cap)]

    def describe(self) -> dict:
        """JSON-ready form (``cap`` as an exact string)."""
        return {"admission": self.name, "cap": str(self.cap)}


def make_admission(params: ModelParams, name: str = "greedy", cap: object = None):
    """The admission strategy ``name``; ``cap`` (requests per batch) defaults to ``a*``.

    Raises
    ------
    ParameterError
        For an unknown name, a cap given with greedy admission, or ``cap <= 0``.

    Examples
    --------
    >>> from coupling_sym.params import make_params
    >>> params = make_params(3, (2, 3), (1, 1), 60)
    >>> make_admission(params, "rate-limited").cap
    Fraction(5, 1)
    >>> make_admission(params, "rate-limited", "-1")
    Traceback (most recent call last):
    ...
    coupling_sym.errors.ParameterError: cap must be > 0; got '-1'
    >>> make_admission(params, "rate-limited", "1e400")
    Traceback (most recent call last):
    ...
    coupling_sym.errors.ParameterError: cap must be between 1e-300 and 1e300; got '1e400'
    """
    if name not in ADMISSIONS:
        raise parameter_error("admission", "one of " + ", ".join(ADMISSIONS), name)
    if name == "greedy":
        if cap is not None:
            raise parameter_error("cap", "given only with admission = 'rate-limited'", cap)
        return Greedy()
    value = params.equilibrium_admission if cap is None else parse_rational(cap, "cap")
    if value <= 0:
        raise parameter_error("cap", "> 0", cap)
    if cap is not None and not Fraction(1, 10 ** 300) <= value <= 10 ** 300:   # float runs hold the cap
        raise parameter_error("cap", "between 1e-300 and 1e300", cap)
    return RateLimited(value)
