"""Whole-request admission split, checked against exact Fraction arithmetic."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from coupling_sym.stochastic.admission import split_admissions
from coupling_sym.stochastic.draws import draw_without_replacement


@settings(max_examples=100, deadline=None)
@given(shares=st.lists(st.integers(1, 9), min_size=1, max_size=4), entry=st.integers(1, 9),
       room=st.integers(0, 500))
def test_one_prompt_admits_floor_of_room_over_footprint(shares, entry, room):
    K = len(shares)
    n = split_admissions(np.array([room]), np.array(shares), np.full(K, entry))[0]
    a = Fraction(room, entry)
    assert n.sum() == math.floor(a)
    for k in range(K):
        t = Fraction(shares[k], sum(shares)) * a
        assert math.floor(t) <= n[k] <= math.floor(t) + 1


@settings(max_examples=100, deadline=None)
@given(shares=st.lists(st.integers(1, 5), min_size=2, max_size=3), data=st.data())
def test_finite_queues_are_respected_and_room_filled(shares, data):
    K = len(shares)
    entry = np.array(data.draw(st.lists(st.integers(1, 6), min_size=K, max_size=K)))
    waiting = np.array([data.draw(st.lists(st.integers(0, 30), min_size=K, max_size=K))])
    room = data.draw(st.integers(0, 300))
    n = split_admissions(np.array([room]), np.array(shares), entry, waiting=waiting)[0]
    assert (n <= waiting[0]).all() and (n >= 0).all()
    left = room - (n * entry).sum()
    assert left >= 0
    if (n == waiting[0]).all():
        return
    # A type still waiting: with one footprint the room left is less than one footprint.
    if len(set(entry.tolist())) == 1:
        assert left < entry[0]


@settings(max_examples=100, deadline=None)
@given(cap=st.fractions(Fraction(1, 3), 40, max_denominator=1000), room=st.integers(0, 400))
def test_rate_limited_admits_at_most_the_cap(cap, room):
    n = split_admissions(np.array([room]), np.array([1, 2]), np.array([4, 4]), cap=cap)[0]
    assert n.sum() == min(math.floor(cap), room // 4)


def test_draw_without_replacement_has_hypergeometric_means():
    # Drawing 4 of (5, 3, 2): cell means 4 * (5, 3, 2) / 10 = (2, 1.2, 0.8); cell
    # variances at most 4 * 1/4 * 6/9 = 2/3, so 4000 draws give standard errors < 0.013.
    rng = np.random.default_rng(8)
    counts = np.tile([5, 3, 2], (4000, 1))
    out = draw_without_replacement(rng, counts, np.full(4000, 4))
    assert (out.sum(axis=1) == 4).all() and (out <= counts).all()
    assert np.allclose(out.mean(axis=0), [2, 1.2, 0.8], atol=5 * 0.013)
