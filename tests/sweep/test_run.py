"""run_sweep end to end on settings whose verdicts and outcomes are known by hand."""

from fractions import Fraction as F

import pytest

from coupling_sym.errors import ParameterError, StateError
from coupling_sym.sweep import build_grid, run_sweep


def test_hand_grid():
    # l0 = 0, (l_A, l_B) = (1, 2): P_0(z) = z + 2q.  p = 1/4: root -3/2 (unstable), and the
    # run is the 2-cycle admit 1 / evict; p = 3/4: root -1/2 (stable), geometric convergence.
    # (1, 3), p = 1/4: P_0(z) = z^2 + (3/2) z + 9/4, complex roots of modulus 3/2 (unstable);
    # the run is a 3-cycle.  (1, 3), p = 3/4: z^2 + z/2 + 3/4, |z|^2 = 3/4 (stable).
    grid = build_grid([1], [2, 3], [0], ["1/4", "3/4"], B=1)
    result = run_sweep(grid, steps=120)
    rows = {(r.l_B, r.p): r for r in result.settings}
    two, calm, three = rows[2, F(1, 4)], rows[2, F(3, 4)], rows[3, F(1, 4)]
    assert (two.verdict, two.outcome, two.period, two.last_eviction, two.agreement) == \
        ("unstable", "not-converged", 2, 119, "agree")
    assert (calm.verdict, calm.outcome, calm.period, calm.last_eviction, calm.agreement) == \
        ("stable", "converged", None, None, "agree")
    assert (three.verdict, three.outcome, three.period, three.agreement) == ("unstable", "not-converged", 3, "agree")
    # rho is a float64 root modulus: a few ulps from the exact 3/2, 1/2, 3/2
    assert (two.rho, calm.rho, three.rho) == pytest.approx((1.5, 0.5, 1.5), rel=1e-12)
    assert calm.final_gap < 1e-15  # exactly 2^-121; float64 stops at a few ulps of a* = 2/3
    last = rows[3, F(3, 4)]
    assert (last.verdict, last.outcome) == ("stable", "converged")
    assert last.rho == pytest.approx(3 ** 0.5 / 2, rel=1e-12)
    # l0*: (1, 2): |root| = (l0 + 2) q / (l0 + 1) < 1 iff l0 > (2q - 1) / p, so 3 for p = 1/4
    # and 0 for p = 3/4.  (1, 3): degree 2, stable iff (l0 + 3) q < l0 + 1 (the other Jury
    # condition always holds): l0 > 5 for q = 3/4, every l0 for q = 1/4.
    assert {(c.l_B, c.p): c.l0_star for c in result.critical} == {
        (2, F(1, 4)): 3, (2, F(3, 4)): 0, (3, F(1, 4)): 6, (3, F(3, 4)): 0}
    s = result.summary
    assert (s.total, s.stable_clear, s.stable_clear_converged, s.unstable, s.unstable_converged, s.disagreements) \
        == (4, 2, 2, 2, 0, ())


def test_json_object_fields():
    result = run_sweep(build_grid([2], [3], [3], ["1/2"], B=60), steps=50)
    document = result.as_dict()
    assert (document["steps"], document["B"], document["init"], document["policy"]) == (50, "60", "stage0",
                                                                                         "least-progress")
    (row,) = document["settings"]
    assert set(row) >= {"l_A", "l_B", "l0", "p", "verdict", "rho", "outcome", "period", "last_eviction",
                        "final_gap"}
    # P_3 = 4 z^2 + 5 z + 3 for (2, 3), p = 1/2: |z|^2 = 3/4, stable; batch 1 evicts
    assert (row["p"], row["verdict"], row["last_eviction"]) == ("1/2", "stable", 1)
    assert row["rho"] == pytest.approx(3 ** 0.5 / 2, rel=1e-12)


@pytest.mark.parametrize("policy", ["least-progress", "proportional"])
def test_both_policies_and_one_per_stage(policy):
    result = run_sweep(build_grid([2], [3], [3], ["1/2"], B=60), steps=200, init="one-per-stage", policy=policy)
    assert result.settings[0].outcome == "converged"
    assert (result.init, result.policy) == ("one-per-stage", policy)


def test_bad_arguments():
    grid = build_grid([2], [3], [3], ["1/2"], B=60)
    with pytest.raises(ParameterError, match="steps must be a positive integer; got 0"):
        run_sweep(grid, 0)
    with pytest.raises(StateError, match="init must be one of stage0, one-per-stage; got 'explicit'"):
        run_sweep(grid, 10, init="explicit")
    with pytest.raises(ParameterError, match="policy must be one of least-progress, proportional; got 'lifo'"):
        run_sweep(grid, 10, policy="lifo")
    with pytest.raises(ParameterError, match="grid must be a non-empty list of settings"):
        run_sweep((), 10)
    small = build_grid([2], [3], [3], ["1/2"], B=10)  # one per stage needs 4+5 + 4+5+6 = 24 tokens
    with pytest.raises(StateError, match=r"setting l_A=2, l_B=3, l0=3, p=1/2: X0 must be a state holding at most "
                                         r"B = 10 tokens; got '24 tokens'"):
        run_sweep(small, 10, init="one-per-stage")
