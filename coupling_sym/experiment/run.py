"""Run the coupling experiment: theory, eviction simulation and aggregate recursion
from the same batch-0 state, for ``steps`` transitions."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Callable

import numpy as np

from ..records import Record
from ..config import ExperimentConfig
from ..dynamics import Trajectory, run_aggregate, run_simulation, run_theory
from .reach import needs_exact
from ..dynamics.metrics import Costs, completions, measure_costs
from .summary import Summary, summarize

__all__ = ["ExperimentResult", "run_experiment", "analyse_stability", "analyse_convergence", "MODAL_MAX_L"]

#: Longest decode length for which the experiment adds the modal analysis.
MODAL_MAX_L = 128


@dataclass(frozen=True)
class ExperimentResult(Record):
    """The three trajectories of one experiment and their summary.

    ``stability`` and ``convergence`` are filled when :func:`run_experiment` is asked
    to ``analyse``; :meth:`as_dict` gives every field as JSON-ready data.

    Examples
    --------
    >>> from coupling_sym.config import build_config
    >>> result = run_experiment(build_config("default", ["steps=3"]), exact=True)
    >>> result.simulation.admissions.tolist()
    [Fraction(15, 1), Fraction(0, 1), Fraction(6, 1), Fraction(15, 2)]
    >>> result.as_dict()["simulation"]["admissions"]
    ['15', '0', '6', '15/2']
    """

    config: ExperimentConfig
    theory: Trajectory
    simulation: Trajectory
    aggregate: Trajectory
    summary: Summary
    stability: dict | None = None
    convergence: dict | None = None
    costs: Costs | None = None
    theory_completions: object = None
    #: The served run (per-type arrivals, evictions, admissions, queues) when the config
    #: sets a strategy, an arrival process or a time model; ``None`` for the plain simulation.
    served: object = None
    #: The iteration time ``tau(Z)`` of the config, or ``None``.
    tau: object = None


def run_experiment(config: ExperimentConfig, exact: bool = False,
                   progress: Callable[[int], None] | None = None, analyse: bool = False,
                   dps: int = 30) -> ExperimentResult:
    """Run theory, simulation and scheme A for ``config``.

    Parameters
    ----------
    config : ExperimentConfig
    exact : bool
        Run in Fractions (slow for long runs: denominators grow) instead of float64;
        forced when float64 cannot represent the run (:mod:`coupling_sym.experiment.reach`).
    progress : callable, optional
        Called with 1 after every batch of the theory and of the simulation
        (``2 * steps`` calls in all).
    analyse : bool
        Also compute the certified stability facts of ``P_l0`` (verdict, rho, l0*;
        :func:`coupling_sym.stability.stability_summary`) and the modal convergence
        facts (:func:`coupling_sym.modal.convergence_facts`) at ``dps`` digits.

    Examples
    --------
    >>> from coupling_sym.config import build_config
    >>> result = run_experiment(build_config("default", ["steps=2"]), exact=True)
    >>> result.theory.admissions.tolist()
    [Fraction(15, 1), Fraction(-15, 4), Fraction(135, 16)]
    """
    params = config.params
    exact = exact or needs_exact(params, config.steps)
    simulation, served, tau = _simulate(config, exact, progress)
    if exact or served is not None:  # the served transition is compared with the per-type theory bit for bit
        theory = run_theory(params, config.X0, config.steps, exact, progress, recurrence=False)
    else:  # the same map as the simulation until its first eviction: shared, then the recurrence
        theory = run_theory(params, config.X0, config.steps, exact, progress, known=_before_eviction(simulation))
    aggregate = run_aggregate(params, config.X0, config.steps, exact)
    costs = measure_costs(params, simulation.states)
    times = _serving_times(params, simulation, costs, served, tau)
    summary = replace(summarize(theory, simulation, float(params.equilibrium_admission)), **costs.as_dict(),
                      **times.as_dict())
    done = completions(params, theory.states)
    if not analyse:
        return ExperimentResult(config, theory, simulation, aggregate, summary, costs=costs,
                                theory_completions=done, served=served, tau=tau)
    return ExperimentResult(config, theory, simulation, aggregate, summary,
                            analyse_stability(params, dps), analyse_convergence(config, theory, simulation, dps),
                            costs, done, served, tau)


def _serving_times(params, simulation: Trajectory, costs: Costs, served, tau):
    """Little's-law figures of the simulation's tail (:mod:`coupling_sym.dynamics.timing`)."""
    from ..dynamics.timing import serving_times

    is_open = served is not None and served.is_open
    in_service = simulation.states.sum(axis=(1, 2))
    return serving_times(costs.completions, in_service, simulation.tokens,
                         None if is_open or costs.cycle is None else costs.cycle.period,
                         served.queues.sum(axis=1) if is_open else None,
                         sum(params.rates, params.rates[0] * 0) if is_open else None, tau)


def analyse_stability(params, dps: int = 30) -> dict:
    """Certified facts of ``P_l0`` for ``config.json``; ``{"not_certified": reason}``
    when the certified search cannot settle them (very long decode lengths)."""
    from ..errors import PrecisionError
    from ..stability import stability_summary

    try:
        return stability_summary(params, dps=dps)
    except PrecisionError as exc:
        return {"not_certified": str(exc)}


def analyse_convergence(config: ExperimentConfig, theory: Trajectory, simulation: Trajectory,
                        dps: int = 30) -> dict:
    """Modal convergence facts with the convergence certificate (key ``certificate``), or
    ``{"skipped": reason}`` above ``MODAL_MAX_L``.

    The modal fit solves a dense confluent Vandermonde system of order ``L - 1`` at
    ``dps + 15`` digits: O(L^3) multiprecision operations (about 2 s at L = 65 and
    12 s at L = 129 on the reference machine), so longer lengths skip it.
    """
    from ..modal import convergence_facts

    from ..modal.certify import certify_run, not_certified

    L = config.params.L
    if L > MODAL_MAX_L:
        return {"skipped": f"L = {L} > {MODAL_MAX_L}: the modal fit costs O(L^3) multiprecision operations"}
    from ..dynamics.strategies import strategies_from_values

    facts = convergence_facts(config, theory, simulation, dps=dps)
    # no eviction can recur after the batch it names (ball arithmetic, coupling_sym.modal.certify);
    # the argument is about greedy admission from an unlimited queue, so other strategies get none
    if strategies_from_values(config.params, config.raw).is_default:
        certificate = certify_run(config.params, simulation)
    else:
        certificate = not_certified("the certificate covers greedy admission with saturated queues only")
    facts["certificate"] = certificate.as_dict()
    return facts


def _simulate(config: ExperimentConfig, exact: bool, progress):
    """The eviction simulation, the served run (or ``None``) and the iteration time (or ``None``).

    The served system (:mod:`coupling_sym.dynamics.served`) runs when the config sets an
    admission strategy, arrival process or time model
    (:mod:`coupling_sym.dynamics.strategies`); otherwise an exact run steps per type in
    Fractions and a float run is :func:`coupling_sym.dynamics.single.run_single` (the
    batched kernel with one setting while it evicts, the admission recurrence while not).
    """
    from ..dynamics.served import run_served
    from ..dynamics.single import run_single
    from ..dynamics.strategies import strategies_from_values

    strategies = strategies_from_values(config.params, config.raw)
    if not strategies.is_default:
        served = run_served(config.params, config.X0, config.steps, strategies.admission, strategies.arrivals,
                            config.policy, exact, progress=progress)
        return served.trajectory, served, strategies.tau
    if exact:
        return run_simulation(config.params, config.X0, config.steps, config.policy, exact, progress), None, None
    return run_single(config.params, config.X0, config.steps, config.policy, progress), None, None


def _before_eviction(simulation: Trajectory):
    """States of the batches before the simulation's first eviction (all when none)."""
    evicting = np.flatnonzero(simulation.eviction_totals > 0)
    return simulation.states[:int(evicting[0]) if evicting.size else len(simulation.states)]
