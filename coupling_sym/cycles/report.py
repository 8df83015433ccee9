"""What ``coupling-sym cycles`` reports: the one-type catalogue, its closed-form checks,
and (on request) where seeded exact perturbations of each cycle end.

Conventions as in :mod:`coupling_sym.cycles.catalogue`; exact values stay Fractions, and
:meth:`CycleReport.as_dict` gives them as strings (the ``--json`` object).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Sequence

from ..params import ModelParams
from ..records import Record
from .catalogue import CycleEntry, catalogue, follow_orbit, one_type_params
from .closed_forms import check_closed_forms
from .perturb import PerturbationOutcome, perturb_orbit

__all__ = ["CycleReport", "cycle_report", "cycle_landscape"]


@dataclass(frozen=True)
class CycleReport(Record):
    """The catalogue of one type's cycles, each with its checks and perturbation outcome.

    Attributes
    ----------
    params : ModelParams
        One type: prompt ``l0``, decode length ``l1 = L``, budget ``B``.
    entries : tuple of CycleEntry
    checks : tuple of dict
        :func:`~coupling_sym.cycles.closed_forms.check_closed_forms` of each entry.
    outcomes : tuple of PerturbationOutcome or None
        ``None`` for an entry that was not perturbed.

    Examples
    --------
    >>> report = cycle_report(2, 3, 24)
    >>> report.worst.names, report.worst.throughput           # B / (l1 (l0 + l1)) = 24 / 15
    (('contiguous level 2', 'evenly spaced k=1'), Fraction(8, 5))
    >>> report.as_dict()["fixed_point"]                       # x* = 2B / (l1 (2 l0 + l1 + 1)) = 48 / 24
    '2'
    """

    params: ModelParams
    entries: tuple[CycleEntry, ...]
    checks: tuple[dict, ...]
    outcomes: tuple[PerturbationOutcome | None, ...]

    @property
    def verified(self) -> list[CycleEntry]:
        """The entries whose exact simulation came back to their start."""
        return [entry for entry in self.entries if entry.verified]

    @property
    def worst(self) -> CycleEntry:
        """The verified cycle of least throughput."""
        return min(self.verified, key=lambda entry: entry.throughput)

    def as_dict(self) -> dict[str, Any]:
        """The ``cycles --json`` object."""
        params, worst = self.params, self.worst
        return {"l0": params.l0, "l1": params.L, "B": str(params.B),
                "fixed_point": str(params.equilibrium_admission),
                "worst": {"names": list(worst.names), "throughput": str(worst.throughput)},
                "cycles": [dict(e.as_dict(), closed_forms=c, stability=None if o is None else o.as_dict())
                           for e, c, o in zip(self.entries, self.checks, self.outcomes)]}


def cycle_report(l0: object, l1: object, B: object, state: Sequence | None = None, stability: bool = False,
                 trials: int = 3, seed: int = 0, progress: Callable[[], object] | None = None) -> CycleReport:
    """Catalogue the cycles of one type, check the closed forms, optionally perturb.

    Parameters
    ----------
    l0, l1, B : number-like
        Prompt length, decode length and budget of the one type.
    state : sequence, optional
        A further state (stage populations, exact) to follow, listed as ``"given state"``.
    stability : bool
        Perturb every verified cycle ``trials`` times (seeded by ``seed``) and follow it.
    progress : callable, optional
        Called after each entry is perturbed.

    Raises
    ------
    ParameterError
        For invalid parameters or state.

    Examples
    --------
    >>> report = cycle_report(2, 3, 24, state=["0", "0", "24/5"], stability=True, trials=2)
    >>> [(e.names[0], o.verdict) for e, o in zip(report.entries, report.outcomes)]
    [('fixed point', 'leaves'), ('contiguous level 1', 'leaves'), ('contiguous level 2', 'returns'), ('given state', 'returns')]
    """
    from ..state import initial_state

    params = one_type_params(l0, l1, B)
    entries = catalogue(params)
    if state is not None:
        given = follow_orbit(params, initial_state(params, "explicit", [list(state)]))
        entries.append(CycleEntry(("given state",), given.states, given.period, given.level, given.throughput,
                                  given.relative))
    checks = tuple(check_closed_forms(params, entry) for entry in entries)
    outcomes: list[PerturbationOutcome | None] = [None] * len(entries)
    if stability:
        for n, entry in enumerate(entries):
            if entry.verified:
                outcomes[n] = perturb_orbit(params, entry, trials, seed)
            if progress is not None:
                progress()
    return CycleReport(params, tuple(entries), checks, tuple(outcomes))


def cycle_landscape(params: ModelParams, largest: int = 16) -> dict[int, list[CycleEntry]]:
    """The catalogue for every decode length ``2 .. largest`` at ``params``' prompt and budget.

    Examples
    --------
    >>> landscape = cycle_landscape(one_type_params(2, 3, 24), 4)
    >>> sorted(landscape), [len(landscape[n]) > 0 for n in landscape]
    ([2, 3, 4], [True, True, True])
    """
    return {n: catalogue(one_type_params(params.l0, n, params.B)) for n in range(2, largest + 1)}
