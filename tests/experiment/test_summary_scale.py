"""Summary thresholds are relative to a*: the model is homogeneous of degree one in B,
so scaling B scales every count and must not move any reported batch."""

import numpy as np
import pytest

from coupling_sym.config import build_config
from coupling_sym.dynamics.step import Trajectory
from coupling_sym.experiment import run_experiment, summarize
from coupling_sym.experiment.summary import settle_batch


@pytest.mark.parametrize("B", ["6e-5", "1e-5", "6e7", "1e-90", "1e90"])
def test_batches_do_not_depend_on_the_scale_of_B(B):
    # Scaling B by c scales every count by c (homogeneity); in float64 a power-of-ten
    # scaling changes each count by at most a few ulps, far below the 1e-6 relative
    # settle tolerance except in the batches that cross it, hence +-1 at most.
    base = run_experiment(build_config("default", ["steps=400"])).summary
    scaled = run_experiment(build_config("default", ["steps=400", f"B={B}"])).summary
    assert scaled.first_divergence == base.first_divergence == 1
    assert scaled.last_eviction == base.last_eviction == 1
    assert abs(scaled.settle_batch - base.settle_batch) <= 1
    assert abs(scaled.theory_settle_batch - base.theory_settle_batch) <= 1


def test_a_run_that_evicts_at_batch_1_diverges_at_batch_1_for_a_long_prompt():
    # l0 = 10^6: theory admits -B/(l0+1)^2 ~ -6e-11 at batch 1 (hand derivation:
    # room 60 - 60 (l0+2)/(l0+1)), far below 1e-9 in absolute terms but not beside
    # a* ~ 2.4e-5.
    s = run_experiment(build_config("default", ["l0=1000000"])).summary
    assert s.last_eviction is not None and s.first_divergence == 1


def test_unfollowed_theory_batches_are_never_settled():
    nan = float("nan")
    assert settle_batch(np.array([5.0, nan, nan]), 5.0, 1e-6) is None


def test_gaps_skip_batches_the_theory_did_not_follow():
    th = Trajectory(np.array([15.0, -3.0, nan := float("nan")]), np.zeros((3, 1)), np.zeros(3), None, 1, "x")
    sim = Trajectory(np.array([15.0, 0.0, 6.0]), np.array([[0.0], [2.0], [0.0]]), np.zeros(3), None)
    s = summarize(th, sim, 5.0)
    assert (s.max_gap, s.max_gap_batch, s.theory_stopped) == (3.0, 1, 1)
    assert np.isfinite(s.max_gap) and s.theory_settle_batch is None
