"""Modal decomposition and the non-coprime first-order excess with per-type prompts."""

from fractions import Fraction

import numpy as np
import pytest
from mpmath import mp

from coupling_sym.config import build_config
from coupling_sym.dynamics import run_simulation, run_theory
from coupling_sym.modal import convergence_facts, decompose_admissions
from coupling_sym.modal.prompts import first_order_excess
from coupling_sym.params import make_params
from coupling_sym.stability.roots import compute_roots
from coupling_sym.state import initial_state


@pytest.mark.parametrize("prompts, lengths, rates, init", [
    ([1, 3], [2, 3], [1, 1], "stage0"), ([30, 5], [4, 7], [1, 2], "stage0"),
    ([0, 9, 4], [2, 3, 5], [1, 1, 2], "stage0"), ([2, 6], [2, 3], [1, 3], "one-per-stage"),
])
def test_closed_form_matches_the_exact_theory(prompts, lengths, rates, init):
    # The closed form (fitted to L - 1 admissions) against exact admissions far beyond the fit.
    params = make_params(prompts, lengths, rates, 500)
    X0 = initial_state(params, init)
    decomp = decompose_admissions(params, X0, dps=40)
    exact = run_theory(params, X0, 60, exact=True).admissions
    with mp.workdps(40):
        worst = max(abs(decomp.admission(t) - mp.mpf(Fraction(a).numerator) / Fraction(a).denominator)
                    for t, a in enumerate(exact) if t >= decomp.valid_from)
        scale = max(abs(mp.mpf(Fraction(a).numerator) / Fraction(a).denominator) for a in exact)
        # 40 digits asked; the fit keeps guard digits, so 1e-30 relative is far from rounding
        assert worst / scale < mp.mpf(10) ** -30
    # proportional starts (stage0) hold from batch 0, as for a common prompt
    if init == "stage0":
        assert decomp.valid_from == 0


def test_first_order_excess_against_certified_roots():
    # (2, 4), prompts t (1, 3): the root near -1 leaves the circle by Re(A'(-1) / A_r'(-1)) / t + O(t^-2).
    # A = z^3 + z^2 + z/2 + 1/2, A_r = 2 z^3 + 2 z^2 + 3z/2 + 3/2 (p = 1/2): A'(-1) = 3/2, A_r'(-1) = 7/2,
    # so the prediction is 3 / (7 t).
    for t in (100, 1000):
        params = make_params([t, 3 * t], [2, 4], [1, 1], 1)
        with mp.workdps(30):
            assert abs(first_order_excess(params, mp.mpf(-1)) - mp.mpf(3) / (7 * t)) < mp.mpf(10) ** -25
        roots = compute_roots(params.stage_weights, 30)
        excess = max(roots.moduli) - 1
        assert float(excess) * 7 * t / 3 == pytest.approx(1, abs=5 / t)


def test_convergence_facts_report_the_per_type_prediction():
    config = build_config("non-coprime", ["l0=[40, 120]", "steps=40"])
    theory = run_theory(config.params, config.X0, 40)
    simulation = run_simulation(config.params, config.X0, 40)
    facts = convergence_facts(config, theory, simulation, dps=20)
    info = facts["non_coprime"]
    assert info["first_order_prediction"] is None and info["gcd"] == 2
    (mode,) = info["unstable_modes"]
    # first order at t = 40 along r = (1, 3): the ratio is 1 + O(1/t)
    assert abs(mode["excess_over_prediction"] - 1) < 0.1
    assert float(mode["first_order_prediction"]) == pytest.approx(3 / (7 * 40), rel=1e-12)
