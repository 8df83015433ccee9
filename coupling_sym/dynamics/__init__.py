"""Trajectories of the fluid model: the unconstrained theory, the eviction simulation
and the aggregate ("scheme A") recursion.

All three share the batch transition of :mod:`coupling_sym.dynamics.step`; they differ
only in what happens when the room ``R`` is negative.
"""

from .aggregate import run_aggregate
from .eviction import POLICIES, run_simulation
from .step import Trajectory
from .theory import run_theory

__all__ = ["Trajectory", "run_theory", "run_simulation", "run_aggregate", "POLICIES"]
