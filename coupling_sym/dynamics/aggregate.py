"""The aggregate recursion (the plan's "scheme A"): admissions only.

Scheme A assumes every stage is split by ``p_k``, so that the state is the admission
history: ``X_t[k, i] = p_k a_{t-i}``.  The token balance ``sum_j c_j a_{t-j} = B`` with
``c_j = sum_k p_k (l0_k + 1 + j) [j < l_k]`` then gives

    a_{t+1} = (B - sum_{j=1}^{L-1} c_j a_{t+1-j}) / c_0,   c_0 = sum_k p_k (l0_k + 1).

Per-type prompts change only the weights ``c_j``: the theory admits ``p_k a`` of every
type, so a proportional state stays proportional and scheme A equals the theory's
admissions whatever the prompts.  Where it does not apply: a non-proportional ``X_0``
(``one-per-stage``, most explicit states).  With a common prompt its history at least
keeps each stage's tokens; with different prompts a stage's tokens depend on its type
mix, so even the batch-0 token count differs from the state's.  Scheme A has no eviction
step, so it never describes the simulation.

The history before batch 0 is read off the initial state's stage totals,
``a_{-i} = (sum_k X_0[k, i]) / s_i`` with ``s_i = sum_k p_k [i < l_k]``; it is exact
when ``X_0`` is proportional and an approximation otherwise.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from ..params import ModelParams
from .recurrence import extend_admissions
from .step import Trajectory

__all__ = ["run_aggregate", "aggregate_history"]


def aggregate_history(params: ModelParams, X0: np.ndarray) -> list[Fraction]:
    """Admission history ``[a_0, a_{-1}, .., a_{1-L}]`` implied by ``X0`` (exact).

    Examples
    --------
    >>> from coupling_sym.params import make_params
    >>> from coupling_sym.state import initial_state
    >>> params = make_params(3, (2, 3), (1, 1), 60)
    >>> aggregate_history(params, initial_state(params, "one-per-stage"))
    [Fraction(2, 1), Fraction(2, 1), Fraction(2, 1)]
    """
    totals = [sum((Fraction(X0[k, i]) for k in range(params.K)), Fraction(0)) for i in range(params.L)]
    return [total / share for total, share in zip(totals, params.stage_shares)]


def run_aggregate(params: ModelParams, X0: np.ndarray, steps: int, exact: bool = False) -> Trajectory:
    """Run scheme A for ``steps`` transitions; ``states`` and evictions are not tracked.

    Examples
    --------
    >>> from coupling_sym.params import make_params
    >>> from coupling_sym.state import initial_state
    >>> params = make_params(3, (2, 3), (1, 1), 60)
    >>> run_aggregate(params, initial_state(params), 3, exact=True).admissions.tolist()
    [Fraction(15, 1), Fraction(-15, 4), Fraction(135, 16), Fraction(465, 64)]
    """
    if not exact:
        return _run_aggregate_float(params, X0, steps)
    convert = Fraction if exact else float
    dtype = object if exact else float
    weights = [convert(c) for c in params.stage_weights]
    history = [convert(a) for a in aggregate_history(params, X0)]
    budget, entry = convert(params.B), convert(params.admission_tokens)
    admissions = [history[0]]
    tokens = [sum(w * a for w, a in zip(weights, history))]
    for _ in range(steps):
        held = sum(w * a for w, a in zip(weights[1:], history[:-1]))
        history = [(budget - held) / entry] + history[:-1]
        admissions.append(history[0])
        tokens.append(sum(w * a for w, a in zip(weights, history)))
    empty = np.zeros((steps + 1, max(params.L - 1, 0)), dtype=dtype)
    return Trajectory(np.array(admissions, dtype=dtype), empty, np.array(tokens, dtype=dtype), None)


def _run_aggregate_float(params: ModelParams, X0: np.ndarray, steps: int) -> Trajectory:
    """Scheme A in float64 by blocks of batches (:mod:`coupling_sym.dynamics.recurrence`)."""
    weights = np.array([float(c) for c in params.stage_weights])
    history = np.array([float(a) for a in aggregate_history(params, X0)])
    later = extend_admissions(weights, float(params.B), history[:-1], steps)
    admissions = np.concatenate([history[:1], later])
    with np.errstate(all="ignore"):  # an unstable recursion overflows, as it did batch by batch
        tokens = np.convolve(np.concatenate([history[::-1], later]), weights, mode="valid")
    return Trajectory(admissions, np.zeros((steps + 1, max(params.L - 1, 0))), tokens, None)
