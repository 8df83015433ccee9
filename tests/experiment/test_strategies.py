"""Serving strategies as config keys, through the experiment and its CLI."""

import json
from fractions import Fraction as F

import pytest
from typer.testing import CliRunner

from coupling_sym.cli import app
from coupling_sym.config import build_config, resolve_config
from coupling_sym.errors import ParameterError
from coupling_sym.experiment import run_experiment

ONE_TYPE = {"l0": 2, "lengths": [3], "rates": [1], "B": 24, "steps": 30}


def test_experiment_throughput_per_admission_policy():
    # MODEL.md closed forms for one type, l0 = 2, l1 = 3, B = 24: the stage0 start runs into the
    # worst cycle, throughput B / (l1 (l0 + l1)) = 8/5; capped at a* it reaches x* = 2B / (l1 (2 l0 + l1 + 1)) = 2.
    greedy = run_experiment(resolve_config(ONE_TYPE), exact=True)
    limited = run_experiment(resolve_config({**ONE_TYPE, "admission": "rate-limited"}), exact=True)
    assert greedy.costs.throughput == F(8, 5)
    assert limited.costs.throughput == 2 and limited.costs.throughput_loss == 0


def test_config_records_strategies():
    from coupling_sym.config import describe_params

    described = describe_params(build_config("default", ["arrivals=poisson", "seed=4", "b0=0.01", "b1=1/1000"]))
    assert described["arrivals"] == "poisson" and described["seed"] == 4
    assert described["b0"] == "1/100" and described["b1"] == "1/1000"


@pytest.mark.parametrize("override, message", [
    ("admission=fifo", "admission must be one of greedy, rate-limited; got 'fifo'"),
    ("cap=0", "cap must be given only with admission = 'rate-limited'; got 0"),
    ("arrivals=bursty", "arrivals must be one of saturated, deterministic, poisson; got 'bursty'"),
    ("b0=-1", "b0, b1 must be given together; got 'only one of them'"),
])
def test_bad_keys(override, message):
    with pytest.raises(ParameterError, match="^" + message.replace("(", r"\(").replace(")", r"\)") + "$"):
        build_config("default", [override])


def test_cli_bad_cap_exit_2(tmp_path):
    result = CliRunner().invoke(app, ["experiment", "--set", "admission=rate-limited", "--set", "cap=-2",
                                      "--out", str(tmp_path)])
    assert result.exit_code == 2
    assert result.stderr.strip() == "error: cap must be > 0; got -2"
    assert not any(tmp_path.iterdir())


def test_cli_rate_limited_json(tmp_path):
    result = CliRunner().invoke(app, ["experiment", "--set", "admission=rate-limited", "--set", "steps=40",
                                      "--out", str(tmp_path), "--json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    config = json.loads((tmp_path / doc["run_folder"].split("/")[-1] / "config.json").read_text())
    assert config["parameters"]["admission"] == "rate-limited"
    assert config["parameters"]["cap"] == "5"                      # a* of the default setting
    assert doc["summary"]["throughput_loss"] == pytest.approx(0, abs=1e-9)
