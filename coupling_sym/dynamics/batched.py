"""The eviction simulation for many settings at once, in float64 numpy arrays.

Convention: the ``S`` settings of a grid are the *last* axis of every array, so each
numpy operation runs over long contiguous rows, one entry per setting.  Setting ``s``
keeps its ``(K_s, L_s)`` state of :mod:`coupling_sym.state` padded to ``(K_max, L_max)``
with zeros, so settings with different decode lengths, and different numbers of types,
share the arrays.  States live in a cohort history ``H[k, c, s]`` (column ``c = L_max + t``
holds the type-``k`` cohort admitted in batch ``t``): stage ``i`` of batch ``t`` is
column ``L_max + t - i``, so advancing a batch moves no data; a cohort is zeroed in the
batch where it completes.  The run goes in segments of 256 batches; after each, a
setting whose state equals, bit for bit, its state ``P <= 64`` batches earlier is
finished by repeating its last ``P`` batches (the transition depends on the state
alone) and leaves the arrays, so converged and exactly cyclic settings stop costing time.

Each transition is the one of :func:`coupling_sym.dynamics.run_simulation` (complete,
advance, compute the room ``R``, admit ``R / (l0 + 1)`` split by ``p_k`` or evict ``-R``
tokens by the chosen policy), done with the same float64 operations in the same order,
so every state and eviction equals the single-setting run bit for bit:

* the token count ``(Y * w).sum()`` of a ``(K_s, L_s)`` state is numpy's pairwise sum
  of its ``K_s L_s`` terms in row-major order; :class:`_TokenSums` reproduces that
  summation tree per setting (padding would otherwise move terms between the eight
  accumulators numpy uses from 8 terms on);
* sums over types (at most :data:`MAX_TYPES` terms) are sequential in numpy, so they are
  formed as ``(x_0 + x_1) + ...`` here, and trailing zeros of padded types change nothing;
* the sequential walk of least-progress eviction is a sequential ``subtract.accumulate``;
* a setting that does not evict goes through the eviction arithmetic with a zero need,
  which changes nothing exactly (``y - y * 0.0 == y``).

The summation tree is numpy's (``pairwise_sum`` in its float loops, unchanged through
numpy 2.x); ``tests/dynamics/test_batched.py`` compares against ``run_simulation`` bit
for bit, so a numpy that sums differently would be caught there.
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
#: then is a sum over types the sequential sum formed here.
MAX_TYPES = 7

_SEGMENT = 256  # batches simulated between checks for exactly repeating states
_MAX_PERIOD = 64  # longest exact period looked for
_BLOCK = 8  # numpy's pairwise sum: fewer than 8 terms one by one, else 8 accumulators
_PAIRWISE_LIMIT = 128  # above this many terms numpy splits the sum in halves (recursion)


class _OrderedSums:
    """Per-setting sums of some entries of padded rows, in the unpadded order.

    ``positions[s]`` lists, in the order ``run_simulation`` flattens them, the entries
    of setting ``s``'s padded row (of length ``width``) that make up its sum.  Settings
    with the same positions are summed together by one numpy reduction over a
    contiguous last axis, the reduction the single-setting code performs.
    """

    def __init__(self, positions: Sequence[np.ndarray], width: int):
        groups: dict[tuple[int, ...], list[int]] = {}
        for s, pos in enumerate(positions):
            groups.setdefault(tuple(int(i) for i in pos), []).append(s)
        self.whole = len(groups) == 1 and next(iter(groups)) == tuple(range(width))
        self.groups = [(np.array(members), np.array(pos, dtype=np.intp)) for pos, members in groups.items()]

    def __call__(self, values: np.ndarray, out: np.ndarray) -> np.ndarray:
        """Sum ``values`` of shape ``(S, ..., width)`` over the last axis into ``out``."""
        if self.whole:
            return values.sum(axis=-1, out=out)
        for members, pos in self.groups:
            out[members] = np.take(values[members], pos, axis=-1).sum(axis=-1) if len(pos) else 0.0
        return out


class _Constants:
    """Per-setting constants, padded to ``(K_max, L_max)`` with settings last (built once).

    The token terms of setting ``s`` are laid out in rows for :class:`_TokenSums`:
    ``row_k[r, s], row_i[r, s]`` name the state entry of row ``r`` (``row_on`` false for a
    term that is always zero), ``row_w`` its footprint.  Settings with more than 128
    terms keep their terms in ``large[s]`` instead.
    """

    def __init__(self, params_list: Sequence[ModelParams]):
        S = len(params_list)
        self.K = K = max(p.K for p in params_list)
        self.L = L = max(p.L for p in params_list)
        self.stage_counts = np.array([p.L - 1 for p in params_list])
        self.weights = np.zeros((L, S))
        self.shares = np.zeros((K, S))
        self.lengths = np.ones((K, S), dtype=np.intp)  # padded types complete at once: always zero
        self.budget = np.array([float(p.B) for p in params_list])
        self.entry = np.array([float(p.l0 + 1) for p in params_list])
        sizes = [p.K * p.L for p in params_list]
        self.blocks = max((n // _BLOCK for n in sizes if n <= _PAIRWISE_LIMIT), default=0)
        head = _BLOCK * self.blocks
        rows = head + _BLOCK
        self.row_k = np.zeros((rows, S), dtype=np.intp)
        self.row_i = np.zeros((rows, S), dtype=np.intp)
        self.row_w = np.zeros((rows, S))
        self.row_on = np.zeros((rows, S), dtype=bool)
        self.large: dict[int, tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]] = {}
        for s, params in enumerate(params_list):
            footprints = [float(params.l0 + 1 + i) for i in range(params.L)]
            self.weights[:params.L, s] = footprints
            self.shares[:params.K, s] = [float(p) for p in params.p]
            self.lengths[:params.K, s] = params.lengths
            # run_simulation's row-major (k, i) order; stage 0 and completed stages are zeros
            terms = [(k, i, footprints[i], 0 < i < params.lengths[k])
                     for k in range(params.K) for i in range(params.L)]
            n = len(terms)
            if n > _PAIRWISE_LIMIT:
                self.large[s] = tuple(np.array(column) for column in zip(*terms))
                continue
            whole = _BLOCK * (n // _BLOCK) if n >= _BLOCK else 0
            places = list(range(whole)) + list(range(head + 1, head + 1 + n - whole))
            for row, (k, i, w, on) in zip(places, terms):
                self.row_k[row, s], self.row_i[row, s], self.row_w[row, s], self.row_on[row, s] = k, i, w, on


class _TokenSums:
    """numpy's float64 sum ``(Y * w).sum()`` of every setting's token terms, all at once.

    Setting ``s`` has ``n_s = K_s L_s`` terms ``Y[k, i] * w[i]`` in row-major order
    (stage 0 and completed stages are zeros).  numpy adds ``n < 8`` terms one by one from
    ``0.0``; for ``8 <= n <= 128`` it keeps eight accumulators ``r_j = a_j + a_{j+8} + ...``
    over the whole blocks of eight, combines them as
    ``((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))`` and adds the ``n % 8``
    remaining terms one by one.  Here the terms are gathered into rows (block rows, then
    a result row and seven tail rows; a term a setting lacks reads an exact zero, and
    ``x + 0.0 == x`` for the non-negative terms of the simulation), the block rows are
    added, the tree is formed, and the tail is added by a sequential
    ``np.add.accumulate``.  Settings with more than 128 terms are gathered in their own
    order and summed by numpy itself.  Offsets point into a history of ``width``
    columns (see :class:`_Segment`) and move by ``S`` per batch.
    """

    def __init__(self, const: _Constants, members: np.ndarray, width: int):
        S, L = len(members), const.L
        self.shift = S
        self.blocks = const.blocks
        column = np.arange(S)
        zeros = (L + 1) * S + column  # type 0's cohort of batch t + 1: still zero in batch t
        offsets = (const.row_k[:, members] * width + L - const.row_i[:, members]) * S + column
        self.index = np.where(const.row_on[:, members], offsets, zeros)
        self.weights = const.row_w[:, members]
        self.terms = np.empty(self.index.shape)
        groups: dict[int, list[int]] = {}
        for j, s in enumerate(members):
            if int(s) in const.large:
                groups.setdefault(len(const.large[int(s)][0]), []).append(j)
        self.large = []
        for group in groups.values():
            ks, is_, ws, ons = (np.array([const.large[int(members[j])][c] for j in group]) for c in range(4))
            index = (ks * width + L - is_) * S + np.array(group)[:, None]
            index = np.where(ons, index, zeros[np.array(group)][:, None])
            self.large.append((np.array(group), index, ws.astype(float)))

    def __call__(self, flat: np.ndarray, t: int, out: np.ndarray) -> np.ndarray:
        """Token sums of batch ``t`` read from the flat history ``flat``, into ``out``."""
        view = flat[t * self.shift:]
        terms = self.terms
        np.take(view, self.index, out=terms)
        terms *= self.weights
        head = _BLOCK * self.blocks
        if self.blocks:
            acc = terms[:_BLOCK]
            for b in range(1, self.blocks):
                acc += terms[_BLOCK * b: _BLOCK * (b + 1)]
            pairs = acc[0::2] + acc[1::2]
            np.add(pairs[0::2], pairs[1::2], out=pairs[:2])
            np.add(pairs[0], pairs[1], out=terms[head])
        tail = terms[head:]
        np.add.accumulate(tail, axis=0, out=tail)
        out[:] = tail[-1]
        for group, index, weights in self.large:
            out[group] = (view[index] * weights).sum(axis=1)
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


def _sum_types(values: np.ndarray) -> np.ndarray:
    """``(values[0] + values[1]) + ...`` over the first axis: numpy's sum of up to 7 terms."""
    if len(values) == 1:
        return values[0].copy()
    total = values[0] + values[1]
    for row in values[2:]:
        total += row
    return total


