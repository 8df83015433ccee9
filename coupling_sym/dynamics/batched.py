"""The eviction simulation for many settings at once, as cohort tokens in numpy arrays.

Convention: the ``S`` settings of a grid are the *last* axis of every array, so each
numpy operation runs over contiguous rows, one entry per setting; decode lengths and
numbers of types may differ (stages are padded to ``L_max``, types to ``K_max``).

Cohorts.  Both policies remove the same fraction of every type of a stage, and a stage
holds exactly one cohort (the requests admitted in one batch, or one stage of the
batch-0 state).  So every cohort keeps its type composition for life:

    X_t[k, i] = m_{t-i} v_{t-i}[k] [i < l_k]

with ``v_c = p`` for a cohort admitted in batch ``c >= 1`` (its ``p_k`` split), and for
stage ``j`` of the batch-0 state (cohort ``c = -j``) ``m = sum_k X_0[k, j]``,
``v = X_0[:, j] / m``.  The state of a setting is one number per stage, the tokens
``T_i = g_i m`` its cohort holds, ``g_i = sum_{k: l_k > i} (l0_k + 1 + i) v[k]``; for an
admitted cohort ``g_i = c_i``, the stage weights of ``docs/model.md``.  After ``L`` batches
every stage holds an admitted cohort, the state is ``T_i = c_i a_{t-i}`` (the scheme-A
form, reached whatever the evictions) and one constant ``(L_max - 1, S)`` array of
ratios ``c_i / c_{i-1}`` advances it; the first ``L_max`` batches use a ratio array per
batch.  A batch costs ``K`` times less than in the per-type state, and the per-type
states are rebuilt from the tokens only when they are recorded.

One transition, for all settings at once (``P_i``: tokens of advanced stage ``i``):

1. advance: ``P_i = T_{i-1} c_i / c_{i-1}`` (zero for a completing cohort);
2. ``S_i = P_1 + .. + P_i`` and the total ``Z = S_{L-1}`` by one matrix product with a
   triangular matrix of ones; room ``R = B - Z``;
3. admit ``max(R, 0)`` tokens, that is ``max(R, 0) / sum_k p_k (l0_k + 1)`` requests;
4. where ``R < 0``, least-progress keeps ``min(max(R + S_i, 0), P_i)`` tokens of stage
   ``i``: stages whose tokens up to and including them are at most the need ``-R`` are
   emptied, the stage where the need runs out keeps ``S_i + R``, later stages keep
   ``P_i``; proportional keeps ``P_i B / Z`` everywhere.  A setting with ``R >= 0``
   keeps everything exactly (``R + S_i >= S_i >= P_i`` in floats too).

Records: the room and the evicted tokens per stage of every batch; admissions and
evicted requests (tokens times the cohort's requests per token at that stage: one over
the footprint for a common prompt, ``s_i / c_i`` for an admitted cohort and the batch-0
cohort's own ratio during the first ``L_max`` batches with per-type prompts) follow in
vectorised passes after each segment
of 256 batches.  After a segment a setting whose tokens on its live stages equal, bit
for bit, those ``P <= 64`` batches earlier (both from batch ``L_max - 1`` on, where the
transition depends on the state alone) is finished by repeating its last ``P`` batches
and leaves the arrays.

Blocks.  The settings run in blocks of 512, one block after another, each with the
padding ``K_max``, ``L_max`` of the whole run: a block's arrays stay in the cache, and
the per-batch matrix product stays on one thread.  The segments of every block write into
one set of buffers (:class:`_Scratch`), so no segment maps fresh memory.  Settings never interact; their float
roundings can depend on which settings share a block (matrix-product kernels).

Streaming and cycles.  With ``tail`` only the records of the last batches are kept; the
last evicting batch is tracked over the whole run.  A setting whose state repeats bit for
bit is reported as a :class:`~coupling_sym.dynamics.metrics.Cycle` (least period within
:func:`~coupling_sym.dynamics.metrics.cycle_tolerance`, level, first batch of the
periodic stretch, throughput), the definitions of ``metrics.detect_cycle``.  Rate-limited
admission (``caps``) admits ``min(max(R, 0), cap * admission_tokens)`` tokens.

Exactness contract.  The kernel is generic in its arithmetic: with ``exact=True`` it
runs on ``object`` arrays of Fractions and equals the exact single-setting run
``run_simulation(..., exact=True)`` exactly, state by state.  In float64 it computes
the same map as the float ``run_simulation`` with different roundings (tokens per
cohort instead of per-type counts, other summation orders), so the two agree within a
rounding bound, not bit for bit: ``tests/dynamics/test_batched.py`` checks both, and
derives the bound.  One float difference: the float rounding can leave a sliver of
order ``2^-53 B`` tokens evicted at the stage after the cut.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from fractions import Fraction
from typing import Callable, Iterator, Sequence

import numpy as np

from ..errors import parameter_error
from ..params import ModelParams
from ..state import footprint_matrix
from .eviction import POLICIES
from .step import Trajectory

__all__ = ["BatchedRun", "run_batched", "run_entries", "MAX_ENTRIES"]

_SEGMENT = 256  # batches simulated between checks for exactly repeating states
_MAX_PERIOD = 64  # longest exact period looked for
_DIVISORS = [[d for d in range(1, P) if P % d == 0] for P in range(_MAX_PERIOD + 1)]  # proper divisors
_BLOCK = 512  # settings simulated together (their arrays stay in the processor's cache)
_SEGMENT_ENTRIES = 1 << 22  # cap on the per-segment records (batches x L_max x settings)
_MAX_ENTRIES = 1 << 28  # cap on the numbers a run holds (2 GiB in float64): refused above, not swapped


@dataclass(frozen=True)
class BatchedRun:
    """Result of :func:`run_batched`, batches ``t = 0 .. steps`` of ``S`` settings.

    Arrays are ``float64``, or ``object`` arrays of Fractions for an exact run.

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
    first_batch : int
        First batch held by ``admissions``, ``eviction_totals`` and ``evicting`` (0
        unless the run was streamed with ``tail``: then they have ``steps + 1 - first_batch``
        columns).
    last_eviction : ndarray of int, shape (S,)
        Last batch reached by evicting, ``-1`` for a run that never evicts.
    cycles : tuple of Cycle or None
        Per setting, the :class:`~coupling_sym.dynamics.metrics.Cycle` found by the kernel's
        exact repeat check (cohort tokens equal bit for bit, or ``==`` in Fractions, to
        those ``P <= 64`` batches earlier, checked after every segment and at the end);
        ``None`` when the run did not repeat exactly.
    """

    params: tuple[ModelParams, ...]
    admissions: np.ndarray
    eviction_totals: np.ndarray
    evicting: np.ndarray
    final_states: np.ndarray
    states: np.ndarray | None
    evictions: np.ndarray | None
    first_batch: int = 0
    last_eviction: np.ndarray | None = None
    cycles: tuple = ()

    @property
    def steps(self) -> int:
        """Number of transitions simulated."""
        return self.first_batch + self.admissions.shape[1] - 1

    def trajectory(self, s: int) -> Trajectory:
        """Setting ``s`` as a :class:`~coupling_sym.dynamics.Trajectory` (needs recorded states).

        The padding is cut away, and admissions, eviction totals and tokens are derived
        from the states as :func:`~coupling_sym.dynamics.run_simulation` derives them.
        """
        if self.states is None or self.evictions is None:
            raise parameter_error("record", "True to rebuild single trajectories", False)
        params = self.params[s]
        states = np.ascontiguousarray(self.states[s, :, : params.K, : params.L])
        evictions = np.ascontiguousarray(self.evictions[s, :, : max(params.L - 1, 0)])
        weights = footprint_matrix(params, exact=states.dtype == object)
        if states.dtype == object:
            weights = np.array([[Fraction(w) for w in row] for row in weights], dtype=object)
        admissions = states[:, :, 0].sum(axis=1)
        tokens = (states * weights[None, :, :]).sum(axis=(1, 2))
        return Trajectory(admissions, evictions, tokens, states)


MAX_ENTRIES = _MAX_ENTRIES


def run_entries(S: int, K: int, L: int, steps: int, record: bool = False, tail: int | None = None) -> int:
    """Numbers held by a run of ``S`` settings: the per-setting constants of :class:`_Grid`
    (about ``(2 K_max + 3) L_max^2`` per setting: the batch-0 cohorts' compositions and
    ratios over the first ``L_max`` batches) and the records (all batches, or ``tail + 1``).

    Examples
    --------
    >>> run_entries(9900, 2, 13, 2000), run_entries(9900, 2, 13, 2000, tail=751)
    (51331500, 26601300)
    """
    held = steps + 1 if tail is None else min(steps, tail) + 1
    records = 2 * held + ((steps + 1) * (K * L + L) if record else 0)
    return S * ((2 * K + 3) * L * L + records)


def _entries(params_list, steps: int, record: bool, tail: int | None = None) -> int:
    return run_entries(len(params_list), max(p.K for p in params_list), max(p.L for p in params_list), steps,
                       record, tail)


def _check_float_range(params_list) -> None:
    """A float64 run needs ``B``, the footprints ``l0_k + 1 + i`` and ``a*`` as normal floats."""
    tiny, huge = float(np.finfo(float).tiny), float(np.finfo(float).max)  # Python floats: exact comparisons
    for params in params_list:
        if _well_inside(params):
            continue  # correctly rounded floats this far inside the range: the exact checks below pass
        if max(params.prompts) + params.L > huge:
            raise parameter_error("l0", "at most about 1.8e308 in a float64 run", params.prompt_label)
        if not (tiny <= params.equilibrium_admission and params.B <= huge):
            raise parameter_error("B", "a budget with B and a* = B / sum c_j in float64's normal range "
                                  "(about 2.2e-308 to 1.8e308)", params.B)


def _well_inside(params) -> bool:
    """A quick sufficient test for :func:`_check_float_range` (floats of the exact values)."""
    try:
        return (max(params.prompts) + params.L < 1e300 and 1e-300 <= float(params.equilibrium_admission)
                and float(params.B) <= 1e300)
    except OverflowError:
        return False


def _validate(params_list, X0_list, steps, policy, record=False, exact=False, tail=None) -> None:
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
        if np.shape(X0) != (params.K, params.L):
            raise parameter_error(f"X0_list[{s}]", f"a state of shape ({params.K}, {params.L})", np.shape(X0))
    entries = _entries(params_list, steps, record, tail)
    if entries > _MAX_ENTRIES:
        raise parameter_error("run", "small enough to fit in memory (at most 2**28 numbers)",
                              f"{steps} batches of {len(params_list)} settings with L_max = "
                              f"{max(p.L for p in params_list)}: {entries:.2e} numbers")
    if not exact:
        _check_float_range(params_list)


class _Grid:
    """Per-setting constants in the run's arithmetic, settings last (built once).

    ``weights[i]``: footprint ``l0 + 1 + i``; ``cohort[i]``: tokens per admitted request
    at stage ``i`` (``c_i``, zero from ``L_s`` on); ``early[t, i]``: tokens per unit of
    the cohort at stage ``i`` in batch ``t < L_max``; ``ratios[i]`` and
    ``early_ratios[t, i]``: the factor taking a cohort's tokens from stage ``i - 1`` to
    stage ``i`` (``c_i / c_{i-1}``, zero where it completes); ``sizes[j]``: the batch-0
    cohorts ``m_j``; ``per_token[k, i]`` and ``early_per_token[j, k, i]``: type-``k``
    requests per token of an admitted / batch-0 cohort at stage ``i``; ``live[i]``:
    stage ``i`` exists.
    """

    def __init__(self, params_list: Sequence[ModelParams], X0_list: Sequence[np.ndarray], exact: bool,
                 K: int | None = None, L: int | None = None):
        num = Fraction if exact else float
        self.params = tuple(params_list)
        self.caps = None  # rate-limited admission: the most tokens admitted per batch and setting
        self.dtype = dtype = object if exact else float
        self.zero = num(0)
        S = len(params_list)
        self.K = K = max(p.K for p in params_list) if K is None else K  # padding: the whole run's
        self.L = L = max(p.L for p in params_list) if L is None else L
        self.budget = np.array([num(p.B) for p in params_list], dtype=dtype)
        self.per_entry = np.array([num(1) / num(p.admission_tokens) for p in params_list], dtype=dtype)
        # a common prompt keeps the (L, S) footprint row; per-type prompts need (K, L, S)
        common = np.array([p.common_prompt for p in params_list])
        self.all_common = bool(common.all())
        self.weights, footprints = _footprints(params_list, K, L, exact)
        self.per_weight = _divide(np.full((L, S), num(1), dtype=dtype), self.weights)
        lengths = np.zeros((K, S), dtype=np.intp)
        shares = np.full((K, S), self.zero, dtype=dtype)
        X0 = np.full((K, L, S), self.zero, dtype=dtype)
        for s, params in enumerate(params_list):
            lengths[:params.K, s] = params.lengths
            shares[:params.K, s] = [num(p) for p in params.p]
            X0[:params.K, :params.L, s] = [[num(v) for v in row] for row in X0_list[s]] if exact else \
                [[0.0 if v.__class__ is Fraction and not v else float(v) for v in row] for row in X0_list[s]]
        exists = np.arange(L)[None, :, None] < lengths[:, None, :]  # (K, L, S): i < l_k
        self.live = exists.any(axis=0)
        alive = np.where(exists, shares[:, None, :], self.zero)  # p_k [i < l_k]
        self.cohort = np.where(common, self.weights * _sum_first(alive), _sum_first(alive * footprints))
        self.per_token = _divide(alive, self.cohort[None])
        self.sizes = _sum_first(X0)  # (L, S): m_j
        parts = _divide(np.moveaxis(X0, 1, 0), self.sizes[:, None, :])  # v_j[k]
        compositions = np.where(exists[None], parts[:, :, None, :], self.zero)  # [j, k, i]
        counted = _sum_first(np.moveaxis(compositions, 1, 0))  # [j, i]: requests per unit
        carried = np.where(common, self.weights * counted,  # [j, i]: tokens per unit
                           _sum_first(np.moveaxis(compositions * footprints[None], 1, 0)))
        self.early_per_token = _divide(compositions, carried[:, None, :, :])
        self.early = np.empty((L, L, S), dtype=dtype)
        for t in range(L):  # stage i of batch t: admitted cohort if i < t, else batch-0 cohort i - t
            self.early[t, :t] = self.cohort[:t]
            self.early[t, t:] = carried[np.arange(L - t), np.arange(t, L)]
        self.ratios = _divide(self.cohort[1:], self.cohort[:-1])
        self.early_ratios = np.full((L, L - 1, S), self.zero, dtype=dtype)
        self.early_ratios[1:] = _divide(self.early[1:, 1:], self.early[:-1, :-1])
        self.tokens0 = self.sizes * self.early[0]  # batch-0 tokens per stage
        # requests per token of the cohort at stage i: 1 / footprint for a common prompt,
        # s_i / c_i (admitted) or the batch-0 cohort's own ratio (batches t < L) per type
        self.count_per_token = np.where(common, self.per_weight, _divide(_sum_first(alive), self.cohort))
        self.early_count = np.empty((L, L, S), dtype=dtype)
        for t in range(L):
            self.early_count[t, :t] = self.count_per_token[:t]
            self.early_count[t, t:] = _divide(counted, carried)[np.arange(L - t), np.arange(t, L)]
        self.early_count = np.where(common, self.per_weight[None], self.early_count)

    def states(self, members: np.ndarray, batches: np.ndarray, windows: np.ndarray) -> np.ndarray:
        """Per-type states ``(n, K, L, S')`` from cohort tokens ``windows (n, L, S')`` of ``batches``."""
        X = windows[:, None, :, :] * _columns(self.per_token, members)[None]
        rows, stages = np.nonzero(batches[:, None] <= np.arange(self.L)[None, :])  # stage i >= t: the batch-0
        if len(rows):  # cohort j = i - t, with its own requests per token
            parts = _columns(self.early_per_token[stages - batches[rows], :, stages], members)  # (entries, K, S')
            X[rows, :, stages, :] = windows[rows, stages, None, :] * parts
        return X


def _footprints(params_list, K: int, L: int, exact: bool) -> tuple[np.ndarray, np.ndarray]:
    """Footprints ``l0_k + 1 + i`` per stage and setting, ``(L, S)`` of type 0 and ``(K, L, S)``
    (a padded type repeats the last one), as Fractions or as the floats of the exact integers."""
    prompts = [[p.prompts[min(k, p.K - 1)] for p in params_list] for k in range(K)]
    if not exact and max(map(max, prompts)) + L < 2 ** 53:  # int64 sums, then exact conversions
        footprints = (np.array(prompts, dtype=np.int64)[:, None, :] + 1 + np.arange(L)[None, :, None]).astype(float)
        return footprints[0].copy(), footprints
    num = Fraction if exact else float
    dtype = object if exact else float
    footprints = np.array([[[num(row[s] + 1 + i) for s in range(len(params_list))] for i in range(L)]
                           for row in prompts], dtype=dtype)
    return footprints[0].copy(), footprints


def _columns(values: np.ndarray, index: np.ndarray) -> np.ndarray:
    """``values[..., index]`` (a copy): settings are the last axis, and ``np.take`` gathers
    along it about ten times faster than fancy indexing (same entries, contiguous)."""
    return np.take(values, index, axis=-1)


def _divide(numerator: np.ndarray, denominator: np.ndarray) -> np.ndarray:
    """``numerator / denominator`` (broadcast), zero where the denominator is zero."""
    numerator, denominator = np.broadcast_arrays(numerator, denominator)
    out = np.full(numerator.shape, numerator.dtype.type(0) if numerator.dtype != object else Fraction(0),
                  dtype=numerator.dtype)
    np.divide(numerator, denominator, out=out, where=denominator != 0)
    return out


def _sum_first(values: np.ndarray) -> np.ndarray:
    """Sum over the first axis, ``(x_0 + x_1) + ...`` in exact or float arithmetic."""
    total = values[0].copy()
    for row in values[1:]:
        total = total + row
    return total


def _simulate_segment(grid: _Grid, members: np.ndarray, window: np.ndarray, start: int, count: int,
                      policy: str, keep: int, record: bool, buffers: "_Scratch | None" = None, slot: int = 0):
    """Batches ``start + 1 .. start + count`` of ``members`` from the cohort tokens ``window``
    ``(L, S')`` of batch ``start``.

    Returns per batch (row 0 unused) the room ``R`` ``(count + 1, S')`` and the evicted
    tokens per advanced stage ``(count + 1, L - 1, S')``; the cohort tokens of every
    batch (if ``record``) and of the last ``keep + 1`` batches.  The cohort history ``H``
    runs backwards in time: the cohort admitted in local batch ``tau`` is row
    ``count - tau``, so stage ``i`` of batch ``tau`` is row ``count - tau + i`` and the
    stages of a batch are a contiguous block of rows.  With ``buffers`` the history, rooms,
    evictions and recent tokens are views of ``buffers`` (valid until the next segment; the
    recent tokens until the next segment with the same ``slot``).
    """
    L, S, dtype = grid.L, len(members), grid.dtype
    buffers = _Scratch(dtype) if buffers is None else buffers
    H = buffers.take("history", (count + L, S))
    H[count:] = window
    rooms = buffers.take("rooms", (count + 1, S))  # every row written (row 0 unused)
    removed = buffers.take("removed", (count + 1, L - 1, S))  # zeroed batch by batch: no memset of it all
    rooms[0], removed[0] = grid.zero, grid.zero
    ratios = _columns(grid.ratios, members)
    early = _columns(grid.early_ratios, members) if start < L else None
    # sums[i] = P_1 + .. + P_{i+1} for i < L - 1, sums[L - 1] = all tokens: one matrix product
    summing = np.tril(np.ones((L, L - 1), dtype=int)).astype(dtype)
    summing[L - 1] = 1
    sums = np.empty((L, S), dtype=dtype)
    scratch = np.empty((L - 1, S), dtype=dtype)
    factor = np.empty(S, dtype=dtype)
    windows = np.empty((count + 1, L, S), dtype=dtype) if record else None
    recent = buffers.take(f"recent {slot}", (keep + 1, L, S))
    if record:
        windows[0] = window
    if keep == count:
        recent[0] = H[count:]  # ``window`` may be a view of the previous segment's recent tokens
    caps = None if grid.caps is None else grid.caps[members]
    _run_batches(H, rooms, removed, ratios, early, summing, sums, scratch, factor, grid.budget[members],
                 windows, recent, start, count, L, policy == "least-progress", count - keep, record, caps)
    return rooms, removed, windows, recent


class _Scratch:
    """Arrays reused from one segment to the next, each a contiguous prefix of one buffer.

    A segment's records and recent tokens are some 30 MB for a block of 512 settings;
    allocated afresh for every segment, their pages were cleared and mapped again each
    time (0.45 s of system time on the large sweep grid).  The views have the shapes and
    layout of freshly allocated arrays, so every operation on them is the same.
    """

    def __init__(self, dtype):
        self.dtype = dtype
        self.buffers: dict[str, np.ndarray] = {}

    def take(self, name: str, shape: tuple[int, ...]) -> np.ndarray:
        """An uninitialised C-contiguous array of ``shape`` on buffer ``name`` (grown when too small)."""
        size = int(np.prod(shape))
        buffer = self.buffers.get(name)
        if buffer is None or buffer.size < size:
            buffer = self.buffers[name] = np.empty(size, dtype=self.dtype)
        return buffer[:size].reshape(shape)


def _run_batches(H, rooms, removed, ratios, early, summing, sums, scratch, factor, budget,
                 windows, recent, start, count, L, least, first_recent, record, caps=None) -> None:
    """The batch loop of :func:`_simulate_segment` (its arrays, updated in place); ``caps``:
    the most tokens a batch admits per setting (rate-limited admission), else ``None``."""
    held, reached = sums[L - 1], sums[:L - 1]
    zero, one = (Fraction(0), Fraction(1)) if H.dtype == object else (0.0, 1.0)
    multiply, matmul, subtract, maximum, minimum, add = np.multiply, np.matmul, np.subtract, np.maximum, \
        np.minimum, np.add
    lowest = np.minimum.reduce
    for tau in range(1, count + 1):
        top = count - tau
        advanced = H[top + 1:top + L]
        multiply(advanced, ratios if start + tau >= L else early[start + tau], out=advanced)  # tokens, new stages
        matmul(summing, advanced, out=sums)
        room = rooms[tau]
        subtract(budget, held, out=room)
        maximum(room, zero, out=H[top])  # admitted tokens; nothing where the room is negative
        if caps is not None:
            minimum(H[top], caps, out=H[top])  # rate-limited: at most cap requests
        if lowest(room) < 0:
            gone = removed[tau]
            gone[...] = advanced
            if least:  # stage i keeps min(max(R + P_1 + .. + P_i, 0), P_i)
                add(reached, room, out=scratch)
                maximum(scratch, zero, out=scratch)
                minimum(scratch, advanced, out=advanced)
            else:  # every stage keeps B / sum P where R < 0
                factor[...] = one
                np.divide(budget, held, out=factor, where=room < 0)
                multiply(advanced, factor, out=advanced)
            subtract(gone, advanced, out=gone)
        else:
            removed[tau] = zero
        if record:
            windows[tau] = H[top:top + L]
        if tau >= first_recent:
            recent[tau - first_recent] = H[top:top + L]


def _segment_records(grid: _Grid, members: np.ndarray, rooms: np.ndarray, removed: np.ndarray, per_stage: bool,
                     start: int = 0):
    """Admissions, evicting flags, eviction totals and (if ``per_stage``) evicted requests per
    stage ``(n, L - 1, S')`` of the batches ``start + 1 ..`` recorded by :func:`_simulate_segment`."""
    admitted = np.maximum(rooms, grid.zero)
    if grid.caps is not None:
        admitted = np.minimum(admitted, grid.caps[members])
    admitted = admitted * grid.per_entry[members]
    per_weight = _columns(grid.count_per_token[1:], members)
    early = [] if grid.all_common else [row for row in range(len(rooms)) if start + 1 + row < grid.L]
    if early:  # the batch-0 cohorts are still in the batch: their own requests per token
        per_weight = np.broadcast_to(per_weight, removed.shape).copy()
        for row in early:
            per_weight[row] = _columns(grid.early_count[start + 1 + row, 1:], members)
        evicted = removed * per_weight
        totals = _sum_first(np.moveaxis(evicted, 1, 0)) if removed.shape[1] else np.zeros_like(rooms)
        return admitted, rooms < 0, totals, (evicted if per_stage or grid.dtype == object else None)
    if per_stage or grid.dtype == object or not removed.shape[1]:
        evicted = removed * per_weight
        totals = _sum_first(np.moveaxis(evicted, 1, 0)) if removed.shape[1] else np.zeros_like(rooms)
        return admitted, rooms < 0, totals, evicted
    return admitted, rooms < 0, np.einsum("nis,is->ns", removed, per_weight), None


def _exact_periods(recent: np.ndarray, live: np.ndarray) -> np.ndarray:
    """Least ``P`` with the last cohort tokens equal on the live stages to those ``P`` batches
    earlier (0: none); exact comparison (bitwise in float64).

    From batch ``L_max - 1`` on the transition is a function of these tokens alone, so
    from then on every state and every record repeats with period ``P`` exactly.
    """
    if recent.dtype == object:
        masked = np.where(live, recent, 0)
        same = (masked[-2::-1] == masked[-1]).all(axis=1)  # row r: period r + 1
    else:  # the bits compared in place; a stage that is not live counts as equal
        bits = recent.view(np.int64)
        same = ((bits[-2::-1] == bits[-1]) | ~live).all(axis=1)
    return np.where(same.any(axis=0), same.argmax(axis=0) + 1, 0)


def run_batched(params_list: Sequence[ModelParams], X0_list: Sequence[np.ndarray], steps: int,
                policy: str = "least-progress", record: bool = False,
                progress: Callable[[int], None] | None = None, exact: bool = False,
                tail: int | None = None, caps: Sequence | None = None) -> BatchedRun:
    """Run the eviction simulation of every setting for ``steps`` transitions, together.

    Parameters
    ----------
    params_list : sequence of ModelParams
        The settings; decode lengths and numbers of types may differ.
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
    exact : bool
        Run in Fractions (``object`` arrays) instead of float64: slow, for checking.
    tail : int, optional
        Keep the admissions and eviction totals of the last ``tail + 1`` batches only
        (streamed: memory ``S * tail`` instead of ``S * steps``); the last evicting batch
        and the cycles are tracked for the whole run.  Not with ``record``.
    caps : sequence, optional
        Rate-limited admission: setting ``s`` admits at most ``caps[s]`` requests per
        batch (:class:`~coupling_sym.dynamics.admission.RateLimited` with saturated
        queues); default greedy.

    Returns
    -------
    BatchedRun

    Raises
    ------
    ParameterError
        For an unknown policy, a negative ``steps``, an empty grid, a state of the
        wrong shape, a run of more than ``2**28`` numbers (settings x batches held and
        the ``L_max^2`` constants of the first batches), a cap that is not positive, or
        (in float64) a budget or prefill length outside the float range.

    Notes
    -----
    Cost per batch is 5 numpy calls over arrays of ``S`` to ``L_max S`` entries, plus 5
    when some setting evicts (the cohort form of the module docstring), whatever the
    number of types; settings that repeat exactly (checked after each segment) then
    cost nothing.  With a few hundred settings this is bound by the Python calls
    (``scripts/bench_sweep.py``).
    Memory: ``S * steps`` numbers per record (``S * tail`` with ``tail``), plus
    ``S * K_max * L_max * steps`` with ``record``; per segment at most about ``2 ** 23``
    numbers of scratch.

    Examples
    --------
    >>> from coupling_sym.params import make_params
    >>> from coupling_sym.state import initial_state
    >>> grid = [make_params(3, (2, 3), (1, 1), 60), make_params(0, (1, 2), (1, 3), 1)]
    >>> run = run_batched(grid, [initial_state(p) for p in grid], 4, exact=True)
    >>> [[str(a) for a in row] for row in run.admissions]
    [['15', '0', '6', '15/2', '9/8'], ['1', '0', '1', '0', '1']]
    >>> run.evicting[1].tolist(), run.cycles[1]
    ([False, True, False, True, False], Cycle(period=2, level=1, start_batch=0, throughput=Fraction(3, 8)))
    """
    if record and tail is not None:
        raise parameter_error("tail", "None when every batch is recorded", tail)
    if tail is not None and (isinstance(tail, bool) or not isinstance(tail, (int, np.integer)) or tail < 0):
        raise parameter_error("tail", "a non-negative integer", tail)
    _validate(params_list, X0_list, steps, policy, record, exact, tail)
    S, K, L = len(params_list), max(p.K for p in params_list), max(p.L for p in params_list)
    dtype = object if exact else float
    token_caps = None if caps is None else _token_caps(params_list, caps, exact)
    first = 0 if tail is None else max(0, steps - tail)  # first batch held
    held = steps + 1 - first
    with _small_pages():  # written once, a few rows at a time
        out = _Outputs(np.zeros((S, held), dtype=dtype), np.zeros((S, held), dtype=dtype),
                       np.zeros((S, held), dtype=bool), np.full(S, -1, dtype=np.intp),
                       np.zeros((S, K, L), dtype=dtype),
                       np.zeros((S, steps + 1, K, L), dtype=dtype) if record else None,
                       np.zeros((S, steps + 1, max(L - 1, 0)), dtype=dtype) if record else None)
    cycles: list = []
    report = _BlockProgress(progress, steps, S)
    buffers = _Scratch(dtype)  # the segments' arrays, shared by the blocks
    for low in range(0, S, _BLOCK):  # blocks share nothing but the padding (K, L)
        high = min(S, low + _BLOCK)
        grid = _Grid(params_list[low:high], X0_list[low:high], exact, K, L)
        grid.caps = None if token_caps is None else token_caps[low:high]
        cycles += _run_block(grid, steps, first, policy, record, out.rows(low, high), report.block(high - low),
                             buffers)
    report.finish()
    return BatchedRun(tuple(params_list), out.admissions, out.totals, out.evicting, out.final, out.states,
                      out.evictions, first, out.last_eviction, tuple(cycles))


@contextmanager
def _small_pages() -> Iterator[None]:
    """Arrays allocated inside get ordinary pages, not numpy's transparent huge pages.

    numpy advises huge pages for every array of 4 MB or more.  Where the operating
    system then compacts memory on the first touch of each 2 MB page (Linux with
    ``defrag = madvise``), filling the records of the large sweep grid (125 MB, written
    once) cost 0.2-0.45 s of system time, about 0.05 s with ordinary pages.  The switch
    is numpy's own (``NUMPY_MADVISE_HUGEPAGE``, a private function); without it, nothing
    changes.
    """
    try:
        from numpy._core.multiarray import _set_madvise_hugepage
    except ImportError:  # pragma: no cover - other numpy versions
        yield
        return
    previous = _set_madvise_hugepage(False)
    try:
        yield
    finally:
        _set_madvise_hugepage(previous)


@dataclass(frozen=True)
class _Outputs:
    """The arrays a run fills, settings first; :meth:`rows` gives a block's views."""

    admissions: np.ndarray
    totals: np.ndarray
    evicting: np.ndarray
    last_eviction: np.ndarray
    final: np.ndarray
    states: np.ndarray | None
    evictions: np.ndarray | None

    def rows(self, low: int, high: int) -> "_Outputs":
        return _Outputs(*(None if a is None else a[low:high] for a in self.__dict__.values()))


class _BlockProgress:
    """``progress(n)`` in batches of the whole run while blocks of settings run one after another."""

    def __init__(self, progress, steps: int, S: int):
        self.progress, self.steps, self.S, self.done, self.sent = progress, steps, S, 0.0, 0

    def block(self, size: int):
        if self.progress is None:
            return None

        def advance(count: int) -> None:
            self.done += count * size / self.S
            step = min(int(self.done), self.steps) - self.sent
            if step > 0:
                self.sent += step
                self.progress(step)
        return advance

    def finish(self) -> None:
        if self.progress is not None and self.sent < self.steps:
            self.progress(self.steps - self.sent)


def _run_block(grid: _Grid, steps: int, first: int, policy: str, record: bool, out: _Outputs, progress,
               buffers: _Scratch | None = None) -> list:
    """Simulate the settings of ``grid`` into their rows ``out``; return their cycles (``buffers``:
    the segments' reused arrays, :class:`_Scratch`)."""
    S, L = len(grid.params), grid.L
    admissions, totals, evicting, last_eviction = out.admissions, out.totals, out.evicting, out.last_eviction
    final, states, evictions = out.final, out.states, out.evictions
    cycles: list = [None] * S
    if first == 0:
        admissions[:, 0] = grid.sizes[0]
    everyone = np.arange(S)
    if record:
        states[:, 0] = np.moveaxis(grid.states(everyone, np.array([0]), grid.tokens0[None])[0], -1, 0)
    members, window, start = everyone, grid.tokens0.copy(), 0
    # cohort tokens of the batches up to ``start`` (the last 65): member j is column before_of[j]
    before, before_of = grid.tokens0[None], everyone
    segment = max(_MAX_PERIOD + 1, min(_SEGMENT, _SEGMENT_ENTRIES // (L * S)))
    slot = 0  # the recent tokens of two segments in turn, so that ``before`` stays valid
    while start < steps and len(members):
        count = min(segment, steps - start)
        rooms, removed, windows, recent = _simulate_segment(grid, members, window, start, count, policy, count,
                                                            record, buffers, slot)
        admitted, flags, eviction_totals, evicted = _segment_records(grid, members, rooms[1:], removed[1:], record,
                                                                     start)
        _note_evictions(last_eviction, members, eviction_totals, start)
        low = max(start + 1, first)
        if low <= start + count:
            rows = slice(low - start - 1, count)
            span = np.arange(low, start + count + 1) - first
            cells = np.ix_(members, span) if len(members) < S else (slice(None), slice(span[0], span[-1] + 1))
            admissions[cells] = admitted[rows].T
            evicting[cells] = flags[rows].T
            totals[cells] = eviction_totals[rows].T
        if record:
            span = np.arange(start + 1, start + count + 1)
            cells = np.ix_(members, span) if len(members) < S else (slice(None), slice(start + 1, start + count + 1))
            states[cells] = np.moveaxis(grid.states(members, span, windows[1:]), -1, 0)
            evictions[cells] = np.moveaxis(evicted, -1, 0)
        window = recent[-1]
        start += count
        if progress is not None:
            progress(count)
        periods = _exact_periods(recent[-(_MAX_PERIOD + 1):], _columns(grid.live, members))
        periods[start - periods < L - 1] = 0  # a repeat counts once both states are past batch L_max - 1
        repeating = np.flatnonzero(periods)
        if len(repeating):  # the tokens of the last batches, of the repeating settings only
            seen = np.concatenate([_columns(before, before_of[repeating]), _columns(recent[1:], repeating)])
            seen = seen[-(count + _MAX_PERIOD + 1):]
        if len(repeating):
            found = _kernel_cycles(grid, members[repeating], periods[repeating], start, seen,
                                   _columns(admitted, repeating), _columns(eviction_totals, repeating))
        for column, j in enumerate(repeating):
            cycles[int(members[j])] = found[column]
        if start < steps and states is None and len(repeating):
            for period in np.unique(periods[repeating]):  # the settings of one period together
                js = repeating[periods[repeating] == period]
                block = tuple(_columns(values[-period:], js) for values in (admitted, flags, eviction_totals))
                _repeat_group(grid, members[js], int(period), start, steps, first, _columns(recent[-period:], js),
                              block, admissions, totals, evicting, last_eviction, final)
        elif start < steps:
            for j in repeating:
                s, period = int(members[j]), int(periods[j])
                block = (admitted[-period:, j], flags[-period:, j], eviction_totals[-period:, j])
                final[s] = _repeat(grid, s, period, start, steps, first, recent[..., j], block, admissions,
                                   totals, evicting, last_eviction, states, evictions)
        if start < steps:
            alive = np.flatnonzero(periods == 0)
            members, window = members[alive], _columns(window, alive)
            before, before_of, slot = recent[-(_MAX_PERIOD + 1):], alive, 1 - slot  # a view of this slot
    if len(members):
        final[members] = np.moveaxis(grid.states(members, np.array([steps]), window[None])[0], -1, 0)
    if progress is not None and start < steps:
        progress(steps - start)  # every setting repeated exactly: nothing left to simulate
    return cycles


def _token_caps(params_list, caps, exact: bool) -> np.ndarray:
    """The caps in tokens per batch, ``cap * admission_tokens``, in the run's arithmetic."""
    from ..params import parse_rational

    if len(caps) != len(params_list):
        raise parameter_error("caps", f"one cap per setting ({len(params_list)})", f"{len(caps)} caps")
    values = []
    for cap, params in zip(caps, params_list):
        value = cap if isinstance(cap, Fraction) else parse_rational(cap, "cap")
        if value <= 0:
            raise parameter_error("cap", "> 0", str(value))
        tokens = value * params.admission_tokens
        values.append(tokens if exact else float(tokens))
    return np.array(values, dtype=object if exact else float)


def _note_evictions(last_eviction: np.ndarray, members: np.ndarray, totals: np.ndarray, start: int) -> None:
    """Move ``last_eviction`` of ``members`` to their last batch of the segment with ``totals > 0``."""
    hit = totals > 0
    hit = hit if hit.dtype == bool else hit.astype(bool)
    some = hit.any(axis=0)
    if some.any():
        last_row = len(hit) - 1 - np.argmax(hit[::-1], axis=0)
        last_eviction[members[some]] = start + 1 + last_row[some]


def _kernel_cycle(grid: _Grid, s: int, period: int, start: int, seen: np.ndarray, admitted, evicted):
    """The :class:`~coupling_sym.dynamics.metrics.Cycle` of setting ``s``, whose cohort tokens
    at ``start`` equal (bit for bit) those ``period`` batches earlier.

    The comparisons are those of :func:`~coupling_sym.dynamics.metrics.detect_cycle`:
    states equal when every per-type entry differs by at most
    :func:`~coupling_sym.dynamics.metrics.cycle_tolerance` (``CYCLE_RTOL * N`` in float64,
    zero in Fractions), read from the tokens (an admitted cohort's type-``k`` requests are
    its tokens times ``per_token[k, i]``).  In float64 a bitwise period can be a multiple
    of the tolerant one (the last bits wobble): the period is the least divisor of the
    bitwise one that repeats within the tolerance.

    ``seen[r]`` holds the cohort tokens of batch ``start - len(seen) + 1 + r``; the stretch
    starts after the last pair ``(t, t + P)`` that differs, and before batch ``L_s - 1``
    only if the per-type states (batch-0 cohorts) agree too.  Level: the fewest empty
    stages over the final period (``metrics.count_empty_stages``); throughput: the mean of
    admissions minus evictions over the bitwise period (the completions,
    :func:`~coupling_sym.dynamics.metrics.flow_throughput`).
    """
    from .metrics import Cycle, cycle_tolerance

    params = grid.params[s]
    exact = seen.dtype == object
    atol = cycle_tolerance(params, exact)
    live = grid.live[:, s]
    values = np.where(live, seen, grid.zero)
    scale = grid.per_token[:, :, s].max(axis=0)  # (L,): largest requests per token over the types

    def apart(d: int) -> np.ndarray:  # row r: batches r and r + d of seen differ
        return (np.abs(values[d:] - values[:-d]) * scale > atol).any(axis=1)

    least = period
    for d in _DIVISORS[period]:
        if len(values) >= period + d and not apart(d)[-period:].any():
            least = d
            break
    differ = np.flatnonzero(apart(least))
    first_seen = start - len(seen) + 1
    begin = max(first_seen + (int(differ[-1]) + 1 if len(differ) else 0), params.L - 1)
    if begin == params.L - 1 and first_seen == 0 and begin > 0:  # earlier batches hold batch-0 cohorts
        rows = np.arange(begin)  # compare the states of batches r and r + least, r < begin, all at once
        pairs = np.concatenate([rows, rows + least])
        X = grid.states(np.array([s]), pairs, seen[pairs][:, :, None])[..., 0]
        differ_early = np.flatnonzero(np.abs(X[:begin] - X[begin:]).max(axis=(1, 2)) > atol)
        begin = int(differ_early[-1]) + 1 if len(differ_early) else 0  # after the last pair that differs
    count = grid.count_per_token[:params.L, s]  # requests per token (summed over the types)
    empty = (np.abs(seen[-least:, :params.L]) * count <= atol).sum(axis=1)
    flow = np.asarray(admitted) - np.asarray(evicted)
    throughput = flow[-least:].sum() / least if exact else flow.sum() / period
    return Cycle(least, int(empty.min()), begin, throughput if exact else float(throughput))


def _kernel_cycles(grid: _Grid, settings: np.ndarray, periods: np.ndarray, start: int, seen: np.ndarray,
                   admitted: np.ndarray, evicted: np.ndarray) -> list:
    """:func:`_kernel_cycle` of several settings at once: ``seen[..., c]``, ``admitted[:, c]`` and
    ``evicted[:, c]`` are those of setting ``settings[c]``, whose bitwise period is ``periods[c]``.

    In float64 the comparisons run over all the settings of one (bitwise, then least) period
    together, entry by entry the same operations as :func:`_kernel_cycle`, so the cycles are
    the same; the early states and the throughput stay per setting.  Fractions: one setting
    at a time.
    """
    from .metrics import Cycle, cycle_tolerance

    if seen.dtype == object:
        return [_kernel_cycle(grid, int(s), int(P), start, seen[..., c], admitted[-int(P):, c], evicted[-int(P):, c])
                for c, (s, P) in enumerate(zip(settings, periods))]
    n = len(seen)
    atol = np.array([cycle_tolerance(grid.params[s]) for s in settings])
    live = _columns(grid.live, settings)
    values = np.where(live, seen, 0.0)
    scale = _columns(grid.per_token, settings).max(axis=0)  # (L, m): largest requests per token over the types

    def apart(d: int, cols: np.ndarray, last: int | None = None) -> np.ndarray:
        """[r, c]: batches r and r + d of seen differ (``last``: only the last ``last`` rows r)."""
        tail = _columns(values if last is None else values[-(last + d):], cols)
        gaps = np.abs(tail[d:] - tail[:-d]) * _columns(scale, cols)
        return (gaps > atol[cols]).any(axis=1)

    least = periods.astype(np.intp)
    for P in np.unique(periods):
        undecided = np.flatnonzero(periods == P)
        for d in _DIVISORS[int(P)]:
            if not len(undecided) or n < P + d:
                break
            ok = ~apart(d, undecided, P)[-P:].any(axis=0)
            least[undecided[ok]] = d
            undecided = undecided[~ok]
    first_seen = start - n + 1
    begin = np.empty(len(settings), dtype=np.intp)
    empty = np.empty(len(settings), dtype=np.intp)
    for d in np.unique(least):
        cols = np.flatnonzero(least == d)
        differ = apart(int(d), cols)
        after = np.where(differ.any(axis=0), len(differ) - np.argmax(differ[::-1], axis=0), 0)
        begin[cols] = first_seen + after
        full = (np.abs(_columns(seen[-d:], cols)) * _columns(grid.count_per_token, settings[cols]) <= atol[cols]) \
            & _columns(live, cols)
        empty[cols] = full.sum(axis=1).min(axis=0)
    lengths = np.array([grid.params[int(s)].L for s in settings])
    first = np.maximum(begin, lengths - 1)
    early = (first == lengths - 1) & (first > 0) & (first_seen == 0)  # earlier batches hold batch-0 cohorts
    for f, d in {(int(f), int(d)) for f, d in zip(first[early], least[early])}:  # settings sharing f and d together
        cols = np.flatnonzero(early & (first == f) & (least == d))
        rows = np.arange(f)  # compare the states of batches r and r + d, r < f
        pairs = np.concatenate([rows, rows + d])
        X = grid.states(settings[cols], pairs, _columns(seen[pairs], cols))  # (2f, K, L, m)
        differ = np.abs(X[:f] - X[f:]).max(axis=(1, 2)) > atol[cols]
        first[cols] = np.where(differ.any(axis=0), f - np.argmax(differ[::-1], axis=0), 0)  # after the last pair
    cycles = []
    for c in range(len(settings)):
        P = int(periods[c])
        flow = np.asarray(admitted[-P:, c]) - np.asarray(evicted[-P:, c])
        cycles.append(Cycle(int(least[c]), int(empty[c]), int(first[c]), float(flow.sum() / P)))
    return cycles


def _repeat_group(grid, settings, period, start, steps, first, recent, block, admissions, totals, evicting,
                  last_eviction, final) -> None:
    """:func:`_repeat` for several settings of the same ``period`` at once (no recorded states):
    ``recent[..., c]`` (at least the last ``period`` batches) and ``block[r][:, c]`` are those of
    setting ``settings[c]``."""
    low = max(start + 1, first)
    if low <= steps:
        phase = (np.arange(low, steps + 1) - start - 1) % period
        for record, values in zip((admissions, evicting, totals), block):
            record[settings, low - first:] = values[phase].T
    hits = np.asarray(block[2] > 0, dtype=bool)  # (period, m)
    phases = np.arange(period)
    reached = start + 1 + phases + period * ((steps - start - 1 - phases) // period)  # last batch of each phase
    usable = hits & (phases <= steps - start - 1)[:, None]
    some = usable.any(axis=0)
    if some.any():  # the last batch <= steps in an evicting phase
        latest = np.where(usable, reached[:, None], -1).max(axis=0)
        last_eviction[settings[some]] = latest[some]
    last = recent[len(recent) - period + (steps - start - 1) % period]  # batch steps repeats this one: (L, m)
    final[settings] = np.moveaxis(grid.states(settings, np.array([steps]), last[None])[0], -1, 0)


def _repeat(grid, s, period, start, steps, first, recent, block, admissions, totals, evicting, last_eviction,
            states, evictions) -> np.ndarray:
    """Fill batches ``start + 1 .. steps`` of setting ``s`` by repeating its last ``period``
    batches ``block`` (admissions, flags, eviction totals; its state at ``start`` recurs);
    return its per-type state at ``steps``."""
    low = max(start + 1, first)
    if low <= steps:
        phase = (np.arange(low, steps + 1) - start - 1) % period
        for record, values in zip((admissions, evicting, totals), block):
            record[s, low - first:] = values[phase]
    hits = np.flatnonzero(np.asarray(block[2] > 0, dtype=bool))
    if len(hits):  # the last batch <= steps in an evicting phase
        q = hits[hits <= steps - start - 1]
        if len(q):
            last_eviction[s] = max(start + 1 + int(p) + period * ((steps - start - 1 - int(p)) // period) for p in q)
    if states is not None:
        source = start - period + 1 + np.arange(steps - start) % period
        states[s, start + 1:] = states[s, source]
        evictions[s, start + 1:] = evictions[s, source]
    last = recent[len(recent) - period + (steps - start - 1) % period]  # batch steps repeats this one
    return grid.states(np.array([s]), np.array([steps]), last[None, :, None])[0, :, :, 0]
