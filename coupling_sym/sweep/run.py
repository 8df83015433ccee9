"""Run a sweep: simulate every setting of a grid together, classify, compare with the verdicts.

Convention: settings are kept in the grid's order (:mod:`coupling_sym.sweep.grid`); the
simulation is the eviction simulation of ``docs/model.md`` in float64, run for all settings
at once by :func:`coupling_sym.dynamics.batched.run_batched` and streamed (only the last
batches the statistics need are kept, :func:`~coupling_sym.sweep.outcome.tail_length`);
outcomes follow :mod:`coupling_sym.sweep.outcome`, cycles are the kernel's own
(:class:`coupling_sym.dynamics.metrics.Cycle`) and agreement :mod:`coupling_sym.sweep.agreement`.
Admission is greedy or rate-limited (:mod:`coupling_sym.dynamics.admission`, ``cap``
defaulting to each setting's ``a*``).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Callable, Sequence

import numpy as np

from ..dynamics.batched import run_batched
from ..dynamics.metrics import Cycle
from ..errors import StateError, parameter_error
from ..state import initial_state
from .certified import certify_setting
from .agreement import DEFAULT_MARGIN, AgreementSummary, judge_agreement, summarise_agreement
from .grid import SweepSetting
from .outcome import classify_tail, last_quarter, tail_length
from .verdicts import assess_settings, critical_prefill

__all__ = ["SWEEP_INITS", "SettingResult", "CriticalLine", "SweepResult", "run_sweep"]

SWEEP_INITS = ("stage0", "one-per-stage")


@dataclass(frozen=True)
class SettingResult:
    """One row of a sweep.

    Attributes
    ----------
    l_A, l_B, l0 : int
    p : Fraction
    verdict : str
        Certified verdict of ``P_l0``: ``stable``, ``on-circle`` or ``unstable``.
    rho : float
        Spectral radius of ``P_l0``.
    outcome : {"converged", "not-converged"}
    period : int or None
    last_eviction : int or None
    final_gap : float
    agreement : {"agree", "disagree", "slow", "unknown"}
    throughput, throughput_loss : float
        Mean completions per batch over the final period (or the last quarter) and
        ``1 - throughput / a*``: the kernel's cycle's throughput when it found one, else
        :func:`coupling_sym.dynamics.metrics.flow_throughput`.
    convergence : str
        ``"certified from batch T"`` or ``"not certified"`` (:mod:`coupling_sym.sweep.certified`;
        always ``"not certified"`` under rate-limited admission).
    evictions : float
        Mean requests evicted per batch over the same batches as ``throughput``.
    cycle : Cycle or None
        The cycle the batched kernel found (its state repeated exactly,
        :class:`coupling_sym.dynamics.metrics.Cycle`): period, eviction level, first batch
        of the periodic stretch, throughput; a converged run's is its fixed point.
    """

    l_A: int
    l_B: int
    l0: int
    p: Fraction
    verdict: str
    rho: float
    outcome: str
    period: int | None
    last_eviction: int | None
    final_gap: float
    agreement: str
    ratio: Fraction = Fraction(1)
    throughput: float | None = None
    throughput_loss: float | None = None
    convergence: str = "not certified"
    evictions: float | None = None
    cycle: Cycle | None = None

    @property
    def cycle_start(self) -> int | None:
        """First batch of the kernel's cycle (``None`` without one)."""
        return None if self.cycle is None else self.cycle.start_batch

    @property
    def cycle_level(self) -> int | None:
        """Eviction level of the kernel's cycle (``None`` without one)."""
        return None if self.cycle is None else self.cycle.level

    def as_dict(self) -> dict:
        """JSON-ready row (``p`` as an exact string such as ``"1/3"``; ``ratio`` only when not 1;
        ``cycle`` as :meth:`Cycle.as_dict`)."""
        row = dict(self.__dict__)
        row["cycle"] = None if self.cycle is None else self.cycle.as_dict()
        row["p"] = str(self.p)
        if self.ratio == 1:
            del row["ratio"]
        else:
            row["ratio"] = str(self.ratio)
        return row


@dataclass(frozen=True)
class CriticalLine:
    """Certified critical prefill length ``l0*`` of a pair at one share ``p`` (the critical
    scale ``t*`` along the prompt ray when ``ratio != 1``)."""

    l_A: int
    l_B: int
    p: Fraction
    l0_star: int | None
    ratio: Fraction = Fraction(1)


