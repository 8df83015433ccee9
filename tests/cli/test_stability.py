"""``coupling-sym roots`` and ``verify-coprime`` through the command line."""

import json
from math import gcd

import pytest
from typer.testing import CliRunner

from coupling_sym.cli import app

runner = CliRunner()


def invoke(*args):
    return runner.invoke(app, list(args))


def one_line_error(result, text):
    assert result.exit_code == 2, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and text in lines[0], result.output


def test_roots_default_is_the_plan_setting():
    result = invoke("roots")
    assert result.exit_code == 0, result.output
    # P_3 = 4z^2 + 5z + 3: rho = sqrt(3)/2 = 0.86602540378443864676372317075293618347140262690519...
    assert "verdict stable   rho 0.86602540378443864676372317075293618347140262690519" in result.output
    # A = z^2 + z + 1/2: rho = 1/sqrt(2) = 0.70710678118654752440084436210484903928483593768847...
    assert "rho 0.70710678118654752440084436210484903928483593768847" in result.output
    assert "l0* = 2" in result.output


def test_roots_json_on_the_circle():
    result = invoke("roots", "--l0", "3", "--la", "2", "--lb", "3", "--p", "1/3", "--dps", "25", "--json")
    assert result.exit_code == 0, result.output
    record = json.loads(result.output)
    assert record["P"]["coeffs"] == ["4", "5", "4"] and record["P"]["verdict"] == "on-circle"
    assert record["P"]["rho"] == "1.0"
    assert [r["multiplicity"] for r in record["P"]["roots"]] == [1, 1]
    assert record["limit"]["coeffs"] == ["1", "1", "2/3"] and record["critical_l0"] == 4
    assert record["params"] == {"l0": 3, "lengths": [2, 3], "p": ["1/3", "2/3"], "dps": 25}


def test_roots_three_types():
    result = invoke("roots", "--l0", "5", "--lengths", "2,3,5", "--rates", "1,1,2", "--json")
    assert result.exit_code == 0, result.output
    record = json.loads(result.output)
    assert record["params"]["p"] == ["1/4", "1/4", "1/2"]
    # s = (1, 1, 3/4, 1/2, 1/2) for rates 1:1:2; (l0 + 1 + j) s_j at l0 = 5 (hand values)
    assert record["P"]["coeffs"] == ["6", "7", "6", "9/2", "5"]
    assert record["limit"]["coeffs"] == ["1", "1", "3/4", "1/2", "1/2"]
    assert sum(root["multiplicity"] for root in record["P"]["roots"]) == 4
    # numpy gives rho = 1.0374.. (float64 error ~1e-12 for these simple roots): a root outside
    assert record["P"]["verdict"] == "unstable" and record["critical_l0"] == 8
    assert abs(float(record["P"]["rho"]) - 1.0374176359974) < 1e-12


@pytest.mark.parametrize("args, text", [
    (("--dps", "0"), "--dps must be an integer from 1 to 4000 (digits printed as text); got '0'"),
    (("--dps", "100000000"), "--dps must be an integer from 1 to 4000 (digits printed as text); got '100000000'"),
    (("--p", "1"), "p must be strictly between 0 and 1; got '1'"),
    (("--l0", "-1"), "l0 must be a non-negative integer"),
    (("--la", "x"), "l_A must be a positive integer"),
    (("--lengths", "2,3", "--p", "1/2"), "--lengths must be used without --p"),
    (("--rates", "1,2"), "--rates must be used with --lengths"),
])
def test_roots_bad_input(args, text):
    one_line_error(invoke("roots", *args), text)


def test_verify_coprime_2_to_12_json():
    result = invoke("verify-coprime", "--range", "2..12", "--json")
    assert result.exit_code == 0, result.output
    record = json.loads(result.output)
    assert record["claim_holds"] is True and len(record["pairs"]) == 55
    for pair in record["pairs"]:
        assert {"l_A", "l_B", "gcd", "limit_verdict", "limit_rho", "critical_l0"} <= pair.keys()
        assert pair["gcd"] == gcd(pair["l_A"], pair["l_B"])
        if pair["gcd"] > 1:
            assert pair["limit_verdict"] == "on-circle" and pair["limit_rho"] == 1.0
            assert pair["critical_l0"] is None and pair["unit_roots_are_gcd_roots_of_unity"]
        else:
            assert pair["limit_verdict"] == "stable" and pair["limit_rho"] < 1
            assert isinstance(pair["critical_l0"], int)
    first = record["pairs"][0]
    assert (first["l_A"], first["l_B"], first["critical_l0"]) == (2, 3, 2)      # hand value
    assert "finite" not in first


