"""Convergence facts: measured decay rates against rho, dominant and unstable modes."""

import json
from math import cos, sqrt

import numpy as np
import pytest

from coupling_sym.config import build_config
from coupling_sym.dynamics import Trajectory, run_simulation, run_theory
from coupling_sym.modal.convergence import convergence_facts, last_eviction, measure_decay_rate


def test_geometric_sequence_gives_its_ratio():
    a = [5 + 3 * 0.8 ** t for t in range(60)]
    fit = measure_decay_rate(a, 5, 0, 1)
    # exactly geometric: the least-squares slope is log 0.8 up to float rounding
    assert fit.rate == pytest.approx(0.8, rel=1e-12)
    assert (fit.first, fit.last) == (0, 59)


def test_damped_cosine_gives_its_modulus():
    r, theta = 0.9, 2.0
    a = [1 + r ** t * cos(theta * t) for t in range(200)]
    fit = measure_decay_rate(a, 1, 0, 2)
    # the state gap of a damped pair is r^t times a bounded periodic factor; over 200
    # batches its effect on the fitted slope is well below 1e-3
    assert fit.rate == pytest.approx(r, abs=1e-3)


def test_fit_stops_at_the_rounding_floor():
    a = [2 + 0.1 ** t for t in range(40)]          # reaches 1e-10 * 2 near t = 10
    fit = measure_decay_rate(a, 2, 0, 1)
    assert fit.last <= 10 and fit.rate == pytest.approx(0.1, rel=1e-6)


def test_too_short_or_flat_gives_none():
    assert measure_decay_rate([1.0, 2.0, 3.0], 1, 0, 2) is None
    assert measure_decay_rate([4.0] * 30, 4, 0, 2) is None


def test_last_eviction_of_a_hand_made_trajectory():
    evictions = np.array([[0.0], [0.0], [1.5], [0.0], [2.0], [0.0]])
    traj = Trajectory(np.zeros(6), evictions, np.zeros(6), None)
    assert last_eviction(traj) == 4
    assert last_eviction(Trajectory(np.zeros(3), np.zeros((3, 1)), np.zeros(3), None)) is None


def run(name, overrides=()):
    config = build_config(name, list(overrides))
    theory = run_theory(config.params, config.X0, config.steps)
    simulation = run_simulation(config.params, config.X0, config.steps, config.policy)
    return config, theory, simulation, convergence_facts(config, theory, simulation, dps=20)


def test_default_facts():
    config, theory, simulation, facts = run("default")
    json.dumps(facts)                                    # JSON-ready
    # |mu|^2 = c_2 / c_0 = 3/4 for the conjugate pair of 4x^2 + 5x + 3 (Vieta)
    assert float(facts["spectral_radius"]) == pytest.approx(sqrt(3) / 2, rel=1e-15)
    assert facts["verdict"] == "stable" and facts["valid_from"] == 0
    assert facts["dominant_mode"]["amplitude_share"] == 1.0   # one conjugate pair only
    # 2 |C| with C = 5 + 10 i / sqrt(23) (hand derivation in test_decomposition.py)
    assert float(facts["dominant_mode"]["amplitude"]) == pytest.approx(2 * sqrt(25 + 100 / 23), rel=1e-15)
    # the batch-1 eviction is the only one (docs/model.md: batch 1 must evict from stage0)
    assert facts["simulation"]["last_eviction"] == 1 and not facts["simulation"]["evicting_at_end"]
    # one pure mode pair, 50 batches: the oscillating factor moves the slope by < 2e-3
    assert abs(facts["theory"]["rate_minus_rho"]) < 2e-3
    assert abs(facts["simulation"]["rate_minus_rho"]) < 2e-3
    assert facts["theory"]["closed_form_max_rel_error"] < 1e-10
    assert facts["non_coprime"] is None


def test_slow_convergence_rates_match_rho():
    _, _, _, facts = run("slow-convergence")
    # rho within 1e-2 of 1: the fitted rates must resolve it to better than 1e-3
    assert 0.98 < float(facts["spectral_radius"]) < 1
    assert abs(facts["theory"]["rate_minus_rho"]) < 1e-3
    assert abs(facts["simulation"]["rate_minus_rho"]) < 1e-3


def test_non_coprime_pair_reports_its_unstable_mode():
    config, theory, simulation, facts = run("non-coprime", ["l0=3", "l_A=2", "l_B=4", "lambda_A=1", "lambda_B=1"])
    assert facts["verdict"] == "unstable"
    info = facts["non_coprime"]
    assert info["gcd"] == 2 and info["first_order_prediction"] == "1/7"      # 1 / (l0 + l_B)
    (mode,) = info["unstable_modes"]
    # P = 4x^3 + 5x^2 + 3x + 7/2 (c = (4, 5, 6 * 1/2, 7 * 1/2)); a second root finder
    real = [r.real for r in np.roots([4, 5, 3, 3.5]) if abs(r.imag) < 1e-12]
    assert float(mode["root"][0]) == pytest.approx(real[0], rel=1e-12)
    assert float(mode["excess"]) == pytest.approx(abs(real[0]) - 1, rel=1e-10)
    assert mode["excess_over_prediction"] == pytest.approx((abs(real[0]) - 1) * 7, rel=1e-10)
    # the theory grows like rho^t; the simulation keeps evicting to the end
    assert facts["theory"]["rate_minus_rho"] == pytest.approx(0, abs=1e-3)
    evicting = [t for t, e in enumerate(simulation.eviction_totals) if e > 0]
    assert facts["simulation"]["last_eviction"] == evicting[-1]
    assert facts["simulation"]["eviction_batches_second_half"] == sum(1 for t in evicting if 2 * t > config.steps)
    # it evicts every other batch up to the last one, leaving fewer than W + 2 = 5 quiet
    # batches (W = L - 1 = 3) to measure a rate from
    assert config.steps - evicting[-1] < 3 + 2
    assert facts["simulation"]["evicting_at_end"] and facts["simulation"]["decay"] is None


def test_equilibrium_start_has_no_gap_to_measure():
    # X0 = X*: p_k a* at every stage, a* = 5 for the default parameters
    config, theory, simulation, facts = run("default", ["init=explicit", "X0=[[2.5, 2.5], [2.5, 2.5, 2.5]]"])
    assert facts["simulation"]["last_eviction"] is None
    assert facts["theory"]["decay"] is None and facts["simulation"]["decay"] is None
    assert float(facts["dominant_mode"]["amplitude"]) == 0
