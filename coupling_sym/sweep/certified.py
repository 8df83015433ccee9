"""Certified convergence of the runs of a sweep (:mod:`coupling_sym.modal.certify`).

Convention: a setting's run is certified from ``T``, its last evicting batch (``0`` when it
never evicts), when the linear recursion from the simulated state of batch ``T`` is proven,
in ball arithmetic, to admit a positive amount in every later batch: then no eviction can
recur and the run converges at a rate at most ``rho``.  The state of batch ``T`` is
recomputed by the one-setting simulation (:func:`coupling_sym.dynamics.run_simulation`,
float64), the same transition the batched sweep runs.  Settings whose ``P_l0`` is not
certified stable are refused without simulating.
"""

from __future__ import annotations

from ..dynamics import run_simulation
from ..modal.certify import ConvergenceCertificate, certify_from_state
from ..params import ModelParams

__all__ = ["certify_setting"]


def certify_setting(params: ModelParams, X0, last_eviction: int | None, policy: str,
                    verdict: str) -> ConvergenceCertificate:
    """The convergence certificate of one sweep run.

    Examples
    --------
    >>> from coupling_sym.params import make_params
    >>> from coupling_sym.state import initial_state
    >>> params = make_params(3, (2, 3), (1, 1), 60)
    >>> certify_setting(params, initial_state(params), 1, "least-progress", "stable").label
    'certified from batch 1'
    >>> certify_setting(params, initial_state(params), 1, "least-progress", "on-circle").label
    'not certified'
    """
    if verdict != "stable":
        return ConvergenceCertificate(False, None, None, None, None, f"P_l0 is {verdict}: its modes do not decay")
    start = 0 if last_eviction is None else last_eviction
    state = X0 if start == 0 else run_simulation(params, X0, start, policy).states[start]
    return certify_from_state(params, state, start, known_stable=True)  # verdict: exact, from the sweep
