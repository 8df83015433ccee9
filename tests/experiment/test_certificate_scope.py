"""The convergence certificate argues about greedy admission from an unlimited queue
(coupling_sym.modal.certify); a run with another admission or arrival strategy must not
borrow it."""

from __future__ import annotations

from coupling_sym.config import build_config
from coupling_sym.experiment import run_experiment


def test_greedy_default_run_is_certified():
    result = run_experiment(build_config("default"), analyse=True)
    assert result.convergence["certificate"]["certified"] is True


def test_rate_limited_run_gets_no_greedy_certificate():
    result = run_experiment(build_config("default", ["admission=rate-limited"]), analyse=True)
    certificate = result.convergence["certificate"]
    assert certificate["certified"] is False
    assert "greedy admission" in certificate["reason"]