def test_verify_coprime_with_finite_l0():
    result = invoke("verify-coprime", "--range", "2..4", "--l0", "1,3", "--json")
    assert result.exit_code == 0, result.output
    pairs = {(p["l_A"], p["l_B"]): p for p in json.loads(result.output)["pairs"]}
    # (2, 3): P_1 = 2z^2 + 3z + 2 on the circle, P_3 = 4z^2 + 5z + 3 stable (hand values)
    assert [(f["l0"], f["verdict"]) for f in pairs[(2, 3)]["finite"]] == [(1, "on-circle"), (3, "stable")]
    assert pairs[(2, 3)]["finite"][0]["rho"] == 1.0


def test_verify_coprime_table():
    result = invoke("verify-coprime", "--range", "2,3,4,6", "--l0", "3")
    assert result.exit_code == 0, result.output
    assert "claim holds for all 6 pairs" in result.output
    assert "z^2 = 1" in result.output and "on-circle" in result.output
    assert "not stable" in result.output                   # finite l0 findings, not an error


def test_verify_coprime_exit_1_when_the_claim_fails(monkeypatch):
    import coupling_sym.stability.summary as summary

    monkeypatch.setattr(summary, "claim_holds", lambda reports: False)
    result = invoke("verify-coprime", "--range", "2..4", "--json")
    assert result.exit_code == 1
    assert json.loads(result.output)["claim_holds"] is False


@pytest.mark.parametrize("args, text", [
    (("--range", "5..3"), "range must be a non-empty range a..b with a <= b; got '5..3'"),
    (("--range", "2..x"), "range must be a positive integer; got 'x'"),
    (("--range", "4"), "range must be at least two distinct decode lengths"),
    (("--p", "1"), "p must be strictly between 0 and 1; got '1'"),
    (("--l0", "a"), "l0 must be a non-negative integer"),
    # 100000 lengths make 4999950000 pairs: refused before a list of them is built
    (("--range", "1..100000"), "range must be at most 1000000 pairs (4999950000 asked)"),
])
def test_verify_coprime_bad_input(args, text):
    one_line_error(invoke("verify-coprime", *args), text)


def test_scan_table_and_json():
    result = invoke("scan", "--l0", "0..30", "--la", "2", "--lb", "3", "--p", "1/2", "--target", "0.9",
                    "--top", "2", "--json")
    assert result.exit_code == 0, result.output
    settings = json.loads(result.output)["settings"]
    # rho^2 = (l0+3) / (2(l0+1)): l0 = 3 gives 0.866 (l0 = 2 gives 0.913 > 0.9), then l0 = 4
    assert [(s["l0"], s["verdict"]) for s in settings] == [(3, "stable"), (4, "stable")]
    table = invoke("scan", "--l0", "0..30", "--la", "2", "--lb", "3", "--p", "1/2", "--target", "0.9")
    assert table.exit_code == 0 and "0.866025" in table.output


@pytest.mark.parametrize("args, text", [
    (("--target", "2"), "target must be in (0, 1]"),
    (("--top", "0"), "top must be a positive integer"),
    (("--p", "1/2,1"), "p must be strictly between 0 and 1"),
    (("--l0", "5..3"), "l0 must be a non-empty range"),
    # l_A in 1..2000, l_B in 1..2000: 2000 * 1999 / 2 = 1999000 pairs with l_A < l_B
    (("--la", "5", "--lb", "3"), "l_A must be smaller than some l_B (a grid's pairs have l_A < l_B); got '5'"),
    (("--la", "1..2000", "--lb", "1..2000"), "at most 1000000 pairs l_A < l_B (1999000 asked)"),
])
def test_scan_bad_input(args, text):
    one_line_error(invoke("scan", *args), text)


def test_locus_writes_png_and_pdf(tmp_path):
    out = tmp_path / "fig"
    result = invoke("locus", "--la", "2", "--lb", "3", "--p", "1/2", "--out", str(out), "--json")
    assert result.exit_code == 0, result.output
    record = json.loads(result.output)
    assert record["critical_l0"] == 2 and abs(record["crossing"]["l0"] - 1) < 1e-6
    assert (tmp_path / "fig.png").exists() and (tmp_path / "fig.pdf").exists()
    again = invoke("locus", "--out", str(out))
    one_line_error(again, f"--out must be a file that does not exist yet (or use --force to replace it); got '{out}.png'")
    assert invoke("locus", "--out", str(out), "--force").exit_code == 0


def test_locus_reports_the_range_sorted(tmp_path):
    # a list given out of order: the figure runs over 1..5 and the JSON says so (not 5..3)
    result = invoke("locus", "--l0", "5,1,3", "--out", str(tmp_path / "u"), "--json")
    assert result.exit_code == 0, result.output
    record = json.loads(result.output)
    assert record["l0"] == [1, 5] and record["count"] == 3


