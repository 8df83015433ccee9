"""The eviction simulation for many settings at once, in float64 numpy arrays.

Convention: ``S`` settings are advanced together.  Their states are stacked in one
array of shape ``(S, K_max, L_max)``: setting ``s`` keeps its ``(K_s, L_s)`` state of
:mod:`coupling_sym.state` in the corner ``[s, :K_s, :L_s]`` and zeros elsewhere (a stage
mask keeps them zero), so settings with different decode lengths, and different
numbers of types, share the arrays.

Each transition is the one of :func:`coupling_sym.dynamics.run_simulation` (complete,
advance, compute the room ``R``, admit ``R / (l0 + 1)`` split by ``p_k`` or evict ``-R``
tokens by the chosen policy), done with the same float64 operations in the same order,
so every state and eviction equals the single-setting run bit for bit.  Two details
make that hold:

* Sums over a setting's stages and types are taken over its own ``K_s * L_s`` entries
  in its own row-major order (settings of equal shape are gathered together and summed
  by the same numpy reduction ``run_simulation`` uses), never over the padded row:
  numpy sums eight or more terms pairwise, so padding zeros into the middle of a sum
  would change its rounding.
* Sums over types alone (at most 7 terms) are sequential in numpy, where trailing
  zeros change nothing; more than 7 types per setting is therefore refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence

import numpy as np

from ..errors import parameter_error
from ..params import ModelParams
from .eviction import POLICIES
from .step import Trajectory

__all__ = ["BatchedRun", "run_batched", "MAX_TYPES"]

#: Largest number of types per setting: numpy adds up to 7 terms one by one, and only
#: then do trailing padding zeros leave a sum over types unchanged.
MAX_TYPES = 7

_CHUNK = 256  # batches buffered before per-stage evictions are totalled


class _OrderedSums:
    """Per-setting sums of the first entries of padded rows, in the unpadded order.

    ``positions[s]`` lists, in the order ``run_simulation`` flattens them, the entries
    of setting ``s``'s padded row (of length ``width``) that make up its sum.  Settings
    with the same positions are summed together with one numpy reduction over a
    contiguous last axis, which is the reduction the single-setting code performs.
    """

    def __init__(self, positions: Sequence[np.ndarray], width: int):
        self.width = width
        groups: dict[tuple[int, ...], list[int]] = {}
        for s, pos in enumerate(positions):
            groups.setdefault(tuple(int(i) for i in pos), []).append(s)
        self.whole = len(groups) == 1 and next(iter(groups)) == tuple(range(width))
        self.groups = [(np.array(members), np.array(pos, dtype=np.intp)) for pos, members in groups.items()]

    def __call__(self, values: np.ndarray) -> np.ndarray:
        """Sum ``values`` of shape ``(S, ..., width)`` over the last axis; shape ``(S, ...)``."""
        if self.whole:
            return values.sum(axis=-1)
        out = np.empty(values.shape[:-1])
        for members, pos in self.groups:
            if not len(pos):
                out[members] = 0.0
            else:
                out[members] = np.take(values[members], pos, axis=-1).sum(axis=-1)
        return out


@dataclass(frozen=True)
class BatchedRun:
    """Result of :func:`run_batched`, batches ``t = 0 .. steps`` of ``S`` settings.

    Attributes
    ----------
    params : tuple of ModelParams
        The settings, in order.
    admissions : ndarray, shape (S, steps + 1)
        ``sum_k X_t[k, 0]`` per setting and batch.
    eviction_totals : ndarray, shape (S, steps + 1)
        Requests evicted on the way into batch ``t``, all stages together.
    evicting : ndarray of bool, shape (S, steps + 1)
        True where batch ``t`` was reached by evicting (the room was negative).
    final_states : ndarray, shape (S, K_max, L_max)
        Padded states of the last batch.
    states : ndarray, shape (S, steps + 1, K_max, L_max) or None
        Padded states of every batch, when recorded.
    evictions : ndarray, shape (S, steps + 1, L_max - 1) or None
        Per-stage evictions (padded), when recorded.
    """

    params: tuple[ModelParams, ...]
    admissions: np.ndarray
    eviction_totals: np.ndarray
    evicting: np.ndarray
    final_states: np.ndarray
    states: np.ndarray | None
    evictions: np.ndarray | None

    @property
    def steps(self) -> int:
        """Number of transitions recorded."""
        return self.admissions.shape[1] - 1

    def trajectory(self, s: int) -> Trajectory:
        """Setting ``s`` as a :class:`~coupling_sym.dynamics.Trajectory` (needs recorded states).

        The padding is cut away, and admissions, eviction totals and tokens are derived
        exactly as :func:`~coupling_sym.dynamics.run_simulation` derives them.
        """
        if self.states is None or self.evictions is None:
            raise parameter_error("record", "True to rebuild single trajectories", False)
        params = self.params[s]
        states = np.ascontiguousarray(self.states[s, :, : params.K, : params.L])
        evictions = np.ascontiguousarray(self.evictions[s, :, : max(params.L - 1, 0)])
        weights = np.arange(params.l0 + 1, params.l0 + 1 + params.L, dtype=float)
        admissions = states[:, :, 0].sum(axis=1)
        tokens = (states * weights[None, None, :]).sum(axis=(1, 2))
        return Trajectory(admissions, evictions, tokens, states)


def _validate(params_list, X0_list, steps, policy) -> None:
    if policy not in POLICIES:
        raise parameter_error("policy", "one of " + ", ".join(POLICIES), policy)
    if isinstance(steps, bool) or not isinstance(steps, (int, np.integer)) or steps < 0:
        raise parameter_error("steps", "a non-negative integer", steps)
    if not params_list:
        raise parameter_error("params_list", "a non-empty list of settings", list(params_list))
    if len(X0_list) != len(params_list):
        raise parameter_error("X0_list", f"a list of {len(params_list)} states (one per setting)",
                              f"{len(X0_list)} states")
    for s, (params, X0) in enumerate(zip(params_list, X0_list)):
        if params.K > MAX_TYPES:
            raise parameter_error(f"params_list[{s}].K", f"at most {MAX_TYPES} types per setting in a batched run",
                                  params.K)
        if np.shape(X0) != (params.K, params.L):
            raise parameter_error(f"X0_list[{s}]", f"a state of shape ({params.K}, {params.L})", np.shape(X0))


class _Grid:
    """Padded constants of the settings (footprints, shares, masks, sum orders)."""

    def __init__(self, params_list: Sequence[ModelParams], X0_list):
        S = len(params_list)
        self.K = max(p.K for p in params_list)
        self.L = max(p.L for p in params_list)
        K, L = self.K, self.L
        self.weights = np.zeros((S, L))
        self.shares = np.zeros((S, K))
        self.mask = np.zeros((S, K, L), dtype=bool)
        self.budget = np.empty(S)
        self.entry = np.empty(S)
        self.X0 = np.zeros((S, K, L))
        token_pos, stage_pos = [], []
        for s, params in enumerate(params_list):
            self.weights[s, :params.L] = [float(params.l0 + 1 + i) for i in range(params.L)]
            self.shares[s, :params.K] = [float(p) for p in params.p]
            for k, lk in enumerate(params.lengths):
                self.mask[s, k, :lk] = True
            self.budget[s] = float(params.B)
            self.entry[s] = float(params.l0 + 1)
            self.X0[s, :params.K, :params.L] = [[float(v) for v in row] for row in X0_list[s]]
            token_pos.append((np.arange(params.K)[:, None] * L + np.arange(params.L)[None, :]).ravel())
            stage_pos.append(np.arange(params.L - 1))
        self.tokens_sum = _OrderedSums(token_pos, K * L)
        self.stage_sum = _OrderedSums(stage_pos, max(L - 1, 0))


def _evict_least_progress(Y: np.ndarray, weights: np.ndarray, need: np.ndarray) -> np.ndarray:
    """Least-progress eviction of ``need`` tokens from each advanced state in ``Y`` (in place)."""
    E, _, L = Y.shape
    evicted = np.zeros((E, max(L - 1, 0)))
    active = np.ones(E, dtype=bool)
    need = need.copy()
    for s in range(L - 1):
        column = Y[:, :, s + 1]
        count = column.sum(axis=1)
        held = weights[:, s + 1] * count
        stage = active & (held > 0)
        whole = stage & (need >= held)
        part = stage & ~(need >= held)
        if whole.any():
            evicted[whole, s] = count[whole]
            Y[whole, :, s + 1] = 0.0
            need[whole] = need[whole] - held[whole]
            active[whole & (need <= 0)] = False
        if part.any():
            col = column[part]
            removed = col * (need[part] / held[part])[:, None]
            evicted[part, s] = removed.sum(axis=1)
            Y[part, :, s + 1] = col - removed
            active[part] = False
        if not active.any():
            break
    return evicted


def _evict_proportional(Y: np.ndarray, held: np.ndarray, excess: np.ndarray) -> np.ndarray:
    """Proportional eviction; ``held`` is the token count of ``Y`` (stage 0 is empty)."""
    fraction = excess / held
    removed = Y[:, :, 1:] * fraction[:, None, None]
    evicted = removed.sum(axis=1)
    Y[:, :, 1:] -= removed
    return evicted


def run_batched(params_list: Sequence[ModelParams], X0_list: Sequence[np.ndarray], steps: int,
                policy: str = "least-progress", record: bool = False,
                progress: Callable[[int], None] | None = None) -> BatchedRun:
    """Run the eviction simulation of every setting for ``steps`` transitions, together.

    Parameters
    ----------
    params_list : sequence of ModelParams
        The settings; decode lengths and numbers of types (up to :data:`MAX_TYPES`) may differ.
    X0_list : sequence of ndarray
        Batch-0 state of each setting, shape ``(K_s, L_s)`` (exact or float).
    steps : int
        Number of transitions.
    policy : {"least-progress", "proportional"}
    record : bool
        Keep every state and per-stage eviction (memory ``S * steps * K_max * L_max``
        floats); needed by :meth:`BatchedRun.trajectory`.
    progress : callable, optional
        Called with the number of batches done since the previous call.

    Returns
    -------
    BatchedRun

    Raises
    ------
    ParameterError
        For an unknown policy, a negative ``steps``, an empty grid, a state of the wrong
        shape or a setting with more than :data:`MAX_TYPES` types.

    Notes
    -----
    Cost per batch is a fixed number of numpy calls over all settings, plus one per
    distinct ``(K_s, L_s)`` shape for the token sum, plus the eviction of the settings
    whose room is negative (one pass per stage emptied, for ``least-progress``).

    Examples
    --------
    >>> from coupling_sym.params import make_params
    >>> from coupling_sym.state import initial_state
    >>> grid = [make_params(3, (2, 3), (1, 1), 60), make_params(0, (1, 2), (1, 3), 1)]
    >>> run = run_batched(grid, [initial_state(p) for p in grid], 4)
    >>> run.admissions.tolist()
    [[15.0, 0.0, 6.0, 7.5, 1.125], [1.0, 0.0, 1.0, 0.0, 1.0]]
    >>> run.evicting[1].tolist()
    [False, True, False, True, False]
    """
    _validate(params_list, X0_list, steps, policy)
    grid = _Grid(params_list, X0_list)
    S, K, L = len(params_list), grid.K, grid.L
    keep = grid.mask[:, :, 1:]
    weights3 = grid.weights[:, None, :]
    stage0 = np.empty((S, steps + 1, K))
    totals = np.zeros((S, steps + 1))
    evicting = np.zeros((S, steps + 1), dtype=bool)
    states = np.empty((S, steps + 1, K, L)) if record else None
    evictions = np.zeros((S, steps + 1, max(L - 1, 0))) if record else None
    buffer = np.zeros((S, _CHUNK, max(L - 1, 0)))
    X = grid.X0.copy()
    stage0[:, 0] = X[:, :, 0]
    if record:
        states[:, 0] = X
    start = 1
    for t in range(1, steps + 1):
        Y = np.zeros_like(X)
        np.copyto(Y[:, :, 1:], X[:, :, :-1], where=keep)
        held = grid.tokens_sum((Y * weights3).reshape(S, K * L))
        room = grid.budget - held
        short = room < 0
        Y[:, :, 0] = grid.shares * (room / grid.entry)[:, None]
        row = buffer[:, (t - start)]
        row[:] = 0.0
        if short.any():
            idx = np.flatnonzero(short)
            Ye = Y[idx]
            Ye[:, :, 0] = 0.0
            if policy == "least-progress":
                row[idx] = _evict_least_progress(Ye, grid.weights[idx], -room[idx])
            else:
                row[idx] = _evict_proportional(Ye, held[idx], -room[idx])
            Y[idx] = Ye
            evicting[:, t] = short
        stage0[:, t] = Y[:, :, 0]
        if record:
            states[:, t] = Y
        X = Y
        if t - start + 1 == _CHUNK or t == steps:
            done = buffer[:, : t - start + 1]
            totals[:, start:t + 1] = grid.stage_sum(done)
            if record:
                evictions[:, start:t + 1] = done
            if progress is not None:
                progress(t - start + 1)
            start = t + 1
    admissions = stage0.sum(axis=2)
    return BatchedRun(tuple(params_list), admissions, totals, evicting, X, states, evictions)
