"""What instability costs, in the experiment: one type end to end, CSV columns, summary."""

import csv
import json
from fractions import Fraction as F

import pytest
from typer.testing import CliRunner

from coupling_sym.cli import app
from coupling_sym.config import build_config
from coupling_sym.experiment import create_run_folder, run_experiment, write_run

runner = CliRunner()
COST_COLUMNS = ["theory_completions", "sim_completions", "sim_evicted_tokens", "sim_discarded_output"]


@pytest.mark.parametrize("name, l0, l1, B", [("one-type-spiral", 2, 3, 24), ("one-type-perturbed", 2, 4, 48)])
def test_shipped_one_type_configs_fall_into_the_worst_cycle(name, l0, l1, B):
    result = run_experiment(build_config(name), exact=True)
    costs = result.costs
    # the worst cycle has period l1, l1 - 1 empty stages and throughput B / (l1 (l0 + l1))
    assert (costs.cycle.period, costs.cycle.level) == (l1, l1 - 1)
    assert costs.throughput == F(B, l1 * (l0 + l1))
    # x* = 2 B / (l1 (2 l0 + l1 + 1)); the loss is 1 - throughput / x*
    assert costs.throughput_loss == 1 - F(B, l1 * (l0 + l1)) / F(2 * B, l1 * (2 * l0 + l1 + 1))
    assert result.summary.cycle == costs.cycle.as_dict()
    assert result.summary.throughput == float(costs.throughput)


def test_run_folder_has_the_cost_columns_and_summary(tmp_path):
    result = run_experiment(build_config("one-type-spiral"))
    folder = create_run_folder(tmp_path)
    write_run(result, folder)
    with (folder / "trajectory.csv").open() as handle:
        rows = list(csv.reader(handle))
    header = rows[0]
    assert header[-4:] == COST_COLUMNS and header[:6] == ["batch", "theory_admission", "sim_admission",
                                                          "sim_eviction_total", "sim_eviction_stage0",
                                                          "sim_eviction_stage1"]
    records = [dict(zip(header, map(float, row))) for row in rows[1:]]
    # batch 1 completes the 17/10 requests of stage 2 in both trajectories (no eviction yet);
    # the float simulation holds tokens per cohort and rebuilds counts as tokens / footprint,
    # one rounding each way
    for column in ("sim_completions", "theory_completions"):
        assert records[1][column] == pytest.approx(1.7, rel=2 * 2.0 ** -52)
    for record in records:
        # an evicted request from stage s held 3 + s tokens and had s + 1 outputs (l0 = 2)
        tokens = 3 * record["sim_eviction_stage0"] + 4 * record["sim_eviction_stage1"]
        outputs = record["sim_eviction_stage0"] + 2 * record["sim_eviction_stage1"]
        assert record["sim_evicted_tokens"] == pytest.approx(tokens, rel=1e-12, abs=1e-12)
        assert record["sim_discarded_output"] == pytest.approx(outputs, rel=1e-12, abs=1e-12)
    summary = json.loads((folder / "config.json").read_text())["summary"]
    assert summary["cycle"]["period"] == 3 and summary["cycle"]["level"] == 2
    assert summary["throughput"] == pytest.approx(1.6, rel=1e-12)
    assert summary["throughput_loss"] == pytest.approx(0.2, rel=1e-10)
    assert summary["total_evicted_tokens"] == pytest.approx(sum(r["sim_evicted_tokens"] for r in records))


def test_cli_prints_and_json_reports_the_cost(tmp_path):
    result = runner.invoke(app, ["experiment", "-c", "one-type-spiral", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "throughput              1.6 per batch (loss 20.0000% of a*)" in result.stdout
    assert "cycle                   period 3, level 2 (empty stages), from batch 16" in result.stdout
    result = runner.invoke(app, ["experiment", "--set", "steps=20", "--out", str(tmp_path), "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)["summary"]
    assert summary["cycle"] is None  # the default run still converges at batch 20
    assert set(summary) >= {"throughput", "throughput_loss", "total_evicted_tokens", "cycle"}


def test_one_type_config_file_with_lengths_and_rates(tmp_path):
    path = tmp_path / "k1.toml"
    path.write_text("l0 = 2\nlengths = [3]\nrates = [1]\nB = 24\nsteps = 30\n")
    result = runner.invoke(app, ["experiment", "-c", str(path), "--out", str(tmp_path / "runs"), "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)["summary"]
    # the stage0 start (B / w_0, 0, 0) is already the worst cycle
    assert summary["cycle"] == {"period": 3, "level": 2, "start_batch": 0, "throughput": pytest.approx(1.6)}
    assert summary["first_divergence"] == 1  # the theory admits a negative amount at once