def _evict_least_progress(Y: np.ndarray, weights: np.ndarray, need: np.ndarray) -> np.ndarray:
    """Least-progress eviction of ``need`` tokens per setting from the advanced states ``Y``.

    ``Y`` is ``(K, L, S)`` (stage 0 empty) and is updated in place; returns the evicted
    requests ``(L - 1, S)``.  :func:`coupling_sym.dynamics.eviction.evict` walks the
    stages with the remaining need ``b`` (``b_0 = need``): an empty stage is skipped; a
    stage holding ``h <= b`` tokens is emptied and ``b`` drops to ``b - h``, the walk
    stopping once ``b <= 0``; the first stage with ``h > b`` keeps ``1 - b / h`` of every
    count and ends the walk (``b - h < 0``).  Since ``b`` never grows, the walk reaches
    stage ``s`` exactly when ``b_s > 0``, with ``b_s`` the sequential
    ``np.subtract.accumulate`` of the stage tokens (the same subtractions in the same
    order; an empty stage subtracts an exact ``0.0``).  So every stage loses the share
    ``min(b_s / h_s, 1)`` if reached and non-empty, else ``0``: ``y * 1.0 == y`` and
    ``y - y == 0.0`` for an emptied stage, ``y * (b / h)`` as in the single run for the
    cut, and nothing for the rest (``y - 0.0 == y``), also when ``need`` is zero.
    """
    L = Y.shape[1]
    advanced = Y[:, 1:, :]
    counts = _sum_types(advanced)
    held = weights[1:] * counts
    remaining = np.empty((L, Y.shape[2]))
    remaining[0] = need
    remaining[1:] = held
    np.subtract.accumulate(remaining, axis=0, out=remaining)
    before = remaining[:-1]
    share = np.zeros_like(held)  # +0.0 where not reached: y * +0.0 is +0.0, as in the single run
    np.divide(before, held, out=share, where=(held > 0) & (before > 0))
    np.minimum(share, 1.0, out=share)
    removed = advanced * share
    evicted = _sum_types(removed)
    advanced -= removed
    return evicted


