"""Does the simulated outcome match the certified verdict of ``P_l0``?

Convention: a setting's verdict (``stable`` / ``on-circle`` / ``unstable``) is exact; its
spectral radius ``rho`` is a float used only to say how fast a stable setting should
settle.  Per setting:

* ``agree``: stable and converged, or not stable (on-circle or unstable) and not converged;
* ``disagree``: stable with ``rho < margin`` but not converged, or not stable but converged;
* ``slow``: stable with ``rho >= margin`` and not converged: the gap shrinks like
  ``rho^t``, so a run of a few thousand batches may simply be too short to tell;
* ``unknown``: no verdict available.

The default margin 0.99 means a gap that starts of order 1 is below ``1e-6`` after about
``ln(1e-6) / ln(0.99) ~ 1375`` batches.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

__all__ = ["DEFAULT_MARGIN", "AGREEMENTS", "judge_agreement", "AgreementSummary", "summarise_agreement"]

DEFAULT_MARGIN = 0.99
AGREEMENTS = ("agree", "disagree", "slow", "unknown")


def judge_agreement(verdict: str | None, rho: float | None, outcome: str, margin: float = DEFAULT_MARGIN) -> str:
    """Compare one outcome with its verdict (rules in the module docstring).

    Examples
    --------
    >>> judge_agreement("stable", 0.5, "converged"), judge_agreement("unstable", 1.2, "converged")
    ('agree', 'disagree')
    >>> judge_agreement("stable", 0.995, "not-converged"), judge_agreement(None, None, "converged")
    ('slow', 'unknown')
    """
    if verdict is None:
        return "unknown"
    converged = outcome == "converged"
    if verdict == "stable":
        if converged:
            return "agree"
        return "disagree" if rho is not None and rho < margin else "slow"
    return "disagree" if converged else "agree"


@dataclass(frozen=True)
class AgreementSummary:
    """Counts of outcomes by verdict class, and the disagreements.

    Attributes
    ----------
    margin : float
        Spectral-radius margin separating clearly stable settings from slow ones.
    steps : int
        Batches simulated per setting.
    total : int
        Settings in the sweep.
    stable_clear, stable_clear_converged : int
        Stable settings with ``rho < margin``, and how many of them converged.
    stable_slow, stable_slow_converged : int
        Stable settings with ``rho >= margin``, and how many converged.
    on_circle, on_circle_converged : int
    unstable, unstable_converged : int
    unknown : int
        Settings without a verdict.
    disagreements : tuple of int
        Indices (into the sweep's settings) of the settings that disagree.
    """

    margin: float
    steps: int
    total: int
    stable_clear: int
    stable_clear_converged: int
    stable_slow: int
    stable_slow_converged: int
    on_circle: int
    on_circle_converged: int
    unstable: int
    unstable_converged: int
    unknown: int
    disagreements: tuple[int, ...]

    def as_dict(self) -> dict:
        """Plain JSON-ready dictionary."""
        return {name: (list(value) if isinstance(value, tuple) else value)
                for name, value in self.__dict__.items()}


def summarise_agreement(verdicts: Sequence[str | None], rhos: Sequence[float | None], outcomes: Sequence[str],
                        steps: int, margin: float = DEFAULT_MARGIN) -> AgreementSummary:
    """Count outcomes per verdict class and list the disagreeing settings.

    Examples
    --------
    >>> s = summarise_agreement(["stable", "stable", "unstable", "on-circle"], [0.5, 0.999, 1.3, 1.0],
    ...                         ["converged", "not-converged", "converged", "not-converged"], steps=100)
    >>> (s.stable_clear, s.stable_clear_converged, s.stable_slow, s.unstable_converged, s.disagreements)
    (1, 1, 1, 1, (2,))
    """
    counts = dict.fromkeys(["stable_clear", "stable_clear_converged", "stable_slow", "stable_slow_converged",
                            "on_circle", "on_circle_converged", "unstable", "unstable_converged", "unknown"], 0)
    disagreements = []
    for index, (verdict, rho, outcome) in enumerate(zip(verdicts, rhos, outcomes, strict=True)):
        if verdict is None:
            counts["unknown"] += 1
            continue
        if verdict == "stable":
            key = "stable_clear" if rho is not None and rho < margin else "stable_slow"
        else:
            key = verdict.replace("-", "_")
        counts[key] += 1
        counts[key + "_converged"] += outcome == "converged"
        if judge_agreement(verdict, rho, outcome, margin) == "disagree":
            disagreements.append(index)
    return AgreementSummary(margin, steps, len(outcomes), disagreements=tuple(disagreements), **counts)
