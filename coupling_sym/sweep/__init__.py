"""Sweeps over a grid of two-type settings: the eviction simulation against the verdict.

Data flow: :mod:`~coupling_sym.sweep.grid` builds the settings ``(l_A, l_B, l0, p)``;
:mod:`~coupling_sym.sweep.run` simulates them all together
(:mod:`coupling_sym.dynamics.batched`), classifies each run
(:mod:`~coupling_sym.sweep.outcome`), fetches the certified verdict and ``rho`` of
``P_l0`` (:mod:`~coupling_sym.sweep.verdicts`) and compares
(:mod:`~coupling_sym.sweep.agreement`).  The figure is drawn by
:mod:`coupling_sym.report.phase`.
"""

from .agreement import DEFAULT_MARGIN, AgreementSummary, judge_agreement, summarise_agreement
from .grid import SweepSetting, build_grid, parse_grid
from .outcome import CONVERGENCE_RTOL, PERIOD_RTOL, Outcome, classify_outcome, detect_period
from .run import SWEEP_INITS, CriticalLine, SettingResult, SweepResult, run_sweep

__all__ = [
    "SweepSetting", "build_grid", "parse_grid",
    "Outcome", "classify_outcome", "detect_period", "CONVERGENCE_RTOL", "PERIOD_RTOL",
    "AgreementSummary", "judge_agreement", "summarise_agreement", "DEFAULT_MARGIN",
    "SWEEP_INITS", "SettingResult", "CriticalLine", "SweepResult", "run_sweep",
]