def _evict_proportional(Y: np.ndarray, held: np.ndarray, need: np.ndarray) -> np.ndarray:
    """Proportional eviction (``held``: the token count of ``Y``; a zero need removes nothing)."""
    fraction = np.zeros_like(held)
    np.divide(need, held, out=fraction, where=need > 0)
    advanced = Y[:, 1:, :]
    removed = advanced * fraction
    evicted = _sum_types(removed)
    advanced -= removed
    return evicted


class _Segment:
    """``count`` batches of the settings ``members``, in a local cohort history.

    ``history[k, c, j]``: column ``c = L_max + tau`` holds the type-``k`` cohort admitted in
    the segment's batch ``tau`` (the starting states fill columns ``1 .. L_max``), so stage
    ``i`` of batch ``tau`` is column ``L_max + tau - i`` and advancing moves no data.
    """

    def __init__(self, const: _Constants, members: np.ndarray, X: np.ndarray, count: int):
        K, L, S = const.K, const.L, len(members)
        self.L = L
        width = L + count + 2
        self.history = np.zeros((K, width, S))
        self.history[:, 1:L + 1, :] = X[:, ::-1, :]
        # in batch tau the cohort admitted l_k batches earlier completes (flat offset + tau * S)
        self.completing = (np.arange(K)[:, None] * width + L - const.lengths[:, members]) * S + np.arange(S)
        self.tokens_sum = _TokenSums(const, members, width)
        self.weights = const.weights[:, members]
        self.shares = const.shares[:, members]
        self.budget = const.budget[members]
        self.entry = const.entry[members]
        self.stage_sum = _OrderedSums([np.arange(const.stage_counts[s]) for s in members], max(L - 1, 0))

    def state(self, tau: int) -> np.ndarray:
        """View ``(K, L, S)`` of the states of batch ``tau``, in stage order."""
        return self.history[:, tau + 1: self.L + tau + 1, :][:, ::-1, :]

    def run(self, count: int, policy: str, keep: int, record: bool):
        """Simulate; return rooms, admitted amounts, per-stage evictions, states (if
        recorded) and the last ``keep + 1`` states, each with the batch axis first."""
        S = len(self.budget)
        K, L = self.history.shape[0], self.L
        flat = self.history.reshape(-1)
        rooms = np.zeros((count + 1, S))
        amounts = np.zeros((count + 1, S))
        evicted = np.zeros((count + 1, max(L - 1, 0), S))
        held = np.empty(S)
        states = np.empty((count + 1, K, L, S)) if record else None
        recent = np.empty((keep + 1, K, L, S))
        if keep == count:
            recent[0] = self.state(0)
        for tau in range(1, count + 1):
            flat[tau * S:][self.completing] = 0.0  # cohorts tau - l_k complete
            self.tokens_sum(flat, tau, held)
            room = rooms[tau]
            np.subtract(self.budget, held, out=room)
            amount = amounts[tau]
            np.divide(room, self.entry, out=amount)
            np.maximum(amount, 0.0, out=amount)  # nothing is admitted where the room is negative
            np.multiply(self.shares, amount, out=self.history[:, L + tau, :])
            if room.min() < 0:
                need = np.maximum(-room, 0.0)
                Y = self.state(tau)
                work = Y.copy()  # contiguous: faster than working through the reversed history view
                if policy == "least-progress":
                    evicted[tau] = _evict_least_progress(work, self.weights, need)
                else:
                    evicted[tau] = _evict_proportional(work, held, need)
                Y[...] = work
            if record:
                states[tau] = self.state(tau)
            if tau >= count - keep:
                recent[tau - (count - keep)] = self.state(tau)
        return rooms, amounts, evicted, states, recent


