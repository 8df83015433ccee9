"""Jitter sweep: the fixed non-coprime tiers keep evicting, as their certified verdict says."""

from __future__ import annotations

import pytest

from coupling_sym.errors import ParameterError
from coupling_sym.params import make_params
from coupling_sym.stability import stability_summary
from coupling_sym.stochastic import build_spec
from coupling_sym.stochastic.jitter import run_jitter


def test_fixed_tiers_follow_the_certified_verdict():
    spec = build_spec("jitter", ["replications=4", "steps=200"])
    rows = {(r.l_A, r.l_B, r.spread): r for r in run_jitter(spec, [(4, 8), (4, 7)], [0])}
    # (4, 8), gcd 4: the limiting form has roots on the unit circle and P_32 is unstable;
    # (4, 7) is stable from l0* = 30 on.
    facts = stability_summary(make_params(32, (4, 8), (1, 1), 4000))
    assert (facts["verdict"], facts["limit_verdict"]) == ("unstable", "on-circle")
    assert stability_summary(make_params(32, (4, 7), (1, 1), 4000))["verdict"] == "stable"
    assert rows[4, 8, 0].gcd == 4 and rows[4, 8, 0].tail_evictions_per_batch > 0
    assert rows[4, 8, 0].settled_fraction == 0.0
    assert rows[4, 7, 0].settled_fraction == 1.0 and rows[4, 7, 0].tail_evictions_per_batch == 0


def test_spread_must_leave_positive_lengths():
    with pytest.raises(ParameterError, match=r"^--spreads must be integers 0 <= j < 4 for tiers \(4, 8\); got 4"):
        run_jitter(build_spec("jitter", ["replications=1", "steps=5"]), [(4, 8)], [4])
    with pytest.raises(ParameterError, match="^config must be a two-type config"):
        run_jitter(build_spec("default", ["rates=[1]", "lengths=[3]", "replications=1"]), [(4, 8)], [0])