@dataclass(frozen=True)
class SweepResult:
    """Everything a sweep reports: rows, ``l0*`` per pair and share, and the summary.

    Examples
    --------
    >>> from coupling_sym.sweep import parse_grid
    >>> result = run_sweep(parse_grid("2", "3", "1,3", "1/2", "60"), 500)
    >>> [(row.l0, row.verdict) for row in result.settings]    # l0* = 2 for (2, 3) at p = 1/2
    [(1, 'on-circle'), (3, 'stable')]
    >>> result.as_dict()["critical"]
    [{'l_A': 2, 'l_B': 3, 'p': '1/2', 'l0_star': 2}]
    """

    settings: tuple[SettingResult, ...]
    critical: tuple[CriticalLine, ...]
    summary: AgreementSummary
    steps: int
    B: Fraction
    init: str
    policy: str
    admission: str = "greedy"
    cap: str | None = None

    def as_dict(self) -> dict:
        """The ``--json`` object: run parameters, ``settings`` list, ``critical`` list, ``summary``
        (``cap`` only under rate-limited admission: ``"a*"`` when each setting's own)."""
        extra = {} if self.admission == "greedy" else {"cap": "a*" if self.cap is None else self.cap}
        return {
            "steps": self.steps, "B": str(self.B), "init": self.init, "policy": self.policy,
            "admission": self.admission, **extra,
            "margin": self.summary.margin,
            "settings": [row.as_dict() for row in self.settings],
            "critical": [{"l_A": c.l_A, "l_B": c.l_B, "p": str(c.p), "l0_star": c.l0_star,
                          **({} if c.ratio == 1 else {"ratio": str(c.ratio)})} for c in self.critical],
            "summary": self.summary.as_dict(),
        }


def _initial_states(grid: Sequence[SweepSetting], init: str) -> list:
    if init not in SWEEP_INITS:
        raise parameter_error("init", "one of " + ", ".join(SWEEP_INITS), init, StateError)
    states = []
    for setting in grid:
        try:
            states.append(initial_state(setting.params, init))
        except StateError as exc:
            raise StateError(f"setting l_A={setting.l_A}, l_B={setting.l_B}, l0={setting.l0}, p={setting.p}: "
                             f"{exc}") from None
    return states


def _caps(grid: Sequence[SweepSetting], admission: str, cap) -> list | None:
    """Per-setting caps in requests per batch (``None``: greedy); ``cap`` defaults to each ``a*``."""
    from ..dynamics.admission import make_admission

    if admission == "greedy":
        make_admission(grid[0].params, admission, cap)  # refuses a cap given with greedy admission
        return None
    return [make_admission(s.params, admission, cap).cap for s in grid]


def _row(setting: SweepSetting, run, index: int, steps: int, X0, policy: str, margin: float,
         greedy: bool, facts) -> SettingResult:
    """Classify one streamed run, fetch its verdict and certificate, measure its costs."""
    from ..dynamics.metrics import flow_throughput, throughput_loss

    params = setting.params
    admissions, evicted = run.admissions[index], run.eviction_totals[index]
    last = int(run.last_eviction[index])
    cycle = run.cycles[index] if run.cycles else None
    outcome = classify_tail(admissions, evicted, steps, None if last < 0 else last,
                            float(params.equilibrium_admission), cycle)
    if greedy:
        label = certify_setting(params, X0, outcome.last_eviction, policy, facts.verdict).label
    else:  # the certificate's argument is about greedy admission
        label = "not certified"
    quarter = last_quarter(steps)
    if cycle is not None:
        throughput, window = float(cycle.throughput), cycle.period
    else:
        throughput, window = float(flow_throughput(admissions, evicted, outcome.period, quarter)), \
            outcome.period or quarter
    recent = np.asarray(evicted[len(evicted) - window:], dtype=float)
    evictions = float(recent.sum() / len(recent)) if window else 0.0  # mean(): the same sum and division
    return SettingResult(setting.l_A, setting.l_B, setting.l0, setting.p, facts.verdict, facts.rho,
                         outcome.outcome, outcome.period, outcome.last_eviction, outcome.final_gap,
                         judge_agreement(facts.verdict, facts.rho, outcome.outcome, margin),
                         setting.ratio, throughput, float(throughput_loss(params, throughput)), label,
                         evictions, cycle)


