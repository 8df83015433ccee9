"""The experiment run and its summary."""

from fractions import Fraction as F

import numpy as np

from coupling_sym.config import build_config
from coupling_sym.dynamics.step import Trajectory
from coupling_sym.experiment import run_experiment, summarize
from coupling_sym.experiment.summary import settle_batch


def _trajectory(admissions, evictions):
    admissions = np.array(admissions, dtype=float)
    evictions = np.array(evictions, dtype=float).reshape(len(admissions), -1)
    return Trajectory(admissions, evictions, np.zeros_like(admissions), None)


def test_summary_on_a_hand_made_pair():
    theory = _trajectory([15, -3, 8, 5, 5], [[0]] * 5)
    sim = _trajectory([15, 0, 6, 5, 5], [[0], [2], [0], [0], [0]])
    s = summarize(theory, sim, 5.0)
    assert (s.first_divergence, s.max_gap, s.max_gap_batch) == (1, 3.0, 1)
    assert (s.settle_batch, s.theory_settle_batch, s.last_eviction, s.eviction_batches) == (3, 3, 1, 1)


def test_settle_batch_edges():
    assert settle_batch(np.array([5.0, 5.0]), 5.0, 1e-6) == 0
    assert settle_batch(np.array([5.0, 5.1]), 5.0, 1e-6) is None
    assert settle_batch(np.array([4.0, 5.0 + 1e-7]), 5.0, 1e-6) == 1


def test_default_experiment_diverges_then_converges():
    result = run_experiment(build_config("default", ["steps=120"]))
    s = result.summary
    # Theory and simulation agree at batch 0 and part at batch 1, where the theory
    # admits -15/4 and the simulation evicts 3 requests (worked by hand in the
    # dynamics tests).
    assert s.first_divergence == 1 and s.last_eviction == 1
    assert s.max_gap == 3.75 and s.max_gap_batch == 1
    # P_3 = 4 x^2 + 5 x + 3 has rho = sqrt(3)/2, so both approach a* = 5 like 0.866^t;
    # by batch 120 the distance is far below the 1e-6 tolerance.
    assert s.settle_batch is not None and s.theory_settle_batch is not None
    assert abs(result.simulation.admissions[-1] - 5) < 1e-6


def test_exact_run_matches_float_run():
    exact = run_experiment(build_config("default", ["steps=12"]), exact=True)
    approx = run_experiment(build_config("default", ["steps=12"]))
    # float64 on numbers below 100 over 12 batches: errors ~1e-14, bound 1e-12.
    assert np.allclose(approx.simulation.admissions, [float(x) for x in exact.simulation.admissions],
                       rtol=0, atol=1e-12)
    assert exact.simulation.admissions[2] == F(6)


def test_modal_analysis_is_skipped_above_the_length_bound(monkeypatch):
    import coupling_sym.experiment.run as run

    monkeypatch.setattr(run, "MODAL_MAX_L", 2)
    result = run_experiment(build_config("default", ["steps=10"]), analyse=True)
    assert result.convergence == {"skipped": "L = 3 > 2: the modal fit costs O(L^3) multiprecision operations"}
    assert result.stability["critical_l0"] == 2


def test_stability_that_cannot_be_certified_is_reported_not_raised(monkeypatch):
    import coupling_sym.stability.summary as summary
    from coupling_sym.errors import PrecisionError

    def give_up(lengths, p):
        raise PrecisionError("crossing values must have finite enclosures; got an unbounded one")

    monkeypatch.setattr(summary, "_critical", give_up)
    facts = summary.stability_summary(build_config("default").params)
    # the verdict and rho are still certified (sqrt(3)/2 by hand); only l0* is unsettled
    assert facts["verdict"] == "stable" and facts["rho_digits"].startswith("0.866025403784")
    assert (facts["critical_l0"], facts["critical_l0_method"]) == (None, "not-certified")
