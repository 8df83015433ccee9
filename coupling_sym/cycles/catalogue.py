"""The catalogue of one-type cycles: built from their shapes, verified by exact simulation.

Convention: one request type (``K = 1``), prompt ``l0``, decode length ``l1``, memory
``B``; a state is the tuple ``(x_0, .., x_{l1-1})`` of requests per stage, footprints
``w_j = l0 + 1 + j``.  A *shape* says which stages are occupied and in what ratio; its
state is the shape scaled to hold exactly ``B`` tokens.  Nothing else is assumed: each
candidate is run by :func:`coupling_sym.dynamics.run_simulation` in exact arithmetic
for ``l1`` batches, it is a cycle when it comes back to its own state (least period
``P``), and period, level (empty stages, :mod:`coupling_sym.dynamics.metrics`) and
throughput (mean completions over one period) are read off that run.

Shapes (``x`` one unit):

* contiguous block of level ``i`` (``0 <= i < l1``): stages ``0 .. i-1`` empty, stage
  ``i`` holds ``(i + 1) x``, stages ``i+1 .. l1-1`` hold ``x``; level 0 is the
  eviction-free fixed point, level ``l1 - 1`` the maximal-eviction ("worst") cycle;
* evenly spaced, ``k | l1``, ``d = l1 / k``: stages ``d-1, 2d-1, .., l1-1`` hold ``x``;
* the adjacent level-``(l1-2)`` cycle (two neighbouring occupied stages, the contiguous
  block of level ``l1 - 2``) and, for even ``l1``, the opposite one (two stages
  ``l1 / 2`` apart, evenly spaced with ``k = 2``).

Shapes that give the same orbit (the worst cycle is both the contiguous block of level
``l1 - 1`` and evenly spaced with ``k = 1``) are one entry with several names.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from ..errors import parameter_error
from ..params import ModelParams, make_params, parse_int, parse_rational
from ..state import initial_state

__all__ = ["CycleEntry", "one_type_params", "candidate_shapes", "state_of_shape", "follow_orbit", "catalogue"]


@dataclass(frozen=True)
class CycleEntry:
    """One orbit of the catalogue, as the exact simulation found it.

    Attributes
    ----------
    names : tuple of str
        Every shape that gives this orbit.
    states : tuple of tuple of Fraction
        The states of one period, starting at the constructed state.
    period, level : int
        Least period (0 when the state does not come back within ``l1`` batches) and
        number of empty stages (least over the period).
    throughput : Fraction
        Mean completions per batch over one period.
    relative : Fraction
        ``throughput / x*``.
    """

    names: tuple[str, ...]
    states: tuple[tuple[Fraction, ...], ...]
    period: int
    level: int
    throughput: Fraction
    relative: Fraction

    @property
    def verified(self) -> bool:
        """True when the exact simulation came back to the start state."""
        return self.period > 0

    def as_dict(self) -> dict:
        """JSON-ready dict (exact values as strings, floats beside them)."""
        return {"names": list(self.names), "period": self.period, "level": self.level,
                "verified": self.verified, "throughput": str(self.throughput),
                "throughput_float": float(self.throughput), "relative": str(self.relative),
                "relative_float": float(self.relative),
                "states": [[str(v) for v in state] for state in self.states]}


def one_type_params(l0: object, l1: object, B: object) -> ModelParams:
    """Validated one-type parameters (errors name ``l0``, ``l1`` and ``B``).

    Examples
    --------
    >>> one_type_params(2, 3, 24).lengths
    (3,)
    >>> one_type_params(2, 0, 24)
    Traceback (most recent call last):
    ...
    coupling_sym.errors.ParameterError: l1 must be a positive integer; got 0
    """
    length = parse_int(l1, "l1", minimum=1)
    budget = parse_rational(B, "B")
    if budget <= 0:
        raise parameter_error("B", "> 0", B)
    return make_params(l0, [length], [1], budget)


def candidate_shapes(l1: int) -> list[tuple[str, tuple[int, ...]]]:
    """Named shapes of the module docstring, in catalogue order.

    Examples
    --------
    >>> candidate_shapes(4)[:2]
    [('fixed point', (1, 1, 1, 1)), ('contiguous level 1', (0, 2, 1, 1))]
    >>> [name for name, _ in candidate_shapes(4)][-4:]
    ['evenly spaced k=2', 'evenly spaced k=4', 'adjacent level 2', 'opposite level 2']
    """
    shapes = [("fixed point" if i == 0 else f"contiguous level {i}",
               tuple([0] * i + [i + 1] + [1] * (l1 - 1 - i))) for i in range(l1)]
    for k in range(1, l1 + 1):
        if l1 % k == 0:
            d = l1 // k
            shapes.append((f"evenly spaced k={k}", tuple(int((j + 1) % d == 0) for j in range(l1))))
    if l1 >= 2:
        shapes.append((f"adjacent level {l1 - 2}", tuple([0] * (l1 - 2) + [l1 - 1, 1])))
    if l1 >= 2 and l1 % 2 == 0:
        shapes.append((f"opposite level {l1 - 2}",
                       tuple(int(j in (l1 // 2 - 1, l1 - 1)) for j in range(l1))))
    return shapes


def state_of_shape(params: ModelParams, shape) -> np.ndarray:
    """The shape scaled to hold exactly ``B`` tokens, as an exact ``(1, l1)`` state.

    Examples
    --------
    >>> [str(v) for v in state_of_shape(one_type_params(2, 3, 24), (0, 0, 1))[0]]
    ['0', '0', '24/5']
    """
    weights = [params.l0 + 1 + j for j in range(params.L)]
    tokens = sum(w * s for w, s in zip(weights, shape))
    return initial_state(params, "explicit", [[Fraction(params.B) * s / tokens for s in shape]])


def follow_orbit(params: ModelParams, X0: np.ndarray, horizon: int | None = None) -> CycleEntry:
    """Run the exact simulation from ``X0`` and describe the orbit it closes (if any).

    ``horizon`` (default ``l1``) batches are run; the period is the least ``P`` with
    ``X_P == X_0``.

    Examples
    --------
    >>> params = one_type_params(2, 3, 24)
    >>> entry = follow_orbit(params, state_of_shape(params, (0, 0, 1)))
    >>> entry.period, entry.level, entry.throughput
    (3, 2, Fraction(8, 5))
    """
    from ..dynamics import run_simulation
    from ..dynamics.metrics import completions, count_empty_stages

    horizon = params.L if horizon is None else horizon
    states = run_simulation(params, X0, horizon, exact=True).states
    start = states[0]
    period = next((t for t in range(1, horizon + 1) if (states[t] == start).all()), 0)
    span = states[: (period or horizon) + 1]
    done = completions(params, span)[1:]
    throughput = done.sum() / len(done)
    level = min(count_empty_stages(params, X) for X in span[:-1]) if period else count_empty_stages(params, start)
    return CycleEntry((), tuple(tuple(X[0].tolist()) for X in span[:-1]), period, level, Fraction(throughput),
                      Fraction(throughput) / params.equilibrium_admission)


def catalogue(params: ModelParams) -> list[CycleEntry]:
    """Every candidate shape of the one-type ``params``, followed exactly, duplicates merged.

    Raises
    ------
    ParameterError
        When ``params`` has more than one type.

    Examples
    --------
    >>> [(e.names[0], e.period, str(e.throughput)) for e in catalogue(one_type_params(2, 3, 24))]
    [('fixed point', 1, '2'), ('contiguous level 1', 3, '24/13'), ('contiguous level 2', 3, '8/5')]
    """
    if params.K != 1:
        raise parameter_error("params", "one request type (K = 1)", f"K = {params.K}")
    entries: list[CycleEntry] = []
    orbits: list[frozenset] = []
    for name, shape in candidate_shapes(params.L):
        entry = follow_orbit(params, state_of_shape(params, shape))
        orbit = frozenset(entry.states)
        if entry.verified and orbit in orbits:
            index = orbits.index(orbit)
            entries[index] = _renamed(entries[index], entries[index].names + (name,))
            continue
        orbits.append(orbit if entry.verified else frozenset())
        entries.append(_renamed(entry, (name,)))
    return entries


def _renamed(entry: CycleEntry, names: tuple[str, ...]) -> CycleEntry:
    return CycleEntry(names, entry.states, entry.period, entry.level, entry.throughput, entry.relative)
