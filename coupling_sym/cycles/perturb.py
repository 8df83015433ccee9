"""Stability of a catalogue orbit: perturb its state exactly, simulate, see where it ends.

A perturbation adds to every stage of the orbit's first state a seeded random rational
multiple of ``size * x*`` (``x*`` the fixed point; in ``[-1, 1]`` on occupied stages and
``[0, 1]`` on empty ones, steps of 1/100), then rescales the state to hold exactly
``B`` tokens, so every perturbed start is a valid batch-0 state.  The exact simulation
runs ``horizon`` batches and :func:`coupling_sym.dynamics.metrics.detect_cycle` finds its
periodic tail: the orbit *returns* when that tail is the orbit itself, and *leaves*
otherwise (to another cycle, or to no cycle within the horizon).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from ..params import ModelParams
from ..state import initial_state
from .catalogue import CycleEntry

__all__ = ["PerturbationOutcome", "perturb_state", "perturb_orbit"]


@dataclass(frozen=True)
class PerturbationOutcome:
    """Where the perturbed starts of one orbit ended: ``returned`` of ``trials`` came back;
    ``ends`` lists, per trial, ``(period, level, throughput)`` of the final cycle or ``None``."""

    returned: int
    trials: int
    ends: tuple

    @property
    def verdict(self) -> str:
        """``"returns"`` (every trial), ``"leaves"`` (none) or ``"mixed"``."""
        if self.returned == self.trials:
            return "returns"
        return "leaves" if self.returned == 0 else "mixed"

    def as_dict(self) -> dict:
        """JSON-ready dict."""
        return {"verdict": self.verdict, "returned": self.returned, "trials": self.trials,
                "ends": [None if end is None else {"period": end[0], "level": end[1], "throughput": str(end[2])}
                         for end in self.ends]}


def perturb_state(params: ModelParams, state, size: Fraction, rng: random.Random) -> np.ndarray:
    """A seeded exact perturbation of ``state`` (see the module docstring).

    Examples
    --------
    >>> from coupling_sym.cycles.catalogue import one_type_params
    >>> from coupling_sym.state import count_tokens
    >>> params = one_type_params(2, 3, 24)
    >>> X = perturb_state(params, (Fraction(8), 0, 0), Fraction(1, 100), random.Random(1))
    >>> count_tokens(params, X), bool((X >= 0).all())
    (Fraction(24, 1), True)
    """
    unit = size * params.equilibrium_admission
    moved = [Fraction(v) + unit * Fraction(rng.randint(-100 if v else 0, 100), 100) for v in state]
    moved = [max(v, Fraction(0)) for v in moved]
    tokens = sum((params.l0 + 1 + j) * v for j, v in enumerate(moved))
    if tokens == 0:
        return initial_state(params, "explicit", [list(state)])
    return initial_state(params, "explicit", [[v * params.B / tokens for v in moved]])


def perturb_orbit(params: ModelParams, entry: CycleEntry, trials: int = 3, seed: int = 0,
                  size: Fraction = Fraction(1, 100), horizon: int | None = None) -> PerturbationOutcome:
    """Perturb ``entry``'s first state ``trials`` times and follow each run exactly.

    ``horizon`` defaults to ``12 l1`` batches.
    """
    from ..dynamics import run_simulation
    from ..dynamics.metrics import detect_cycle

    rng = random.Random(seed)
    horizon = 12 * params.L if horizon is None else horizon
    orbit = frozenset(entry.states)
    returned, ends = 0, []
    for _ in range(trials):
        X0 = perturb_state(params, entry.states[0], size, rng)
        states = run_simulation(params, X0, horizon, exact=True).states
        cycle = detect_cycle(params, states)
        if cycle is None:
            ends.append(None)
            continue
        tail = frozenset(tuple(X[0].tolist()) for X in states[cycle.start_batch:cycle.start_batch + cycle.period])
        returned += tail == orbit
        ends.append((cycle.period, cycle.level, cycle.throughput))
    return PerturbationOutcome(returned, trials, tuple(ends))