def _exact_periods(recent: np.ndarray) -> np.ndarray:
    """Least ``P`` with the last state bitwise equal to the one ``P`` batches earlier (0: none).

    The transition is a function of the state alone, so from then on every state and
    every record repeats with period ``P`` exactly.
    """
    bits = recent.view(np.int64)
    last = bits[-1]
    periods = np.zeros(recent.shape[-1], dtype=np.intp)
    for period in range(1, len(recent)):
        same = (bits[-1 - period] == last).all(axis=(0, 1)) & (periods == 0)
        periods[same] = period
    return periods


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
    Cost per batch is a fixed number (about 35) of numpy calls over arrays of ``S`` to
    ``24 S`` entries, whatever the decode lengths and however many settings evict (a
    setting that does not evict goes through the eviction arithmetic with a zero
    need); settings with more than 128 token terms add one call per distinct shape.
    With a few dozen numbers of state per setting, these passes still cost about a
    sixth of a plain Python loop per setting and batch; settings that repeat exactly
    (after batch 256, 512, ...) then cost nothing (``scripts/bench_sweep.py``).
    Memory: ``S * steps`` floats per record, plus ``S * K_max * L_max * steps`` with
    ``record``.

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
    const = _Constants(params_list)
    S, K, L = len(params_list), const.K, const.L
    X = np.zeros((K, L, S))
    for s, params in enumerate(params_list):
        X[:params.K, :params.L, s] = [[float(v) for v in row] for row in X0_list[s]]
    rooms = np.zeros((steps + 1, S))
    amounts = np.zeros((steps + 1, S))
    totals = np.zeros((S, steps + 1))
    final = np.zeros((S, K, L))
    states = np.empty((S, steps + 1, K, L)) if record else None
    evictions = np.zeros((S, steps + 1, max(L - 1, 0))) if record else None
    if record:
        states[:, 0] = np.moveaxis(X, 2, 0)
    stage0 = X[:, 0, :].copy()
    members = np.arange(S)
    start = 0
    while start < steps and len(members):
        count = min(_SEGMENT, steps - start)
        segment = _Segment(const, members, X, count)
        keep = min(_MAX_PERIOD, count)
        seg_rooms, seg_amounts, seg_evicted, seg_states, recent = segment.run(count, policy, keep, record)
        span = slice(start + 1, start + count + 1)
        rooms[span, members] = seg_rooms[1:]
        amounts[span, members] = seg_amounts[1:]
        per_stage = np.moveaxis(seg_evicted[1:], 2, 0)
        totals[members, span] = segment.stage_sum(per_stage, out=np.empty((len(members), count)))
        if record:
            states[members, span] = np.moveaxis(seg_states[1:], 3, 0)
            evictions[members, span] = per_stage
        X = recent[-1]
        start += count
        if progress is not None:
            progress(count)
        if start < steps:
            periods = _exact_periods(recent)
            for j in np.flatnonzero(periods):
                final[members[j]] = _repeat(members[j], int(periods[j]), start, steps, recent[..., j],
                                            rooms, amounts, totals, states, evictions)
            alive = periods == 0
            members, X = members[alive], X[:, :, alive]
    final[members] = np.moveaxis(X, 2, 0)
    if progress is not None and start < steps:
        progress(steps - start)  # every setting repeated exactly: nothing left to simulate
    evicting = (rooms < 0).T
    evicting[:, 0] = False
    admissions = _sum_types(const.shares[:, None, :] * amounts[None, :, :]).T
    admissions[:, 0] = _sum_types(stage0)
    return BatchedRun(tuple(params_list), admissions, totals, evicting, final, states, evictions)


def _repeat(s, period, start, steps, recent, rooms, amounts, totals, states, evictions) -> np.ndarray:
    """Fill batches ``start + 1 .. steps`` of setting ``s`` by repeating its last ``period``
    batches (its state at ``start`` recurs); return its state at ``steps``."""
    later = np.arange(start + 1, steps + 1)
    source = start - period + 1 + (later - start - 1) % period
    rooms[later, s] = rooms[source, s]
    amounts[later, s] = amounts[source, s]
    totals[s, later] = totals[s, source]
    if states is not None:
        states[s, later] = states[s, source]
        evictions[s, later] = evictions[s, source]
    return recent[len(recent) - 1 - (start - source[-1])]
