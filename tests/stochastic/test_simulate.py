"""The request-level simulator against hand-worked runs, conservation laws and its tie rule."""

from __future__ import annotations

import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coupling_sym.errors import ConfigError, ParameterError
from coupling_sym.stochastic import build_spec, resolve_spec, simulate

BASE = {"l0": 3, "lengths": [2, 3], "rates": [1, 1], "B": 60, "steps": 6}


def test_one_type_by_hand_is_a_three_cycle():
    # l0 = 1, length 3, B = 20; footprints 2, 3, 4.  Batch 0: 10 requests (20 tokens).
    # Batch 1: 10 at stage 1 need 30 > 20: evict ceil(10 / 3) = 4, keep 6 (18 tokens).
    # Batch 2: 6 at stage 2 need 24: evict ceil(4 / 4) = 1, keep 5 (20 tokens).
    # Batch 3: the 5 complete; room 20 admits 10 (the 5 evicted ones first, then 5 fresh).
    spec = resolve_spec({"l0": 1, "lengths": [3], "rates": [1], "B": 20, "steps": 7})
    run = simulate(spec)
    assert run.total_admissions[0].tolist() == [10, 0, 0, 10, 0, 0, 10, 0]
    assert run.evictions[0, :, 0].tolist() == [0, 4, 0, 0, 4, 0, 0, 4]
    assert run.evictions[0, :, 1].tolist() == [0, 0, 1, 0, 0, 1, 0, 0]
    assert run.completions[0, :, 0].tolist() == [0, 0, 0, 5, 0, 0, 5, 0]
    assert run.tokens[0].tolist() == [20, 18, 20, 20, 18, 20, 20, 18]
    assert run.queues[0, :, 0].tolist() == [0, 4, 5, 0, 4, 5, 0, 4]
    assert run.evicted_tokens[0].tolist() == [0, 12, 4, 0, 12, 4, 0, 12]
    # A stage-s request has produced s + 1 tokens: 4 * 1 + 1 * 2 per cycle.
    assert run.discarded_tokens[0].tolist() == [0, 4, 2, 0, 4, 2, 0, 4]


