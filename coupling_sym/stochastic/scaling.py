"""The fluid limit: multiply ``B`` and the rates by ``n`` and compare ``a_n(t) / n`` with the fluid.

Convention: for each scale ``n`` the study of :func:`~coupling_sym.stochastic.spec.scaled`
runs its replications; the distance of one replication is

    d_n = max_t |a_n(t) / n - a(t)| / a*,   t = 0 .. steps,

with ``a(t)`` the fluid eviction simulation of MODEL.md (float64) and ``a*`` its
equilibrium; the reported distance is the mean of ``d_n`` over the replications.  The
rate is the least-squares slope of ``log d_n`` against ``log n`` (``d ~ C n^rate``):
``-1/2`` is the central-limit rate of the partial-eviction draws, ``-1`` the rate of
rounding alone.  The fluid model is homogeneous of degree one (every population scales
with ``B``), so ``a(t)`` is the same for every ``n``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence

import numpy as np

from ..engine import Engine
from ..errors import parameter_error
from .replicate import run_replications
from .spec import StochasticSpec, scaled
from .summary import fluid_reference

__all__ = ["ScalingResult", "run_scaling", "fit_rate"]


@dataclass(frozen=True)
class ScalingResult:
    """Distances to the fluid trajectory per scale, and the fitted power law."""

    scales: tuple[int, ...]
    distances: np.ndarray
    distance_spread: np.ndarray
    mean_scaled: tuple[np.ndarray, ...]
    fluid: np.ndarray
    fit_rate: float
    fit_constant: float

    def as_dict(self) -> dict:
        """JSON-ready dict (no per-batch curves)."""
        return {"scales": list(self.scales), "distances": self.distances.tolist(),
                "distance_std": self.distance_spread.tolist(), "fit_rate": self.fit_rate,
                "fit_constant": self.fit_constant}


def fit_rate(scales: Sequence[int], distances: Sequence[float]) -> tuple[float, float]:
    """Least-squares ``(rate, C)`` of ``d = C n^rate`` on log axes (positive distances only).

    Examples
    --------
    >>> rate, c = fit_rate([1, 4, 16], [2.0, 1.0, 0.5])
    >>> round(rate, 12), round(c, 12)
    (-0.5, 2.0)
    """
    n = np.asarray(scales, dtype=float)
    d = np.asarray(distances, dtype=float)
    keep = d > 0
    if keep.sum() < 2:
        return float("nan"), float("nan")
    slope, intercept = np.polyfit(np.log(n[keep]), np.log(d[keep]), 1)
    return float(slope), float(np.exp(intercept))


def run_scaling(spec: StochasticSpec, scales: Sequence[int], engine: Engine | None = None,
                progress: Callable[[int], None] | None = None) -> ScalingResult:
    """Run ``spec`` at every scale ``n`` and measure the distance to the fluid trajectory.

    Raises
    ------
    ParameterError
        When the study has no fluid reference (random lengths, Poisson arrivals or
        rate-limited admission) or a scale is not a positive integer.
    """
    fluid = fluid_reference(spec)
    if fluid is None:
        raise parameter_error("config", "fixed lengths, saturated arrivals and greedy admission "
                              "(the fluid model's case)", spec.describe()["decode"])
    if not scales or any(isinstance(n, bool) or not isinstance(n, int) or n < 1 for n in scales):
        raise parameter_error("--scales", "a list of positive integers", list(scales))
    reference = np.asarray(fluid.admissions, dtype=float)
    a_star = float(spec.equilibrium_admission)
    distances, spread, curves = [], [], []
    for n in scales:
        run = run_replications(scaled(spec, n), engine)
        values = run.total_admissions / n
        d = np.abs(values - reference[None, :]).max(axis=1) / a_star
        distances.append(d.mean())
        spread.append(d.std())
        curves.append(values.mean(axis=0))
        if progress is not None:
            progress(1)
    rate, constant = fit_rate(scales, distances)
    return ScalingResult(tuple(scales), np.array(distances), np.array(spread), tuple(curves), reference, rate,
                         constant)
