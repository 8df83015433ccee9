"""The stochastic study in seconds: ``b0``, ``b1`` give throughput and waiting per second."""

from fractions import Fraction as F

import numpy as np
import pytest

from coupling_sym.errors import ParameterError
from coupling_sym.stochastic import build_spec, simulate
from coupling_sym.stochastic.summary import summarise_study, tail_start


def test_constant_batch_time_scales_batches_into_seconds():
    # b1 = 0: every batch lasts b0 = 1/40 s, so per second is per batch times 40 and the
    # waiting time in seconds is the waiting time in batches over 40 (Little's law either way)
    spec = build_spec("poisson-geometric", ["replications=8", "steps=120", "b0=1/40", "b1=0"])
    summary = summarise_study(spec, simulate(spec))
    assert summary.throughput_per_s == pytest.approx(summary.throughput * 40, rel=1e-12)
    assert summary.waiting_time_s == pytest.approx(summary.waiting_time / 40, rel=1e-12)
    assert summary.waiting_time > 0


def test_token_proportional_batch_time_by_hand():
    # b0 = 0, b1 = 1/1000: a batch lasts Z / 1000 s; per replication, the tail completions over
    # the tail's seconds, averaged over the replications (computed here from the raw arrays)
    spec = build_spec("jitter", ["replications=4", "steps=80", "b0=0", "b1=1/1000"])
    run = simulate(spec)
    start = tail_start(spec.steps)
    done = run.completions[:, start:].sum(axis=(1, 2))
    seconds = run.tokens[:, start:].sum(axis=1) / 1000
    summary = summarise_study(spec, run)
    assert summary.throughput_per_s == pytest.approx(float(np.mean(done / seconds)), rel=1e-12)
    assert summary.waiting_time_s is None                     # saturated: no arrival rate
    assert spec.describe()["b0"] == "0" and spec.tau.b1 == F(1, 1000)


def test_one_of_b0_b1_is_refused():
    with pytest.raises(ParameterError, match=r"^b0, b1 must be given together; got 'only one of them'$"):
        build_spec("default", ["b0=1"])