def test_locus_bad_input(tmp_path):
    one_line_error(invoke("locus", "--l0", "x", "--out", str(tmp_path / "f")), "l0 must be a non-negative integer")
    one_line_error(invoke("locus", "--p", "0", "--out", str(tmp_path / "f")), "p must be strictly between 0 and 1")
    (tmp_path / "g.png").mkdir()
    one_line_error(invoke("locus", "--out", str(tmp_path / "g"), "--force"), "a file path, not a folder")


def test_verify_coprime_reports_every_l0_for_non_coprime_pairs():
    result = invoke("verify-coprime", "--range", "2,3,4,6", "--json")
    assert result.exit_code == 0, result.output
    pairs = {(p["l_A"], p["l_B"]): p for p in json.loads(result.output)["pairs"]}
    # gcd 2: the sign proof; gcd 3: the crossing route
    assert pairs[(2, 4)]["every_l0"]["route"] == "even-gcd-proof"
    # (2, 4), p = 1/2: P_l0(-1) = (1/2)(2/2 + 4/2) = 3/2 (hand value)
    assert "P_l0(-1) = (1/2) sum_k p_k l_k = 3/2" in pairs[(2, 4)]["every_l0"]["proof"]
    assert pairs[(3, 6)]["every_l0"]["route"] == "crossing-certificate"
    assert all(pairs[key]["every_l0"]["unstable_for_every_l0"] for key in [(2, 4), (2, 6), (4, 6), (3, 6)])
    assert "every_l0" not in pairs[(2, 3)]
    table = invoke("verify-coprime", "--range", "2,3,4,6")
    assert table.exit_code == 0, table.output
    assert "non-coprime pairs: 4 of 4 unstable for every l0 >= 0" in table.output


@pytest.mark.parametrize("args, first, last, count", [
    (("--la", "2", "--lb", "3", "--p", "1/2"), 0, 20, 21),      # l0* = 2: max(20, 4) = 20, step 1
    (("--la", "3", "--lb", "6", "--p", "1/2"), 0, 40, 41),      # gcd 3: no l0*, 0 .. 40
    (("--la", "3", "--lb", "8", "--p", "1/4"), 0, 170, 171),    # l0* = 85 (user guide): 0 .. 170
])
def test_locus_default_range_is_what_its_help_says(tmp_path, args, first, last, count):
    import typer

    option = next(param for param in typer.main.get_command(app).commands["locus"].params if param.name == "l0")
    assert "0 .. max(20, 2 l0*), or 0 .. 40 without l0*, at most 201 values" in option.help
    record = json.loads(invoke("locus", *args, "--out", str(tmp_path / "d"), "--json").output)
    assert record["l0"] == [first, last] and record["count"] == count


def test_roots_at_an_extreme_share_prints_the_roots_and_l0_star():
    # p = 1e-300 made coefficients of 600 digits, and float() of them raised OverflowError
    result = invoke("roots", "--p", "1e-300", "--dps", "10")
    assert result.exit_code == 0, result.output
    # P_3 = 4z^2 + 5z + 6q (q = 1 - 1e-300): |z| = sqrt(6q/4) = 1.224744871...
    assert "verdict unstable   rho 1.224744871" in result.output
    assert f"l0* = {2 * 10 ** 300 - 2}" in result.output      # Jury: 2/p - 2


def test_roots_says_when_l0_star_is_out_of_reach():
    result = invoke("roots", "--la", "4", "--lb", "7", "--p", "1e-300", "--dps", "10")
    assert result.exit_code == 0, result.output
    assert "l0*: out of reach (p = (1.0e-300, 1.0) with lengths (4, 7)" in result.output


def test_roots_at_p_1e_30_gives_the_exact_l0_star():
    # Jury's conditions for 4z^2 + .. give l0* = 2/p - 2 (tests/stability/test_extreme_shares.py)
    result = invoke("roots", "--p", "1e-30", "--dps", "10")
    assert result.exit_code == 0, result.output
    assert f"l0* = {2 * 10 ** 30 - 2}" in result.output


@pytest.mark.parametrize("args", [("scan", "--p", "1e-300", "--l0", "0..3", "--la", "4", "--lb", "7"),
                                  ("verify-coprime", "--range", "4,7", "--p", "1e-300")])
def test_commands_needing_l0_star_at_an_unreachable_share_fail_in_one_line(args):
    one_line_error(invoke(*args), "p = (1.0e-300, 1.0) with lengths (4, 7)")


def test_huge_rates_ratio_answers_without_overflow():
    result = invoke("roots", "--lengths", "2,3", "--rates", "1,1e308", "--dps", "10")
    assert result.exit_code == 0, result.output
    # p = 1 / (1 + 1e308): Jury gives l0* = 2/p - 2 = 2e308
    assert "verdict unstable" in result.output and f"l0* = {2 * 10 ** 308}" in result.output
