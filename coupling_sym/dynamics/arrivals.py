"""Arrival processes: who joins the queues in each batch.

Convention: ``arrive(t)`` returns the type-``k`` arrivals that join queue ``Q_k`` on
the way into batch ``t >= 1``, or ``None`` for a saturated system (unlimited queues
of every type, the model's default).  In an open system the rates ``lambda_k`` are
absolute, in requests per batch:

* ``saturated`` -- no queues to track;
* ``deterministic`` -- exactly ``lambda_k`` (fluid, exact when the rates are);
* ``poisson`` -- ``Poisson(lambda_k)`` counts drawn from ``numpy.random.default_rng(seed)``,
  type by type within a batch, so a run is reproduced by its seed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np

from ..errors import parameter_error
from ..params import ModelParams, parse_int

__all__ = ["ARRIVALS", "Saturated", "Deterministic", "PoissonArrivals", "make_arrivals"]

ARRIVALS = ("saturated", "deterministic", "poisson")


@dataclass(frozen=True)
class Saturated:
    """Unlimited queues: admission is limited by memory only."""

    name = "saturated"
    is_open = False

    def arrive(self, t: int, exact: bool):
        """Nothing to count."""
        return None

    def describe(self) -> dict:
        """JSON-ready form."""
        return {"arrivals": self.name}


@dataclass(frozen=True)
class Deterministic:
    """``lambda_k`` type-``k`` requests join every batch.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> Deterministic((F(1, 2), F(3))).arrive(1, exact=True)
    [Fraction(1, 2), Fraction(3, 1)]
    """

    rates: tuple[Fraction, ...]
    name = "deterministic"
    is_open = True

    def arrive(self, t: int, exact: bool):
        """The rates themselves, exact or as floats."""
        return [Fraction(r) if exact else float(r) for r in self.rates]

    def describe(self) -> dict:
        """JSON-ready form."""
        return {"arrivals": self.name}


@dataclass
class PoissonArrivals:
    """``Poisson(lambda_k)`` type-``k`` arrivals per batch, from a seeded generator.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> first = PoissonArrivals((F(5), F(2)), seed=7)
    >>> again = PoissonArrivals((F(5), F(2)), seed=7)
    >>> [first.arrive(t, False) for t in (1, 2)] == [again.arrive(t, False) for t in (1, 2)]
    True
    """

    rates: tuple[Fraction, ...]
    seed: int = 0
    _rng: np.random.Generator = field(init=False, repr=False)
    name = "poisson"
    is_open = True

    def __post_init__(self) -> None:
        self._rng = np.random.default_rng(self.seed)

    def arrive(self, t: int, exact: bool):
        """Integer counts (as Fractions in an exact run)."""
        counts = self._rng.poisson([float(r) for r in self.rates])
        return [Fraction(int(c)) if exact else float(c) for c in counts]

    def describe(self) -> dict:
        """JSON-ready form."""
        return {"arrivals": self.name, "seed": self.seed}


def make_arrivals(params: ModelParams, name: str = "saturated", seed: object = 0):
    """The arrival process ``name`` with the rates of ``params`` (per batch when open).

    Raises
    ------
    ParameterError
        For an unknown name or a seed that is not a non-negative integer.

    Examples
    --------
    >>> from coupling_sym.params import make_params
    >>> make_arrivals(make_params(3, (2, 3), (1, 1), 60), "poisson", seed=3).seed
    3
    >>> make_arrivals(make_params(3, (2, 3), (1, 1), 60), "bursty")
    Traceback (most recent call last):
    ...
    coupling_sym.errors.ParameterError: arrivals must be one of saturated, deterministic, poisson; got 'bursty'
    """
    if name not in ARRIVALS:
        raise parameter_error("arrivals", "one of " + ", ".join(ARRIVALS), name)
    if name == "saturated":
        return Saturated()
    if name == "deterministic":
        return Deterministic(params.rates)
    return PoissonArrivals(params.rates, parse_int(seed, "seed", minimum=0))
