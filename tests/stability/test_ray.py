"""Critical scale along a prompt ray, the limit theorem with weights p_k r_k, and the CLI."""

import json
from fractions import Fraction as F
from math import gcd

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from coupling_sym.cli import app
from coupling_sym.errors import ParameterError
from coupling_sym.params import make_params
from coupling_sym.stability.critical import critical_l0
from coupling_sym.stability.ray import (critical_scale, crossing_polynomial, normalise_ratios, ray_limit_shares,
                                        ray_weights)
from coupling_sym.stability.ray_pairs import scan_ray_settings, verify_ray_pairs
from coupling_sym.stability.verdict import certify_stability

runner = CliRunner()
HALF = (F(1, 2), F(1, 2))


def test_ray_weights_are_the_stage_weights_of_the_prompts():
    # the pencil c_j(t) = t a_j + b_j against ModelParams.stage_weights at prompts r t
    for r, t in [((1, 2), 5), ((3, 1), 4), ((2, 5), 0)]:
        params = make_params([r[0] * t, r[1] * t], [3, 5], [1, 2], 1)
        assert tuple(ray_weights((3, 5), params.p, r, t)) == params.stage_weights


def test_common_ray_agrees_with_the_common_prompt_l0_star():
    # Two independent proofs (crossing values of the common-prompt pencil vs the
    # resultant of this module) must give the same l0*.
    for a in range(1, 7):
        for b in range(a + 1, 8):
            for p in ("1/3", "1/2", "3/4"):
                assert critical_scale((a, b), p, (1, 1)).value == critical_l0((a, b), p).value, (a, b, p)


def test_hand_worked_ray():
    # (2, 3), p = 1/2, r = (1, 2): P_t = (3t/2 + 1) z^2 + (3t/2 + 2) z + (t + 3/2), discriminant
    # -15t^2/4 - 7t - 2 < 0, so |z|^2 = (t + 3/2) / (3t/2 + 1) < 1 iff t > 1; t = 1 is on the circle.
    result = critical_scale((2, 3), "1/2", (1, 2))
    assert result.value == 2 and result.prompts == (2, 4)
    assert certify_stability(ray_weights((2, 3), HALF, (1, 2), 1)).value == "on-circle"
    # R(t) vanishes at the crossing t = 1: Res of P_t and its reverse, here
    # (c0^2 - c2^2)((c0 + c2)^2 - c1^2) up to sign, zero where c0 = c2.
    R = crossing_polynomial((2, 3), HALF, (1, 2))
    assert R.eval(1) == 0 and R.eval(2) != 0


@settings(max_examples=25, deadline=None)
@given(st.integers(1, 5), st.integers(1, 4), st.sampled_from(["1/4", "1/2", "2/3"]),
       st.integers(1, 4), st.integers(1, 4))
def test_critical_scale_by_brute_force(a, extra, p, ra, rb):
    # Exact Schur-Cohn at every integer scale up to well beyond the proven top.
    lengths = (a, a + extra)
    result = critical_scale(lengths, p, (ra, rb))
    shares = (F(p), 1 - F(p))
    verdicts = {t: certify_stability(ray_weights(lengths, shares, result.ratios, t)).value
                for t in range(0, result.top + 25)}
    if result.value is None:
        assert all(verdicts[t] != "stable" for t in range(result.top, result.top + 25))
    else:
        assert all(verdicts[t] == "stable" for t in range(result.value, result.top + 25))
        assert result.value == 0 or verdicts[result.value - 1] != "stable"


def test_limit_theorem_with_weights_p_r():
    # stable exactly when gcd = 1; the d-th roots of unity on the circle otherwise
    for r in [(1, 2), (3, 1), (2, 5), (1, 1)]:
        reports = verify_ray_pairs([(a, b) for a in range(2, 10) for b in range(a + 1, 11)], "1/3", r)
        assert all(rep.claim_holds for rep in reports)
        for rep in reports:
            assert (rep.limit_verdict.value == "stable") == (gcd(rep.l_A, rep.l_B) == 1)


def test_limit_form_coefficients_by_hand():
    # (1 - z) A_r(z) = -rbar z^3 + p r_A z + q r_B for (2, 3), p = 1/2, r = (1, 2): rbar = 3/2.
    assert ray_limit_shares((2, 3), HALF, (1, 2)) == [F(3, 2), F(3, 2), F(1)]


