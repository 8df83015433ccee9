"""How far a trajectory is followed: an unstable theory grows like ``rho^t``.

Convention: the scale of a run is the stage-0 population ``N = B / sum_k p_k (l0_k + 1)``
that fills the budget (the model is homogeneous of degree one in ``B``, so every count
of the run is ``N`` times a number that does not depend on ``B``).  The theory is
followed while every count of its state satisfies ``|X_t[k, i]| <= GROWTH_LIMIT * N``.
The first batch beyond that is still recorded, the later ones are NaN, and the
trajectory carries the batch and a one-line reason.

Why ``1e50``: the figures, the decay fits (which square gaps) and the token sums
(``(l0 + 1 + i) X``) must stay inside float64 (``1.8e308``) for every accepted ``B``
(``1e-100 .. 1e100``, :mod:`coupling_sym.experiment.reach`), and a deviation of
``1e50 N`` already shows the growth rate to all float digits.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

__all__ = ["GROWTH_LIMIT", "outgrown", "stop_reason"]

GROWTH_LIMIT = 1e50


def outgrown(X: np.ndarray, bound) -> bool:
    """True when a count of ``X`` is not finite or exceeds ``bound`` in modulus.

    Examples
    --------
    >>> outgrown(np.array([[1.0, -3.0]]), 2.0), outgrown(np.array([[1.0, np.inf]]), 2.0)
    (True, True)
    >>> outgrown(np.array([[Fraction(1, 3)]], dtype=object), Fraction(1, 2))
    False
    """
    if X.dtype != object:
        return not bool(np.isfinite(X).all()) or float(np.abs(X).max(initial=0.0)) > bound
    return any(abs(v) > bound for v in X.flat)


def stop_reason(batch: int) -> str:
    """The recorded reason of a theory stopped at ``batch``.

    Examples
    --------
    >>> stop_reason(12)
    'theory stopped at batch 12: a count exceeded 1e+50 N (P_l0 is unstable; its growth is not followed further)'
    """
    return (f"theory stopped at batch {batch}: a count exceeded {GROWTH_LIMIT:g} N "
            "(P_l0 is unstable; its growth is not followed further)")


def as_bound(N: Fraction, exact: bool):
    """``GROWTH_LIMIT * N`` in the trajectory's arithmetic."""
    return Fraction(GROWTH_LIMIT) * N if exact else GROWTH_LIMIT * float(N)
