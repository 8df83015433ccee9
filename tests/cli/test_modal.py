"""``coupling-sym modal`` through the command line."""

import json

from mpmath import mp, mpf
from typer.testing import CliRunner

from coupling_sym.cli import app

runner = CliRunner()


def invoke(*args):
    return runner.invoke(app, ["modal", *args])


def test_table_lists_modes_equilibrium_and_deviation():
    result = invoke("--dps", "20")
    assert result.exit_code == 0, result.output
    assert "Modes of P_l0" in result.output
    assert "-0.625" in result.output                       # Re mu = -5/8 (hand value)
    assert "equilibrium a*      5.0" in result.output
    assert "valid from batch    0" in result.output
    assert "max |closed form - exact theory| over batches 0..50" in result.output


def test_json_object_at_dps_50_is_accurate_to_40_digits():
    result = invoke("--dps", "50", "--json", "--config", "three-types", "--set", "l0=8", "--set", "B=200",
                    "--set", "lengths=[2, 3, 5]", "--set", "rates=[1, 1, 2]")
    assert result.exit_code == 0, result.output
    record = json.loads(result.output)
    assert set(record) == {"equilibrium", "valid_from", "max_abs_error", "modes"}
    # l0 = 8, lengths (2, 3, 5), p = (1/4, 1/4, 1/2): c = (9, 10 * 1, 11 * 3/4, 12 * 1/2, 13 * 1/2)
    # sum = 9 + 10 + 33/4 + 6 + 13/2 = 159/4, a* = 200 * 4 / 159 = 800/159
    with mp.workdps(60):
        assert abs(mpf(record["equilibrium"]) - mpf(800) / 159) < mpf(10) ** -48
        assert mpf(record["max_abs_error"]) < mpf(10) ** -40
    assert sum(mode["multiplicity"] for mode in record["modes"]) == 4       # L - 1
    assert all(len(m["coefficients"]) == m["multiplicity"] for m in record["modes"])
    assert all(isinstance(part, str) for m in record["modes"] for part in m["root"])


def test_json_with_exact_adds_exact_forms():
    result = invoke("--json", "--exact", "--set", "lambda_A=71", "--set", "lambda_B=25")
    assert result.exit_code == 0, result.output
    (mode,) = json.loads(result.output)["modes"]            # the double root -5/8 of l0 = 3
    assert mode["multiplicity"] == 2
    assert mode["root_exact"] == "-5/8"
    # a_t = a* + (C0 + C1 t)(-5/8)^t with a* = 960/169, a_0 = 15, a_1 = -15/4:
    # C0 = 15 - 960/169 = 1575/169, C1 = (-15/4 - 960/169)(-8/5) - C0 = 2550/169 - 1575/169 = 75/13
    assert mode["coefficients_exact"] == ["1575/169", "75/13"]


def test_json_exact_keeps_the_coefficient_polynomials():
    result = invoke("--json", "--exact")
    assert result.exit_code == 0, result.output
    # C = gamma_0 + gamma_1 mu with mu = -5/8 + i sqrt(23)/8 and C = 5 + 10 i / sqrt(23):
    # gamma_1 sqrt(23)/8 = 10/sqrt(23) gives gamma_1 = 80/23, and gamma_0 - (5/8) 80/23 = 5
    # gives gamma_0 = 165/23; the conjugate root has the same polynomial.
    modes = json.loads(result.output)["modes"]
    assert [mode["coefficient_polynomials"] for mode in modes] == [[["165/23", "80/23"]]] * 2


def test_exact_table_shows_radicals():
    result = invoke("--exact")
    assert result.exit_code == 0, result.output
    # mu = -5/8 +- i sqrt(23)/8 and C = 5 +- 10 i / sqrt(23) (hand derivation in
    # tests/modal/test_decomposition.py), as sympy writes them
    assert "mode 0: mu = -5/8 + sqrt(23)*I/8" in result.output
    assert "C_0 = 5 + 10*sqrt(23)*I/23" in result.output
    assert "mode 1: mu = -5/8 - sqrt(23)*I/8" in result.output
    assert "C_0 = 5 - 10*sqrt(23)*I/23" in result.output


def test_non_proportional_start_is_valid_from_batch_one():
    result = invoke("--json", "--set", "init=one-per-stage", "--set", "lambda_B=3")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["valid_from"] == 1


def one_line_error(result, text):
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and text in lines[0], result.output


def test_bad_dps():
    rule = "--dps must be an integer from 1 to 4000 (digits printed as text)"
    one_line_error(invoke("--dps", "0"), f"{rule}; got '0'")
    one_line_error(invoke("--dps", "ten"), f"{rule}; got 'ten'")
    one_line_error(invoke("--dps", "20000"), f"{rule}; got '20000'")


def test_config_the_model_rejects():
    one_line_error(invoke("--set", "l0=-1"), "l0 must be a non-negative integer; got -1")
    one_line_error(invoke("--set", "init=explicit", "--set", "X0=[[100, 0], [0, 0, 0]]"),
                   "X0 must be a state holding at most B = 60 tokens")
    one_line_error(invoke("--config", "no-such-config"), "config must be a shipped config")


def test_every_dps_option_has_one_cap_and_one_message():
    # 4300-digit integers cannot be printed (sys.get_int_max_str_digits): 4000 is the cap
    # of every command that takes --dps; 5000 passed the modal command's old cap of 10000.
    for command in (["modal"], ["roots"]):
        result = runner.invoke(app, [*command, "--dps", "5000"])
        assert result.exit_code == 2
        assert result.stderr.strip().splitlines() == [
            "error: --dps must be an integer from 1 to 4000 (digits printed as text); got '5000'"]