NON_COPRIME = [(2, 4), (3, 6), (2, 6), (4, 6)]


def test_non_coprime_pairs_stay_unstable_for_every_prompt_mix():
    # Along every ray tried, no large scale is stable; and on a grid of prompt pairs
    # (u, v) every exact verdict is unstable.
    for pair in NON_COPRIME:
        for r in [(1, 1), (1, 2), (2, 1), (1, 5), (5, 1), (3, 4)]:
            assert critical_scale(pair, "1/2", r).value is None, (pair, r)
        for u in range(0, 13):
            for v in range(0, 13):
                weights = make_params([u, v], pair, [1, 1], 1).stage_weights
                assert certify_stability(weights).value == "unstable", (pair, u, v)


@pytest.mark.parametrize("ratios, message", [
    ([1, 0], r"^r_B must be a ratio > 0; got 0$"),
    ([-1, 2], r"^r_A must be a ratio > 0; got -1$"),
    ([1], r"^ratios must be a list of 2 prompt ratios \(one per type\); got \[1\]$"),
])
def test_bad_ratios(ratios, message):
    with pytest.raises(ParameterError, match=message):
        normalise_ratios(ratios, 2)


def test_scan_along_a_ray_by_hand():
    rows = scan_ray_settings(range(0, 8), [2], [3], ["1/2"], (1, 2), target="0.9", top=3)
    # rho^2 = (t + 3/2) / (3t/2 + 1) < 0.81 first at t = 3 (9/11 = 0.818.. is not; t = 4: 11/14)
    assert [row.l0 for row in rows] == [4, 5, 6]


def test_verify_coprime_cli_with_ratios():
    result = runner.invoke(app, ["verify-coprime", "--range", "2..5", "--ratios", "1,2", "--l0", "1,2", "--json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["ratios"] == [1, 2] and document["claim_holds"] is True
    pair = next(item for item in document["pairs"] if (item["l_A"], item["l_B"]) == (2, 3))
    assert pair["critical_l0"] == 2 and pair["critical_l0_method"] == "ray-crossing-proof"
    assert [f["verdict"] for f in pair["finite"]] == ["on-circle", "stable"]
    table = runner.invoke(app, ["verify-coprime", "--range", "2..4", "--ratios", "1,2"])
    assert table.exit_code == 0 and "r = [1, 2]" in table.stdout


def test_scan_cli_with_ratios():
    result = runner.invoke(app, ["scan", "--l0", "0..7", "--la", "2", "--lb", "3", "--p", "1/2",
                                 "--target", "0.9", "--top", "3", "--ratios", "1,2", "--json"])
    assert result.exit_code == 0, result.output
    assert [row["l0"] for row in json.loads(result.stdout)["settings"]] == [4, 5, 6]


@pytest.mark.parametrize("command", [["verify-coprime", "--range", "2..4"], ["scan", "--l0", "0..3"]])
@pytest.mark.parametrize("ratios, message", [("1,0", "r_B must be a ratio > 0; got 0"),
                                             ("1,-2", "r_B must be a ratio > 0; got -2"),
                                             ("1,2,3", "ratios must be a list of 2 prompt ratios")])
def test_cli_rejects_bad_ratios(command, ratios, message):
    result = runner.invoke(app, [*command, "--ratios", ratios])
    assert result.exit_code == 2 and message in result.output


def test_roots_cli_with_per_type_prompts():
    result = runner.invoke(app, ["roots", "--l0", "30,60", "--la", "2", "--lb", "3", "--dps", "15", "--json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    # P = 46 z^2 + 47 z + 63/2 (p = 1/2): complex roots with |z|^2 = 63 / 92
    assert document["P"]["coeffs"] == ["46", "47", "63/2"] and document["P"]["verdict"] == "stable"
    assert abs(float(document["P"]["rho"]) - (63 / 92) ** 0.5) < 1e-12
    assert document["ratios"] == [1, 2] and document["critical_l0"] == 2 and document["critical_prompts"] == [2, 4]
    zero = runner.invoke(app, ["roots", "--l0", "0,4", "--la", "2", "--lb", "3"])
    assert zero.exit_code == 0 and "not applicable" in zero.stdout
    bad = runner.invoke(app, ["roots", "--l0", "1,2,3"])
    assert bad.exit_code == 2 and "l0 must be one integer or a list of 2 prompt lengths" in bad.output
