"""The theory of an unstable setting grows geometrically; it is followed only while
float64 (and the figures and summaries built on it) can carry it."""

import json
import math

import numpy as np

from coupling_sym.config import build_config
from coupling_sym.dynamics import run_theory
from coupling_sym.dynamics.growth import GROWTH_LIMIT


def test_unstable_theory_stops_with_a_reason_instead_of_overflowing():
    # (2, 4) at l0 = 3 has |mu| > 1 (non-coprime): its theory passes 1e308 near batch
    # 3500, so 5000 batches overflowed to inf and then nan before the stop existed.
    cfg = build_config("non-coprime", ["steps=5000"])
    theory = run_theory(cfg.params, cfg.X0, cfg.steps)
    assert theory.stopped is not None and 1 < theory.stopped <= 5000
    assert "theory stopped" in theory.stop_reason
    followed = np.asarray(theory.admissions[:theory.stopped], dtype=float)
    assert np.isfinite(followed).all()
    scale = float(cfg.params.N)
    # The last followed batch is past the limit, the one before it is not.
    states = np.asarray(theory.states, dtype=float)
    assert np.abs(states[theory.stopped]).max() > GROWTH_LIMIT * scale
    assert np.abs(states[theory.stopped - 1]).max() <= GROWTH_LIMIT * scale
    assert np.isnan(np.asarray(theory.admissions[theory.stopped + 1:], dtype=float)).all()


def test_exact_theory_stops_at_the_same_batch_as_the_float_one():
    # Growth is geometric (rate rho > 1), so float rounding cannot move the stop:
    # both arithmetics cross GROWTH_LIMIT at the same batch.
    cfg = build_config("non-coprime", ["steps=900"])
    fl = run_theory(cfg.params, cfg.X0, cfg.steps)
    ex = run_theory(cfg.params, cfg.X0, cfg.steps, exact=True)
    assert fl.stopped == ex.stopped is not None


def test_stable_theory_is_never_stopped():
    cfg = build_config("default", ["steps=3000"])
    theory = run_theory(cfg.params, cfg.X0, cfg.steps)
    assert theory.stopped is None and theory.stop_reason is None
    assert math.isclose(float(theory.admissions[-1]), 5.0, rel_tol=1e-9)