def run_sweep(grid: Sequence[SweepSetting], steps: int, init: str = "stage0", policy: str = "least-progress",
              margin: float = DEFAULT_MARGIN, progress: Callable[[int], None] | None = None,
              chunk: int | None = None, engine=None, admission: str = "greedy", cap=None) -> SweepResult:
    """Simulate, classify and judge every setting of ``grid``.

    Parameters
    ----------
    grid : sequence of SweepSetting
        From :func:`~coupling_sym.sweep.grid.build_grid` (all with the same ``B``).
    steps : int
        Batches simulated per setting (``>= 1``).
    init : {"stage0", "one-per-stage"}
    policy : {"least-progress", "proportional"}
    margin : float
        Spectral-radius margin of the agreement summary.
    progress : callable, optional
        Called with the number of batches simulated since the last call (with ``chunk``:
        the number of settings of each finished chunk).
    chunk, engine : optional
        Simulate in chunks of ``chunk`` settings on a :class:`~coupling_sym.engine.Engine`
        (:mod:`coupling_sym.sweep.chunked`); default one batch, in-process.
    admission : {"greedy", "rate-limited"}
        Admission strategy (:mod:`coupling_sym.dynamics.admission`).
    cap : number-like, optional
        Rate-limited admission: requests per batch, default each setting's ``a*``.

    Raises
    ------
    ParameterError
        For ``steps < 1``, an unknown ``init``, ``policy`` or ``admission``, a cap with
        greedy admission or ``cap <= 0``, an empty grid, a sweep too large for memory
        (refused before any work, :func:`~coupling_sym.sweep.size.check_sweep_size`), an
        initial state that does not fit a setting (named in the message), or a budget or
        prefill length outside the float64 range.

    Examples
    --------
    >>> from coupling_sym.sweep.grid import build_grid
    >>> result = run_sweep(build_grid([1], [2], [0], ["1/4", "3/4"], B=1), steps=40)
    >>> [(row.outcome, row.period, row.last_eviction) for row in result.settings]
    [('not-converged', 2, 39), ('converged', None, None)]
    >>> capped = run_sweep(build_grid([1], [2], [0], ["1/4"], B=1), steps=40, admission="rate-limited")
    >>> row = capped.settings[0]        # cap a* = 4/7: the 2-cycle is gone
    >>> row.outcome, row.evictions, round(row.throughput_loss, 12)
    ('converged', 0.0, 0.0)
    """
    from .size import check_sweep_size

    if isinstance(steps, bool) or not isinstance(steps, int) or steps < 1:
        raise parameter_error("steps", "a positive integer", steps)
    if not grid:
        raise parameter_error("grid", "a non-empty list of settings", list(grid))
    check_sweep_size(len(grid), max(s.params.L for s in grid), steps, chunk)
    caps = _caps(grid, admission, cap)
    X0 = _initial_states(grid, init)
    tail = tail_length(steps)
    if chunk is None:
        run = run_batched([s.params for s in grid], X0, steps, policy, progress=progress, tail=tail, caps=caps)
    else:
        from .chunked import simulate_in_chunks

        run = simulate_in_chunks([s.params for s in grid], X0, steps, policy, chunk, engine, progress, tail, caps)
    assessed = assess_settings([s.params for s in grid])
    rows = [_row(setting, run, index, steps, X0[index], policy, margin, caps is None, assessed[index])
            for index, setting in enumerate(grid)]
    lines, seen = [], set()
    for setting in grid:
        key = (setting.l_A, setting.l_B, setting.p)
        if key + (setting.ratio,) not in seen:
            seen.add(key + (setting.ratio,))
            lines.append(CriticalLine(*key, critical_prefill(*key, setting.ratio), setting.ratio))
    summary = summarise_agreement([r.verdict for r in rows], [r.rho for r in rows], [r.outcome for r in rows],
                                  steps, margin)
    shown_cap = None if caps is None else (None if cap is None else str(caps[0]))
    return SweepResult(tuple(rows), tuple(lines), summary, steps, grid[0].params.B, init, policy, admission,
                       shown_cap)
