"""``coupling-sym charpoly`` through the command line."""

import json

import pytest
from typer.testing import CliRunner

from coupling_sym.cli import app

runner = CliRunner()


def invoke(*args):
    return runner.invoke(app, ["charpoly", *args])


def test_default_pair_prints_the_polynomials_and_checks():
    result = invoke("--l0", "3", "--la", "2", "--lb", "3", "--p", "1/2")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].endswith("l0 = 3, l_A = 2, l_B = 3, p = 1/2, q = 1/2")
    assert "4⋅λ  + 5⋅λ + 3" in lines                       # P = 4 l^2 + 5 l + 3 (hand value)
    assert "4⋅λ  + λ  - 2⋅λ - 3" in lines                   # (l - 1) P
    assert "A(1) = 5/2 != 0" in result.output
    assert result.output.count("holds") == 3 and "FAILS" not in result.output


def test_json_concrete_by_hand():
    result = invoke("--l0", "3", "--la", "2", "--lb", "3", "--p", "1/2", "--json")
    assert result.exit_code == 0, result.output
    record = json.loads(result.output)
    assert record["P"] == ["4", "5", "3"]
    assert record["difference"] == ["4", "1", "-2", "-3"]
    assert record["limit"] == ["-1", "0", "1/2", "1/2"]
    assert record["A"] == ["1", "1", "1/2"]
    assert record["parameters"]["l_A"] == 2 and record["parameters"]["p"] == "1/2"
    assert record["checks"] == {"identity": True, "A_at_1": "5/2", "A_at_1_nonzero": True, "routes_agree": True}


def test_json_symbolic_pair_2_4():
    result = invoke("--symbolic", "--la", "2", "--lb", "4", "--json")
    assert result.exit_code == 0, result.output
    record = json.loads(result.output)
    # Hand: P = (l0+1) l^3 + (l0+2) l^2 + (l0+3) q l + (l0+4) q, limit = -l^4 + p l^2 + q.
    assert record["P"] == ["l0 + 1", "l0 + 2", "q*(l0 + 3)", "q*(l0 + 4)"]
    assert record["limit"] == ["-1", "0", "p", "0", "q"]
    assert record["A"] == ["1", "1", "q", "q"]
    # (lambda - 1) P: [c_0, c_1 - c_0, c_2 - c_1, c_3 - c_2, -c_3], and with p + q = 1,
    # q (l0 + 3) - (l0 + 2) = q - p (l0 + 2).
    assert record["difference"] == ["l0 + 1", "1", "-p*(l0 + 2) + q", "q", "-q*(l0 + 4)"]
    assert record["parameters"]["q"] == "1 - p" and record["parameters"]["l0"] == "l0"


def test_symbolic_with_a_given_share():
    record = json.loads(invoke("--symbolic", "--la", "2", "--lb", "3", "--p", "1/2", "--json").output)
    assert record["P"] == ["l0 + 1", "l0 + 2", "l0/2 + 3/2"]


def test_k_types_json():
    result = invoke("--l0", "2", "--lengths", "2,3,5", "--rates", "1,1,2", "--json")
    assert result.exit_code == 0, result.output
    record = json.loads(result.output)
    assert record["P"] == ["3", "4", "15/4", "3", "7/2"]
    assert record["limit"] == ["-1", "0", "1/4", "1/4", "0", "1/2"]
    assert record["parameters"]["shares"] == ["1/4", "1/4", "1/2"]


def test_latex_output():
    result = invoke("--symbolic", "--la", "2", "--lb", "3", "--latex")
    assert result.exit_code == 0, result.output
    assert r"A(\lambda) = \lambda^{2} + \lambda + q" in result.output.splitlines()
    assert r"(1 - \lambda) A(\lambda) = - \lambda^{3} + p \lambda + q" in result.output.splitlines()


def test_latex_in_json():
    record = json.loads(invoke("--l0", "3", "--la", "2", "--lb", "3", "--p", "1/2", "--json", "--latex").output)
    assert record["latex"]["P"] == r"4 \lambda^{2} + 5 \lambda + 3"


def test_slow_cross_check_is_skipped_unless_forced():
    # Six types with symbolic shares: a 7^6-point interpolation grid, skipped by default.
    six = ["--symbolic", "--lengths", "2,3,5,7,9,11"]
    record = json.loads(invoke(*six, "--json").output)
    assert record["checks"]["routes_agree"] is None and record["checks"]["identity"] is True
    assert "skipped" in invoke(*six).output
    assert json.loads(invoke("--symbolic", "--la", "2", "--lb", "64", "--json").output)["checks"]["routes_agree"]
    forced = json.loads(invoke("--symbolic", "--la", "2", "--lb", "5", "--json", "--no-cross-check").output)
    assert forced["checks"]["routes_agree"] is None


@pytest.mark.parametrize("args, text", [
    (["--l0", "3", "--la", "0", "--lb", "3", "--p", "1/2"], "l_A must be a positive integer; got '0'"),
    (["--l0", "3", "--lengths", "2,0,5", "--rates", "1,1,1"], "l_B must be a positive integer; got 0"),
    (["--l0", "3", "--la", "2", "--lb", "3", "--p", "3/2"], "p must be strictly between 0 and 1; got '3/2'"),
    (["--l0", "3", "--la", "2", "--lb", "3", "--p", "0"], "p must be strictly between 0 and 1; got '0'"),
    (["--l0", "3", "--la", "2", "--lb", "3", "--p", "1/x"], "p must be a number such as 2, 0.25 or 1/3; got '1/x'"),
    (["--l0", "3", "--lengths", "2,3", "--rates", "1,1/0"], "rates must be a number such as 2, 0.25 or 1/3"),
    (["--l0", "3", "--lengths", "2,3", "--rates", "1,-1"], "lambda_B must be > 0; got -1"),
    (["--l0", "-1", "--la", "2", "--lb", "3"], "l0 must be a non-negative integer; got '-1'"),
    (["--l0", "3", "--la", "2", "--lb", "100000000"], "l_B must be at most 512; got 100000000"),
    (["--la", "2", "--lb", "3"], "l0 must be given with --l0 N, or use --symbolic"),
    (["--symbolic", "--l0", "3", "--la", "2", "--lb", "3"], "--symbolic must be used without --l0"),
    (["--symbolic", "--la", "2"], "--lb must be given"),
    (["--symbolic", "--lengths", "2,3", "--p", "1/2"], "--lengths must be used without --la/--lb/--p"),
    (["--symbolic", "--la", "2", "--lb", "3", "--rates", "1,2"], "--rates must be used with --lengths"),
    (["--symbolic", "--lengths", "2,3,5", "--rates", "1,2"], "rates must be a list of 3 rates"),
])
def test_bad_input_gives_one_line_and_exit_2(args, text):
    result = invoke(*args)
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and text in lines[0], result.output
