"""``coupling-sym mix`` through Typer's CliRunner."""

import json

import pytest
from typer.testing import CliRunner

from coupling_sym.cli import app

runner = CliRunner()


def test_json_proposals():
    # tiers 2, 4 (gcd 2) at l0 = 3: moving 4 -> 3 gives P_3 = 4z^2 + 5z + 3 (MODEL.md c_j),
    # |z|^2 = 3/4 by hand, and l0* = 2 for (2, 3) at p = 1/2 (P_1 = 2z^2 + 3z + 2 has |z| = 1).
    result = runner.invoke(app, ["mix", "--lengths", "2,4", "--l0", "3", "--max-shift", "1", "--json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["gcd"] == 2 and doc["verdict"] == "unstable"
    first = doc["proposals"][0]
    assert first["lengths"] == [2, 3] and first["gcd"] == 1 and first["change"] == 1
    assert first["verdict"] == "stable" and first["critical_l0"] == 2
    assert first["rho"] == pytest.approx(3 ** 0.5 / 2, rel=1e-12)   # float companion eigenvalues
    assert all(row["gcd"] == 1 for row in doc["proposals"])


def test_table():
    result = runner.invoke(app, ["mix", "--lengths", "2,4", "--l0", "3", "--max-shift", "1"])
    assert result.exit_code == 0, result.output
    assert "given tiers 2, 4 (gcd 2)" in result.stdout and "P_l0 unstable" in result.stdout
    assert "2,3" in result.stdout and "0.866025" in result.stdout


def test_nothing_found_says_so():
    result = runner.invoke(app, ["mix", "--lengths", "2,4", "--l0", "3", "--max-shift", "0"])
    assert result.exit_code == 0, result.output
    assert "no coprime tiers within 0" in result.stdout


@pytest.mark.parametrize("args, message", [
    (["--lengths", "0,4"], "lengths[0] must be a positive integer; got 0"),
    (["--lengths", "2,4", "--max-shift", "-1"], "max_shift must be a non-negative integer; got '-1'"),
    (["--lengths", "2,4", "--rates", "1,0"], "lambda_B must be > 0; got 0"),
])
def test_bad_input(args, message):
    result = runner.invoke(app, ["mix", *args])
    assert result.exit_code == 2
    assert result.stderr.strip() == f"error: {message}"
