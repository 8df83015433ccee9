"""``coupling-sym experiment`` through Typer's CliRunner."""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from coupling_sym.cli import app

runner = CliRunner()


def test_experiment_writes_a_run_folder_and_prints_the_summary(tmp_path):
    result = runner.invoke(app, ["experiment", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    folders = list(tmp_path.iterdir())
    assert len(folders) == 1
    assert f"run folder              {folders[0]}" in result.stdout
    assert "first divergence        batch 1" in result.stdout
    assert "last eviction           batch 1" in result.stdout
    assert (folders[0] / "comparison.png").stat().st_size > 0
    # By hand: P_l0 = (l0+1) x^2 + (l0+2) x + (l0+3)/2 has complex roots (discriminant
    # -l0^2 - 4 l0 - 2 < 0) of squared modulus (l0+3) / (2 (l0+1)): sqrt(3)/2 at l0 = 3,
    # exactly 1 at l0 = 1 and below 1 for every l0 > 1, so l0* = 2.
    assert "P_l0 (certified)        stable, rho = 0.866025; l0* = 2" in result.stdout
    document = json.loads((folders[0] / "config.json").read_text())
    assert document["derived"]["stability"]["critical_l0"] == 2
    assert document["derived"]["stability"]["rho_digits"].startswith("0.8660254037844386467637")
    assert document["convergence"]["verdict"] == "stable"
    assert sorted(p.name for p in (folders[0] / "modal").iterdir()) == ["modes.csv", "prediction.png"]


def test_second_run_never_overwrites(tmp_path):
    for _ in range(2):
        assert runner.invoke(app, ["experiment", "--out", str(tmp_path), "--set", "steps=3"]).exit_code == 0
    assert len(list(tmp_path.iterdir())) == 2


def test_json_summary(tmp_path):
    result = runner.invoke(app, ["experiment", "-c", "non-coprime", "--set", "steps=20", "--out", str(tmp_path), "--json"])
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    assert document["summary"]["steps"] == 20
    assert document["run_folder"].startswith(str(tmp_path))


def test_config_file_by_path(tmp_path):
    path = tmp_path / "k3.toml"
    path.write_text("l0 = 4\nlengths = [1, 2, 4]\nrates = [1, 1, 1]\nB = 50\nsteps = 10\n")
    result = runner.invoke(app, ["experiment", "--config", str(path), "--out", str(tmp_path / "runs")])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("args, message", [
    (["--set", "l0=2.5"], "error: l0 must be a non-negative integer; got 2.5"),
    (["--set", "l0=-1"], "error: l0 must be a non-negative integer; got -1"),
    (["--set", "l_B=0"], "error: l_B must be a positive integer; got 0"),
    (["--set", "lambda_A=0"], "error: lambda_A must be > 0; got 0"),
    (["--set", "B=0"], "error: B must be > 0; got 0"),
    (["--set", "steps=0"], "error: steps must be a positive integer; got 0"),
    (["--set", "colour=red"], "error: --set key must be one of"),
    (["--set", "policy=lifo"], "error: policy must be one of least-progress, proportional; got 'lifo'"),
    (["--set", "init=half"], "error: init must be one of stage0, one-per-stage, explicit; got 'half'"),
    (["--set", "init=explicit", "--set", "X0=[[1], [1, 1, 1]]"], "error: X0[0] (type A) must be a list of l_A = 2 counts"),
    (["--set", "init=explicit", "--set", "X0=[[1, -1], [1, 1, 1]]"], "error: X0[0][1] must be a non-negative count; got -1"),
    (["--set", "init=explicit", "--set", "X0=[[9, 9], [9, 9, 9]]"], "error: X0 must be a state holding at most B = 60 tokens"),
    (["--config", "nosuch"], "error: config must be a shipped config (default, "),
    (["--set", "steps=100000000000"], "error: steps must be at most 10000000 for K = 2, L = 3"),
])
def test_bad_input_one_line_exit_2_no_folder(tmp_path, args, message):
    out = tmp_path / "runs"
    result = runner.invoke(app, ["experiment", "--out", str(out), *args])
    assert result.exit_code == 2
    assert result.stderr.startswith(message)
    assert result.stderr.count("\n") == 1
    assert not out.exists()


def test_out_below_a_file_is_one_line_exit_2(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = runner.invoke(app, ["experiment", "--out", str(blocker / "runs"), "--set", "steps=2"])
    assert result.exit_code == 2
    assert result.stderr.startswith("error: --out must be a folder that can be created and written")
    assert result.stderr.count("\n") == 1


def test_experiment_reports_the_convergence_certificate(tmp_path):
    result = runner.invoke(app, ["experiment", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    # the default run evicts only on the way into batch 1 (stage0 start fills B with stage 0)
    assert "convergence             certified from batch 1 (no eviction can recur" in result.stdout
    folder = next(tmp_path.iterdir())
    certificate = json.loads((folder / "config.json").read_text())["convergence"]["certificate"]
    assert certificate["label"] == "certified from batch 1" and certificate["start"] == 1
    # l0 = 1: P_1 = 2z^2 + 3z + 2 has roots of modulus 1 (product 1, by hand): nothing decays
    below = runner.invoke(app, ["experiment", "--out", str(tmp_path), "--set", "l0=1", "--json"])
    assert below.exit_code == 0, below.output
    document = json.loads(below.stdout)
    assert document["convergence"]["label"] == "not certified"
    assert "on-circle" in document["convergence"]["reason"]


def test_summary_prints_the_final_gap_and_the_figures_to_open(tmp_path):
    import csv

    result = runner.invoke(app, ["experiment", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    folder = Path(next(line for line in lines if line.startswith("run folder")).split(None, 2)[2])
    figures = next(line for line in lines if line.startswith("figures to open")).split(None, 3)[3].split(", ")
    assert sorted(figures) == sorted(str(path) for path in folder.rglob("*.png"))
    gap = next(line for line in lines if line.startswith("final gap to a*"))
    with (folder / "trajectory.csv").open() as handle:
        last = list(csv.DictReader(handle))[-1]
    # a* = 5 (MODEL.md default); the relative gaps of the last CSV row, as printed (4 digits)
    simulation = abs(float(last["sim_admission"]) - 5) / 5
    theory = abs(float(last["theory_admission"]) - 5) / 5
    assert gap.startswith(f"final gap to a*         {simulation:.3e} (simulation), {theory:.3e} (theory)")
    # the run's certified bound |a_t - a*| <= C r^(t - 2), printed as C = 5.31, r = 0.866025
    # (so C < 5.315, r < 0.8660255), at t = 50 and relative to a* = 5
    assert simulation <= 5.315 * 0.8660255 ** 48 / 5