def test_two_types_by_hand_given_the_tie_draw():
    # Default parameters.  Batch 0: room 60 / footprint 4 = 15, t = (7.5, 7.5): the tie
    # goes to A, (8, 7).  Batch 1: 15 at stage 1 hold 75 > 60: evict ceil(15 / 5) = 3,
    # x_A of type A (random), admit nothing.  Batch 2: A completes 8 - x_A, the 7 - x_B
    # B's hold 6 (7 - x_B) tokens; room 18 + 6 x_B admits floor(room / 4), split 1/2 each.
    spec = resolve_spec({**BASE, "replications": 50})
    run = simulate(spec, seed=3)
    assert (run.admissions[:, 0] == [8, 7]).all()
    x = run.evicted_by_type[:, 1]
    assert (x.sum(axis=1) == 3).all() and (run.evictions[:, 1, 0] == 3).all()
    assert (run.total_admissions[:, 1] == 0).all() and (run.tokens[:, 1] == 60).all()
    assert (run.completions[:, 2, 0] == 8 - x[:, 0]).all()
    room = 18 + 6 * x[:, 1]
    assert (run.total_admissions[:, 2] == room // 4).all()
    assert len(set(x[:, 0].tolist())) > 1  # the draw does vary across replications


def test_tie_draw_is_hypergeometric():
    # x_A ~ Hypergeometric(8 A, 7 B, 3 drawn): mean 3 * 8 / 15 = 1.6, variance
    # 3 (8/15)(7/15)(12/14) = 0.64.  2000 replications: standard error 0.018; 5 sigma.
    run = simulate(resolve_spec({**BASE, "steps": 1, "replications": 2000}), seed=11)
    assert abs(run.evicted_by_type[:, 1, 0].mean() - 1.6) < 5 * np.sqrt(0.64 / 2000)


def test_same_seed_same_run_other_seed_other_run():
    spec = resolve_spec({**BASE, "steps": 30, "replications": 20})
    first, again, other = simulate(spec, seed=5), simulate(spec, seed=5), simulate(spec, seed=6)
    assert all((getattr(first, f) == getattr(again, f)).all() for f in first.__dataclass_fields__)
    assert (first.admissions != other.admissions).any()


decode_specs = st.one_of(
    st.integers(1, 5),
    st.builds(lambda lo, w: {"dist": "uniform", "low": lo, "high": lo + w}, st.integers(1, 4), st.integers(0, 3)),
    st.builds(lambda m: {"dist": "geometric", "mean": m, "max_length": 8}, st.integers(1, 4)),
    st.builds(lambda v, w: {"dist": "empirical", "values": v, "weights": w[: len(v)]},
              st.lists(st.integers(1, 6), min_size=3, max_size=3), st.lists(st.integers(1, 3), min_size=3, max_size=3)),
)


@settings(max_examples=30, deadline=None)
@given(K=st.integers(1, 3), data=st.data())
def test_conservation_of_requests_and_tokens(K, data):
    raw = {"l0": data.draw(st.lists(st.integers(0, 4), min_size=K, max_size=K)),
           "decode": data.draw(st.lists(decode_specs, min_size=K, max_size=K)),
           "rates": data.draw(st.lists(st.integers(1, 3), min_size=K, max_size=K)),
           "B": data.draw(st.integers(8, 80)), "steps": 25, "replications": 4,
           "arrivals": data.draw(st.sampled_from(["saturated", "poisson"])),
           "admission": data.draw(st.sampled_from(["greedy", "rate-limited"]))}
    run = simulate(resolve_spec(raw), seed=data.draw(st.integers(0, 2**32)))
    admitted = run.admissions.cumsum(axis=1)
    completed = run.completions.cumsum(axis=1)
    evicted = run.evicted_by_type.cumsum(axis=1)
    assert (admitted == completed + evicted + run.in_service).all()
    assert (run.tokens <= raw["B"]).all() and (run.tokens >= 0).all()
    assert (run.evictions.sum(axis=2) == run.evicted_by_type.sum(axis=2)).all()
    assert (run.queues >= 0).all()


def test_memory_is_full_after_every_eviction_with_one_prompt():
    # Evicting whole requests of footprint w frees less than w tokens too many.
    spec = resolve_spec({**BASE, "steps": 40, "replications": 30})
    run = simulate(spec, seed=2)
    evicting = run.eviction_totals > 0
    assert (60 - run.tokens[evicting] < 7).all()


def test_poisson_queue_balance():
    # Waiting requests change by arrivals - admissions + evictions; arrivals are
    # recovered from the records and must be non-negative integers with mean lambda.
    spec = resolve_spec({**BASE, "rates": [1, 2], "arrivals": "poisson", "steps": 200, "replications": 20})
    run = simulate(spec, seed=4)
    queue_before = np.concatenate([np.zeros_like(run.queues[:, :1]), run.queues[:, :-1]], axis=1)
    arrivals = run.queues - queue_before + run.admissions - run.evicted_by_type
    assert (arrivals >= 0).all()
    # Poisson(1) and Poisson(2) over 20 * 201 batches: standard errors 0.016, 0.022.
    assert np.allclose(arrivals.mean(axis=(0, 1)), [1, 2], atol=0.12)


def test_bad_inputs_are_one_line_errors():
    random = {k: v for k, v in BASE.items() if k != "lengths"}
    cases = [
        ({**random, "decode": [{"dist": "geometric", "mean": -1}, 3]}, "decode[0].mean must be a number >= 1"),
        ({**random, "decode": [{"dist": "empirical", "values": []}, 3]}, "decode[0].values must be a non-empty"),
        ({**random, "decode": [{"dist": "empirical", "values": [2, 3], "weights": [0, 0]}, 3]},
         "decode[0].weights must be non-negative numbers summing to a positive number"),
        ({**random, "decode": [{"dist": "uniform", "low": 5, "high": 3}, 3]}, "decode[0] must be a range"),
        ({**random, "decode": [{"dist": "normal"}, 3]}, "decode[0].dist must be one of fixed, uniform"),
        ({**BASE, "replications": 0}, "replications must be a positive integer; got 0"),
        ({**BASE, "arrivals": "bursty"}, "arrivals must be one of saturated, poisson; got 'bursty'"),
        ({**BASE, "cap": 3}, "cap must be given only with admission = 'rate-limited'"),
        ({**BASE, "B": 0}, "B must be a positive integer; got 0"),
        ({**BASE, "rates": [1, -1]}, "rates[1] must be > 0; got -1"),        # the key as written, with its index
        ({**BASE, "lengths": [2, 3.5]}, "lengths[1] must be a positive integer; got 3.5"),
        ({**BASE, "l0": [3, -1]}, "l0[1] must be a non-negative integer; got -1"),
        ({**BASE, "decode": [2, 3]}, "lengths must be given, or decode instead"),
    ]
    for raw, message in cases:
        with pytest.raises(ParameterError, match="^" + re.escape(message)) as info:
            resolve_spec(raw)
        assert "\n" not in str(info.value)
    with pytest.raises(ConfigError, match="key must be one of"):
        resolve_spec({**BASE, "policy": "proportional"})
    with pytest.raises(ConfigError, match="shipped stochastic config"):
        build_spec("no-such-config")


def test_shipped_configs_resolve():
    from coupling_sym.stochastic.spec import shipped_stochastic_configs

    for name in shipped_stochastic_configs():
        spec = build_spec(name, ["steps=3", "replications=2"])
        assert simulate(spec).tokens.max() <= spec.B


@pytest.mark.parametrize("key, value, name", [
    ("steps", "50", "steps"), ("B", "60", "B"), ("seed", "1", "seed"), ("replications", "2", "replications"),
    ("chunk", "10", "chunk"), ("l0", [3, "3"], "l0[1]"), ("lengths", ["2", 3], "lengths[0]"),
])
def test_quoted_integers_are_refused_by_key(key, value, name):
    from coupling_sym.errors import ConfigError

    with pytest.raises(ConfigError, match="^" + re.escape(f"{name} must be an integer, not a quoted string; got ")):
        resolve_spec({**BASE, key: value})


@pytest.mark.parametrize("decode, name", [
    ([{"dist": "empirical", "values": [2, "3"]}, 3], "decode[0].values[1]"),
    ([{"dist": "uniform", "low": "2", "high": 4}, 3], "decode[0].low"),
    ([{"dist": "geometric", "mean": 3, "max_length": "9"}, 3], "decode[0].max_length"),
    (["4", 3], "decode[0]"),
])
def test_quoted_decode_lengths_are_refused_by_field(decode, name):
    from coupling_sym.errors import ConfigError

    random = {k: v for k, v in BASE.items() if k != "lengths"}
    with pytest.raises(ConfigError, match="^" + re.escape(f"{name} must be an integer, not a quoted string; got ")):
        resolve_spec({**random, "decode": decode})
