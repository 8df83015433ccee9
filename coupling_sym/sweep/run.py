"""Run a sweep: simulate every setting of a grid together, classify, compare with the verdicts.

Convention: settings are kept in the grid's order (:mod:`coupling_sym.sweep.grid`); the
simulation is the eviction simulation of ``docs/model.md`` in float64, run for all settings
at once by :func:`coupling_sym.dynamics.batched.run_batched`; outcomes follow
:mod:`coupling_sym.sweep.outcome` and agreement :mod:`coupling_sym.sweep.agreement`.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Callable, Sequence

from ..dynamics.batched import run_batched
from ..errors import StateError, parameter_error
from ..state import initial_state
from .agreement import DEFAULT_MARGIN, AgreementSummary, judge_agreement, summarise_agreement
from .grid import SweepSetting
from .outcome import classify_outcome
from .verdicts import assess_setting, critical_prefill

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

    def as_dict(self) -> dict:
        """JSON-ready row (``p`` as an exact string such as ``"1/3"``; ``ratio`` only when not 1)."""
        row = dict(self.__dict__)
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
    """Everything a sweep reports: rows, ``l0*`` per pair and share, and the summary."""

    settings: tuple[SettingResult, ...]
    critical: tuple[CriticalLine, ...]
    summary: AgreementSummary
    steps: int
    B: Fraction
    init: str
    policy: str

    def as_dict(self) -> dict:
        """The ``--json`` object: run parameters, ``settings`` list, ``critical`` list, ``summary``."""
        return {
            "steps": self.steps, "B": str(self.B), "init": self.init, "policy": self.policy,
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


def run_sweep(grid: Sequence[SweepSetting], steps: int, init: str = "stage0", policy: str = "least-progress",
              margin: float = DEFAULT_MARGIN, progress: Callable[[int], None] | None = None) -> SweepResult:
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
        Called with the number of batches simulated since the last call.

    Raises
    ------
    ParameterError
        For ``steps < 1``, an unknown ``init`` or ``policy``, an empty grid, an
        initial state that does not fit a setting (named in the message), or a run that
        :func:`~coupling_sym.dynamics.batched.run_batched` refuses (too large for
        memory, or a budget or prefill length outside the float64 range).

    Examples
    --------
    >>> from coupling_sym.sweep.grid import build_grid
    >>> result = run_sweep(build_grid([1], [2], [0], ["1/4", "3/4"], B=1), steps=40)
    >>> [(row.outcome, row.period, row.last_eviction) for row in result.settings]
    [('not-converged', 2, 39), ('converged', None, None)]
    """
    if isinstance(steps, bool) or not isinstance(steps, int) or steps < 1:
        raise parameter_error("steps", "a positive integer", steps)
    if not grid:
        raise parameter_error("grid", "a non-empty list of settings", list(grid))
    X0 = _initial_states(grid, init)
    run = run_batched([s.params for s in grid], X0, steps, policy, progress=progress)
    rows = []
    for index, setting in enumerate(grid):
        outcome = classify_outcome(run.admissions[index], run.eviction_totals[index],
                                   float(setting.params.equilibrium_admission))
        facts = assess_setting(setting.params)
        rows.append(SettingResult(setting.l_A, setting.l_B, setting.l0, setting.p, facts.verdict, facts.rho,
                                  outcome.outcome, outcome.period, outcome.last_eviction, outcome.final_gap,
                                  judge_agreement(facts.verdict, facts.rho, outcome.outcome, margin),
                                  setting.ratio))
    lines = []
    for setting in grid:
        key = (setting.l_A, setting.l_B, setting.p)
        if key + (setting.ratio,) not in [(c.l_A, c.l_B, c.p, c.ratio) for c in lines]:
            lines.append(CriticalLine(*key, critical_prefill(*key, setting.ratio), setting.ratio))
    summary = summarise_agreement([r.verdict for r in rows], [r.rho for r in rows], [r.outcome for r in rows],
                                  steps, margin)
    return SweepResult(tuple(rows), tuple(lines), summary, steps, grid[0].params.B, init, policy)
