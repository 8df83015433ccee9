"""The note's new propositions, checked by independent routes: exact evaluation of P_l0(-1),
numpy roots for the odd-gcd evidence, exact simulations for the certified runs, hand values."""

from fractions import Fraction as F
from math import gcd, pi

import numpy as np
import pytest

from coupling_sym.note import gather
from coupling_sym.note.paper import certified_counts, gather_adjacent, gather_odd_evidence
from coupling_sym.stability import critical_l0


def _coefficients(l0, lengths, shares):
    return [(l0 + 1 + j) * sum(p for p, l in zip(shares, lengths) if j < l) for j in range(max(lengths))]


def _horner(coeffs, x):
    value = F(0)
    for c in coeffs:
        value = value * x + c
    return value


def test_even_gcd_proposition_on_the_note_grid():
    # every even-gcd pair 2..12 at p = 1/4, 1/2, 3/4 and l0 = 0..80: P(-1) = (1/2) sum p_k l_k > 0
    # and P < 0 at minus the Cauchy bound, so a real root lies below -1
    for a in gather.LENGTHS:
        for b in gather.LENGTHS:
            if a < b and gcd(a, b) % 2 == 0:
                for p in gather.SHARES:
                    shares = (p, 1 - p)
                    for l0 in range(0, 81, 8):
                        c = _coefficients(l0, (a, b), shares)
                        assert _horner(c, F(-1)) == (p * a + (1 - p) * b) / 2
                        bound = 1 + max(abs(x / c[0]) for x in c[1:])
                        assert _horner(c, -bound) < 0


def test_odd_gcd_evidence_against_numpy_roots():
    rows = gather_odd_evidence(range(2, 13), (F(1, 2),), ())
    assert all(r.certified == r.settings for r in rows)
    # the pairs with odd gcd > 1 up to 12, by hand: (3,6) (3,9) (3,12) (5,10) (6,9) (9,12)
    assert sum(r.settings for r in rows) == 6
    for a, b in [(3, 6), (3, 9), (3, 12), (5, 10), (6, 9), (9, 12)]:
        top = critical_l0((a, b), "1/2", route="crossing").top
        for l0 in range(top + 30):
            c = [float(x) for x in _coefficients(l0, (a, b), (F(1, 2), F(1, 2)))]
            # rho - 1 ~ 1/(l0 + L) >= 1e-2 here, far above float64 root errors (~1e-12)
            assert max(abs(np.roots(c))) > 1 + 1e-6


def test_least_non_negative_l0_star_can_be_zero():
    # (1, 2), p = 3/4: P = (l0 + 1) z + (l0 + 2)/4 has the root -(l0 + 2)/(4 (l0 + 1)), inside for l0 > -2/3
    assert critical_l0((1, 2), "3/4").value == 0


def test_adjacent_heuristics_by_hand():
    row = next(r for r in gather_adjacent([4], [F(1, 2)]))
    # L (L - p)^2 / (2 pi^2 p q) - L - 1 at L = 4, p = 1/2: 4 * 3.5^2 / (pi^2 / 2) - 5 = 98 / pi^2 - 5
    assert row.refined == pytest.approx(98 / pi ** 2 - 5, rel=1e-12)
    assert row.cubic == pytest.approx(128 / pi ** 2, rel=1e-12)
    assert row.value == 6


def test_certified_runs_of_the_sweep_never_evict_again():
    from coupling_sym.dynamics import run_simulation
    from coupling_sym.state import initial_state
    from coupling_sym.sweep import parse_grid

    sweep = gather.gather_sweep()
    counts = certified_counts(sweep)
    assert counts["certified_converged"] == counts["converged"]           # the note's claim
    grid = parse_grid(*(gather.PHASE_GRID[key] for key in ("la", "lb", "l0", "p", "B")))
    sample = [(s, r) for s, r in zip(grid, sweep.settings) if r.convergence != "not certified"][::25]
    assert sample
    for setting, row in sample:
        start = int(row.convergence.rsplit(" ", 1)[1])
        exact = run_simulation(setting.params, initial_state(setting.params), start + 60, exact=True)
        assert all(total == 0 for total in exact.eviction_totals[start + 1:])


def test_the_estimates_rest_on_square_free_limits():
    # the note: gcd(A, A') = 1 for every pair of the estimate and adjacent tables, but not always
    from coupling_sym.note.paper import ADJACENT_LENGTHS
    from coupling_sym.stability.poly import shares_poly

    for a, b in list(gather.ESTIMATE_PAIRS):
        A = shares_poly((a, b), (gather.LIMIT_SHARE, 1 - gather.LIMIT_SHARE))
        assert A.gcd(A.derivative()).degree() == 0
    for L in ADJACENT_LENGTHS:
        for p in gather.SHARES:
            A = shares_poly((L - 1, L), (p, 1 - p))
            assert A.gcd(A.derivative()).degree() == 0
    # (2, 3), p = 3/4: s = (1, 1, 1/4), A = z^2 + z + 1/4 = (z + 1/2)^2 (by hand)
    A = shares_poly((2, 3), (F(3, 4), F(1, 4)))
    assert [int(c) for c in A.coeffs()] == [1, 4, 4]


def test_every_citation_has_an_entry_and_every_entry_is_cited():
    import re
    from pathlib import Path

    tex = Path(__file__).resolve().parents[2] / "tex"
    text = "\n".join(path.read_text(encoding="utf-8") for path in [tex / "multiple_discrete.tex",
                                                                    *sorted((tex / "sections").glob("*.tex"))])
    cited = {key.strip() for group in re.findall(r"\\cite[tp]?\{([^}]*)\}", text) for key in group.split(",")}
    entries = set(re.findall(r"^@\w+\{([^,]+),", (tex / "references.bib").read_text(encoding="utf-8"), re.M))
    assert cited and cited == entries
    # the propositions this module checks are stated in the note
    for label in ("thm:even", "conj:odd", "prop:certified", "tab:oddgcd", "tab:adjacent"):
        assert f"\\label{{{label}}}" in text


def test_experiment_certificates_follow_the_verdicts():
    # the note: the certified experiments are exactly those whose P_l0 is stable (exact verdict)
    from coupling_sym.note.paper import experiment_certificates
    from coupling_sym.stability import certify_stability

    certificates = dict(experiment_certificates())
    for label, config, sets in gather.EXPERIMENTS:
        params = gather.run_named_experiment(config, sets).config.params
        stable = certify_stability(list(params.stage_weights)).value == "stable"
        assert (certificates[label] != "not certified") == stable
