"""Why a settled run with random lengths beats a*: the admitted mix, checked three ways."""

from dataclasses import replace
from fractions import Fraction as F

import numpy as np
import pytest

from coupling_sym.stochastic import build_spec, simulate
from coupling_sym.stochastic.lengths import jittered
from coupling_sym.stochastic.reference import footprint_times, memory_reference

BASE = build_spec("jitter", ["replications=40"])


def _tiers(l_A, l_B, spread=1):
    return replace(BASE, decode=(jittered(l_A, spread), jittered(l_B, spread)))


def test_a_star_depends_on_the_spread_not_only_the_mean():
    # l0 = 32: F = E[33 l + l (l - 1) / 2]; uniform 3..5: 132 + 19/3, uniform 7..9: 264 + 85/3;
    # fixed 4 and 8: 138 and 292.  a* = B / mean F: 4000 / (646/3) < 4000 / 215.
    spec = _tiers(4, 8)
    assert footprint_times(spec) == (F(415, 3), F(877, 3))
    assert spec.equilibrium_admission == F(6000, 323) < F(800, 43) == _tiers(4, 8, 0).equilibrium_admission


def test_ties_go_to_type_a():
    # p = (1/2, 1/2), one prompt: a batch admitting n fresh requests gives A ceil(n / 2) (the
    # leftover of floor(n/2) + floor(n/2) goes to the lower index on a tie); batches 300 .. 400
    # of a settled run admit only fresh requests
    run = simulate(_tiers(4, 8), replications=5)
    admitted = run.admissions[:, 300:]
    n = admitted.sum(axis=2)
    assert (run.queues[:, 300:] == 0).all() and (n % 2 == 1).any()
    assert (admitted[..., 0] == (n + 1) // 2).all()


@pytest.mark.parametrize("l_A, l_B, above", [(4, 8, True), (8, 4, False)])
def test_little_reference_explains_the_excess_and_a_star_does_not(l_A, l_B, above):
    # tolerance: the per-replication gaps are independent (one seed stream per chunk), so
    # their mean has standard error sd / sqrt(R) = band / 1.96; 4 standard errors
    spec = _tiers(l_A, l_B)
    ref = memory_reference(spec, simulate(spec))
    se = ref.gap_band / 1.96
    assert abs(ref.gap) <= 4 * se
    excess = ref.throughput / ref.equilibrium - 1
    assert abs(excess) > 4 * se + 0.003          # a* misses by more than 0.3%: not noise
    assert (excess > 0) == above                 # the short type first wins, the long type first loses
    assert ref.admitted_share[0] > 0.51 and abs(ref.drift) < 0.01
