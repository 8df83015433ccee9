"""Per-type prompt lengths in parameters, configs, overrides and the run folder."""

import json
from fractions import Fraction as F

import pytest
from typer.testing import CliRunner

from coupling_sym.cli import app
from coupling_sym.config import build_config, describe_params, resolve_config
from coupling_sym.errors import ConfigError, ParameterError
from coupling_sym.params import make_params
from coupling_sym.state import footprint_matrix

runner = CliRunner()


def test_per_type_prompts_by_hand():
    # l0 = (30, 60), l = (2, 3), p = (1/4, 3/4): c_0 = (31 + 3 * 61)/4 = 107/2,
    # c_1 = (32 + 3 * 62)/4 = 109/2, c_2 = 3 * 63 / 4 = 189/4; N = B / c_0.
    params = make_params([30, 60], [2, 3], [1, 3], 214)
    assert params.prompts == (30, 60) and not params.common_prompt
    assert params.admission_tokens == F(107, 2) and params.N == 4
    assert params.stage_weights == (F(107, 2), F(109, 2), F(189, 4))
    assert params.equilibrium_admission == F(214) / (F(107, 2) + F(109, 2) + F(189, 4))
    assert footprint_matrix(params).tolist() == [[31, 32, 33], [61, 62, 63]]
    assert params.prompt_label == "[30, 60]"
    with pytest.raises(ParameterError, match=r"^l0 must be one prompt length shared by all types here; "
                                             r"got per-type prompts \[30, 60\]$"):
        params.l0


@pytest.mark.parametrize("l0, message", [
    ([1, 2, 3], r"^l0 must be one integer or a list of 2 prompt lengths \(one per type\); got \[1, 2, 3\]$"),
    ([1], r"^l0 must be one integer or a list of 2 prompt lengths \(one per type\); got \[1\]$"),
    ([1, -1], r"^l0_B must be a non-negative integer; got -1$"),
    ([2.5, 1], r"^l0_A must be a non-negative integer; got 2.5$"),
    (["1/2", 1], r"^l0_A must be a non-negative integer; got '1/2'$"),
])
def test_bad_prompt_lists(l0, message):
    with pytest.raises(ParameterError, match=message):
        make_params(l0, [2, 3], [1, 1], 60)


def test_config_prompt_keys_and_overrides(tmp_path):
    assert build_config("default", ["l0_A=40"]).params.prompts == (40, 3)
    assert build_config("default", ["l0=[30, 60]"]).params.prompts == (30, 60)
    assert build_config("default", ["l0=30,60"]).params.prompts == (30, 60)
    assert build_config("default", ["l0=[30, 60]", "l0_B=7"]).params.prompts == (30, 7)
    assert build_config("three-types", ["l0=[1, 2, 3]"]).params.prompts == (1, 2, 3)
    assert build_config("three-types", ["l0_B=9"]).params.prompts == (16, 9, 16)
    path = tmp_path / "two.toml"
    path.write_text("l0_A = 30\nl0_B = 60\nl_A = 2\nl_B = 3\nlambda_A = 1\nlambda_B = 1\nB = 600\nsteps = 5\n")
    assert build_config(str(path)).params.prompts == (30, 60)
    path.write_text("l0 = [30, 60]\nlengths = [2, 3]\nrates = [1, 1]\nB = 600\nsteps = 5\n")
    assert build_config(str(path)).params.prompts == (30, 60)


@pytest.mark.parametrize("raw, error, message", [
    ({"l0_A": 3}, ConfigError, r"^l0_B must be given \(or l0\); got 'nothing'$"),
    ({}, ConfigError, r"^l0 must be given; got 'nothing'$"),
    ({"l0": [1, 2, 3]}, ParameterError, r"^l0 must be one integer or a list of 2 prompt lengths"),
    ({"l0": 3, "l0_B": -2}, ParameterError, r"^l0_B must be a non-negative integer; got -2$"),
    ({"l0": 3, "l0_A": 1.5}, ParameterError, r"^l0_A must be a non-negative integer; got 1.5$"),
])
def test_bad_prompt_configs(raw, error, message):
    base = {"l_A": 2, "l_B": 3, "lambda_A": 1, "lambda_B": 1, "B": 60, "steps": 5}
    with pytest.raises(error, match=message):
        resolve_config({**base, **raw})


def test_describe_params_records_per_type_prompts():
    listed = describe_params(build_config("default", ["l0=[30, 60]", "B=600"]))
    assert (listed["l0"], listed["prompts"], listed["l0_A"], listed["l0_B"]) == ([30, 60], [30, 60], 30, 60)
    common = describe_params(build_config("default"))
    assert (common["l0"], common["prompts"]) == (3, [3, 3])


def test_experiment_cli_with_per_type_prompts(tmp_path):
    result = runner.invoke(app, ["experiment", "--out", str(tmp_path), "--set", "l0=[1, 3]", "--set", "steps=6",
                                 "--json"])
    assert result.exit_code == 0, result.output
    folder = next(tmp_path.iterdir())
    document = json.loads((folder / "config.json").read_text())
    assert document["parameters"]["prompts"] == [1, 3]
    assert (document["parameters"]["l0_A"], document["parameters"]["l0_B"]) == (1, 3)
    # c = (3, 4, 3) for B = 60 (worked in tests/dynamics/test_prompts.py): a* = 6, N = 20
    assert document["derived"]["N"] == "20" and document["derived"]["equilibrium_admission"] == "6"
    stability = document["derived"]["stability"]
    assert stability["ray"] == [1, 3] and stability["scale"] == 1
    text = runner.invoke(app, ["experiment", "--out", str(tmp_path), "--set", "l0=[1, 3]", "--set", "steps=6"])
    assert text.exit_code == 0 and "along prompts r t, r = [1, 3]" in text.stdout
    rows = (folder / "trajectory.csv").read_text().splitlines()
    assert rows[1].split(",")[:3] == ["0", "20.0", "20.0"]


@pytest.mark.parametrize("override, message", [
    ("l0=[1, 2, 3]", "l0 must be one integer or a list of 2 prompt lengths (one per type); got [1, 2, 3]"),
    ("l0_A=-1", "l0_A must be a non-negative integer; got -1"),
    ("l0_B=2.5", "l0_B must be a non-negative integer; got 2.5"),
])
def test_experiment_cli_rejects_bad_prompts(tmp_path, override, message):
    result = runner.invoke(app, ["experiment", "--out", str(tmp_path), "--set", override])
    assert result.exit_code == 2
    assert message in result.output
    assert not any(tmp_path.iterdir())
